"""After joining, a person lands where the TRIP has something for them to do: the open round of
the team's current cycle they have not finished, or a priority they co-lead."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.next_steps import landing_url
from tests.factories import InvitationFactory, JoinCodeFactory, MembershipFactory
from trip.models import Statement
from trip.services import next_step_for
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture
def round(cycle):
    return BenchmarkRoundFactory(cycle=cycle, name="Spring check-in")


def answer_everything(round, member):
    for statement in Statement.objects.in_use_by(round.cycle.team):
        BenchmarkRatingFactory(round=round, statement=statement, member=member)


def test_nothing_to_do_lands_on_the_usual_start_page(service_user):
    assert next_step_for(service_user) is None
    assert landing_url(service_user) == service_user.start_url


def test_an_open_round_not_yet_finished_comes_first(service_user, round, led_priority):
    BenchmarkRatingFactory(
        round=round, statement=Statement.objects.in_use_by(round.cycle.team).first(), member=service_user
    )
    assert landing_url(service_user) == url("round", pk=round.pk)


def test_a_finished_round_leaves_the_priority_they_co_lead(service_user, round, led_priority):
    answer_everything(round, service_user)
    assert landing_url(service_user) == url("priority", pk=led_priority.pk)


def test_someone_else_finishing_does_not_count(service_user, staff, round):
    answer_everything(round, staff)
    assert next_step_for(service_user) == url("round", pk=round.pk)


def test_a_closed_round_has_nothing_to_do(service_user, round):
    round.closed_at = timezone.now()
    round.save()
    assert next_step_for(service_user) is None


def test_only_the_current_cycle_counts(ward, service_user, cycle):
    cycle.ends_on = dt.date(2026, 6, 1)
    cycle.save()
    BenchmarkRoundFactory(cycle=cycle)  # left open in a cycle that has ended
    CycleFactory(team=ward, starts_on=dt.date(2026, 7, 1))
    assert next_step_for(service_user) is None


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_finished_or_set_aside_priority_has_nothing_to_do(priority, staff, service_user, status):
    priority.service_user_lead, priority.staff_lead, priority.status = service_user, staff, status
    priority.save()
    assert next_step_for(service_user) is None


def test_a_proposed_priority_they_co_lead_counts(priority, service_user):
    priority.service_user_lead = service_user
    priority.save()
    assert next_step_for(service_user) == url("priority", pk=priority.pk)


def test_another_teams_round_is_not_theirs(outsider, round):
    assert next_step_for(outsider) is None


# --- Joining by any code lands there ---


def test_joining_with_a_code_offers_the_open_round(client, ward, round):
    JoinCodeFactory(team=ward, code="ABCD3467")
    client.post("/join/", {"code": "ABCD3467"})
    client.post("/join/about-you/", {"display_name": "River", "password": "kettle on the windowsill"})
    html = client.get("/join/welcome/").content.decode()
    assert f'href="{url("round", pk=round.pk)}"' in html


def test_a_signed_in_person_joining_with_a_code_lands_on_the_open_round(client_for, outsider, ward, round):
    JoinCodeFactory(team=ward, code="ABCD3467")
    response = client_for(outsider).post("/join/", {"code": "ABCD3467", "confirm": "yes"})
    assert response["Location"] == url("round", pk=round.pk)


def test_accepting_an_invitation_lands_on_the_open_round(client, ward, manager, round):
    invitation = InvitationFactory(team=ward, invited_by=manager, email="nia@example.test")
    response = client.post(
        reverse("accept_invitation", args=[invitation.token]),
        {"display_name": "Nia", "password": "kettle on the windowsill"},
    )
    assert response["Location"] == url("round", pk=round.pk)


def test_a_member_who_finished_lands_on_their_start_page(client_for, ward, round):
    member = MembershipFactory(team=ward)
    answer_everything(round, member)
    assert landing_url(member) == member.start_url
