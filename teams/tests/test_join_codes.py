import datetime as dt
import re

import pytest
import qrcode
from django.utils import timezone
from qrcode.image.svg import SvgPathImage

from teams.models import JoinCode, Role
from tests.factories import JoinCodeFactory

CREATE = "/t/willow-ward/members/join-codes/"
REFUSED = ["staff", "service_user", "supporter", "partner"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def detail_url(code) -> str:
    return f"/t/willow-ward/members/join-codes/{code.pk}/"


def qr_url(code) -> str:
    return f"/t/willow-ward/members/join-codes/{code.pk}/qr.svg"


def revoke_url(code) -> str:
    return f"/t/willow-ward/members/join-codes/{code.pk}/revoke/"


# --- creating ---


def test_the_form_suggests_a_code_for_people_using_the_service_for_7_days(client_for, manager):
    html = client_for(manager).get(CREATE).content.decode()
    assert 'value="service_user" checked' in html
    assert 'value="7" checked' in html
    assert 'value="manager"' not in html  # manager rights only come with an email invitation


@pytest.mark.parametrize("days", [1, 7, 30])
def test_a_manager_creates_a_code_and_sees_it(client_for, manager, ward, days):
    response = client_for(manager).post(CREATE, {"role": "supporter", "valid_for": str(days)})
    code = JoinCode.objects.get(team=ward)
    assert response["Location"] == detail_url(code)
    assert code.role == Role.SUPPORTER
    assert code.created_by == manager
    assert code.revoked_at is None
    assert dt.timedelta(days=days, minutes=-1) < code.expires_at - timezone.now() <= dt.timedelta(days=days)
    assert re.fullmatch(r"[A-Z0-9]{8}", code.code)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"role": "manager", "valid_for": "7"}, "A new manager joins by an email invitation instead."),
        ({"role": "service_user", "valid_for": "365"}, "Please choose one of the lengths of time listed."),
        ({"role": "service_user"}, "Please choose how long the code should work."),
    ],
)
def test_bad_choices_are_explained(client_for, manager, data, message):
    response = client_for(manager).post(CREATE, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JoinCode.objects.exists()


def test_creating_is_get_or_post_only(client_for, manager):
    assert client_for(manager).put(CREATE).status_code == 405


def test_creating_needs_sign_in(client, ward):
    assert client.post(CREATE, {"role": "staff", "valid_for": "1"})["Location"].startswith("/sign-in/")


def test_another_teams_manager_cannot_create(client_for, outsider, ward):
    assert client_for(outsider).post(CREATE, {"role": "staff", "valid_for": "1"}).status_code == 404
    assert not JoinCode.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_create_codes(client_for, role, request):
    response = client_for(request.getfixturevalue(role)).post(CREATE, {"role": "staff", "valid_for": "30"})
    assert response.status_code == 403
    assert not JoinCode.objects.exists()


# --- the code page and its QR code ---


def test_the_code_page_shows_the_code_large_and_as_a_qr_code(client_for, manager, ward):
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    html = client_for(manager).get(detail_url(code)).content.decode()
    assert '<p class="app-join-code nhsuk-heading-xl">ABCD-3467</p>' in html
    assert f'src="{qr_url(code)}"' in html
    assert 'alt="QR code that opens the page to join Willow Ward with the code ABCD-3467"' in html
    assert "http://127.0.0.1:8000/join/?code=ABCD3467" in html
    assert "Role for people who join with it: Person using the service." in html


def test_the_qr_code_carries_the_full_join_link(client_for, manager, ward, settings):
    settings.SITE_URL = "https://recovery.example.test"
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    response = client_for(manager).get(qr_url(code))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg")
    # The same link encoded independently draws the very same squares.
    expected = qrcode.make("https://recovery.example.test/join/?code=ABCD3467", image_factory=SvgPathImage)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    assert path == re.search(r' d="([^"]+)"', expected.to_string(encoding="unicode")).group(1)


def test_a_switched_off_code_shows_no_qr_code(client_for, manager, ward):
    code = JoinCodeFactory(team=ward)
    code.revoke()
    client = client_for(manager)
    html = client.get(detail_url(code)).content.decode()
    assert "This code no longer works: it was switched off" in html
    assert "qr.svg" not in html
    assert client.get(qr_url(code)).status_code == 404


def test_a_code_that_ran_out_says_so(client_for, manager, ward):
    code = JoinCodeFactory(team=ward, expires_at=timezone.now() - dt.timedelta(hours=1))
    assert (
        "This code no longer works: it ran out" in client_for(manager).get(detail_url(code)).content.decode()
    )


@pytest.mark.parametrize("url", [detail_url, qr_url])
def test_code_pages_are_read_only(client_for, manager, ward, url):
    assert client_for(manager).post(url(JoinCodeFactory(team=ward))).status_code == 405


@pytest.mark.parametrize("url", [detail_url, qr_url])
def test_code_pages_need_sign_in(client, ward, url):
    assert client.get(url(JoinCodeFactory(team=ward)))["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("url", [detail_url, qr_url, revoke_url])
def test_another_teams_codes_are_not_found(client_for, manager, outsider, ward, url):
    method = "post" if url is revoke_url else "get"
    theirs = JoinCodeFactory(team=outsider.team)
    assert getattr(client_for(manager), method)(url(theirs)).status_code == 404
    ours = JoinCodeFactory(team=ward)
    assert getattr(client_for(outsider), method)(url(ours)).status_code == 404
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.is_usable and ours.is_usable


@pytest.mark.parametrize("url", [detail_url, qr_url])
@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_see_codes(client_for, ward, role, request, url):
    assert client_for(request.getfixturevalue(role)).get(url(JoinCodeFactory(team=ward))).status_code == 403


# --- switching a code off ---


def test_a_manager_switches_a_code_off(client_for, manager, ward):
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    response = client_for(manager).post(revoke_url(code), follow=True)
    assert "The code ABCD-3467 is switched off" in response.content.decode()
    code.refresh_from_db()
    assert code.revoked_at is not None


def test_switching_off_with_htmx_returns_the_refreshed_list(client_for, manager, ward):
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    other = JoinCodeFactory(team=ward, code="WXYZ7896")
    response = client_for(manager).post(revoke_url(code), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="join-codes">')
    assert "<html" not in html
    assert "The code ABCD-3467 is switched off" in html
    assert "WXYZ-7896" in html
    assert f'href="{detail_url(code)}"' not in html
    assert f'href="{detail_url(other)}"' in html


def test_switching_off_twice_is_harmless(client_for, manager, ward):
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    client = client_for(manager)
    client.post(revoke_url(code))
    revoked_at = JoinCode.objects.get().revoked_at
    response = client.post(revoke_url(code), follow=True)
    assert "The code ABCD-3467 was already switched off" in response.content.decode()
    assert JoinCode.objects.get().revoked_at == revoked_at


def test_switching_off_is_post_only(client_for, manager, ward):
    assert client_for(manager).get(revoke_url(JoinCodeFactory(team=ward))).status_code == 405


def test_switching_off_needs_sign_in(client, ward):
    assert client.post(revoke_url(JoinCodeFactory(team=ward)))["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_switch_codes_off(client_for, ward, role, request):
    code = JoinCodeFactory(team=ward)
    assert client_for(request.getfixturevalue(role)).post(revoke_url(code)).status_code == 403
    code.refresh_from_db()
    assert code.is_usable
