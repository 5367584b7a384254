"""Browser tests: Playwright drives Debian's chromium at a phone's size, against `live_server`,
with axe-core checking each page a test visits.

Never `playwright install`: the browser is the distribution's /usr/bin/chromium (`apt-get install
chromium`). Without it the tests marked `browser` are skipped, unless REQUIRE_BROWSER=1 (as in
.ci/run), where a missing browser is an error."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from teams.models import Membership

# Playwright's sync API runs an event loop in the test's own thread, and Django refuses database
# calls from a thread with a running loop, even the test's fixtures and assertions.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "a-good-long-password"  # every factory-made person's password (tests/factories.py)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests run last, after pytest-django's own ordering. Playwright's session-wide event
    # loop makes Django keep database connections per async context, so a database test running
    # after it opens a connection nobody closes, and the test database cannot be dropped.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None or CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": browser_type_launch_args.get("headless", True),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A phone: people log their little miracle at handover on the phone in their pocket.
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture(scope="session")
def _axe() -> Axe:
    return Axe()


@pytest.fixture
def axe(page: Page, _axe: Axe) -> Callable[..., None]:
    """Call `axe()` on each page a test visits (or `axe(other_page)` for a second browser page):
    axe-core must find no accessibility problems."""

    def check(on: Page | None = None) -> None:
        target = on or page
        # On a phone the NHS.UK header folds its links into "More" once its script has run; until
        # then they overflow it, white on the page's grey, and axe would judge a half-drawn page.
        target.wait_for_function(
            "() => [...document.querySelectorAll('[data-module=\"nhsuk-header\"]')]"
            ".every(header => header.hasAttribute('data-nhsuk-header-init'))"
        )
        results = _axe.run(target)
        assert results.violations_count == 0, (
            f"axe-core found accessibility problems on {target.url}\n{results.generate_report()}"
        )

    return check


@pytest.fixture
def sign_in(page: Page, live_server) -> Callable[..., None]:
    """Sign a member's person in through the real sign-in page, as they would on their phone."""

    def sign_in_as(member: Membership, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Email address or sign-in name").fill(member.user.email or member.user.username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)

    return sign_in_as
