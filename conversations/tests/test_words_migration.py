"""Migration 0005 moves every team to the built-in list's second version together, and a phrase a
team had switched off stays switched off in it."""

import importlib

from django.apps import apps

from conversations import seed, services
from conversations.models import Phrase, SwitchOff
from conversations.services import language_check

reseed = importlib.import_module("conversations.migrations.0005_built_in_words_version_2")


def as_first_version() -> None:
    """The database as the first version of the list left it: the same phrases, version 1."""
    Phrase.objects.filter(team__isnull=True).delete()
    Phrase.objects.bulk_create(row for row in seed.rows(Phrase) if row.phrase != "cases (said of people)")
    Phrase.objects.filter(team__isnull=True).update(version=1)


def test_the_second_version_replaces_the_first_and_finds_cases(ward, manager):
    as_first_version()
    assert language_check(text="My cases this week.", team=ward) == []

    reseed.reseed(apps, None)

    in_use = Phrase.objects.built_in()
    assert {p.version for p in in_use} == {seed.VERSION}
    assert in_use.count() == len(seed.BUILT_IN)
    assert (
        Phrase.objects.filter(team__isnull=True, status="retired", version=1).count()
        == len(seed.BUILT_IN) - 1
    )
    assert [f.phrase for f in language_check(text="My cases this week.", team=ward)] == ["cases"]


def test_a_phrase_switched_off_stays_switched_off(ward, outsider, manager):
    as_first_version()
    old_patient = Phrase.objects.get(team__isnull=True, phrase="patient")
    SwitchOff.objects.create(
        team=ward, phrase=old_patient, reason="We are a GP surgery.", switched_off_by=manager
    )

    reseed.reseed(apps, None)
    # A migration runs before the app's processes start, so none holds a list compiled earlier.
    services._LENSES.clear()

    new_patient = Phrase.objects.built_in().get(phrase="patient")
    assert SwitchOff.objects.get(team=ward).phrase == new_patient
    assert language_check(text="A patient came in.", team=ward) == []
    assert [f.phrase for f in language_check(text="A patient came in.", team=outsider.team)] == ["patient"]


def test_going_back_restores_the_first_version_and_its_switch_offs(ward, manager):
    as_first_version()
    SwitchOff.objects.create(
        team=ward,
        phrase=Phrase.objects.get(phrase="patient"),
        reason="A GP surgery.",
        switched_off_by=manager,
    )
    reseed.reseed(apps, None)

    reseed.unseed(apps, None)

    in_use = Phrase.objects.built_in()
    assert {p.version for p in in_use} == {1}
    assert in_use.count() == len(seed.BUILT_IN) - 1
    assert SwitchOff.objects.get(team=ward).phrase.version == 1


def test_a_new_database_already_seeded_at_this_version_is_left_as_it_is():
    before = list(Phrase.objects.built_in().values_list("pk", flat=True))

    reseed.reseed(apps, None)

    assert list(Phrase.objects.built_in().values_list("pk", flat=True)) == before
