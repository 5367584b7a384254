"""Dashboards in a real browser: a manager of two teams opens the side-by-side view, sorts it
with plain links, and opens one team's dashboard and its monthly story report. axe-core finds no
accessibility problems on any page visited."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from supervision.tests.factories import SupervisionSessionFactory
from teams.models import Role
from tests.factories import MembershipFactory, SuccessFactory, TeamFactory, ThankYouFactory

pytestmark = pytest.mark.browser


def test_a_manager_of_two_teams_compares_them_and_opens_one(
    page: Page, live_server, manager, staff, colleague, sign_in, axe
):
    birch = TeamFactory(name="Birch Ward", slug="birch-ward")
    MembershipFactory(team=birch, user=manager.user, role=Role.MANAGER)
    SuccessFactory(author=staff).helpers.add(colleague)
    SuccessFactory(author=staff)
    ThankYouFactory(sender=manager, recipient=colleague)
    SupervisionSessionFactory(supervisor=manager, supervisee=staff, held_on=timezone.localdate())

    sign_in(manager)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams side by side")
    rows = page.locator("#teams tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Birch Ward")
    axe()

    page.get_by_role("link", name="Little miracles this month").click()
    expect(rows.first).to_contain_text("Willow Ward")
    axe()

    page.get_by_role("link", name="Willow Ward").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team dashboard")
    expect(page.get_by_role("img", name="Little miracles per week")).to_be_visible()
    expect(page.locator("#weeks tbody tr")).to_have_count(12)
    expect(page.locator("#coverage")).to_contain_text("Sam")
    axe()

    page.get_by_role("link", name="Make the monthly story report (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly story report")
    expect(page.get_by_label("Month")).to_be_visible()
    axe()
