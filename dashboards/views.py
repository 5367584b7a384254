"""Dashboards: one team's figures (managers and staff), a manager's teams side by side, and the
team's little miracles as a CSV file. Dates and counts only from supervision, never its content."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST
from markupsafe import Markup

from dashboards import exports, queries, reports
from dashboards.forms import MonthlyReportEmailForm, StoryReportForm
from recovery_culture.lib.charts import bar_chart
from recovery_culture.lib.csv_safe import csv_lines
from recovery_culture.lib.pdf import pdf_download_response
from recovery_culture.lib.render import render_page
from supervision.services import is_leader
from teams.access import team_view
from teams.cache import team_cache_get_or_make, teams_cache_get_or_make
from teams.models import ALL_ROLES, MANAGER_ROLES, STAFF_ROLES, AuditAction, AuditEvent, Membership
from trip.models import TeamWords


@require_GET
@team_view(roles=STAFF_ROLES)
def team(request: HttpRequest, member: Membership) -> HttpResponse:
    today = timezone.localdate()
    # The same for every manager (and for every other member) of the team until its data changes.
    board = team_cache_get_or_make(
        member.team_id, "dashboard", [member.is_manager, today], lambda: _team_board(member, today)
    )
    return render(request, "dashboards/team.jinja", {"member": member, "nav": "dashboard", "board": board})


def _team_board(member: Membership, today: dt.date) -> Markup:
    board = queries.team_dashboard(member)
    weeks = [(f"{w.week_start.day} {w.week_start:%b}", w) for w in board.weeks]
    charts = {
        "successes": bar_chart(
            "Little miracles per week",
            [(label, w.successes) for label, w in weeks],
            chart_id="chart-successes",
            series=True,
        ),
        "thanks": bar_chart(
            "Thank-yous per week",
            [(label, w.thank_yous) for label, w in weeks],
            chart_id="chart-thanks",
            series=True,
        ),
        "shifts": bar_chart(
            "Handover entries per shift, last 4 weeks",
            [(s.label, s.entries) for s in board.shifts],
            chart_id="chart-shifts",
        ),
        "language": bar_chart(
            "Labels per 1,000 words written",
            [(f"{m.month:%b}", m.deficit_per_thousand or 0) for m in board.language],
            chart_id="chart-language",
            series=True,
        ),
        **_benchmark_charts(board.trip.benchmark),
    }
    context = {
        "member": member,
        "board": board,
        "figures": board.figures,
        "charts": charts,
        "today": today,
        "coverage_days": queries.COVERAGE_DAYS,
        "words": TeamWords(member.team),
    }
    # Drawn without the request, so nothing of the reader's own (a form's token) can be kept.
    return Markup(render_to_string("dashboards/_team_board.jinja", context))  # noqa: S704 (an autoescaped template)


def _benchmark_charts(found: queries.Benchmark | None) -> dict:
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
                (queries.perspective_label(p), round(spread.average, 1))
                for p, spread in queries.overall_by_perspective(results).items()
            ],
            max_value=5,
            chart_id=f"chart-{key.replace('_', '-')}",
        )
        for key, benchmark_round, results in rounds
        if results is not None
    }


@require_GET
@team_view(roles=ALL_ROLES)
def my_example(request: HttpRequest, member: Membership) -> HttpResponse:
    """A leader's own example in the app's figures: for them alone, never a league table."""
    if not is_leader(member):
        raise PermissionDenied(
            "This page is for the team's leaders: its managers and anyone who holds a lead role."
        )
    today = timezone.localdate()
    context = {
        "member": member,
        "example": queries.my_example(member, today=today),
        "today": today,
        "coverage_days": queries.COVERAGE_DAYS,
    }
    return render(request, "dashboards/my_example.jinja", context)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "name")
    if sort.removeprefix("-") not in queries.SORT_KEYS:
        sort = "name"
    today, team_ids = timezone.localdate(), queries.managed_team_ids(request.user.pk)
    # The same for every manager of the same teams until one of them changes.
    figures = teams_cache_get_or_make(
        team_ids, "overview", [today], lambda: queries.teams_figures(team_ids, today=today)
    )
    teams = queries.figures_sorted(figures, sort)
    return render(request, "dashboards/overview.jinja", {"teams": teams, "sort": sort})


# --- CSV export: the row builders are in dashboards/exports.py -----------------------------------


@require_GET
@team_view(roles=MANAGER_ROLES)
def export(request: HttpRequest, member: Membership) -> StreamingHttpResponse:
    kind = request.GET.get("file", "")
    if kind not in exports.EXPORTS:
        kind = "little-miracles"
    filename = f"{member.team.slug}-{kind}-{timezone.localdate().isoformat()}.csv"
    AuditEvent.objects.record(actor=member, action=AuditAction.EXPORTED, detail=filename)
    response = StreamingHttpResponse(
        csv_lines(exports.EXPORTS[kind](member)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


# --- The monthly story report -------------------------------------------------------------------


def _report_page(
    request: HttpRequest, member: Membership, form: StoryReportForm, *, confirm_no_stories: bool = False
) -> HttpResponse:
    context = {
        "member": member,
        "nav": "dashboard",
        "form": form,
        "month": form.chosen_month,
        "snippets": form.snippets,
        "confirm_no_stories": confirm_no_stories,
    }
    return render(request, "dashboards/report.jinja", context)


@require_GET
@team_view(roles=MANAGER_ROLES)
def report(request: HttpRequest, member: Membership) -> HttpResponse:
    """Choose a month and the stories to tell with its numbers."""
    form = StoryReportForm(member.team, today=timezone.localdate(), month=request.GET.get("month"))
    return _report_page(request, member, form)


@require_POST
@team_view(roles=MANAGER_ROLES)
def report_new(request: HttpRequest, member: Membership) -> HttpResponse:
    """Ask for the PDF; a Celery task makes it while the next page waits."""
    form = StoryReportForm(member.team, request.POST, today=timezone.localdate())
    if not form.is_valid():
        return _report_page(request, member, form)
    if form.needs_stories_confirmed:
        return _report_page(request, member, form, confirm_no_stories=True)
    report = reports.monthly_report_request(
        team=member.team,
        month=form.cleaned_data["month"],
        stories=list(form.cleaned_data["story"]),
        requested_by=member,
    )
    return redirect("dashboard:report_status", team=member.team.slug, pk=report.pk)


@require_GET
@team_view(roles=MANAGER_ROLES)
def report_status(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    report = get_object_or_404(member.team.monthly_reports.defer("pdf").prefetch_related("stories"), pk=pk)
    context = {"member": member, "nav": "dashboard", "report": report}
    return render_page(request, "dashboards/report_status.jinja", context, fragment="report_status")


@require_GET
@team_view(roles=MANAGER_ROLES)
def report_download(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    report = get_object_or_404(member.team.monthly_reports, pk=pk)
    return pdf_download_response(request, report, by=member, what="The report")


@require_POST
@team_view(roles=MANAGER_ROLES)
def report_email(request: HttpRequest, member: Membership) -> HttpResponse:
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
