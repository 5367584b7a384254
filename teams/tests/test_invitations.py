import datetime as dt

import pytest
from django.utils import timezone

from teams.models import Membership, Role, User
from tests.factories import InvitationFactory, UserFactory

GOOD_PASSWORD = "kettle on the windowsill"


@pytest.fixture
def invitation(ward, manager):
    return InvitationFactory(team=ward, email="nia.jones@example.test", role=Role.STAFF, invited_by=manager)


def link(invitation) -> str:
    return f"/invitation/{invitation.token}/"


# --- links that no longer work ---


def test_an_unknown_link_gets_a_kind_not_found_page(client, db):
    response = client.get("/invitation/not-a-real-token/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "This invitation link does not work" in html
    assert "Please ask your team manager to send you a new one." in html


@pytest.mark.parametrize(
    "change, message",
    [
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "Invitation links work for 7 days"),
        ({"accepted_at": timezone.now()}, "This invitation has already been used."),
        ({"revoked_at": timezone.now()}, "The team cancelled this invitation."),
    ],
)
def test_a_link_that_no_longer_works_says_why(client, invitation, change, message):
    for field, value in change.items():
        setattr(invitation, field, value)
    invitation.save()
    for response in (client.get(link(invitation)), client.post(link(invitation))):
        html = response.content.decode()
        assert response.status_code == 410
        assert message in html
        assert "Please ask your team manager to send you a new one." in html
    assert not User.objects.filter(email__iexact=invitation.email).exists()


def test_the_invitation_page_takes_get_and_post_only(client, invitation):
    assert client.put(link(invitation)).status_code == 405


# --- someone new ---


def test_someone_new_sees_their_email_and_chooses_a_name_and_password(client, invitation):
    response = client.get(link(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maya has invited you to join Willow Ward" in html
    assert "nia.jones@example.test" in html
    assert 'name="display_name"' in html
    assert 'name="password"' in html
    assert 'name="email"' not in html


def test_someone_new_joins_and_is_signed_in(client, invitation, ward):
    response = client.post(link(invitation), {"display_name": "Nia", "password": GOOD_PASSWORD})
    user = User.objects.get(email="nia.jones@example.test")
    assert user.username == "nia-jones"
    assert user.display_name == "Nia"
    member = Membership.objects.get(user=user)
    assert member.team == ward
    assert member.role == Role.STAFF
    assert response["Location"] == member.start_url
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    html = client.get("/t/willow-ward/settings/").content.decode()
    assert "Welcome to Willow Ward. Next time, sign in with nia.jones@example.test" in html


def test_they_sign_in_later_with_their_email(client, invitation):
    client.post(link(invitation), {"display_name": "Nia", "password": GOOD_PASSWORD})
    client.post("/sign-out/")
    response = client.post("/sign-in/", {"username": "Nia.Jones@example.test", "password": GOOD_PASSWORD})
    assert response.status_code == 302


def test_a_taken_sign_in_name_gets_a_number(client, invitation):
    UserFactory(username="nia-jones", email="")
    client.post(link(invitation), {"display_name": "Nia", "password": GOOD_PASSWORD})
    user = User.objects.get(email="nia.jones@example.test")
    assert user.username.startswith("nia-jones-")


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"display_name": " ", "password": GOOD_PASSWORD},
            "Please type the name you would like your team to see.",
        ),
        ({"display_name": "Nia", "password": "2short"}, "Please choose a longer password"),
        ({"display_name": "Nia", "password": "nia.jones"}, "too like your name"),
    ],
)
def test_bad_details_are_explained_and_the_name_kept(client, invitation, data, message):
    response = client.post(link(invitation), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    if data["display_name"].strip():
        assert f'value="{data["display_name"]}"' in html
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_a_double_click_on_join_makes_one_account(client, invitation):
    client.post(link(invitation), {"display_name": "Nia", "password": GOOD_PASSWORD})
    response = client.post(link(invitation), {"display_name": "Nia", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == Membership.objects.get(user__email=invitation.email).start_url
    assert User.objects.filter(email=invitation.email).count() == 1


def test_someone_signed_in_as_another_person_is_asked_to_sign_out_first(client_for, invitation, outsider):
    client = client_for(outsider)
    html = client.get(link(invitation)).content.decode()
    assert "but you are signed in as Olu" in html
    assert 'name="password"' not in html
    client.post(link(invitation), {"display_name": "Nia", "password": GOOD_PASSWORD})
    assert not User.objects.filter(email=invitation.email).exists()
    assert not outsider.team.memberships.filter(user__email=invitation.email).exists()


# --- someone who already has an account ---


@pytest.fixture
def nia(db):
    return UserFactory(username="nia", display_name="Nia", email="Nia.Jones@example.test")


def test_an_existing_account_is_asked_to_sign_in_and_brought_back(client, invitation, nia, ward):
    html = client.get(link(invitation)).content.decode()
    assert "You already have an account with" in html
    next_url = f"/sign-in/?next=%2Finvitation%2F{invitation.token}%2F"
    assert f'href="{next_url}"' in html
    response = client.post(
        "/sign-in/", {"username": "nia", "password": "a-good-long-password", "next": link(invitation)}
    )
    assert response["Location"] == link(invitation)
    assert "Join Willow Ward" in client.get(link(invitation)).content.decode()
    response = client.post(link(invitation))
    member = ward.memberships.get(user=nia)
    assert response["Location"] == member.start_url
    assert member.role == Role.STAFF
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_an_existing_account_is_not_joined_by_an_anonymous_post(client, invitation, nia, ward):
    client.post(link(invitation), {"display_name": "Someone", "password": GOOD_PASSWORD})
    assert not ward.memberships.filter(user=nia).exists()
    assert User.objects.filter(email__iexact=invitation.email).count() == 1


def test_signed_in_as_the_wrong_account_joins_nothing(client_for, invitation, nia, outsider, ward):
    client = client_for(outsider)
    assert "but you are signed in as Olu" in client.get(link(invitation)).content.decode()
    client.post(link(invitation))
    assert not ward.memberships.filter(user__in=[nia, outsider.user]).exists()


def test_someone_who_left_comes_back_with_an_invitation(client, invitation, nia, ward):
    old = Membership.objects.create(team=ward, user=nia, role=Role.SUPPORTER, left_at=timezone.now())
    client.force_login(nia, backend="teams.backends.EmailOrUsernameBackend")
    client.post(link(invitation))
    old.refresh_from_db()
    assert old.is_active
    assert old.role == Role.STAFF


def test_a_removed_member_cannot_rejoin_with_an_invitation(client, invitation, nia, ward):
    old = Membership.objects.create(team=ward, user=nia, role=Role.SUPPORTER)
    old.remove()
    client.force_login(nia, backend="teams.backends.EmailOrUsernameBackend")
    for response in [client.get(link(invitation)), client.post(link(invitation))]:
        html = response.content.decode()
        assert response.status_code == 403
        assert "You cannot join Willow Ward at the moment" in html
        assert "please ask your team's manager" in html
    old.refresh_from_db()
    assert not old.is_active
    assert old.role == Role.SUPPORTER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None  # still there, should a manager let them back in


def test_a_second_click_after_joining_takes_them_to_the_team(client, invitation, nia, ward):
    client.force_login(nia, backend="teams.backends.EmailOrUsernameBackend")
    client.post(link(invitation))
    response = client.post(link(invitation))
    assert response["Location"] == ward.memberships.get(user=nia).start_url
