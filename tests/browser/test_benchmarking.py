"""Rating how the team is doing, on a phone: a person using the service joins with a join code,
rates five statements (each answer saves as it is given), leaves, comes back in a fresh browser,
and carries on where they stopped. axe-core finds no accessibility problems on any page."""

import pytest
from playwright.sync_api import Browser, Page, expect

from teams.models import Role
from tests.factories import JoinCodeFactory, MembershipFactory
from trip.models import BenchmarkRating, Statement
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory

pytestmark = pytest.mark.browser

ANSWERS = ["Mostly in place", "Not yet", "Fully in place", "Don’t know", "Partly in place"]


def test_a_person_using_the_service_rates_carries_on_later_and_sees_their_answers_kept(
    page: Page, browser: Browser, browser_context_args: dict, live_server, ward, manager, axe
):
    round = BenchmarkRoundFactory(cycle=CycleFactory(team=ward, name="Spring 2026"), name="Spring check-in")
    code = JoinCodeFactory(team=ward, role=Role.SERVICE_USER)
    # Browser tests empty the database after each one, shared library and all: bring our own.
    for n in range(6):
        StatementFactory(team=ward, text=f"We try something new, number {n}.")
    statements = Statement.objects.in_use_by(ward).select_related("current_version").in_theme_order()
    total = len(statements)

    page.goto(f"{live_server.url}/join/")
    page.get_by_label("Your join code").fill(code.display_code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill("River")
    page.get_by_label("Choose a password", exact=True).fill("sunflowers and tea")
    page.get_by_role("button", name="Join Willow Ward").click()
    sign_in_name = page.locator(".app-join-code").inner_text().strip()

    page.goto(f"{live_server.url}/t/willow-ward/trip/")
    axe()
    page.get_by_role("link", name="Rate how we are doing: Spring check-in").click()
    expect(page.locator("#progress")).to_contain_text(f"0 of {total} answered")
    page.evaluate("window.__notReloaded = true")
    axe()

    for n, (statement, answer) in enumerate(zip(statements, ANSWERS, strict=False), start=1):
        card = page.locator(f"#statement-{statement.pk}")
        card.get_by_label(answer, exact=True).check()
        expect(page.locator("#progress")).to_contain_text(f"{n} of {total} answered")
    card = page.locator(f"#statement-{statements[0].pk}")
    # The note boxes open on request, with the cursor in the first.
    card.get_by_role("link", name=f"Add a note to “{statements[0].text}”").click()
    expect(card.get_by_label("What we have achieved (optional)")).to_be_focused()
    page.keyboard.type("A new welcome pack")
    card.get_by_label("What could be next (optional)").click()
    expect(card.get_by_role("status")).to_have_text("Saved.")
    assert page.evaluate("window.__notReloaded === true")
    axe()
    page.context.clear_cookies()

    # Later, on another device: a fresh browser, signing in with the name they were given.
    phone = browser.new_context(**browser_context_args).new_page()
    try:
        phone.goto(f"{live_server.url}/sign-in/")
        phone.get_by_label("Email address or sign-in name").fill(sign_in_name)
        phone.get_by_label("Password", exact=True).fill("sunflowers and tea")
        phone.get_by_role("button", name="Sign in", exact=True).click()
        phone.wait_for_url(lambda url: "/sign-in/" not in url)
        phone.goto(f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/")
        expect(phone.locator("#progress")).to_contain_text(f"5 of {total} answered")
        first = phone.locator(f"#statement-{statements[0].pk}")
        expect(first.get_by_label("Mostly in place", exact=True)).to_be_checked()
        expect(first.get_by_label("What we have achieved (optional)")).to_have_value("A new welcome pack")
        axe(phone)
        phone.locator(f"#statement-{statements[5].pk}").get_by_label("Fully in place", exact=True).check()
        expect(phone.locator("#progress")).to_contain_text(f"6 of {total} answered")
    finally:
        phone.context.close()

    ratings = BenchmarkRating.objects.filter(round=round, member__user__username=sign_in_name)
    assert ratings.count() == 6
    assert {r.perspective for r in ratings} == {"service_user"}
    assert ratings.get(statement=statements[3]).score is None


def test_a_manager_closes_the_round_reads_the_results_and_records_what_the_group_agreed(
    page: Page, live_server, ward, manager, sign_in, axe
):
    round = BenchmarkRoundFactory(cycle=CycleFactory(team=ward), name="Spring check-in")
    statement = StatementFactory(team=ward, text="We help people work out their own goals.")
    for role, scores in [(Role.STAFF, [5, 4, 4]), (Role.SERVICE_USER, [2, 2, 3])]:
        for score in scores:
            BenchmarkRatingFactory(
                round=round,
                statement=statement,
                member=MembershipFactory(team=ward, role=role),
                score=score,
                achieved="The welcome pack",
            )
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/")
    axe()
    page.get_by_role("button", name="Close this round").click()
    expect(page.get_by_role("heading", name="What we are proud of")).to_be_visible()
    expect(page.locator("#gaps")).to_contain_text("Staff: 4.3; people using the service: 2.3")
    axe()

    # Each theme's statements, group by group, are a page of their own.
    page.get_by_role("link", name="What each group said about this statement").click()
    expect(
        page.get_by_role("heading", level=2, name="We help people work out their own goals.")
    ).to_be_visible()
    # Three staff: their average, but not the range that with it would give each score.
    expect(page.locator('tr[data-group="staff"]').last).to_contain_text("4.3")
    expect(page.locator('tr[data-group="staff"]').last).to_contain_text("Shown from 5 people")
    axe()
    page.get_by_role("link", name="Back to what we said", exact=True).click()

    page.get_by_role("link", name="Meeting mode: agree one rating for each statement together").click()
    page.evaluate("window.__notReloaded = true")
    axe()
    card = page.locator(f"#agree-{statement.pk}")
    card.get_by_label("Partly in place", exact=True).check()
    card.get_by_label("Why we agreed this").fill("Staff see more than people using the service feel.")
    card.get_by_role("button", name="Save what we agreed").click()
    expect(page.locator(f"#agree-{statement.pk}")).to_contain_text("Saved.")
    assert page.evaluate("window.__notReloaded === true")
    assert round.agreements.get().score == 3
    axe()
