import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD
from tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.browser


def test_a_staff_member_signs_in_on_their_phone_and_lands_on_their_team(page: Page, live_server, staff, axe):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    axe()

    page.get_by_label("Email address or sign-in name").fill(staff.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}{staff.start_url}")
    expect(page.get_by_role("banner")).to_contain_text("Sam")
    expect(page.get_by_role("banner")).to_contain_text("Willow Ward")


def test_a_wrong_password_gets_a_kind_message_and_keeps_the_name(page: Page, live_server, staff, axe):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address or sign-in name").fill(staff.user.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Please check them and try again")
    expect(page.get_by_label("Email address or sign-in name")).to_have_value(staff.user.email)
    axe()


def test_a_person_in_two_teams_chooses_between_them(page: Page, live_server, staff, sign_in, axe):
    MembershipFactory(user=staff.user, team=TeamFactory(name="Kingfisher Community Team"))

    sign_in(staff)

    expect(page.get_by_role("heading", name="Your teams")).to_be_visible()
    expect(page.get_by_role("link", name="Willow Ward")).to_be_visible()
    expect(page.get_by_role("link", name="Kingfisher Community Team")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Sam")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    axe()
