import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.models import Role, Team
from tests.factories import MembershipFactory, TeamFactory
from trip.models import Cycle, Stage
from trip.tests.factories import CycleFactory


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


# --- The TRIP home ---


def test_home_explains_the_trip_and_lists_cycles_current_first(client_for, staff, ward):
    today = timezone.localdate()
    CycleFactory(
        team=ward,
        name="Our first TRIP",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=50),
    )
    CycleFactory(team=ward, name="Our second TRIP", starts_on=today - dt.timedelta(days=20))
    page = client_for(staff).get(url("home")).content.decode()
    assert "people using the service" in page
    assert "find our strengths" in page
    assert page.index("Our second TRIP") < page.index("Our first TRIP")
    assert "Current" in page
    assert "Start a new cycle" not in page


def test_managers_are_offered_a_new_cycle(client_for, manager):
    page = client_for(manager).get(url("home")).content.decode()
    assert "There is no cycle yet" in page
    assert reverse("trip:cycle_new", kwargs={"team": "willow-ward"}) in page


def test_a_department_gets_words_that_fit_it(client_for, db):
    finance = TeamFactory(name="Finance", slug="finance", kind=Team.Kind.DEPARTMENT)
    member = MembershipFactory(team=finance, role=Role.STAFF)
    page = client_for(member).get(reverse("trip:home", kwargs={"team": "finance"})).content.decode()
    assert "people we serve" in page
    assert "people using the service" not in page


def test_the_trip_page_is_marked_current_in_the_team_nav(client_for, staff):
    page = client_for(staff).get(url("home")).content.decode()
    assert f'href="{url("home")}" aria-current="page"' in page


def test_home_makes_a_constant_number_of_queries(client_for, manager, ward, django_assert_max_num_queries):
    client = client_for(manager)
    CycleFactory(team=ward)
    client.get(url("home"))
    for _ in range(10):
        CycleFactory(team=ward)
    with django_assert_max_num_queries(7):
        assert client.get(url("home")).status_code == 200


# --- Starting and changing a cycle ---


def test_a_manager_starts_a_cycle(client_for, manager, ward):
    response = client_for(manager).post(
        url("cycle_new"), {"name": "Spring 2026", "starts_on": "2026-03-02", "ends_on": ""}, follow=True
    )
    cycle = ward.trip_cycles.get()
    assert response.redirect_chain[-1][0] == url("cycle", pk=cycle.pk)
    assert (cycle.name, cycle.starts_on, cycle.ends_on, cycle.stage) == (
        "Spring 2026",
        dt.date(2026, 3, 2),
        None,
        Stage.ASSETS,
    )
    assert cycle.started_by == manager
    assert "“Spring 2026” has started" in response.content.decode()


def test_dates_typed_the_british_way_are_understood(client_for, manager, ward):
    client_for(manager).post(
        url("cycle_new"), {"name": "Autumn", "starts_on": "7/9/2026", "ends_on": "30/11/2026"}
    )
    assert ward.trip_cycles.get().ends_on == dt.date(2026, 11, 30)


def test_an_end_before_the_start_is_kindly_refused_and_nothing_typed_is_lost(client_for, manager, ward):
    response = client_for(manager).post(
        url("cycle_new"), {"name": "Summer <b>fun</b>", "starts_on": "2026-06-10", "ends_on": "2026-06-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date. Please choose Wednesday 10 June 2026 or later." in page
    assert 'value="Summer &lt;b&gt;fun&lt;/b&gt;"' in page
    assert 'value="2026-06-01"' in page
    assert not ward.trip_cycles.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "starts_on": "2026-06-10"}, "Please give this cycle a name."),
        ({"name": "Summer", "starts_on": ""}, "Please enter the date the cycle starts."),
        ({"name": "Summer", "starts_on": "the tenth"}, "Please enter a date, for example 17/05/2026."),
        ({"name": "x" * 121, "starts_on": "2026-06-10"}, "Please keep this to 120 characters or fewer"),
    ],
)
def test_missing_or_odd_details_get_a_clear_message(client_for, manager, ward, data, message):
    response = client_for(manager).post(url("cycle_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ward.trip_cycles.exists()


def test_a_manager_adds_an_end_date_later(client_for, manager, cycle):
    response = client_for(manager).post(
        url("cycle_edit", pk=cycle.pk),
        {"name": "Spring 2026", "starts_on": "2026-05-01", "ends_on": "2026-09-30"},
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.ends_on == dt.date(2026, 9, 30)


def test_changing_a_cycle_with_dates_in_the_wrong_order_keeps_what_was_typed(client_for, manager, cycle):
    response = client_for(manager).post(
        url("cycle_edit", pk=cycle.pk),
        {"name": "Renamed", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    page = response.content.decode()
    assert "The end date is before the start date" in page
    assert 'value="Renamed"' in page
    cycle.refresh_from_db()
    assert (cycle.name, cycle.ends_on) == ("Spring 2026", None)


def test_the_edit_form_starts_with_the_cycle_as_it_is(client_for, manager, cycle):
    page = client_for(manager).get(url("cycle_edit", pk=cycle.pk)).content.decode()
    assert 'value="Spring 2026"' in page
    assert 'value="2026-05-01"' in page


# --- A cycle and its stages ---


def test_the_cycle_page_shows_where_the_team_is(client_for, service_user, cycle):
    cycle.stage = Stage.BENCHMARKING
    cycle.save()
    page = client_for(service_user).get(url("cycle", pk=cycle.pk)).content.decode()
    assert page.index("Finding our assets") < page.index("Done") < page.index("Seeing how we are doing")
    assert page.index("We are here") > page.index("Seeing how we are doing")
    assert "Staff and people using the service rate together" in page
    assert "Move on to" not in page


def test_a_manager_moves_the_cycle_to_the_next_stage(client_for, manager, cycle):
    page = client_for(manager).get(url("cycle", pk=cycle.pk)).content.decode()
    assert "Move on to “Seeing how we are doing”" in page
    response = client_for(manager).post(
        url("cycle_next_stage", pk=cycle.pk), {"from_stage": "assets"}, follow=True
    )
    cycle.refresh_from_db()
    assert cycle.stage == Stage.BENCHMARKING
    assert "The cycle has moved on to “Seeing how we are doing”" in response.content.decode()


def test_a_second_tap_on_move_on_does_not_skip_a_stage(client_for, manager, cycle):
    client = client_for(manager)
    client.post(url("cycle_next_stage", pk=cycle.pk), {"from_stage": "assets"})
    response = client.post(url("cycle_next_stage", pk=cycle.pk), {"from_stage": "assets"}, follow=True)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.BENCHMARKING
    assert "already moved on to “Seeing how we are doing”" in response.content.decode()


@pytest.mark.parametrize("from_stage", ["", "nonsense"])
def test_a_move_on_without_a_known_stage_changes_nothing(client_for, manager, cycle, from_stage):
    response = client_for(manager).post(url("cycle_next_stage", pk=cycle.pk), {"from_stage": from_stage})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.stage == Stage.ASSETS


def test_the_last_stage_offers_the_next_cycle(client_for, manager, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(stage=Stage.REVIEW)
    page = client_for(manager).get(url("cycle", pk=cycle.pk)).content.decode()
    assert "Move on to" not in page
    assert "start the next cycle" in page
    response = client_for(manager).post(
        url("cycle_next_stage", pk=cycle.pk), {"from_stage": "review"}, follow=True
    )
    assert "already at its last stage" in response.content.decode()
