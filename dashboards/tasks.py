"""Celery tasks for the monthly story report. Thin: ids in, a service called, retries as
recovery_culture/lib/tasks.py declares them.

Emails are safe to deliver at least once: the service claims a row per manager and month before
sending (docs/adr/0003)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from dashboards import reports
from dashboards.models import MonthlyReport
from recovery_culture.lib.tasks import DATABASE_RETRY, SMTP_RETRY, pdf_build, queue_for_teams, send_for_team
from teams.models import Team


@shared_task(**DATABASE_RETRY)
def build_monthly_report(self, report_id: int) -> bool:
    return pdf_build(
        self,
        MonthlyReport.objects.select_related("team"),
        report_id,
        lambda report: reports.monthly_report_build(report=report),
        "monthly report",
    )


@shared_task
def queue_monthly_reports() -> int:
    """Beat, on the 1st: one send task per team with a manager waiting for last month's report."""
    month = reports.previous_month(timezone.localdate())
    due = [(team, month.isoformat()) for team in reports.teams_awaiting_report(month)]
    return queue_for_teams(send_monthly_report, due, "monthly report")


@shared_task(**SMTP_RETRY)
def send_monthly_report(self, team_id: int, month_iso: str) -> int:
    month = dt.date.fromisoformat(month_iso)
    return send_for_team(
        self,
        Team.objects.all(),
        team_id,
        lambda team: reports.monthly_report_send(team=team, month=month),
        f"monthly report for {month:%B %Y}",
    )
