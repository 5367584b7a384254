"""The co-lead rule in all its cases, the ratings, and the celebration when a priority is done."""

import pytest

from successes.models import Success
from teams.models import Role
from tests.factories import MembershipFactory, TeamFactory
from trip import services
from trip.models import PriorityStatus
from trip.tests.factories import PriorityRatingFactory


def set_leads(priority, staff_lead=None, service_user_lead=None, helpers=()):
    return services.priority_set_leads(
        priority=priority, staff_lead=staff_lead, service_user_lead=service_user_lead, helpers=list(helpers)
    )


def test_anyone_proposes_a_priority_linked_to_statements(cycle, supporter):
    from trip.tests.factories import StatementFactory

    statement = StatementFactory(team=cycle.team)
    priority = services.priority_propose(
        member=supporter,
        cycle=cycle,
        title="A welcome pack",
        change="Made with families.",
        statements=[statement],
    )
    assert (priority.proposed_by, priority.status) == (supporter, PriorityStatus.PROPOSED)
    assert list(priority.statements.all()) == [statement]


def test_rating_again_changes_the_one_rating(priority, partner):
    services.priority_rate(member=partner, priority=priority, impact=2, ease=5)
    services.priority_rate(member=partner, priority=priority, impact=4, ease=1)
    assert list(priority.ratings.values_list("impact", "ease")) == [(4, 1)]


def rate(priority, impact, ease, member=None):
    member = member or MembershipFactory(team=priority.cycle.team)
    services.priority_rate(member=member, priority=priority, impact=impact, ease=ease)
    return member


def figures(priority):
    priority.refresh_from_db()
    return (priority.tally_count, priority.tally_impact, priority.tally_ease)


def test_the_team_sees_no_figures_until_three_people_have_rated(priority):
    rate(priority, 5, 1)
    rate(priority, 4, 2)
    assert figures(priority) == (0, None, None)
    rate(priority, 3, 3)
    assert figures(priority) == (3, 4.0, 2.0)


def test_the_figures_move_on_only_when_three_more_people_have_rated_or_changed(priority):
    first = [rate(priority, 4, 4) for _ in range(3)]
    rate(priority, 1, 1)
    rate(priority, 1, 1, member=first[0])
    assert figures(priority) == (3, 4.0, 4.0)
    rate(priority, 1, 1)
    assert figures(priority) == pytest.approx((5, 2.2, 2.2))


def test_attack_reading_the_figures_before_and_after_one_person_rates_learns_nothing(priority):
    """Differencing: someone who reads the figures just before and just after one person rates
    (or changes their rating) would learn that rating from n x new - (n - 1) x old. The figures
    do not move for one person, and when they move, the change is several people's together."""
    for impact in (2, 3, 4):
        rate(priority, impact, 3)
    before = figures(priority)
    newcomer = rate(priority, 5, 5)
    assert figures(priority) == before
    rate(priority, 1, 1, member=newcomer)
    assert figures(priority) == before


def test_attack_one_person_changing_their_rating_again_and_again_moves_nothing(priority, partner):
    """Answering twice: a person who keeps changing their own rating counts once, so they cannot
    make the figures move on their own and work out from the step what the others answered."""
    rate(priority, 3, 3)
    rate(priority, 3, 3)
    rate(priority, 5, 5, member=partner)
    assert figures(priority) == pytest.approx((3, 11 / 3, 11 / 3))
    for impact in (1, 5, 2, 4, 1, 3):
        rate(priority, impact, impact, member=partner)
    assert figures(priority) == pytest.approx((3, 11 / 3, 11 / 3))


@pytest.mark.parametrize("status", [PriorityStatus.DONE, PriorityStatus.DROPPED])
def test_a_finished_or_set_aside_priority_is_not_rated(led_priority, staff, status):
    led_priority.status = status
    led_priority.save()
    with pytest.raises(services.TripError, match="no longer being rated"):
        services.priority_rate(member=staff, priority=led_priority, impact=3, ease=3)


def test_co_leads_and_helpers_of_any_role_are_saved(priority, staff, service_user, supporter, partner):
    set_leads(priority, staff, service_user, helpers=[supporter, partner, staff])
    priority.refresh_from_db()
    assert (priority.staff_lead, priority.service_user_lead) == (staff, service_user)
    # A co-lead is not listed again as a helper.
    assert set(priority.helpers.all()) == {supporter, partner}


def test_a_draft_may_have_no_co_leads(priority):
    set_leads(priority)
    priority.refresh_from_db()
    assert priority.staff_lead is None


@pytest.mark.parametrize("who", ["service_user", "supporter", "partner"])
def test_only_staff_can_be_the_staff_co_lead(request, priority, who):
    person = request.getfixturevalue(who)
    with pytest.raises(services.CoLeadError, match="is not a member of staff") as problem:
        set_leads(priority, staff_lead=person)
    assert problem.value.field == "staff_lead"


@pytest.mark.parametrize("who", ["staff", "manager", "supporter", "partner"])
def test_only_a_person_using_the_service_can_be_their_co_lead(request, priority, who):
    person = request.getfixturevalue(who)
    with pytest.raises(services.CoLeadError, match="is not a person using the service") as problem:
        set_leads(priority, service_user_lead=person)
    assert problem.value.field == "service_user_lead"


def test_a_manager_can_be_the_staff_co_lead(priority, manager, service_user):
    set_leads(priority, manager, service_user)


@pytest.mark.parametrize("which", ["staff", "service_user"])
def test_a_co_lead_who_left_the_team_is_refused_by_name(request, priority, staff, service_user, which):
    request.getfixturevalue(which).leave()
    with pytest.raises(services.CoLeadError, match=r"(Sam|Alex) has left the team, so they cannot co-lead"):
        set_leads(priority, staff, service_user)


def test_a_helper_who_left_is_refused(priority, supporter):
    supporter.leave()
    with pytest.raises(services.CoLeadError, match="Jo has left the team"):
        set_leads(priority, helpers=[supporter])


def test_someone_from_another_team_cannot_co_lead(priority, service_user):
    stranger = MembershipFactory(team=TeamFactory(), role=Role.STAFF)
    with pytest.raises(services.CoLeadError, match="from the team"):
        set_leads(priority, stranger, service_user)


@pytest.mark.parametrize("keep", ["staff_lead", "service_user_lead"])
def test_an_active_priority_cannot_lose_a_co_lead(led_priority, staff, service_user, keep):
    leads = {
        "staff_lead": None,
        "service_user_lead": None,
        keep: {"staff_lead": staff}.get(keep, service_user),
    }
    with pytest.raises(services.CoLeadError, match="A chosen priority needs"):
        set_leads(led_priority, **leads)


@pytest.mark.parametrize("leads", [(), ("staff",), ("service_user",)])
def test_choosing_a_priority_without_both_co_leads_is_kindly_refused(request, priority, manager, leads):
    people = {"staff": "staff_lead", "service_user": "service_user_lead"}
    for who in leads:
        setattr(priority, people[who], request.getfixturevalue(who))
    priority.save()
    with pytest.raises(
        services.CoLeadError, match="Nearly there. Before this priority can start, it needs two"
    ):
        services.priority_set_status(member=manager, priority=priority, status=PriorityStatus.ACTIVE)
    priority.refresh_from_db()
    assert priority.status == PriorityStatus.PROPOSED


def test_choosing_a_priority_whose_co_lead_has_left_is_refused(priority, manager, staff, service_user):
    set_leads(priority, staff, service_user)
    service_user.leave()
    with pytest.raises(services.CoLeadError, match="Alex has left the team"):
        services.priority_set_status(member=manager, priority=priority, status=PriorityStatus.ACTIVE)


def test_choosing_a_priority_with_both_co_leads_starts_it(priority, manager, staff, service_user):
    set_leads(priority, staff, service_user)
    chosen = services.priority_set_status(member=manager, priority=priority, status=PriorityStatus.ACTIVE)
    assert chosen.status == PriorityStatus.ACTIVE
    assert chosen.chosen_at is not None


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("proposed", "done"),
        ("done", "active"),
        ("dropped", "active"),
        ("active", "proposed"),
        ("done", "done"),
    ],
)
def test_a_priority_moves_only_along_its_path(led_priority, manager, start, to):
    led_priority.status = start
    led_priority.save()
    with pytest.raises(services.TripError):
        services.priority_set_status(member=manager, priority=led_priority, status=to)


def test_a_finished_priority_is_celebrated_on_the_wall(led_priority, manager, ward):
    services.priority_set_status(member=manager, priority=led_priority, status=PriorityStatus.DONE)
    success = ward.successes.get()
    assert success.author == manager
    assert success.on_wall
    assert success.text == (
        "We finished our TRIP priority: A friendlier first letter. "
        "Co-led by Sam with one of the people using our service."
    )
    # The wall is read by the whole team: the person using the service is not named there.
    assert "Alex" not in success.text
    led_priority.refresh_from_db()
    assert led_priority.finished_at is not None


def test_when_someone_not_staff_finishes_it_the_staff_co_lead_is_the_author(led_priority, supporter, staff):
    services.priority_set_status(member=supporter, priority=led_priority, status=PriorityStatus.DONE)
    assert Success.objects.get().author == staff


def test_finishing_twice_celebrates_once(led_priority, manager):
    services.priority_set_status(member=manager, priority=led_priority, status=PriorityStatus.DONE)
    with pytest.raises(services.TripError, match="already"):
        services.priority_set_status(member=manager, priority=led_priority, status=PriorityStatus.DONE)
    assert Success.objects.count() == 1


def test_a_department_says_people_we_serve(led_priority, manager, ward):
    ward.kind = ward.Kind.DEPARTMENT
    ward.save()
    led_priority.refresh_from_db()
    services.priority_set_status(member=manager, priority=led_priority, status=PriorityStatus.DONE)
    assert ward.successes.get().text.endswith("with one of the people we serve.")


def test_only_co_leads_and_managers_add_actions_and_updates(led_priority, colleague, service_user):
    with pytest.raises(services.TripError):
        services.update_add(member=colleague, priority=led_priority, text="Hello")
    update = services.update_add(member=service_user, priority=led_priority, text="We met on Tuesday.")
    assert update.author == service_user


def test_an_action_owner_who_left_is_refused(led_priority, staff, supporter):
    supporter.leave()
    with pytest.raises(services.TripError, match="Jo has left the team"):
        services.action_add(
            member=staff,
            priority=led_priority,
            text="Ask the café",
            owner=supporter,
            due_on=led_priority.cycle.starts_on,
        )


def test_ratings_of_other_people_stay(priority, staff, partner):
    PriorityRatingFactory(priority=priority, member=partner, impact=1, ease=1)
    services.priority_rate(member=staff, priority=priority, impact=5, ease=5)
    assert priority.ratings.count() == 2
