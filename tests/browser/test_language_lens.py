"""The language lens in a real browser at a phone's size: a hint appears while typing a little
miracle, one tap puts an alternative in place, saving still works, and axe-core finds no problems
on the handover page with hints showing or on the words page."""

import pytest
from playwright.sync_api import Page, expect

from successes.models import Success

pytestmark = pytest.mark.browser


def test_a_hint_while_typing_and_an_alternative_with_one_tap(page: Page, live_server, staff, sign_in, axe):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    field = page.get_by_label("What went well on this shift?")
    field.press_sequentially("Patient was non-compliant", delay=20)

    hints = page.locator("#lens-id_text")
    expect(hints).to_contain_text("\u201cnon-compliant\u201d: It hides the person's reasons")
    expect(hints).to_contain_text("\u201cPatient\u201d")
    axe()

    hints.get_by_role("button", name="Use knows their own mind instead of \u201cnon-compliant\u201d").tap()
    expect(field).to_have_value("Patient was knows their own mind")
    hints.get_by_role("button", name="Use person instead of \u201cPatient\u201d").tap()
    expect(field).to_have_value("person was knows their own mind")
    expect(hints.locator("[data-lens-hint]")).to_have_count(0)

    field.fill("Patient was calm at breakfast")
    expect(hints).to_contain_text("\u201cPatient\u201d")
    hints.get_by_role("button", name="Keep my words \u201cPatient\u201d").tap()
    expect(hints.locator("[data-lens-hint]")).to_have_count(0)
    field.press_sequentially(" and lunch", delay=20)
    page.wait_for_timeout(1200)  # the lens has asked again; the kept phrase stays quiet
    expect(hints.locator("[data-lens-hint]")).to_have_count(0)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved. Thank you for sharing what went well.")
    assert Success.objects.get().text == "Patient was calm at breakfast and lunch"
    axe()


def test_a_hint_under_the_thank_you_and_the_words_page(
    page: Page, live_server, staff, colleague, sign_in, axe
):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/thank-you/")
    message = page.get_by_label("Your message")
    message.press_sequentially("Thank you, you should rest more", delay=20)
    hints = page.locator("#lens-id_message")
    expect(hints).to_contain_text("\u201cyou should\u201d")
    axe()

    hints.get_by_role("link", name="Why these hints?").click()
    expect(page.get_by_role("heading", name="Words we use")).to_be_visible()
    axe()
