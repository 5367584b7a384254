"""Every priorities page, walked as anonymous, as an outsider, and as each role in the team."""

import pytest
from django.urls import reverse

from trip.tests.conftest import CAST
from trip.tests.factories import ActionFactory, CycleFactory, PriorityFactory

EVERYONE = set(CAST)
MANAGERS = {"manager"}
# The led priority is co-led by Sam (staff) and Alex (service_user); Alex owns the action.
PLANNERS = {"manager", "staff", "service_user"}

PAGES = [
    ("priorities", "cycle", "get", EVERYONE),
    ("priority_new", "cycle", "get", EVERYONE),
    ("priority_new", "cycle", "post", EVERYONE),
    ("priority", "led_priority", "get", EVERYONE),
    ("priority_rate", "led_priority", "post", EVERYONE),
    ("priority_leads", "led_priority", "get", MANAGERS),
    ("priority_leads", "led_priority", "post", MANAGERS),
    ("priority_status", "led_priority", "post", MANAGERS),
    ("action_new", "led_priority", "post", PLANNERS),
    ("update_new", "led_priority", "post", PLANNERS),
    ("action_status", "action", "post", PLANNERS),
]
GET_ONLY = {"priorities", "priority"}
POST_ONLY = {"priority_rate", "priority_status", "action_new", "update_new", "action_status"}


def address(request, name, needs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", "pk": request.getfixturevalue(needs).pk})


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_anonymous_people_are_asked_to_sign_in(client, request, name, needs, method, allowed):
    response = getattr(client, method)(address(request, name, needs))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_outsiders_are_told_nothing(client_for, request, outsider, name, needs, method, allowed):
    assert getattr(client_for(outsider), method)(address(request, name, needs)).status_code == 404


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
@pytest.mark.parametrize("role", CAST)
def test_each_role_gets_in_or_is_kindly_refused(client_for, request, role, name, needs, method, allowed):
    url = address(request, name, needs)
    response = getattr(client_for(request.getfixturevalue(role)), method)(url)
    if role in allowed:
        assert response.status_code in (200, 302), (role, url)
    else:
        assert response.status_code == 403, (role, url)


def test_an_action_owner_who_is_not_a_co_lead_changes_only_their_action(client_for, led_priority, supporter):
    mine = ActionFactory(priority=led_priority, owner=supporter)
    url = reverse("trip:action_status", kwargs={"team": "willow-ward", "pk": mine.pk})
    assert client_for(supporter).post(url, {"status": "doing"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "doing"


OTHER_TEAMS_THINGS = {
    "cycle": lambda team: CycleFactory(team=team),
    "led_priority": lambda team: PriorityFactory(cycle__team=team),
    "action": lambda team: ActionFactory(priority__cycle__team=team),
}


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_another_teams_things_are_not_found_through_our_team(
    client_for, manager, outsider, name, needs, method, allowed
):
    theirs = OTHER_TEAMS_THINGS[needs](outsider.team)
    url = reverse(f"trip:{name}", kwargs={"team": "willow-ward", "pk": theirs.pk})
    assert getattr(client_for(manager), method)(url).status_code == 404


@pytest.mark.parametrize(("name", "needs"), sorted({(n, o) for n, o, _, _ in PAGES if n in GET_ONLY}))
def test_reading_pages_refuse_a_post(client_for, request, manager, name, needs):
    assert client_for(manager).post(address(request, name, needs)).status_code == 405


@pytest.mark.parametrize(("name", "needs"), sorted({(n, o) for n, o, _, _ in PAGES if n in POST_ONLY}))
def test_actions_refuse_a_get(client_for, request, manager, name, needs):
    assert client_for(manager).get(address(request, name, needs)).status_code == 405
