"""TRIP on the dashboards: each figure against rounds, priorities and actions built here, the
fewer-than-three folding kept, no one's own answer or note anywhere, and constant queries."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import queries
from teams.cache import team_cache_forget
from teams.models import Role
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from trip.models import ActionStatus, PriorityStatus, Stage, Theme
from trip.tests.factories import (
    ActionFactory,
    BenchmarkRatingFactory,
    BenchmarkRoundFactory,
    CycleFactory,
    PriorityFactory,
    StatementFactory,
)

NOTE = "Quokka-lantern remark 4417 from Alex"


def _url(member, name="team"):
    return reverse(f"dashboard:{name}", kwargs={"team": member.team.slug})


def _person(team, role, name):
    return MembershipFactory(team=team, role=role, user=UserFactory(display_name=name, username=name.lower()))


def _rate(round, statement, scores: dict) -> None:
    for member, score in scores.items():
        BenchmarkRatingFactory(round=round, statement=statement, member=member, score=score, achieved=NOTE)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def raters(ward, manager, staff, colleague, service_user, supporter, partner):
    """Three staff (the manager rates as staff), three people using the service, two supporters
    and a community partner."""
    users = [service_user, _person(ward, Role.SERVICE_USER, "Bea"), _person(ward, Role.SERVICE_USER, "Cal")]
    supporters = [supporter, _person(ward, Role.SUPPORTER, "Dot")]
    return {
        "staff": [manager, staff, colleague],
        "users": users,
        "supporters": supporters,
        "partner": partner,
    }


def _scores(raters, staff: list[int], users: list[int]) -> dict:
    return dict(zip(raters["staff"], staff, strict=True)) | dict(zip(raters["users"], users, strict=True))


@pytest.fixture
def trip(ward, raters, today):
    """Last year's cycle with a closed round, this year's cycle (choosing priorities) with a closed
    round and a newer open one; priorities and actions with known dates."""
    now = timezone.now()
    earlier_cycle = CycleFactory(
        team=ward, name="TRIP 2025", starts_on=today - dt.timedelta(days=500), stage=Stage.REVIEW
    )
    cycle = CycleFactory(
        team=ward, name="TRIP 2026", starts_on=today - dt.timedelta(days=60), stage=Stage.PRIORITIES
    )
    goals = StatementFactory(team=ward, theme=Theme.LIFE_GOALS, text="We help people find their own goals.")
    choice = StatementFactory(team=ward, theme=Theme.CHOICE, text="People choose their support.")
    involvement = StatementFactory(team=ward, theme=Theme.INVOLVEMENT, text="People shape our service.")
    leadership = StatementFactory(team=ward, theme=Theme.LEADERSHIP, text="Leaders talk about recovery.")
    tailored = StatementFactory(team=ward, theme=Theme.TAILORED, text="Support fits each person.")
    lonely = StatementFactory(team=ward, theme=Theme.EDUCATION, text="We learn about recovery together.")

    before = BenchmarkRoundFactory(
        cycle=earlier_cycle,
        name="Round one",
        opened_at=now - dt.timedelta(days=400),
        closed_at=now - dt.timedelta(days=390),
    )
    _rate(before, goals, _scores(raters, [3, 3, 3], [1, 1, 1]))
    _rate(before, goals, {raters["supporters"][0]: 5})  # a group of one: hidden

    latest = BenchmarkRoundFactory(
        cycle=cycle,
        name="Round two",
        opened_at=now - dt.timedelta(days=30),
        closed_at=now - dt.timedelta(days=20),
    )
    _rate(latest, goals, _scores(raters, [4, 4, 4], [2, 2, 2]))
    # Two supporters and a partner: too few on their own, three together as "others".
    _rate(latest, goals, {raters["supporters"][0]: 3, raters["supporters"][1]: 3, raters["partner"]: 3})
    _rate(latest, choice, _scores(raters, [5, 5, 5], [4, 4, 4]))
    _rate(latest, involvement, _scores(raters, [3, 3, 3], [3, 3, 3]))
    _rate(latest, leadership, _scores(raters, [2, 2, 2], [5, 5, 5]))
    _rate(latest, tailored, _scores(raters, [3, 3, 3], [4, 3, 3]))
    _rate(latest, lonely, {raters["partner"]: 1})  # one rater alone: never shown

    still_open = BenchmarkRoundFactory(cycle=cycle, name="Round three", opened_at=now - dt.timedelta(days=1))
    _rate(still_open, goals, _scores(raters, [1, 1, 1], [1, 1, 1]))

    sam, alex = raters["staff"][1], raters["users"][0]
    letter = PriorityFactory(
        cycle=cycle,
        title="A friendlier first letter",
        status=PriorityStatus.ACTIVE,
        staff_lead=sam,
        service_user_lead=alex,
        chosen_at=now - dt.timedelta(days=10),
    )
    PriorityFactory(cycle=cycle, title="Collect recovery stories")
    waiting = PriorityFactory(
        cycle=cycle,
        title="A welcoming waiting area",
        status=PriorityStatus.DONE,
        staff_lead=raters["staff"][2],
        service_user_lead=alex,
        chosen_at=now - dt.timedelta(days=40),
    )
    PriorityFactory(cycle=earlier_cycle, title="Last year's idea")
    ActionFactory(priority=letter, owner=sam, text="Draft the letter", due_on=today - dt.timedelta(days=1))
    ActionFactory(
        priority=letter,
        owner=alex,
        text="Read other teams' letters",
        due_on=today - dt.timedelta(days=10),
        status=ActionStatus.DOING,
    )
    ActionFactory(
        priority=letter, owner=sam, text="Book a room", due_on=today - dt.timedelta(days=1), status="done"
    )
    ActionFactory(priority=letter, owner=sam, text="Send it out", due_on=today + dt.timedelta(days=1))
    ActionFactory(priority=waiting, owner=sam, text="Buy plants", due_on=today - dt.timedelta(days=7))
    return {"cycle": cycle, "latest": latest, "before": before, "letter": letter}


@pytest.fixture
def elsewhere(outsider, today):
    """Another team's cycle and late action: never counted for the ward."""
    cycle = CycleFactory(team=outsider.team, name="Oak's TRIP", stage=Stage.DELIVERING)
    priority = PriorityFactory(
        cycle=cycle,
        title="Oak's own priority",
        status=PriorityStatus.ACTIVE,
        staff_lead=outsider,
        service_user_lead=_person(outsider.team, Role.SERVICE_USER, "Oakley"),
    )
    ActionFactory(
        priority=priority, owner=outsider, text="Oak's late step", due_on=today - dt.timedelta(days=3)
    )
    return cycle


# --- The figures --------------------------------------------------------------------------------


def test_current_cycle_is_the_running_one(ward, trip):
    assert queries.current_cycle(ward) == trip["cycle"]


def test_benchmark_compares_the_latest_closed_round_with_the_earlier_cycles(ward, trip):
    found = queries.benchmark(ward)

    assert found.round == trip["latest"]
    assert found.earlier_round == trip["before"]
    goals = [
        (
            row.perspective_label,
            row.now.raters,
            row.now.average,
            row.before and row.before.average,
            row.change,
        )
        for row in found.themes
        if row.theme == Theme.LIFE_GOALS
    ]
    assert goals == [
        ("Staff", 3, 4.0, 3.0, 1.0),
        ("People using the service", 3, 2.0, 1.0, 1.0),
        # Two supporters and a partner, folded together; last year's lone supporter stays hidden.
        ("Others", 3, 3.0, None, None),
    ]
    assert {row.theme for row in found.themes} == {
        Theme.LIFE_GOALS,
        Theme.CHOICE,
        Theme.INVOLVEMENT,
        Theme.LEADERSHIP,
        Theme.TAILORED,
    }
    assert found.some_hidden  # the partner who alone rated learning together


def test_benchmark_overall_by_perspective_uses_only_groups_shown(ward, trip):
    overall = queries.overall_by_perspective(queries.benchmark(ward).results)
    # Staff: 4,4,4 5,5,5 3,3,3 2,2,2 3,3,3 -> 51 / 15.
    assert round(overall["staff"].average, 2) == 3.4
    assert overall["others"].scores == 3
    assert set(overall) == {"staff", "service_user", "others"}


def test_largest_gaps_are_the_top_three(ward, trip):
    gaps = queries.benchmark(ward).gaps(3)
    assert [(g.version.text, g.groups.gap) for g in gaps] == [
        ("Leaders talk about recovery.", 3.0),
        ("We help people find their own goals.", 2.0),
        ("People choose their support.", 1.0),
    ]


def test_no_closed_round_means_no_benchmark(ward, today):
    cycle = CycleFactory(team=ward)
    BenchmarkRoundFactory(cycle=cycle)  # still open
    assert queries.benchmark(ward) is None


def test_without_an_earlier_cycle_there_is_nothing_to_compare(ward, trip):
    trip["before"].delete()
    found = queries.benchmark(ward)
    assert found.earlier is None
    assert all(row.before is None for row in found.themes)


def test_priorities_grouped_by_status_with_co_leads(ward, trip):
    groups = queries.priorities_by_status(trip["cycle"])
    assert [(g.status, [p.title for p in g.priorities]) for g in groups] == [
        (PriorityStatus.ACTIVE, ["A friendlier first letter"]),
        (PriorityStatus.PROPOSED, ["Collect recovery stories"]),
        (PriorityStatus.DONE, ["A welcoming waiting area"]),
    ]
    letter = groups[0].priorities[0]
    assert (letter.staff_lead.name, letter.service_user_lead.name) == ("Sam", "Alex")


def test_overdue_actions_are_late_unfinished_steps_of_priorities_under_way(
    ward, manager, staff, trip, elsewhere, today
):
    figures = queries.trip_figures(manager, today=today)
    assert figures.overdue_count == 2
    assert [a.text for a in figures.overdue] == ["Read other teams' letters", "Draft the letter"]
    staff_view = queries.trip_figures(staff, today=today)
    assert staff_view.overdue_count == 2
    assert staff_view.overdue is None


# --- The team dashboard page --------------------------------------------------------------------


def test_manager_sees_the_trip_figures(client_for, manager, trip, elsewhere):
    response = client_for(manager).get(_url(manager))

    assert response.status_code == 200
    page = response.content.decode()
    assert "TRIP 2026" in page
    assert "Stage 3 of 5: Choosing our priorities" in page
    assert "Staff: 3.4; People using the service: 3.5; Others: 3</desc>" in page
    assert "Average score by perspective: Round two" in page
    assert "Average score by perspective: Round one" in page
    gaps = page.split('id="benchmark-gaps"')[1].split("</table>")[0]
    assert gaps.index("Leaders talk about recovery.") < gaps.index("We help people find their own goals.")
    assert "Support fits each person." not in gaps
    assert "co-led by Sam (staff) and Alex (person using the service)" in page
    overdue = page.split('id="overdue-actions"')[1].split("</table>")[0]
    assert "Read other teams&#39; letters" in overdue and "Draft the letter" in overdue
    assert "Buy plants" not in overdue and "Book a room" not in overdue
    assert "Oak" not in page
    assert "Round three" not in page


def test_staff_see_the_trip_figures_without_the_overdue_list(client_for, staff, trip):
    page = client_for(staff).get(_url(staff)).content.decode()
    assert "Stage 3 of 5" in page
    assert 'id="overdue-actions"' not in page
    assert "export.csv" not in page


def test_no_note_or_own_answer_reaches_the_dashboard(client_for, manager, trip):
    page = client_for(manager).get(_url(manager)).content.decode()
    assert "Quokka" not in page
    assert "We learn about recovery together." not in page  # one person's answer alone
    # The notes are not even read for the dashboard.
    figures = queries.benchmark(manager.team)
    assert figures.results.statements and figures.results.achieved == [] and figures.results.next_steps == []


def test_a_team_without_trip_is_told_kindly(client_for, manager):
    page = client_for(manager).get(_url(manager)).content.decode()
    assert "The team has not started a TRIP cycle yet." in page
    assert "No benchmarking round has closed yet." in page


def test_another_teams_manager_cannot_see_the_trip_figures(client_for, outsider, trip):
    assert (
        client_for(outsider).get(reverse("dashboard:team", kwargs={"team": "willow-ward"})).status_code == 404
    )


def test_trip_figures_keep_the_same_number_of_queries(
    client_for, ward, manager, raters, trip, today, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(_url(manager))
    with django_assert_max_num_queries(22) as few:
        assert client.get(_url(manager)).status_code == 200

    now = timezone.now()
    for n in range(4):
        cycle = CycleFactory(team=ward, starts_on=today - dt.timedelta(days=900 + 100 * n))
        old = BenchmarkRoundFactory(
            cycle=cycle,
            opened_at=now - dt.timedelta(days=600 + n),
            closed_at=now - dt.timedelta(days=599 + n),
        )
        statement = StatementFactory(team=ward)
        _rate(old, statement, _scores(raters, [2, 3, 4], [1, 2, 3]))
        _rate(trip["latest"], statement, _scores(raters, [2, 3, 4], [1, 2, 3]))
        priority = PriorityFactory(
            cycle=trip["cycle"],
            status=PriorityStatus.ACTIVE,
            staff_lead=raters["staff"][n % 3],
            service_user_lead=raters["users"][n % 3],
        )
        ActionFactory(
            priority=priority, owner=raters["users"][n % 3], due_on=today - dt.timedelta(days=n + 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url(manager)).content.decode()
    assert "Stage 3 of 5" in page


# --- Across teams ------------------------------------------------------------------------------


def _overview_rows(client) -> dict[str, list[str]]:
    from dashboards.tests.test_dashboard import _rows

    return {row[0]: row for row in _rows(client.get(reverse("dashboard:overview")).content.decode())}


def test_overview_shows_each_teams_stage_and_overdue_actions(client_for, manager, trip, elsewhere):
    birch = TeamFactory(name="Birch Ward", slug="birch-ward")
    MembershipFactory(team=birch, user=manager.user, role=Role.MANAGER)
    rows = _overview_rows(client_for(manager))
    assert rows["Willow Ward"][6:8] == ["3 of 5: Choosing our priorities", "2"]
    assert rows["Birch Ward"][6:8] == ["Not started", "0"]
    assert "Oak Community Team" not in rows


def test_overview_sorts_by_stage_and_overdue(client_for, manager, trip):
    birch = TeamFactory(name="Birch Ward", slug="birch-ward")
    MembershipFactory(team=birch, user=manager.user, role=Role.MANAGER)
    client = client_for(manager)
    for sort in ("-stage", "-overdue"):
        page = client.get(reverse("dashboard:overview"), {"sort": sort}).content.decode()
        assert page.index("Willow Ward") < page.index("Birch Ward")
    page = client.get(reverse("dashboard:overview"), {"sort": "stage"}).content.decode()
    assert page.index("Birch Ward") < page.index("Willow Ward")


def test_overview_trip_columns_keep_queries_constant(
    client_for, manager, trip, today, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(reverse("dashboard:overview"))
    # Drawn again, not read from the cache (teams/cache.py), as after any change to the teams.
    team_cache_forget(queries.managed_team_ids(manager.user_id))
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("dashboard:overview"))
    for n in range(5):
        team = TeamFactory(name=f"Elm Ward {n}", slug=f"elm-ward-{n}")
        MembershipFactory(team=team, user=manager.user, role=Role.MANAGER)
        lead = _person(team, Role.STAFF, f"Elm{n}")
        cycle = CycleFactory(team=team, stage=Stage.DELIVERING)
        priority = PriorityFactory(
            cycle=cycle,
            status=PriorityStatus.ACTIVE,
            staff_lead=lead,
            service_user_lead=_person(team, Role.SERVICE_USER, f"Elmuser{n}"),
        )
        ActionFactory(priority=priority, owner=lead, due_on=today - dt.timedelta(days=2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _overview_rows(client)
    assert rows["Elm Ward 3"][6:8] == ["4 of 5: Making it happen", "1"]


# --- CSV export --------------------------------------------------------------------------------


def _csv(client, member, file) -> list[list[str]]:
    response = client.get(_url(member, "export"), {"file": file})
    assert response.status_code == 200
    assert f"willow-ward-{file}-" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_priorities(client_for, manager, trip, elsewhere):
    header, *rows = _csv(client_for(manager), manager, "priorities")
    assert header == [
        "Cycle",
        "Priority",
        "Status",
        "Staff co-lead",
        "Co-lead using the service",
        "Chosen on",
    ]
    chosen = timezone.localdate(trip["letter"].chosen_at).isoformat()
    assert [
        "TRIP 2026",
        "A friendlier first letter",
        "Chosen: under way",
        "Sam",
        "a person using the service",
        chosen,
    ] in rows
    assert ["TRIP 2026", "Collect recovery stories", "Proposed", "", "", ""] in rows
    assert rows[0][1] == "Last year's idea"  # the earlier cycle first
    assert len(rows) == 4


def test_export_actions(client_for, manager, trip, elsewhere, today):
    header, *rows = _csv(client_for(manager), manager, "actions")
    assert header == ["Priority", "Action", "Who is doing it", "Due", "Status", "Overdue"]
    late = (today - dt.timedelta(days=10)).isoformat()
    assert [
        "A friendlier first letter",
        "Read other teams' letters",
        "a person using the service",
        late,
        "Doing",
        "Yes",
    ] in rows
    assert [r[1] for r in rows if r[5] == "Yes"] == ["Read other teams' letters", "Draft the letter"]
    assert len(rows) == 5
    assert "Oak's late step" not in str(rows)


def test_export_benchmarking_is_aggregated_after_folding(client_for, manager, trip):
    header, *rows = _csv(client_for(manager), manager, "benchmarking")
    assert header[:6] == ["Round", "Closed on", "Cycle", "Theme", "Statement", "Perspective"]
    goals_now = [
        r[5:] for r in rows if r[0] == "Round two" and r[4] == "We help people find their own goals."
    ]
    # Groups of three: the average alone; with the lowest and highest it would give every answer.
    assert goals_now == [
        ["Staff", "3", "3", "4.00", "", ""],
        ["People using the service", "3", "3", "2.00", "", ""],
        ["Others", "3", "3", "3.00", "", ""],
    ]
    goals_before = [r[5] for r in rows if r[0] == "Round one"]
    assert goals_before == ["Staff", "People using the service"]  # the lone supporter is hidden
    assert all(int(r[6]) >= 3 for r in rows)
    assert {r[0] for r in rows} == {"Round one", "Round two"}  # the open round is not exported


def test_export_holds_no_one_s_own_answer_or_note(client_for, manager, raters, trip):
    client = client_for(manager)
    text = "".join(str(_csv(client, manager, file)) for file in ("benchmarking", "priorities", "actions"))
    assert "Quokka" not in text
    assert "We learn about recovery together." not in text  # rated by one person alone
    benchmark = str(_csv(client, manager, "benchmarking"))
    for person in ("Maya", "Sam", "Priya", "Alex", "Bea", "Cal", "Jo", "Dot", "Canal Side College"):
        assert person not in benchmark


def test_an_unknown_file_gets_the_little_miracles(client_for, manager):
    response = client_for(manager).get(_url(manager, "export"), {"file": "ratings"})
    assert response.status_code == 200
    assert "willow-ward-little-miracles-" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ["staff", "service_user", "supporter", "partner"])
def test_trip_export_is_for_managers_only(client_for, role, request, trip):
    member = request.getfixturevalue(role)
    assert client_for(member).get(_url(member, "export"), {"file": "benchmarking"}).status_code == 403


def test_trip_export_refuses_another_teams_manager(client_for, outsider, trip):
    address = reverse("dashboard:export", kwargs={"team": "willow-ward"})
    assert client_for(outsider).get(address, {"file": "priorities"}).status_code == 404


def test_benchmark_export_queries_do_not_grow_with_rounds(
    client_for, ward, manager, raters, trip, django_assert_max_num_queries
):
    client = client_for(manager)
    with django_assert_max_num_queries(10) as few:
        _csv(client, manager, "benchmarking")
    now = timezone.now()
    for n in range(4):
        old = BenchmarkRoundFactory(
            cycle=trip["cycle"] if n == 0 else CycleFactory(team=ward),
            opened_at=now - dt.timedelta(days=700 + n),
            closed_at=now - dt.timedelta(days=699 + n),
        )
        _rate(old, StatementFactory(team=ward), _scores(raters, [2, 3, 4], [1, 2, 3]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _csv(client, manager, "benchmarking")
    assert {r[0] for r in rows[1:]} >= {"Round one", "Round two"}
    assert len({r[0] for r in rows[1:]}) == 6


def test_a_priority_with_one_co_lead_says_who_is_still_needed(client_for, manager, staff, ward, today):
    cycle = CycleFactory(team=ward, name="TRIP 2026", starts_on=today - dt.timedelta(days=10))
    PriorityFactory(cycle=cycle, title="Collect recovery stories", staff_lead=staff)
    page = client_for(manager).get(_url(manager)).content.decode()
    assert "co-led by Sam (staff); a person using the service as co-lead is still needed" in page
    assert "no co-leads yet" not in page
