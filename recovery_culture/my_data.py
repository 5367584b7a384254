"""A member's own data: everything the app holds about them, to download, and their erasure.

Both read or change every app, so they live in the project package, which may see them all
(docs/adr/0004). Erasure keeps the person's rows in the team's record as "a former member" rather
than deleting them; docs/adr/0007-erasure.md says why."""

import datetime as dt
import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from conversations.models import RuleAnswer
from dashboards.models import MonthlyReport
from recovery_culture.lib.dates import format_day
from successes.models import Success, ThankYou
from supervision.leading import PULSE_QUESTIONS
from supervision.models import (
    FeedbackRequest,
    LeadershipReflection,
    Reflection,
    SupervisionRecord,
    SupervisionSession,
    goal_lines,
)
from supervision.questions import QUESTIONS
from teams.cache import team_cache_forget
from teams.models import (
    Audience,
    AuditAction,
    AuditEvent,
    ErasureRequest,
    Invitation,
    Membership,
    PasswordResetCode,
    User,
)
from trip.models import (
    Asset,
    BenchmarkRating,
    LeadRole,
    Priority,
    ProgressUpdate,
    Question,
    ResourceRating,
    TripReport,
)

FORMER_MEMBER = "A former member"


# --- What the app holds about a person ---


def _other(member: Membership | None) -> str:
    """Another member, as a file that leaves the app names them (docs/adr/0006)."""
    return member.name_for(Audience.LEAVES_APP) if member else "nobody now"


def _day(value: dt.date | dt.datetime | None) -> str:
    return format_day(value) if value else ""


Item = dict[str, object]


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]


@dataclass(frozen=True)
class TeamPart:
    """What one team's part of the app holds about the person."""

    team: str
    about: Item
    sections: list[Section]


@dataclass(frozen=True)
class MyData:
    made_on: str
    account: Item
    teams: list[TeamPart]

    def as_json(self) -> dict:
        return {
            "made_on": self.made_on,
            "account": self.account,
            "teams": [
                {
                    "team": part.team,
                    "about you in this team": part.about,
                    **{section.title: section.items for section in part.sections},
                }
                for part in self.teams
            ],
        }


def _sessions(member: Membership) -> list[Item]:
    """Sessions the person took part in, their own side: the supervisee's record is all theirs; a
    supervisor sees what they see in the app, without the supervisee's preparation notes."""
    items = []
    sessions = (
        SupervisionSession.objects.involving(member)
        .select_related("supervisor__user", "supervisee__user")
        .prefetch_related("tips")
    )
    for session in sessions:
        mine = session.supervisee_id == member.pk
        item: Item = {
            "date": _day(session.held_on),
            "you were": "supervisee" if mine else "supervisor",
            "with": _other(session.other_person(member)),
            "confirmed by both": "yes" if session.is_confirmed else "not yet",
        }
        if mine:
            item["your preparation notes"] = session.preparation
        item["goals agreed"] = goal_lines(session.agreed_goals)
        item["tips talked about"] = [
            {
                "tip": tip.about.title,
                "what went well, and why": tip.went_well,
                "what was hard": tip.was_hard,
                "what I'll try next": tip.try_next,
            }
            for tip in session.ordered_tips()
        ]
        items.append(item)
    return items


def _feedback(member: Membership) -> list[Item]:
    """The person's feedback requests, as they see them: the tally made at the close, never a card,
    an answer, or how many have answered while it is still open."""
    titles = {question.slug: question.text for question in QUESTIONS + PULSE_QUESTIONS}
    items = []
    for request in FeedbackRequest.objects.for_worker(member):
        item: Item = {
            "about": request.get_about_display(),
            "asked on": _day(request.created_at),
            "taking answers until": _day(request.closes_on),
        }
        if request.results is None:
            item["results"] = "Not yet: results are added up once answers close."
        else:
            item["people who answered"] = request.results.get("responses", 0)
            item["average scores"] = {
                titles.get(slug, slug): round(average, 1)
                for slug, average in request.results.get("averages", {}).items()
            }
            item["comments"] = request.results.get("comments", [])
        items.append(item)
    return items


def _team_part(member: Membership) -> TeamPart:
    about: Item = {
        "role": member.get_role_display(),
        "joined": _day(member.joined_at),
        "left": _day(member.left_at),
        "weekly digest email": "no" if member.digest_opt_out else "yes",
    }
    if member.is_manager:
        about["monthly story report email"] = "yes" if member.monthly_report_opt_in else "no"
    successes = Success.objects.filter(author=member).with_people()
    helped = Success.objects.filter(helpers=member).select_related("author__user")
    sent = ThankYou.objects.filter(sender=member).select_related("recipient__user")
    received = ThankYou.objects.filter(recipient=member).select_related("sender__user")
    ratings = member.benchmark_ratings.select_related("round", "version")
    led = Priority.objects.filter(Q(staff_lead=member) | Q(service_user_lead=member))
    sections = [
        Section(
            "little miracles you wrote",
            [
                {
                    "written on": _day(s.created_at),
                    "shift": s.get_shift_display(),
                    "text": s.text,
                    "helped by": [_other(helper) for helper in s.helpers.all()],
                    "on the wall": "yes" if s.on_wall else "no",
                    "shared beyond the team": "yes" if s.share_beyond_team else "no",
                }
                for s in successes
            ],
        ),
        Section(
            "little miracles you helped with",
            [{"written on": _day(s.created_at), "by": _other(s.author), "text": s.text} for s in helped],
        ),
        Section(
            "thank-yous you sent",
            [{"on": _day(t.created_at), "to": _other(t.recipient), "message": t.message} for t in sent],
        ),
        Section(
            "thank-yous you received",
            [{"on": _day(t.created_at), "from": _other(t.sender), "message": t.message} for t in received],
        ),
        Section(
            "what you bring (TRIP assets)",
            [
                {
                    "kind": a.get_kind_display(),
                    "in a few words": a.title,
                    "a little more": a.description,
                    "who can see it": a.get_visibility_display(),
                }
                for a in Asset.objects.filter(owner=member)
            ],
        ),
        Section(
            "lead roles you hold",
            [{"role": r.title, "what it offers": r.offer} for r in LeadRole.objects.filter(holder=member)],
        ),
        Section(
            "your benchmark ratings",
            [
                {
                    "round": r.round.name,
                    "statement": r.version.text,
                    "your score": r.get_score_display() if r.score else "Don't know",
                    "rated as": r.get_perspective_display(),
                    "what we have achieved": r.achieved,
                    "what could be next": r.next_step,
                }
                for r in ratings
            ],
        ),
        Section(
            "your ratings of priorities",
            [
                {"priority": r.priority.title, "impact": r.impact, "ease": r.ease}
                for r in member.priority_ratings.select_related("priority")
            ],
        ),
        Section(
            "your ratings of community places",
            [
                {"place": r.resource.name, "stars": r.stars, "comment": r.comment}
                for r in member.resource_ratings.select_related("resource")
            ],
        ),
        Section(
            "messages you sent with “Ask about this”",
            [
                {"to": q.recipient.name, "about": q.about, "message": q.text, "on": _day(q.created_at)}
                for q in Question.objects.filter(sender=member).select_related("recipient__user")
            ],
        ),
        Section(
            "messages sent to you with “Ask about this”",
            [
                {"from": q.sender.name, "about": q.about, "message": q.text, "on": _day(q.created_at)}
                for q in member.questions.select_related("sender__user")
            ],
        ),
        Section(
            "priorities you co-lead",
            [
                {"priority": p.title, "what we want to change": p.change, "status": p.get_status_display()}
                for p in led
            ],
        ),
        Section(
            "priorities you help with",
            [{"priority": p.title, "status": p.get_status_display()} for p in member.priorities_helped.all()],
        ),
        Section(
            "actions you own",
            [
                {
                    "priority": a.priority.title,
                    "what needs doing": a.text,
                    "by when": _day(a.due_on),
                    "status": a.get_status_display(),
                }
                for a in member.trip_actions.select_related("priority")
            ],
        ),
        Section(
            "progress updates you wrote",
            [
                {"priority": u.priority.title, "on": _day(u.created_at), "text": u.text}
                for u in ProgressUpdate.objects.filter(author=member).select_related("priority")
            ],
        ),
        Section(
            "your quick reflections",
            [
                {
                    "on": _day(r.created_at),
                    "tips used": [tip.title for tip in r.tip_list],
                    "what went well": r.went_well,
                    "bring to supervision": "yes" if r.bring_to_supervision else "no",
                }
                for r in Reflection.objects.for_author(member).prefetch_related("tips")
            ],
        ),
        Section(
            "your leadership reflections",
            [
                {
                    "month": r.month.strftime("%B %Y"),
                    "how often": {rating.behaviour: rating.how_often for rating in r.ratings.all()},
                    "note": r.note,
                    "to try next": r.try_next,
                    "bring to supervision": "yes" if r.bring_to_supervision else "no",
                }
                for r in LeadershipReflection.objects.for_leader(member).prefetch_related("ratings")
            ],
        ),
        Section(
            "how rules feel to you",
            [
                {
                    "rule": a.rule.rule,
                    "on": _day(a.answered_at),
                    "answer": a.get_feeling_display(),
                    "comment": a.comment,
                }
                for a in member.rule_answers.select_related("rule")
            ],
        ),
        Section("your supervision sessions", _sessions(member)),
        Section("feedback you asked for", _feedback(member)),
        Section(
            "the audit trail about you",
            [
                {
                    "on": _day(e.at),
                    "what": e.get_action_display(),
                    "who": "you" if e.actor_id == member.pk else "a team manager",
                }
                for e in AuditEvent.objects.filter(Q(actor=member) | Q(subject=member))
            ],
        ),
    ]
    return TeamPart(team=member.team.name, about=about, sections=sections)


def my_data_collect(*, user: User) -> MyData:
    """Everything the app holds about `user`, in every team they are or were part of."""
    account: Item = {
        "name shown to your team": user.display_name,
        "sign-in name": user.username,
        "email": user.email,
        "account made on": _day(user.date_joined),
        "last signed in": _day(user.last_login),
    }
    memberships = Membership.objects.filter(user=user).select_related("team", "user").order_by("joined_at")
    return MyData(
        made_on=_day(timezone.now()),
        account=account,
        teams=[_team_part(member) for member in memberships],
    )


# --- Erasure ---


class ErasureRefused(Exception):
    """An erasure that cannot go ahead; the message says why, kindly, to the person asking."""


@transaction.atomic
def erasure_request(*, member: Membership, requested_by: Membership, keep_successes: bool) -> ErasureRequest:
    """Ask for `member` to be erased; a manager of the team then confirms. Asking again changes
    the choice of the request already waiting."""
    request, _ = ErasureRequest.objects.update_or_create(
        member=member, defaults={"keep_successes": keep_successes, "requested_by": requested_by}
    )
    return request


def erasure_cancel(*, member: Membership) -> None:
    ErasureRequest.objects.filter(member=member).delete()


def _check_confirmer(member: Membership, confirmed_by: Membership) -> None:
    if not confirmed_by.is_manager or confirmed_by.team_id != member.team_id:
        raise ErasureRefused("Only a manager of the team can confirm an erasure.")
    if confirmed_by.pk == member.pk:
        raise ErasureRefused("Another manager of the team needs to confirm your own erasure.")


@transaction.atomic
def member_erase_for_them(*, member: Membership, manager: Membership) -> Membership:
    """A manager erases a member in one step, keeping their little miracles as "a former member".
    Only for someone in no other team: a manager speaks for their own team, not another's."""
    if Membership.objects.filter(user_id=member.user_id).exclude(pk=member.pk).exists():
        raise ErasureRefused(
            "This person is part of another team too, so only they can ask for their whole account "
            "to be erased, from their own settings."
        )
    _check_confirmer(member, manager)
    request = erasure_request(member=member, requested_by=manager, keep_successes=True)
    return member_erase(request=request, confirmed_by=manager)


@transaction.atomic
def member_erase(*, request: ErasureRequest, confirmed_by: Membership) -> Membership:
    """Carry out an erasure a manager of the team confirms: the person's account and personal
    texts go, in every team they were part of; what the team needs to keep its record whole stays,
    pointing at a tombstone that names nobody (docs/adr/0007-erasure.md). Returns the tombstone
    membership in the confirming manager's team."""
    member = request.member
    _check_confirmer(member, confirmed_by)
    user = User.objects.select_for_update().get(pk=member.user_id)
    theirs = Membership.objects.filter(user=user)
    names = {user.username.lower(), user.email.lower()} - {""}

    # Private and personal texts: gone.
    Reflection.objects.filter(author__in=theirs).delete()
    LeadershipReflection.objects.filter(leader__in=theirs).delete()
    # A supervisee's sessions are their record; a supervisor's stay with the supervisee, whose
    # record they are, with the supervisor shown as a former member.
    SupervisionSession.objects.filter(supervisee__in=theirs).delete()
    SupervisionRecord.objects.filter(supervisee__in=theirs).delete()
    FeedbackRequest.objects.filter(worker__in=theirs).delete()
    ThankYou.objects.filter(Q(sender__in=theirs) | Q(recipient__in=theirs)).delete()
    Asset.objects.filter(owner__in=theirs).delete()
    Question.objects.filter(Q(sender__in=theirs) | Q(recipient__in=theirs)).delete()
    LeadRole.objects.filter(holder__in=theirs).update(holder=None)
    ResourceRating.objects.filter(member__in=theirs).update(comment="")
    # How a rule feels: as with ratings, an open rule's answers go; a closed one's stay as counted.
    RuleAnswer.objects.filter(member__in=theirs, rule__answers_closed_at__isnull=True).delete()
    if not request.keep_successes:
        Success.objects.filter(author__in=theirs).delete()
        Success.helpers.through.objects.filter(membership__in=theirs).delete()

    # Ratings: an open round's still change, so they go; a closed round's are the team's results
    # and stay exactly as they were counted, notes included, linked only to the tombstone. Taking
    # the notes out would show anyone comparing the results before and after which were theirs.
    BenchmarkRating.objects.filter(member__in=theirs, round__closed_at__isnull=True).delete()

    # Made PDFs may print their name (a co-lead, a story's author): made again when next asked.
    teams = theirs.values("team_id")
    TripReport.objects.filter(cycle__team__in=teams).delete()
    MonthlyReport.objects.filter(team__in=teams).delete()

    # Records that carry their sign-in name or email address.
    PasswordResetCode.objects.filter(user=user).delete()
    if user.email:
        Invitation.objects.filter(email__iexact=user.email).delete()
    typed_as = Q()
    for name in names:
        typed_as |= Q(username__iexact=name)
    for log in (AccessAttempt, AccessLog, AccessFailureLog):
        log.objects.filter(typed_as).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()

    # Kept page parts (a dashboard's names among them) are drawn again, without them.
    team_cache_forget(theirs.values_list("team_id", flat=True))

    now = timezone.now()
    ErasureRequest.objects.filter(member__in=theirs).delete()
    theirs.update(
        left_at=Coalesce("left_at", now), erased_at=now, digest_opt_out=True, monthly_report_opt_in=False
    )
    user.username = f"erased-{secrets.token_hex(12)}"
    user.email = user.first_name = user.last_name = ""
    user.display_name = FORMER_MEMBER
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.save()
    member.refresh_from_db()
    AuditEvent.objects.record(actor=confirmed_by, action=AuditAction.ERASED, subject=member)
    return member
