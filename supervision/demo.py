"""Fictional supervision data for the demo (`make run`): reflections, confirmed sessions, a
feedback request answered with its cards and closed, and one still taking answers; the manager's
last three months of leadership reflections and a listening window half-way through, so each demo
sign-in sees what their role may see. Called by the demo loader once per team; writes nothing
for a team that already has supervision sessions."""

import datetime as dt
import random

from django.utils import timezone

from supervision import services
from supervision.leading import BEHAVIOUR_SLUGS, PULSE_SLUGS
from supervision.models import FeedbackRequest, Reflection, SupervisionSession
from supervision.questions import QUESTION_SLUGS
from supervision.tips import TIP_SLUGS
from teams.models import Membership, Team

WENT_WELL = (
    "We planned a bus trip to the library together and they chose the day.",
    "They told me about their old football team and lit up.",
    "I waited, and they found their own words for what happened.",
    "They showed me the coping plan they wrote themselves.",
    "",
)
NOTES = {
    "went_well": "I asked what mattered to them first, and the plan came from there.",
    "was_hard": "Staying hopeful on a day when everything felt stuck.",
    "try_next": "Ask about friends and places outside the ward at the start.",
}
GOALS = "Ask about one thing outside services at every first meeting\nShare a recovery story in team meeting"
LEADING_TRIES = (
    "Thank people by name at the end of every handover.",
    "Ask for ideas about the visiting rule before saying what I think.",
    "Keep Friday lunchtime free to sit with the team.",
)
FEEDBACK_COMMENTS = (
    "They never rush me.",
    "I feel like they believe I can get there.",
    "",
    "Kind and honest.",
)


def load_supervision(team: Team) -> None:
    if SupervisionSession.objects.filter(team=team).exists():
        return
    staff = list(Membership.objects.staff().filter(team=team).order_by("user__username"))
    if len(staff) < 2:
        return
    supervisors = [m for m in staff if m.is_manager] or staff[:1]
    rng = random.Random(team.slug)  # the same demo every time
    today = timezone.localdate()
    for member in staff:
        for days_ago in (2, 9, 17, 30):
            reflection = services.reflection_create(
                author=member,
                tips=rng.sample(TIP_SLUGS, k=rng.randint(1, 4)),
                went_well=rng.choice(WENT_WELL),
            )
            Reflection.objects.filter(pk=reflection.pk).update(
                created_at=timezone.now() - dt.timedelta(days=days_ago)
            )
    for index, supervisee in enumerate(m for m in staff if m not in supervisors):
        supervisor = supervisors[index % len(supervisors)]
        for weeks_ago in (10, 4):
            session = services.session_create(
                recorded_by=supervisor,
                supervisor=supervisor,
                supervisee=supervisee,
                held_on=today - dt.timedelta(weeks=weeks_ago, days=index),
                tips=rng.sample(TIP_SLUGS, k=2),
            )
            services.session_record(
                session=session, notes={tip.tip: NOTES for tip in session.tips.all()}, agreed_goals=GOALS
            )
            services.session_confirm(session=session, member=supervisee)
    worker = next((m for m in staff if m not in supervisors), staff[0])
    # One request answered through its cards and closed, so the worker sees results; and one
    # still taking answers, with cards ready for the manager to print.
    answered = services.feedback_request_create(worker=worker, closes_on=today + dt.timedelta(days=3))
    for card, comment in zip(
        services.feedback_cards_make(request=answered, count=len(FEEDBACK_COMMENTS)),
        FEEDBACK_COMMENTS,
        strict=True,
    ):
        services.feedback_answer(
            card=card,
            scores={slug: rng.randint(3, 5) for slug in rng.sample(QUESTION_SLUGS, k=9)},
            comment=comment,
        )
    services.feedback_request_close(request=answered)
    collecting = services.feedback_request_create(worker=worker, closes_on=today + dt.timedelta(days=14))
    services.feedback_cards_make(request=collecting, count=6)

    load_leading(team, staff, rng)


def load_leading(team: Team, staff: list[Membership], rng: random.Random) -> None:
    """The first manager's reflections for this month and the two before, growing a little more
    confident, and a listening window opened a week ago that two members have answered so far."""
    leader = next((m for m in staff if m.is_manager), None)
    if leader is None:
        return
    month = services.month_start(timezone.localdate())
    # Newest first: more "often" this month than two months ago.
    for months_ago, ((least, most), try_next) in enumerate(
        zip(((2, 3), (1, 3), (1, 2)), LEADING_TRIES, strict=True)
    ):
        services.leadership_reflection_save(
            leader=leader,
            month=month,
            how_often={slug: rng.randint(least, most) for slug in BEHAVIOUR_SLUGS},
            note="",
            try_next=try_next,
            bring_to_supervision=months_ago == 0,
        )
        month = services.month_start(month - dt.timedelta(days=1))
    window = services.listening_window_open(
        leader=leader, closes_on=timezone.localdate() + dt.timedelta(days=7)
    )
    FeedbackRequest.objects.filter(pk=window.pk).update(created_at=timezone.now() - dt.timedelta(days=7))
    for member in [m for m in Membership.objects.active().filter(team=team) if m != leader][:2]:
        services.pulse_answer(
            window=window, member=member, scores={slug: rng.randint(3, 5) for slug in PULSE_SLUGS}, comment=""
        )
