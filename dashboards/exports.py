"""The rows of the dashboard's CSV files: the team's little miracles, thank-yous and TRIP, nothing
private. Staff are named; people using the service, supporters and partners are not identified,
and benchmarking comes only from closed rounds, after folding."""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from dashboards import queries
from recovery_culture.lib import dates
from teams.models import Membership
from trip.models import Action, Priority, Theme

# A spreadsheet runs a cell starting with one of these as a formula: quote it so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CHUNK = 500


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _who(member: Membership) -> str:
    # Staff are named; people using the service, supporters and partners are not identified.
    return member.name if member.is_staff_member else member.get_role_display()


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


EXPORT_HEADER = [
    "Type",
    "Date",
    "Time",
    "Shift",
    "From",
    "To",
    "Helped by",
    "Text",
    "On the wall",
    "Shared as a snippet",
]


def export_rows(member: Membership) -> Iterator[list[str]]:
    yield EXPORT_HEADER
    successes = (
        member.team.successes.select_related("author__user")
        .prefetch_related("helpers__user")
        .order_by("created_at", "id")
    )
    for success in successes.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            "Little miracle",
            timezone.localdate(success.created_at).isoformat(),
            dates.format_time(success.created_at),
            success.get_shift_display(),
            _who(success.author),
            "",
            "; ".join(helper.name for helper in success.helpers.all()),
            _cell(success.text),
            _yes_no(success.on_wall),
            _yes_no(success.share_beyond_team),
        ]
    thanks = member.team.thank_yous.select_related("sender__user", "recipient__user").order_by(
        "created_at", "id"
    )
    for thank_you in thanks.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            "Thank-you",
            timezone.localdate(thank_you.created_at).isoformat(),
            dates.format_time(thank_you.created_at),
            "",
            _who(thank_you.sender),
            _who(thank_you.recipient),
            "",
            _cell(thank_you.message),
            "Yes",
            "No",
        ]


def _day(value: dt.datetime | None) -> str:
    return timezone.localdate(value).isoformat() if value else ""


PRIORITY_HEADER = ["Cycle", "Priority", "Status", "Staff co-lead", "Co-lead using the service", "Chosen on"]


def priority_rows(member: Membership) -> Iterator[list[str]]:
    yield PRIORITY_HEADER
    priorities = (
        Priority.objects.for_team(member.team)
        .select_related("cycle", "staff_lead__user", "service_user_lead__user")
        .order_by("cycle__starts_on", "cycle_id", "created_at", "id")
    )
    for priority in priorities.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            _cell(priority.cycle.name),
            _cell(priority.title),
            priority.get_status_display(),
            _who(priority.staff_lead) if priority.staff_lead else "",
            _who(priority.service_user_lead) if priority.service_user_lead else "",
            _day(priority.chosen_at),
        ]


ACTION_HEADER = ["Priority", "Action", "Who is doing it", "Due", "Status", "Overdue"]


def action_rows(member: Membership) -> Iterator[list[str]]:
    yield ACTION_HEADER
    today = timezone.localdate()
    overdue = set(queries.overdue_actions(member.team, today=today).values_list("pk", flat=True))
    actions = (
        Action.objects.filter(priority__cycle__team=member.team)
        .select_related("priority", "owner__user")
        .order_by("priority__created_at", "priority_id", "due_on", "id")
    )
    for action in actions.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            _cell(action.priority.title),
            _cell(action.text),
            _who(action.owner),
            action.due_on.isoformat(),
            action.get_status_display(),
            _yes_no(action.pk in overdue),
        ]


BENCHMARK_HEADER = [
    "Round",
    "Closed on",
    "Cycle",
    "Theme",
    "Statement",
    "Perspective",
    "Raters",
    "Answers",
    "Average",
    "Lowest",
    "Highest",
]


def benchmark_rows(member: Membership) -> Iterator[list[str]]:
    """Closed rounds only, by statement and perspective after folding: no one's own answer."""
    yield BENCHMARK_HEADER
    for group in queries.closed_round_groups(member.team):
        yield [
            _cell(group.round.name),
            _day(group.round.closed_at),
            _cell(group.round.cycle.name),
            Theme(group.version.statement.theme).label,
            _cell(group.version.text),
            queries.perspective_label(group.perspective),
            str(group.spread.raters),
            str(group.spread.scores),
            f"{group.spread.average:.2f}",
            str(group.spread.low),
            str(group.spread.high),
        ]


# Which file `?file=` asks for: its rows and the words in its name. Unknown asks get the first.
EXPORTS = {
    "little-miracles": export_rows,
    "priorities": priority_rows,
    "actions": action_rows,
    "benchmarking": benchmark_rows,
}
