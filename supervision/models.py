"""Recovery-focused supervision: quick reflections after a conversation, supervision sessions,
and anonymous feedback from people using the service.

Privacy is the rule that shapes everything here. A reflection is seen only by its author; a
session's content only by its supervisor and supervisee; feedback only by the worker it is about,
once its answers have closed, and only from at least three people (ADR 0005). Managers see coverage
(who, when, how often), never what was said. So every query starts from the person asking:
`for_author(member)`, `involving(member)`, `for_worker(member)`."""

import datetime as dt
import secrets

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from supervision.leading import BEHAVIOUR_SLUGS, PULSE_QUESTIONS, PULSE_SLUGS
from supervision.questions import QUESTION_SLUGS, QUESTIONS, Question
from supervision.tips import TIP_BY_SLUG, TIP_SLUGS, Tip
from teams.models import JOIN_CODE_ALPHABET, Membership, PreparedPdf, Team

WENT_WELL_LIMIT = 300
NOTE_LIMIT = 1000
PATTERN_WEEKS = 8


def _within(field: str, limit: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


def _tip_known(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(tip__in=TIP_SLUGS), name=name)


class ReflectionQuerySet(models.QuerySet):
    def for_author(self, member: Membership):
        return self.filter(author=member)


class Reflection(models.Model):
    """A few seconds' thought after time with someone: which tips I used, and what went well."""

    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reflections")
    went_well = models.CharField("What went well? (optional)", max_length=WENT_WELL_LIMIT, blank=True)
    bring_to_supervision = models.BooleanField("bring to supervision", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [_within("went_well", WENT_WELL_LIMIT, "reflection_went_well_within_limit")]

    def __str__(self) -> str:
        return f"Reflection {self.pk}"

    @property
    def tip_list(self) -> list[Tip]:
        return sorted((TIP_BY_SLUG[t.tip] for t in self.tips.all()), key=lambda tip: tip.number)


class ReflectionTip(models.Model):
    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="tips")
    tip = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reflection", "tip"], name="reflection_tip_once"),
            _tip_known("reflection_tip_known"),
        ]

    def __str__(self) -> str:
        return self.tip


def tip_counts(member: Membership, *, weeks: int = PATTERN_WEEKS) -> dict[str, int]:
    """How often `member` ticked each tip in the last `weeks` weeks, counted by the database.
    Every tip is in the answer, unused ones with 0."""
    since = timezone.now() - dt.timedelta(weeks=weeks)
    rows = (
        ReflectionTip.objects.filter(reflection__author=member, reflection__created_at__gte=since)
        .values("tip")
        .annotate(count=models.Count("id"))
    )
    counts = dict.fromkeys(TIP_SLUGS, 0)
    counts.update({row["tip"]: row["count"] for row in rows})
    return counts


class SupervisionSessionQuerySet(models.QuerySet):
    def involving(self, member: Membership):
        """The sessions `member` took part in, in their team: the only way to reach a session."""
        return self.filter(models.Q(supervisor=member) | models.Q(supervisee=member), team_id=member.team_id)

    def as_supervisee(self, member: Membership):
        return self.filter(supervisee=member, team_id=member.team_id)

    def confirmed(self):
        """The sessions both people have agreed took place: the only ones that count in coverage."""
        return self.filter(confirmed_at__isnull=False)

    def to_confirm_by(self, member: Membership):
        """Sessions the other person recorded that `member` has yet to confirm."""
        return self.involving(member).filter(confirmed_at__isnull=True).exclude(recorded_by=member)


# A session is recorded after it happens, and coverage looks back a year: a date outside this
# range is a slip of the keyboard, and would distort the coverage a manager relies on.
RECORD_BACK_DAYS = 365


def session_date_problem(held_on: dt.date, *, today: dt.date) -> str | None:
    """Why `held_on` cannot be a session's date, in words for the person typing it; None if fine."""
    earliest = today - dt.timedelta(days=RECORD_BACK_DAYS)
    if held_on > today:
        return (
            "Please record a session once it has happened: the date can be today or earlier. "
            "You can set up a future session on the day."
        )
    if held_on < earliest:
        return (
            f"Please choose a date within the last year (from {earliest:%d/%m/%Y}). "
            "Sessions older than that are not counted, so they are not recorded here."
        )
    return None


class SupervisionSession(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="supervision_sessions")
    supervisor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    supervisee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField("date of the session")
    # One of the two people records the session; it counts once the other one confirms it.
    recorded_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    preparation = models.TextField("My preparation notes", max_length=NOTE_LIMIT, blank=True)
    agreed_goals = models.TextField("Goals we agreed", max_length=NOTE_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        # Who was supervised lately, on the dashboards: each person's sessions by date.
        indexes = [
            models.Index(fields=["supervisee", "held_on"], name="session_supervisee_held"),
            models.Index(fields=["team", "held_on"], name="session_team_held"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("supervisee")), name="session_not_with_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(recorded_by=models.F("supervisor"))
                | models.Q(recorded_by=models.F("supervisee")),
                name="session_recorded_by_a_party",
            ),
            _within("preparation", NOTE_LIMIT, "session_preparation_within_limit"),
            _within("agreed_goals", NOTE_LIMIT, "session_goals_within_limit"),
        ]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on}"

    def ordered_tips(self) -> list["SessionTip"]:
        """The tips talked about, in the list's own order (uses prefetched tips when there are)."""
        return sorted(self.tips.all(), key=lambda tip: tip.about.number)

    def other_person(self, member: Membership) -> Membership:
        return self.supervisee if member.pk == self.supervisor_id else self.supervisor

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def awaits_confirmation_from(self, member: Membership) -> bool:
        return not self.is_confirmed and member.pk != self.recorded_by_id

    def previous(self) -> "SupervisionSession | None":
        """The last session before this one between the same two people, in the same roles."""
        earlier = models.Q(held_on__lt=self.held_on) | models.Q(held_on=self.held_on, pk__lt=self.pk)
        return (
            SupervisionSession.objects.filter(
                earlier,
                team_id=self.team_id,
                supervisor_id=self.supervisor_id,
                supervisee_id=self.supervisee_id,
            )
            .order_by("-held_on", "-id")
            .first()
        )


def goal_lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class SessionTip(models.Model):
    """One tip talked about in a session: what went well and why first, then what was hard, then
    what the supervisee will try next."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="tips")
    tip = models.CharField(max_length=40)
    went_well = models.TextField("What went well, and why?", max_length=NOTE_LIMIT, blank=True)
    was_hard = models.TextField("What was hard?", max_length=NOTE_LIMIT, blank=True)
    try_next = models.TextField("What I'll try next", max_length=NOTE_LIMIT, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "tip"], name="session_tip_once"),
            _tip_known("session_tip_known"),
            _within("went_well", NOTE_LIMIT, "session_tip_went_well_within_limit"),
            _within("was_hard", NOTE_LIMIT, "session_tip_was_hard_within_limit"),
            _within("try_next", NOTE_LIMIT, "session_tip_try_next_within_limit"),
        ]

    def __str__(self) -> str:
        return self.tip

    @property
    def about(self) -> Tip:
        return TIP_BY_SLUG[self.tip]


# --- Feedback from people using the service (360°): anonymous to the worker (ADR 0005) ---

FEEDBACK_COMMENT_LIMIT = 500
FEEDBACK_WINDOW_DAYS = 14
FEEDBACK_WINDOW_MOST_DAYS = 56
CARD_CODE_LENGTH = 8


def feedback_window_end() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=FEEDBACK_WINDOW_DAYS)


def new_feedback_token() -> str:
    """Only for migration 0001: requests were once shared by a link holding this token."""
    return secrets.token_urlsafe(18)


def new_card_code() -> str:
    # The join codes' alphabet: no 0/O, 1/I/L or 2/Z/5/S to confuse on a printed card.
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(CARD_CODE_LENGTH))


class About(models.TextChoices):
    """What a request asks about: one worker's time with the people they support, or how a leader
    leads the whole team (the listening window, answered by anyone in the team)."""

    WORK = "work", "Working with people using the service"
    LEADING = "leading", "How the team is led"


class SharedWith(models.TextChoices):
    JUST_ME = "me", "Just me"
    SUPERVISOR = "supervisor", "Me and my supervisor"
    TEAM = "team", "The whole team"


class FeedbackRequestQuerySet(models.QuerySet):
    def for_worker(self, member: Membership):
        return self.filter(worker=member)

    def about_work(self):
        return self.filter(about=About.WORK)

    def about_leading(self):
        return self.filter(about=About.LEADING)

    def listening_for(self, member: Membership):
        """The listening windows of the other leaders in `member`'s team: the ones they may answer."""
        return self.about_leading().filter(worker__team_id=member.team_id).exclude(worker=member)

    def shared_with(self, member: Membership):
        """Listening windows whose results their leader chose to share with `member`: the whole
        team, or the people who have supervised the leader in a confirmed session."""
        supervised_leaders = (
            SupervisionSession.objects.confirmed().filter(supervisor=member).values("supervisee_id")
        )
        return (
            self.about_leading()
            .filter(
                models.Q(shared_with=SharedWith.TEAM)
                | models.Q(shared_with=SharedWith.SUPERVISOR, worker_id__in=supervised_leaders),
                worker__team_id=member.team_id,
                results__isnull=False,
            )
            .exclude(worker=member)
        )

    def collecting(self):
        return self.filter(closed_at__isnull=True, closes_on__gte=timezone.localdate())

    def for_card_giver(self, member: Membership):
        """The requests `member` may print answer cards for: a colleague's, never their own, if
        `member` manages the team or has supervised that colleague. The worker never holds a
        card, so they cannot answer for the people they asked."""
        colleagues = self.filter(worker__team_id=member.team_id, worker__left_at__isnull=True).exclude(
            worker=member
        )
        if member.is_manager:
            return colleagues
        supervised = SupervisionSession.objects.confirmed().filter(supervisor=member, team_id=member.team_id)
        # A leader's listening window is about the whole team: anyone on the staff but the leader
        # may hand out its cards.
        return colleagues.filter(
            models.Q(worker_id__in=supervised.values("supervisee_id")) | models.Q(about=About.LEADING)
        )


class FeedbackRequest(models.Model):
    """A worker's invitation to the people they work with to say, anonymously, how the
    relationship supports their recovery. Answers are taken until `closes_on` (or until the
    worker closes it early), each through a single-use card someone else hands out; the results
    are added up once, at the close, and only ever shown from that tally."""

    worker = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="feedback_requests")
    about = models.CharField(max_length=10, choices=About.choices, default=About.WORK)
    # Only for a listening window: who besides the leader may read its results.
    shared_with = models.CharField(
        "Who can see the results",
        max_length=10,
        choices=SharedWith.choices,
        default=SharedWith.JUST_ME,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    closes_on = models.DateField("Take answers until", default=feedback_window_end)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The tally made at the close: only what may be shown, never one person's answers on their own.
    results = models.JSONField(null=True, blank=True)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback for {self.worker}"

    @property
    def is_open(self) -> bool:
        """Still taking answers: not closed early, and its last day not yet over."""
        return self.closed_at is None and timezone.localdate() <= self.closes_on

    @property
    def is_tallied(self) -> bool:
        return self.results is not None

    @property
    def is_about_leading(self) -> bool:
        return self.about == About.LEADING

    @property
    def answer_title(self) -> str:
        if self.is_about_leading:
            return f"How {self.worker.name} leads the team"
        return f"Your views on working with {self.worker.name}"

    @property
    def questions(self) -> tuple[Question, ...]:
        return PULSE_QUESTIONS if self.is_about_leading else QUESTIONS


class FeedbackCard(models.Model):
    """A single-use code a person uses to answer, printed by someone other than the worker.
    Deliberately no date and no link to the answer it gave: `used` is all that is kept."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="cards")
    code = models.CharField(max_length=CARD_CODE_LENGTH, unique=True, default=new_card_code)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return "A feedback card"


class FeedbackResponse(models.Model):
    """One person's answers. Deliberately without a date or anything about who answered, so the
    worker cannot tell who said what."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="responses")
    comment = models.TextField(max_length=FEEDBACK_COMMENT_LIMIT, blank=True)

    class Meta:
        constraints = [_within("comment", FEEDBACK_COMMENT_LIMIT, "feedback_comment_within_limit")]

    def __str__(self) -> str:
        return "A response"


class FeedbackAnswer(models.Model):
    """One answer on the five-point scale. "I'd rather not say" is kept as no row at all."""

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="feedback_answer_once"),
            models.CheckConstraint(
                condition=models.Q(question__in=QUESTION_SLUGS + PULSE_SLUGS), name="feedback_question_known"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="feedback_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score}"


class FeedbackVoter(models.Model):
    """That a signed-in member has answered a listening window, so they answer once. Kept apart
    from their answers on purpose: no link, no date, and it is deleted with the raw answers when
    the window is tallied, so not even the database can pair a person with what they said."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "member"], name="feedback_voter_once")]

    def __str__(self) -> str:
        return "Answered"


# --- A leader's monthly reflection on the four parts of recovery-focused leadership ---

TRY_NEXT_LIMIT = 300
PATTERN_MONTHS = 6


class LeadershipReflectionQuerySet(models.QuerySet):
    def for_leader(self, member: Membership):
        return self.filter(leader=member)


class LeadershipReflection(models.Model):
    """One month's reflection: how often the leader did each behaviour, a note, and one thing to
    try next month, which they may bring to their own supervision. Seen by the leader alone."""

    leader = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="leadership_reflections")
    month = models.DateField()  # the first day of the month reflected on
    note = models.TextField("Anything you noticed? (optional)", max_length=NOTE_LIMIT, blank=True)
    try_next = models.CharField(
        "One thing to try next month (optional)", max_length=TRY_NEXT_LIMIT, blank=True
    )
    bring_to_supervision = models.BooleanField("Bring it to my supervision as a goal", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = LeadershipReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "month"], name="leadership_reflection_once_a_month"),
            _within("note", NOTE_LIMIT, "leadership_note_within_limit"),
            _within("try_next", TRY_NEXT_LIMIT, "leadership_try_next_within_limit"),
        ]

    def __str__(self) -> str:
        return f"Leadership reflection for {self.month:%B %Y}"


class LeadershipRating(models.Model):
    reflection = models.ForeignKey(LeadershipReflection, on_delete=models.CASCADE, related_name="ratings")
    behaviour = models.CharField(max_length=40)
    how_often = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reflection", "behaviour"], name="leadership_rating_once"),
            models.CheckConstraint(
                condition=models.Q(behaviour__in=BEHAVIOUR_SLUGS), name="leadership_behaviour_known"
            ),
            models.CheckConstraint(
                condition=models.Q(how_often__gte=1, how_often__lte=3), name="leadership_how_often_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.behaviour}: {self.how_often}"


# --- The supervisee's own record, as a PDF made in the background ---


class SupervisionRecordQuerySet(models.QuerySet):
    def for_supervisee(self, member: Membership):
        return self.filter(supervisee=member)


class SupervisionRecord(PreparedPdf):
    """A PDF of everything a supervisee's sessions hold, asked for by them and for them alone.
    A Celery task fills in `pdf`; the page polls until it is there."""

    supervisee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    objects = SupervisionRecordQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Supervision record for {self.supervisee}"

    def get_absolute_url(self) -> str:
        """The page that waits for the PDF, then offers it."""
        return reverse("supervision:record", kwargs={"team": self.supervisee.team.slug, "pk": self.pk})

    @property
    def filename(self) -> str:
        return f"my-supervision-record-{self.requested_at:%Y-%m-%d}.pdf"

    audit_detail = "Supervision record"

    @property
    def audit_subject(self) -> Membership:
        return self.supervisee
