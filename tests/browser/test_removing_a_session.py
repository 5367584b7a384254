"""Removing a supervision session that did not happen, in a real browser at a phone's size:
"No, remove it" asks first, "No, keep it" leaves it be, and only "Yes, remove it" removes it.
axe-core finds no accessibility problems on any page visited."""

import pytest
from playwright.sync_api import Page, expect

from supervision.models import SupervisionSession
from supervision.tests.factories import SupervisionSessionFactory

pytestmark = pytest.mark.browser


def test_removing_a_session_asks_first_and_can_be_changed_of_mind(
    page: Page, live_server, staff, colleague, sign_in, axe
):
    # Sam set up a session supervising Priya; Priya is asked to confirm it.
    session = SupervisionSessionFactory(supervisor=staff, supervisee=colleague, confirmed_at=None)
    session_url = f"{live_server.url}/t/willow-ward/supervision/sessions/{session.pk}/"
    sign_in(colleague)
    page.goto(session_url)
    expect(page.locator("#confirm-session")).to_contain_text("Sam recorded this session")
    axe()

    page.get_by_role("button", name="No, remove it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this session?")
    expect(page.locator("main")).to_contain_text(
        "Your session with Sam on Monday 2 November 2026 will be removed"
    )
    assert SupervisionSession.objects.filter(pk=session.pk).exists()
    axe()

    page.get_by_role("link", name="No, keep it").click()
    expect(page).to_have_url(session_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision on Monday 2 November 2026")
    assert SupervisionSession.objects.filter(pk=session.pk).exists()

    page.get_by_role("button", name="No, remove it").click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page).to_have_url(f"{live_server.url}/t/willow-ward/supervision/sessions/")
    expect(page.get_by_role("status")).to_contain_text("That session is removed.")
    assert not SupervisionSession.objects.filter(pk=session.pk).exists()
    axe()
