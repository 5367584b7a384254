"""The monthly story report email: only managers who asked for it, exactly once per manager, team
and month, with last month's snippets (or the ones a manager chose) and the PDF attached."""

import datetime as dt
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from dashboards import queries
from dashboards.models import MonthlyReport, MonthlyReportDelivery
from dashboards.reports import (
    MonthlyReportNotComplete,
    monthly_report_build,
    monthly_report_send,
    previous_month,
)
from dashboards.tasks import queue_monthly_reports
from recovery_culture.celery import app as celery_app
from supervision.tests.factories import ReflectionFactory, SupervisionSessionFactory
from teams.models import Role
from tests.factories import MembershipFactory, SuccessFactory, ThankYouFactory, UserFactory

SECRET = "Zebra-crossing confidences 7731"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert celery_app.conf.task_always_eager


@pytest.fixture
def month():
    return previous_month(timezone.localdate())


@pytest.fixture
def in_month(month):
    """A moment in the middle of last month."""
    return queries.month_begin(month) + dt.timedelta(days=10, hours=14)


@pytest.fixture
def opted_in(manager):
    manager.monthly_report_opt_in = True
    manager.save()
    return manager


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_opted_in_managers_with_an_email_get_last_months_report(
    ward, opted_in, staff, colleague, service_user, month, in_month
):
    SuccessFactory(
        author=staff, text="Ruth joined the allotment group", share_beyond_team=True, created_at=in_month
    )
    SuccessFactory(author=staff, text="Kept within the team", created_at=in_month)
    SuccessFactory(author=staff, text="Shared this month, not last", share_beyond_team=True)
    ThankYouFactory(sender=staff, recipient=colleague, created_at=in_month)
    SupervisionSessionFactory(supervisor=opted_in, supervisee=staff, preparation=SECRET, agreed_goals=SECRET)
    ReflectionFactory(author=colleague, went_well=SECRET)
    # Not sent: a manager who did not opt in, one without an email, one who left, and staff who
    # opted in somehow (the choice is only offered to managers).
    MembershipFactory(team=ward, role=Role.MANAGER, user=UserFactory(email="not.opted@example.test"))
    MembershipFactory(team=ward, role=Role.MANAGER, monthly_report_opt_in=True, user=UserFactory(email=""))
    left = MembershipFactory(team=ward, role=Role.MANAGER, monthly_report_opt_in=True)
    left.leave()
    staff.monthly_report_opt_in = True
    staff.save()

    assert queue_monthly_reports() == 1

    assert [m.to for m in mail.outbox] == [[opted_in.user.email]]
    message = mail.outbox[0]
    assert message.subject == f"Willow Ward: stories and numbers for {month:%B %Y}"
    assert "Ruth joined the allotment group" in message.body
    assert "Little miracles shared: 2" in message.body
    assert "Thank-yous: 1" in message.body
    assert "Kept within the team" not in message.body
    assert "Shared this month, not last" not in message.body
    html = message.alternatives[0][0]
    assert "Ruth joined the allotment group" in html
    for body in (message.body, html):
        assert SECRET not in body
        assert "Sam" not in body  # stories without names
    (filename, pdf, mimetype) = message.attachments[0]
    assert (filename, mimetype) == (f"willow-ward-stories-{month:%Y-%m}.pdf", "application/pdf")
    text = pdf_text(pdf)
    assert "Ruth joined the allotment group" in text
    assert "Little miracles shared 2" in text
    assert SECRET not in text and "Sam" not in text
    assert list(MonthlyReportDelivery.objects.values_list("member", "month")) == [(opted_in.pk, month)]


def test_the_stories_a_manager_chose_are_the_ones_emailed(ward, opted_in, staff, month, in_month):
    chosen = SuccessFactory(
        author=staff, text="The chosen story", share_beyond_team=True, created_at=in_month
    )
    SuccessFactory(author=staff, text="The story left out", share_beyond_team=True, created_at=in_month)
    report = MonthlyReport.objects.create(team=ward, month=month, requested_by=opted_in)
    report.stories.set([chosen])
    monthly_report_build(report=report)

    assert monthly_report_send(team=ward, month=month) == 1

    body = mail.outbox[0].body
    assert "The chosen story" in body
    assert "The story left out" not in body


def test_running_twice_sends_nothing_new(ward, opted_in, month):
    assert monthly_report_send(team=ward, month=month) == 1
    assert monthly_report_send(team=ward, month=month) == 0
    assert queue_monthly_reports() == 0
    call_command("send_monthly_reports", "--team", "willow-ward", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert MonthlyReportDelivery.objects.count() == 1


def test_each_team_a_manager_runs_gets_its_own_report(ward, opted_in, outsider, month):
    outsider.monthly_report_opt_in = True
    outsider.save()
    also_oak = MembershipFactory(
        team=outsider.team, user=opted_in.user, role=Role.MANAGER, monthly_report_opt_in=True
    )

    assert queue_monthly_reports() == 2

    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        f"Oak Community Team: stories and numbers for {month:%B %Y}",
        f"Oak Community Team: stories and numbers for {month:%B %Y}",
        f"Willow Ward: stories and numbers for {month:%B %Y}",
    ]
    assert MonthlyReportDelivery.objects.filter(member=also_oak).count() == 1


class RefusingBackend(LocmemBackend):
    """The test outbox, refusing every recipient, as a mail server that is having a bad day."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such mailbox") for m in messages})


def test_a_failed_send_leaves_no_claim_and_is_sent_next_time(ward, opted_in, colleague, month, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(MonthlyReportNotComplete, match="1 of 1 monthly reports"):
        monthly_report_send(team=ward, month=month)
    assert not MonthlyReportDelivery.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert monthly_report_send(team=ward, month=month) == 1
    assert len(mail.outbox) == 1
    assert MonthlyReportDelivery.objects.count() == 1


def test_the_command_sends_last_month_by_default(ward, opted_in, month):
    out = io.StringIO()
    call_command("send_monthly_reports", stdout=out)
    assert f"Willow Ward (willow-ward), {month:%B %Y}: 1 email sent" in out.getvalue()
    out = io.StringIO()
    call_command("send_monthly_reports", stdout=out)
    assert "No manager is waiting" in out.getvalue()


def test_the_command_sends_an_earlier_month_by_hand(ward, opted_in, month):
    earlier = previous_month(month)
    call_command(
        "send_monthly_reports", "--team", "willow-ward", "--month", f"{earlier:%Y-%m}", stdout=io.StringIO()
    )
    assert MonthlyReportDelivery.objects.get().month == earlier


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--month", "last month"], "is not a month in the form YYYY-MM"),
        (["--month", "2026-13"], "is not a month in the form YYYY-MM"),
        (["--month", f"{timezone.localdate():%Y-%m}"], "is not over yet"),
        (["--month", "2999-01"], "is not over yet"),
        (["--team", "no-such-ward"], "There is no team 'no-such-ward'"),
    ],
)
def test_the_commands_argument_errors_are_kind(ward, args, says):
    with pytest.raises(CommandError, match=says):
        call_command("send_monthly_reports", *args)
