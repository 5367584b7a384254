"""The CSV files cannot be turned against the manager who opens them in a spreadsheet, and each
download is noted in the team's audit trail."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.exports import EXPORTS
from recovery_culture.lib.csv_safe import FORMULA_STARTS
from teams.models import AuditAction, AuditEvent, Role
from tests.factories import MembershipFactory, SuccessFactory, ThankYouFactory, UserFactory
from trip.tests.factories import (
    ActionFactory,
    BenchmarkRatingFactory,
    BenchmarkRoundFactory,
    CycleFactory,
    PriorityFactory,
    StatementFactory,
)

LINK = '=HYPERLINK("http://x","y")'


def _member(ward, role: Role, name: str, **fields):
    return MembershipFactory(team=ward, role=role, user=UserFactory(display_name=name), **fields)


@pytest.fixture
def hostile(ward, manager):
    """Names and texts a spreadsheet would run, in every column that prints one."""
    link = _member(ward, Role.STAFF, LINK)
    named = _member(ward, Role.SERVICE_USER, "@SUM(1+1)", chose_to_be_named=True)
    story = SuccessFactory(author=link, text="+1 for the garden")
    story.helpers.add(link, named)
    ThankYouFactory(sender=link, recipient=named, message="\tthanks")
    ThankYouFactory(sender=named, recipient=link, message="\r=1+2")
    cycle = CycleFactory(team=ward, name="-1 cycle")
    priority = PriorityFactory(
        cycle=cycle, title="=2*3", status="active", staff_lead=link, service_user_lead=named
    )
    ActionFactory(priority=priority, text="@action", owner=link)
    ActionFactory(priority=priority, text="Plain words", owner=named)
    # A closed round with three raters in each of two groups, so its figures are exported.
    closed = BenchmarkRoundFactory(cycle=cycle, name="=round", closed_at=timezone.now())
    statement = StatementFactory(team=ward, text="-statement")
    raters = [link, manager, _member(ward, Role.STAFF, "Kim")]
    raters += [named, _member(ward, Role.SERVICE_USER, "Lou"), _member(ward, Role.SERVICE_USER, "Mo")]
    for member in raters:
        BenchmarkRatingFactory(round=closed, statement=statement, member=member, score=2)


def _csv(client, file: str) -> list[list[str]]:
    response = client.get(reverse("dashboard:export", kwargs={"team": "willow-ward"}), {"file": file})
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("file", list(EXPORTS))
def test_no_cell_of_any_file_can_run_as_a_formula(client_for, manager, hostile, file):
    rows = _csv(client_for(manager), file)
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), (file, cell)


def test_a_formula_in_a_name_or_text_is_kept_as_text(client_for, manager, hostile):
    client = client_for(manager)
    _, story, *thanks = _csv(client, "little-miracles")
    assert story[4:8] == [f"'{LINK}", "", f"'{LINK}; @SUM(1+1)", "'+1 for the garden"]
    assert [row[4:6] + [row[7]] for row in thanks] == [
        [f"'{LINK}", "'@SUM(1+1)", "'\tthanks"],
        ["'@SUM(1+1)", f"'{LINK}", "'\r=1+2"],
    ]
    _, priority = _csv(client, "priorities")
    assert priority[:2] == ["'-1 cycle", "'=2*3"]
    assert priority[3:5] == [f"'{LINK}", "'@SUM(1+1)"]
    _, *actions = _csv(client, "actions")
    assert [row[1:3] for row in actions] == [["'@action", f"'{LINK}"], ["Plain words", "'@SUM(1+1)"]]
    _, *figures = _csv(client, "benchmarking")
    assert {(row[0], row[2], row[4]) for row in figures} == {("'=round", "'-1 cycle", "'-statement")}
    # The numbers our code counted stay numbers.
    assert {tuple(row[6:]) for row in figures} == {("3", "3", "2.00", "", "")}


@pytest.mark.parametrize("file", list(EXPORTS))
def test_each_download_is_recorded_in_the_audit_trail(client_for, manager, file):
    _csv(client_for(manager), file)
    [event] = AuditEvent.objects.all()
    day = timezone.localdate().isoformat()
    assert (event.actor, event.action) == (manager, AuditAction.EXPORTED)
    assert event.detail == f"willow-ward-{file}-{day}.csv"
    page = client_for(manager).get("/t/willow-ward/members/audit/").content.decode()
    assert "downloaded a file of team figures" in page and event.detail in page


def test_a_refused_download_records_nothing(client_for, staff, outsider):
    for member in (staff, outsider):
        client_for(member).get(reverse("dashboard:export", kwargs={"team": "willow-ward"}))
    assert not AuditEvent.objects.exists()
