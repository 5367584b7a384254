import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recovery_culture.celery import app as celery_app
from supervision.models import SupervisionRecord
from supervision.services import supervision_record_build
from supervision.tasks import build_supervision_record
from supervision.tests.factories import SupervisionSessionFactory
from teams.models import AuditAction, AuditEvent

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def tasks_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert celery_app.conf.task_always_eager


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_supervisee_asks_for_their_record_and_downloads_it(
    client_for, colleague, supervision, django_capture_on_commit_callbacks
):
    client = client_for(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("record_new"))
    record = SupervisionRecord.objects.get()
    assert record.supervisee == colleague
    assert response["Location"] == url("record", pk=record.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Your record is ready." in page
    download = client.get(url("record_download", pk=record.pk))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment;" in download["Content-Disposition"]
    text = pdf_text(download.content)
    assert "Supervision record: Priya" in text
    assert "Noticed their cooking skills" in text
    assert "Secret goal words" in text


def test_the_record_holds_only_sessions_where_they_were_supervised(staff, colleague, supervision):
    SupervisionSessionFactory(supervisor=colleague, supervisee=staff, agreed_goals="Sam's own goals")
    record = SupervisionRecord.objects.create(supervisee=colleague)
    text = pdf_text(bytes(supervision_record_build(record=record).pdf))
    assert "Secret goal words" in text
    assert "Sam's own goals" not in text


def test_while_it_is_being_made_the_page_polls_with_htmx(client_for, colleague):
    record = SupervisionRecord.objects.create(supervisee=colleague)
    client = client_for(colleague)
    page = client.get(url("record", pk=record.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Your record is being made." in page
    fragment = client.get(url("record", pk=record.pk), **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="record-status"')
    assert "<html" not in fragment
    download = client.get(url("record_download", pk=record.pk), follow=True)
    assert "Your record is not ready yet." in download.content.decode()

    build_supervision_record(record.pk)
    ready = client.get(url("record", pk=record.pk), **HTMX).content.decode()
    assert "Download my record (PDF)" in ready
    assert "hx-trigger" not in ready


def test_a_record_that_could_not_be_made_says_so_kindly(client_for, colleague, monkeypatch):
    record = SupervisionRecord.objects.create(supervisee=colleague)
    monkeypatch.setattr("supervision.services.render_pdf", lambda *args: 1 / 0)
    assert build_supervision_record(record.pk) is False
    page = client_for(colleague).get(url("record", pk=record.pk)).content.decode()
    assert "we could not make your record this time" in page


def test_a_second_delivery_of_the_task_does_nothing(colleague, supervision):
    record = SupervisionRecord.objects.create(supervisee=colleague)
    assert build_supervision_record(record.pk) is True
    record.refresh_from_db()
    first = record.ready_at
    assert build_supervision_record(record.pk) is False
    record.refresh_from_db()
    assert record.ready_at == first
    assert build_supervision_record(999999) is False


def test_an_empty_record_says_there_is_nothing_yet(other_staff):
    record = SupervisionRecord.objects.create(supervisee=other_staff)
    assert "There are no supervision sessions to show yet." in pdf_text(
        bytes(supervision_record_build(record=record).pdf)
    )


@pytest.mark.parametrize(
    ("name", "method"), [("record_new", "get"), ("record", "post"), ("record_download", "post")]
)
def test_wrong_method_is_refused(client_for, colleague, name, method):
    record = SupervisionRecord.objects.create(
        supervisee=colleague, ready_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    )
    kwargs = {} if name == "record_new" else {"pk": record.pk}
    assert getattr(client_for(colleague), method)(url(name, **kwargs)).status_code == 405


def test_a_download_is_noted_once_in_the_audit_trail_without_its_words(
    client_for, colleague, supervision, django_capture_on_commit_callbacks
):
    client = client_for(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("record_new"))
    record = SupervisionRecord.objects.get()
    assert not AuditEvent.objects.exists()  # asking for it is not yet printing it

    client.get(url("record_download", pk=record.pk))

    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject) == (colleague, AuditAction.PRINTED, colleague)
    assert event.detail == "Supervision record"
    assert "Secret goal words" not in event.detail and "cooking" not in event.detail


def test_a_record_not_ready_is_not_noted_as_printed(client_for, colleague):
    record = SupervisionRecord.objects.create(supervisee=colleague)
    client_for(colleague).get(url("record_download", pk=record.pk))
    assert not AuditEvent.objects.exists()
