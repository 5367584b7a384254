"""The team dashboard's charts and tables on a phone and a desktop: each chart has a visible
title, no two of its words overlap, its figures are in a table, and the tables that scroll sideways
can be reached from the keyboard. axe-core finds no accessibility problems at either size."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from teams.models import Role
from tests.factories import MembershipFactory, SuccessFactory, ThankYouFactory, UserFactory
from trip.models import Theme
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory

pytestmark = pytest.mark.browser

CHARTS = [
    "Little miracles per week",
    "Thank-yous per week",
    "Handover entries per shift, last 4 weeks",
    "Average score by perspective: Round two",
    "Average score by perspective: Round one",
]


def _overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.fixture
def closed_rounds(ward, manager, staff, colleague, service_user):
    """Two cycles' closed rounds, rated by three staff and three people using the service."""
    people = [service_user] + [
        MembershipFactory(team=ward, role=Role.SERVICE_USER, user=UserFactory(display_name=name))
        for name in ("Bea", "Cal")
    ]
    now, today = timezone.now(), timezone.localdate()
    statement = StatementFactory(team=ward, theme=Theme.CHOICE, text="People choose their support.")
    for name, days_ago, cycle_name in (("Round one", 400, "TRIP 2025"), ("Round two", 20, "TRIP 2026")):
        cycle = CycleFactory(team=ward, name=cycle_name, starts_on=today - dt.timedelta(days=days_ago + 30))
        benchmark = BenchmarkRoundFactory(
            cycle=cycle,
            name=name,
            opened_at=now - dt.timedelta(days=days_ago + 10),
            closed_at=now - dt.timedelta(days=days_ago),
        )
        for rater, score in zip([manager, staff, colleague, *people], [4, 4, 3, 2, 3, 2], strict=True):
            BenchmarkRatingFactory(round=benchmark, statement=statement, member=rater, score=score)


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_every_chart_is_titled_readable_and_tabled(
    page: Page, live_server, manager, staff, colleague, closed_rounds, sign_in, axe, size
):
    for weeks_ago in range(12):
        SuccessFactory(author=staff, created_at=timezone.now() - dt.timedelta(weeks=weeks_ago))
    ThankYouFactory(sender=manager, recipient=colleague)
    width, height = size
    page.set_viewport_size({"width": width, "height": height})

    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team dashboard")

    for name in CHARTS:
        chart = page.get_by_role("img", name=name)
        expect(chart.locator(".app-chart__title")).to_be_visible()
        words = chart.locator("text")
        boxes = [words.nth(i).bounding_box() for i in range(words.count())]
        for i, a in enumerate(boxes):
            assert a["height"] >= 10, f"{name}: text {a['height']:.1f} px tall at {width} px"
            for b in boxes[i + 1 :]:
                assert not _overlaps(a, b), f"{name}: two labels overlap at {width} px: {a} {b}"
    expect(page.get_by_role("img", name="Little miracles per week").locator("text")).not_to_have_count(0)

    expect(page.locator("#weeks tbody tr")).to_have_count(12)
    expect(page.locator("#shifts tbody tr")).not_to_have_count(0)
    expect(page.locator("#benchmark-perspectives")).to_contain_text("People using the service")
    region = page.get_by_role("region", name="Average score by theme and perspective (scrolls sideways)")
    expect(region).to_have_attribute("tabindex", "0")
    axe()
