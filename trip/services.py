import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.emails import make_message
from recovery_culture.lib.links import absolute_url
from recovery_culture.lib.pdf import render_pdf
from successes.services import success_celebrate
from teams.models import Membership, Role
from trip.models import (
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
    Question,
    ResourceRating,
    Stage,
    Statement,
    StatementRetirement,
    StatementVersion,
    TeamAgreement,
    TeamWords,
    TripReport,
    title_words,
    titles_alike,
)
from trip.results import trip_report_context

logger = logging.getLogger(__name__)


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
    # Places in the community whose name or offer has the keyword: "cook" finds a cooking course.
    places: list[CommunityResource] = field(default_factory=list)

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


def holds_a_lead_role(member: Membership) -> bool:
    """Whether `member` holds one of their team's lead roles: one of its leaders, with its managers."""
    return LeadRole.objects.filter(team_id=member.team_id, holder=member).exists()


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
    places = (
        list(viewer.team.community_resources.filter(Q(name__icontains=keyword) | Q(offer__icontains=keyword)))
        if keyword and not kind
        else []
    )
    return SkillsRegister(
        assets=found, lead_roles=lead_roles, shared_interests=shared_interests(viewer, found), places=places
    )


def _send(message: EmailMultiAlternatives) -> None:
    try:
        message.send()
    except Exception:
        # The question is kept as a notice in the app either way: a mail outage is no error page.
        logger.exception("Could not send an ask-about-this email to %s", message.to)


@transaction.atomic
def question_ask(*, sender: Membership, recipient: Membership, about: str, text: str) -> Question:
    """Send `recipient` a short message about something they shared or a role they hold: by email
    when they have an address, and kept for them in the app always. Nothing else happens."""
    if recipient.pk == sender.pk or recipient.team_id != sender.team_id or not recipient.is_active:
        raise TripError("Please choose someone else in the team to ask.")
    email = recipient.user.email
    question = Question.objects.create(
        sender=sender, recipient=recipient, about=about, text=text, emailed=bool(email)
    )
    if email:
        link = absolute_url(reverse("trip:register", kwargs={"team": sender.team.slug}))
        message = make_message("question", email, {"question": question, "team": sender.team, "link": link})
        transaction.on_commit(lambda: _send(message))
    return question


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


def next_step_for(member: Membership) -> str | None:
    """Something in the TRIP for `member` to do now, for where they land after joining
    (registered with `teams.next_steps`): the open round of the team's current cycle if they
    have not answered every statement yet, otherwise a priority they co-lead that is not finished."""
    team = member.team
    cycle = team.trip_cycles.current_first().first()
    open_round = cycle and cycle.benchmark_rounds.filter(closed_at__isnull=True).first()
    if open_round is not None:
        in_use = Statement.objects.in_use_by(team)
        answered = open_round.ratings.filter(member=member, statement__in=in_use).count()
        if answered < in_use.count():
            return reverse("trip:round", kwargs={"team": team.slug, "pk": open_round.pk})
    co_led = (
        Priority.objects.for_team(team)
        .filter(Q(staff_lead=member) | Q(service_user_lead=member))
        .filter(status__in=[PriorityStatus.PROPOSED, PriorityStatus.ACTIVE])
        .order_by("status", "created_at", "id")  # "active" before "proposed"
        .first()
    )
    if co_led is not None:
        return reverse("trip:priority", kwargs={"team": team.slug, "pk": co_led.pk})
    return None


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
def priority_edit(
    *, member: Membership, priority: Priority, title: str, change: str, statements: list[Statement]
) -> Priority:
    locked = Priority.objects.select_for_update().get(pk=priority.pk)
    if not locked.can_edit(member):
        raise TripError("This priority has been chosen or set aside since, so its words stay as they are.")
    locked.title, locked.change = title, change
    locked.save(update_fields=["title", "change"])
    locked.statements.set(statements)
    return locked


@transaction.atomic
def priority_withdraw(*, member: Membership, priority: Priority) -> bool:
    """Take back a suggestion. Returns whether it is gone: once anyone else has rated it, it is set
    aside instead, so their ratings stay on record and a manager can bring it back."""
    locked = Priority.objects.select_for_update().get(pk=priority.pk)
    if not locked.can_withdraw(member):
        raise TripError("This priority has been chosen or set aside since, so it stays where it is.")
    if locked.ratings.exclude(member=member).exists():
        locked.status = PriorityStatus.DROPPED
        locked.save(update_fields=["status"])
        return False
    locked.delete()
    return True


@transaction.atomic
def priority_rate(*, member: Membership, priority: Priority, impact: int, ease: int) -> PriorityRating:
    """Rate a priority, or change an earlier rating: one row per member, the last answer wins.
    The team's figures move only in steps of SMALLEST_GROUP people (see `priority_tally`)."""
    if priority.status not in (PriorityStatus.PROPOSED, PriorityStatus.ACTIVE):
        raise TripError("This priority is no longer being rated. Thank you for your view.")
    # The lock orders ratings of one priority, so each tally counts every rating once.
    Priority.objects.select_for_update(no_key=True).filter(pk=priority.pk).first()
    PriorityRating.objects.bulk_create(
        [PriorityRating(priority=priority, member=member, impact=impact, ease=ease, in_tally=False)],
        update_conflicts=True,
        unique_fields=["priority", "member"],
        update_fields=["impact", "ease", "updated_at", "in_tally"],
    )
    priority_tally(priority)
    return PriorityRating.objects.get(priority=priority, member=member)


def priority_tally(priority: Priority) -> None:
    """Bring the priority's figures up to date, but only once at least SMALLEST_GROUP people have
    rated or changed their rating since the last tally: then the difference between two tallies is
    the sum of several people's answers, never one person's. Called with the priority locked."""
    waiting = priority.ratings.filter(in_tally=False)
    if waiting.count() < SMALLEST_GROUP:
        return
    figures = priority.ratings.aggregate(
        tally_count=Count("id"), tally_impact=Avg("impact"), tally_ease=Avg("ease")
    )
    Priority.objects.filter(pk=priority.pk).update(**figures)
    waiting.update(in_tally=True)
    for name, value in figures.items():
        setattr(priority, name, value)


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
                f"and a {words.person}. {priority.co_leads_still_needed()} "
                "Please choose them under “Co-leads”."
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


# --- The TRIP report ---


def trip_report_request(*, member: Membership, cycle: Cycle) -> TripReport:
    report = TripReport.objects.create(cycle=cycle, requested_by=member)
    # Imported here: tasks import this module.
    from trip.tasks import build_trip_report

    transaction.on_commit(lambda: build_trip_report.delay(report.pk))
    return report


def trip_report_build(*, report: TripReport) -> TripReport:
    context = trip_report_context(cycle=report.cycle)
    report.pdf = render_pdf("trip/report_pdf.jinja", context)
    report.ready_at = timezone.now()
    report.save(update_fields=["pdf", "ready_at"])
    return report
