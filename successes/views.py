"""Little miracles: the handover round, thank-yous and the wall.

Each view: access (team_view) -> form -> service -> response. An htmx request gets the page's
fragment; without JavaScript, forms post and redirect with a message."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from conversations.services import lens_saved
from recovery_culture.lib import dates
from recovery_culture.lib.pdf import pdf_response
from recovery_culture.lib.render import render_fragment, render_page
from recovery_culture.lib.views import posted
from successes import services
from successes.forms import HideForm, SuccessForm, ThankYouForm
from successes.models import WORKED_SHIFTS, Shift, Success, WallItem, shift_now
from teams.access import posted_or_kept, team_view
from teams.models import MANAGER_ROLES, STAFF_ROLES, AuditAction, AuditEvent, Membership

PER_PAGE = 20
# The wall refreshes itself for a meeting's length, then stops: a poll is a request, and endless
# requests would keep a shared ward computer signed in past its 30 idle minutes.
REFRESH_FOR = dt.timedelta(minutes=90)
# The wall lists the newest of each kind, and the handover round its newest entries, and this
# many more at each "Show more": a busy week or round reads (and loads) as quickly as a quiet one.
SHOWS = 50
# Weeks before this are not ones anyone could have logged; asking for them is a typing slip.
EARLIEST_WEEK = dt.date(2000, 1, 3)


def _handover_url(member: Membership, shift: str) -> str:
    return _url("handover", member, shift=shift if member.team.works_shifts else None)


def _url(name: str, member: Membership, **query) -> str:
    address = reverse(f"successes:{name}", kwargs={"team": member.team.slug})
    query = {key: value for key, value in query.items() if value}
    return f"{address}?{urlencode(query)}" if query else address


# --- Handover -----------------------------------------------------------------------------------


def _round_context(member: Membership, shift: str, limit: int = SHOWS) -> dict:
    today = timezone.localdate()
    if not member.team.works_shifts:
        shift = Shift.DAY  # one round a day, whatever shift an older entry was logged at
    entries, count = services.newest(services.handover_round(member.team, today, shift), limit)
    shift_asked = shift if member.team.works_shifts else None
    more_url = _url("handover", member, shift=shift_asked, shown=limit + SHOWS)
    folded = count > len(entries)
    return {
        "member": member,
        "nav": "handover",
        "shift": shift,
        "round_name": "Today's round" if shift == Shift.DAY else f"{Shift(shift).label} shift round",
        "today": today,
        "round": entries,
        "round_count": count,
        # Lands on the last entry shown before, with the next ones just below it.
        "more_url": f"{more_url}#success-{entries[-1].pk}" if folded else None,
        # Which round is on screen, its newest entry and, when folded, how many it shows: a save
        # with htmx sends it back, and gets only what the round on screen lacks (see _round_news).
        "round_seen": _round_seen(
            today,
            shift,
            newest=max((entry.pk for entry in entries), default=0),
            shown=len(entries) if folded else None,
        ),
    }


def _round_seen(day: dt.date, shift: str, newest: int, shown: int | None) -> str:
    return f"{day.isoformat()}:{shift}:{newest}" + (f":{shown}" if shown else "")


def _round_news(request: HttpRequest, member: Membership, shift: str) -> dict | None:
    """The entries the round on screen lacks (newest first) and what the screen then shows, with
    its "(n of N shown)" when the round is folded; None when it showed another round (another day
    or shift), an empty one, or did not say."""
    seen = request.POST.get("round_seen", "").split(":")
    seen_day, seen_shift, seen_pk, seen_shown = (seen + [""] * 4)[:4]
    today = timezone.localdate()
    if not member.team.works_shifts:
        shift = Shift.DAY
    if seen_day != today.isoformat() or seen_shift != shift or not seen_pk.isdigit() or not int(seen_pk):
        return None
    in_round = services.handover_round(member.team, today, shift)
    news = list(in_round.filter(pk__gt=int(seen_pk)))
    shown = int(seen_shown) + len(news) if seen_shown.isdigit() and len(seen_shown) < 7 else None
    newest = max((entry.pk for entry in news), default=int(seen_pk))
    context = {"round_news": news, "round_seen": _round_seen(today, shift, newest, shown)}
    if news and shown:
        count = in_round.count()
        context.update(round_shown=min(shown, count), round_count=count)
    return context


def _show_round(request: HttpRequest, member: Membership, shift: str, note: str) -> HttpResponse:
    """After a change made inside the round (htmx): the whole round again, with a note."""
    context = {**_round_context(member, shift), "round_note": note}
    response = render_page(request, "successes/handover.jinja", context, fragment="round")
    return reswap(retarget(response, "#round"), "outerHTML")


def _after_change(request: HttpRequest, member: Membership, success: Success, note: str) -> HttpResponse:
    if request.htmx:
        return _show_round(request, member, success.shift, note)
    messages.success(request, note)
    return redirect(_handover_url(member, success.shift))


@require_http_methods(["GET", "POST"])
@team_view(roles=STAFF_ROLES, keeps_drafts=True)
def handover(request: HttpRequest, member: Membership) -> HttpResponse:
    shifts = dict(WORKED_SHIFTS) if member.team.works_shifts else {}
    shift = request.GET.get("shift")
    if shift not in shifts:
        shift = shift_now(member.team)
    note = None
    form = SuccessForm(posted_or_kept(request), author=member, initial={"shift": shift})
    if request.method == "POST":
        if form.is_valid():
            try:
                success = services.success_create(member=member, **form.cleaned_data)
                note = "Saved. Thank you for sharing what went well."
                lens_saved(request, member, form, "text")
            except services.AlreadySaved as already:
                # A double tap or a resent form: one entry is kept, and the person is told so.
                success = already.success
                note = "That was already saved, so it is in the round just once."
            if not request.htmx:
                messages.success(request, note)
                return redirect(_handover_url(member, success.shift))
            return _saved_in_place(request, member, form.emptied(shift=success.shift), note)
        if form.data.get("shift") in shifts:
            shift = form.data["shift"]
        if request.htmx:
            # Only the form comes back, with the person's words and what to put right.
            context = {"member": member, "form": form}
            return render_page(request, "successes/handover.jinja", context, fragment="handover_form")
    context = {**_round_context(member, shift, _asked_shown(request)), "form": form, "note": note}
    return render_page(request, "successes/handover.jinja", context, fragment="handover")


def _saved_in_place(request: HttpRequest, member: Membership, form: SuccessForm, note: str) -> HttpResponse:
    """After a save with htmx: the emptied form, and the entries the round on screen lacks (the one
    just saved, and any a colleague saved meanwhile) or, if it showed another round, the whole one."""
    template = "successes/handover.jinja"
    shift = form.initial["shift"]
    context = {"member": member, "form": form, "note": note}
    news = _round_news(request, member, shift)
    if news is None:
        context.update(_round_context(member, shift), oob=True)
        blocks = ["handover_form", "round"]
    else:
        context.update(news)
        blocks = ["handover_form", "round_news"]
    response = HttpResponse("".join(render_fragment(request, template, block, context) for block in blocks))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _entry_context(request: HttpRequest, member: Membership, success: Success) -> dict:
    return {
        "member": member,
        "nav": "handover",
        "success": success,
        "back_url": _handover_url(member, success.shift),
        # In the round the form swaps itself in place (htmx); on its own page it posts and redirects.
        "inline": bool(request.htmx),
    }


def _changeable(request: HttpRequest, member: Membership, pk: int) -> Success | HttpResponse:
    success = get_object_or_404(member.team.successes.select_related("author__user"), pk=pk)
    if success.can_change(member):
        return success
    context = _entry_context(request, member, success)
    # htmx swaps only successful responses: the note must come back as one to be seen in place.
    status = 200 if request.htmx else 403
    return render_page(request, "successes/cannot_change.jinja", context, fragment="note", status=status)


@require_http_methods(["GET", "POST"])
@team_view(roles=STAFF_ROLES)
def success_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    success = _changeable(request, member, pk)
    if isinstance(success, HttpResponse):
        return success
    initial = {
        "shift": success.shift,
        "text": success.text,
        "helpers": list(success.helpers.select_related("user")),
        "on_wall": success.on_wall,
        "share_beyond_team": success.share_beyond_team,
    }
    # Its own ids, so the form can open inside the handover page beside the new-entry form.
    form = SuccessForm(posted(request), author=member, initial=initial, auto_id=f"id_edit{pk}_%s")
    if request.method == "POST" and form.is_valid():
        services.success_update(member=member, success=success, **form.cleaned_data)
        lens_saved(request, member, form, "text")
        return _after_change(request, member, success, "Your changes are saved.")
    context = {**_entry_context(request, member, success), "form": form}
    return render_page(request, "successes/success_edit.jinja", context, fragment="edit_form")


@require_http_methods(["GET", "POST"])
@team_view(roles=STAFF_ROLES)
def success_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    success = _changeable(request, member, pk)
    if isinstance(success, HttpResponse):
        return success
    if request.method == "POST":
        services.success_delete(member=member, success=success)
        return _after_change(request, member, success, "Your entry is deleted.")
    context = _entry_context(request, member, success)
    return render_page(request, "successes/success_delete.jinja", context, fragment="confirm_delete")


# --- Thank-yous ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@team_view(keeps_drafts=True)
def thank(request: HttpRequest, member: Membership) -> HttpResponse:
    to = request.GET.get("to", "")
    form = ThankYouForm(
        posted_or_kept(request), sender=member, initial={"recipient": int(to) if to.isdigit() else None}
    )
    if request.method == "POST" and form.is_valid():
        thanks = services.thank_you_create(sender=member, **form.cleaned_data)
        messages.success(request, f"Your thank-you to {thanks.recipient.name} is on the wall.")
        lens_saved(request, member, form, "message")
        wall_url = _url("wall", member)
        return HttpResponseClientRedirect(wall_url) if request.htmx else redirect(wall_url)
    context = {"member": member, "nav": "thanks", "form": form}
    return render_page(request, "successes/thank.jinja", context, fragment="thank_form")


@require_GET
@team_view()
def thanks_received(request: HttpRequest, member: Membership) -> HttpResponse:
    thanks = member.team.thank_yous.shown().filter(recipient=member).select_related("sender__user")
    page = Paginator(thanks, PER_PAGE).get_page(request.GET.get("page"))
    context = {"member": member, "nav": "thanks", "page": page}
    return render_page(request, "successes/thanks_received.jinja", context, fragment="thanks_list")


# --- The wall -----------------------------------------------------------------------------------


class UnknownWeek(ValueError):
    pass


def _asked_week(request: HttpRequest) -> dt.date:
    """The Monday of the week asked for in ?week= (any day of it will do), never after this week."""
    this_week = dates.this_week_start()
    asked = request.GET.get("week", "")
    if not asked:
        return this_week
    try:
        day = dt.date.fromisoformat(asked)
    except ValueError:
        raise UnknownWeek(asked) from None
    if day < EARLIEST_WEEK:
        raise UnknownWeek(asked)
    return min(dates.week_start(day), this_week)


def _wall_url(member: Membership, monday: dt.date, mode: str | None = None, **query) -> str:
    """This week's wall lives at the plain address; earlier weeks carry ?week=."""
    week = monday.isoformat() if monday < dates.this_week_start() else None
    return _url("wall", member, week=week, mode=mode, **query)


def _asked_shown(request: HttpRequest) -> int:
    """How many the wall lists of each kind, or the round of its entries: ?shown=, in steps of
    SHOWS, at least one step."""
    asked = request.GET.get("shown", "")
    steps = -(-int(asked) // SHOWS) if asked.isdigit() and len(asked) < 7 else 1
    return max(steps, 1) * SHOWS


def _shown_since(request: HttpRequest) -> dt.datetime:
    """When the wall was first opened: each refresh carries it in ?since= (seconds since 1970)."""
    now = timezone.now()
    try:
        since = dt.datetime.fromtimestamp(int(request.GET["since"]), tz=dt.UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        return now
    return min(since, now)


def _unknown_week(request: HttpRequest, member: Membership) -> HttpResponse:
    context = {"member": member, "nav": "wall", "asked": request.GET.get("week", "")}
    return render_page(request, "successes/unknown_week.jinja", context, status=400)


@require_GET
@team_view()
def wall(request: HttpRequest, member: Membership) -> HttpResponse:
    meeting = request.GET.get("mode") == "meeting"
    mode = "meeting" if meeting else None
    try:
        week = _asked_week(request)
    except UnknownWeek:
        return _unknown_week(request, member)
    if request.GET.get("week") and request.GET["week"] != week.isoformat():
        # Any day of a week, or a week still to come: the address of the week it means.
        return redirect(_wall_url(member, week, mode))
    previous_week, next_week = week - dt.timedelta(days=7), week + dt.timedelta(days=7)
    is_this_week = week == dates.this_week_start()
    shown_since = _shown_since(request)
    limit = _asked_shown(request)
    shown = limit if limit > SHOWS else None  # the plain address for the usual length
    context = {
        "member": member,
        "nav": "wall",
        # A shared screen shows only what everyone may see; a member's own screen marks what is hidden.
        "wall": services.wall_week(member.team, week, viewer=None if meeting else member, limit=limit),
        "meeting": meeting,
        "is_this_week": is_this_week,
        "refreshing": is_this_week and timezone.now() - shown_since < REFRESH_FOR,
        "refresh_url": _wall_url(member, week, mode, shown=shown, since=int(shown_since.timestamp())),
        "more_url": _wall_url(member, week, mode, shown=limit + SHOWS),
        "previous_week": previous_week,
        "next_week": next_week,
        "previous_url": _wall_url(member, previous_week, mode),
        "next_url": None if is_this_week else _wall_url(member, next_week, mode),
        "meeting_url": _wall_url(member, week, "meeting"),
        "plain_url": _wall_url(member, week),
        "pdf_url": _url("wall_pdf", member, week=week.isoformat()),
    }
    return render_page(request, "successes/wall.jinja", context, fragment="wall")


@require_GET
@team_view()
def weeks(request: HttpRequest, member: Membership) -> HttpResponse:
    page = Paginator(services.wall_weeks(member.team), PER_PAGE).get_page(request.GET.get("page"))
    mondays = [row["week"] for row in page]
    counts = services.week_counts(member.team, mondays)
    rows = [{"week": week, "url": _wall_url(member, week), "counts": counts[week]} for week in mondays]
    context = {"member": member, "nav": "wall", "page": page, "rows": rows}
    return render_page(request, "successes/weeks.jinja", context, fragment="weeks_list")


@require_GET
@team_view()
def wall_pdf(request: HttpRequest, member: Membership) -> HttpResponse:
    try:
        week = _asked_week(request)
    except UnknownWeek:
        return _unknown_week(request, member)
    pdf = services.wall_pdf(member.team, week)
    AuditEvent.objects.record(
        actor=member, action=AuditAction.PRINTED, detail=f"Little miracles wall, week of {week.isoformat()}"
    )
    return pdf_response(pdf, services.pdf_filename(member.team, week))


# --- Taking things down -------------------------------------------------------------------------


def _item_week_url(member: Membership, item: WallItem) -> str:
    """The wall's week the item is on, where whoever took it down goes back to."""
    return _wall_url(member, dates.week_start(timezone.localdate(item.created_at)))


@require_http_methods(["GET", "POST"])
@team_view()
def thank_you_withdraw(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    thank_you = get_object_or_404(member.team.thank_yous.select_related("recipient__user"), pk=pk)
    if not thank_you.is_author(member):
        raise PermissionDenied("Only the person who sent a thank-you can withdraw it.")
    back_url = _item_week_url(member, thank_you)
    if request.method == "POST":
        services.thank_you_withdraw(member=member, thank_you=thank_you)
        messages.success(request, f"Your thank-you to {thank_you.recipient.name} is withdrawn.")
        return redirect(back_url)
    context = {"member": member, "nav": "wall", "thanks": thank_you, "back_url": back_url}
    return render_page(request, "successes/thank_you_withdraw.jinja", context)


def _hide(request: HttpRequest, member: Membership, item: WallItem, words: str, name: str) -> HttpResponse:
    """The one page for a wall item a manager looks at: hide it with a reason, or, once hidden,
    show it again (`name` is "success" or "thank_you", for the page's two addresses)."""
    back_url = _item_week_url(member, item)
    form = HideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.wall_item_hide(member=member, item=item, reason=form.cleaned_data["reason"])
        messages.success(request, "It is off the wall. The person who wrote it can see why.")
        lens_saved(request, member, form, "reason")
        return redirect(back_url)
    kwargs = {"team": member.team.slug, "pk": item.pk}
    context = {
        "member": member,
        "nav": "wall",
        "item": item,
        "words": words,
        "form": form,
        "hide_url": reverse(f"successes:{name}_hide", kwargs=kwargs),
        "show_url": reverse(f"successes:{name}_show", kwargs=kwargs),
        "back_url": back_url,
    }
    return render_page(request, "successes/hide.jinja", context)


def _show(request: HttpRequest, member: Membership, item: WallItem) -> HttpResponse:
    services.wall_item_show(member=member, item=item)
    messages.success(request, "It is back on the wall.")
    return redirect(_item_week_url(member, item))


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def success_hide(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    success = get_object_or_404(member.team.successes, pk=pk)
    return _hide(request, member, success, success.text, "success")


@require_POST
@team_view(roles=MANAGER_ROLES)
def success_show(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    return _show(request, member, get_object_or_404(member.team.successes, pk=pk))


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def thank_you_hide(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    thank_you = get_object_or_404(member.team.thank_yous, pk=pk)
    return _hide(request, member, thank_you, thank_you.message, "thank_you")


@require_POST
@team_view(roles=MANAGER_ROLES)
def thank_you_show(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    return _show(request, member, get_object_or_404(member.team.thank_yous, pk=pk))
