"""A sign-in runs out after 30 idle minutes on a shared ward computer. What a person was saving
then is kept and handed back to them, and only to them, once they have signed in again."""

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from successes.models import Success, ThankYou
from supervision.models import Reflection

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
