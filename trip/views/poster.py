"""A round's poster for people who have not joined the team yet: one link (and its QR code) that
joins with a code already in place and ends in the round, so a person scanning it on the ward's
noticeboard answers one screen (name and password) and is straight into rating."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from recovery_culture.lib.qr import qr_svg_response
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import GET_OR_POST
from teams.access import team_view
from teams.models import MANAGER_ROLES, JoinCode, Membership, Role
from teams.services import join_code_create, join_url
from trip.models import BenchmarkRound
from trip.views._common import _page
from trip.views.benchmarking import _round

# Long enough for a round to be printed, pinned up and answered; a manager can switch it off sooner.
POSTER_CODE_LIFE = dt.timedelta(days=30)


def _poster_codes(member: Membership):
    """The team's join codes a poster may carry: usable, for people using the service (a code on
    a noticeboard can be read by anyone, so it never gives a staff role)."""
    return member.team.join_codes.usable().filter(role=Role.SERVICE_USER)


def _poster_url(member: Membership, found: BenchmarkRound, join_code: JoinCode) -> str:
    return join_url(join_code, then=reverse("trip:round", kwargs={"team": member.team.slug, "pk": found.pk}))


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def round_poster(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _round(member, pk)
    if not found.is_open:
        messages.info(request, f"“{found.name}” has closed, so it needs no poster now.")
        return redirect("trip:round", team=member.team.slug, pk=found.pk)
    poster = reverse("trip:round_poster", kwargs={"team": member.team.slug, "pk": found.pk})
    if request.method == "POST":
        made = join_code_create(
            team=member.team, role=Role.SERVICE_USER, valid_for=POSTER_CODE_LIFE, created_by=member
        )
        messages.success(request, f"A new join code, {made.display_code}, is on the poster.")
        return redirect(f"{poster}?{urlencode({'code': made.pk})}")
    codes = list(_poster_codes(member).order_by("-created_at"))
    chosen = next((code for code in codes if str(code.pk) == request.GET.get("code")), None)
    context = _page(
        member,
        round=found,
        codes=codes,
        chosen=chosen,
        poster_url=chosen and _poster_url(member, found, chosen),
    )
    return render_page(request, "trip/round_poster.jinja", context)


@require_GET
@team_view(roles=MANAGER_ROLES)
def round_poster_qr(request: HttpRequest, member: Membership, pk: int, join_code: int) -> HttpResponse:
    found = _round(member, pk)
    chosen = _poster_codes(member).filter(pk=join_code).first()
    if chosen is None or not found.is_open:
        raise Http404("No poster for this round with that code.")
    return qr_svg_response(_poster_url(member, found, chosen))
