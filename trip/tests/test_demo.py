from django.urls import reverse

from recovery_culture.management.commands.load_demo import KINGFISHER, WILLOW, load_members, load_teams
from trip.demo import load_trip
from trip.models import (
    Asset,
    BenchmarkRating,
    CommunityResource,
    Cycle,
    Perspective,
    Priority,
    PriorityStatus,
    ResourceRating,
    Stage,
)
from trip.results import OTHERS, round_results, round_results_with_change


def counts() -> dict[str, int]:
    models = (Cycle, Asset, CommunityResource, ResourceRating, BenchmarkRating, Priority)
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_loads_once_and_a_second_run_changes_nothing(db):
    teams = load_teams()
    members = load_members(teams)
    for slug in (WILLOW, KINGFISHER):
        load_trip(teams[slug], members[slug])
    first = counts()
    successes = teams[WILLOW].successes.count()
    for slug in (WILLOW, KINGFISHER):
        load_trip(teams[slug], members[slug])
    assert counts() == first
    assert teams[WILLOW].successes.count() == successes


def test_the_demo_team_is_mid_way_through_its_second_cycle(db):
    teams = load_teams()
    members = load_members(teams)
    team = teams[WILLOW]
    load_trip(team, members[WILLOW])
    finished, current = team.trip_cycles.order_by("starts_on")
    assert (finished.stage, current.stage) == (Stage.REVIEW, Stage.DELIVERING)
    closed = finished.benchmark_rounds.get()
    assert not closed.is_open
    assert current.benchmark_rounds.get().is_open
    results = round_results_with_change(round=current.benchmark_rounds.get())
    assert results.earlier is not None
    shown = round_results(round=closed).themes[0].groups.shown
    # Staff and people using the service each show; supporters and partners fold into "others".
    assert set(shown) == {Perspective.STAFF, Perspective.SERVICE_USER, OTHERS}
    assert team.lead_roles.count() == 2
    assert team.community_resources.count() == 3
    priorities = list(current.priorities.all())
    assert {p.status for p in priorities} == {
        PriorityStatus.DONE,
        PriorityStatus.ACTIVE,
        PriorityStatus.PROPOSED,
    }
    for priority in priorities:
        if priority.status != PriorityStatus.PROPOSED:
            assert priority.staff_lead.is_staff_member
            assert priority.service_user_lead.role == "service_user"
            assert priority.actions.exists()
    assert team.successes.filter(text__startswith="We finished our TRIP priority").count() == 1


def test_the_demo_rounds_page_of_all_statements_stays_under_150_kb(db, client_for):
    """The weight goal of bench/pages.py, kept in the suite: every card has its own status line."""
    teams = load_teams()
    members = load_members(teams)
    team = teams[WILLOW]
    load_trip(team, members[WILLOW])
    current = team.trip_cycles.order_by("starts_on").last().benchmark_rounds.get()
    rater = next(m for m in members[WILLOW].values() if current.ratings.filter(member=m).exists())
    address = reverse("trip:round", kwargs={"team": WILLOW, "pk": current.pk}) + "?all"

    page = client_for(rater).get(address).content

    assert page.count(b'role="status"></div>') >= 20
    assert len(page) < 150 * 1024, f"{len(page) / 1024:.0f} KB"
