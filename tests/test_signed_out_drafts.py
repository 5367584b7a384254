"""A sign-in runs out after 30 idle minutes on a shared ward computer. What a person was saving
then is kept and handed back to them, and only to them, once they have signed in again."""

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from successes.models import Success, ThankYou
from supervision.models import Reflection, SessionTip, SupervisionSession
from supervision.tests.factories import SupervisionSessionFactory
from teams.models import Role
from tests.factories import MembershipFactory
from trip.models import Action, BenchmarkRating, Priority, ProgressUpdate, Statement
from trip.tests.factories import BenchmarkRoundFactory, CycleFactory, PriorityFactory, StatementFactory

PASSWORD = "a-good-long-password"
HANDOVER = "/t/willow-ward/handover/"
WORDS = "Jo chose the film for movie night and everyone joined in."


def signed_in(member) -> Client:
    client = Client()
    assert (
        client.post("/sign-in/", {"username": member.user.username, "password": PASSWORD}).status_code == 302
    )
    assert client.get(HANDOVER).status_code == 200
    return client


def sign_in_runs_out(client: Client) -> None:
    """What 30 idle minutes do: the server forgets the session; the browser keeps its cookies."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).delete()


def save_handover(client: Client, **headers):
    data = {"text": WORDS, "shift": "early"}
    return client.post(HANDOVER, data, **headers)


def test_an_htmx_save_after_the_sign_in_ran_out_keeps_the_words_for_after_sign_in(staff):
    client = signed_in(staff)
    sign_in_runs_out(client)

    response = save_handover(
        client, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{HANDOVER}"
    )
    assert response["HX-Redirect"] == f"/sign-in/?next={HANDOVER}"
    assert not Success.objects.exists()

    sign_in_page = client.get(response["HX-Redirect"]).content.decode()
    assert "What you typed is kept: sign in again and it will be waiting for you." in sign_in_page

    back = client.post(
        "/sign-in/", {"username": staff.user.username, "password": PASSWORD, "next": HANDOVER}, follow=True
    )
    page = back.content.decode()
    assert back.redirect_chain[-1][0] == HANDOVER
    assert WORDS in page
    assert "Welcome back. What you typed is here as you left it: check it, then save it." in page
    assert not Success.objects.exists()  # handed back to check, not saved behind their back

    assert WORDS not in client.get(HANDOVER).content.decode()  # handed back once
    save_handover(client)
    assert list(Success.objects.values_list("text", flat=True)) == [WORDS]


def test_a_plain_form_after_the_sign_in_ran_out_goes_back_to_its_page_with_the_words(staff):
    client = signed_in(staff)
    sign_in_runs_out(client)
    response = save_handover(client, HTTP_REFERER=f"http://testserver{HANDOVER}?shift=early")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/t/willow-ward/handover/%3Fshift%3Dearly"
    page = client.post(
        "/sign-in/",
        {"username": staff.user.username, "password": PASSWORD, "next": f"{HANDOVER}?shift=early"},
        follow=True,
    ).content.decode()
    assert WORDS in page


def test_attack_the_next_person_at_a_shared_computer_never_sees_the_words(staff, colleague):
    client = signed_in(staff)
    sign_in_runs_out(client)
    save_handover(client, HTTP_REFERER=f"http://testserver{HANDOVER}")

    page = client.post(
        "/sign-in/",
        {"username": colleague.user.username, "password": PASSWORD, "next": HANDOVER},
        follow=True,
    ).content.decode()
    assert WORDS not in page and "Welcome back. What you typed" not in page
    client.post("/sign-out/")
    # Nor does the writer, coming back after someone else signed in: the draft went then.
    page = client.post(
        "/sign-in/", {"username": staff.user.username, "password": PASSWORD, "next": HANDOVER}, follow=True
    ).content.decode()
    assert WORDS not in page


@pytest.mark.parametrize("who_was_signed_in", [None, "forged"])
def test_attack_a_browser_nobody_signed_in_on_keeps_nothing(staff, who_was_signed_in):
    """A post from a browser with no one's sign-in behind it, or with a made-up cookie saying who
    was, is not kept for anyone."""
    client = Client()
    if who_was_signed_in == "forged":
        client.cookies["signed_in_as"] = str(staff.user.pk)
    save_handover(client)
    page = client.post(
        "/sign-in/", {"username": staff.user.username, "password": PASSWORD, "next": HANDOVER}, follow=True
    ).content.decode()
    assert WORDS not in page


@pytest.mark.parametrize(
    ("address", "page", "data", "typed"),
    [
        (
            "/t/willow-ward/thank-you/",
            "/t/willow-ward/thank-you/",
            {"message": "Thank you for staying late with me."},
            "Thank you for staying late with me.",
        ),
        (
            "/t/willow-ward/supervision/reflections/new/",
            "/t/willow-ward/supervision/",
            {"went_well": "I listened first and it helped."},
            "I listened first and it helped.",
        ),
    ],
)
def test_a_thank_you_and_a_quick_reflection_are_kept_too(staff, address, page, data, typed):
    client = signed_in(staff)
    assert client.get(page).status_code == 200
    sign_in_runs_out(client)
    client.post(address, data, HTTP_REFERER=f"http://testserver{page}")
    back = client.post(
        "/sign-in/", {"username": staff.user.username, "password": PASSWORD, "next": page}, follow=True
    ).content.decode()
    assert typed in back
    assert not ThankYou.objects.exists() and not Reflection.objects.exists()


def test_a_background_part_asked_for_after_the_sign_in_ran_out_leaves_the_page_alone(staff):
    client = signed_in(staff)
    sign_in_runs_out(client)
    response = client.get(HANDOVER, HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert response["HX-Reswap"] == "none"


def test_signing_out_forgets_who_was_signed_in(staff):
    client = signed_in(staff)
    assert "signed_in_as" in client.cookies
    client.post("/sign-out/")
    assert client.cookies["signed_in_as"].value == ""


def sign_in_again(client: Client, member, page: str) -> str:
    return client.post(
        "/sign-in/", {"username": member.user.username, "password": PASSWORD, "next": page}, follow=True
    ).content.decode()


# Each form where people write at length: (who writes, who else may open the page), where its
# page is and where it posts, what they typed, and where it would be if it had been saved.


def _preparation(staff, colleague):
    session = SupervisionSessionFactory(supervisor=colleague, supervisee=staff, preparation="")
    page = reverse("supervision:session_prepare", kwargs={"team": "willow-ward", "pk": session.pk})
    typed = "I would like to talk about the night Jo could not sleep."
    saved = SupervisionSession.objects.filter(preparation=typed)
    return page, page, {"preparation": typed}, typed, saved


def _write_up(staff, colleague):
    session = SupervisionSessionFactory(supervisor=colleague, supervisee=staff, tips=["listen"])
    page = reverse("supervision:session_record", kwargs={"team": "willow-ward", "pk": session.pk})
    typed = "Sam let the silence sit, and Jo said what was really wrong."
    data = {"listen-went_well": typed, "listen-was_hard": "", "listen-try_next": "", "agreed_goals": ""}
    saved = SessionTip.objects.filter(went_well=typed)
    return page, page, data, typed, saved


def _priority(staff, colleague):
    cycle = CycleFactory(team=staff.team)
    page = reverse("trip:priority_new", kwargs={"team": "willow-ward", "pk": cycle.pk})
    typed = "Ask people what they want the ward to smell like, and change the cleaning to suit."
    saved = Priority.objects
    return page, page, {"title": "A ward that smells of home", "change": typed}, typed, saved


def _priority_edit(staff, colleague):
    priority = PriorityFactory(cycle=CycleFactory(team=staff.team), proposed_by=staff, title="Smells")
    page = reverse("trip:priority_edit", kwargs={"team": "willow-ward", "pk": priority.pk})
    typed = "Ask people what they want the ward to smell like, and change the cleaning to suit."
    saved = Priority.objects.filter(change=typed)
    return page, page, {"title": "A ward that smells of home", "change": typed}, typed, saved


def _led_priority(staff):
    """A chosen priority that Sam co-leads, so Sam writes its plan."""
    service_user = MembershipFactory(team=staff.team, role=Role.SERVICE_USER)
    return PriorityFactory(
        cycle=CycleFactory(team=staff.team), staff_lead=staff, service_user_lead=service_user, status="active"
    )


def _action(staff, colleague):
    priority = _led_priority(staff)
    page = reverse("trip:priority", kwargs={"team": "willow-ward", "pk": priority.pk})
    address = reverse("trip:action_new", kwargs={"team": "willow-ward", "pk": priority.pk})
    typed = "Ask the cleaning team which products have no smell"
    data = {"action-text": typed, "action-owner": str(staff.pk), "action-due_on": "2031-06-01"}
    saved = Action.objects
    return page, address, data, typed, saved


def _update(staff, colleague):
    priority = _led_priority(staff)
    page = reverse("trip:priority", kwargs={"team": "willow-ward", "pk": priority.pk})
    address = reverse("trip:update_new", kwargs={"team": "willow-ward", "pk": priority.pk})
    typed = "We tried the new soap on Tuesday and two people said it felt like home."
    saved = ProgressUpdate.objects
    return page, address, {"update-text": typed}, typed, saved


def _rating_notes(staff, colleague):
    StatementFactory(team=staff.team)  # at least one statement, whatever the library holds
    found = BenchmarkRoundFactory(cycle=CycleFactory(team=staff.team))
    first = Statement.objects.in_use_by(staff.team).in_theme_order()[0]
    page = reverse("trip:round_step", kwargs={"team": "willow-ward", "pk": found.pk, "n": 1})
    typed = "We ask about hobbies at every first meeting now."
    data = {f"s{first.pk}-answer": "3", f"s{first.pk}-achieved": typed, f"s{first.pk}-next_step": ""}
    saved = BenchmarkRating.objects
    return page, page, data, typed, saved


LONG_FORMS = pytest.mark.parametrize(
    "form",
    [_preparation, _write_up, _priority, _priority_edit, _action, _update, _rating_notes],
    ids=lambda f: f.__name__[1:],
)


@LONG_FORMS
def test_longer_writing_is_kept_and_handed_back_on_its_page(staff, colleague, form):
    page, address, data, typed, saved = form(staff, colleague)
    client = signed_in(staff)
    assert client.get(page).status_code == 200
    sign_in_runs_out(client)

    response = client.post(
        address, data, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{page}"
    )
    assert response["HX-Redirect"] == f"/sign-in/?next={page}"
    back = sign_in_again(client, staff, page)
    assert typed in back
    assert "Welcome back. What you typed is here as you left it: check it, then save it." in back
    assert "data-kept-draft" in back  # so the page can take the notice away once it is saved
    assert not saved.exists()  # handed back to check, not saved behind their back
    assert typed not in client.get(page).content.decode()  # handed back once


@LONG_FORMS
def test_attack_longer_writing_is_never_shown_to_the_next_person(staff, colleague, manager, form):
    page, address, data, typed, saved = form(staff, colleague)
    client = signed_in(staff)
    sign_in_runs_out(client)
    client.post(address, data, HTTP_REFERER=f"http://testserver{page}")

    # Whoever else may open the page (the other person in a supervision, the team's manager)...
    for other in (colleague, manager):
        page_seen = sign_in_again(client, other, page)
        assert typed not in page_seen and "Welcome back. What you typed" not in page_seen
        client.post("/sign-out/")
    # ...and the writer neither, once someone else has signed in on this browser.
    assert typed not in sign_in_again(client, staff, page)
    assert not saved.exists()
