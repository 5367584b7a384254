"""The Content-Security-Policy refuses nothing the app itself needs: every main page loads its
scripts, styles and images, runs its htmx, and the browser reports no violation."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "/t/willow-ward/handover/",
    "/t/willow-ward/wall/",
    "/t/willow-ward/wall/weeks/",
    "/t/willow-ward/thank-you/",
    "/t/willow-ward/thanks-received/",
    "/t/willow-ward/members/",
    "/t/willow-ward/settings/",
    "/t/willow-ward/trip/",
    "/t/willow-ward/supervision/",
    "/t/willow-ward/dashboard/",
    "/t/willow-ward/dashboard/report/",
    "/dashboard/",
    "/",
    "/t/willow-ward/words/",
    "/t/willow-ward/members/audit/",
    "/t/willow-ward/settings/my-data/",
    "/t/willow-ward/settings/my-data/everything/",
    "/t/willow-ward/settings/my-data/erase/",
    "/t/willow-ward/settings/password/",
    "/t/willow-ward/supervision/feedback-cards/",
]


def watch_for_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return found


def test_no_page_breaks_the_policy(page: Page, live_server, manager, staff, sign_in):
    violations = watch_for_violations(page)
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(manager)

    for path in MAIN_PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
        assert violations == [], f"{path}: {violations}"


SIGNED_OUT_PAGES = [
    "/sign-in/",
    "/join/",
    "/password/forgotten/",
    "/password/code/",
    "/t/willow-ward/supervision/feedback/answer/",
]


def test_no_page_for_people_signed_out_breaks_the_policy(page: Page, live_server, ward):
    violations = watch_for_violations(page)
    for path in SIGNED_OUT_PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
        assert violations == [], f"{path}: {violations}"


def test_htmx_still_works_under_the_policy(page: Page, live_server, staff, sign_in):
    violations = watch_for_violations(page)
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    page.evaluate("window.__notReloaded = true")
    page.get_by_label("What went well on this shift?").fill("Walked to the shop together.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Saved.")
    assert page.evaluate("window.__notReloaded === true")
    assert violations == []
