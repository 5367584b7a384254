"""The TRIP report: a PDF of a cycle made by Celery, the page that waits for it, the charts it
shares with the results page, and who may ask for it."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from recovery_culture.celery import app as celery_app
from teams.models import AuditAction, AuditEvent, Role
from tests.factories import MembershipFactory
from trip import services
from trip.models import AssetKind, Theme, TripReport, Visibility
from trip.results import results_charts, round_results_with_change, trip_report_context
from trip.tasks import build_trip_report
from trip.tests.factories import (
    ActionFactory,
    AssetFactory,
    BenchmarkRatingFactory,
    BenchmarkRoundFactory,
    LeadRoleFactory,
    ProgressUpdateFactory,
    StatementFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def tasks_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert celery_app.conf.task_always_eager


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _rate(round, statement, role, *scores):
    for score in scores:
        BenchmarkRatingFactory(
            round=round,
            statement=statement,
            member=MembershipFactory(team=round.cycle.team, role=role),
            score=score,
        )


@pytest.fixture
def closed_round(cycle):
    return BenchmarkRoundFactory(cycle=cycle, name="Spring ratings", closed_at=timezone.now())


@pytest.fixture
def rated(ward, closed_round):
    """A statement rated by 3 staff and 3 people using the service, and one rated by too few."""
    statement = StatementFactory(team=ward, theme=Theme.CHOICE, text="People choose the groups they join.")
    _rate(closed_round, statement, Role.STAFF, 2, 3, 4)
    _rate(closed_round, statement, Role.SERVICE_USER, 4, 5, 5)
    lonely = StatementFactory(team=ward, theme=Theme.RISK, text="A statement only one person scored.")
    _rate(closed_round, lonely, Role.SUPPORTER, 1)
    return statement


@pytest.fixture
def full_cycle(cycle, rated, led_priority, staff, service_user, colleague, ward):
    AssetFactory(owner=staff, kind=AssetKind.LANGUAGE, title="Speaks Polish", visibility=Visibility.TEAM)
    AssetFactory(owner=service_user, kind=AssetKind.INTEREST, title="Gardening", visibility=Visibility.TEAM)
    AssetFactory(
        owner=colleague,
        kind=AssetKind.LIVED_EXPERIENCE,
        title="Secret lived experience",
        visibility=Visibility.MANAGER,
    )
    LeadRoleFactory(team=ward, title="Family, friends and carers lead", holder=colleague)
    ActionFactory(
        priority=led_priority, text="Read three letters from other teams", owner=staff, status="doing"
    )
    ProgressUpdateFactory(priority=led_priority, author=staff, text="The first draft is written.")
    return cycle


def test_any_member_asks_for_the_report_and_downloads_it(
    client_for, service_user, full_cycle, django_capture_on_commit_callbacks
):
    client = client_for(service_user)
    assert "Make the TRIP report" in client.get(url("cycle", pk=full_cycle.pk)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("report_new", pk=full_cycle.pk))
    report = TripReport.objects.get()
    assert (report.cycle, report.requested_by) == (full_cycle, service_user)
    assert response["Location"] == url("report", pk=report.pk)
    page = client.get(response["Location"]).content.decode()
    assert "The TRIP report is ready." in page
    assert "hx-trigger" not in page
    download = client.get(url("report_download", pk=report.pk))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment;" in download["Content-Disposition"]
    text = pdf_text(download.content)
    assert "TRIP report: Spring 2026" in text
    # A statement and its theme, a priority with both co-leads, an action and its status.
    assert "People choose the groups they join." in text
    assert "Choice" in text
    assert "A friendlier first letter" in text
    assert "Co-led by Sam and a person using the service" in text  # Alex did not choose to be named
    assert "Read three letters from other teams" in text and "Doing" in text
    assert "The first draft is written." in text
    # Assets shared with the team are counted by kind; lead roles name their holder.
    assert "Language or cultural knowledge" in text
    assert "Family, friends and carers lead" in text and "Priya" in text
    # The cycle page now offers the report that is ready.
    assert "Download the report made on" in client.get(url("cycle", pk=full_cycle.pk)).content.decode()
    # Handing it out is noted once in the audit trail, by name only.
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action, event.detail) == (
        service_user,
        AuditAction.PRINTED,
        "TRIP report, Spring 2026",
    )


def test_the_report_shows_only_what_everyone_in_the_team_may_see(full_cycle, manager):
    report = TripReport.objects.create(cycle=full_cycle, requested_by=manager)
    text = pdf_text(bytes(services.trip_report_build(report=report).pdf))
    assert "Secret lived experience" not in text
    assert "Lived experience" not in text  # not even counted: it was shared with the manager only
    assert "shared 2 things" in text
    # A statement only one person scored is not shown; no one's own answers are.
    assert "A statement only one person scored." not in text


def test_the_report_uses_the_latest_closed_round_only(cycle, ward, manager, closed_round, rated):
    open_round = BenchmarkRoundFactory(cycle=cycle, name="Still open", opened_at=timezone.now())
    _rate(
        open_round, StatementFactory(team=ward, text="Answered while the round is open."), Role.STAFF, 5, 5, 5
    )
    context = trip_report_context(cycle=cycle)
    assert context["round"] == closed_round
    report = TripReport.objects.create(cycle=cycle, requested_by=manager)
    text = pdf_text(bytes(services.trip_report_build(report=report).pdf))
    assert "Answered while the round is open." not in text
    assert "Spring ratings" in text


def test_a_cycle_with_nothing_yet_still_makes_a_kind_report(cycle, manager):
    report = TripReport.objects.create(cycle=cycle, requested_by=manager)
    text = pdf_text(bytes(services.trip_report_build(report=report).pdf))
    assert "There is no closed round of rating in this cycle yet." in text
    assert "No priorities yet." in text
    assert "No one has shared what they bring with the whole team yet." in text


def test_while_it_is_being_made_the_page_polls_with_htmx(client_for, staff, cycle):
    report = TripReport.objects.create(cycle=cycle, requested_by=staff)
    client = client_for(staff)
    page = client.get(url("report", pk=report.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "being prepared…" in page
    fragment = client.get(url("report", pk=report.pk), **HTMX)
    assert "HX-Request" in fragment["Vary"]
    assert fragment.content.decode().lstrip().startswith('<div id="report-status"')
    assert "<html" not in fragment.content.decode()
    waiting = client.get(url("report_download", pk=report.pk), follow=True).content.decode()
    assert "The TRIP report is not ready yet." in waiting

    assert build_trip_report(report.pk) is True
    ready = client.get(url("report", pk=report.pk), **HTMX).content.decode()
    assert "Download the TRIP report (PDF)" in ready
    assert "hx-trigger" not in ready


def test_a_report_that_could_not_be_made_says_so_kindly(client_for, staff, cycle, monkeypatch):
    report = TripReport.objects.create(cycle=cycle, requested_by=staff)
    monkeypatch.setattr("trip.services.render_pdf", lambda *args: 1 / 0)
    assert build_trip_report(report.pk) is False
    page = client_for(staff).get(url("report", pk=report.pk)).content.decode()
    assert "we could not make the report this time" in page
    assert "Try again" in page
    assert url("report_new", pk=cycle.pk) in page


def test_a_second_delivery_of_the_task_does_nothing(staff, cycle):
    report = TripReport.objects.create(cycle=cycle, requested_by=staff)
    assert build_trip_report(report.pk) is True
    report.refresh_from_db()
    first = report.ready_at
    assert build_trip_report(report.pk) is False
    report.refresh_from_db()
    assert report.ready_at == first
    assert build_trip_report(999999) is False


# --- Access ---


@pytest.fixture
def ready_report(cycle, manager):
    return TripReport.objects.create(
        cycle=cycle, requested_by=manager, ready_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), pdf=b"%PDF-1.7"
    )


PAGES = [
    ("report_new", "cycle", "post"),
    ("report", "ready_report", "get"),
    ("report_download", "ready_report", "get"),
]


@pytest.mark.parametrize(("name", "needs", "method"), PAGES)
def test_anonymous_people_are_asked_to_sign_in(client, request, name, needs, method):
    response = getattr(client, method)(url(name, pk=request.getfixturevalue(needs).pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(("name", "needs", "method"), PAGES)
def test_outsiders_are_told_nothing(client_for, request, outsider, name, needs, method):
    response = getattr(client_for(outsider), method)(url(name, pk=request.getfixturevalue(needs).pk))
    assert response.status_code == 404


def test_another_teams_report_is_not_found(client_for, outsider, manager, ready_report):
    theirs = url("report_download", pk=ready_report.pk).replace("willow-ward", "oak-community")
    assert client_for(outsider).get(theirs).status_code == 404


@pytest.mark.parametrize(("name", "needs", "method"), PAGES)
@pytest.mark.parametrize("role", ["manager", "staff", "service_user", "supporter", "partner"])
def test_every_member_may_make_and_read_the_report(client_for, request, role, name, needs, method):
    response = getattr(client_for(request.getfixturevalue(role)), method)(
        url(name, pk=request.getfixturevalue(needs).pk)
    )
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("name", "needs", "method"),
    [
        ("report_new", "cycle", "get"),
        ("report", "ready_report", "post"),
        ("report_download", "ready_report", "post"),
    ],
)
def test_wrong_method_is_refused(client_for, staff, request, name, needs, method):
    response = getattr(client_for(staff), method)(url(name, pk=request.getfixturevalue(needs).pk))
    assert response.status_code == 405


def test_a_report_for_a_cycle_that_does_not_exist_is_not_found(client_for, staff):
    assert client_for(staff).post(url("report_new", pk=999999)).status_code == 404
    assert not TripReport.objects.exists()


# --- Charts: one code path for the results page and the report ---


def _charts(page: str) -> list[ET.Element]:
    """The charts of a page (its icons are SVG too, without the chart class)."""
    found = []
    start = 0
    while (
        start := page.find('<svg xmlns="http://www.w3.org/2000/svg" role="img" class="app-chart', start)
    ) != -1:
        end = page.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(page[start:end]))  # noqa: S314 (our own markup)
        start = end
    return found


def _bars(svg: ET.Element) -> list[list[str]]:
    return [[t.text for t in g.findall(f"{SVG}text")] for g in svg.iter(f"{SVG}g")]


def test_the_results_page_draws_the_charts_with_their_tables(client_for, staff, closed_round, rated):
    page = client_for(staff).get(url("round_results", pk=closed_round.pk)).content.decode()
    charts = {svg.find(f"{SVG}title").text: svg for svg in _charts(page)}
    overview = charts["The whole team's average by theme, out of 5"]
    # Only the statement with groups big enough: 6 scores, (2+3+4+4+5+5)/6 = 3.8.
    assert _bars(overview) == [["3.8", "Choice"]]
    choice = charts["Choice: average by group, out of 5"]
    assert _bars(choice) == [["3", "Staff"], ["4.7", "People using the service"]]
    assert choice.get("role") == "img"
    assert 'id="themes-table"' in page
    assert "Supporters" not in "".join(t for bar in _bars(choice) for t in bar)


def test_the_report_and_the_page_draw_the_same_chart(ward, closed_round, rated):
    results = round_results_with_change(round=closed_round)
    words = services.TeamWords(ward)
    first = results_charts(results=results, words=words)
    context = trip_report_context(cycle=closed_round.cycle)
    assert str(context["charts"].themes[Theme.CHOICE]) == str(first.themes[Theme.CHOICE])
    assert str(context["charts"].overview) == str(first.overview)


def test_a_database_hiccup_is_retried_then_reported_kindly(staff, cycle, monkeypatch):
    from django.db import OperationalError

    report = TripReport.objects.create(cycle=cycle, requested_by=staff)
    tries = []

    def out_of_reach(**kwargs):
        tries.append(1)
        raise OperationalError("server closed the connection")

    monkeypatch.setattr("trip.services.trip_report_build", out_of_reach)
    # The first tries are retried: nothing is marked as failed yet.
    with pytest.raises(Retry):
        build_trip_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.is_pending
    # The last try gives up and says so on the page.
    last = build_trip_report.apply(args=[report.pk], retries=build_trip_report.max_retries)
    assert last.get() is False
    assert len(tries) == 2
    report.refresh_from_db()
    assert report.failed_at is not None and not report.is_ready
