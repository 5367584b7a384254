import datetime as dt
import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from teams.models import Role
from tests.factories import MembershipFactory, TeamFactory

PASSWORD = "a-good-long-password"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def test_the_sign_in_page_asks_for_email_or_sign_in_name(client, db):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    assert "Email address or sign-in name" in response.content.decode()


def test_staff_sign_in_with_their_email_address_in_any_case(client, staff):
    assert staff.user.email == "sam@example.test"
    response = sign_in(client, " Sam@Example.test ")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.user.pk)


def test_a_person_without_email_signs_in_with_their_sign_in_name(client, service_user):
    response = sign_in(client, "ALEX")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(service_user.user.pk)
    # One team: straight to it.
    assert client.get(response["Location"])["Location"] == service_user.start_url


def test_a_wrong_password_keeps_the_name_and_explains_kindly(client, service_user):
    response = sign_in(client, "alex", "not-my-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "We could not sign you in with that email address or sign-in name and password" in html
    assert 'value="alex"' in html
    assert "There is a problem" in html


def test_an_empty_form_says_what_is_missing(client, db):
    response = client.post("/sign-in/", {"username": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please type your email address or sign-in name." in html
    assert "Please type your password." in html
    assert "This field is required" not in html


def test_five_wrong_passwords_pause_sign_in_for_that_name(client, service_user):
    for _ in range(4):
        assert sign_in(client, "alex", "wrong-guess").status_code == 200
    response = sign_in(client, "alex", "wrong-guess")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    # Even the right password waits now.
    response = sign_in(client, "alex")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "tries",
    [
        ["alex", "ALEX", "Alex", " alex ", "aLeX"],
        ["  Alex", "alex\t", "ALEX ", "alex", "Alex"],
    ],
    ids=["case", "spaces"],
)
def test_the_pause_holds_the_account_whatever_case_or_spaces_are_typed(client, service_user, tries):
    for typed in tries:
        sign_in(client, typed, "wrong-guess")
    for typed in ["alex", "ALEX", " Alex ", "aLEx"]:
        response = sign_in(client, typed)
        assert response.status_code == 429, typed
        assert "Please wait a few minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_pause_holds_the_account_for_its_email_and_its_sign_in_name_alike(client, staff):
    for typed in ["sam", "sam@example.test", "SAM", "Sam@Example.Test", " sam@example.test "]:
        sign_in(client, typed, "wrong-guess")
    for typed in ["sam", "Sam", "sam@example.test", "SAM@EXAMPLE.TEST"]:
        response = sign_in(client, typed)
        assert response.status_code == 429, typed
        assert "Please wait a few minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_name_with_no_account_is_paused_in_any_case_too(client, db):
    for typed in ["nobody", "NOBODY", " Nobody", "noBody ", "nobody"]:
        sign_in(client, typed, "wrong-guess")
    response = sign_in(client, "NoBody", "wrong-guess")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()


def test_one_accounts_pause_leaves_other_accounts_alone(client, service_user, staff):
    for _ in range(5):
        sign_in(client, "ALEX", "wrong-guess")
    assert sign_in(client, "sam").status_code == 302


def test_the_pause_ends_after_fifteen_minutes(client, service_user):
    for _ in range(5):
        sign_in(client, "alex", "wrong-guess")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert sign_in(client, "alex").status_code == 302


def test_a_signed_in_person_visiting_sign_in_goes_home(client_for, staff):
    response = client_for(staff).get("/sign-in/")
    assert response.status_code == 302


def test_sign_in_returns_to_the_page_asked_for(client, staff):
    response = client.post(
        "/sign-in/", {"username": "sam", "password": PASSWORD, "next": "/t/willow-ward/settings/"}
    )
    assert response["Location"] == "/t/willow-ward/settings/"


def test_sign_out_is_a_button_not_a_link(client_for, staff):
    client = client_for(staff)
    assert client.get("/sign-out/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/sign-out/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "You have signed out" in response.content.decode()


def test_every_page_shows_sign_out_when_signed_in(client_for, staff, manager):
    html = client_for(manager).get("/t/willow-ward/members/").content.decode()
    assert 'action="/sign-out/"' in html


@pytest.mark.usefixtures("database_sessions")
def test_an_idle_session_ends_after_thirty_minutes(client, staff):
    sign_in(client, "sam")
    session = Session.objects.get(session_key=client.session.session_key)
    assert dt.timedelta(minutes=29) < session.expire_date - timezone.now() <= dt.timedelta(minutes=30)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        response = client.get("/t/willow-ward/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_idle_session_ends_by_the_real_clock_too(client, staff, settings):
    """Under Redis a session is read from its copy in the cache, which Redis lets go when its time
    is up, by the real clock: with two seconds to live and three idle, the person is signed out."""
    settings.SESSION_COOKIE_AGE = 2
    assert sign_in(client, "sam")["Location"] == "/"
    time.sleep(3)
    response = client.get("/t/willow-ward/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.usefixtures("database_sessions")
def test_each_click_renews_the_thirty_minutes(client, staff):
    sign_in(client, "sam")
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(minutes=20)):
        assert client.get("/t/willow-ward/settings/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=40)):
        assert client.get("/t/willow-ward/settings/").status_code == 200


# --- home: my teams ---


def test_home_sends_anonymous_people_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"


def test_home_takes_someone_in_one_team_straight_to_it(client_for, staff, service_user):
    assert client_for(staff).get("/")["Location"] == "/t/willow-ward/handover/"
    assert client_for(service_user).get("/")["Location"] == "/t/willow-ward/wall/"


def test_home_lists_each_team_someone_belongs_to(client_for, staff):
    other = MembershipFactory(user=staff.user, team=TeamFactory(name="Riverside Community Team"))
    left = MembershipFactory(user=staff.user, team=TeamFactory(name="Old Team"))
    left.leave()
    response = client_for(staff).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Willow Ward" in html
    assert f'href="{other.start_url}"' in html
    assert "Old Team" not in html
    assert "/dashboard/" not in html  # staff in both: nothing to compare side by side


def test_home_offers_managers_of_several_teams_the_side_by_side_view(client_for, manager):
    MembershipFactory(user=manager.user, team=TeamFactory(name="Riverside Community Team"), role=Role.MANAGER)
    html = client_for(manager).get("/").content.decode()
    assert 'href="/dashboard/"' in html


def test_home_invites_someone_in_no_team_to_join_with_a_code(client_for, staff):
    staff.leave()
    html = client_for(staff).get("/").content.decode()
    assert "You are not part of a team yet" in html
    assert 'href="/join/"' in html


def test_home_is_read_only(client_for, staff):
    assert client_for(staff).post("/").status_code == 405


@pytest.mark.parametrize("path", ["/", "/sign-in/", "/join/"])
def test_the_footer_links_back_to_your_teams(client, db, path):
    response = client.get(path, follow=True)
    assert "Your teams" in response.content.decode()
