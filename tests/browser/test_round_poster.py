"""One straight path into a rating round, on a phone. A manager prints the round's poster; a
person using the service who has not joined yet scans it, finds the code already in place, gives a
name and a password, and is in the round. A member who is signed out opens the round's address,
signs in and is in the round too. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from teams.models import Membership, Role
from tests.factories import JoinCodeFactory
from trip.tests.factories import BenchmarkRoundFactory, CycleFactory, StatementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def round(ward):
    # Browser tests empty the database after each one, shared library and all: bring our own.
    for n in range(3):
        StatementFactory(team=ward, text=f"We try something new, number {n}.")
    return BenchmarkRoundFactory(cycle=CycleFactory(team=ward, name="Spring 2026"), name="Spring check-in")


def test_a_poster_takes_someone_new_from_joining_straight_into_the_round(
    page: Page,
    browser: Browser,
    browser_context_args: dict,
    live_server,
    settings,
    manager,
    round,
    sign_in,
    axe,
):
    settings.SITE_URL = live_server.url  # the address printed on the poster
    round_url = f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/"
    sign_in(manager)
    page.goto(round_url)
    page.get_by_role("link", name="a poster for people who have not joined yet").click()
    expect(page.get_by_role("heading", name="A poster for people who have not joined yet")).to_be_visible()
    axe()
    page.get_by_role("button", name="Make a new join code for this poster").click()
    expect(page.get_by_role("img", name=re.compile("QR code that joins Willow Ward"))).to_be_visible()
    axe()
    code = page.locator("#poster .app-join-code").inner_text().strip()
    link = page.locator("#poster-link").text_content().strip()

    # Their own phone: a fresh browser, nobody signed in, the poster's link as the QR code opens it.
    phone = browser.new_context(**browser_context_args).new_page()
    try:
        phone.goto(link)
        expect(phone.get_by_label("Your join code")).to_have_value(code.replace("-", ""))
        axe(phone)
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("heading", name="About you")).to_be_visible()
        axe(phone)
        phone.get_by_label("Your name").fill("River")
        phone.get_by_label("Choose a password", exact=True).fill("sunflowers and tea")
        phone.get_by_role("button", name="Join Willow Ward").click()
        expect(phone).to_have_url(round_url)
        joined = Membership.objects.get(team=manager.team, user__display_name="River")
        expect(phone.get_by_role("status").first).to_contain_text(
            f"Your sign-in name is {joined.user.username}"
        )
        expect(phone.locator("main")).to_contain_text("Spring check-in")
        axe(phone)
    finally:
        phone.context.close()
    assert joined.role == Role.SERVICE_USER


def test_a_signed_out_member_opens_the_round_and_is_in_it_after_signing_in(
    page: Page, live_server, service_user, round, axe
):
    round_url = f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/"
    page.goto(round_url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    axe()
    page.get_by_label("Email address or sign-in name").fill(service_user.user.username)
    page.get_by_label("Password", exact=True).fill("a-good-long-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(round_url)
    expect(page.locator("main")).to_contain_text("Spring check-in")
    axe()


def test_someone_new_from_the_sign_in_page_joins_and_lands_on_the_round(
    page: Page, live_server, ward, round, axe
):
    code = JoinCodeFactory(team=ward, role=Role.SERVICE_USER)
    round_url = f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/"
    page.goto(round_url)
    page.get_by_role("link", name="Join your team").click()
    page.get_by_label("Your join code").fill(code.display_code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill("Robin")
    page.get_by_label("Choose a password", exact=True).fill("sunflowers and tea")
    page.get_by_role("button", name="Join Willow Ward").click()
    expect(page).to_have_url(round_url)
    axe()
