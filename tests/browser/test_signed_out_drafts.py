"""A sign-in that runs out while someone is typing, in a real browser: their save sends them to
sign in, and once they have, their words are back in the box, unsaved until they save again."""

from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from successes.models import Success
from supervision.models import Reflection
from supervision.tests.factories import SupervisionSessionFactory
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser

KEPT = "What you typed is kept: sign in again and it will be waiting for you."
WELCOME_BACK = "Welcome back. What you typed is here as you left it: check it, then save it."


def sign_in_runs_out(page: Page) -> None:
    """What 30 idle minutes do: the server forgets the session; the browser keeps its cookies."""
    (session_key,) = [c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()


def sign_in_again_here(page: Page, member) -> None:
    """On the sign-in page the save led to, which knows the page to go back to."""
    page.get_by_label("Email address or sign-in name").fill(member.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_story_typed_as_the_sign_in_ran_out_is_back_in_the_box_after_signing_in(
    page: Page, live_server, staff, sign_in, axe
):
    handover = f"{live_server.url}/t/willow-ward/handover/"
    story = "Jo chose the film for movie night and everyone joined in."
    sign_in(staff)
    page.goto(handover)
    page.get_by_label("What went well on this shift?").fill(story)

    sign_in_runs_out(page)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/sign-in/?next=/t/willow-ward/handover/")
    expect(page.get_by_role("status")).to_contain_text(KEPT)
    axe()
    assert not Success.objects.exists()

    sign_in_again_here(page, staff)

    expect(page).to_have_url(handover)
    expect(page.get_by_text(WELCOME_BACK)).to_be_visible()
    expect(page.get_by_label("What went well on this shift?")).to_have_value(story)
    axe()
    assert not Success.objects.exists()  # handed back to check, never saved behind their back

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#handover-form").get_by_role("status")).to_contain_text(
        "Saved. Thank you for sharing what went well."
    )
    expect(page.locator("#round")).to_contain_text(story)
    expect(page.get_by_text(WELCOME_BACK)).to_have_count(0)  # its work is done once it is saved
    assert list(Success.objects.values_list("text", flat=True)) == [story]


def test_a_quick_reflection_typed_as_the_sign_in_ran_out_comes_back_to_its_author_alone(
    page: Page, live_server, staff, colleague, sign_in, axe
):
    supervision = f"{live_server.url}/t/willow-ward/supervision/"
    words = "I listened first and it helped."
    sign_in(staff)
    page.goto(supervision)
    page.get_by_label("What went well? (optional)").fill(words)
    sign_in_runs_out(page)
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("status")).to_contain_text(KEPT)

    # Someone else at the same computer signs in: the reflection is not theirs to see.
    sign_in_again_here(page, colleague)
    expect(page).to_have_url(supervision)
    expect(page.get_by_label("What went well? (optional)")).to_have_value("")
    expect(page.get_by_text(WELCOME_BACK)).to_have_count(0)
    axe()
    assert not Reflection.objects.exists()


def test_preparation_notes_typed_as_the_sign_in_ran_out_are_back_on_their_page(
    page: Page, live_server, staff, colleague, sign_in, axe
):
    session = SupervisionSessionFactory(supervisor=colleague, supervisee=staff, preparation="")
    prepare = f"{live_server.url}/t/willow-ward/supervision/sessions/{session.pk}/prepare/"
    notes = "I would like to talk about the night Jo could not sleep."
    sign_in(staff)
    page.goto(prepare)
    page.get_by_label("My preparation notes").fill(notes)
    sign_in_runs_out(page)
    page.get_by_role("button", name="Save my notes").click()
    expect(page.get_by_role("status")).to_contain_text(KEPT)

    sign_in_again_here(page, staff)
    expect(page).to_have_url(prepare)
    expect(page.get_by_label("My preparation notes")).to_have_value(notes)
    axe()
    session.refresh_from_db()
    assert session.preparation == ""

    page.get_by_role("button", name="Save my notes").click()
    expect(page.locator("#preparation-form").get_by_role("status")).to_contain_text(
        "Your preparation notes are saved."
    )
    session.refresh_from_db()
    assert session.preparation == notes
