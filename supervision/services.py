import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.pdf import render_pdf
from supervision.models import (
    PATTERN_WEEKS,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    Reflection,
    ReflectionTip,
    SessionTip,
    SupervisionRecord,
    SupervisionSession,
    goal_lines,
    tip_counts,
)
from supervision.questions import QUESTIONS, Question
from supervision.tips import TIPS, Tip
from teams.models import Membership


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
    *, supervisor: Membership, supervisee: Membership, held_on: dt.date, tips: list[str]
) -> SupervisionSession:
    session = SupervisionSession.objects.create(
        team=supervisor.team, supervisor=supervisor, supervisee=supervisee, held_on=held_on
    )
    SessionTip.objects.bulk_create([SessionTip(session=session, tip=tip) for tip in dict.fromkeys(tips)])
    return session


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
    """Who in the team was supervised, when and how often since `since`: dates and counts only.
    The content fields are never read, so they cannot leak onto the page."""
    staff = list(member.team.memberships.staff().select_related("user"))
    held = (
        SupervisionSession.objects.filter(team=member.team, held_on__gte=since)
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


@transaction.atomic
def feedback_answer(*, request: FeedbackRequest, scores: dict[str, int], comment: str) -> FeedbackResponse:
    response = FeedbackResponse.objects.create(request=request, comment=comment.strip())
    FeedbackAnswer.objects.bulk_create(
        [FeedbackAnswer(response=response, question=slug, score=score) for slug, score in scores.items()]
    )
    return response


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    average: float | None
    answers: int


@dataclass(frozen=True)
class FeedbackResults:
    responses: int
    questions: list[QuestionResult]
    comments: list[str]

    @property
    def ready(self) -> bool:
        return self.responses >= SMALLEST_GROUP


def feedback_results(request: FeedbackRequest) -> FeedbackResults:
    """Averages per question and the comments in a random order, only once at least
    SMALLEST_GROUP people have answered; before that, only how many have."""
    responses = request.responses.count()
    if responses < SMALLEST_GROUP:
        return FeedbackResults(responses=responses, questions=[], comments=[])
    rows = {
        row["question"]: row
        for row in FeedbackAnswer.objects.filter(response__request=request)
        .values("question")
        .annotate(average=Avg("score"), answers=Count("id"))
    }
    questions = [
        QuestionResult(q, rows.get(q.slug, {}).get("average"), rows.get(q.slug, {}).get("answers", 0))
        for q in QUESTIONS
    ]
    comments = [c for c in request.responses.exclude(comment="").values_list("comment", flat=True)]
    random.shuffle(comments)  # no order that could hint at who wrote what
    return FeedbackResults(responses=responses, questions=questions, comments=comments)


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
