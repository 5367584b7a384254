"""Supervision in a real browser at a phone's size: a quick reflection in a few taps without a page
reload, and a person using the service answering a feedback request with the code on their card.
axe-core finds no accessibility problems on any page visited."""

import pytest
from playwright.sync_api import Page, expect

from supervision.models import FeedbackResponse, Reflection
from supervision.questions import QUESTIONS
from supervision.tests.factories import FeedbackCardFactory, FeedbackRequestFactory

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


def test_a_person_answers_a_feedback_request_with_the_code_on_their_card(page: Page, live_server, staff, axe):
    card = FeedbackCardFactory(request=FeedbackRequestFactory(worker=staff))
    page.goto(f"{live_server.url}/t/willow-ward/supervision/feedback/answer/")
    axe()
    page.get_by_label("The code on your card").fill(f"{card.code[:4].lower()} {card.code[4:]}")
    page.get_by_role("button", name="Continue").click()
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

    page.goto(f"{live_server.url}/t/willow-ward/supervision/feedback/answer/{card.code}/")
    expect(page.locator("main")).to_contain_text("This card has already been used to answer.")


def test_a_manager_prints_feedback_cards(page: Page, live_server, manager, staff, sign_in, axe):
    FeedbackRequestFactory(worker=staff)
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/supervision/")
    page.get_by_role("link", name="Feedback cards to hand out").click()
    axe()
    page.get_by_role("link", name="Cards for Sam").click()
    page.get_by_label("How many cards?").fill("2")
    page.get_by_role("button", name="Make cards").click()
    expect(page.locator("#cards li")).to_have_count(2)
    expect(page.locator("#cards img").first).to_have_attribute(
        "alt", "QR code that opens the questions about working with Sam"
    )
    axe()
