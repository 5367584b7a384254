"""The registry that tells `teams` where a person has something to do, without `teams` knowing
the apps that answer (teams/next_steps.py)."""

import pytest

from teams import next_steps


@pytest.fixture
def finders(monkeypatch):
    """Only this test's finders, and none of the apps' (restored afterwards)."""
    monkeypatch.setattr(next_steps, "_finders", [])
    return next_steps


def test_with_nothing_to_do_a_member_lands_on_their_start_page(finders, service_user):
    finders.register(lambda member: None)
    assert finders.next_step_for(service_user) is None
    assert finders.landing_url(service_user) == service_user.start_url


def test_the_first_app_with_something_to_do_wins(finders, service_user):
    finders.register(lambda member: None)
    finders.register(lambda member: f"/t/{member.team.slug}/first/")
    finders.register(lambda member: "/second/")
    assert finders.landing_url(service_user) == "/t/willow-ward/first/"


def test_an_app_registers_once_however_often_it_is_ready(finders, service_user):
    calls = []

    def finder(member):
        calls.append(member)

    finders.register(finder)
    finders.register(finder)
    finders.next_step_for(service_user)
    assert calls == [service_user]


def test_trip_registers_itself_when_the_app_is_ready():
    from trip.services import next_step_for

    assert next_step_for in next_steps._finders
