"""The benchmarking data: the shared library, and the rules the database keeps."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from teams.models import Role
from tests.factories import MembershipFactory
from trip.models import (
    RSA_THEMES,
    BenchmarkRating,
    BenchmarkRound,
    Perspective,
    Statement,
    TeamAgreement,
    Theme,
)
from trip.statements import LIBRARY
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory


def test_the_library_is_loaded_with_every_theme(db):
    library = Statement.objects.filter(team__isnull=True).select_related("current_version")
    assert library.count() == len(LIBRARY)
    themes = [s.theme for s in library]
    for theme in Theme:
        assert themes.count(theme) >= (3 if theme in RSA_THEMES else 1), theme
    assert all(s.current_version.number == 1 and s.text for s in library)


def test_statements_in_use_come_theme_by_theme_the_librarys_first(db):
    cycle = CycleFactory()
    team = cycle.team
    own_last_theme = StatementFactory(team=team, theme=Theme.USER_INVOLVEMENT, text="Our own, last theme.")
    own_first_theme = StatementFactory(team=team, theme=Theme.LIFE_GOALS, text="Our own, first theme.")
    StatementFactory(team=CycleFactory().team, theme=Theme.LIFE_GOALS, text="Another team's.")

    in_order = Statement.objects.in_use_by(team).in_theme_order()

    themes = [s.theme for s in in_order]
    assert themes == sorted(themes, key=list(Theme).index)
    first_theme = [s for s in in_order if s.theme == Theme.LIFE_GOALS]
    assert first_theme[-1] == own_first_theme and all(s.team is None for s in first_theme[:-1])
    assert in_order[-1] == own_last_theme
    assert "Another team's." not in [s.current_version.text for s in in_order]


def test_library_statements_are_short_and_in_our_own_words():
    for key, theme, text in LIBRARY:
        assert Theme(theme)
        assert len(text) <= 120, key
        assert text.endswith("."), key
    assert len({key for key, _, _ in LIBRARY}) == len(LIBRARY)


@pytest.mark.parametrize(
    ("role", "perspective"),
    [
        (Role.MANAGER, Perspective.STAFF),
        (Role.STAFF, Perspective.STAFF),
        (Role.SERVICE_USER, Perspective.SERVICE_USER),
        (Role.SUPPORTER, Perspective.SUPPORTER),
        (Role.PARTNER, Perspective.PARTNER),
    ],
)
def test_each_role_rates_from_its_own_perspective(db, role, perspective):
    assert Perspective.of(MembershipFactory(role=role)) == perspective


@pytest.mark.parametrize("score", [0, 6, 100])
def test_a_score_off_the_scale_is_refused_by_the_database(db, score):
    with pytest.raises(IntegrityError):
        BenchmarkRatingFactory(score=score)


def test_dont_know_is_an_empty_score(db):
    assert BenchmarkRatingFactory(score=None).score is None


def test_one_rating_per_member_statement_and_round(db):
    rating = BenchmarkRatingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BenchmarkRatingFactory(round=rating.round, statement=rating.statement, member=rating.member)
    assert BenchmarkRating.objects.count() == 1


def test_an_unknown_perspective_is_refused(db):
    with pytest.raises(IntegrityError):
        BenchmarkRatingFactory(perspective="manager")


def test_a_cycle_has_one_open_round_at_a_time(db):
    cycle = CycleFactory()
    first = BenchmarkRoundFactory(cycle=cycle)
    with pytest.raises(IntegrityError), transaction.atomic():
        BenchmarkRoundFactory(cycle=cycle)
    first.closed_at = first.opened_at
    first.save()
    BenchmarkRoundFactory(cycle=cycle)
    assert BenchmarkRound.objects.filter(cycle=cycle).count() == 2


def test_retired_statements_are_left_out_only_for_the_team_that_retired_them(db, ward, outsider):
    shared = Statement.objects.filter(team__isnull=True).first()
    shared.retirements.create(team=ward)
    assert not Statement.objects.in_use_by(ward).filter(pk=shared.pk).exists()
    assert Statement.objects.in_use_by(outsider.team).filter(pk=shared.pk).exists()
    assert Statement.objects.for_team(ward).filter(pk=shared.pk).exists()


@pytest.mark.parametrize("score", [0, 6])
def test_an_agreed_rating_off_the_scale_is_refused_by_the_database(db, score):
    rating = BenchmarkRatingFactory()
    with pytest.raises(IntegrityError):
        TeamAgreement.objects.create(
            round=rating.round,
            statement=rating.statement,
            version=rating.version,
            score=score,
            reason="Because",
        )


def test_one_agreement_per_statement_and_round(db):
    rating = BenchmarkRatingFactory()
    fields = {
        "round": rating.round,
        "statement": rating.statement,
        "version": rating.version,
        "reason": "Yes",
    }
    TeamAgreement.objects.create(score=3, **fields)
    with pytest.raises(IntegrityError):
        TeamAgreement.objects.create(score=4, **fields)


def test_a_team_can_be_deleted_with_its_statements_rounds_and_ratings(db):
    rating = BenchmarkRatingFactory()
    team = rating.round.cycle.team
    shared = Statement.objects.filter(team__isnull=True).first()
    BenchmarkRatingFactory(round=rating.round, statement=shared, version=shared.current_version)
    TeamAgreement.objects.create(
        round=rating.round, statement=rating.statement, version=rating.version, score=3, reason="Yes"
    )
    team.delete()
    assert not BenchmarkRating.objects.exists()
    assert Statement.objects.filter(pk=shared.pk).exists()


def test_words_that_were_rated_cannot_be_deleted(db):
    rating = BenchmarkRatingFactory()
    with pytest.raises(RestrictedError):
        rating.version.delete()
