"""Leading recovery in a real browser at a phone's size: a person with a card and no account tells
a leader how the team is led; the leader reflects on the month, listens and reads the results.
axe-core finds no accessibility problems on any page visited."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from supervision import services
from supervision.leading import BEHAVIOURS, PULSE_QUESTIONS, PULSE_SLUGS
from supervision.models import FeedbackResponse, LeadershipReflection
from supervision.tests.factories import FeedbackCardFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def window(manager):
    return services.listening_window_open(
        leader=manager, closes_on=timezone.localdate() + dt.timedelta(days=14)
    )


def test_a_person_with_a_card_and_no_account_answers_the_pulse(page: Page, live_server, window, axe):
    card = FeedbackCardFactory(request=window)
    page.goto(f"{live_server.url}/t/willow-ward/supervision/feedback/answer/")
    axe()
    page.get_by_label("The code on your card").fill(card.code.lower())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How Maya leads the team")
    axe()

    for question in PULSE_QUESTIONS[:-1]:
        page.get_by_role("group", name=question.text).get_by_label("Mostly").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(PULSE_QUESTIONS[-1].text)
    axe()

    page.get_by_role("group", name=PULSE_QUESTIONS[-1].text).get_by_label("I'd rather not say").check()
    page.get_by_label("Anything else you would like to say? (optional)").fill("Maya asks us first.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-panel")).to_contain_text("Thank you")
    assert FeedbackResponse.objects.get(request=window).comment == "Maya asks us first."
    axe()


def test_a_leader_reflects_listens_and_reads_what_the_team_said(
    page: Page, live_server, manager, staff, colleague, supporter, sign_in, axe
):
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/supervision/")
    page.get_by_role("link", name="Leading recovery").click()
    axe()

    page.get_by_role("link", name="Reflect on this month").click()
    axe()
    for behaviour in BEHAVIOURS:
        page.get_by_role("group", name=f"This month I {behaviour.text}.").get_by_label("Sometimes").check()
    page.get_by_label("One thing to try next month (optional)").fill("Thank people by name at handover.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.locator("#leadership-pattern")).to_contain_text("2.0")
    assert LeadershipReflection.objects.get().try_next == "Thank people by name at handover."
    axe()

    page.get_by_role("link", name="Back to leading recovery").click()
    page.get_by_label("Take answers until").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Open a listening window").click()
    expect(page.locator("#listening-progress")).to_contain_text("0 people have answered so far.")
    axe()

    window = manager.feedback_requests.get()
    for member in (staff, colleague, supporter):
        services.pulse_answer(window=window, member=member, scores=dict.fromkeys(PULSE_SLUGS, 5), comment="")
    page.get_by_role("button", name="Close now and see the results").click()
    expect(page.locator("#listening-results")).to_contain_text("5.0")
    page.get_by_label("The whole team").check()
    page.get_by_role("button", name="Save who can see them").click()
    expect(page.locator("main")).to_contain_text("the whole team can see these results")
    axe()

    page.goto(f"{live_server.url}/t/willow-ward/my-example/")
    expect(page.locator("#my-example")).to_contain_text("Thank-yous I gave")
    axe()


def test_a_member_answers_a_leaders_pulse_signed_in(
    page: Page, live_server, window, service_user, sign_in, axe
):
    sign_in(service_user)
    page.goto(f"{live_server.url}/t/willow-ward/supervision/leading/")
    axe()
    page.get_by_role("link", name="How Maya leads the team").click()
    for question in PULSE_QUESTIONS:
        page.get_by_role("group", name=question.text).get_by_label("Very much").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-panel")).to_contain_text("Thank you")
    axe()
    page.goto(f"{live_server.url}/t/willow-ward/supervision/leading/")
    expect(page.locator("main")).not_to_contain_text("How Maya leads the team")
    assert window.responses.count() == 1
