"""A suggested priority in a real browser at a phone's size: whoever suggested it puts it better,
then takes it back, asked first. axe-core finds no accessibility problems on any page visited."""

import pytest
from playwright.sync_api import Page, expect

from trip.models import Priority
from trip.tests.factories import CycleFactory, PriorityFactory

pytestmark = pytest.mark.browser


def test_a_suggestion_is_put_better_then_taken_back(page: Page, live_server, staff, ward, sign_in, axe):
    priority = PriorityFactory(cycle=CycleFactory(team=ward), title="Frendlier letter", proposed_by=staff)
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/trip/priorities/{priority.pk}/")

    page.get_by_role("link", name="Change the words of this priority").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change this priority")
    axe()
    page.get_by_label("Name of the priority").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Please give the priority a name.")
    axe()
    page.get_by_label("Name of the priority").fill("A friendlier first letter")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A friendlier first letter")

    page.get_by_role("link", name="Take back this suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take back “A friendlier first letter”?")
    axe()
    page.get_by_role("link", name="No, keep it").click()
    assert Priority.objects.filter(pk=priority.pk).exists()
    page.get_by_role("link", name="Take back this suggestion").click()
    page.get_by_role("button", name="Yes, take it back").click()
    expect(page.locator("main")).to_contain_text("“A friendlier first letter” is taken back.")
    assert not Priority.objects.filter(pk=priority.pk).exists()
    axe()
