"""Dashboards: one team's figures (managers and staff), a manager's teams side by side, and the
team's little miracles as a CSV file. Dates and counts only from supervision, never its content."""

import csv
import datetime as dt
import itertools
from collections.abc import Iterator

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from recovery_culture.lib import dates
from recovery_culture.lib.charts import bar_chart
from recovery_culture.lib.render import render_page
from successes.models import Success
from teams import dashboard, reports
from teams.access import team_view
from teams.forms import MonthlyReportEmailForm
from teams.models import MANAGER_ROLES, STAFF_ROLES, Membership, Team
from trip.models import Action, Priority, TeamWords, Theme


@require_GET
@team_view(roles=STAFF_ROLES)
def team_dashboard(request: HttpRequest, member: Membership) -> HttpResponse:
    board = dashboard.team_dashboard(member)
    weeks = [(f"{w.week_start.day} {w.week_start:%b}", w) for w in board.weeks]
    charts = {
        "successes": bar_chart(
            "Little miracles per week",
            [(label, w.successes) for label, w in weeks],
            chart_id="chart-successes",
        ),
        "thanks": bar_chart(
            "Thank-yous per week", [(label, w.thank_yous) for label, w in weeks], chart_id="chart-thanks"
        ),
        "shifts": bar_chart(
            "Handover entries per shift, last 4 weeks",
            [(s.label, s.entries) for s in board.shifts],
            chart_id="chart-shifts",
        ),
        **_benchmark_charts(board.trip.benchmark),
    }
    context = {
        "member": member,
        "nav": "dashboard",
        "board": board,
        "figures": board.figures,
        "charts": charts,
        "today": timezone.localdate(),
        "coverage_days": dashboard.COVERAGE_DAYS,
        "words": TeamWords(member.team),
    }
    return render(request, "dashboard/team.jinja", context)


def _benchmark_charts(found: dashboard.Benchmark | None) -> dict:
    """Each perspective's average over all the themes, in the latest round and the earlier cycle's:
    only the groups the results show, so no chart says more than the results page does."""
    if found is None:
        return {}
    rounds = [
        ("benchmark", found.round, found.results),
        ("benchmark_before", found.earlier_round, found.earlier),
    ]
    return {
        key: bar_chart(
            f"Average score by perspective: {benchmark_round.name}",
            [
                (dashboard.perspective_label(p), round(spread.average, 1))
                for p, spread in dashboard.overall_by_perspective(results).items()
            ],
            max_value=5,
            chart_id=f"chart-{key.replace('_', '-')}",
        )
        for key, benchmark_round, results in rounds
        if results is not None
    }


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "name")
    if sort.removeprefix("-") not in dashboard.SORT_KEYS:
        sort = "name"
    teams = dashboard.managed_teams(request.user.pk, today=timezone.localdate(), sort=sort)
    return render(request, "dashboard/overview.jinja", {"teams": teams, "sort": sort})


# --- CSV export: the team's little miracles, thank-yous and TRIP, nothing private ---------------------

# A spreadsheet runs a cell starting with one of these as a formula: quote it so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CHUNK = 500


class _Echo:
    def write(self, value: str) -> str:
        return value


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
    overdue = set(dashboard.overdue_actions(member.team, today=today).values_list("pk", flat=True))
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
    for group in dashboard.closed_round_groups(member.team):
        yield [
            _cell(group.round.name),
            _day(group.round.closed_at),
            _cell(group.round.cycle.name),
            Theme(group.version.statement.theme).label,
            _cell(group.version.text),
            dashboard.perspective_label(group.perspective),
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


@require_GET
@team_view(roles=MANAGER_ROLES)
def export_csv(request: HttpRequest, member: Membership) -> StreamingHttpResponse:
    kind = request.GET.get("file", "")
    if kind not in EXPORTS:
        kind = "little-miracles"
    writer = csv.writer(_Echo())
    # The byte-order mark tells spreadsheet programs the file is UTF-8 (names, curly quotes).
    lines = itertools.chain(["\ufeff"], (writer.writerow(row) for row in EXPORTS[kind](member)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{member.team.slug}-{kind}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


# --- The monthly story report -------------------------------------------------------------------


class StoryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Success) -> str:
        return f"{dates.format_day(obj.created_at)}: {obj.text}"


CHOOSE_MONTH = "Choose one of the last 12 months from the list."
NOT_A_SNIPPET = "One of the stories you chose is not a snippet from that month. Please choose again."


class StoryReportForm(forms.Form):
    """Which month, and which of its snippets. (Here rather than teams/forms.py: only the report
    uses it.)"""

    month = forms.TypedChoiceField(
        label="Month",
        coerce=dt.date.fromisoformat,
        empty_value=None,
        error_messages={"required": CHOOSE_MONTH, "invalid_choice": CHOOSE_MONTH},
    )
    story = StoryChoice(
        label="Stories to put beside the numbers",
        queryset=Success.objects.none(),
        required=False,
        help_text="Little miracles their authors shared as snippets in the month.",
        error_messages={"invalid_choice": NOT_A_SNIPPET, "invalid_pk_value": NOT_A_SNIPPET},
    )

    def __init__(self, team: Team, data=None, *, today: dt.date):
        months = dashboard.month_days(today)
        super().__init__(data, initial={"month": months[0].isoformat()})
        choices = [(m.isoformat(), f"{m:%B %Y}") for m in months]
        self.fields["month"].choices = choices
        # The stories offered, and accepted, are the chosen month's (this month until one is chosen).
        asked = data.get("month") if data is not None else None
        self.chosen_month = dt.date.fromisoformat(asked) if asked in dict(choices) else months[0]
        self.fields["story"].queryset = dashboard.month_snippets(team, self.chosen_month)


def _report_page(request: HttpRequest, member: Membership, form: StoryReportForm) -> HttpResponse:
    context = {
        "member": member,
        "nav": "dashboard",
        "form": form,
        "month": form.chosen_month,
        "snippets": list(form.fields["story"].queryset),
    }
    return render(request, "dashboard/report.jinja", context)


@require_GET
@team_view(roles=MANAGER_ROLES)
def story_report(request: HttpRequest, member: Membership) -> HttpResponse:
    """Choose a month and the stories to tell with its numbers."""
    return _report_page(
        request, member, StoryReportForm(member.team, request.GET or None, today=timezone.localdate())
    )


@require_POST
@team_view(roles=MANAGER_ROLES)
def story_report_new(request: HttpRequest, member: Membership) -> HttpResponse:
    """Ask for the PDF; a Celery task makes it while the next page waits."""
    form = StoryReportForm(member.team, request.POST, today=timezone.localdate())
    if not form.is_valid():
        return _report_page(request, member, form)
    report = reports.monthly_report_request(
        team=member.team,
        month=form.cleaned_data["month"],
        stories=list(form.cleaned_data["story"]),
        requested_by=member,
    )
    return redirect("dashboard:report_status", team=member.team.slug, pk=report.pk)


@require_GET
@team_view(roles=MANAGER_ROLES)
def story_report_status(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    report = get_object_or_404(member.team.monthly_reports.defer("pdf").prefetch_related("stories"), pk=pk)
    context = {"member": member, "nav": "dashboard", "report": report}
    return render_page(request, "dashboard/report_status.jinja", context, fragment="report_status")


@require_GET
@team_view(roles=MANAGER_ROLES)
def story_report_download(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    report = get_object_or_404(member.team.monthly_reports, pk=pk)
    if not report.is_ready:
        messages.info(request, "The report is not ready yet. It will only take a moment.")
        return redirect("dashboard:report_status", team=member.team.slug, pk=report.pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    filename = reports.pdf_filename(member.team, report.month)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@require_POST
@team_view(roles=MANAGER_ROLES)
def story_report_email(request: HttpRequest, member: Membership) -> HttpResponse:
    """Turn the monthly report email on or off (from the settings page)."""
    form = MonthlyReportEmailForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means off, so it is always valid
    member.monthly_report_opt_in = bool(member.user.email) and form.cleaned_data["monthly_report"]
    member.save(update_fields=["monthly_report_opt_in"])
    if member.monthly_report_opt_in:
        messages.success(request, "We will email you the story report on the 1st of each month.")
    else:
        messages.success(request, "We will not email you the monthly story report.")
    return redirect("teams:settings", team=member.team.slug)
