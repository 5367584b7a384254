"""A round's poster for people who have not joined yet: a join code already in place, one screen
(name and password), then straight into the round."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.models import JoinCode, Role, User
from tests.factories import JoinCodeFactory
from trip.tests.factories import BenchmarkRoundFactory


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture
def round(cycle):
    return BenchmarkRoundFactory(cycle=cycle, name="Spring check-in")


@pytest.fixture
def code(ward):
    return JoinCodeFactory(team=ward, code="ABCD3467", role=Role.SERVICE_USER)


def test_the_share_panel_offers_the_poster(client_for, manager, round):
    page = client_for(manager).get(url("round", pk=round.pk)).content.decode()
    assert (
        f'href="{url("round_poster", pk=round.pk)}">a poster for people who have not joined yet</a>' in page
    )


def test_only_usable_codes_for_people_using_the_service_are_offered(client_for, manager, ward, round, code):
    JoinCodeFactory(team=ward, code="STAF2345", role=Role.STAFF)
    JoinCodeFactory(team=ward, code="OLDC2345", expires_at=timezone.now() - dt.timedelta(days=1))
    JoinCodeFactory(team=ward, code="OFFC2345", revoked_at=timezone.now())
    JoinCodeFactory(code="ELSE2345")  # another team's
    page = client_for(manager).get(url("round_poster", pk=round.pk)).content.decode()
    assert "ABCD-3467" in page
    for other in ("STAF-2345", "OLDC-2345", "OFFC-2345", "ELSE-2345"):
        assert other not in page
    assert 'id="poster"' not in page  # until one is chosen


def test_the_chosen_code_makes_a_poster_that_ends_in_the_round(client_for, manager, round, code, settings):
    settings.SITE_URL = "https://recovery.example.test"
    page = client_for(manager).get(url("round_poster", pk=round.pk), {"code": code.pk}).content.decode()
    link = f"https://recovery.example.test/join/?code=ABCD3467&amp;next=%2Ft%2Fwillow-ward%2Ftrip%2Frounds%2F{round.pk}%2F"
    assert f'<p id="poster-link">{link}</p>' in page
    assert f'src="{url("round_poster_qr", pk=round.pk, join_code=code.pk)}"' in page
    assert "ABCD-3467" in page
    qr = client_for(manager).get(url("round_poster_qr", pk=round.pk, join_code=code.pk))
    assert qr["Content-Type"] == "image/svg+xml"


def test_a_staff_code_never_goes_on_a_poster(client_for, manager, ward, round):
    staff_code = JoinCodeFactory(team=ward, role=Role.STAFF)
    client = client_for(manager)
    assert (
        'id="poster"'
        not in client.get(url("round_poster", pk=round.pk), {"code": staff_code.pk}).content.decode()
    )
    assert client.get(url("round_poster_qr", pk=round.pk, join_code=staff_code.pk)).status_code == 404


def test_one_click_makes_a_code_for_the_poster(client_for, manager, ward, round):
    response = client_for(manager).post(url("round_poster", pk=round.pk))
    made = JoinCode.objects.get(team=ward)
    assert made.role == Role.SERVICE_USER
    assert made.created_by == manager
    assert made.expires_at > timezone.now() + dt.timedelta(days=29)
    assert response["Location"] == f"{url('round_poster', pk=round.pk)}?code={made.pk}"


def test_a_closed_round_needs_no_poster(client_for, manager, round, code):
    round.closed_at = timezone.now()
    round.save()
    client = client_for(manager)
    assert client.get(url("round_poster", pk=round.pk))["Location"] == url("round", pk=round.pk)
    assert client.get(url("round_poster_qr", pk=round.pk, join_code=code.pk)).status_code == 404


def test_only_managers_make_posters(client_for, staff, service_user, round, code):
    for member in (staff, service_user):
        assert client_for(member).get(url("round_poster", pk=round.pk)).status_code == 403
        assert client_for(member).post(url("round_poster", pk=round.pk)).status_code == 403


def test_the_poster_takes_a_new_person_straight_into_the_round(client, client_for, manager, round, code):
    page = client_for(manager).get(url("round_poster", pk=round.pk), {"code": code.pk}).content.decode()
    link = page.split('<p id="poster-link">')[1].split("</p>")[0].replace("&amp;", "&")
    scanned = urlsplit(link)
    html = client.get(f"{scanned.path}?{scanned.query}").content.decode()
    assert 'value="ABCD3467"' in html  # the code already in place
    assert client.post("/join/", {"code": "ABCD3467"})["Location"] == "/join/about-you/"
    response = client.post(
        "/join/about-you/", {"display_name": "River", "password": "kettle on the windowsill"}
    )
    assert response["Location"] == url("round", pk=round.pk)
    rating_page = client.get(response["Location"]).content.decode()
    assert "Spring check-in" in rating_page
    assert f"Your sign-in name is {User.objects.get(display_name='River').username}" in rating_page


def test_a_signed_out_member_goes_through_sign_in_into_the_round(client, service_user, round):
    response = client.get(url("round", pk=round.pk))
    assert response["Location"] == f"/sign-in/?next=/t/willow-ward/trip/rounds/{round.pk}/"
    signed_in = client.post(response["Location"], {"username": "alex", "password": "a-good-long-password"})
    assert signed_in["Location"] == url("round", pk=round.pk)
