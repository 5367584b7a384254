import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from markupsafe import Markup

from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.charts import horizontal_bar_chart
from recovery_culture.lib.pdf import render_pdf
from successes.services import success_celebrate
from teams.models import Membership, Role
from trip.models import (
    THEME_ORDER,
    Action,
    ActionStatus,
    Asset,
    AssetKind,
    BenchmarkRating,
    BenchmarkRound,
    CommunityResource,
    Cycle,
    LeadRole,
    Perspective,
    Priority,
    PriorityRating,
    PriorityStatus,
    ProgressUpdate,
    ResourceRating,
    Stage,
    Statement,
    StatementRetirement,
    StatementVersion,
    TeamAgreement,
    TeamWords,
    Theme,
    TripReport,
    Visibility,
    title_words,
    titles_alike,
)


class TripError(Exception):
    """A request we cannot carry out, with a kind message to show to the person."""


@transaction.atomic
def cycle_start(*, member: Membership, name: str, starts_on: dt.date, ends_on: dt.date | None) -> Cycle:
    return Cycle.objects.create(
        team=member.team, name=name, starts_on=starts_on, ends_on=ends_on, started_by=member
    )


def cycle_move_on(*, cycle: Cycle, from_stage: str) -> Stage:
    """Move the cycle to the stage after `from_stage`, the stage the manager saw on their screen.

    The update only happens while the cycle is still at that stage, so a double tap or a second
    tab cannot skip a stage."""
    if cycle.stage != from_stage:
        raise TripError(f"This cycle has already moved on to “{cycle.get_stage_display()}”.")
    next_stage = cycle.next_stage
    if next_stage is None:
        raise TripError(
            "This cycle is already at its last stage. You can start a new cycle when you are ready."
        )
    moved = Cycle.objects.filter(pk=cycle.pk, stage=from_stage).update(stage=next_stage)
    if not moved:
        cycle.refresh_from_db(fields=["stage"])
        raise TripError(f"This cycle has already moved on to “{cycle.get_stage_display()}”.")
    cycle.stage = next_stage
    return next_stage


@dataclass
class PersonAssets:
    member: Membership
    assets: list[Asset]
    lead_roles: list[LeadRole] = field(default_factory=list)


@dataclass
class SkillsRegister:
    """What a member may see of the team's assets, found by keyword and kind."""

    assets: list[Asset]
    lead_roles: list[LeadRole]
    # For each interest shown: the other members with an interest like it (that the viewer may see).
    shared_interests: dict[int, list[Membership]]

    @property
    def people(self) -> list[PersonAssets]:
        roles_by_holder: dict[int, list[LeadRole]] = defaultdict(list)
        for role in self.lead_roles:
            if role.current_holder is not None:
                roles_by_holder[role.holder_id].append(role)
        ordered = sorted(self.assets, key=lambda a: (a.owner.name.lower(), a.owner_id))
        return [
            PersonAssets(owner, list(assets), roles_by_holder.get(owner.pk, []))
            for owner, assets in groupby(ordered, key=lambda a: a.owner)
        ]


def shared_interests(viewer: Membership, assets: list[Asset]) -> dict[int, list[Membership]]:
    """For each interest in `assets`, the other members whose interests have a word in common with
    it, among the interests `viewer` may see. One query, however many interests there are."""
    wanted = [a for a in assets if a.is_interest]
    if not wanted:
        return {}
    interests = list(
        Asset.objects.visible_to(viewer).filter(kind=AssetKind.INTEREST).select_related("owner__user")
    )
    words = {a.pk: title_words(a.title) for a in interests}
    matches: dict[int, list[Membership]] = {}
    for asset in wanted:
        mine = title_words(asset.title)
        people: dict[int, Membership] = {}
        for other in interests:
            if other.owner_id != asset.owner_id and titles_alike(mine, words[other.pk]):
                people.setdefault(other.owner_id, other.owner)
        matches[asset.pk] = sorted(people.values(), key=lambda m: m.name.lower())
    return matches


def skills_register(*, viewer: Membership, keyword: str = "", kind: str = "") -> SkillsRegister:
    assets = Asset.objects.visible_to(viewer).select_related("owner__user")
    if keyword:
        assets = assets.filter(
            Q(title__icontains=keyword)
            | Q(description__icontains=keyword)
            | Q(owner__user__display_name__icontains=keyword)
        )
    if kind:
        assets = assets.filter(kind=kind)
    found = list(assets)
    lead_roles = list(viewer.team.lead_roles.select_related("holder__user"))
    return SkillsRegister(
        assets=found, lead_roles=lead_roles, shared_interests=shared_interests(viewer, found)
    )


@transaction.atomic
def resource_rate(
    *, member: Membership, resource: CommunityResource, stars: int, comment: str
) -> ResourceRating:
    """Rate a place, or change an earlier rating: one row per member and place, even when two tabs
    send their rating at the same moment (the last one wins)."""
    ResourceRating.objects.bulk_create(
        [ResourceRating(resource=resource, member=member, stars=stars, comment=comment)],
        update_conflicts=True,
        unique_fields=["resource", "member"],
        update_fields=["stars", "comment", "updated_at"],
    )
    return ResourceRating.objects.get(resource=resource, member=member)


# --- Benchmarking: statements ---


@transaction.atomic
def statement_add(*, member: Membership, theme: str, text: str) -> Statement:
    statement = Statement.objects.create(team=member.team, theme=theme, created_by=member)
    statement.current_version = StatementVersion.objects.create(
        statement=statement, number=1, text=text, written_by=member
    )
    statement.save(update_fields=["current_version"])
    return statement


@transaction.atomic
def statement_reword(*, member: Membership, statement: Statement, theme: str, text: str) -> Statement:
    """Change a team's own statement. New words make a new version; ratings already given keep
    pointing at the words that were rated."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    current = StatementVersion.objects.get(pk=statement.current_version_id)
    statement.theme = theme
    if text != current.text:
        statement.current_version = StatementVersion.objects.create(
            statement=statement, number=current.number + 1, text=text, written_by=member
        )
    statement.save(update_fields=["theme", "current_version"])
    return statement


def statement_retire(*, member: Membership, statement: Statement) -> None:
    """Stop rating a statement in this team; doing it twice changes nothing."""
    StatementRetirement.objects.get_or_create(
        team=member.team, statement=statement, defaults={"retired_by": member}
    )


def statement_bring_back(*, member: Membership, statement: Statement) -> None:
    StatementRetirement.objects.filter(team=member.team, statement=statement).delete()


# --- Benchmarking: rounds and ratings ---


def round_open(*, member: Membership, cycle: Cycle, name: str) -> BenchmarkRound:
    """Open a round for the team to rate. One open round per cycle: a second tap does not open two."""
    try:
        with transaction.atomic():
            return BenchmarkRound.objects.create(cycle=cycle, name=name, opened_by=member)
    except IntegrityError:
        raise TripError(
            "This cycle already has an open round. Please close it before opening another."
        ) from None


def round_close(*, round: BenchmarkRound) -> None:
    closed = BenchmarkRound.objects.filter(pk=round.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    if not closed:
        raise TripError("This round is already closed.")
    round.refresh_from_db(fields=["closed_at"])


CLOSED_ROUND = "This round has closed, so answers can no longer be changed. Thank you for taking part."


@transaction.atomic
def rating_save(
    *,
    member: Membership,
    round: BenchmarkRound,
    statement: Statement,
    score: int | None,
    achieved: str,
    next_step: str,
) -> BenchmarkRating:
    """Save a member's answer as it is given. One row per member, statement and round, even when
    two tabs answer at the same moment: the last answer wins."""
    # Locking the round waits for a manager closing it at that moment, so no answer slips in after.
    if not BenchmarkRound.objects.select_for_update(no_key=True).filter(pk=round.pk, closed_at__isnull=True):
        raise TripError(CLOSED_ROUND)
    BenchmarkRating.objects.bulk_create(
        [
            BenchmarkRating(
                round=round,
                statement=statement,
                version_id=statement.current_version_id,
                member=member,
                perspective=Perspective.of(member),
                score=score,
                achieved=achieved,
                next_step=next_step,
            )
        ],
        update_conflicts=True,
        unique_fields=["round", "statement", "member"],
        update_fields=["version", "perspective", "score", "achieved", "next_step", "updated_at"],
    )
    return BenchmarkRating.objects.get(round=round, statement=statement, member=member)


# --- Benchmarking: results ---

# Fewer raters than this in a group and the group's numbers could point at one person.

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
    def deviation(self) -> float:
        """Population standard deviation: how far scores sit from the average."""
        return math.sqrt(max(self.squares / self.scores - self.average**2, 0.0))


@dataclass
class Groups:
    """The groups of one statement or theme that are safe to show, staff first, "others" last."""

    shown: dict[str, Spread]
    # Some raters are in no group shown: their group and "others" were both too small.
    some_hidden: bool

    @property
    def everyone(self) -> Spread | None:
        """All the groups shown, together. Hidden groups stay out, or subtracting would reveal them."""
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

    @property
    def rated(self) -> list[StatementResult]:
        return [s for s in self.statements if s.groups.everyone is not None]

    def best(self, how_many: int = 5) -> list[StatementResult]:
        """What is at least partly in place, highest first: where the results open."""
        good = [s for s in self.rated if s.groups.everyone.average >= 3]
        return sorted(good, key=lambda s: -s.groups.everyone.average)[:how_many]

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
    """The results, beside those of the latest round of an earlier cycle (if there is one)."""
    results = round_results(round=round)
    earlier = (
        BenchmarkRound.objects.for_team(round.cycle.team_id)
        .filter(opened_at__lt=round.opened_at)
        .exclude(cycle_id=round.cycle_id)
        .order_by("-opened_at", "-id")
        .first()
    )
    if earlier is not None:
        results.earlier_round = earlier
        results.earlier = round_results(round=earlier)
    return results


def round_results(*, round: BenchmarkRound) -> RoundResults:
    """What the team said, by statement and by theme, with no one's own answers. Three queries,
    however many statements and raters."""
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
    # The notes, without who wrote them or when, in an order that says nothing about either.
    notes = ratings.filter(~Q(achieved="") | ~Q(next_step="")).values_list("achieved", "next_step")
    achieved = sorted({a for a, _ in notes if a}, key=str.lower)
    next_steps = sorted({n for _, n in notes if n}, key=str.lower)
    return RoundResults(themes=themes, achieved=achieved, next_steps=next_steps)


def agreement_save(
    *, member: Membership, round: BenchmarkRound, statement: Statement, score: int, reason: str
) -> TeamAgreement:
    """Record the rating the group agreed in the meeting; the last one saved wins."""
    TeamAgreement.objects.bulk_create(
        [
            TeamAgreement(
                round=round,
                statement=statement,
                version_id=statement.current_version_id,
                score=score,
                reason=reason,
                agreed_by=member,
            )
        ],
        update_conflicts=True,
        unique_fields=["round", "statement"],
        update_fields=["version", "score", "reason", "agreed_by", "updated_at"],
    )
    return TeamAgreement.objects.get(round=round, statement=statement)


# --- Priorities and action plans ---


class CoLeadError(TripError):
    """A co-lead who cannot lead this priority; `field` says which choice to look at again."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def priority_propose(
    *, member: Membership, cycle: Cycle, title: str, change: str, statements: list[Statement]
) -> Priority:
    priority = Priority.objects.create(cycle=cycle, title=title, change=change, proposed_by=member)
    if statements:
        priority.statements.add(*statements)
    return priority


@transaction.atomic
def priority_rate(*, member: Membership, priority: Priority, impact: int, ease: int) -> PriorityRating:
    """Rate a priority, or change an earlier rating: one row per member, the last answer wins."""
    if priority.status not in (PriorityStatus.PROPOSED, PriorityStatus.ACTIVE):
        raise TripError("This priority is no longer being rated. Thank you for your view.")
    PriorityRating.objects.bulk_create(
        [PriorityRating(priority=priority, member=member, impact=impact, ease=ease)],
        update_conflicts=True,
        unique_fields=["priority", "member"],
        update_fields=["impact", "ease", "updated_at"],
    )
    return PriorityRating.objects.get(priority=priority, member=member)


def check_co_leads(
    *, priority: Priority, staff_lead: Membership | None, service_user_lead: Membership | None
) -> None:
    """The co-lead rule: once chosen, a priority is led by one member of staff and one person
    using the service, both still in the team. Raises CoLeadError with a kind message."""
    words = TeamWords(priority.cycle.team)
    team_id = priority.cycle.team_id
    for lead, which in ((staff_lead, "staff_lead"), (service_user_lead, "service_user_lead")):
        if lead is None:
            continue
        if lead.team_id != team_id:
            raise CoLeadError("Please choose someone from the team.", which)
        if not lead.is_active:
            raise CoLeadError(
                f"{lead.name} has left the team, so they cannot co-lead this priority. "
                "Please choose someone who is still in the team.",
                which,
            )
    if staff_lead is not None and not staff_lead.is_staff_member:
        raise CoLeadError(
            f"{staff_lead.name} is not a member of staff, so they cannot be the staff co-lead. "
            "They are very welcome to help.",
            "staff_lead",
        )
    if service_user_lead is not None and service_user_lead.role != Role.SERVICE_USER:
        raise CoLeadError(
            f"{service_user_lead.name} is not a {words.person}, so they cannot be this co-lead. "
            "They are very welcome to help.",
            "service_user_lead",
        )
    if priority.status in (PriorityStatus.ACTIVE, PriorityStatus.DONE):
        if staff_lead is None:
            raise CoLeadError(
                "A chosen priority needs a member of staff to co-lead it. Please choose one.", "staff_lead"
            )
        if service_user_lead is None:
            raise CoLeadError(
                f"A chosen priority needs a {words.person} to co-lead it. Please choose one.",
                "service_user_lead",
            )


@transaction.atomic
def priority_set_leads(
    *,
    priority: Priority,
    staff_lead: Membership | None,
    service_user_lead: Membership | None,
    helpers: list[Membership],
) -> Priority:
    priority = (
        Priority.objects.select_for_update(of=("self",)).select_related("cycle__team").get(pk=priority.pk)
    )
    check_co_leads(priority=priority, staff_lead=staff_lead, service_user_lead=service_user_lead)
    for helper in helpers:
        if helper.team_id != priority.cycle.team_id:
            raise CoLeadError("Please choose helpers from the team.", "helpers")
        if not helper.is_active:
            raise CoLeadError(
                f"{helper.name} has left the team, so they cannot help with this priority.", "helpers"
            )
    priority.staff_lead = staff_lead
    priority.service_user_lead = service_user_lead
    priority.save(update_fields=["staff_lead", "service_user_lead"])
    leads = {staff_lead.pk if staff_lead else None, service_user_lead.pk if service_user_lead else None}
    priority.helpers.set([h for h in helpers if h.pk not in leads])
    return priority


# Where a priority may go from each status, and the words for a status it cannot reach.
NEXT_STATUSES = {
    PriorityStatus.PROPOSED: {PriorityStatus.ACTIVE, PriorityStatus.DROPPED},
    PriorityStatus.ACTIVE: {PriorityStatus.DONE, PriorityStatus.DROPPED},
    PriorityStatus.DROPPED: {PriorityStatus.PROPOSED},
    PriorityStatus.DONE: set(),
}


def celebration_text(priority: Priority) -> str:
    """What goes on the little-miracles wall. The wall is read by the whole team, so the person
    using the service who co-led is not named there: they are thanked on the priority's page."""
    people = "people we serve" if TeamWords(priority.cycle.team).is_department else "people using our service"
    return (
        f"We finished our TRIP priority: {priority.title}. "
        f"Co-led by {priority.staff_lead.name} with one of the {people}."
    )


@transaction.atomic
def priority_set_status(*, member: Membership, priority: Priority, status: str) -> Priority:
    """Choose, finish, set aside or bring back a priority. Finishing one puts it on the wall."""
    priority = (
        Priority.objects.select_for_update(of=("self",))
        .select_related("cycle__team", "staff_lead__user", "service_user_lead__user")
        .get(pk=priority.pk)
    )
    status = PriorityStatus(status)
    if status == priority.status:
        raise TripError(f"This priority is already “{priority.get_status_display()}”.")
    if status not in NEXT_STATUSES[PriorityStatus(priority.status)]:
        raise TripError(
            f"A priority that is “{priority.get_status_display()}” cannot become “{status.label}”."
        )
    if status in (PriorityStatus.ACTIVE, PriorityStatus.DONE):
        words = TeamWords(priority.cycle.team)
        if priority.staff_lead is None or priority.service_user_lead is None:
            raise CoLeadError(
                "Nearly there. Before this priority can start, it needs two co-leads: a member of staff "
                f"and a {words.person}. Please choose them under “Co-leads”."
            )
        check_co_leads(
            priority=priority, staff_lead=priority.staff_lead, service_user_lead=priority.service_user_lead
        )
    now = timezone.now()
    priority.status = status
    if status == PriorityStatus.ACTIVE:
        priority.chosen_at = now
    if status == PriorityStatus.DONE:
        priority.finished_at = now
        author = member if member.is_staff_member and member.is_active else priority.staff_lead
        success_celebrate(author=author, text=celebration_text(priority))
    priority.save(update_fields=["status", "chosen_at", "finished_at"])
    return priority


def _check_planner(member: Membership, priority: Priority) -> None:
    if not priority.can_plan(member):
        raise TripError("Only the co-leads and the team manager can change this priority's plan.")


@transaction.atomic
def action_add(
    *, member: Membership, priority: Priority, text: str, owner: Membership, due_on: dt.date
) -> Action:
    _check_planner(member, priority)
    if owner.team_id != priority.cycle.team_id or not owner.is_active:
        raise TripError(f"{owner.name} has left the team. Please choose someone who is still in the team.")
    return priority.actions.create(text=text, owner=owner, due_on=due_on, added_by=member)


def action_set_status(*, member: Membership, action: Action, status: str) -> Action:
    if not (action.priority.can_plan(member) or member.pk == action.owner_id):
        raise TripError("Only the person doing this, the co-leads and the team manager can change it.")
    action.status = ActionStatus(status)
    action.save(update_fields=["status"])
    return action


def update_add(*, member: Membership, priority: Priority, text: str) -> ProgressUpdate:
    _check_planner(member, priority)
    return priority.updates.create(author=member, text=text)


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


# --- The TRIP report ---


def trip_report_request(*, member: Membership, cycle: Cycle) -> TripReport:
    report = TripReport.objects.create(cycle=cycle, requested_by=member)
    # Imported here: tasks import this module.
    from trip.tasks import build_trip_report

    transaction.on_commit(lambda: build_trip_report.delay(report.pk))
    return report


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
    latest_round = cycle.benchmark_rounds.filter(closed_at__isnull=False).first()
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


def trip_report_build(*, report: TripReport) -> TripReport:
    context = trip_report_context(cycle=report.cycle)
    report.pdf = render_pdf("trip/report_pdf.jinja", context)
    report.ready_at = timezone.now()
    report.save(update_fields=["pdf", "ready_at"])
    return report
