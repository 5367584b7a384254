"""The figures on the managers' dashboards, counted by the database.

Every figure is an aggregate over a team's rows, computed in a fixed handful of queries however
much data a team has, and the same annotations serve one team's dashboard and the side-by-side
view of many teams. Supervision is only ever counted by its dates: no field that holds what was
said in a session, a reflection or a feedback answer is read here."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone

from conversations.models import LanguageMonth
from conversations.services import language_check, language_months
from recovery_culture.lib import dates
from successes.models import WORKED_SHIFTS, Shift, Success, ThankYou
from supervision.models import FeedbackRequest, LeadershipReflection, SupervisionSession
from teams.models import Membership, Role, Team
from trip.models import (
    STAGE_ORDER,
    THEME_ORDER,
    Action,
    ActionStatus,
    BenchmarkRating,
    BenchmarkRound,
    Cycle,
    Perspective,
    Priority,
    PriorityStatus,
    Stage,
    StatementVersion,
    Theme,
)
from trip.results import (
    OTHERS,
    RoundResults,
    Spread,
    StatementResult,
    combine_groups,
    fold_groups,
    rating_spreads,
    round_results,
)

WEEKS_SHOWN = 12
HANDOVER_DAYS = 28
COVERAGE_DAYS = 42  # "supervised in the last 6 weeks"


class SubqueryCount(Subquery):
    """How many rows a correlated subquery finds (0, not NULL, when it finds none)."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def month_begin(today: dt.date) -> dt.datetime:
    """Midnight, in the team's time zone, on the first day of `today`'s calendar month."""
    return dt.datetime.combine(today.replace(day=1), dt.time.min, tzinfo=timezone.get_current_timezone())


def month_end(today: dt.date) -> dt.datetime:
    """Midnight at the start of the month after `today`'s."""
    return month_begin((today.replace(day=1) + dt.timedelta(days=32)).replace(day=1))


def _recognised_in_month(today: dt.date) -> Q:
    """A staff membership (the OuterRef "pk") that logged a little miracle, was named as helping
    with one, or was thanked in `today`'s calendar month."""
    member = OuterRef("pk")
    begin, end = month_begin(today), month_end(today)
    return (
        Q(Exists(Success.objects.filter(author=member, created_at__gte=begin, created_at__lt=end)))
        | Q(
            Exists(
                Success.helpers.through.objects.filter(
                    membership=member, success__created_at__gte=begin, success__created_at__lt=end
                )
            )
        )
        | Q(Exists(ThankYou.objects.filter(recipient=member, created_at__gte=begin, created_at__lt=end)))
    )


def _supervised_between(since: dt.date, today: dt.date) -> Exists:
    # Only the date is looked at: a session's notes are never part of this query.
    return Exists(
        SupervisionSession.objects.confirmed().filter(
            supervisee=OuterRef("pk"), team_id=OuterRef("team_id"), held_on__gte=since, held_on__lte=today
        )
    )


def with_figures(teams: QuerySet[Team], *, today: dt.date) -> QuerySet[Team]:
    """`teams`, each annotated with the figures of `today`'s month (one query, however many
    teams). For a month gone by, `today` is its last day: supervision is counted back from it."""
    month = {"created_at__gte": month_begin(today), "created_at__lt": month_end(today)}
    team = OuterRef("pk")
    staff = Membership.objects.staff().filter(team=team).order_by().values("pk")
    return teams.annotate(
        member_count=SubqueryCount(Membership.objects.active().filter(team=team).order_by().values("pk")),
        staff_count=SubqueryCount(staff),
        recognised_count=SubqueryCount(staff.filter(_recognised_in_month(today))),
        supervised_count=SubqueryCount(
            staff.filter(_supervised_between(today - dt.timedelta(days=COVERAGE_DAYS), today))
        ),
        successes_this_month=SubqueryCount(
            Success.objects.shown().filter(team=team, **month).order_by().values("pk")
        ),
        thanks_this_month=SubqueryCount(
            ThankYou.objects.shown().filter(team=team, **month).order_by().values("pk")
        ),
        trip_stage=_current_stage(team),
        overdue_actions=SubqueryCount(overdue_actions(team, today=today).order_by().values("pk")),
        # Whether leaders reflect and listen: counts of the team's, never anyone's answers.
        reflections_this_month=SubqueryCount(
            LeadershipReflection.objects.filter(leader__team=team, month=month_begin(today).date())
            .order_by()
            .values("pk")
        ),
        listening_this_year=SubqueryCount(
            FeedbackRequest.objects.about_leading()
            .filter(worker__team=team, created_at__gte=month_begin(today) - dt.timedelta(days=365))
            .order_by()
            .values("pk")
        ),
    )


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class TeamFigures:
    team: Team
    members: int
    staff: int
    recognised: int
    supervised: int
    successes_this_month: int
    thanks_this_month: int
    trip_stage: str | None
    overdue_actions: int
    reflections_this_month: int
    listening_this_year: int

    @classmethod
    def of(cls, team: Team) -> "TeamFigures":
        """From a team annotated by `with_figures`."""
        return cls(
            team=team,
            members=team.member_count,
            staff=team.staff_count,
            recognised=team.recognised_count,
            supervised=team.supervised_count,
            successes_this_month=team.successes_this_month,
            thanks_this_month=team.thanks_this_month,
            trip_stage=team.trip_stage,
            overdue_actions=team.overdue_actions,
            reflections_this_month=team.reflections_this_month,
            listening_this_year=team.listening_this_year,
        )

    @property
    def recognition_percent(self) -> int | None:
        return _percent(self.recognised, self.staff)

    @property
    def coverage_percent(self) -> int | None:
        return _percent(self.supervised, self.staff)

    @property
    def trip_stage_label(self) -> str | None:
        return Stage(self.trip_stage).label if self.trip_stage else None

    @property
    def trip_stage_number(self) -> int:
        """1 to 5 through the cycle, 0 for a team that has not started one."""
        return STAGE_ORDER.index(Stage(self.trip_stage)) + 1 if self.trip_stage else 0


@dataclass(frozen=True)
class WeekCount:
    week_start: dt.date
    successes: int
    thank_yous: int


def weekly_counts(team: Team, *, today: dt.date, weeks: int = WEEKS_SHOWN) -> list[WeekCount]:
    """Little miracles and thank-yous in each of the `weeks` weeks up to `today`'s (last), quiet
    weeks with 0. One query: both kinds are grouped by week in the database."""
    this_week = dates.week_start(today)
    mondays = [this_week - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    begin, end = dates.week_bounds(mondays[0])[0], dates.week_bounds(mondays[-1])[1]

    def grouped(queryset: QuerySet, kind: str) -> QuerySet:
        return (
            queryset.filter(created_at__gte=begin, created_at__lt=end)
            .annotate(week=TruncWeek("created_at", output_field=DateField()), kind=Value(kind))
            .values("week", "kind")
            .annotate(n=Count("pk"))
            .values_list("week", "kind", "n")
            .order_by()
        )

    counts: dict[tuple[dt.date, str], int] = {}
    for week, kind, n in grouped(team.successes.shown(), "success").union(
        grouped(team.thank_yous.shown(), "thanks"), all=True
    ):
        counts[(week, kind)] = n
    return [
        WeekCount(monday, counts.get((monday, "success"), 0), counts.get((monday, "thanks"), 0))
        for monday in mondays
    ]


@dataclass(frozen=True)
class ShiftCount:
    shift: str
    label: str
    entries: int
    people: int


def handover_by_shift(team: Team, *, now: dt.datetime, days: int = HANDOVER_DAYS) -> list[ShiftCount]:
    """Entries at each shift's handover in the last `days` days, and how many people made them.

    A team without shifts has one handover a day: one row, whatever shift older entries carry. A
    ward's day entries (from a time it worked without shifts) get their own row, only if any."""
    recent = team.successes.filter(created_at__gte=now - dt.timedelta(days=days))
    if not team.works_shifts:
        totals = recent.aggregate(entries=Count("pk"), people=Count("author", distinct=True))
        return [ShiftCount(Shift.DAY, Shift.DAY.label, totals["entries"], totals["people"])]
    rows = {
        row["shift"]: row
        for row in recent.values("shift")
        .annotate(entries=Count("pk"), people=Count("author", distinct=True))
        .order_by()
    }
    shifts = WORKED_SHIFTS + [(Shift.DAY.value, Shift.DAY.label)] if Shift.DAY in rows else WORKED_SHIFTS
    return [
        ShiftCount(
            shift,
            label,
            rows.get(shift, {}).get("entries", 0),
            rows.get(shift, {}).get("people", 0),
        )
        for shift, label in shifts
    ]


@dataclass(frozen=True)
class StaffRow:
    """One member of staff on the manager's view: recognised this month, and when they were last
    supervised (a date, nothing more)."""

    member: Membership
    recognised: bool
    last_session: dt.date | None
    today: dt.date

    @property
    def days_since_session(self) -> int | None:
        return (self.today - self.last_session).days if self.last_session else None


def staff_rows(team: Team, *, today: dt.date) -> list[StaffRow]:
    last_session = (
        SupervisionSession.objects.confirmed()
        .filter(supervisee=OuterRef("pk"), team_id=OuterRef("team_id"), held_on__lte=today)
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    members = (
        team.memberships.staff()
        .select_related("user")
        .annotate(
            recognised=_recognised_in_month(today),
            last_session=Subquery(last_session, output_field=DateField()),
        )
    )
    return [StaffRow(m, m.recognised, m.last_session, today) for m in members]


@dataclass(frozen=True)
class FeedbackCounts:
    requests: int
    answered: int
    responses: int


def feedback_counts(team: Team) -> FeedbackCounts:
    """How many feedback requests the team's staff made and how many were answered: counts only.
    Which worker, and what anyone answered, stays with the worker."""
    totals = (
        FeedbackRequest.objects.about_work()
        .filter(worker__team=team)
        .aggregate(
            requests=Count("pk", distinct=True),
            answered=Count("pk", filter=Q(responses__isnull=False), distinct=True),
            responses=Count("responses", distinct=True),
        )
    )
    return FeedbackCounts(**totals)


@dataclass(frozen=True)
class TeamDashboard:
    figures: TeamFigures
    weeks: list[WeekCount]
    shifts: list[ShiftCount]
    feedback: FeedbackCounts
    staff: list[StaffRow] | None  # managers only
    trip: "TripFigures"
    language: list[LanguageMonth]

    @property
    def not_recognised(self) -> list[StaffRow]:
        return [row for row in self.staff or [] if not row.recognised]


def team_dashboard(member: Membership) -> TeamDashboard:
    """What `member` sees on their team's dashboard: managers also see each person's row."""
    today, team = timezone.localdate(), member.team
    return TeamDashboard(
        figures=TeamFigures.of(with_figures(Team.objects.filter(pk=team.pk), today=today).get()),
        weeks=weekly_counts(team, today=today),
        shifts=handover_by_shift(team, now=timezone.now()),
        feedback=feedback_counts(team),
        staff=staff_rows(team, today=today) if member.is_manager else None,
        trip=trip_figures(member, today=today),
        language=language_months(team, today=today),
    )


# The overview's columns, by the name used in `?sort=`.
SORT_KEYS = {
    "name": lambda f: f.team.name.lower(),
    "members": lambda f: f.members,
    "successes": lambda f: f.successes_this_month,
    "thanks": lambda f: f.thanks_this_month,
    "recognition": lambda f: -1 if f.recognition_percent is None else f.recognition_percent,
    "coverage": lambda f: -1 if f.coverage_percent is None else f.coverage_percent,
    "stage": lambda f: f.trip_stage_number,
    "overdue": lambda f: f.overdue_actions,
    "reflections": lambda f: f.reflections_this_month,
    "listening": lambda f: f.listening_this_year,
}


def managed_team_ids(user_id: int) -> list[int]:
    """The teams `user_id` manages now (active memberships only)."""
    return list(
        Membership.objects.active()
        .filter(user_id=user_id, role=Role.MANAGER)
        .order_by("team_id")
        .values_list("team_id", flat=True)
    )


def teams_figures(team_ids: list[int], *, today: dt.date) -> list[TeamFigures]:
    """The teams' figures, by name, so that teams with equal figures keep a steady order when
    sorted by another column."""
    figures = [
        TeamFigures.of(team) for team in with_figures(Team.objects.filter(pk__in=team_ids), today=today)
    ]
    return sorted(figures, key=SORT_KEYS["name"])


def figures_sorted(figures: list[TeamFigures], sort: str = "name") -> list[TeamFigures]:
    """`figures` sorted by `sort` (a key of SORT_KEYS, "-" first for largest first; unknown keys
    sort by name)."""
    key = SORT_KEYS.get(sort.removeprefix("-"), SORT_KEYS["name"])
    return sorted(figures, key=key, reverse=sort.startswith("-"))


# --- TRIP: the current cycle, how the team rated itself, priorities and actions ---
#
# Benchmark figures come from trip.results.round_results, so the dashboard shows exactly what the
# round's own results page shows: groups of fewer than three raters folded into "others" (or
# hidden) and never anyone's own answer. The round's notes may name people: the dashboard never
# asks for them, so nothing here can show or export them.


def current_cycle(team: Team) -> Cycle | None:
    """The cycle the team is in now: a running one first, else the one that started last."""
    return team.trip_cycles.current_first().first()


def _current_stage(team: OuterRef) -> Subquery:
    return Subquery(Cycle.objects.filter(team=team).current_first().values("stage")[:1])


def overdue_actions(teams: Team | OuterRef, *, today: dt.date) -> QuerySet[Action]:
    """Actions of priorities under way that are not done and were due before `today`. (A priority
    set aside or finished takes its unfinished steps with it: they are not late, just not needed.)"""
    return Action.objects.filter(
        priority__cycle__team=teams,
        priority__status=PriorityStatus.ACTIVE,
        due_on__lt=today,
    ).exclude(status=ActionStatus.DONE)


def latest_closed_rounds(team: Team) -> tuple[BenchmarkRound | None, BenchmarkRound | None]:
    """The team's latest closed round and the latest closed round of an earlier cycle before it,
    in one query."""
    closed = BenchmarkRound.objects.for_team(team).closed()
    # The round trip would compare the latest with (BenchmarkRound.objects.to_compare_with).
    earlier = closed.earlier_than(cycle_id=OuterRef("cycle_id"), opened_at=OuterRef("opened_at")).values(
        "pk"
    )[:1]
    latest = (
        closed.select_related("cycle")
        .annotate(earlier_id=Subquery(earlier))
        .order_by("-opened_at", "-id")
        .first()
    )
    if latest is None:
        return None, None
    if latest.earlier_id is None:
        return latest, None
    return latest, BenchmarkRound.objects.select_related("cycle").get(pk=latest.earlier_id)


@dataclass(frozen=True)
class ThemeRow:
    """One theme's average from one perspective (a group shown by the round's results), now and in
    the earlier cycle's round when that group was shown there too."""

    theme: Theme
    perspective: str
    now: Spread
    before: Spread | None

    @property
    def perspective_label(self) -> str:
        return perspective_label(self.perspective)

    @property
    def change(self) -> float | None:
        return None if self.before is None else self.now.average - self.before.average


def perspective_label(key: str) -> str:
    return "Others" if key == OTHERS else Perspective(key).label


def overall_by_perspective(results: RoundResults) -> dict[str, Spread]:
    """Each perspective's spread over all the round's themes, built from the groups shown only."""
    return combine_groups([theme.groups for theme in results.themes]).shown


@dataclass(frozen=True)
class Benchmark:
    round: BenchmarkRound
    results: RoundResults
    earlier_round: BenchmarkRound | None
    earlier: RoundResults | None

    @property
    def themes(self) -> list[ThemeRow]:
        before = {t.theme: t.groups.shown for t in self.earlier.themes} if self.earlier else {}
        return [
            ThemeRow(theme.theme, key, spread, before.get(theme.theme, {}).get(key))
            for theme in self.results.themes
            for key, spread in theme.groups.shown.items()
        ]

    @property
    def some_hidden(self) -> bool:
        return any(theme.groups.some_hidden for theme in self.results.themes)

    @property
    def overall(self) -> list[tuple[str, float, float | None]]:
        """The perspective charts' figures as table rows: each perspective's average over all the
        themes, now and in the earlier cycle's round (None where that group was not shown)."""
        before = overall_by_perspective(self.earlier) if self.earlier else {}
        return [
            (perspective_label(key), spread.average, before[key].average if key in before else None)
            for key, spread in overall_by_perspective(self.results).items()
        ]

    def gaps(self, how_many: int = 3) -> list[StatementResult]:
        return self.results.biggest_gaps(how_many)


def benchmark(team: Team) -> Benchmark | None:
    """The latest closed round's results beside the earlier cycle's (a fixed number of queries)."""
    latest, earlier = latest_closed_rounds(team)
    if latest is None:
        return None
    return Benchmark(
        round=latest,
        results=round_results(round=latest, notes=False),
        earlier_round=earlier,
        earlier=round_results(round=earlier, notes=False) if earlier else None,
    )


@dataclass(frozen=True)
class PriorityGroup:
    status: PriorityStatus
    priorities: list[Priority]


def priorities_by_status(cycle: Cycle | None) -> list[PriorityGroup]:
    """The cycle's priorities under each status that has any, under way first."""
    if cycle is None:
        return []
    found = list(
        cycle.priorities.select_related("staff_lead__user", "service_user_lead__user").order_by(
            "created_at", "id"
        )
    )
    order = [PriorityStatus.ACTIVE, PriorityStatus.PROPOSED, PriorityStatus.DONE, PriorityStatus.DROPPED]
    groups = [PriorityGroup(status, [p for p in found if p.status == status]) for status in order]
    return [group for group in groups if group.priorities]


@dataclass(frozen=True)
class TripFigures:
    cycle: Cycle | None
    benchmark: Benchmark | None
    priorities: list[PriorityGroup]
    overdue_count: int
    overdue: list[Action] | None  # managers only


def trip_figures(member: Membership, *, today: dt.date) -> TripFigures:
    team = member.team
    cycle = current_cycle(team)
    overdue = overdue_actions(team, today=today)
    listed = (
        list(overdue.select_related("priority", "owner__user").order_by("due_on", "id"))
        if member.is_manager
        else None
    )
    return TripFigures(
        cycle=cycle,
        benchmark=benchmark(team),
        priorities=priorities_by_status(cycle),
        overdue_count=len(listed) if listed is not None else overdue.count(),
        overdue=listed,
    )


# --- TRIP in the CSV export: aggregates only ---


@dataclass(frozen=True)
class StatementGroup:
    """One statement's numbers from one perspective in one closed round, after folding."""

    round: BenchmarkRound
    version: StatementVersion
    perspective: str
    spread: Spread


def closed_round_groups(team: Team) -> Iterator[StatementGroup]:
    """Every closed round's results by statement and perspective, folded exactly as the results
    page folds them (trip.results.fold_groups). The same sums as trip's own results query, for
    all the rounds at once, so the export costs three queries however many rounds there are.
    Only scores are read: no member, no note."""
    rounds = {
        r.pk: r
        for r in BenchmarkRound.objects.for_team(team)
        .filter(closed_at__isnull=False)
        .select_related("cycle")
        .order_by("opened_at", "id")
    }
    ratings = BenchmarkRating.objects.filter(round_id__in=list(rounds))
    spreads = rating_spreads(ratings, "round_id", "version_id")
    versions = {
        v.pk: v
        for v in StatementVersion.objects.filter(pk__in={version for _, version in spreads}).select_related(
            "statement"
        )
    }
    theme_order = {theme: i for i, theme in enumerate(THEME_ORDER)}
    for round_id, benchmark_round in rounds.items():
        found = sorted(
            (versions[version] for r, version in spreads if r == round_id),
            key=lambda v: (theme_order[v.statement.theme], v.statement_id, v.number),
        )
        for version in found:
            for key, spread in fold_groups(spreads[(round_id, version.pk)]).shown.items():
                yield StatementGroup(benchmark_round, version, key, spread)


# --- The monthly story report: the month's figures with the stories a manager chose ---


def month_snippets(team: Team, month: dt.date) -> QuerySet[Success]:
    """The month's little miracles that their authors shared beyond the team, oldest first."""
    return (
        team.successes.shown()
        .snippets()
        .filter(created_at__gte=month_begin(month), created_at__lt=month_end(month))
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class StoryReport:
    team: Team
    month: dt.date
    figures: TeamFigures
    weeks: list[WeekCount]
    stories: list[Success]


def story_report(team: Team, month: dt.date, stories: list[Success]) -> StoryReport:
    """The numbers of `month` (a first day) beside the chosen `stories`. A month not yet over is
    counted up to today."""
    last_day = min(month_end(month).date() - dt.timedelta(days=1), timezone.localdate())
    weeks = (dates.week_start(last_day) - dates.week_start(month)).days // 7 + 1
    return StoryReport(
        team=team,
        month=month,
        figures=TeamFigures.of(with_figures(Team.objects.filter(pk=team.pk), today=last_day).get()),
        weeks=weekly_counts(team, today=last_day, weeks=weeks),
        stories=stories,
    )


# --- A leader's own example, for them alone: counts from what the app already knows ---


@dataclass(frozen=True)
class MyExample:
    thanks_given: int
    thanked_people: int
    stories_shared: int
    sessions_held: int  # confirmed supervision sessions as supervisor, in the last COVERAGE_DAYS
    supervisees: int  # different people those sessions were with
    texts_written: int
    texts_with_a_hint: int


def my_example(member: Membership, *, today: dt.date) -> MyExample:
    """What `member` did this month that sets an example: thank-yous (and to how many different
    people), stories, supervision held, and how often their own writing drew a language hint.
    Counts only, worked out as they look: nothing is stored, nothing compares them with anyone."""
    month = {"created_at__gte": month_begin(today), "created_at__lt": month_end(today)}
    thanks = ThankYou.objects.filter(sender=member, **month).aggregate(
        given=Count("pk"), people=Count("recipient", distinct=True)
    )
    stories = list(Success.objects.filter(author=member, **month).values_list("text", flat=True))
    messages = list(ThankYou.objects.filter(sender=member, **month).values_list("message", flat=True))
    held = (
        SupervisionSession.objects.confirmed()
        .filter(
            supervisor=member, team_id=member.team_id, held_on__gt=today - dt.timedelta(days=COVERAGE_DAYS)
        )
        .aggregate(sessions=Count("pk"), people=Count("supervisee", distinct=True))
    )
    texts = stories + messages
    return MyExample(
        thanks_given=thanks["given"],
        thanked_people=thanks["people"],
        stories_shared=len(stories),
        sessions_held=held["sessions"],
        supervisees=held["people"],
        texts_written=len(texts),
        texts_with_a_hint=sum(1 for text in texts if language_check(text=text, team=member.team)),
    )
