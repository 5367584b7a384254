"""Meeting mode on a shared 1920×1080 screen: large type in columns that fill it, no one's account
in sight, and a slow scroll that is off until someone starts it."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import SuccessFactory, ThankYouFactory

pytestmark = pytest.mark.browser

STORIES = [
    "Sat with someone while they rang their sister.",
    "A calm, kind breakfast.",
    "Someone planned a bus trip to the library and went.",
    "We found the missing guitar strings and there was music after tea.",
    "A first walk round the park in weeks.",
    "Everyone stayed for the community meeting.",
]


def font_px(page: Page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector, "els => els.map(el => parseFloat(getComputedStyle(el).fontSize))"
    )


def test_meeting_mode_fills_a_shared_screen_in_large_type(
    page: Page, live_server, staff, colleague, sign_in, axe
):
    for text in STORIES:
        SuccessFactory(author=colleague, text=text)
    ThankYouFactory(sender=colleague, recipient=staff, message="Thank you for the calm handover.")
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(staff)
    page.clock.install()

    page.goto(f"{live_server.url}/t/willow-ward/wall/?mode=meeting")

    expect(page.locator(".app-wall--meeting")).to_contain_text(STORIES[0])
    for selector in (".app-miracle__text", ".app-miracle__meta", "#wall h2", "main h1", ".app-meeting-bar"):
        sizes = font_px(page, selector)
        assert sizes and min(sizes) >= 40, (selector, sizes)
    stories = page.locator(".app-wall__list").first.locator(".app-miracle")
    columns = {round(box["x"]) for box in (stories.nth(i).bounding_box() for i in range(stories.count()))}
    assert 2 <= len(columns) <= 3
    assert page.locator(".app-wall__list").first.bounding_box()["width"] > 1700
    expect(page.get_by_text("Sign out")).to_have_count(0)
    expect(page.locator(".nhsuk-header")).to_have_count(0)
    axe()

    # The slow scroll is off until asked for, and the same button pauses it.
    start = page.get_by_role("button", name="Move through the stories")
    expect(start).to_be_visible()
    page.clock.run_for(20_000)
    assert page.evaluate("window.scrollY") == 0
    start.click()
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_visible()
    page.clock.run_for(16_000)
    page.wait_for_timeout(1500)  # the smooth scroll itself runs on real time
    assert page.evaluate("window.scrollY") > 0
    pause.click()
    expect(page.get_by_role("button", name="Move through the stories")).to_be_visible()
    axe()
