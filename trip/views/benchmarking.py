"""Benchmarking: the statement library, rounds and rating, the results and meeting mode."""

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from markupsafe import Markup

from conversations.services import lens_saved
from recovery_culture.lib.links import absolute_url
from recovery_culture.lib.qr import qr_svg_response
from recovery_culture.lib.render import render_fragment, render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from teams.access import kept_draft, team_view
from teams.cache import team_cache_get_or_make
from teams.models import MANAGER_ROLES, Membership
from trip import results, services
from trip.forms import DONT_KNOW, AgreementForm, BenchmarkAnswerForm, RoundForm, StatementForm
from trip.models import (
    BenchmarkRating,
    BenchmarkRound,
    Statement,
    StatementRetirement,
    TeamAgreement,
    TeamWords,
    Theme,
)
from trip.views._common import _page

# --- Benchmarking: the statement library ---


@require_GET
@team_view()
def statements(request: HttpRequest, member: Membership) -> HttpResponse:
    retired = StatementRetirement.objects.filter(team=member.team, statement=OuterRef("pk"))
    found = (
        Statement.objects.for_team(member.team)
        .select_related("current_version")
        .annotate(retired=Exists(retired))
        .in_theme_order()
    )
    by_theme: dict[str, list[Statement]] = {}
    for statement in found:
        by_theme.setdefault(statement.theme, []).append(statement)
    themes = [(Theme(theme), items) for theme, items in by_theme.items()]
    return render_page(request, "trip/statements.jinja", _page(member, themes=themes))


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def statement_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = StatementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.statement_add(member=member, **form.cleaned_data)
        lens_saved(request, member, form, "text")
        messages.success(request, "Thank you. The statement is added, and the team can rate it.")
        return redirect("trip:statements", team=member.team.slug)
    return render_page(request, "trip/statement_form.jinja", _page(member, form=form, statement=None))


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def statement_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    # Only the team's own statements can be reworded; the shared library can only be set aside.
    statement = get_object_or_404(member.team.statements.select_related("current_version"), pk=pk)
    form = StatementForm(posted(request), initial={"theme": statement.theme, "text": statement.text})
    if request.method == "POST" and form.is_valid():
        services.statement_reword(member=member, statement=statement, **form.cleaned_data)
        lens_saved(request, member, form, "text")
        messages.success(request, "The statement is saved. Answers already given keep the old words.")
        return redirect("trip:statements", team=member.team.slug)
    return render_page(request, "trip/statement_form.jinja", _page(member, form=form, statement=statement))


@require_POST
@team_view(roles=MANAGER_ROLES)
def statement_retire(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement.objects.for_team(member.team), pk=pk)
    if request.POST.get("action") == "bring_back":
        services.statement_bring_back(member=member, statement=statement)
        messages.success(request, "The statement is back in use. The team will rate it in the next round.")
    else:
        services.statement_retire(member=member, statement=statement)
        messages.success(request, "The statement is set aside. Answers already given are kept.")
    return redirect("trip:statements", team=member.team.slug)


# --- Benchmarking: rounds ---


def _round(member: Membership, pk: int) -> BenchmarkRound:
    return get_object_or_404(BenchmarkRound.objects.for_team(member.team).select_related("cycle"), pk=pk)


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def round_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    form = RoundForm(posted(request), initial={"name": f"{cycle.name}: how we are doing"})
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.round_open(member=member, cycle=cycle, **form.cleaned_data)
        except services.TripError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                f"“{opened.name}” is open. Share this page's address, or ask everyone to open the TRIP page.",
            )
            return redirect("trip:round", team=member.team.slug, pk=opened.pk)
    return render_page(request, "trip/round_form.jinja", _page(member, form=form, cycle=cycle))


@require_POST
@team_view(roles=MANAGER_ROLES)
def round_close(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _round(member, pk)
    try:
        services.round_close(round=found)
    except services.TripError as problem:
        messages.info(request, str(problem))
    else:
        messages.success(request, f"“{found.name}” is closed. Here is what the team said.")
    return redirect("trip:round_results", team=member.team.slug, pk=found.pk)


@dataclass
class Answer:
    """One statement on the rating page, with this member's answer so far."""

    statement: Statement
    form: BenchmarkAnswerForm | None  # none once the round is closed: nothing can be changed
    rating: BenchmarkRating | None = None
    saved: bool = False
    problem: str = ""
    asked_for_notes: bool = False

    @property
    def shows_notes(self) -> bool:
        """Whether the card shows its note boxes: asked for, just sent, or holding notes already."""
        sent = self.form is not None and self.form.is_bound and self.form.notes_sent()
        kept = self.rating is not None and (self.rating.achieved or self.rating.next_step)
        return bool(self.asked_for_notes or sent or kept)


def _answer_form(statement: Statement, rating: BenchmarkRating | None, data=None) -> BenchmarkAnswerForm:
    initial = None
    if rating is not None:
        answer = DONT_KNOW if rating.score is None else str(rating.score)
        initial = {"answer": answer, "achieved": rating.achieved, "next_step": rating.next_step}
    # Ids without Django's "id_": 60 statements of six options each, on one page.
    return BenchmarkAnswerForm(data, initial=initial, prefix=f"s{statement.pk}", auto_id="%s")


def _rating_page(
    request: HttpRequest, member: Membership, found: BenchmarkRound, posted: Answer | None = None
) -> HttpResponse:
    in_use = Statement.objects.in_use_by(member.team).select_related("current_version").in_theme_order()
    mine = {r.statement_id: r for r in found.ratings.filter(member=member)}
    answers = []
    for statement in in_use:
        if posted is not None and posted.statement.pk == statement.pk:
            answers.append(posted)
        else:
            rating = mine.get(statement.pk)
            form = _answer_form(statement, rating) if found.is_open else None
            answers.append(Answer(statement, form, rating))
    answered = sum(1 for a in answers if a.rating is not None)
    context = _page(member, round=found, answers=answers, answered=answered, total=len(answers))
    return render_page(request, "trip/round.jinja", context)


def _on_a_phone(request: HttpRequest) -> bool:
    # Chromium says so in a client hint; other browsers only in the user agent ("Mobi", as MDN advises).
    return request.headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in request.headers.get("User-Agent", "")


# Named after its URL, "trip:round". (This module has no use for Python's round().)
@require_GET
@team_view()
def round(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _round(member, pk)
    # The round's one address (shared, and in its QR code) opens one statement at a time on a phone,
    # where 32 cards are 8,000 px of scrolling. Desktops and meeting screens keep the whole list,
    # and so does anyone who asks for it ("?all").
    if found.is_open and "all" not in request.GET and _on_a_phone(request):
        response = redirect("trip:round_resume", team=member.team.slug, pk=found.pk)
    else:
        response = _rating_page(request, member, found)
    patch_vary_headers(response, ["Sec-CH-UA-Mobile", "User-Agent"])
    return response


@GET_OR_POST
@team_view()
def round_rate(request: HttpRequest, member: Membership, pk: int, statement: int) -> HttpResponse:
    """Save one answer from the page of all statements. Asked for (GET), the statement's card
    again with its note boxes open; or, without htmx, the statement on its own page.

    A save through htmx answers with the card's status line and the progress bar alone: the
    person may already be typing in the card's other note box, and a new card would wipe it. When
    a save is sent at all (a tap, Space or leaving the options, never each option passed by arrow
    keys; and leaving a note box) is static/js/rating.js's business."""
    found = _round(member, pk)
    rated = get_object_or_404(
        Statement.objects.in_use_by(member.team).select_related("current_version"), pk=statement
    )
    rating = found.ratings.filter(member=member, statement=rated).first()
    if request.method == "GET":
        return _card_with_notes(request, member, found, rated, rating)
    form = _answer_form(rated, rating, request.POST)
    answer = Answer(rated, form, rating)
    if form.is_valid():
        try:
            answer.rating = services.rating_save(
                member=member,
                round=found,
                statement=rated,
                score=form.score(),
                achieved=form.cleaned_data["achieved"],
                next_step=form.cleaned_data["next_step"],
            )
            answer.saved = True
            # Each person's answers stay theirs alone: their words are not counted for the team.
            lens_saved(request, member, form, *form.notes_sent(), private=True)
        except services.TripError as problem:
            if not request.htmx:
                messages.info(request, str(problem))
                return redirect("trip:round", team=member.team.slug, pk=found.pk)
            answer.problem = str(problem)
        else:
            if not request.htmx:
                messages.success(request, "Thank you. Your answer is saved.")
                return redirect(
                    reverse("trip:round", kwargs={"team": member.team.slug, "pk": found.pk})
                    + f"#statement-{rated.pk}"
                )
    if not request.htmx:
        return _rating_page(request, member, found, posted=answer)
    # What became of the answer, and the progress bar (swapped out of band).
    answered = found.ratings.filter(
        member=member, statement__in=Statement.objects.in_use_by(member.team)
    ).count()
    total = Statement.objects.in_use_by(member.team).count()
    context = _page(member, round=found, answer=answer, answered=answered, total=total, oob=True)
    return HttpResponse(
        render_fragment(request, "trip/round.jinja", "status", context)
        + render_fragment(request, "trip/round.jinja", "progress", context)
    )


def _card_with_notes(
    request: HttpRequest,
    member: Membership,
    found: BenchmarkRound,
    rated: Statement,
    rating: BenchmarkRating | None,
) -> HttpResponse:
    if not request.htmx:
        in_use, _ = _statements_and_mine(member, found)
        return redirect(_step_url(member, found, [s.pk for s in in_use].index(rated.pk) + 1))
    form = _answer_form(rated, rating) if found.is_open else None
    answer = Answer(rated, form, rating, asked_for_notes=True)
    context = _page(member, round=found, answer=answer)
    return HttpResponse(render_fragment(request, "trip/round.jinja", "answer", context))


# --- Benchmarking: one statement at a time (the NHS "one thing per page" pattern, for phones) ---


def _statements_and_mine(member: Membership, found: BenchmarkRound) -> tuple[list[Statement], set[int]]:
    """The statements in use, in the order they are asked, and those this member has answered."""
    in_use = Statement.objects.in_use_by(member.team).select_related("current_version").in_theme_order()
    answered = set(found.ratings.filter(member=member).values_list("statement_id", flat=True))
    return in_use, answered & {s.pk for s in in_use}


def _step_url(member: Membership, found: BenchmarkRound, n: int) -> str:
    return reverse("trip:round_step", kwargs={"team": member.team.slug, "pk": found.pk, "n": n})


def _closed(request: HttpRequest, member: Membership, found: BenchmarkRound) -> HttpResponse:
    messages.info(request, services.CLOSED_ROUND)
    return redirect("trip:round", team=member.team.slug, pk=found.pk)


@require_GET
@team_view()
def round_resume(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """Carry on where the member stopped: the first statement they have not answered yet."""
    found = _round(member, pk)
    if not found.is_open:
        return _closed(request, member, found)
    in_use, answered = _statements_and_mine(member, found)
    first = next((n for n, s in enumerate(in_use, start=1) if s.pk not in answered), None)
    if first is None:
        return redirect("trip:round_end", team=member.team.slug, pk=found.pk)
    return redirect(_step_url(member, found, first))


def _blank(request: HttpRequest, form: BenchmarkAnswerForm) -> bool:
    return not any(request.POST.get(form.add_prefix(name), "").strip() for name in form.fields)


@GET_OR_POST
@team_view(keeps_drafts=True)
def round_step(request: HttpRequest, member: Membership, pk: int, n: int) -> HttpResponse:
    """One statement, its answer and notes, Back and Next.

    An answer is saved when the person confirms it, never merely by moving through the options:
    arrow keys in a radio group choose each option they pass (and fire `change`), so saving on
    `change` would save every one. A tap or click saves at once, through htmx (static/js/rating.js
    tells a pointer from arrow keys); Space confirms the focused option the same way; Enter or
    "Next" posts the form, which saves and opens the next statement. Without JavaScript the form
    is an ordinary POST: "Next" and "Back" save what is chosen and move on.
    """
    found = _round(member, pk)
    # A tap in a page opened before the round closed is told so under the options, by the save.
    if not found.is_open and not request.htmx:
        return _closed(request, member, found)
    in_use, answered = _statements_and_mine(member, found)
    if not 1 <= n <= len(in_use):
        raise Http404("There is no statement at this place in the round.")
    statement = in_use[n - 1]
    rating = found.ratings.filter(member=member, statement=statement).first()
    form = _answer_form(statement, rating, kept_draft(request))
    saved, problem = False, ""
    if request.method == "POST":
        form = _answer_form(statement, rating, request.POST)
        going_back = request.POST.get("go") == "back"
        after = (
            _step_url(member, found, n - 1)
            if going_back and n > 1
            else _step_url(member, found, n + 1)
            if n < len(in_use)
            else reverse("trip:round_end", kwargs={"team": member.team.slug, "pk": found.pk})
        )
        # Nothing chosen and nothing written: a statement may be skipped, and comes back in the summary.
        if _blank(request, form) and not request.htmx:
            return redirect(after)
        if form.is_valid():
            try:
                rating = services.rating_save(
                    member=member,
                    round=found,
                    statement=statement,
                    score=form.score(),
                    achieved=form.cleaned_data["achieved"],
                    next_step=form.cleaned_data["next_step"],
                )
            except services.TripError as problem_found:
                if not request.htmx:
                    return _closed(request, member, found)
                problem = str(problem_found)
            else:
                lens_saved(request, member, form, *form.notes_sent(), private=True)
                if not request.htmx:
                    return redirect(after)
                saved = True
                answered.add(statement.pk)
    context = _page(
        member,
        round=found,
        statement=statement,
        form=form,
        rating=rating,
        saved=saved,
        problem=problem,
        n=n,
        total=len(in_use),
        answered=len(answered),
        oob=True,
    )
    if request.htmx:
        return HttpResponse(
            render_fragment(request, "trip/round_step.jinja", "status", context)
            + render_fragment(request, "trip/round_step.jinja", "progress", context)
        )
    return render_page(request, "trip/round_step.jinja", {**context, "oob": False})


@require_GET
@team_view()
def round_end(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """The end of the round: what is still unanswered, each with a way back to it."""
    found = _round(member, pk)
    if not found.is_open:
        return _closed(request, member, found)
    in_use, answered = _statements_and_mine(member, found)
    unanswered = [(n, s) for n, s in enumerate(in_use, start=1) if s.pk not in answered]
    context = _page(member, round=found, unanswered=unanswered, answered=len(answered), total=len(in_use))
    return render_page(request, "trip/round_end.jinja", context)


@require_GET
@team_view(roles=MANAGER_ROLES)
def round_qr(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """The round's address as a QR code, to show on a screen or a poster in the meeting room."""
    found = _round(member, pk)
    return qr_svg_response(
        absolute_url(reverse("trip:round", kwargs={"team": member.team.slug, "pk": found.pk}))
    )


@require_GET
@team_view()
def round_results(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _round(member, pk)
    # Results of an open round would change with each answer, and so give away who said what.
    # A closed round's are the same for everyone in the team until its data changes.
    closed_results = None
    if not found.is_open:
        closed_results = team_cache_get_or_make(
            member.team_id, "round-results", [found.pk], lambda: _closed_results(member, found)
        )
    context = _page(member, round=found, closed_results=closed_results)
    return render_page(request, "trip/results.jinja", context)


def _closed_results(member: Membership, found: BenchmarkRound) -> Markup:
    shown = results.round_results_with_change(round=found)
    charts = results.results_charts(results=shown, words=TeamWords(member.team))
    context = _page(member, round=found, results=shown, charts=charts)
    # Drawn without the request, so nothing of the reader's own (a form's token) can be kept.
    return Markup(render_to_string("trip/_results_closed.jinja", context))  # noqa: S704 (an autoescaped template)


@require_GET
@team_view()
def round_theme_results(request: HttpRequest, member: Membership, pk: int, theme: str) -> HttpResponse:
    """One theme's statements, group by group: the detail the results page links to, so that page
    stays quick to load with every statement in the library."""
    found = _round(member, pk)
    if found.is_open:
        return redirect("trip:round_results", team=member.team.slug, pk=found.pk)
    shown = results.round_results_with_change(round=found)
    part = shown.theme(theme)
    if part is None:
        raise Http404("No one answered in this theme.")
    charts = results.results_charts(results=shown, words=TeamWords(member.team))
    context = _page(member, round=found, results=shown, theme=part, charts=charts)
    return render_page(request, "trip/results_theme.jinja", context)


# --- Benchmarking: meeting mode ---


@dataclass
class Agreeing:
    """One statement in meeting mode: what the groups said, and what the group agreed."""

    result: results.StatementResult
    agreement: TeamAgreement | None
    form: AgreementForm
    saved: bool = False
    # The meeting's section the statement is in: "going_well", "gaps" or "too_few".
    section: str = ""


def _agreement_form(statement_id: int, agreement: TeamAgreement | None, data=None) -> AgreementForm:
    initial = {"score": agreement.score, "reason": agreement.reason} if agreement else None
    return AgreementForm(data, initial=initial, prefix=f"a{statement_id}")


def _meeting_items(found: BenchmarkRound) -> list[Agreeing]:
    agreements = {a.statement_id: a for a in found.agreements.all()}
    items = []
    # "Start with what is going well": the most achieved first, the gaps after.
    for section, statements in results.round_results(round=found).meeting_order():
        for result in statements:
            agreement = agreements.get(result.version.statement_id)
            form = _agreement_form(result.version.statement_id, agreement)
            items.append(Agreeing(result, agreement, form, section=section))
    return items


def _meeting_page(request: HttpRequest, member: Membership, found: BenchmarkRound, items) -> HttpResponse:
    return render_page(request, "trip/meeting.jinja", _page(member, round=found, items=items))


@require_GET
@team_view()
def round_meeting(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _round(member, pk)
    return _meeting_page(request, member, found, [] if found.is_open else _meeting_items(found))


@require_POST
@team_view(roles=MANAGER_ROLES)
def round_agree(request: HttpRequest, member: Membership, pk: int, statement: int) -> HttpResponse:
    found = _round(member, pk)
    agreed = get_object_or_404(
        Statement.objects.for_team(member.team).select_related("current_version"), pk=statement
    )
    if found.is_open:
        messages.info(request, "Meeting mode opens when the round closes.")
        return redirect("trip:round_meeting", team=member.team.slug, pk=found.pk)
    items = _meeting_items(found)
    # Only statements the team rated in this round are on the meeting page.
    item = next((i for i in reversed(items) if i.result.version.statement_id == agreed.pk), None)
    if item is None:
        raise Http404("This statement was not rated in this round.")
    item.form = _agreement_form(agreed.pk, item.agreement, request.POST)
    if item.form.is_valid():
        item.agreement = services.agreement_save(
            member=member, round=found, statement=agreed, **item.form.cleaned_data
        )
        item.saved = True
        lens_saved(request, member, item.form, "reason")
        if not request.htmx:
            messages.success(request, "The agreed rating is saved.")
            return redirect(
                reverse("trip:round_meeting", kwargs={"team": member.team.slug, "pk": found.pk})
                + f"#agree-{agreed.pk}"
            )
    if request.htmx:
        context = _page(member, round=found, item=item)
        return HttpResponse(render_fragment(request, "trip/meeting.jinja", "agreement", context))
    return _meeting_page(request, member, found, items)
