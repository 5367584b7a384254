"""Nobody can pass for someone else: names are unique within a team, in any case or spacing,
and the wall shows each name with its role (issue 9, defect 6)."""

import pytest

from teams.models import Membership, Role, User
from teams.services import NameTaken, member_join_signed_in
from tests.factories import InvitationFactory, JoinCodeFactory, MembershipFactory, TeamFactory, UserFactory

GOOD_PASSWORD = "kettle on the windowsill"
SETTINGS = "/t/willow-ward/settings/"


def taken(typed: str) -> str:
    """The kind refusal, naming the name as typed, tidied."""
    return f"Someone in Willow Ward already goes by “{' '.join(typed.split())}”."


VARIANTS = ["Maya Okafor", " maya  okafor ", "MAYA OKAFOR", "maya\tOkafor"]


@pytest.fixture
def maya(manager):
    manager.user.display_name = "Maya Okafor"
    manager.user.save()
    return manager


@pytest.fixture
def code(ward):
    return JoinCodeFactory(team=ward, code="ABCD3467", role=Role.SERVICE_USER)


def join_as(client, name: str):
    client.post("/join/", {"code": "ABCD3467"})
    return client.post("/join/about-you/", {"display_name": name, "password": GOOD_PASSWORD})


# --- joining ---


@pytest.mark.parametrize("typed", VARIANTS)
def test_nobody_joins_with_a_code_under_a_members_name(client, maya, code, typed):
    response = join_as(client, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert taken(typed) in html
    assert "adding your surname, or its first letter, works well" in html
    assert f'value="{typed}"' in html  # what they typed comes back to edit
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_with_another_name_they_join(client, maya, code, ward):
    join_as(client, "Maya O")
    assert ward.memberships.filter(user__display_name="Maya O").exists()


def test_a_former_members_name_stays_theirs(client, maya, code, ward, staff):
    staff.leave()  # Sam's stories stay on the wall under "Sam"
    html = join_as(client, "sam").content.decode()
    assert "Someone in Willow Ward already goes by “sam”." in html


@pytest.mark.parametrize("typed", VARIANTS)
def test_nobody_joins_by_invitation_under_a_members_name(client, maya, ward, typed):
    invitation = InvitationFactory(team=ward, email="new@example.test", invited_by=maya)
    response = client.post(
        f"/invitation/{invitation.token}/", {"display_name": typed, "password": GOOD_PASSWORD}
    )
    html = response.content.decode()
    assert taken(typed) in html
    assert f'value="{typed}"' in html
    assert not User.objects.filter(email="new@example.test").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_someone_signed_in_whose_name_is_taken_is_asked_to_change_it_first(client_for, maya, code, ward):
    other = MembershipFactory(team=TeamFactory(name="Oak Team"), user=UserFactory(display_name="maya okafor"))
    client = client_for(other)
    for data in [{"code": "ABCD3467"}, {"code": "ABCD3467", "confirm": "yes"}]:
        response = client.post("/join/", data)
        html = response.content.decode()
        assert response.status_code == 409
        assert "Please choose another name first" in html
        assert "Someone in Willow Ward already goes by “maya okafor”." in html
        assert f'href="/t/{other.team.slug}/settings/"' in html
    assert not ward.memberships.filter(user=other.user).exists()


def test_someone_with_an_account_invited_under_a_taken_name_is_asked_to_change_it(client_for, maya, ward):
    other = MembershipFactory(team=TeamFactory(), user=UserFactory(display_name="MAYA OKAFOR"))
    invitation = InvitationFactory(team=ward, email=other.user.email, invited_by=maya)
    client = client_for(other)
    for response in [
        client.get(f"/invitation/{invitation.token}/"),
        client.post(f"/invitation/{invitation.token}/"),
    ]:
        assert response.status_code == 409
        assert "Please choose another name first" in response.content.decode()
    assert not ward.memberships.filter(user=other.user).exists()


def test_the_service_refuses_a_taken_name_whatever_the_view(maya, code, ward):
    other = UserFactory(display_name=" Maya okafor")
    with pytest.raises(NameTaken):
        member_join_signed_in(code="ABCD3467", user=other)
    assert not ward.memberships.filter(user=other).exists()


def test_the_same_name_in_another_team_is_fine(client, maya, code):
    JoinCodeFactory(code="QRTU4678")
    client.post("/join/", {"code": "QRTU4678"})
    response = client.post("/join/about-you/", {"display_name": "Maya Okafor", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(display_name="Maya Okafor").count() == 2


# --- changing one's name ---


@pytest.mark.parametrize("typed", VARIANTS)
def test_nobody_takes_a_members_name_in_settings(client_for, maya, staff, typed):
    response = client_for(staff).post(SETTINGS, {"form": "me", "display_name": typed, "weekly_digest": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert taken(typed) in html
    assert f'value="{typed}"' in html
    staff.user.refresh_from_db()
    assert staff.user.display_name == "Sam"


def test_changing_the_case_of_ones_own_name_is_fine(client_for, maya):
    response = client_for(maya).post(SETTINGS, {"form": "me", "display_name": "MAYA  okafor"})
    assert response.status_code == 302
    maya.user.refresh_from_db()
    assert maya.user.display_name == "MAYA okafor"


def test_a_name_must_be_free_in_every_team_one_belongs_to(client_for, staff):
    oak = TeamFactory(name="Oak Team")
    MembershipFactory(team=oak, user=staff.user)
    MembershipFactory(team=oak, user=UserFactory(display_name="Jo Bloggs"))
    response = client_for(staff).post(SETTINGS, {"form": "me", "display_name": "jo bloggs"})
    assert "Someone in Oak Team already goes by “jo bloggs”." in response.content.decode()
    staff.user.refresh_from_db()
    assert staff.user.display_name == "Sam"


# --- the role beside the name ---


@pytest.mark.parametrize(
    "role, shown",
    [
        (Role.STAFF, "Sam (staff)"),
        (Role.MANAGER, "Sam (manager)"),
        (Role.SERVICE_USER, "Sam (person using the service)"),
        (Role.SUPPORTER, "Sam (supporter)"),
        (Role.PARTNER, "Sam (community partner)"),
    ],
)
def test_a_name_with_its_role(role, shown):
    assert Membership(user=User(display_name="Sam"), role=role).name_with_role == shown


# --- a team's list of names ---


def test_a_teams_names_are_read_in_name_order_with_the_sign_in_name_for_anyone_without_one(ward):
    zoe = MembershipFactory(team=ward, user=UserFactory(display_name="Zoe Brand"))
    amir = MembershipFactory(team=ward, user=UserFactory(display_name="Amir Hassan"))
    unnamed = MembershipFactory(team=ward, user=UserFactory(display_name="", username="bluebird7"))

    assert ward.memberships.names() == [
        (unnamed.pk, "bluebird7"),
        (amir.pk, "Amir Hassan"),
        (zoe.pk, "Zoe Brand"),
    ]
    assert [name for _pk, name in ward.memberships.names()] == [str(m) for m in ward.memberships.all()]
