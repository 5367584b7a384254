import pytest

from trip import services
from trip.models import BenchmarkRating, Perspective, Statement, StatementRetirement, Theme
from trip.tests.factories import BenchmarkRoundFactory, StatementFactory


@pytest.fixture
def open_round(cycle):
    return BenchmarkRoundFactory(cycle=cycle, name="Spring check-in")


def test_a_team_adds_its_own_statement(manager, ward):
    statement = services.statement_add(member=manager, theme=Theme.CHOICE, text="We offer a choice of times.")
    assert statement.team == ward
    assert (statement.current_version.number, statement.text) == (1, "We offer a choice of times.")
    assert statement.created_by == manager


def test_new_words_make_a_new_version_and_old_ratings_keep_their_words(manager, staff, open_round):
    statement = services.statement_add(member=manager, theme=Theme.CHOICE, text="We offer choice.")
    rating = services.rating_save(
        member=staff, round=open_round, statement=statement, score=4, achieved="", next_step=""
    )
    services.statement_reword(
        member=manager, statement=statement, theme=Theme.TAILORED, text="We offer a real choice."
    )
    statement.refresh_from_db()
    rating.refresh_from_db()
    assert statement.theme == Theme.TAILORED
    assert (statement.current_version.number, statement.text) == (2, "We offer a real choice.")
    assert rating.version.text == "We offer choice."
    assert list(statement.versions.values_list("number", flat=True)) == [1, 2]


def test_same_words_make_no_new_version(manager):
    statement = services.statement_add(member=manager, theme=Theme.CHOICE, text="We offer choice.")
    services.statement_reword(member=manager, statement=statement, theme=Theme.RISK, text="We offer choice.")
    assert statement.versions.count() == 1


def test_retiring_twice_is_harmless_and_bringing_back_undoes_it(manager, ward):
    shared = Statement.objects.filter(team__isnull=True).first()
    services.statement_retire(member=manager, statement=shared)
    services.statement_retire(member=manager, statement=shared)
    assert StatementRetirement.objects.filter(team=ward).count() == 1
    services.statement_bring_back(member=manager, statement=shared)
    assert Statement.objects.in_use_by(ward).filter(pk=shared.pk).exists()


def test_a_second_open_round_in_a_cycle_is_kindly_refused(manager, cycle):
    services.round_open(member=manager, cycle=cycle, name="First")
    with pytest.raises(services.TripError, match="already has an open round"):
        services.round_open(member=manager, cycle=cycle, name="Second")


def test_answering_again_changes_the_same_row_and_the_last_answer_wins(service_user, open_round, ward):
    statement = StatementFactory(team=ward)
    for score in (2, None, 5):
        services.rating_save(
            member=service_user,
            round=open_round,
            statement=statement,
            score=score,
            achieved="",
            next_step="x",
        )
    rating = BenchmarkRating.objects.get()
    assert (rating.score, rating.perspective) == (5, Perspective.SERVICE_USER)


def test_rating_a_closed_round_is_refused(staff, open_round, ward):
    services.round_close(round=open_round)
    with pytest.raises(services.TripError, match="This round has closed"):
        services.rating_save(
            member=staff,
            round=open_round,
            statement=StatementFactory(team=ward),
            score=3,
            achieved="",
            next_step="",
        )
    assert not BenchmarkRating.objects.exists()


def test_closing_twice_says_so(open_round):
    services.round_close(round=open_round)
    with pytest.raises(services.TripError, match="already closed"):
        services.round_close(round=open_round)
