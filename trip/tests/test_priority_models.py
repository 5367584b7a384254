import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from trip.models import ActionStatus, PriorityStatus
from trip.tests.factories import ActionFactory, PriorityFactory, PriorityRatingFactory


def test_a_proposed_priority_needs_no_co_leads(cycle):
    assert PriorityFactory(cycle=cycle).status == PriorityStatus.PROPOSED


@pytest.mark.parametrize("status", [PriorityStatus.ACTIVE, PriorityStatus.DONE])
@pytest.mark.parametrize("leads", [(), ("staff_lead",), ("service_user_lead",)])
def test_the_database_refuses_a_chosen_priority_without_both_co_leads(
    cycle, staff, service_user, status, leads
):
    people = {"staff_lead": staff, "service_user_lead": service_user}
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityFactory(cycle=cycle, status=status, **{lead: people[lead] for lead in leads})


def test_the_database_accepts_a_chosen_priority_with_both_co_leads(cycle, staff, service_user):
    PriorityFactory(
        cycle=cycle, status=PriorityStatus.ACTIVE, staff_lead=staff, service_user_lead=service_user
    )


def test_one_person_cannot_be_both_co_leads(cycle, staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityFactory(cycle=cycle, staff_lead=staff, service_user_lead=staff)


@pytest.mark.parametrize(
    "change", [{"title": "  "}, {"change": ""}, {"change": "x" * 501}, {"status": "maybe"}]
)
def test_the_database_refuses_a_bad_priority(cycle, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityFactory(cycle=cycle, **change)


def test_one_rating_per_member_per_priority(priority, staff):
    PriorityRatingFactory(priority=priority, member=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityRatingFactory(priority=priority, member=staff)


@pytest.mark.parametrize("change", [{"impact": 0}, {"impact": 6}, {"ease": 0}, {"ease": 6}])
def test_ratings_stay_on_the_scale(priority, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityRatingFactory(priority=priority, **change)


@pytest.mark.parametrize(
    ("tally", "quick"), [((0, None, None), False), ((3, 3.0, 3.0), True), ((3, 4.7, 2.9), False)]
)
def test_a_quick_win_is_easy_and_makes_a_difference_in_the_tally(cycle, tally, quick):
    count, impact, ease = tally
    priority = PriorityFactory(cycle=cycle, tally_count=count, tally_impact=impact, tally_ease=ease)
    assert priority.is_quick_win is quick


def test_an_action_not_done_after_its_date_is_overdue(priority):
    action = ActionFactory(priority=priority, due_on=dt.date(2026, 6, 1))
    assert action.is_overdue_on(dt.date(2026, 6, 2))
    assert not action.is_overdue_on(dt.date(2026, 6, 1))
    action.status = ActionStatus.DONE
    assert not action.is_overdue_on(dt.date(2026, 6, 2))


def test_the_database_refuses_an_unknown_action_status(priority):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(priority=priority, status="someday")


def test_co_leads_and_managers_plan_others_do_not(
    led_priority, staff, service_user, manager, colleague, supporter
):
    assert all(led_priority.can_plan(m) for m in (staff, service_user, manager))
    assert not any(led_priority.can_plan(m) for m in (colleague, supporter))
