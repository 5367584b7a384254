"""A signed-in session lasts 30 idle minutes and is renewed as it is used, but written back at
most once a minute, not on every request."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _session_writes(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


@pytest.fixture
def signed_in(staff):
    with time_machine.travel(START, tick=False):
        client = Client()
        client.force_login(staff.user, backend="teams.backends.EmailOrUsernameBackend")
    return client


@pytest.mark.django_db
def test_pages_within_a_minute_write_the_session_once(signed_in, staff):
    wall = reverse("successes:wall", kwargs={"team": staff.team.slug})
    with time_machine.travel(START + dt.timedelta(seconds=5), tick=False):
        assert _session_writes(signed_in, wall) == 1  # the first page notes the team and renews
    with time_machine.travel(START + dt.timedelta(seconds=30), tick=False):
        assert _session_writes(signed_in, wall) == 0
        assert _session_writes(signed_in, wall) == 0
    with time_machine.travel(START + dt.timedelta(seconds=70), tick=False):
        assert _session_writes(signed_in, wall) == 1
        assert _session_writes(signed_in, wall) == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("database_sessions")
def test_a_session_in_use_lives_on_and_an_idle_one_ends_after_30_minutes(signed_in, staff):
    wall = reverse("successes:wall", kwargs={"team": staff.team.slug})
    # Used every 20 minutes for an hour: still signed in.
    for minutes in (20, 40, 60):
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            assert signed_in.get(wall).status_code == 200
    # Then left for 31 minutes: signed out.
    with time_machine.travel(START + dt.timedelta(minutes=91), tick=False):
        response = signed_in.get(wall)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
