import datetime as dt
import secrets
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.pdf import render_pdf
from supervision.leading import COMPONENTS, Component
from supervision.models import (
    PATTERN_MONTHS,
    PATTERN_WEEKS,
    About,
    FeedbackAnswer,
    FeedbackCard,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackVoter,
    LeadershipRating,
    LeadershipReflection,
    Reflection,
    ReflectionTip,
    SessionTip,
    SupervisionRecord,
    SupervisionSession,
    goal_lines,
    tip_counts,
)
from supervision.questions import Question
from supervision.tips import TIPS, Tip
from teams.cache import team_cache_forget
from teams.models import Membership, Team
from trip.services import holds_a_lead_role


@transaction.atomic
def reflection_create(*, author: Membership, tips: list[str], went_well: str) -> Reflection:
    reflection = Reflection.objects.create(author=author, went_well=went_well.strip())
    ReflectionTip.objects.bulk_create(
        [ReflectionTip(reflection=reflection, tip=tip) for tip in dict.fromkeys(tips)]
    )
    return reflection


@dataclass(frozen=True)
class TipCount:
    tip: Tip
    count: int


@dataclass(frozen=True)
class Pattern:
    """A person's use of the tips over recent weeks: what they do most, and what they might grow."""

    counts: list[TipCount]
    weeks: int

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)

    @property
    def strengths(self) -> list[TipCount]:
        used = sorted((c for c in self.counts if c.count), key=lambda c: (-c.count, c.tip.number))
        return used[:3]

    @property
    def to_develop(self) -> list[TipCount]:
        strong = {c.tip.slug for c in self.strengths}
        rest = sorted(
            (c for c in self.counts if c.tip.slug not in strong), key=lambda c: (c.count, c.tip.number)
        )
        return rest[:3]

    @property
    def most(self) -> int:
        return max((c.count for c in self.counts), default=0)


def reflection_pattern(member: Membership, *, weeks: int = PATTERN_WEEKS) -> Pattern:
    counts = tip_counts(member, weeks=weeks)
    return Pattern(counts=[TipCount(tip, counts[tip.slug]) for tip in TIPS], weeks=weeks)


@transaction.atomic
def session_create(
    *,
    recorded_by: Membership,
    supervisor: Membership,
    supervisee: Membership,
    held_on: dt.date,
    tips: list[str],
) -> SupervisionSession:
    """A session recorded by one of its two people; it counts once the other one confirms it."""
    session = SupervisionSession.objects.create(
        team=supervisor.team,
        supervisor=supervisor,
        supervisee=supervisee,
        recorded_by=recorded_by,
        held_on=held_on,
    )
    SessionTip.objects.bulk_create([SessionTip(session=session, tip=tip) for tip in dict.fromkeys(tips)])
    return session


def session_confirm(*, session: SupervisionSession, member: Membership) -> bool:
    """The other person agrees the session took place. True if this confirmed it; False if it was
    confirmed already or `member` is the one who recorded it."""
    confirmed = (
        SupervisionSession.objects.to_confirm_by(member)
        .filter(pk=session.pk)
        .update(confirmed_at=timezone.now())
    )
    return bool(confirmed)


def session_decline(*, session: SupervisionSession, member: Membership) -> bool:
    """The other person says the session did not happen as recorded: it goes, notes and all.
    A confirmed session stays; so does one `member` recorded themselves."""
    deleted, _ = SupervisionSession.objects.to_confirm_by(member).filter(pk=session.pk).delete()
    return bool(deleted)


@transaction.atomic
def session_record(
    *, session: SupervisionSession, notes: dict[str, dict[str, str]], agreed_goals: str
) -> SupervisionSession:
    for tip in session.tips.all():
        for part, text in notes.get(tip.tip, {}).items():
            setattr(tip, part, text)
        tip.save()
    session.agreed_goals = agreed_goals
    session.save(update_fields=["agreed_goals"])
    return session


@dataclass(frozen=True)
class Coverage:
    member: Membership
    count: int
    last: dt.date | None
    dates: list[dt.date]


def supervision_coverage(member: Membership, *, since: dt.date) -> list[Coverage]:
    """Who in the team was supervised, when and how often since `since`: dates and counts only,
    of sessions both people confirmed. The content fields are never read, so they cannot leak
    onto the page."""
    staff = list(member.team.memberships.staff().select_related("user"))
    held = (
        SupervisionSession.objects.confirmed()
        .filter(team=member.team, held_on__gte=since, held_on__lte=timezone.localdate())
        .values_list("supervisee_id", "held_on")
        .order_by("-held_on")
    )
    dates: dict[int, list[dt.date]] = {}
    for supervisee_id, held_on in held:
        dates.setdefault(supervisee_id, []).append(held_on)
    rows = [
        Coverage(m, len(dates.get(m.pk, [])), (dates.get(m.pk) or [None])[0], dates.get(m.pk, []))
        for m in staff
    ]
    return sorted(rows, key=lambda row: (row.count, row.member.name))


def feedback_request_create(*, worker: Membership, closes_on: dt.date) -> FeedbackRequest:
    return FeedbackRequest.objects.create(worker=worker, closes_on=closes_on)


def feedback_cards_make(*, request: FeedbackRequest, count: int) -> list[FeedbackCard]:
    return FeedbackCard.objects.bulk_create([FeedbackCard(request=request) for _ in range(count)])


class FeedbackRefused(Exception):
    """An answer that cannot be taken; `reason` says which kind message to show."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


CARD_USED, REQUEST_CLOSED = "used", "closed"


def _take_answer(request_pk: int, *, scores: dict[str, int], comment: str, spend) -> FeedbackResponse:
    """Save one person's answers if the request is still open and `spend()` (a card or a signed-in
    member's one answer) succeeds, in one transaction. Nothing ties the answer back to either."""
    # Locking the request orders every answer against the close: an answer either lands before
    # the tally, or is refused. It can never change results already shown.
    request = FeedbackRequest.objects.select_for_update().select_related("worker").get(pk=request_pk)
    if not request.is_open or not request.worker.is_active:
        raise FeedbackRefused(REQUEST_CLOSED)
    if not spend(request):
        raise FeedbackRefused(CARD_USED)
    response = FeedbackResponse.objects.create(request=request, comment=comment.strip())
    FeedbackAnswer.objects.bulk_create(
        [FeedbackAnswer(response=response, question=slug, score=score) for slug, score in scores.items()]
    )
    # Answered from a card, outside the access gate: the dashboard counts it.
    team_cache_forget([request.worker.team_id])
    return response


@transaction.atomic
def feedback_answer(*, card: FeedbackCard, scores: dict[str, int], comment: str) -> FeedbackResponse:
    """One person's answers, given with their card. The card is spent in the same transaction, so
    it answers once however often it is sent."""
    return _take_answer(
        card.request_id,
        scores=scores,
        comment=comment,
        spend=lambda request: FeedbackCard.objects.filter(pk=card.pk, used=False).update(used=True),
    )


def _once_for(member: Membership):
    def spend(request: FeedbackRequest) -> bool:
        if (
            not request.is_about_leading
            or member.pk == request.worker_id
            or member.team_id != request.worker.team_id
        ):
            return False
        _, created = FeedbackVoter.objects.get_or_create(request=request, member=member)
        return created

    return spend


@transaction.atomic
def pulse_answer(*, window: FeedbackRequest, member: Membership, scores: dict[str, int], comment: str):
    """A signed-in member's answers to a leader's listening window: once each, never the leader's
    own. That they answered is kept apart from what they said, until the tally deletes both."""
    return _take_answer(window.pk, scores=scores, comment=comment, spend=_once_for(member))


def has_answered(window: FeedbackRequest, member: Membership) -> bool:
    return window.voters.filter(member=member).exists()


def _tally(request: FeedbackRequest) -> dict:
    """What may be shown of a request's answers: nothing from fewer than SMALLEST_GROUP people,
    neither overall nor for any one question (ADR 0005)."""
    responses = request.responses.count()
    if responses < SMALLEST_GROUP:
        return {"responses": responses}
    rows = (
        FeedbackAnswer.objects.filter(response__request=request)
        .values("question")
        .annotate(average=Avg("score"), answers=Count("id"))
    )
    averages = {row["question"]: float(row["average"]) for row in rows if row["answers"] >= SMALLEST_GROUP}
    comments = list(request.responses.exclude(comment="").values_list("comment", flat=True))
    # Shuffled once, here, and stored: the order then never changes, so it hints at nothing.
    secrets.SystemRandom().shuffle(comments)
    return {"responses": responses, "averages": averages, "comments": comments}


@transaction.atomic
def feedback_request_close(*, request: FeedbackRequest) -> FeedbackRequest:
    """Stop taking answers and add them up, once: the tally is all the worker will ever see."""
    locked = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if locked.results is None:
        locked.closed_at = locked.closed_at or timezone.now()
        locked.results = _tally(locked)
        locked.save(update_fields=["closed_at", "results"])
        if locked.is_about_leading:
            # Nothing is kept that may not be shown: the tally is all a listening window leaves.
            locked.responses.all().delete()
            locked.voters.all().delete()
    return locked


def feedback_request_tally_if_over(request: FeedbackRequest) -> FeedbackRequest:
    """A request whose last day has passed is closed and tallied the first time it is looked at;
    answers after that day were refused, so the tally is the same as if made at midnight."""
    if request.is_tallied or (request.is_open and request.worker.is_active):
        return request
    return feedback_request_close(request=request)


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    average: float | None  # None when fewer than SMALLEST_GROUP people answered this question


@dataclass(frozen=True)
class FeedbackResults:
    responses: int
    questions: list[QuestionResult]
    comments: list[str]

    @property
    def ready(self) -> bool:
        return self.responses >= SMALLEST_GROUP


def feedback_results(request: FeedbackRequest) -> FeedbackResults | None:
    """The tally made at the close, as it was made; None while answers are still being taken."""
    if request.results is None:
        return None
    averages = request.results.get("averages", {})
    return FeedbackResults(
        responses=request.results["responses"],
        questions=[QuestionResult(q, averages.get(q.slug)) for q in request.questions],
        comments=request.results.get("comments", []),
    )


def supervision_record_request(*, supervisee: Membership) -> SupervisionRecord:
    record = SupervisionRecord.objects.create(supervisee=supervisee)
    # Imported here: tasks import this module.
    from supervision.tasks import build_supervision_record

    transaction.on_commit(lambda: build_supervision_record.delay(record.pk))
    return record


def supervision_record_build(*, record: SupervisionRecord) -> SupervisionRecord:
    supervisee = record.supervisee
    held = list(
        SupervisionSession.objects.as_supervisee(supervisee)
        .select_related("supervisor__user")
        .prefetch_related("tips")
        .order_by("held_on", "id")
    )
    context = {
        "supervisee": supervisee,
        "sessions": [
            (s, sorted(s.tips.all(), key=lambda t: t.about.number), goal_lines(s.agreed_goals)) for s in held
        ],
        "made_on": timezone.localdate(),
    }
    record.pdf = render_pdf("supervision/record_pdf.jinja", context)
    record.ready_at = timezone.now()
    record.save(update_fields=["pdf", "ready_at"])
    return record


# --- Retention: private notes are kept for the period the team chose, then deleted ---


@dataclass(frozen=True)
class Expired:
    reflections: int
    comments: int


@transaction.atomic
def retention_apply(*, team: Team, now: dt.datetime | None = None) -> Expired:
    """Delete `team`'s quick and leadership reflections, and the comments of its feedback, older
    than the period the team chose. Run again it finds nothing more: safe for a double beat or a retry."""
    cutoff = (now or timezone.now()) - relativedelta(months=team.retention_months)
    _, deleted = Reflection.objects.filter(author__team=team, created_at__lt=cutoff).delete()
    _, deleted_leading = LeadershipReflection.objects.filter(
        leader__team=team, created_at__lt=cutoff
    ).delete()
    # Answers carry no date, on purpose (ADR 0005): a comment is as old as the request's last day
    # for answers, so every comment of a request over before the cutoff is at least that old.
    over = Q(closes_on__lt=timezone.localdate(cutoff)) | Q(closed_at__lt=cutoff)
    requests = FeedbackRequest.objects.filter(over, worker__team=team)
    comments = FeedbackResponse.objects.filter(request__in=requests).exclude(comment="").update(comment="")
    # The tally keeps its own shuffled copy of the comments: it must forget them too.
    for request in requests.filter(results__has_key="comments").select_for_update():
        request.results = {key: value for key, value in request.results.items() if key != "comments"}
        request.save(update_fields=["results"])
    reflections = deleted.get("supervision.Reflection", 0) + deleted_leading.get(
        "supervision.LeadershipReflection", 0
    )
    return Expired(reflections=reflections, comments=comments)


def retention_apply_everywhere(*, now: dt.datetime | None = None) -> Expired:
    """Retention for every team, each in its own transaction so one team's trouble stops no other."""
    found = [retention_apply(team=team, now=now) for team in Team.objects.all()]
    return Expired(
        reflections=sum(each.reflections for each in found), comments=sum(each.comments for each in found)
    )


# --- Leading recovery: leaders' own reflections, and listening windows on how the team is led ---


def is_leader(member: Membership) -> bool:
    """The team's leaders: its managers, and anyone holding one of its lead roles."""
    return member.is_manager or holds_a_lead_role(member)


def pulses_to_answer(member: Membership):
    """The team's open listening windows `member` may still answer: any leader's but their own."""
    return (
        FeedbackRequest.objects.listening_for(member)
        .collecting()
        .filter(worker__left_at__isnull=True)
        .exclude(voters__member=member)
        .select_related("worker__user")
    )


def next_step_for(member: Membership) -> str | None:
    """A leader's listening window to answer, for where a member lands after joining (registered
    with `teams.next_steps`, after the TRIP's open round and priorities)."""
    window = pulses_to_answer(member).order_by("closes_on", "id").first()
    if window is None:
        return None
    return reverse("supervision:pulse", kwargs={"team": member.team.slug, "pk": window.pk})


def listening_window_open(*, leader: Membership, closes_on: dt.date) -> FeedbackRequest:
    return FeedbackRequest.objects.create(worker=leader, about=About.LEADING, closes_on=closes_on)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def leadership_reflection_save(
    *,
    leader: Membership,
    month: dt.date,
    how_often: dict[str, int],
    note: str,
    try_next: str,
    bring_to_supervision: bool,
) -> LeadershipReflection:
    """This month's reflection, made or replaced: one per leader and month."""
    reflection, _ = LeadershipReflection.objects.update_or_create(
        leader=leader,
        month=month_start(month),
        defaults={
            "note": note.strip(),
            "try_next": try_next.strip(),
            "bring_to_supervision": bring_to_supervision and bool(try_next.strip()),
        },
    )
    reflection.ratings.all().delete()
    LeadershipRating.objects.bulk_create(
        [
            LeadershipRating(reflection=reflection, behaviour=slug, how_often=n)
            for slug, n in how_often.items()
        ]
    )
    return reflection


@dataclass(frozen=True)
class ComponentMonth:
    component: Component
    score: float | None  # the average "how often", 1 (not this month) to 3 (often)


@dataclass(frozen=True)
class LeadershipMonth:
    reflection: LeadershipReflection
    components: list[ComponentMonth]


def leadership_pattern(leader: Membership, *, months: int = PATTERN_MONTHS) -> list[LeadershipMonth]:
    """The leader's own months, newest first: for each part of leadership, how often they did its
    behaviours. For them alone."""
    since = month_start(timezone.localdate()) - relativedelta(months=months - 1)
    reflections = list(
        LeadershipReflection.objects.for_leader(leader).filter(month__gte=since).prefetch_related("ratings")
    )
    part_of = {b.slug: c.slug for c in COMPONENTS for b in c.behaviours}
    rows = []
    for reflection in reflections:
        by_part: dict[str, list[int]] = {}
        for rating in reflection.ratings.all():
            by_part.setdefault(part_of[rating.behaviour], []).append(rating.how_often)
        rows.append(
            LeadershipMonth(
                reflection,
                [
                    ComponentMonth(
                        c, sum(by_part[c.slug]) / len(by_part[c.slug]) if by_part.get(c.slug) else None
                    )
                    for c in COMPONENTS
                ],
            )
        )
    return rows
