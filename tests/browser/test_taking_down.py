"""Taking things down from the wall, on a phone: a sender withdraws a thank-you; a manager takes a
story off the wall with a reason, and its author reads why. axe-core checks every page."""

import pytest
from playwright.sync_api import Page, expect

from successes.models import Success, ThankYou
from tests.factories import SuccessFactory, ThankYouFactory

pytestmark = pytest.mark.browser

REASON = "It names someone using the service, so we have taken it off the wall. Thank you for sharing."


def test_a_sender_withdraws_a_thank_you(page: Page, live_server, staff, colleague, sign_in, axe):
    ThankYouFactory(sender=staff, recipient=colleague, message="Thank you for the calm night.")
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/wall/")
    axe()

    page.get_by_role("link", name="Withdraw your thank-you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your thank-you?")
    axe()
    page.get_by_role("button", name="Yes, withdraw it").click()

    expect(page.get_by_text("Your thank-you to Priya is withdrawn.")).to_be_visible()
    expect(page.locator("#wall")).not_to_contain_text("Thank you for the calm night.")
    assert not ThankYou.objects.exists()
    axe()


def test_a_manager_hides_a_story_with_a_reason(page: Page, live_server, manager, staff, sign_in, axe):
    story = SuccessFactory(author=staff, text="Helped Mrs Jones on bay 4 with her shopping.")
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/wall/")

    page.get_by_role("link", name="Take off the wall").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take this off the wall?")
    axe()
    # Without a reason, a kind word and nothing lost.
    page.get_by_role("button", name="Take it off the wall").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Say why you are taking it off the wall")
    axe()
    page.get_by_label("Why are you taking it off the wall?").fill(REASON)
    page.get_by_role("button", name="Take it off the wall").click()

    expect(page.get_by_text("It is off the wall. The person who wrote it can see why.")).to_be_visible()
    wall = page.locator("#wall")
    expect(wall).to_contain_text("Hidden by a manager")
    expect(wall).to_contain_text(REASON)
    story.refresh_from_db()
    assert story.is_hidden and Success.objects.filter(pk=story.pk).exists()
    axe()
