import datetime as dt
import os
import re
import uuid

import pytest
import time_machine
from django.utils import timezone

from teams.models import Membership, Role, User
from teams.services import RemovedFromTeam, member_join_signed_in
from tests.factories import JoinCodeFactory, MembershipFactory

JOIN = "/join/"
DETAILS = "/join/about-you/"
WELCOME = "/join/welcome/"
GOOD_PASSWORD = "kettle on the windowsill"


def use_fresh_cache(settings, backend: str | None = None) -> None:
    """An empty cache of its own for this test: the wrong-code counter lives in the cache (Redis
    under REDIS_URL), and starts at zero. A new key prefix rather than `cache.clear()`, which
    would empty Redis under tests running at the same time in other processes."""
    config = {"BACKEND": backend} if backend else dict(settings.CACHES["default"])
    settings.CACHES = {"default": {**config, "KEY_PREFIX": uuid.uuid4().hex}}


@pytest.fixture
def code(ward):
    return JoinCodeFactory(team=ward, code="ABCD3467", role=Role.SERVICE_USER)


def enter_code(client, typed: str):
    return client.post(JOIN, {"code": typed})


# --- step 1: the code ---


def test_the_join_page_asks_only_for_the_code(client, db):
    response = client.get(JOIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type the code your team gave you." in html
    assert html.count("<input") == 2  # the CSRF token and the code


def test_a_qr_code_link_fills_the_code_in(client, code):
    assert 'value="ABCD3467"' in client.get(JOIN, {"code": "ABCD3467"}).content.decode()


@pytest.mark.parametrize("typed", ["ABCD3467", "abcd3467", " abcd-3467 ", "ab cd 34 67", "Abcd–3467"])
def test_a_code_is_accepted_in_any_case_with_spaces_or_dashes(client, code, typed):
    response = enter_code(client, typed)
    assert response.status_code == 302
    assert response["Location"] == DETAILS
    assert client.session["join_code"] == "ABCD3467"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Please type the code your team gave you."),
        ("   ", "Please type the code your team gave you."),
        ("WXYZ7896", "We could not find that code."),
        ("ABCD346", "We could not find that code."),
        ("x" * 41, "We could not find that code."),
        ("<script>alert(1)</script>", "We could not find that code."),
    ],
)
def test_a_wrong_code_is_explained_and_kept(client, code, typed, message):
    response = enter_code(client, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "There is a problem" in html
    assert "<script>alert(1)</script>" not in html
    if typed.strip() and len(typed) <= 40:
        assert 'value="' + typed.replace("<", "&lt;").replace(">", "&gt;") + '"' in html
    assert "join_code" not in client.session


def test_an_expired_code_says_it_has_run_out(client, ward):
    JoinCodeFactory(team=ward, code="ABCD3467", expires_at=timezone.now() - dt.timedelta(minutes=1))
    html = enter_code(client, "abcd-3467").content.decode()
    assert "This code has run out. Please ask your team for a new one." in html
    assert 'value="abcd-3467"' in html


def test_a_switched_off_code_says_so(client, code):
    code.revoke()
    html = enter_code(client, "ABCD3467").content.decode()
    assert "This code has been switched off by the team." in html


def test_the_join_page_takes_get_and_post_only(client, db):
    assert client.put(JOIN).status_code == 405


# --- repeated wrong codes are slowed down ---


@pytest.fixture(params=["configured", "locmem"])
def any_cache(request, settings):
    """The rate limit works on Redis (REDIS_URL set) and on the local-memory cache (make run)."""
    if request.param == "locmem":
        use_fresh_cache(settings, "django.core.cache.backends.locmem.LocMemCache")
    elif not os.environ.get("REDIS_URL"):
        pytest.skip("the configured cache is local memory already")
    return settings.CACHES["default"]["BACKEND"]


def test_ten_wrong_codes_then_a_kind_pause(client, code, any_cache):
    for _ in range(10):
        response = enter_code(client, "WXYZ7896")
        assert response.status_code == 200
        assert "We could not find that code" in response.content.decode()
    response = enter_code(client, "WXYZ7896")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Please wait a few minutes" in html
    assert 'value="WXYZ7896"' in html
    # During the pause even the right code waits, and what was typed stays.
    response = enter_code(client, "abcd 3467")
    assert response.status_code == 429
    assert 'value="abcd 3467"' in response.content.decode()
    assert "join_code" not in client.session


def test_the_pause_ends(client, code, any_cache):
    for _ in range(11):
        enter_code(client, "WXYZ7896")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert enter_code(client, "ABCD3467").status_code == 302


def test_the_pause_is_per_address(client, code, any_cache):
    for _ in range(11):
        enter_code(client, "WXYZ7896")
    assert client.post(JOIN, {"code": "ABCD3467"}, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_expired_and_switched_off_codes_do_not_count_as_wrong(client, ward, any_cache):
    JoinCodeFactory(team=ward, code="ABCD3467", expires_at=timezone.now() - dt.timedelta(days=1))
    JoinCodeFactory(team=ward, code="WXYZ7896", revoked_at=timezone.now())
    for _ in range(8):
        assert enter_code(client, "ABCD3467").status_code == 200
        assert enter_code(client, "WXYZ7896").status_code == 200


# --- step 2: about you ---


def test_step_two_needs_a_code_first(client, db):
    assert client.get(DETAILS)["Location"] == JOIN
    assert client.post(DETAILS, {"display_name": "Alex", "password": GOOD_PASSWORD})["Location"] == JOIN
    assert not User.objects.exists()


def test_step_two_asks_only_for_a_name_and_a_password(client, code):
    enter_code(client, "ABCD3467")
    html = client.get(DETAILS).content.decode()
    assert "Joining Willow Ward" in html
    assert 'name="display_name"' in html
    assert 'name="password"' in html
    assert html.count("<input") == 3  # with the CSRF token
    assert 'name="email"' not in html


def test_a_person_joins_from_their_phone(client, code, ward):
    enter_code(client, "abcd-3467")
    response = client.post(DETAILS, {"display_name": "  Alex   R ", "password": GOOD_PASSWORD})
    assert response["Location"] == WELCOME
    user = User.objects.get(display_name="Alex R")
    assert re.fullmatch(r"alex-r-\d{4}", user.username)
    assert user.email == ""
    assert user.check_password(GOOD_PASSWORD)
    member = Membership.objects.get(user=user)
    assert member.team == ward
    assert member.role == Role.SERVICE_USER
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "join_code" not in client.session

    html = client.get(WELCOME).content.decode()
    assert "Welcome to Willow Ward" in html
    assert f'<p class="app-join-code nhsuk-heading-xl">{user.username}</p>' in html
    assert "Please write this down" in html
    assert f'href="{member.start_url}"' in html
    assert client.get(member.start_url).status_code != 404


def test_the_new_person_signs_in_later_with_their_sign_in_name(client, code):
    enter_code(client, "ABCD3467")
    client.post(DETAILS, {"display_name": "Alex", "password": GOOD_PASSWORD})
    username = User.objects.get().username
    client.post("/sign-out/")
    response = client.post("/sign-in/", {"username": username.upper(), "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_the_role_comes_from_the_code(client, ward):
    JoinCodeFactory(team=ward, code="ABCD3467", role=Role.PARTNER)
    enter_code(client, "ABCD3467")
    client.post(DETAILS, {"display_name": "Canal Side College", "password": GOOD_PASSWORD})
    assert Membership.objects.get().role == Role.PARTNER


def test_two_people_with_the_same_name_get_different_sign_in_names(client, code, django_user_model):
    # Two teams: within one team, a second Alex must choose another name (test_names.py).
    JoinCodeFactory(code="QRTU4678")
    for typed in ["ABCD3467", "QRTU4678"]:
        client.logout()
        enter_code(client, typed)
        client.post(DETAILS, {"display_name": "Alex", "password": GOOD_PASSWORD})
    names = list(User.objects.values_list("username", flat=True))
    assert len(set(names)) == 2
    assert all(name.startswith("alex-") for name in names)


def test_a_name_in_another_alphabet_still_gets_a_sign_in_name(client, code):
    enter_code(client, "ABCD3467")
    client.post(DETAILS, {"display_name": "Ана", "password": GOOD_PASSWORD})
    user = User.objects.get()
    assert user.display_name == "Ана"
    assert re.fullmatch(r"member-\d{4}", user.username)


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"display_name": "", "password": GOOD_PASSWORD},
            "Please type the name you would like your team to see.",
        ),
        (
            {"display_name": "   ", "password": GOOD_PASSWORD},
            "Please type the name you would like your team to see.",
        ),
        (
            {"display_name": "A" * 61, "password": GOOD_PASSWORD},
            "Please use a shorter name, up to 60 letters.",
        ),
        ({"display_name": "Alex", "password": ""}, "Please choose a password."),
        (
            {"display_name": "Alex", "password": "short"},
            "Please choose a longer password, at least 8 characters.",
        ),
        ({"display_name": "Alex", "password": "password123"}, "That password is one many people use"),
        ({"display_name": "Alexandra", "password": "alexandra"}, "That password is too like your name"),
    ],
)
def test_bad_details_are_explained_kindly_and_the_name_kept(client, code, data, message):
    enter_code(client, "ABCD3467")
    response = client.post(DETAILS, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "There is a problem" in html
    if data["display_name"].strip():
        assert f'value="{data["display_name"]}"' in html
    if data["password"]:
        assert data["password"] not in html.replace(f'value="{data["display_name"]}"', "")
    assert not User.objects.exists()
    assert client.session["join_code"] == "ABCD3467"


def test_a_name_with_html_is_kept_as_text(client, code):
    enter_code(client, "ABCD3467")
    client.post(DETAILS, {"display_name": "<b>Alex</b>", "password": GOOD_PASSWORD})
    assert User.objects.get().display_name == "<b>Alex</b>"
    html = client.get("/", follow=True).content.decode()
    assert "<b>Alex</b>" not in html
    assert "&lt;b&gt;Alex&lt;/b&gt;" in html


@pytest.mark.parametrize("what", ["expired", "switched off"])
def test_a_code_that_stops_working_between_steps_goes_back_to_step_one(client, code, what):
    enter_code(client, "ABCD3467")
    if what == "expired":
        code.expires_at = timezone.now() - dt.timedelta(seconds=1)
        code.save()
    else:
        code.revoke()
    response = client.post(DETAILS, {"display_name": "Alex", "password": GOOD_PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/join/?code=ABCD3467"
    assert "Please ask your team for a new one." in html
    assert 'value="ABCD3467"' in html
    assert not User.objects.exists()
    assert "join_code" not in client.session


def test_a_double_click_on_join_makes_one_account(client, code):
    enter_code(client, "ABCD3467")
    client.post(DETAILS, {"display_name": "Alex", "password": GOOD_PASSWORD})
    response = client.post(DETAILS, {"display_name": "Alex", "password": GOOD_PASSWORD})
    assert response["Location"] == WELCOME
    assert User.objects.count() == 1


def test_step_two_takes_get_and_post_only(client, db):
    assert client.put(DETAILS).status_code == 405


# --- welcome ---


def test_welcome_needs_sign_in(client, db):
    assert client.get(WELCOME)["Location"].startswith("/sign-in/")


def test_welcome_without_a_new_team_goes_home(client_for, staff):
    assert client_for(staff).get(WELCOME)["Location"] == "/"


def test_welcome_only_reads(client_for, staff):
    assert client_for(staff).post(WELCOME).status_code == 405


# --- someone already signed in ---


def test_a_signed_in_person_is_offered_to_join_as_themselves(client_for, outsider, code, ward):
    client = client_for(outsider)
    response = enter_code(client, "abcd3467")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Join Willow Ward as Olu" in html
    assert not ward.memberships.filter(user=outsider.user).exists()

    response = client.post(JOIN, {"code": "ABCD3467", "confirm": "yes"})
    joined = ward.memberships.get(user=outsider.user)
    assert joined.role == Role.SERVICE_USER
    assert response["Location"] == joined.start_url
    assert client.get(joined.start_url).status_code != 404


def test_an_existing_member_is_simply_taken_to_the_team(client_for, manager, code):
    client = client_for(manager)
    response = client.post(JOIN, {"code": "ABCD3467", "confirm": "yes"})
    assert response["Location"] == manager.start_url
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER  # a code never changes an existing member's role
    assert "You are already part of Willow Ward." in client.get("/t/willow-ward/settings/").content.decode()


def test_someone_who_left_can_come_back_with_a_code(client_for, ward, code):
    former = MembershipFactory(team=ward, role=Role.STAFF, left_at=timezone.now())
    client_for(former).post(JOIN, {"code": "ABCD3467", "confirm": "yes"})
    former.refresh_from_db()
    assert former.is_active
    assert former.role == Role.SERVICE_USER


def removed(member: Membership) -> Membership:
    """Removed by a manager, as the members page does it."""
    member.remove()
    return member


@pytest.mark.parametrize("confirm", [False, True], ids=["step one", "straight to confirm"])
def test_a_removed_member_cannot_rejoin_with_a_code(client_for, ward, staff, code, confirm):
    client = client_for(removed(staff))
    response = client.post(JOIN, {"code": "abcd-3467", **({"confirm": "yes"} if confirm else {})})
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot join Willow Ward at the moment" in html
    assert "please ask your team's manager. They can let you back in." in html
    staff.refresh_from_db()
    assert not staff.is_active
    assert staff.role == Role.STAFF
    assert client.get("/t/willow-ward/settings/").status_code == 404


def test_a_removed_member_is_refused_by_the_service_too(ward, staff, code):
    removed(staff)
    with pytest.raises(RemovedFromTeam):
        member_join_signed_in(code="ABCD3467", user=staff.user)
    staff.refresh_from_db()
    assert not staff.is_active


def test_a_removed_member_let_back_in_can_use_a_code_again(client_for, ward, staff, code):
    removed(staff).let_back()
    response = client_for(staff).post(JOIN, {"code": "ABCD3467", "confirm": "yes"})
    assert response["Location"] == staff.start_url  # already back: simply taken to the team


def test_a_signed_in_person_on_step_two_is_sent_back_to_step_one(client_for, outsider):
    assert client_for(outsider).get(DETAILS)["Location"] == JOIN
