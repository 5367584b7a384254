import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from successes.models import Success
from teams.models import Role
from tests.factories import MembershipFactory
from trip import services
from trip.models import Priority, PriorityStatus
from trip.tests.factories import (
    ActionFactory,
    PriorityFactory,
    PriorityRatingFactory,
    ProgressUpdateFactory,
    StatementFactory,
)


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


def rate(priority, impact, ease):
    someone = MembershipFactory(team=priority.cycle.team)
    services.priority_rate(member=someone, priority=priority, impact=impact, ease=ease)


# The cycle starts on 1 May 2026; these tests plan an action for June, seen from the spring.
IN_THE_SPRING = time_machine.travel(dt.datetime(2026, 5, 20, 12, tzinfo=dt.UTC), tick=False)

GOOD = {"title": "A friendlier first letter", "change": "Write it with people using the service."}


def test_anyone_proposes_a_priority_linked_to_statements(client_for, supporter, cycle, ward):
    statement = StatementFactory(team=ward, text="We ask what matters to people.")
    form = client_for(supporter).get(url("priority_new", pk=cycle.pk)).content.decode()
    assert "We ask what matters to people." in form
    response = client_for(supporter).post(
        url("priority_new", pk=cycle.pk), {**GOOD, "statements": [statement.pk]}, follow=True
    )
    priority = cycle.priorities.get()
    assert (priority.title, priority.proposed_by) == ("A friendlier first letter", supporter)
    assert list(priority.statements.all()) == [statement]
    assert response.redirect_chain[-1][0] == url("priority", pk=priority.pk)
    assert "is proposed. Everyone can now rate it." in response.content.decode()


def test_a_retired_statement_is_not_offered(client_for, staff, cycle, ward):
    from trip.models import StatementRetirement

    statement = StatementFactory(team=ward, text="Set aside statement")
    StatementRetirement.objects.create(team=ward, statement=statement)
    assert (
        "Set aside statement" not in client_for(staff).get(url("priority_new", pk=cycle.pk)).content.decode()
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Please give the priority a name."),
        ({"change": " "}, "Please say what we want to change."),
        ({"title": "x" * 121}, "Please keep this to 120 characters or fewer (it has 121)."),
        ({"change": "x" * 501}, "Please keep this to 500 characters or fewer (it has 501)."),
        ({"statements": ["999999"]}, "Please choose statements from the list."),
    ],
)
def test_bad_input_gets_a_kind_message_and_keeps_what_was_typed(client_for, staff, cycle, change, message):
    response = client_for(staff).post(url("priority_new", pk=cycle.pk), {**GOOD, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    for field, typed in GOOD.items():
        if field not in change:
            assert typed in page
    assert not Priority.objects.exists()


def test_script_is_shown_escaped(client_for, staff, cycle):
    client_for(staff).post(url("priority_new", pk=cycle.pk), {**GOOD, "title": "<script>alert(1)</script>"})
    priority = cycle.priorities.get()
    for page in (url("priority", pk=priority.pk), url("priorities", pk=cycle.pk)):
        html = client_for(staff).get(page).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html


def test_the_list_shows_the_quick_wins_chart_with_a_table(client_for, staff, cycle):
    easy = PriorityFactory(cycle=cycle, title="Plants in the waiting area")
    for impact, ease in ((4, 5), (3, 4), (2, 3)):
        rate(easy, impact, ease)
    hard = PriorityFactory(cycle=cycle, title="New review meetings")
    for _ in range(3):
        rate(hard, 5, 1)
    rate(PriorityFactory(cycle=cycle, title="Rated by two so far"), 5, 5)
    PriorityFactory(cycle=cycle, title="Not rated yet")
    page = client_for(staff).get(url("priorities", pk=cycle.pk)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "1. Plants in the waiting area: difference 3.0, ease 4.0." in page
    table = page[page.index('id="quick-wins-table"') :]
    assert "Plants in the waiting area <strong>(quick win)</strong>" in table
    assert "New review meetings</td>" in table
    assert "Rated by two so far</td>" not in table
    assert "Not rated yet</td>" not in table
    assert page.count('class="app-chart__point"') == 2


def test_attack_the_list_and_the_page_stay_the_same_when_one_more_person_rates(
    client_for, staff, partner, priority
):
    """Anyone in the team reading the chart or the priority's page just before and just after one
    person rates must not be able to work out that person's rating."""
    for impact in (2, 4, 5):
        rate(priority, impact, 4)
    client = client_for(staff)

    def seen():
        chart = client.get(url("priorities", pk=priority.cycle_id)).content.decode()
        page = client.get(url("priority", pk=priority.pk)).content.decode()
        rating = page[page.index('id="priority-rating"') :]
        return (
            chart[chart.index("<h2>Quick wins") : chart.index("<h2>All our priorities")],
            rating[: rating.index("<form")],
        )

    before = seen()
    assert "From the ratings of 3 people." in before[1]
    client_for(partner).post(url("priority_rate", pk=priority.pk), {"impact": "1", "ease": "1"})
    assert priority.ratings.count() == 4
    assert seen() == before


def test_the_list_says_who_co_leads_and_whether_i_rated(client_for, service_user, led_priority):
    PriorityRatingFactory(priority=led_priority, member=service_user)
    page = client_for(service_user).get(url("priorities", pk=led_priority.cycle_id)).content.decode()
    assert "Co-led by Sam and Alex." in page
    assert "You have rated it." in page


def test_the_list_makes_a_constant_number_of_queries(
    client_for, staff, cycle, ward, django_assert_max_num_queries
):
    client = client_for(staff)
    client.get(url("priorities", pk=cycle.pk))
    for n in range(10):
        priority = PriorityFactory(
            cycle=cycle,
            status=PriorityStatus.ACTIVE,
            staff_lead=MembershipFactory(team=ward),
            service_user_lead=MembershipFactory(team=ward, role=Role.SERVICE_USER),
        )
        PriorityRatingFactory(priority=priority, impact=n % 5 + 1)
    with django_assert_max_num_queries(9):
        assert client.get(url("priorities", pk=cycle.pk)).status_code == 200


def test_the_priority_page_makes_a_constant_number_of_queries(
    client_for, staff, led_priority, ward, django_assert_max_num_queries
):
    client = client_for(staff)
    client.get(url("priority", pk=led_priority.pk))
    for _ in range(8):
        someone = MembershipFactory(team=ward)
        ActionFactory(priority=led_priority, owner=someone)
        ProgressUpdateFactory(priority=led_priority, author=someone)
        PriorityRatingFactory(priority=led_priority, member=someone)
        led_priority.helpers.add(someone)
        led_priority.statements.add(StatementFactory(team=ward))
    with django_assert_max_num_queries(16):
        assert client.get(url("priority", pk=led_priority.pk)).status_code == 200


def test_a_member_rates_a_priority(client_for, partner, priority):
    response = client_for(partner).post(
        url("priority_rate", pk=priority.pk), {"impact": "5", "ease": "2"}, follow=True
    )
    assert list(priority.ratings.values_list("member", "impact", "ease")) == [(partner.pk, 5, 2)]
    page = response.content.decode()
    assert "Thank you. Your rating is saved." in page
    assert "1 of us has rated this so far. The team’s figures appear once 3 people have rated" in page
    assert "Difference it makes" not in page


def test_rating_again_updates_the_one_rating_and_shows_it(client_for, partner, priority):
    client = client_for(partner)
    client.post(url("priority_rate", pk=priority.pk), {"impact": "1", "ease": "1"})
    client.post(url("priority_rate", pk=priority.pk), {"impact": "4", "ease": "3"})
    assert list(priority.ratings.values_list("impact", "ease")) == [(4, 3)]
    page = client.get(url("priority", pk=priority.pk)).content.decode()
    assert 'value="4" checked' in page


@pytest.mark.parametrize(
    "data", [{"impact": "0", "ease": "3"}, {"impact": "3", "ease": "9"}, {"impact": "x"}, {}]
)
def test_ratings_off_the_scale_are_refused_kindly(client_for, staff, priority, data):
    response = client_for(staff).post(url("priority_rate", pk=priority.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "from 1 to 5." in page
    assert not priority.ratings.exists()


def test_rating_with_htmx_returns_the_rating_part_with_the_new_average(client_for, staff, priority):
    rate(priority, 2, 2)
    rate(priority, 3, 3)
    response = client_for(staff).post(
        url("priority_rate", pk=priority.pk), {"impact": "4", "ease": "4"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert fragment.strip().startswith('<div id="priority-rating">')
    assert "<html" not in fragment
    assert "Thank you. Your rating is saved." in fragment
    assert "Difference it makes: <strong>3.0 out of 5</strong>" in fragment
    assert "From the ratings of 3 people." in fragment


def test_a_bad_rating_with_htmx_returns_the_form_with_its_message(client_for, staff, priority):
    response = client_for(staff).post(
        url("priority_rate", pk=priority.pk), {"impact": "7", "ease": "2"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Please choose how much difference it would make, from 1 to 5." in fragment
    assert 'value="2" checked' in fragment


def test_the_rating_fragment_is_the_same_alone_and_in_the_page(client_for, staff, priority):
    client = client_for(staff)
    whole = client.get(url("priority", pk=priority.pk)).content.decode()
    alone = client.get(url("priority", pk=priority.pk), HTTP_HX_REQUEST="true").content.decode()

    def unmasked(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert unmasked(alone).strip() in unmasked(whole)


def test_a_finished_priority_is_not_rated_any_more(client_for, staff, led_priority):
    led_priority.status = PriorityStatus.DONE
    led_priority.save()
    page = (
        client_for(staff)
        .post(url("priority_rate", pk=led_priority.pk), {"impact": "3", "ease": "3"})
        .content.decode()
    )
    assert "This priority is no longer being rated." in page
    assert not led_priority.ratings.exists()


def test_the_manager_chooses_co_leads_and_helpers(
    client_for, manager, priority, staff, service_user, partner
):
    form = client_for(manager).get(url("priority_leads", pk=priority.pk)).content.decode()
    assert "Co-lead who is a person using the service" in form
    response = client_for(manager).post(
        url("priority_leads", pk=priority.pk),
        {"staff_lead": staff.pk, "service_user_lead": service_user.pk, "helpers": [partner.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "The co-leads and helpers are saved." in page
    assert (
        "Co-led by <strong>Sam</strong> (staff) and <strong>Alex</strong> (person using the service)." in page
    )
    assert "Helped by Canal Side College (community partner)." in page


@pytest.mark.parametrize(
    ("who", "field", "message"),
    [
        ("supporter", "staff_lead", "Jo is not a member of staff, so they cannot be the staff co-lead."),
        (
            "colleague",
            "service_user_lead",
            "Priya is not a person using the service, so they cannot be this co-lead.",
        ),
    ],
)
def test_a_co_lead_of_the_wrong_role_is_refused_kindly(
    client_for, request, manager, priority, partner, who, field, message
):
    response = client_for(manager).post(
        url("priority_leads", pk=priority.pk),
        {field: request.getfixturevalue(who).pk, "helpers": [partner.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'value="{partner.pk}" checked' in page
    priority.refresh_from_db()
    assert priority.staff_lead is None and priority.service_user_lead is None


def test_a_co_lead_who_left_is_refused_by_name(client_for, manager, priority, staff, service_user):
    service_user.leave()
    page = (
        client_for(manager)
        .post(
            url("priority_leads", pk=priority.pk),
            {"staff_lead": staff.pk, "service_user_lead": service_user.pk},
        )
        .content.decode()
    )
    assert "Alex has left the team, so they cannot co-lead this priority." in page


def test_someone_not_in_the_team_is_not_a_choice(client_for, manager, priority, outsider):
    page = (
        client_for(manager)
        .post(url("priority_leads", pk=priority.pk), {"staff_lead": outsider.pk})
        .content.decode()
    )
    assert "Please choose someone from the team." in page


def test_choosing_without_co_leads_is_refused_with_a_kind_message(client_for, manager, priority):
    response = client_for(manager).post(
        url("priority_status", pk=priority.pk), {"status": "active"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("priority_leads", pk=priority.pk)
    assert "Nearly there. Before this priority can start, it needs two co-leads" in response.content.decode()
    priority.refresh_from_db()
    assert priority.status == PriorityStatus.PROPOSED


def test_the_manager_chooses_a_priority_with_both_co_leads(
    client_for, manager, priority, staff, service_user
):
    priority.staff_lead, priority.service_user_lead = staff, service_user
    priority.save()
    response = client_for(manager).post(
        url("priority_status", pk=priority.pk), {"status": "active"}, follow=True
    )
    assert "The priority is chosen." in response.content.decode()
    priority.refresh_from_db()
    assert priority.status == PriorityStatus.ACTIVE


def test_marking_done_celebrates_on_the_wall(client_for, manager, led_priority, ward):
    response = client_for(manager).post(
        url("priority_status", pk=led_priority.pk), {"status": "done"}, follow=True
    )
    page = response.content.decode()
    assert "Congratulations! The priority is done, and it is on the little-miracles wall." in page
    assert "We did it" in page
    wall = client_for(manager).get(reverse("successes:wall", kwargs={"team": "willow-ward"})).content.decode()
    assert "We finished our TRIP priority: A friendlier first letter." in wall
    assert Success.objects.get().author == manager


@pytest.mark.parametrize("status", ["finished", "", "proposed"])
def test_an_unknown_or_impossible_status_is_refused_kindly(client_for, manager, led_priority, status):
    response = client_for(manager).post(
        url("priority_status", pk=led_priority.pk), {"status": status}, follow=True
    )
    assert response.status_code == 200
    assert (
        "Please choose what should happen" in response.content.decode()
        or "cannot become" in response.content.decode()
    )
    led_priority.refresh_from_db()
    assert led_priority.status == PriorityStatus.ACTIVE


@IN_THE_SPRING
def test_a_co_lead_adds_an_action(client_for, service_user, led_priority, colleague):
    response = client_for(service_user).post(
        url("action_new", pk=led_priority.pk),
        {
            "action-text": "Ask the café for a corner",
            "action-owner": colleague.pk,
            "action-due_on": "2026-06-10",
        },
        follow=True,
    )
    action = led_priority.actions.get()
    assert (action.text, action.owner, action.due_on, action.added_by) == (
        "Ask the café for a corner",
        colleague,
        dt.date(2026, 6, 10),
        service_user,
    )
    assert "“Ask the café for a corner” is added to the plan." in response.content.decode()


@IN_THE_SPRING
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"action-due_on": "2026-04-30"},
            "This date is before the cycle started. Please choose Friday 1 May 2026 or later.",
        ),
        ({"action-due_on": "31/02/2026"}, "Please enter a date, for example 17/05/2026."),
        ({"action-text": "x" * 201}, "Please keep this to 200 characters or fewer (it has 201)."),
        ({"action-owner": ""}, "Please choose who will do it."),
    ],
)
def test_a_bad_action_keeps_what_was_typed(client_for, staff, led_priority, colleague, change, message):
    good = {"action-text": "Ask the café", "action-owner": colleague.pk, "action-due_on": "2026-06-10"}
    response = client_for(staff).post(url("action_new", pk=led_priority.pk), {**good, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "There is a problem" in page
    if "action-text" not in change:
        assert 'value="Ask the café"' in page
    assert not led_priority.actions.exists()


@IN_THE_SPRING
def test_an_action_owner_who_left_is_refused_by_name(client_for, staff, led_priority, colleague):
    colleague.leave()
    page = (
        client_for(staff)
        .post(
            url("action_new", pk=led_priority.pk),
            {"action-text": "Ask the café", "action-owner": colleague.pk, "action-due_on": "2026-06-10"},
        )
        .content.decode()
    )
    assert "Priya has left the team." in page


def test_overdue_actions_are_highlighted(client_for, staff, led_priority, service_user):
    ActionFactory(priority=led_priority, owner=service_user, text="Late one", due_on=dt.date(2020, 1, 1))
    ActionFactory(
        priority=led_priority, owner=service_user, text="Done late", due_on=dt.date(2020, 1, 1), status="done"
    )
    page = client_for(staff).get(url("priority", pk=led_priority.pk)).content.decode()
    assert page.count('class="app-overdue"') == 1
    assert page.count("Overdue") == 1


def test_the_action_status_changes(client_for, service_user, action):
    response = client_for(service_user).post(
        url("action_status", pk=action.pk), {"status": "done"}, follow=True
    )
    action.refresh_from_db()
    assert action.status == "done"
    assert "“Read letters from other teams” is now “Done”." in response.content.decode()


def test_an_unknown_action_status_is_refused_kindly(client_for, service_user, action):
    response = client_for(service_user).post(
        url("action_status", pk=action.pk), {"status": "later"}, follow=True
    )
    assert "Please choose to do, doing or done." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "to_do"


def test_updates_form_a_timeline_newest_first(client_for, staff, led_priority, service_user):
    client_for(service_user).post(url("update_new", pk=led_priority.pk), {"update-text": "We met the café."})
    response = client_for(staff).post(
        url("update_new", pk=led_priority.pk), {"update-text": "The corner is <b>ready</b>."}, follow=True
    )
    page = response.content.decode()
    assert "Thank you. Your update is on the timeline." in page
    assert page.index("The corner is &lt;b&gt;ready&lt;/b&gt;.") < page.index("We met the café.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write a few words about how it is going."),
        ("x" * 301, "Please keep this to 300 characters or fewer (it has 301)."),
    ],
)
def test_a_bad_update_keeps_what_was_typed(client_for, staff, led_priority, text, message):
    response = client_for(staff).post(url("update_new", pk=led_priority.pk), {"update-text": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f"{text}</textarea>" in page
    assert not led_priority.updates.exists()


def test_people_who_cannot_plan_see_no_planning_forms(client_for, supporter, led_priority):
    page = client_for(supporter).get(url("priority", pk=led_priority.pk)).content.decode()
    assert "Add to the plan" not in page
    assert "Add an update" not in page
    assert "Choose the co-leads" not in page


def test_the_cycle_page_links_to_the_priorities(client_for, staff, cycle):
    page = (
        client_for(staff)
        .get(reverse("trip:cycle", kwargs={"team": "willow-ward", "pk": cycle.pk}))
        .content.decode()
    )
    assert url("priorities", pk=cycle.pk) in page


def test_the_trip_home_links_to_the_current_cycles_priorities(client_for, service_user, cycle):
    page = client_for(service_user).get(reverse("trip:home", kwargs={"team": "willow-ward"})).content.decode()
    assert url("priorities", pk=cycle.pk) in page


# Moved from the old priorities access table: the plan is the co-leads' and the manager's.


@pytest.mark.parametrize("role", ["supporter", "partner", "colleague"])
def test_who_does_not_lead_a_priority_cannot_change_its_plan(client_for, request, role, action):
    client = client_for(request.getfixturevalue(role))
    pk = action.priority.pk
    assert client.post(url("action_new", pk=pk), {"text": "Sneaky."}).status_code == 403
    assert client.post(url("update_new", pk=pk), {"text": "Sneaky."}).status_code == 403
    assert client.post(url("action_status", pk=action.pk), {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status != "done"
    assert not action.priority.updates.exists()


def test_an_action_owner_who_is_not_a_co_lead_changes_only_their_action(client_for, led_priority, supporter):
    mine = ActionFactory(priority=led_priority, owner=supporter)
    response = client_for(supporter).post(url("action_status", pk=mine.pk), {"status": "doing"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "doing"


@IN_THE_SPRING
def test_a_past_due_date_asks_first_and_keeps_what_was_typed(client_for, staff, led_priority, colleague):
    typed = {"action-text": "Ask the café", "action-owner": colleague.pk, "action-due_on": "2026-05-10"}
    page = client_for(staff).post(url("action_new", pk=led_priority.pk), typed).content.decode()
    assert "That date has passed — save it anyway?" in page
    assert 'value="Ask the café"' in page and 'value="2026-05-10"' in page
    assert "Yes, save it with this date" in page
    assert not led_priority.actions.exists()

    client_for(staff).post(url("action_new", pk=led_priority.pk), {**typed, "action-past_date_ok": "on"})
    assert led_priority.actions.get().due_on == dt.date(2026, 5, 10)


@IN_THE_SPRING
def test_a_due_date_today_or_later_is_not_questioned(client_for, staff, led_priority, colleague):
    page = (
        client_for(staff)
        .post(
            url("action_new", pk=led_priority.pk),
            {"action-text": "Ask the café", "action-owner": colleague.pk, "action-due_on": "2026-05-20"},
        )
        .content.decode()
    )
    assert "That date has passed" not in page
    assert led_priority.actions.get().due_on == dt.date(2026, 5, 20)


def test_with_only_a_staff_co_lead_the_page_says_who_is_still_needed(client_for, manager, priority, staff):
    response = client_for(manager).post(
        url("priority_leads", pk=priority.pk), {"staff_lead": staff.pk, "service_user_lead": ""}, follow=True
    )
    page = response.content.decode()
    co_leads = page[page.index('id="co-leads"') :]
    assert "No co-leads yet" not in page
    assert "Co-led by <strong>Sam" in co_leads
    assert "A person using the service as co-lead is still needed." in page


def test_choosing_with_one_co_lead_names_the_one_missing(client_for, manager, priority, staff):
    priority.staff_lead = staff
    priority.save()
    response = client_for(manager).post(
        url("priority_status", pk=priority.pk), {"status": "active"}, follow=True
    )
    assert "A person using the service as co-lead is still needed." in response.content.decode()


def test_co_lead_helper_and_owner_lists_show_each_role(
    client_for, manager, led_priority, staff, service_user, supporter
):
    leads = client_for(manager).get(url("priority_leads", pk=led_priority.pk)).content.decode()
    assert f"{staff.name} (staff)" in leads
    assert f"{service_user.name} (person using the service)" in leads
    assert f"{supporter.name} (supporter)" in leads
    assert "(Supporter (relative or friend))" not in leads
    plan = client_for(manager).get(url("priority", pk=led_priority.pk)).content.decode()
    assert f"{service_user.name} (person using the service)" in plan
