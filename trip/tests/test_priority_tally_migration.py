"""Migration 0008 gives each priority already rated by three or more people its first tally, and
leaves those rated by fewer showing nothing."""

import importlib

import pytest
from django.apps import apps

from trip.tests.factories import PriorityFactory, PriorityRatingFactory

tally = importlib.import_module("trip.migrations.0008_priority_tally")


def test_priorities_rated_by_three_get_their_first_tally_and_fewer_wait(cycle):
    three, two = PriorityFactory(cycle=cycle), PriorityFactory(cycle=cycle)
    for impact in (1, 2, 4):
        PriorityRatingFactory(priority=three, impact=impact, ease=5)
    for impact in (1, 5):
        PriorityRatingFactory(priority=two, impact=impact, ease=5)

    tally.first_tally(apps, None)

    three.refresh_from_db()
    two.refresh_from_db()
    assert (three.tally_count, three.tally_impact, three.tally_ease) == (3, pytest.approx(7 / 3), 5.0)
    assert not three.ratings.filter(in_tally=False).exists()
    assert (two.tally_count, two.tally_impact) == (0, None)
    assert two.ratings.filter(in_tally=False).count() == 2
