"""The weekly little-miracles digest: which teams are due, and sending one team's digest.

Exactly once per member and week, by construction (docs/adr/0003): recovery_culture/lib/delivery.py
sends each member's email inside its own transaction, after claiming that member's DigestDelivery
row, whose unique constraint a second beat, a retry or a second worker cannot get past."""

import datetime as dt

from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from recovery_culture.lib import dates, delivery
from recovery_culture.lib.emails import make_message
from recovery_culture.lib.links import site_url
from successes.models import DigestDelivery
from successes.services import WallWeek, wall_week
from teams.models import Membership, Team

# Beat looks every quarter hour, so a meeting late on Sunday (or a worker restarting on Sunday
# evening) would otherwise let that week's digest slip into the next week unsent.
CATCH_UP = dt.timedelta(hours=6)


class DigestNotComplete(Exception):
    """Some members' digests could not be sent. Their claims were rolled back, so running the
    same digest again sends exactly those."""


def digest_recipients() -> QuerySet[Membership]:
    """Members who get the weekly digest: still in the team, with an email address, not opted out."""
    return (
        Membership.objects.active().filter(digest_opt_out=False, user__is_active=True).exclude(user__email="")
    )


def _awaiting(week_start: dt.date) -> QuerySet[Membership]:
    """Recipients who have not had the digest of the week starting on `week_start`."""
    return delivery.awaiting(digest_recipients(), DigestDelivery.objects.filter(week_start=week_start))


def teams_awaiting_digest(week_start: dt.date) -> QuerySet[Team]:
    """Teams with at least one recipient still waiting for that week's digest (one query)."""
    return Team.objects.filter(Exists(_awaiting(week_start).filter(team=OuterRef("pk"))))


def teams_due_for_digest(now: dt.datetime) -> list[tuple[Team, dt.date]]:
    """(team, week) pairs whose little-miracles meeting has come and whose digest is not all sent.

    Early on Monday last week is looked at too, for meetings that fell just before midnight."""
    today = timezone.localdate(now)
    this_week = dates.week_start(today)
    candidates = [(this_week, teams_awaiting_digest(this_week).filter(meeting_weekday__lte=today.weekday()))]
    if now - dates.week_bounds(this_week)[0] < CATCH_UP:
        last_week = this_week - dt.timedelta(days=7)
        candidates.append((last_week, teams_awaiting_digest(last_week)))
    return [
        (team, week_start)
        for week_start, teams in candidates
        for team in teams
        if team.meeting_at(week_start) <= now
    ]


def digest_shared(wall: WallWeek) -> dict:
    """What every member's digest of the week shares, drawn once for the team: each email adds
    only its greeting. The week's PDF is a link, not an attachment (docs/adr/0008)."""
    base = site_url()
    settings_url = base + reverse("teams:settings", kwargs={"team": wall.team.slug})
    shared = {"site_url": base, "wall": wall, "settings_url": settings_url}
    # Our own template, escaped as it was drawn, so it goes in as it is.
    shared["wall_html"] = Markup(render_to_string("emails/_weekly_digest_wall.html", shared))  # noqa: S704
    shared["wall_text"] = render_to_string("emails/_weekly_digest_wall.txt", shared)
    return shared


def weekly_digest_send(*, team: Team, week_start: dt.date) -> int:
    """Send the team's digest for the week to every recipient who has not had it; return how many
    were sent now. Exactly once each (recovery_culture/lib/delivery.py), so it must run in
    autocommit: a task or a command."""
    members = list(_awaiting(week_start).filter(team=team).select_related("user").order_by("pk"))
    if not members:
        return 0

    wall = wall_week(team, week_start)
    shared = digest_shared(wall)

    def claim(member: Membership) -> None:
        DigestDelivery.objects.create(team_id=member.team_id, week_start=week_start, member=member)

    def message(member: Membership) -> EmailMessage:
        return make_message("weekly_digest", member.user.email, {**shared, "member": member})

    which = f"{team.slug}, week of {week_start}"
    done = delivery.send_once_each(members, claim=claim, message=message, label=f"Weekly digest for {which}")
    if done.failed:
        raise DigestNotComplete(f"{done.failed} of {len(members)} digests for {which}, could not be sent")
    return done.sent
