"""Every page's skip link, header and footer are written out in plain markup (templates/base.jinja,
_header.jinja, _footer.jinja) rather than built by the NHS.UK macros on each request: they must
stay exactly what the design system's own macros make from the same menu."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse

from recovery_culture.lib.layout import navigation
from teams.models import Role
from tests.factories import MembershipFactory


def _tags(html: str) -> str:
    """Markup with the whitespace between tags taken out, and the CSRF token (new every render)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _render(source: str, request, **context) -> str:
    return engines["jinja2"].from_string(source).render(context, request)


def _nhs_header(request, member, nav) -> str:
    """The header as the NHS.UK `header` macro makes it, from the same facts."""
    items = [vars(item) for item in navigation(member, nav)]
    return _render(
        """{% from "nhsuk/components/header/macro.jinja" import header %}
        {% if request.user.is_authenticated %}
          {% set sign_out %}
            <form class="nhsuk-header__account-form" action="{{ url('logout') }}" method="post">
              {{ csrf_input }}<button class="nhsuk-header__account-button">Sign out</button>
            </form>
          {% endset %}
          {% set name = request.user.display_name or request.user.username %}
          {% set account = [{"text": name, "icon": true}, {"html": sign_out}] %}
        {% else %}
          {% set account = [{"href": url("login"), "text": "Sign in"}] %}
        {% endif %}
        {{ header({
          "service": {"text": "Recovery Culture", "href": url("home")},
          "organisation": {"name": member.team.name} if member else undefined,
          "account": {"items": account},
          "navigation": {"items": items} if items else undefined,
        }) }}""",
        request,
        member=member,
        nav=nav,
        items=items,
    )


def _ours(request, member, nav) -> str:
    return _render('{% include "_header.jinja" %}', request, member=member, nav=nav)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "nav"),
    [
        (Role.MANAGER, "members"),
        (Role.STAFF, "handover"),
        (Role.SERVICE_USER, "trip"),
        (Role.SUPPORTER, None),
        (Role.PARTNER, "settings"),
    ],
)
def test_the_header_is_the_nhs_header_for_every_role(role, nav):
    member = MembershipFactory(role=role, team__name="Willow <Ward> & Friends")
    request = _request(member.user)
    ours = _ours(request, member, nav)
    assert _tags(ours) == _tags(_nhs_header(request, member, nav))
    assert "Willow &lt;Ward&gt; &amp; Friends" in ours  # a team's name is text, never markup


@pytest.mark.django_db
def test_the_header_is_the_nhs_header_signed_in_outside_a_team(staff):
    request = _request(staff.user)
    assert _tags(_ours(request, None, None)) == _tags(_nhs_header(request, None, None))


def test_the_header_is_the_nhs_header_signed_out():
    request = _request(AnonymousUser())
    ours = _ours(request, None, None)
    assert "Sign in" in ours and "nhsuk-header__navigation" not in ours
    assert _tags(ours) == _tags(_nhs_header(request, None, None))


def test_the_footer_is_the_nhs_footer():
    request = _request(AnonymousUser())
    nhs = _render(
        """{% from "nhsuk/components/footer/macro.jinja" import footer %}{{ footer({
          "meta": {"items": [{"href": url("home"), "text": "Your teams"}]},
          "copyright": {"text": "Recovery Culture"},
        }) }}""",
        request,
    )
    assert _tags(_render('{% include "_footer.jinja" %}', request)) == _tags(nhs)


@pytest.mark.django_db
def test_the_skip_link_is_the_nhs_skip_link(client):
    nhs = _render(
        """{% from "nhsuk/components/skip-link/macro.jinja" import skipLink %}
        {{ skipLink({"href": "#maincontent", "text": "Skip to main content"}) }}""",
        _request(AnonymousUser()),
    )
    page = client.get(reverse("login")).content.decode()
    assert page.count("nhsuk-skip-link") == 2  # its class and its module, once
    assert _tags(nhs) in _tags(page)


@pytest.mark.django_db
def test_the_menu_follows_the_role():
    staff_menu = [item.text for item in navigation(MembershipFactory(role=Role.STAFF), "wall")]
    assert staff_menu == [
        "Handover",
        "The wall",
        "Say thank you",
        "TRIP",
        "Supervision",
        "Dashboard",
        "My settings",
    ]
    person = MembershipFactory(role=Role.SERVICE_USER)
    assert [(item.text, item.current) for item in navigation(person, "trip")] == [
        ("The wall", False),
        ("Say thank you", False),
        ("TRIP", True),
        ("My settings", False),
    ]


def test_a_page_masks_its_csrf_token_once_and_the_server_takes_it_in_a_form_or_from_htmx(staff):
    # Django's Jinja2 backend masked the token anew at each use; recovery_culture.jinja2.csrf_once
    # masks it once a page. Each form of it must still be accepted.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff.user, backend="teams.backends.EmailOrUsernameBackend")
    handover = reverse("successes:handover", kwargs={"team": staff.team.slug})
    html = browser.get(handover).content.decode()
    fields = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    header = re.search(r"X-CSRFToken&#34;: &#34;([^&]+)&#34;", html).group(1)
    assert len(fields) == 2  # signing out, and saving at handover
    assert len(set(fields)) == 1
    entry = {"shift": "early", "text": "Jo found the key to the garden."}

    assert browser.post(handover, {**entry, "csrfmiddlewaretoken": fields[0]}).status_code == 302
    assert (
        browser.post(handover, entry, headers={"HX-Request": "true", "X-CSRFToken": header}).status_code
        == 200
    )
    assert browser.post(handover, entry).status_code == 403
    assert browser.post(handover, {**entry, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
