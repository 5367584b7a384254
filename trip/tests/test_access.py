"""Every TRIP page, walked as anonymous, as an outsider, and as each role in the team."""

import pytest
from django.urls import reverse

from teams.models import Role
from trip.tests.conftest import CAST
from trip.tests.factories import CommunityResourceFactory, CycleFactory, LeadRoleFactory

EVERYONE = set(CAST)
MANAGERS = {"manager"}

# (url name, needs an object, method, roles allowed)
PAGES = [
    ("home", None, "get", EVERYONE),
    ("cycle_new", None, "get", MANAGERS),
    ("cycle_new", None, "post", MANAGERS),
    ("cycle", "cycle", "get", EVERYONE),
    ("cycle_edit", "cycle", "get", MANAGERS),
    ("cycle_edit", "cycle", "post", MANAGERS),
    ("cycle_next_stage", "cycle", "post", MANAGERS),
    ("my_assets", None, "get", EVERYONE),
    ("asset_new", None, "get", EVERYONE),
    ("asset_new", None, "post", EVERYONE),
    ("register", None, "get", EVERYONE),
    ("lead_roles", None, "get", EVERYONE),
    ("lead_role_new", None, "get", MANAGERS),
    ("lead_role_new", None, "post", MANAGERS),
    ("lead_role_edit", "lead_role", "get", MANAGERS),
    ("lead_role_edit", "lead_role", "post", MANAGERS),
    ("lead_role_delete", "lead_role", "post", MANAGERS),
    ("resources", None, "get", EVERYONE),
    ("resource_new", None, "get", EVERYONE),
    ("resource_new", None, "post", EVERYONE),
    ("resource", "place", "get", EVERYONE),
    ("resource_rate", "place", "post", EVERYONE),
    # The place was added by the community partner: they and managers may change it.
    ("resource_edit", "place", "get", {"manager", "partner"}),
    ("resource_edit", "place", "post", {"manager", "partner"}),
    ("resource_delete", "place", "post", {"manager", "partner"}),
]
GET_ONLY = {"home", "cycle", "my_assets", "register", "lead_roles", "resources", "resource"}
POST_ONLY = {"cycle_next_stage", "lead_role_delete", "resource_rate", "resource_delete", "asset_delete"}


def address(request, name, needs, team="willow-ward"):
    kwargs = {"team": team}
    if needs:
        kwargs["pk"] = request.getfixturevalue(needs).pk
    return reverse(f"trip:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_anonymous_people_are_asked_to_sign_in(client, request, ward, name, needs, method, allowed):
    response = getattr(client, method)(address(request, name, needs))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_outsiders_are_told_nothing(client_for, request, outsider, name, needs, method, allowed):
    response = getattr(client_for(outsider), method)(address(request, name, needs))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
@pytest.mark.parametrize("role", CAST)
def test_each_role_gets_in_or_is_kindly_refused(client_for, request, role, name, needs, method, allowed):
    member = request.getfixturevalue(role)
    url = address(request, name, needs)
    response = getattr(client_for(member), method)(url)
    if role in allowed:
        assert response.status_code in (200, 302), (role, url)
    else:
        assert response.status_code == 403, (role, url)


OTHER_TEAMS_THINGS = {
    "cycle": lambda team: CycleFactory(team=team),
    "lead_role": lambda team: LeadRoleFactory(team=team),
    "place": lambda team: CommunityResourceFactory(team=team),
}


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), [p for p in PAGES if p[1]])
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


def test_the_cast_covers_every_role():
    assert {Role(role) for role in CAST} == set(Role)
