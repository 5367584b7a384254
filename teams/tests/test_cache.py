"""Kept page parts (teams/cache.py): kept under the team's version, forgotten by any change to the
team, never found again once forgotten."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from teams.cache import shared_cache_check, team_cache_forget, team_cache_get_or_make
from tests.factories import JoinCodeFactory


class Maker:
    """Makes a new value each time it is called, and counts the calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"drawn {self.calls}"


def test_a_part_is_made_once_and_kept(ward):
    make = Maker()
    assert team_cache_get_or_make(ward.pk, "board", [True], make) == "drawn 1"
    assert team_cache_get_or_make(ward.pk, "board", [True], make) == "drawn 1"
    assert make.calls == 1


def test_what_it_depends_on_is_part_of_its_name(ward, outsider):
    make = Maker()
    team_cache_get_or_make(ward.pk, "board", [True], make)
    assert team_cache_get_or_make(ward.pk, "board", [False], make) == "drawn 2"
    assert team_cache_get_or_make(ward.pk, "results", [True], make) == "drawn 3"
    assert team_cache_get_or_make(outsider.team_id, "board", [True], make) == "drawn 4"


def test_a_change_to_the_team_forgets_its_parts_and_no_one_elses(ward, outsider):
    make = Maker()
    team_cache_get_or_make(ward.pk, "board", [], make)
    team_cache_get_or_make(outsider.team_id, "board", [], make)
    team_cache_forget([ward.pk])
    assert team_cache_get_or_make(ward.pk, "board", [], make) == "drawn 3"
    assert team_cache_get_or_make(outsider.team_id, "board", [], make) == "drawn 2"


def test_a_version_the_cache_dropped_never_finds_old_parts(ward):
    make = Maker()
    team_cache_get_or_make(ward.pk, "board", [], make)
    # A full cache evicts keys it has no room for: the team's version may be one of them.
    cache.delete(f"team-version:{ward.pk}")
    assert team_cache_get_or_make(ward.pk, "board", [], make) == "drawn 2"


def test_a_part_drawn_while_a_change_is_being_saved_is_not_kept_after_it(
    ward, django_capture_on_commit_callbacks
):
    make = Maker()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        team_cache_forget([ward.pk])
        # Another request, reading before the change commits, draws the old figures.
        team_cache_get_or_make(ward.pk, "board", [], make)
    assert team_cache_get_or_make(ward.pk, "board", [], make) == "drawn 2"


@pytest.mark.parametrize(("method", "forgotten"), [("get", False), ("post", True)])
def test_the_access_gate_forgets_after_any_post_to_a_team_page(client_for, manager, method, forgotten):
    make = Maker()
    team_cache_get_or_make(manager.team_id, "board", [], make)
    # Even a POST the page refuses: the gate does not guess what a view may have saved.
    getattr(client_for(manager), method)(reverse("teams:invite", kwargs={"team": manager.team.slug}))
    assert team_cache_get_or_make(manager.team_id, "board", [], make) == (
        "drawn 2" if forgotten else "drawn 1"
    )


def test_joining_a_team_forgets_its_parts(client, ward):
    JoinCodeFactory(team=ward, code="ABCD3467")
    make = Maker()
    team_cache_get_or_make(ward.pk, "board", [], make)
    client.post(reverse("join"), {"code": "ABCD3467"})
    client.post(reverse("join_details"), {"display_name": "Alex", "password": "kettle on the windowsill"})
    assert team_cache_get_or_make(ward.pk, "board", [], make) == "drawn 2"


def test_a_deployment_is_warned_when_processes_cannot_share_the_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache_check()] == ["teams.W001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert shared_cache_check() == []
