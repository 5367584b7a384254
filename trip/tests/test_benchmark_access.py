"""Every benchmarking page, walked as anonymous, as an outsider, and as each role in the team."""

import pytest
from django.urls import reverse

from trip.models import Statement
from trip.tests.conftest import CAST
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory

EVERYONE = set(CAST)
MANAGERS = {"manager"}

# (url name, what it needs, method, roles allowed)
PAGES = [
    ("statements", None, "get", EVERYONE),
    ("statement_new", None, "get", MANAGERS),
    ("statement_new", None, "post", MANAGERS),
    ("statement_edit", "statement", "get", MANAGERS),
    ("statement_edit", "statement", "post", MANAGERS),
    ("statement_retire", "statement", "post", MANAGERS),
    ("round_new", "cycle", "get", MANAGERS),
    ("round_new", "cycle", "post", MANAGERS),
    ("round", "round", "get", EVERYONE),
    ("round_rate", "rate", "post", EVERYONE),
    ("round_close", "round", "post", MANAGERS),
    ("round_qr", "round", "get", MANAGERS),
    ("round_results", "round", "get", EVERYONE),
    ("round_meeting", "round", "get", EVERYONE),
    ("round_agree", "agree", "post", MANAGERS),
]
GET_ONLY = {"statements", "round", "round_results", "round_meeting", "round_qr"}
POST_ONLY = {"statement_retire", "round_rate", "round_close", "round_agree"}


@pytest.fixture
def statement(ward):
    return StatementFactory(team=ward)


@pytest.fixture
def round(cycle):
    return BenchmarkRoundFactory(cycle=cycle)


def address(request, name, needs, team="willow-ward"):
    kwargs = {"team": team}
    if needs in ("rate", "agree"):
        kwargs["pk"] = request.getfixturevalue("round").pk
        kwargs["statement"] = request.getfixturevalue("statement").pk
        if needs == "agree":
            BenchmarkRatingFactory(
                round=request.getfixturevalue("round"), statement=request.getfixturevalue("statement")
            )
    elif needs:
        kwargs["pk"] = request.getfixturevalue(needs).pk
    return reverse(f"trip:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_anonymous_people_are_asked_to_sign_in(client, request, ward, name, needs, method, allowed):
    response = getattr(client, method)(address(request, name, needs))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
def test_outsiders_are_told_nothing(client_for, request, outsider, name, needs, method, allowed):
    assert getattr(client_for(outsider), method)(address(request, name, needs)).status_code == 404


@pytest.mark.parametrize(("name", "needs", "method", "allowed"), PAGES)
@pytest.mark.parametrize("role", CAST)
def test_each_role_gets_in_or_is_kindly_refused(client_for, request, role, name, needs, method, allowed):
    member = request.getfixturevalue(role)
    response = getattr(client_for(member), method)(address(request, name, needs))
    if role in allowed:
        assert response.status_code in (200, 302), role
    else:
        assert response.status_code == 403, role


OTHER_TEAMS_THINGS = {
    "statement": lambda team: StatementFactory(team=team),
    "cycle": lambda team: CycleFactory(team=team),
    "round": lambda team: BenchmarkRoundFactory(cycle=CycleFactory(team=team)),
}


@pytest.mark.parametrize(
    ("name", "needs", "method", "allowed"), [p for p in PAGES if p[1] in OTHER_TEAMS_THINGS]
)
def test_another_teams_things_are_not_found_through_our_team(
    client_for, manager, outsider, name, needs, method, allowed
):
    theirs = OTHER_TEAMS_THINGS[needs](outsider.team)
    url = reverse(f"trip:{name}", kwargs={"team": "willow-ward", "pk": theirs.pk})
    assert getattr(client_for(manager), method)(url).status_code == 404


def test_another_teams_round_cannot_be_rated_through_our_team(client_for, staff, outsider):
    theirs = BenchmarkRoundFactory(cycle=CycleFactory(team=outsider.team))
    shared = Statement.objects.filter(team__isnull=True).first()
    url = reverse("trip:round_rate", kwargs={"team": "willow-ward", "pk": theirs.pk, "statement": shared.pk})
    assert client_for(staff).post(url, {f"s{shared.pk}-answer": "3"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "needs"), sorted({(n, o) for n, o, _, _ in PAGES if n in GET_ONLY}, key=str)
)
def test_reading_pages_refuse_a_post(client_for, request, manager, name, needs):
    assert client_for(manager).post(address(request, name, needs)).status_code == 405


@pytest.mark.parametrize(
    ("name", "needs"), sorted({(n, o) for n, o, _, _ in PAGES if n in POST_ONLY}, key=str)
)
def test_actions_refuse_a_get(client_for, request, manager, name, needs):
    assert client_for(manager).get(address(request, name, needs)).status_code == 405
