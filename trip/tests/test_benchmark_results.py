"""The results of a round: worked out by the database, checked against plain Python, and never
showing what one person said."""

import datetime as dt
import statistics
from collections import defaultdict

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teams.cache import team_cache_forget
from teams.models import Role
from tests.factories import MembershipFactory, UserFactory
from trip import services
from trip.models import BenchmarkRating, Perspective, Theme
from trip.results import Groups, round_results, round_results_with_change, trip_report_context
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory

ROLES = {
    Perspective.STAFF: [Role.STAFF, Role.MANAGER],
    Perspective.SERVICE_USER: [Role.SERVICE_USER],
    Perspective.SUPPORTER: [Role.SUPPORTER],
    Perspective.PARTNER: [Role.PARTNER],
}
THEMES = [Theme.LIFE_GOALS, Theme.LIFE_GOALS, Theme.RISK]

# One rater: their perspective, whether they are a manager, and their answer (a score, None for
# "don't know", or "skip" for no answer) to each of the three statements.
answers = st.one_of(st.integers(1, 5), st.none(), st.just("skip"))
raters = st.lists(
    st.tuples(st.sampled_from(list(Perspective)), st.booleans(), st.tuples(answers, answers, answers)),
    max_size=24,
)


class _Undo(Exception):
    pass


def _expected(groups: dict[str, list[int]], raters_of=len) -> tuple[dict, bool]:
    """The fewer-than-3 rule, in plain Python: groups of 3 or more raters are shown, the rest are
    put together as "others", shown only if that makes 3 or more."""
    shown, small = {}, []
    for perspective in Perspective.values:
        scores = groups.get(perspective)
        if not scores:
            continue
        if raters_of(scores) >= 3:
            shown[perspective] = scores
        else:
            small.append(scores)
    hidden = False
    if small:
        others = [x for scores in small for x in scores]
        if sum(raters_of(s) for s in small) >= 3:
            shown["others"] = others
        else:
            hidden = True
    return shown, hidden


def _check(groups: Groups, shown: dict, hidden: bool, raters) -> None:
    assert list(groups.shown) == list(shown)
    assert groups.some_hidden == hidden
    for key, pairs in shown.items():
        scores = [score for _, score in pairs]
        spread = groups.shown[key]
        assert spread.raters == raters(pairs)
        assert spread.scores == len(scores)
        assert spread.average == pytest.approx(statistics.fmean(scores))
        assert spread.deviation == pytest.approx(statistics.pstdev(scores), abs=1e-6)
        assert (spread.low, spread.high) == (min(scores), max(scores))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raters=raters)
def test_results_match_a_plain_python_recount(ward, cycle, raters):
    try:
        with transaction.atomic():
            statements = [StatementFactory(team=ward, theme=theme) for theme in THEMES]
            round = BenchmarkRoundFactory(cycle=cycle)
            by_statement = defaultdict(lambda: defaultdict(list))
            for n, (perspective, is_manager, scores) in enumerate(raters):
                role = (
                    Role.MANAGER if is_manager and perspective == Perspective.STAFF else ROLES[perspective][0]
                )
                member = MembershipFactory(team=ward, role=role, user=UserFactory(username=f"rater{n}"))
                for statement, score in zip(statements, scores, strict=True):
                    if score == "skip":
                        continue
                    services.rating_save(
                        member=member,
                        round=round,
                        statement=statement,
                        score=score,
                        achieved="",
                        next_step="",
                    )
                    if score is not None:
                        by_statement[statement.current_version_id][perspective].append((member.pk, score))

            results = round_results(round=round)

            def count(pairs):
                return len({pk for pk, _ in pairs})

            rated = {r.version.pk: r for r in results.statements}
            assert set(rated) == set(by_statement)
            for version, groups in by_statement.items():
                shown, hidden = _expected(groups, raters_of=count)
                _check(rated[version].groups, shown, hidden, count)
            # A theme shows only what its statements show, group by group, so nothing hidden
            # can be worked out by subtracting one from the other.
            themes = {t.theme: t for t in results.themes}
            assert set(themes) == {s.theme for s in statements if s.current_version_id in by_statement}
            for theme in themes:
                shown, hidden = defaultdict(list), False
                for statement in statements:
                    if statement.theme == theme and statement.current_version_id in by_statement:
                        parts, part_hidden = _expected(
                            by_statement[statement.current_version_id], raters_of=count
                        )
                        hidden = hidden or part_hidden
                        for key, pairs in parts.items():
                            shown[key].extend(pairs)
                order = [*Perspective.values, "others"]
                expected = {key: shown[key] for key in order if key in shown}
                _check(themes[theme].groups, expected, hidden, len)
            raise _Undo
    except _Undo:
        pass


def _rate(round, statement, role, *scores, **notes):
    for score in scores:
        BenchmarkRatingFactory(
            round=round,
            statement=statement,
            member=MembershipFactory(team=round.cycle.team, role=role),
            score=score,
            **notes,
        )


@pytest.fixture
def round(cycle):
    # Results are shown once a round has closed.
    return BenchmarkRoundFactory(cycle=cycle, name="Spring check-in", closed_at=timezone.now())


def test_two_supporters_and_one_partner_make_others_together(round, ward):
    statement = StatementFactory(team=ward)
    _rate(round, statement, Role.STAFF, 4, 5, 3)
    _rate(round, statement, Role.SUPPORTER, 1, 2)
    _rate(round, statement, Role.PARTNER, 3)
    groups = round_results(round=round).statements[0].groups
    assert list(groups.shown) == ["staff", "others"]
    assert groups.shown["others"].average == 2
    assert not groups.some_hidden


def test_fewer_than_three_others_are_not_shown_and_not_counted_in_the_whole(round, ward):
    statement = StatementFactory(team=ward)
    _rate(round, statement, Role.STAFF, 4, 4, 4)
    _rate(round, statement, Role.SERVICE_USER, 1)
    groups = round_results(round=round).statements[0].groups
    assert list(groups.shown) == ["staff"]
    assert groups.some_hidden
    # The whole team's average leaves out the hidden answer, or it could be worked back out.
    assert groups.everyone.average == 4


def test_a_theme_never_reveals_what_a_statement_hides(round, ward):
    shown, hidden = StatementFactory(team=ward, text="Shown"), StatementFactory(team=ward, text="Hidden")
    supporters = [MembershipFactory(team=ward, role=Role.SUPPORTER) for _ in range(3)]
    for member in supporters:
        BenchmarkRatingFactory(round=round, statement=shown, member=member, score=4)
    # Only one supporter answered the second statement: their 1 must not show up anywhere.
    BenchmarkRatingFactory(round=round, statement=hidden, member=supporters[0], score=1)
    theme = round_results(round=round).themes[0]
    assert theme.groups.shown["supporter"].total == 12
    assert theme.groups.shown["supporter"].low == 4
    assert theme.groups.some_hidden


def test_the_best_are_at_least_partly_in_place_highest_first(round, ward):
    low, high, middle = (StatementFactory(team=ward, text=t) for t in ("Low", "High", "Middle"))
    _rate(round, low, Role.STAFF, 1, 2, 2)
    _rate(round, high, Role.STAFF, 5, 5, 4)
    _rate(round, middle, Role.STAFF, 3, 3, 4)
    assert [r.version.text for r in round_results(round=round).best()] == ["High", "Middle"]


def test_the_meeting_takes_the_most_achieved_first_and_the_gaps_after(round, ward):
    texts = ("Low", "High", "Middle", "Split", "Agreed", "Unscored")
    low, high, middle, split, agreed, unscored = (StatementFactory(team=ward, text=t) for t in texts)
    _rate(round, low, Role.STAFF, 1, 2, 2)
    _rate(round, high, Role.STAFF, 5, 5, 4)
    _rate(round, middle, Role.STAFF, 2, 3, 3)
    # Both average 4: the one everyone agrees on comes first.
    _rate(round, split, Role.STAFF, 5, 5, 2)
    _rate(round, agreed, Role.STAFF, 4, 4, 4)
    _rate(round, unscored, Role.STAFF, 5, 5)

    sections = round_results(round=round).meeting_order()

    assert [(name, [r.version.text for r in results]) for name, results in sections] == [
        ("going_well", ["High", "Agreed", "Split"]),
        ("gaps", ["Middle", "Low"]),
        ("too_few", ["Unscored"]),
    ]


def test_perception_gaps_are_between_staff_and_people_using_the_service(round, ward):
    close, apart = StatementFactory(team=ward, text="Close"), StatementFactory(team=ward, text="Apart")
    _rate(round, close, Role.STAFF, 4, 4, 4)
    _rate(round, close, Role.SERVICE_USER, 4, 3, 4)
    _rate(round, apart, Role.STAFF, 5, 5, 5)
    _rate(round, apart, Role.SERVICE_USER, 2, 2, 2)
    results = round_results(round=round)
    assert [r.version.text for r in results.biggest_gaps()] == ["Apart", "Close"]
    assert results.biggest_gaps()[0].groups.gap == 3


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


def test_the_results_page_celebrates_first_then_shows_gaps_and_themes(client_for, service_user, round, ward):
    proud = StatementFactory(team=ward, theme=Theme.CHOICE, text="We offer real choice.")
    _rate(round, proud, Role.STAFF, 5, 5, 4, achieved="The new welcome pack.")
    _rate(round, proud, Role.SERVICE_USER, 2, 2, 1, next_step="Evening groups <b>please</b>")
    page = client_for(service_user).get(url("round_results", pk=round.pk)).content.decode()
    assert page.index("What we are proud of") < page.index("Where we see things differently")
    assert page.index("Where we see things differently") < page.index("Theme by theme")
    assert "The new welcome pack." in page
    assert "Evening groups &lt;b&gt;please&lt;/b&gt;" in page
    assert "Staff: 4.7; people using the service: 1.7" in page
    assert "We see this differently" in page


def theme_url(round, theme=Theme.LIFE_GOALS) -> str:
    return url("round_theme_results", pk=round.pk, theme=theme.value)


@pytest.mark.parametrize("page_of", ["results", "theme"])
def test_results_never_show_who_said_what(client_for, staff, round, ward, page_of):
    statement = StatementFactory(team=ward, theme=Theme.LIFE_GOALS, text="We listen first.")
    people = [("Wilhelmina", 5), ("Bartholomew", 4), ("Esmeralda", 4), ("Peregrine", 5), ("Clementine", 4)]
    for name, score in people:
        member = MembershipFactory(team=ward, role=Role.STAFF, user=UserFactory(display_name=name))
        BenchmarkRatingFactory(
            round=round, statement=statement, member=member, score=score, achieved=f"Idea number {score}"
        )
    lone = MembershipFactory(team=ward, role=Role.SUPPORTER, user=UserFactory(display_name="Ottoline"))
    BenchmarkRatingFactory(round=round, statement=statement, member=lone, score=1, achieved="Lovely garden")
    address = url("round_results", pk=round.pk) if page_of == "results" else theme_url(round)
    page = client_for(staff).get(address).content.decode()
    for name in [name for name, _ in people] + ["Ottoline"]:
        assert f"{name}</" not in page and f">{name}" not in page
    # The lone supporter's score of 1 is in no group and not in the range shown.
    assert "1 to 5" not in page
    assert "4 to 5" in page
    assert 'data-group="supporter"' not in page and 'data-group="others"' not in page
    assert "Some answers are not shown here" in page
    if page_of == "results":
        # Notes are shown without names, in an order that says nothing about who wrote them.
        assert "Lovely garden" in page


@pytest.mark.parametrize("page_of", ["results", "theme"])
def test_attack_a_group_of_three_shows_its_average_but_not_its_range(client_for, staff, round, ward, page_of):
    """With three answers, the average, lowest and highest together would give all three: from an
    average of 3.0 and a range of 1 to 5, the third answer is 3. A group that small shows only
    its average."""
    statement = StatementFactory(team=ward, theme=Theme.LIFE_GOALS, text="We listen first.")
    _rate(round, statement, Role.STAFF, 1, 3, 5)
    address = url("round_results", pk=round.pk) if page_of == "results" else theme_url(round)
    page = client_for(staff).get(address).content.decode()
    row = page[page.index('data-group="staff"') :]
    row = row[: row.index("</tr>")]
    assert ">3.0<" in row
    assert "1 to 5" not in row and "Shown from 5 people" in row
    assert "1.6" not in row  # the spread, which with the average would give the answers too


def test_the_results_list_each_statement_and_link_to_its_theme_group_by_group(client_for, staff, round, ward):
    listened = StatementFactory(team=ward, theme=Theme.LIFE_GOALS, text="We listen first.")
    few = StatementFactory(team=ward, theme=Theme.LIFE_GOALS, text="We plan together.")
    _rate(round, listened, Role.STAFF, 5, 4, 4)
    _rate(round, listened, Role.SERVICE_USER, 2, 2, 2)
    BenchmarkRatingFactory(round=round, statement=few, member=MembershipFactory(team=ward), score=5)
    client = client_for(staff)

    page = " ".join(client.get(url("round_results", pk=round.pk)).content.decode().split())
    theme = " ".join(client.get(theme_url(round)).content.decode().split())

    # The results page: every statement with the whole team's figure, the detail one link away.
    assert "We listen first. <br><strong>The whole team: 3.2 out of 5</strong>" in page
    assert "We plan together. <br><span" in page and "Fewer than 3 people gave a score" in page
    assert f'href="{theme_url(round)}">What each group said about these 2 statements' in page
    assert 'data-group="service_user"' in page  # the theme's own table stays
    assert page.count("<table") == 2  # the themes overview and this theme: no table per statement
    # The theme's page: each statement's table, group by group.
    assert '<h2 class="nhsuk-heading-s">We listen first.</h2>' in theme
    assert theme.count('data-group="staff"') == 2  # the theme's table and the statement's
    assert "We plan together.</h2>" in theme and "nothing is shown for this one" in theme


def test_a_themes_page_waits_for_the_round_to_close_and_knows_only_answered_themes(
    client_for, staff, outsider, cycle, round, ward
):
    statement = StatementFactory(team=ward, theme=Theme.LIFE_GOALS, text="We listen first.")
    _rate(round, statement, Role.STAFF, 5, 4, 4)
    open_round = BenchmarkRoundFactory(cycle=cycle)
    _rate(open_round, statement, Role.STAFF, 1, 1, 1)
    client = client_for(staff)

    waiting = client.get(theme_url(open_round))
    assert waiting.status_code == 302 and waiting["Location"] == url("round_results", pk=open_round.pk)
    assert client.get(theme_url(round, Theme.CHOICE)).status_code == 404  # no one answered there
    assert client.get(url("round_theme_results", pk=round.pk, theme="no-such-theme")).status_code == 404
    assert client_for(outsider).get(theme_url(round)).status_code == 404


def test_a_themes_page_makes_a_constant_number_of_queries(client_for, staff, round, ward):
    client = client_for(staff)
    first = StatementFactory(team=ward, theme=Theme.LIFE_GOALS)
    _rate(round, first, Role.STAFF, 3, 4, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(theme_url(round)).status_code == 200
    for _ in range(10):
        _rate(round, StatementFactory(team=ward, theme=Theme.LIFE_GOALS), Role.SERVICE_USER, 1, 2, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(theme_url(round)).status_code == 200
    assert len(many) == len(few)


def test_an_open_rounds_results_wait_until_it_closes(client_for, manager, cycle, ward):
    open_round = BenchmarkRoundFactory(cycle=cycle)
    statement = StatementFactory(team=ward, text="We listen first.")
    _rate(open_round, statement, Role.STAFF, 5, 4, 4, achieved="A secret so far")
    page = client_for(manager).get(url("round_results", pk=open_round.pk)).content.decode()
    assert "What the team said appears here when the round closes." in page
    assert "We listen first." not in page and "A secret so far" not in page
    assert "Close this round" in page


def test_results_with_no_answers_yet(client_for, staff, round):
    page = client_for(staff).get(url("round_results", pk=round.pk)).content.decode()
    assert "No one has answered yet." in page


def test_the_results_show_the_change_since_the_earlier_cycle(client_for, staff, round, ward):
    earlier = BenchmarkRoundFactory(
        cycle=CycleFactory(team=ward, name="Last year"),
        name="Last year's check-in",
        opened_at=round.opened_at - dt.timedelta(days=365),
        closed_at=round.opened_at - dt.timedelta(days=300),
    )
    statement = StatementFactory(team=ward, theme=Theme.RISK, text="We plan safety together.")
    _rate(earlier, statement, Role.STAFF, 2, 2, 3)
    _rate(round, statement, Role.STAFF, 4, 4, 3)
    results = round_results_with_change(round=round)
    assert results.earlier_round == earlier
    assert results.change(results.statements[0]) == pytest.approx(4 / 3)
    page = client_for(staff).get(url("round_results", pk=round.pk)).content.decode()
    assert "Better than last time" in page
    assert "Since Last year&#39;s check-in: up 1.3" in " ".join(page.split())


def test_only_a_closed_round_is_ever_compared(client_for, staff, round, ward):
    """A round still open in an earlier cycle changes with each answer, so comparing with it would
    let anyone watching the results page or the report learn what each new person said."""
    last_year = CycleFactory(team=ward, name="Last year")
    closed = BenchmarkRoundFactory(
        cycle=last_year,
        name="Last year's check-in",
        opened_at=round.opened_at - dt.timedelta(days=365),
        closed_at=round.opened_at - dt.timedelta(days=300),
    )
    still_open = BenchmarkRoundFactory(
        cycle=last_year, name="Last year's second look", opened_at=round.opened_at - dt.timedelta(days=100)
    )
    statement = StatementFactory(team=ward, theme=Theme.RISK, text="We plan safety together.")
    _rate(closed, statement, Role.STAFF, 2, 2, 3)
    _rate(still_open, statement, Role.STAFF, 5, 5, 5)
    _rate(round, statement, Role.STAFF, 4, 4, 3)
    results = round_results_with_change(round=round)
    assert results.earlier_round == closed
    assert results.change(results.statements[0]) == pytest.approx(4 / 3)
    page = " ".join(client_for(staff).get(url("round_results", pk=round.pk)).content.decode().split())
    assert "Since Last year&#39;s check-in: up 1.3" in page
    assert "second look" not in page
    # The TRIP report compares the same way.
    assert trip_report_context(cycle=round.cycle)["results"].earlier_round == closed


def test_a_round_open_in_an_earlier_cycle_is_not_compared_at_all(round, ward):
    still_open = BenchmarkRoundFactory(
        cycle=CycleFactory(team=ward), opened_at=round.opened_at - dt.timedelta(days=100)
    )
    statement = StatementFactory(team=ward)
    _rate(still_open, statement, Role.STAFF, 5, 5, 5)
    _rate(round, statement, Role.STAFF, 2, 2, 3)
    results = round_results_with_change(round=round)
    assert results.earlier_round is None and results.change(results.statements[0]) is None


def test_no_change_is_shown_for_the_first_round(round, ward):
    statement = StatementFactory(team=ward)
    _rate(round, statement, Role.STAFF, 2, 2, 3)
    results = round_results_with_change(round=round)
    assert results.earlier_round is None and results.change(results.statements[0]) is None


def test_the_results_page_makes_a_constant_number_of_queries(client_for, manager, round, ward):
    client = client_for(manager)
    statement = StatementFactory(team=ward)
    earlier = BenchmarkRoundFactory(
        cycle=CycleFactory(team=ward),
        opened_at=round.opened_at - dt.timedelta(days=200),
        closed_at=round.opened_at,
    )
    _rate(earlier, statement, Role.STAFF, 1, 2, 3)
    _rate(round, statement, Role.STAFF, 3, 4, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("round_results", pk=round.pk)).status_code == 200
    statements = [StatementFactory(team=ward, theme=list(Theme)[i % 15]) for i in range(60)]
    members = [
        MembershipFactory(team=ward, role=[Role.STAFF, Role.SERVICE_USER, Role.SUPPORTER][i % 3])
        for i in range(40)
    ]
    BenchmarkRating.objects.bulk_create(
        BenchmarkRating(
            round=round,
            statement=s,
            version_id=s.current_version_id,
            member=m,
            perspective=Perspective.of(m),
            score=(s.pk + m.pk) % 5 + 1,
            achieved="Something good" if m.pk % 7 == 0 else "",
        )
        for s in statements
        for m in members
    )
    # Ratings written straight to the database, as no page could for a closed round: the results
    # kept from before (teams/cache.py) are forgotten, as any change through the app does.
    team_cache_forget([ward.pk])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("round_results", pk=round.pk)).status_code == 200
    assert len(many) == len(few)
