import uuid

import pytest
from django.test import Client

from tests.factories import MembershipFactory, TeamFactory

PAGE = "/t/willow-ward/settings/password/"
PASSWORD = "a-good-long-password"
NEW = "kettle on the windowsill"
EVERYONE = ["manager", "staff", "service_user", "supporter", "partner"]


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """The wrong-password counter lives in the cache: an empty one of its own for each test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


def change(client: Client, old: str = PASSWORD, new1: str = NEW, new2: str | None = None):
    data = {"old_password": old, "new_password1": new1, "new_password2": new1 if new2 is None else new2}
    return client.post(PAGE, data)


@pytest.mark.parametrize("role", EVERYONE)
def test_every_member_can_reach_it_from_their_settings(client_for, role, request):
    client = client_for(request.getfixturevalue(role))
    assert f'href="{PAGE}"' in client.get("/t/willow-ward/settings/").content.decode()
    html = client.get(PAGE).content.decode()
    assert "Change your password" in html
    assert 'autocomplete="current-password"' in html
    assert "Your new password again" in html


def test_a_member_changes_their_password_and_stays_signed_in(client, service_user):
    client.post("/sign-in/", {"username": "alex", "password": PASSWORD})
    other_computer = Client()
    other_computer.post("/sign-in/", {"username": "alex", "password": PASSWORD})

    response = change(client)

    assert response["Location"] == "/t/willow-ward/settings/"
    assert "Your password is changed." in client.get(response["Location"]).content.decode()
    service_user.user.refresh_from_db()
    assert service_user.user.check_password(NEW)
    # The session left open elsewhere ends with the old password.
    assert other_computer.get("/t/willow-ward/settings/").status_code == 302
    assert Client().post("/sign-in/", {"username": "alex", "password": NEW}).status_code == 302


@pytest.mark.parametrize(
    "old, new1, new2, field, message",
    [
        ("not-it", NEW, NEW, "old_password", "That is not your current password. Please type it again."),
        (PASSWORD, NEW, "kettle on the window", "new_password2", "The two new passwords are not the same."),
        (
            PASSWORD,
            "short",
            "short",
            "new_password1",
            "Please choose a longer password, at least 8 characters.",
        ),
        (PASSWORD, "password123", "password123", "new_password1", "That password is one many people use"),
        ("", NEW, NEW, "old_password", "Please type your current password."),
        (PASSWORD, "", "", "new_password1", "Please choose a new password."),
    ],
)
def test_problems_are_explained_kindly_and_nothing_changes(
    client_for, staff, old, new1, new2, field, message
):
    response = change(client_for(staff), old, new1, new2)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'href="#id_{field}"' in html
    assert NEW not in html  # passwords are never shown back
    staff.user.refresh_from_db()
    assert staff.user.check_password(PASSWORD)


def test_guessing_the_current_password_is_paused_after_five_tries(client_for, staff, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pw"}
    }
    client = client_for(staff)
    for n in range(5):
        assert change(client, old=f"guess-{n}").status_code == 200
    assert change(client, old="guess-5").status_code == 429
    response = change(client)  # even the right one waits now
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert "ask your team manager" in response.content.decode()
    staff.user.refresh_from_db()
    assert staff.user.check_password(PASSWORD)


def test_it_takes_get_and_post_only(client_for, staff):
    assert client_for(staff).delete(PAGE).status_code == 405


def test_it_needs_sign_in(client, ward):
    assert client.get(PAGE)["Location"] == f"/sign-in/?next={PAGE}"


def test_another_teams_member_is_told_nothing(client_for, outsider, ward):
    assert client_for(outsider).get(PAGE).status_code == 404
    assert change(client_for(outsider)).status_code == 404


def test_a_member_of_two_teams_has_one_password(client_for, staff):
    MembershipFactory(team=TeamFactory(name="Oak Team", slug="oak"), user=staff.user)
    change(client_for(staff))
    assert Client().post("/sign-in/", {"username": "sam@example.test", "password": NEW}).status_code == 302
