"""The monthly story report made by Celery: choosing the stories, the page that waits for the PDF,
what the PDF holds, and who may see it."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dashboards import queries
from dashboards.models import MonthlyReport
from dashboards.tasks import build_monthly_report
from recovery_culture.celery import app as celery_app
from supervision.tests.factories import (
    FeedbackRequestFactory,
    ReflectionFactory,
    SupervisionSessionFactory,
    answer_feedback,
)
from teams.models import AuditAction, AuditEvent
from tests.factories import SuccessFactory, ThankYouFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
SECRET = "Zebra-crossing confidences 7731"


@pytest.fixture(autouse=True)
def tasks_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert celery_app.conf.task_always_eager


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def this_month(today):
    return today.replace(day=1)


def _url(name, **kwargs):
    return reverse(f"dashboard:{name}", kwargs={"team": "willow-ward", **kwargs})


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _report(manager, month, stories=()):
    report = MonthlyReport.objects.create(team=manager.team, month=month, requested_by=manager)
    report.stories.set(stories)
    return report


def test_report_page_offers_the_months_snippets(client_for, manager, staff, today, this_month):
    SuccessFactory(author=staff, text="Shared beyond the team: a walk by the river", share_beyond_team=True)
    SuccessFactory(author=staff, text="Kept within the team", share_beyond_team=False)
    SuccessFactory(
        author=staff,
        text="Shared last month",
        share_beyond_team=True,
        created_at=queries.month_begin(today) - dt.timedelta(hours=1),
    )

    page = client_for(manager).get(_url("report")).content.decode()

    assert "a walk by the river" in page
    assert "Kept within the team" not in page
    assert "Shared last month" not in page
    assert f'action="{_url("report_new")}"' in page
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    earlier = client_for(manager).get(_url("report"), {"month": last_month.isoformat()}).content.decode()
    assert "Shared last month" in earlier
    assert "a walk by the river" not in earlier


def test_the_manager_makes_the_report_and_downloads_it(
    client_for, manager, staff, colleague, this_month, today, django_capture_on_commit_callbacks
):
    chosen = SuccessFactory(
        author=staff, text="Helped Ruth find a choir that meets on Tuesdays", share_beyond_team=True
    )
    SuccessFactory(author=staff, text="Another snippet not chosen", share_beyond_team=True)
    ThankYouFactory(sender=staff, recipient=colleague)
    SupervisionSessionFactory(
        supervisor=manager, supervisee=staff, held_on=today, preparation=SECRET, agreed_goals=SECRET
    )
    ReflectionFactory(author=colleague, went_well=SECRET)
    answer_feedback(FeedbackRequestFactory(worker=staff), comment=SECRET)
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_new"), {"month": this_month.isoformat(), "story": [chosen.pk]})

    report = MonthlyReport.objects.get()
    assert (report.team, report.month, report.requested_by) == (manager.team, this_month, manager)
    assert list(report.stories.all()) == [chosen]
    assert response["Location"] == _url("report_status", pk=report.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Your report is ready." in page
    assert "hx-trigger" not in page
    download = client.get(_url("report_download", pk=report.pk))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="willow-ward-stories-{today:%Y-%m}.pdf"'
    text = pdf_text(download.content)
    assert "Helped Ruth find a choir" in text
    assert "Another snippet not chosen" not in text
    assert "Little miracles shared 2" in text  # a figure
    assert "Thank-yous 1" in text
    monday = today - dt.timedelta(days=today.weekday())
    assert f"2 {monday.day} {monday:%b}" in text  # the chart's bar for this week, drawn in the PDF
    assert "Sam" not in text  # stories go out without names
    assert SECRET not in text
    assert "Zebra" not in text
    # Handing it out is noted once in the audit trail, with the month and no story in it.
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action) == (manager, AuditAction.PRINTED)
    assert event.detail == f"Monthly story report, {this_month:%B %Y}"


def test_while_it_is_being_made_the_page_polls_with_htmx(client_for, manager, this_month):
    report = _report(manager, this_month)
    client = client_for(manager)

    page = client.get(_url("report_status", pk=report.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Your report is being made." in page
    fragment = client.get(_url("report_status", pk=report.pk), **HTMX)
    assert "HX-Request" in fragment["Vary"]
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="report-status"')
    assert "<html" not in html
    early = client.get(_url("report_download", pk=report.pk), follow=True)
    assert "The report is not ready yet." in early.content.decode()

    assert build_monthly_report(report.pk) is True
    ready = client.get(_url("report_status", pk=report.pk), **HTMX).content.decode()
    assert "Download the report (PDF)" in ready
    assert "hx-trigger" not in ready
    assert build_monthly_report(report.pk) is False  # a second delivery does nothing


def test_a_report_that_could_not_be_made_offers_to_try_again(
    client_for, manager, staff, this_month, monkeypatch
):
    story = SuccessFactory(author=staff, share_beyond_team=True)
    report = _report(manager, this_month, [story])
    monkeypatch.setattr("dashboards.reports.render_pdf", lambda *args: 1 / 0)

    assert build_monthly_report(report.pk) is False

    report.refresh_from_db()
    assert report.failed_at is not None and report.pdf is None
    html = client_for(manager).get(_url("report_status", pk=report.pk), **HTMX).content.decode()
    assert "Sorry, we could not make the report this time." in html
    assert "Try again" in html
    assert "hx-trigger" not in html
    assert f'action="{_url("report_new")}"' in html
    assert f'name="story" value="{story.pk}"' in html
    assert f'name="month" value="{this_month.isoformat()}"' in html


@pytest.mark.parametrize(
    "data",
    [{"month": "1999-01-01"}, {"month": "not a month"}, {}, {"month": "THIS", "story": ["x"]}],
)
def test_a_bad_month_is_asked_again_kindly(client_for, manager, data):
    response = client_for(manager).post(_url("report_new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Choose one of the last 12 months" in page or "Please choose again" in page
    assert not MonthlyReport.objects.exists()


def test_stories_from_elsewhere_are_refused(client_for, manager, staff, this_month):
    elsewhere = SuccessFactory(text="Another team's snippet", share_beyond_team=True)
    not_shared = SuccessFactory(author=staff, text="Not shared", share_beyond_team=False)
    for story in (elsewhere, not_shared):
        response = client_for(manager).post(
            _url("report_new"), {"month": this_month.isoformat(), "story": [story.pk]}
        )
        assert response.status_code == 200
        assert "not a snippet from that month" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_another_teams_report_is_not_found(client_for, manager, outsider, this_month):
    theirs = _report(outsider, this_month)
    build_monthly_report(theirs.pk)
    client = client_for(manager)
    assert client.get(_url("report_status", pk=theirs.pk)).status_code == 404
    assert client.get(_url("report_download", pk=theirs.pk)).status_code == 404


@pytest.mark.parametrize("role", ["staff", "service_user", "supporter", "partner"])
def test_report_is_for_managers_only(client_for, manager, this_month, role, request):
    member = request.getfixturevalue(role)
    report = _report(manager, this_month)
    client = client_for(member)
    for name, kwargs in [
        ("report", {}),
        ("report_status", {"pk": report.pk}),
        ("report_download", {"pk": report.pk}),
    ]:
        assert client.get(_url(name, **kwargs)).status_code == 403
    for name in ("report_new", "report_email"):
        assert client.post(_url(name), {"month": this_month.isoformat()}).status_code == 403


def test_report_refuses_outsiders_anonymous_and_wrong_methods(
    client, client_for, outsider, manager, this_month
):
    report = _report(manager, this_month)
    gets = [_url("report"), _url("report_status", pk=report.pk), _url("report_download", pk=report.pk)]
    posts = [_url("report_new"), _url("report_email")]
    for address in gets + posts:
        assert client_for(outsider).get(address).status_code in (404, 405)
        assert client_for(outsider).post(address).status_code in (404, 405)
    for address in gets:
        assert client.get(address)["Location"].startswith("/sign-in/")
        assert client_for(outsider).get(address).status_code == 404
        assert client_for(manager).post(address).status_code == 405
    for address in posts:
        assert client.post(address)["Location"].startswith("/sign-in/")
        assert client_for(outsider).post(address).status_code == 404
        assert client_for(manager).get(address).status_code == 405


# --- The opt-in, on the settings page ---


def test_a_manager_opts_in_to_the_monthly_email_from_settings(client_for, manager):
    client = client_for(manager)
    settings_page = client.get(reverse("teams:settings", kwargs={"team": "willow-ward"})).content.decode()
    assert "Email me the monthly story report" in settings_page
    assert f'action="{_url("report_email")}"' in settings_page

    response = client.post(_url("report_email"), {"monthly_report": "on"}, follow=True)
    manager.refresh_from_db()
    assert manager.monthly_report_opt_in is True
    assert "We will email you the story report on the 1st of each month." in response.content.decode()

    response = client.post(_url("report_email"), {}, follow=True)
    manager.refresh_from_db()
    assert manager.monthly_report_opt_in is False
    assert "We will not email you the monthly story report." in response.content.decode()


def test_the_monthly_email_choice_is_only_for_managers_with_an_email(client_for, manager, staff):
    settings_url = reverse("teams:settings", kwargs={"team": "willow-ward"})
    assert "monthly story report" not in client_for(staff).get(settings_url).content.decode()
    manager.user.email = ""
    manager.user.save()
    page = client_for(manager).get(settings_url).content.decode()
    assert "Add an email address" in page
    client_for(manager).post(_url("report_email"), {"monthly_report": "on"})
    manager.refresh_from_db()
    assert manager.monthly_report_opt_in is False


def test_the_months_snippets_start_chosen(client_for, manager, staff, this_month):
    snippet = SuccessFactory(author=staff, text="A walk by the river", share_beyond_team=True)
    page = client_for(manager).get(_url("report"), {"month": this_month.isoformat()}).content.decode()
    [box] = re.findall(rf'<input[^>]*value="{snippet.pk}"[^>]*>', page)
    assert 'name="story"' in box and "checked" in box


def test_no_story_chosen_asks_first_and_then_makes_the_numbers_only_report(
    client_for, manager, staff, this_month, django_capture_on_commit_callbacks
):
    snippet = SuccessFactory(author=staff, text="A walk by the river", share_beyond_team=True)
    client = client_for(manager)

    response = client.post(_url("report_new"), {"month": this_month.isoformat()})

    page = response.content.decode()
    assert response.status_code == 200
    assert "No stories chosen" in page
    assert "Make it without stories" in page
    assert "<title>Error:" not in page
    [box] = re.findall(rf'<input[^>]*value="{snippet.pk}"[^>]*>', page)
    assert "checked" not in box  # what they chose (nothing) is kept, not chosen again for them
    assert not MonthlyReport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(_url("report_new"), {"month": this_month.isoformat(), "without_stories": "on"})
    report = MonthlyReport.objects.get()
    assert made["Location"] == _url("report_status", pk=report.pk)
    assert not report.stories.exists()
    text = pdf_text(client.get(_url("report_download", pk=report.pk)).content)
    assert "No stories were chosen" not in text
    assert "This month's report has the numbers only." in text


def test_a_month_without_snippets_says_so_once_and_makes_the_report(client_for, manager, this_month):
    client = client_for(manager)
    page = client.get(_url("report")).content.decode()
    assert "No little miracles were shared as snippets" in page
    assert 'name="without_stories" value="on"' in page
    client.post(_url("report_new"), {"month": this_month.isoformat(), "without_stories": "on"})
    assert MonthlyReport.objects.exists()
