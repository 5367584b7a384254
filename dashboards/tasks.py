"""Celery tasks for the monthly story report. Thin: ids in, a service called, retries declared.

Emails are safe to deliver at least once: the service claims a row per manager and month before
sending (docs/adr/0003)."""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from dashboards import reports
from dashboards.models import MonthlyReport
from teams.models import Team

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def build_monthly_report(report_id: int) -> bool:
    report = MonthlyReport.objects.select_related("team").filter(pk=report_id).first()
    if report is None or report.is_ready:
        # Deleted meanwhile, or a second delivery of a task already done: nothing to do.
        return False
    try:
        reports.monthly_report_build(report=report)
    except Exception:
        # The same stories would fail the same way: say so on the page, and let the manager ask
        # again, rather than retry in a loop.
        logger.exception("Could not make monthly report %s", report_id)
        MonthlyReport.objects.filter(pk=report_id).update(failed_at=timezone.now())
        return False
    return True


@shared_task
def queue_monthly_reports() -> int:
    """Beat, on the 1st: one send task per team with a manager waiting for last month's report."""
    month = reports.previous_month(timezone.localdate())
    queued = 0
    for team in reports.teams_awaiting_report(month):
        try:
            send_monthly_report.delay(team.pk, month.isoformat())
        except Exception:
            # One team's trouble must not hold back the others; the next beat finds it waiting.
            logger.exception("Could not queue the monthly report for team %s, %s", team.slug, month)
        else:
            queued += 1
    return queued


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def send_monthly_report(self, team_id: int, month_iso: str) -> int:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        logger.info("Team %s no longer exists: no monthly report to send", team_id)
        return 0
    try:
        return reports.monthly_report_send(team=team, month=dt.date.fromisoformat(month_iso))
    except Exception:
        logger.exception(
            "Monthly report for team %s, %s failed (attempt %d of %d)",
            team.slug,
            month_iso,
            self.request.retries + 1,
            self.max_retries + 1,
        )
        raise
