"""Supervision in a real browser at a phone's size: a quick reflection in a few taps without a page
reload, and a person using the service answering a feedback request from its link. axe-core finds
no accessibility problems on any page visited."""

import pytest
from playwright.sync_api import Page, expect

from supervision.models import FeedbackResponse, Reflection
from supervision.questions import QUESTIONS
from supervision.tests.factories import FeedbackRequestFactory

pytestmark = pytest.mark.browser


def test_a_quick_reflection_in_a_few_taps_shows_in_my_pattern(page: Page, live_server, staff, sign_in, axe):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/supervision/")
    page.evaluate("window.__notReloaded = true")
    axe()

    page.get_by_label("Did I really listen", exact=False).check()
    page.get_by_label("Did I keep hope alive", exact=False).check()
    page.get_by_label("What went well? (optional)").fill("They chose the next step <b>themselves</b>.")
    page.get_by_role("button", name="Save my reflection").click()

    expect(page.get_by_role("status")).to_contain_text("Your reflection is saved, just for you.")
    expect(page.get_by_label("What went well? (optional)")).to_have_value("")
    assert page.evaluate("window.__notReloaded === true")
    assert Reflection.objects.get().went_well == "They chose the next step <b>themselves</b>."
    axe()

    page.get_by_role("link", name="My pattern").click()
    expect(page.locator("#strengths")).to_contain_text("Listening")
    expect(page.locator("#strengths")).to_contain_text("Keeping hope alive")
    expect(page.locator("#reflections")).to_contain_text("They chose the next step <b>themselves</b>.")
    axe()


def test_a_person_answers_a_feedback_request_from_its_link(page: Page, live_server, staff, axe):
    feedback = FeedbackRequestFactory(worker=staff)
    page.goto(f"{live_server.url}/t/willow-ward/supervision/feedback/answer/{feedback.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your views on working with Sam")
    axe()

    for question in QUESTIONS[:-1]:
        page.get_by_role("group", name=question.text).get_by_label("Mostly").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(QUESTIONS[-1].text)
    axe()

    page.get_by_role("group", name=QUESTIONS[-1].text).get_by_label("I'd rather not say").check()
    page.get_by_label("Anything else you would like to say? (optional)").fill("They never rush me.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-panel")).to_contain_text("Thank you")
    assert FeedbackResponse.objects.get().comment == "They never rush me."
    axe()

    page.goto(f"{live_server.url}/t/willow-ward/supervision/feedback/answer/{feedback.token}/")
    expect(page.locator("main")).to_contain_text("You have already answered from this device.")
