"""The TRIP report. The report is the team's shared plan, so every member may ask for it and
download it. It holds only what every member can already see in the TRIP pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from recovery_culture.lib.pdf import pdf_download_response
from recovery_culture.lib.render import render_page
from teams.access import team_view
from teams.models import Membership
from trip import services
from trip.models import TripReport
from trip.views._common import _page


def _report_page(request: HttpRequest, member: Membership, report: TripReport) -> HttpResponse:
    return render_page(
        request,
        "trip/report.jinja",
        _page(member, report=report, cycle=report.cycle),
        fragment="report_status",
    )


@require_POST
@team_view()
def report_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    report = services.trip_report_request(member=member, cycle=cycle)
    return redirect("trip:report", team=member.team.slug, pk=report.pk)


@require_GET
@team_view()
def report(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(
        TripReport.objects.for_team(member.team).select_related("cycle").defer("pdf"), pk=pk
    )
    return _report_page(request, member, found)


@require_GET
@team_view()
def report_download(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(TripReport.objects.for_team(member.team).select_related("cycle"), pk=pk)
    return pdf_download_response(request, found, by=member, what="The TRIP report")
