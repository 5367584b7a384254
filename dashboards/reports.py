"""The monthly story report: a month's numbers beside its snippets, as a PDF made by Celery, and
emailed on the 1st to the managers who asked for it.

The email is exactly once per manager, team and month, by construction, as the weekly digest is
(docs/adr/0003): recovery_culture/lib/delivery.py sends each manager's email inside its own
transaction, after claiming that manager's MonthlyReportDelivery row, whose unique constraint a
second beat, a retry or a second worker cannot get past. Only counts and snippets go in: never
anything said in supervision, and stories go out without anyone's name."""

import datetime as dt

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from dashboards import queries
from dashboards.models import MonthlyReport, MonthlyReportDelivery
from recovery_culture.lib import delivery
from recovery_culture.lib.charts import bar_chart
from recovery_culture.lib.emails import make_message
from recovery_culture.lib.pdf import render_pdf
from successes.models import Success
from teams.models import Membership, Role, Team


def previous_month(today: dt.date) -> dt.date:
    """The first day of the month before `today`'s."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def pdf_filename(team: Team, month: dt.date) -> str:
    return MonthlyReport(team=team, month=month).filename


def story_report_pdf(team: Team, month: dt.date, stories: list[Success]) -> bytes:
    """The one way the report's PDF is made, for the page's download and the email alike."""
    report = queries.story_report(team, month, stories)
    chart = bar_chart(
        "Little miracles per week",
        [(f"{w.week_start.day} {w.week_start:%b}", w.successes) for w in report.weeks],
        chart_id="chart-successes",
        series=True,
    )
    return render_pdf("dashboards/report_pdf.jinja", {"report": report, "chart": chart})


# --- Made on request, from the report page ---


@transaction.atomic
def monthly_report_request(
    *, team: Team, month: dt.date, stories: list[Success], requested_by: Membership
) -> MonthlyReport:
    report = MonthlyReport.objects.create(team=team, month=month, requested_by=requested_by)
    report.stories.set(stories)
    # Imported here: tasks import this module.
    from dashboards.tasks import build_monthly_report

    transaction.on_commit(lambda: build_monthly_report.delay(report.pk))
    return report


def _chosen(report: MonthlyReport) -> list[Success]:
    # A story a manager hid after choosing it stays out of the report.
    return list(report.stories.shown().order_by("created_at", "id"))


def monthly_report_build(*, report: MonthlyReport) -> MonthlyReport:
    report.pdf = story_report_pdf(report.team, report.month, _chosen(report))
    report.ready_at = timezone.now()
    report.save(update_fields=["pdf", "ready_at"])
    return report


# --- Emailed on the 1st to the managers who opted in ---


class MonthlyReportNotComplete(Exception):
    """Some managers' reports could not be sent. Their claims were rolled back, so running the
    same month again sends exactly those."""


def report_recipients() -> QuerySet[Membership]:
    """Managers still in the team, with an email address, who asked for the monthly report."""
    return (
        Membership.objects.active()
        .filter(role=Role.MANAGER, monthly_report_opt_in=True, user__is_active=True)
        .exclude(user__email="")
    )


def _awaiting(month: dt.date) -> QuerySet[Membership]:
    return delivery.awaiting(report_recipients(), MonthlyReportDelivery.objects.filter(month=month))


def teams_awaiting_report(month: dt.date) -> QuerySet[Team]:
    """Teams with at least one manager still waiting for that month's report (one query)."""
    return Team.objects.filter(Exists(_awaiting(month).filter(team=OuterRef("pk"))))


def stories_for_email(team: Team, month: dt.date) -> list[Success]:
    """The stories a manager last chose for the month, if one made its report; else all its
    snippets."""
    chosen = team.monthly_reports.filter(month=month, ready_at__isnull=False).first()
    if chosen is not None:
        return _chosen(chosen)
    return list(queries.month_snippets(team, month))


def monthly_report_send(*, team: Team, month: dt.date) -> int:
    """Email the team's report for `month` to every opted-in manager who has not had it; return
    how many were sent now. Exactly once each (recovery_culture/lib/delivery.py), so it must run
    in autocommit: a task or a command, like the weekly digest."""
    members = list(_awaiting(month).filter(team=team).select_related("user").order_by("pk"))
    if not members:
        return 0
    stories = stories_for_email(team, month)
    figures = queries.story_report(team, month, stories).figures
    pdf = story_report_pdf(team, month, stories)
    context = {"team": team, "month": month, "figures": figures, "stories": stories}

    def claim(member: Membership) -> None:
        MonthlyReportDelivery.objects.create(team_id=member.team_id, month=month, member=member)

    def message(member: Membership) -> EmailMessage:
        email = make_message("monthly_report", member.user.email, {**context, "member": member})
        email.attach(pdf_filename(team, month), pdf, "application/pdf")
        return email

    which = f"{team.slug}, {month:%B %Y}"
    done = delivery.send_once_each(members, claim=claim, message=message, label=f"Monthly report for {which}")
    if done.failed:
        raise MonthlyReportNotComplete(
            f"{done.failed} of {len(members)} monthly reports for {which}, could not be sent"
        )
    return done.sent
