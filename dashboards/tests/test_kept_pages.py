"""The team dashboard and a closed round's results are drawn once and kept (teams/cache.py): each
test reads a page, changes the team's data the way the app does, and reads the page again."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision.questions import QUESTION_SLUGS
from supervision.tests.factories import FeedbackCardFactory, FeedbackRequestFactory
from teams.models import ErasureRequest, Role
from tests.factories import JoinCodeFactory, MembershipFactory, TeamFactory, UserFactory
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory


def _dashboard(client, member) -> tuple[str, int]:
    """The dashboard's main content as `member` sees it, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:team", kwargs={"team": member.team.slug}))
    assert response.status_code == 200
    page = response.content.decode()
    return page.split('id="maincontent"')[1].split("</main>")[0], len(queries)


def _not_recognised(page: str) -> str:
    return page.split('id="not-recognised"')[1].split("</ul>")[0]


@pytest.fixture
def dee(ward):
    return MembershipFactory(team=ward, role=Role.STAFF, user=UserFactory(display_name="Dee", username="dee"))


def test_the_dashboard_is_drawn_once_then_read_from_the_cache(client_for, manager, staff):
    client = client_for(manager)
    first, drawn = _dashboard(client, manager)
    again, kept = _dashboard(client, manager)
    assert again == first
    # The person, their team and the session: the figures themselves are not asked for again.
    assert kept < drawn and kept <= 3


def test_a_little_miracle_saved_at_handover_counts_at_once(client_for, manager, staff, colleague):
    page, _ = _dashboard(client_for(manager), manager)
    assert "0 of 3 (0%)" in page and "Sam" in _not_recognised(page)

    client_for(staff).post(
        reverse("successes:handover", kwargs={"team": staff.team.slug}),
        {"shift": "early", "text": "Sat with someone while they rang their sister.", "on_wall": "true"},
    )

    page, _ = _dashboard(client_for(manager), manager)
    assert "1 of 3 (33%)" in page and "Sam" not in _not_recognised(page)


def test_staff_never_read_the_dashboard_kept_for_managers(client_for, manager, staff, dee):
    page, _ = _dashboard(client_for(manager), manager)
    assert "Dee" in _not_recognised(page)

    page, _ = _dashboard(client_for(staff), staff)
    assert "Not yet recognised" not in page and "Dee" not in page


def test_an_erased_person_leaves_every_teams_dashboard_at_once(client_for, ward, manager, dee):
    # Dee works in two teams; a manager of the ward erases her, with her agreement.
    oak = TeamFactory(name="Oak Community Team", slug="oak-community")
    oak_manager = MembershipFactory(team=oak, role=Role.MANAGER)
    MembershipFactory(team=oak, role=Role.STAFF, user=dee.user)
    oak_page, _ = _dashboard(client_for(oak_manager), oak_manager)
    assert "Dee" in _not_recognised(oak_page)

    client_for(dee).post(f"/t/{ward.slug}/settings/my-data/erase/", {"successes": "keep", "sure": "yes"})
    wish = ErasureRequest.objects.get(member=dee)
    response = client_for(manager).post(f"/t/{ward.slug}/members/erasures/{wish.pk}/", {"sure": "yes"})
    assert response.status_code == 302

    # The attack: Oak's manager reads the dashboard kept from before, looking for her name.
    oak_page, _ = _dashboard(client_for(oak_manager), oak_manager)
    assert "Dee" not in oak_page
    ward_page, _ = _dashboard(client_for(manager), manager)
    assert "Dee" not in ward_page


def test_someone_joining_with_a_code_counts_at_once(client, client_for, ward, manager):
    JoinCodeFactory(team=ward, code="ABCD3467", role=Role.STAFF)
    page, _ = _dashboard(client_for(manager), manager)
    assert "0 of 1 (0%)" in page

    client.post(reverse("join"), {"code": "ABCD3467"})
    client.post(reverse("join_details"), {"display_name": "Rowan", "password": "kettle on the windowsill"})

    page, _ = _dashboard(client_for(manager), manager)
    assert "0 of 2 (0%)" in page and "Rowan" in _not_recognised(page)


def test_feedback_answered_from_a_card_counts_at_once(client, client_for, manager, staff):
    card = FeedbackCardFactory(request=FeedbackRequestFactory(worker=staff))
    page, _ = _dashboard(client_for(manager), manager)
    assert "0 (0 answers in all)" in page

    client.post(
        reverse("supervision:feedback_answer", kwargs={"team": staff.team.slug, "code": card.code}),
        {**dict.fromkeys(QUESTION_SLUGS, "4"), "comment": ""},
    )

    page, _ = _dashboard(client_for(manager), manager)
    assert "1 (1 answer in all)" in page


# --- A closed round's results -------------------------------------------------------------------


def _results(client, found) -> tuple[str, int]:
    team = found.cycle.team
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trip:round_results", kwargs={"team": team.slug, "pk": found.pk}))
    assert response.status_code == 200
    return response.content.decode().split('id="maincontent"')[1].split("</main>")[0], len(queries)


def _rate_by_three(found) -> None:
    team = found.cycle.team
    statement = StatementFactory(team=team, text="We celebrate small steps together.")
    for score in (4, 5, 3):
        member = MembershipFactory(team=team, role=Role.STAFF)
        BenchmarkRatingFactory(round=found, statement=statement, member=member, score=score)


def test_a_closed_rounds_results_are_drawn_once_for_the_whole_team(client_for, ward, manager, service_user):
    found = BenchmarkRoundFactory(cycle=CycleFactory(team=ward), closed_at=timezone.now())
    _rate_by_three(found)

    first, drawn = _results(client_for(manager), found)
    assert "We celebrate small steps together." in first
    # A person using the service reads what the manager's visit drew, and it is the same page.
    theirs, kept = _results(client_for(service_user), found)
    assert theirs == first
    assert kept < drawn


def test_an_open_round_shows_its_results_the_moment_it_closes(client_for, ward, manager):
    found = BenchmarkRoundFactory(cycle=CycleFactory(team=ward))
    _rate_by_three(found)
    client = client_for(manager)
    page, _ = _results(client, found)
    assert "appears here when the round closes" in page

    client.post(reverse("trip:round_close", kwargs={"team": ward.slug, "pk": found.pk}))

    found.refresh_from_db()
    page, _ = _results(client, found)
    assert found.closed_at is not None
    assert "We celebrate small steps together." in page


def test_a_new_name_shows_in_every_teams_dashboard_at_once(client_for, ward, manager, dee):
    oak = TeamFactory(name="Oak Community Team", slug="oak-community")
    oak_manager = MembershipFactory(team=oak, role=Role.MANAGER)
    MembershipFactory(team=oak, role=Role.STAFF, user=dee.user)
    assert "Dee" in _not_recognised(_dashboard(client_for(oak_manager), oak_manager)[0])

    # Dee changes her name from the ward's settings page.
    client_for(dee).post(
        reverse("teams:settings", kwargs={"team": ward.slug}),
        {"form": "me", "display_name": "Deepa", "weekly_digest": "on"},
    )

    assert "Deepa" in _not_recognised(_dashboard(client_for(oak_manager), oak_manager)[0])


# --- A manager's teams side by side -------------------------------------------------------------


def _overview(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:overview"))
    assert response.status_code == 200
    return response.content.decode().split('id="maincontent"')[1].split("</main>")[0], len(queries)


def _little_miracles(page: str, team_name: str) -> str:
    """The team's "little miracles this month" cell (after its members)."""
    row = page.split(f">{team_name}</a>")[1].split("</tr>")[0]
    return re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", row)[1]


@pytest.fixture
def birch(manager):
    """Birch Ward, which Maya manages too, with one member of staff."""
    team = TeamFactory(name="Birch Ward", slug="birch-ward")
    MembershipFactory(team=team, user=manager.user, role=Role.MANAGER)
    return MembershipFactory(team=team, role=Role.STAFF, user=UserFactory(display_name="Bo", username="bo"))


def test_the_overview_is_kept_and_any_of_its_teams_changing_draws_it_again(client_for, manager, birch):
    client = client_for(manager)
    first, drawn = _overview(client)
    again, kept = _overview(client)
    assert again == first and kept < drawn
    assert _little_miracles(first, "Birch Ward") == "0"

    client_for(birch).post(
        reverse("successes:handover", kwargs={"team": birch.team.slug}),
        {"shift": "early", "text": "Walked to the shop with someone.", "on_wall": "true"},
    )

    page, _ = _overview(client)
    assert _little_miracles(page, "Birch Ward") == "1"


def test_a_team_one_starts_managing_shows_at_once(client_for, manager, outsider):
    client = client_for(manager)
    page, _ = _overview(client)
    assert "Oak Community Team" not in page

    MembershipFactory(team=outsider.team, user=manager.user, role=Role.MANAGER)

    page, _ = _overview(client)
    assert "Oak Community Team" in page


def test_managers_of_other_teams_never_read_each_others_overview(client_for, ward, manager, birch):
    # Maya manages Willow and Birch; Ravi manages Willow only.
    ravi = MembershipFactory(team=ward, role=Role.MANAGER)
    assert "Birch Ward" in _overview(client_for(manager))[0]
    assert "Birch Ward" not in _overview(client_for(ravi))[0]
