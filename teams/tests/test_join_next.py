"""Joining keeps where the person was going (a round's poster, or "Join your team" from a sign-in
page that had somewhere to go next) and ends there."""

import pytest

from teams.models import Membership, User
from tests.factories import JoinCodeFactory

ROUND = "/t/willow-ward/trip/rounds/7/"
GOOD_PASSWORD = "kettle on the windowsill"


@pytest.fixture
def code(ward):
    return JoinCodeFactory(team=ward, code="ABCD3467")


def join(client, *, query: str, name: str = "River"):
    client.get(f"/join/?{query}")
    client.post("/join/", {"code": "ABCD3467"})
    return client.post("/join/about-you/", {"display_name": name, "password": GOOD_PASSWORD})


def test_a_new_person_lands_where_they_were_going_with_their_sign_in_name(client, code):
    response = join(client, query="code=ABCD3467&next=" + ROUND)
    assert response.status_code == 302
    assert response["Location"] == ROUND
    username = User.objects.get(display_name="River").username
    shown = [str(message) for message in response.wsgi_request._messages]
    assert shown == [
        f"Welcome to Willow Ward. Your sign-in name is {username}. Please write it down: you will "
        "use it, with your password, to sign in next time."
    ]
    assert "join_next" not in client.session  # used once


@pytest.mark.parametrize(
    "unsafe", ["https://elsewhere.example/t/willow-ward/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_an_address_elsewhere_is_never_followed(client, code, unsafe):
    response = join(client, query=f"code=ABCD3467&next={unsafe}")
    assert response["Location"] == "/join/welcome/"


def test_without_somewhere_to_go_the_welcome_page_shows_the_sign_in_name(client, code):
    response = join(client, query="code=ABCD3467")
    assert response["Location"] == "/join/welcome/"
    member = Membership.objects.get(user__display_name="River")
    assert f'href="{member.start_url}"' in client.get("/join/welcome/").content.decode()


def test_going_back_to_the_code_page_keeps_where_they_were_going(client, code):
    client.get(f"/join/?code=ABCD3467&next={ROUND}")
    client.post("/join/", {"code": "ABCD3467"})
    client.get("/join/?code=ABCD3467")  # "Back" from about-you
    client.post("/join/", {"code": "ABCD3467"})
    response = client.post("/join/about-you/", {"display_name": "River", "password": GOOD_PASSWORD})
    assert response["Location"] == ROUND


def test_starting_afresh_forgets_an_old_destination(client, code):
    client.get(f"/join/?next={ROUND}")
    client.get("/join/")
    assert join(client, query="code=ABCD3467")["Location"] == "/join/welcome/"


def test_a_signed_in_person_joining_lands_where_they_were_going(client_for, outsider, code):
    client = client_for(outsider)
    client.get(f"/join/?code=ABCD3467&next={ROUND}")
    response = client.post("/join/", {"code": "ABCD3467", "confirm": "yes"})
    assert response["Location"] == ROUND
    assert Membership.objects.filter(team=code.team, user=outsider.user).exists()


def test_a_member_already_in_the_team_is_taken_where_they_were_going(client_for, manager, code):
    client = client_for(manager)
    client.get(f"/join/?code=ABCD3467&next={ROUND}")
    assert client.post("/join/", {"code": "ABCD3467"})["Location"] == ROUND


def test_the_sign_in_page_passes_where_they_were_going_to_join(client, db):
    html = client.get(f"/sign-in/?next={ROUND}").content.decode()
    assert 'href="/join/?next=%2Ft%2Fwillow-ward%2Ftrip%2Frounds%2F7%2F">Join your team</a>' in html
    assert 'href="/join/">Join your team</a>' in client.get("/sign-in/").content.decode()


def test_the_join_page_passes_it_back_to_sign_in(client, db):
    html = client.get(f"/join/?next={ROUND}").content.decode()
    assert 'href="/sign-in/?next=%2Ft%2Fwillow-ward%2Ftrip%2Frounds%2F7%2F">Sign in</a>' in html
