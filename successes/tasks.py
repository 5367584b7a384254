"""Celery tasks for little miracles. Thin: ids in, a service called, retries as
recovery_culture/lib/tasks.py declares them.

Delivery of a task is at-least-once (late acks, retries), which is safe because the digest
service claims a row per member before sending (docs/adr/0003)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from recovery_culture.lib.tasks import SMTP_RETRY, queue_for_teams, send_for_team
from successes.digests import teams_due_for_digest, weekly_digest_send
from teams.models import Team


@shared_task
def queue_due_weekly_digests() -> int:
    """Beat, every quarter hour: one send task per team whose meeting has come this week."""
    due = teams_due_for_digest(timezone.now())
    return queue_for_teams(
        send_weekly_digest, [(team, week.isoformat()) for team, week in due], "weekly digest"
    )


@shared_task(**SMTP_RETRY)
def send_weekly_digest(self, team_id: int, week_start_iso: str) -> int:
    week_start = dt.date.fromisoformat(week_start_iso)
    return send_for_team(
        self,
        Team.objects.all(),
        team_id,
        lambda team: weekly_digest_send(team=team, week_start=week_start),
        f"weekly digest for the week of {week_start_iso}",
    )
