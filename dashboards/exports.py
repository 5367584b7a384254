"""The rows of the dashboard's CSV files: the team's little miracles, thank-yous and TRIP, nothing
private. Members are named as in anything that leaves the app (`Membership.name_for`), and
benchmarking comes only from closed rounds, after folding. Every cell is guarded against formulas
where the file is written (`recovery_culture.lib.csv_safe`), so these rows hold plain values."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from dashboards import queries
from recovery_culture.lib import dates
from recovery_culture.lib.csv_safe import Cell
from teams.models import Audience, Membership
from trip.models import Action, Priority, Theme

EXPORT_CHUNK = 500


def _who(member: Membership) -> str:
    return member.name_for(Audience.LEAVES_APP)


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


def export_rows(member: Membership) -> Iterator[list[Cell]]:
    yield EXPORT_HEADER
    successes = member.team.successes.shown().with_people().order_by("created_at", "id")
    for success in successes.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            "Little miracle",
            timezone.localdate(success.created_at).isoformat(),
            dates.format_time(success.created_at),
            success.get_shift_display(),
            _who(success.author),
            "",
            "; ".join(_who(helper) for helper in success.helpers.all()),
            success.text,
            _yes_no(success.on_wall),
            _yes_no(success.share_beyond_team),
        ]
    thanks = (
        member.team.thank_yous.shown()
        .select_related("sender__user", "recipient__user")
        .order_by("created_at", "id")
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
            thank_you.message,
            "Yes",
            "No",
        ]


def _day(value: dt.datetime | None) -> str:
    return timezone.localdate(value).isoformat() if value else ""


PRIORITY_HEADER = ["Cycle", "Priority", "Status", "Staff co-lead", "Co-lead using the service", "Chosen on"]


def priority_rows(member: Membership) -> Iterator[list[Cell]]:
    yield PRIORITY_HEADER
    priorities = (
        Priority.objects.for_team(member.team)
        .select_related("cycle", "staff_lead__user", "service_user_lead__user")
        .order_by("cycle__starts_on", "cycle_id", "created_at", "id")
    )
    for priority in priorities.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            priority.cycle.name,
            priority.title,
            priority.get_status_display(),
            _who(priority.staff_lead) if priority.staff_lead else "",
            _who(priority.service_user_lead) if priority.service_user_lead else "",
            _day(priority.chosen_at),
        ]


ACTION_HEADER = ["Priority", "Action", "Who is doing it", "Due", "Status", "Overdue"]


def action_rows(member: Membership) -> Iterator[list[Cell]]:
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
            action.priority.title,
            action.text,
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


def benchmark_rows(member: Membership) -> Iterator[list[Cell]]:
    """Closed rounds only, by statement and perspective after folding: no one's own answer."""
    yield BENCHMARK_HEADER
    for group in queries.closed_round_groups(member.team):
        yield [
            group.round.name,
            _day(group.round.closed_at),
            group.round.cycle.name,
            Theme(group.version.statement.theme).label,
            group.version.text,
            queries.perspective_label(group.perspective),
            group.spread.raters,
            group.spread.scores,
            Decimal(f"{group.spread.average:.2f}"),
            group.spread.low if group.spread.shows_range else "",
            group.spread.high if group.spread.shows_range else "",
        ]


# Which file `?file=` asks for: its rows and the words in its name. Unknown asks get the first.
EXPORTS = {
    "little-miracles": export_rows,
    "priorities": priority_rows,
    "actions": action_rows,
    "benchmarking": benchmark_rows,
}
