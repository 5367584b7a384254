"""Rating one statement at a time on a phone, keyboard only: arrow keys move between the options
without saving, Space or Enter confirms, Enter moves on. Ten statements take under 60 key presses
(issue 10's goal). Leaving and coming back to the round's address opens at the first unanswered
statement, and the end lists what is left. axe-core finds no problems on any page visited."""

import pytest
from playwright.sync_api import Page, expect

from teams.models import Membership, Role
from teams.services import join_url
from tests.browser.test_content_security_policy import watch_for_violations
from tests.factories import JoinCodeFactory
from trip.models import BenchmarkRating, Statement
from trip.tests.factories import BenchmarkRoundFactory, CycleFactory, StatementFactory

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A phone says so in its user agent; Playwright's own is a desktop's, even at a phone's size.
    phone = (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"
    )
    return {**browser_context_args, "user_agent": phone}


def test_a_person_rates_ten_statements_by_keyboard_and_carries_on_where_they_stopped(
    page: Page, live_server, ward, service_user, sign_in, axe
):
    round = BenchmarkRoundFactory(cycle=CycleFactory(team=ward), name="Spring check-in")
    # Browser tests may empty the database, shared library and all: bring enough of our own.
    for n in range(12):
        StatementFactory(team=ward, text=f"We try something new, number {n}.")
    statements = Statement.objects.in_use_by(ward).in_theme_order()
    total = len(statements)
    round_address = f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/"
    step = f"{round_address}one/"
    violations = watch_for_violations(page)
    sign_in(service_user)

    page.goto(round_address)  # on a phone, the round's address opens one statement at a time
    expect(page).to_have_url(f"{step}1/")
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        presses += 1
        page.keyboard.press(key)

    for n, statement in enumerate(statements[:10], start=1):
        expect(page.get_by_role("heading", level=1)).to_contain_text(statement.text)
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"{n} of {total}")
        axe()
        if n % 2:
            press("Space")  # the focused first option, "Not yet", confirmed and saved in place
            expect(page.get_by_role("status")).to_contain_text("Saved.")
            expect(page.get_by_role("status")).to_be_in_viewport()  # no scrolling to see it
            assert BenchmarkRating.objects.get(statement=statement).score == 1
        else:
            press("ArrowDown")
            press("ArrowDown")
            expect(page.get_by_label("Partly in place", exact=True)).to_be_checked()
            # Passing an option by arrow key does not save it.
            assert not BenchmarkRating.objects.filter(statement=statement).exists()
        press("Enter")  # "Next": saves what is chosen and opens the next statement
        expect(page).to_have_url(f"{step}{n + 1}/")
    assert presses < 60, f"{presses} key presses for 10 statements"
    expect(page.locator("#progress")).to_contain_text(f"You have answered 10 of {total}")
    scores = dict(
        BenchmarkRating.objects.filter(round=round, member=service_user).values_list("statement", "score")
    )
    assert scores == {s.pk: (1 if n % 2 else 3) for n, s in enumerate(statements[:10], start=1)}

    # Leaving, and coming back to the round's address later: it opens at the first unanswered.
    page.goto(f"{live_server.url}/t/willow-ward/trip/")
    page.goto(round_address)
    expect(page).to_have_url(f"{step}11/")
    # A tap saves at once, and says so under the options.
    page.get_by_label("Mostly in place", exact=True).tap()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.locator("#progress")).to_contain_text(f"You have answered 11 of {total}")
    assert BenchmarkRating.objects.get(statement=statements[10]).score == 4
    expect(page.get_by_role("status")).to_be_in_viewport()
    axe()

    page.get_by_role("link", name="Check which statements are left").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You have answered 11 of {total}")
    axe()
    page.get_by_role("link", name=statements[11].text).click()
    expect(page).to_have_url(f"{step}12/")
    page.get_by_role("link", name="See all statements on one page").click()
    expect(page.locator("#progress")).to_contain_text(f"11 of {total} answered")
    axe()
    assert violations == []


def test_someone_new_joins_from_the_poster_and_rates_ten_statements_in_under_60_key_presses(
    page: Page, live_server, settings, ward, axe
):
    """Issue 10's goal, the whole path: a round's poster link opened on a phone by someone who is
    not a member, keyboard only. Typing one's name and password counts as one press per field."""
    settings.SITE_URL = live_server.url
    round = BenchmarkRoundFactory(cycle=CycleFactory(team=ward), name="Spring check-in")
    for n in range(12):
        StatementFactory(team=ward, text=f"We try something new, number {n}.")
    statements = Statement.objects.in_use_by(ward).in_theme_order()
    code = JoinCodeFactory(team=ward, role=Role.SERVICE_USER)
    round_address = f"/t/willow-ward/trip/rounds/{round.pk}/"
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        presses += 1
        page.keyboard.press(key)

    def tab_to(locator) -> None:
        for _ in range(30):
            if locator.evaluate("node => node === document.activeElement"):
                return
            press("Tab")
        raise AssertionError(f"{locator} is not reachable by Tab")

    def type_into(locator, text: str) -> None:
        nonlocal presses
        tab_to(locator)
        page.keyboard.type(text)
        presses += 1  # typing a field is one step, however long the name

    page.goto(join_url(code, then=round_address))
    axe()
    tab_to(page.get_by_role("button", name="Continue"))
    press("Enter")
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    axe()
    type_into(page.get_by_label("Your name"), "River")
    type_into(page.get_by_label("Choose a password", exact=True), "sunflowers and tea")
    press("Enter")
    expect(page).to_have_url(f"{live_server.url}{round_address}one/1/")
    joined = Membership.objects.get(team=ward, user__display_name="River")

    for n, statement in enumerate(statements[:10], start=1):
        expect(page.get_by_role("heading", level=1)).to_contain_text(statement.text)
        axe()
        press("ArrowDown")  # "Just starting"
        press("Enter")  # saves it and opens the next statement
        expect(page).to_have_url(f"{live_server.url}{round_address}one/{n + 1}/")
    assert presses < 60, f"{presses} key presses to join and rate 10 statements"
    scores = set(BenchmarkRating.objects.filter(round=round, member=joined).values_list("score", flat=True))
    assert (BenchmarkRating.objects.filter(round=round, member=joined).count(), scores) == (10, {2})
