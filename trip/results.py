"""What the team said, worked out for reading: rating spreads, small groups folded into "others",
round results beside the earlier cycle's, the charts drawn from them, and what the TRIP report
holds. Read-only: the writes are in `trip.services`. The results page, the report PDF and the
dashboards all read from here, so they show exactly the same groups."""

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from markupsafe import Markup

from recovery_culture.lib.anonymity import SMALLEST_GROUP, SMALLEST_GROUP_FOR_RANGE
from recovery_culture.lib.charts import horizontal_bar_chart
from trip.models import (
    THEME_ORDER,
    Asset,
    AssetKind,
    BenchmarkRating,
    BenchmarkRound,
    Cycle,
    Perspective,
    PriorityStatus,
    ProgressUpdate,
    StatementVersion,
    TeamWords,
    Theme,
    Visibility,
)

# --- Rating spreads and the groups safe to show ---

# "Partly in place" or better, on average: the team has achieved something there.
IN_PLACE = 3

OTHERS = "others"


@dataclass(frozen=True)
class Spread:
    """The numbers of one group's scores, as the database summed them. Two spreads add up to the
    spread of both groups together, which is how small groups are folded into "others"."""

    raters: int
    scores: int
    total: int
    squares: int
    low: int
    high: int

    def __add__(self, other: "Spread") -> "Spread":
        return Spread(
            self.raters + other.raters,
            self.scores + other.scores,
            self.total + other.total,
            self.squares + other.squares,
            min(self.low, other.low),
            max(self.high, other.high),
        )

    @property
    def average(self) -> float:
        return self.total / self.scores

    @property
    def shows_range(self) -> bool:
        """Whether the group is big enough for its lowest, highest and spread to be shown."""
        return self.raters >= SMALLEST_GROUP_FOR_RANGE

    @property
    def deviation(self) -> float:
        """Population standard deviation: how far scores sit from the average."""
        return math.sqrt(max(self.squares / self.scores - self.average**2, 0.0))


@dataclass
class Groups:
    """The groups of one statement or theme that are safe to show, staff first, "others" last."""

    shown: dict[str, Spread]
    # Some raters are in no group shown: their group and "others" were both too small.
    some_hidden: bool

    @cached_property
    def everyone(self) -> Spread | None:
        """All the groups shown, together. Hidden groups stay out, or subtracting would reveal them.
        Worked out once: pages sort and show it many times over."""
        spreads = list(self.shown.values())
        return sum(spreads[1:], spreads[0]) if spreads else None

    @property
    def gap(self) -> float | None:
        """How differently staff and people using the service see it (only when both are shown)."""
        staff, users = self.shown.get(Perspective.STAFF), self.shown.get(Perspective.SERVICE_USER)
        return abs(staff.average - users.average) if staff and users else None


def fold_groups(spreads: dict[str, Spread]) -> Groups:
    shown = {p: s for p in Perspective.values if (s := spreads.get(p)) and s.raters >= SMALLEST_GROUP}
    small = [s for p, s in spreads.items() if p not in shown]
    if small:
        others = sum(small[1:], small[0])
        if others.raters >= SMALLEST_GROUP:
            shown[OTHERS] = others
            return Groups(shown, some_hidden=False)
        return Groups(shown, some_hidden=True)
    return Groups(shown, some_hidden=False)


def combine_groups(parts: list[Groups]) -> Groups:
    """A theme's groups, built only from what its statements show, group by group. Working a
    theme out from all its answers afresh could reveal a hidden answer by subtraction."""
    shown = {}
    for key in [*Perspective.values, OTHERS]:
        spreads = [part.shown[key] for part in parts if key in part.shown]
        if spreads:
            shown[key] = sum(spreads[1:], spreads[0])
    return Groups(shown, some_hidden=any(part.some_hidden for part in parts))


@dataclass
class StatementResult:
    version: StatementVersion
    groups: Groups


@dataclass
class ThemeResult:
    theme: Theme
    groups: Groups
    statements: list[StatementResult]


@dataclass
class RoundResults:
    themes: list[ThemeResult]
    achieved: list[str]
    next_steps: list[str]
    # The round of the cycle before, to see how far the team has come.
    earlier_round: BenchmarkRound | None = None
    earlier: "RoundResults | None" = None

    @cached_property
    def _averages(self) -> tuple[dict[int, float], dict[str, float]]:
        """The whole team's average (of the groups shown) by statement and by theme."""
        by_statement = {s.version.statement_id: s.groups.everyone.average for s in self.rated}
        by_theme = {t.theme: t.groups.everyone.average for t in self.themes if t.groups.everyone}
        return by_statement, by_theme

    def change(self, item: StatementResult) -> float | None:
        """How far the average moved since the earlier round (the statement's words may differ)."""
        if self.earlier is None or item.groups.everyone is None:
            return None
        before = self.earlier._averages[0].get(item.version.statement_id)
        return None if before is None else item.groups.everyone.average - before

    def most_improved(self, how_many: int = 5) -> list[tuple[StatementResult, float]]:
        changes = [(s, change) for s in self.rated if (change := self.change(s)) and change >= 0.05]
        return sorted(changes, key=lambda pair: -pair[1])[:how_many]

    def theme_change(self, theme: ThemeResult) -> float | None:
        if self.earlier is None or theme.groups.everyone is None:
            return None
        before = self.earlier._averages[1].get(theme.theme)
        return None if before is None else theme.groups.everyone.average - before

    @property
    def statements(self) -> list[StatementResult]:
        return [s for theme in self.themes for s in theme.statements]

    def theme(self, value: str) -> ThemeResult | None:
        """The results of one theme (by its value, as in an address), if anyone answered in it."""
        return next((theme for theme in self.themes if theme.theme.value == value), None)

    @property
    def rated(self) -> list[StatementResult]:
        return [s for s in self.statements if s.groups.everyone is not None]

    def best(self, how_many: int = 5) -> list[StatementResult]:
        """What is at least partly in place, highest first: where the results open."""
        good = [s for s in self.rated if s.groups.everyone.average >= IN_PLACE]
        return sorted(good, key=lambda s: -s.groups.everyone.average)[:how_many]

    def meeting_order(self) -> list[tuple[str, list[StatementResult]]]:
        """The statements as the meeting takes them, in sections: what is going well first, the
        most achieved at the top (among equals, the one people agree on most); then the gaps, the
        nearest to being in place first; last, those too few people scored to show."""
        most_achieved = sorted(
            self.rated, key=lambda s: (-s.groups.everyone.average, s.groups.everyone.deviation)
        )
        sections = [
            ("going_well", [s for s in most_achieved if s.groups.everyone.average >= IN_PLACE]),
            ("gaps", [s for s in most_achieved if s.groups.everyone.average < IN_PLACE]),
            ("too_few", [s for s in self.statements if s.groups.everyone is None]),
        ]
        return [(name, statements) for name, statements in sections if statements]

    def biggest_gaps(self, how_many: int = 5) -> list[StatementResult]:
        gaps = [s for s in self.statements if s.groups.gap]
        return sorted(gaps, key=lambda s: -s.groups.gap)[:how_many]


def rating_spreads(ratings, *group_by: str) -> dict[tuple, dict[str, Spread]]:
    """Count, sum, sum of squares, lowest and highest score per group, worked out by the database."""
    rows = (
        ratings.filter(score__isnull=False)
        .values(*group_by, "perspective")
        .annotate(
            raters=Count("member", distinct=True),
            scores=Count("score"),
            total=Sum("score"),
            squares=Sum(F("score") * F("score")),
            low=Min("score"),
            high=Max("score"),
        )
        .order_by()
    )
    found: dict[tuple, dict[str, Spread]] = defaultdict(dict)
    for row in rows:
        key = tuple(row[name] for name in group_by)
        found[key][row["perspective"]] = Spread(
            row["raters"], row["scores"], row["total"], row["squares"], row["low"], row["high"]
        )
    return found


def round_results_with_change(*, round: BenchmarkRound) -> RoundResults:
    """The results, beside those of the latest closed round of an earlier cycle (if there is one)."""
    results = round_results(round=round)
    earlier = BenchmarkRound.objects.to_compare_with(round).first()
    if earlier is not None:
        results.earlier_round = earlier
        results.earlier = round_results(round=earlier, notes=False)
    return results


def round_results(*, round: BenchmarkRound, notes: bool = True) -> RoundResults:
    """What the team said, by statement and by theme, with no one's own answers, and (unless
    `notes` is false, for figures alone) the notes people left. Three queries, or two without
    the notes, however many statements and raters."""
    ratings = BenchmarkRating.objects.filter(round=round)
    by_version = rating_spreads(ratings, "version_id")
    versions = StatementVersion.objects.filter(pk__in=[key[0] for key in by_version]).select_related(
        "statement"
    )
    statements: dict[str, list[StatementResult]] = defaultdict(list)
    for version in sorted(versions, key=lambda v: (v.statement_id, v.number)):
        statements[version.statement.theme].append(
            StatementResult(version, fold_groups(by_version[(version.pk,)]))
        )
    themes = [
        ThemeResult(Theme(theme), combine_groups([s.groups for s in statements[theme]]), statements[theme])
        for theme in THEME_ORDER
        if statements[theme]
    ]
    if not notes:
        return RoundResults(themes=themes, achieved=[], next_steps=[])
    # The notes, without who wrote them or when, in an order that says nothing about either.
    written = ratings.filter(~Q(achieved="") | ~Q(next_step="")).values_list("achieved", "next_step")
    achieved = sorted({a for a, _ in written if a}, key=str.lower)
    next_steps = sorted({n for _, n in written if n}, key=str.lower)
    return RoundResults(themes=themes, achieved=achieved, next_steps=next_steps)


# --- Charts of the results: one code path for the results page and the TRIP report ---


def group_name(key: str, words: TeamWords) -> str:
    if key == Perspective.SERVICE_USER:
        return words.people.capitalize()
    return "Others together" if key == OTHERS else Perspective(key).label


@dataclass
class ResultsCharts:
    overview: Markup | None
    themes: dict[str, Markup]


def results_charts(*, results: RoundResults, words: TeamWords) -> ResultsCharts:
    """SVG charts of what groups said, drawn from results already worked out: no query."""
    overview_bars = [
        (theme.theme.label, round(theme.groups.everyone.average, 1))
        for theme in results.themes
        if theme.groups.everyone
    ]
    overview = (
        horizontal_bar_chart(
            "The whole team's average by theme, out of 5", overview_bars, max_value=5, chart_id="chart-themes"
        )
        if overview_bars
        else None
    )
    themes = {
        theme.theme: horizontal_bar_chart(
            f"{theme.theme.label}: average by group, out of 5",
            [
                (group_name(key, words), round(spread.average, 1))
                for key, spread in theme.groups.shown.items()
            ],
            max_value=5,
            chart_id=f"chart-{theme.theme.value.replace('_', '-')}",
        )
        for theme in results.themes
        if theme.groups.shown
    }
    return ResultsCharts(overview=overview, themes=themes)


# --- What the TRIP report holds ---


@dataclass
class AssetCount:
    kind: AssetKind
    count: int


def trip_report_context(*, cycle: Cycle) -> dict:
    """What the report holds. Only what every member of the team can already see: assets shared
    with "everyone in the team", results of a closed round (groups, never one person's answers)."""
    team = cycle.team
    words = TeamWords(team)
    counts = dict(
        Asset.objects.filter(owner__team=team, owner__left_at__isnull=True, visibility=Visibility.TEAM)
        .values_list("kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    asset_counts = [AssetCount(kind, counts[kind]) for kind in AssetKind if counts.get(kind)]
    lead_roles = list(team.lead_roles.select_related("holder__user"))
    # Results of an open round would change with each answer: only a closed round is reported.
    latest_round = cycle.benchmark_rounds.closed().first()
    results = charts = None
    if latest_round is not None:
        results = round_results_with_change(round=latest_round)
        charts = results_charts(results=results, words=words)
    priorities = list(
        cycle.priorities.exclude(status=PriorityStatus.DROPPED)
        .select_related("staff_lead__user", "service_user_lead__user")
        .prefetch_related("actions__owner__user", "helpers__user", "statements__current_version")
        .order_by("status", "created_at", "id")
    )
    latest_updates = {}
    for update in ProgressUpdate.objects.filter(priority__in=priorities).order_by("-created_at", "-id"):
        latest_updates.setdefault(update.priority_id, update)
    chosen = [p for p in priorities if p.status in (PriorityStatus.ACTIVE, PriorityStatus.DONE)]
    return {
        "team": team,
        "words": words,
        "cycle": cycle,
        "asset_counts": asset_counts,
        "asset_total": sum(c.count for c in asset_counts),
        "lead_roles": lead_roles,
        "round": latest_round,
        "results": results,
        "charts": charts,
        "chosen": chosen,
        "proposed": [p for p in priorities if p.status == PriorityStatus.PROPOSED],
        "latest_updates": latest_updates,
        "made_on": timezone.localdate(),
    }
