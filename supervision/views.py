"""Supervision pages. Every query starts from the signed-in member: their own reflections
(`Reflection.objects.for_author`), the sessions they take part in (`SupervisionSession.objects
.involving`). Anything else is "not found", for a manager too: privacy here is absolute."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from conversations.services import lens_saved
from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.guessing import wrong_code_pause
from recovery_culture.lib.links import absolute_url
from recovery_culture.lib.pdf import pdf_download_response
from recovery_culture.lib.qr import qr_svg_response
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from supervision import services
from supervision.forms import (
    NOTE_FIELDS,
    CardCodeForm,
    FeedbackCardsForm,
    FeedbackForm,
    FeedbackRequestForm,
    LeadershipReflectionForm,
    PreparationForm,
    ReflectionForm,
    SessionForm,
    SessionNotesForm,
    ShareResultsForm,
)
from supervision.models import (
    PATTERN_WEEKS,
    FeedbackCard,
    FeedbackRequest,
    LeadershipReflection,
    Reflection,
    SupervisionRecord,
    SupervisionSession,
    goal_lines,
)
from teams.access import kept_draft, posted_or_kept, team_view
from teams.models import ALL_ROLES, MANAGER_ROLES, STAFF_ROLES, Membership

RECENT_REFLECTIONS = 20
COVERAGE_DAYS = 365


def _page(member: Membership, **context) -> dict:
    return {"member": member, "nav": "supervision", **context}


# --- Quick reflections: private to their author ---


def _home(request: HttpRequest, member: Membership, form: ReflectionForm, **extra) -> HttpResponse:
    context = _page(member, form=form, **extra)
    return render_page(request, "supervision/home.jinja", context, fragment="reflect")


@require_GET
@team_view(roles=STAFF_ROLES)
def home(request: HttpRequest, member: Membership) -> HttpResponse:
    return _home(request, member, ReflectionForm(kept_draft(request)))


@require_POST
@team_view(roles=STAFF_ROLES, keeps_drafts=True)
def reflect(request: HttpRequest, member: Membership) -> HttpResponse:
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return _home(request, member, form)
    services.reflection_create(author=member, **form.cleaned_data)
    lens_saved(request, member, form, "went_well", private=True)
    if request.htmx:
        return _home(request, member, ReflectionForm(), saved=True)
    messages.success(request, "Thank you. Your reflection is saved, just for you.")
    return redirect("supervision:home", team=member.team.slug)


def _pattern(request: HttpRequest, member: Membership) -> HttpResponse:
    reflections = list(
        Reflection.objects.for_author(member)
        .filter(created_at__gte=timezone.now() - dt.timedelta(weeks=PATTERN_WEEKS))
        .prefetch_related("tips")[:RECENT_REFLECTIONS]
    )
    context = _page(member, pattern=services.reflection_pattern(member), reflections=reflections)
    return render_page(request, "supervision/pattern.jinja", context, fragment="pattern")


@require_GET
@team_view(roles=STAFF_ROLES)
def pattern(request: HttpRequest, member: Membership) -> HttpResponse:
    return _pattern(request, member)


@require_POST
@team_view(roles=STAFF_ROLES)
def reflection_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    get_object_or_404(Reflection.objects.for_author(member), pk=pk).delete()
    if request.htmx:
        return _pattern(request, member)
    messages.success(request, "That reflection is deleted.")
    return redirect("supervision:pattern", team=member.team.slug)


@require_POST
@team_view(roles=STAFF_ROLES)
def reflection_bring(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    reflection = get_object_or_404(Reflection.objects.for_author(member), pk=pk)
    reflection.bring_to_supervision = request.POST.get("bring") == "yes"
    reflection.save(update_fields=["bring_to_supervision"])
    if request.htmx:
        return _pattern(request, member)
    if reflection.bring_to_supervision:
        messages.success(request, "You will see this reflection when you open your next supervision.")
    else:
        messages.success(request, "This reflection stays just for you.")
    return redirect("supervision:pattern", team=member.team.slug)


# --- Supervision sessions: only the supervisor and supervisee ever see one ---


def _session(member: Membership, pk: int) -> SupervisionSession:
    return get_object_or_404(
        SupervisionSession.objects.involving(member).select_related("supervisor__user", "supervisee__user"),
        pk=pk,
    )


@require_GET
@team_view(roles=STAFF_ROLES)
def sessions(request: HttpRequest, member: Membership) -> HttpResponse:
    mine = list(
        SupervisionSession.objects.involving(member).select_related("supervisor__user", "supervisee__user")
    )
    return render_page(request, "supervision/sessions.jinja", _page(member, sessions=mine))


@GET_OR_POST
@team_view(roles=STAFF_ROLES)
def session_new(request: HttpRequest, member: Membership) -> HttpResponse:
    initial = {"held_on": timezone.localdate(), "supervisor": str(member.pk)}
    form = SessionForm(posted(request), member=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = services.session_create(
            recorded_by=member,
            supervisor=data["supervisor_member"],
            supervisee=data["supervisee_member"],
            held_on=data["held_on"],
            tips=data["tips"],
        )
        other = session.other_person(member)
        messages.success(
            request,
            f"The session is set up. {other.name} will be asked to confirm it; "
            "you can write it up together from here.",
        )
        return redirect("supervision:session", team=member.team.slug, pk=session.pk)
    return render_page(request, "supervision/session_new.jinja", _page(member, form=form))


@require_GET
@team_view(roles=STAFF_ROLES)
def session(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _session(member, pk)
    previous = found.previous()
    # Reflections stay their author's: only the supervisee sees the ones they chose to bring.
    brought, leading_goals = [], []
    if member.pk == found.supervisee_id:
        brought = list(
            Reflection.objects.for_author(member).filter(bring_to_supervision=True).prefetch_related("tips")
        )
        leading_goals = list(
            LeadershipReflection.objects.for_leader(member).filter(bring_to_supervision=True)[:3]
        )
    context = _page(
        member,
        session=found,
        session_tips=found.ordered_tips(),
        previous=previous,
        previous_goals=goal_lines(previous.agreed_goals) if previous else [],
        goals=goal_lines(found.agreed_goals),
        brought=brought,
        leading_goals=leading_goals,
        is_supervisee=member.pk == found.supervisee_id,
        to_confirm=found.awaits_confirmation_from(member),
    )
    return render_page(request, "supervision/session.jinja", context)


@require_POST
@team_view(roles=STAFF_ROLES)
def session_confirm(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(SupervisionSession.objects.to_confirm_by(member), pk=pk)
    services.session_confirm(session=found, member=member)
    messages.success(request, "Thank you. The session is confirmed and counts in the team's supervision.")
    return redirect("supervision:session", team=member.team.slug, pk=found.pk)


@GET_OR_POST
@team_view(roles=STAFF_ROLES)
def session_decline(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """Asks before removing: "No, remove it" on the session opens this page, which says what
    removing means (the session goes, notes and all), and only its POST removes."""
    found = get_object_or_404(
        SupervisionSession.objects.to_confirm_by(member).select_related(
            "supervisor__user", "supervisee__user"
        ),
        pk=pk,
    )
    if request.method == "POST":
        services.session_decline(session=found, member=member)
        messages.success(
            request,
            "That session is removed. If it happened on another day, either of you can set it up again.",
        )
        return redirect("supervision:sessions", team=member.team.slug)
    context = _page(member, session=found, other=found.other_person(member))
    return render_page(request, "supervision/session_decline.jinja", context)


@GET_OR_POST
@team_view(roles=STAFF_ROLES, keeps_drafts=True)
def session_prepare(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    # Only the supervisee writes their preparation; to anyone else there is nothing here.
    found = get_object_or_404(
        SupervisionSession.objects.as_supervisee(member).select_related("supervisor__user"), pk=pk
    )
    form = PreparationForm(posted_or_kept(request), instance=found)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        lens_saved(request, member, form, "preparation", private=True)
        if not request.htmx:
            messages.success(request, "Your preparation notes are saved.")
            return redirect("supervision:session", team=member.team.slug, pk=found.pk)
        saved = True
    context = _page(member, session=found, preparation_form=form, saved=saved)
    return render_page(request, "supervision/session_prepare.jinja", context, fragment="preparation")


@GET_OR_POST
@team_view(roles=STAFF_ROLES, keeps_drafts=True)
def session_record(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _session(member, pk)
    tips = found.ordered_tips()
    form = SessionNotesForm(posted_or_kept(request), session=found, tips=tips)
    if request.method == "POST" and form.is_valid():
        services.session_record(
            session=found, notes=form.notes(), agreed_goals=form.cleaned_data["agreed_goals"]
        )
        messages.success(request, "The session is written up. Thank you both.")
        lens_saved(request, member, form, *form.fields, private=True)
        return redirect("supervision:session", team=member.team.slug, pk=found.pk)
    context = _page(member, session=found, form=form, session_tips=tips, parts=NOTE_FIELDS)
    return render_page(request, "supervision/session_record.jinja", context)


# --- Coverage: for managers, dates and counts only ---


@require_GET
@team_view(roles=MANAGER_ROLES)
def coverage(request: HttpRequest, member: Membership) -> HttpResponse:
    since = timezone.localdate() - dt.timedelta(days=COVERAGE_DAYS)
    rows = services.supervision_coverage(member, since=since)
    return render_page(request, "supervision/coverage.jinja", _page(member, rows=rows, since=since))


# --- Feedback from people using the service (ADR 0005): answered with single-use cards that
# someone other than the worker hands out; the worker sees one tally, made when answers close ---


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_requests(request: HttpRequest, member: Membership) -> HttpResponse:
    mine = list(FeedbackRequest.objects.for_worker(member).about_work().annotate(answered=Count("responses")))
    context = _page(member, feedback_requests=mine, form=FeedbackRequestForm(), threshold=SMALLEST_GROUP)
    return render_page(request, "supervision/feedback_requests.jinja", context)


@require_POST
@team_view(roles=STAFF_ROLES)
def feedback_request_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = FeedbackRequestForm(request.POST)
    if not form.is_valid():
        mine = list(
            FeedbackRequest.objects.for_worker(member).about_work().annotate(answered=Count("responses"))
        )
        context = _page(member, feedback_requests=mine, form=form, threshold=SMALLEST_GROUP)
        return render_page(request, "supervision/feedback_requests.jinja", context)
    created = services.feedback_request_create(worker=member, closes_on=form.cleaned_data["closes_on"])
    messages.success(
        request,
        "Your feedback request is ready. Ask your supervisor or your manager to print the answer cards.",
    )
    return redirect("supervision:feedback_request", team=member.team.slug, pk=created.pk)


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_request(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(FeedbackRequest.objects.for_worker(member).about_work(), pk=pk)
    found = services.feedback_request_tally_if_over(found)
    context = _page(
        member,
        feedback=found,
        answered=found.responses.count(),
        results=services.feedback_results(found),
        threshold=SMALLEST_GROUP,
    )
    return render_page(request, "supervision/feedback_request.jinja", context)


@require_POST
@team_view(roles=STAFF_ROLES)
def feedback_request_close(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(FeedbackRequest.objects.for_worker(member).about_work(), pk=pk)
    services.feedback_request_close(request=found)
    messages.success(request, "This feedback request is closed. No more answers will be taken.")
    return redirect("supervision:feedback_request", team=member.team.slug, pk=found.pk)


# Cards are for the worker's supervisor or manager to hand out; the worker never sees one.


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_cards(request: HttpRequest, member: Membership) -> HttpResponse:
    requests = list(
        FeedbackRequest.objects.for_card_giver(member)
        .collecting()
        .select_related("worker__user")
        .annotate(cards_made=Count("cards"))
        .order_by("closes_on", "id")
    )
    context = _page(member, feedback_requests=requests, form=FeedbackCardsForm())
    return render_page(request, "supervision/feedback_cards.jinja", context)


def _card_request(member: Membership, pk: int) -> FeedbackRequest:
    return get_object_or_404(
        FeedbackRequest.objects.for_card_giver(member).collecting().select_related("worker__user"), pk=pk
    )


@GET_OR_POST
@team_view(roles=STAFF_ROLES)
def feedback_cards_sheet(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """The cards still unused for one request, to print and hand out, and a form to make more."""
    found = _card_request(member, pk)
    form = FeedbackCardsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.feedback_cards_make(request=found, count=form.cleaned_data["count"])
        return redirect("supervision:feedback_cards_sheet", team=member.team.slug, pk=found.pk)
    context = _page(
        member,
        feedback=found,
        cards=list(found.cards.filter(used=False).order_by("id")),
        form=form,
        code_page=absolute_url(reverse("supervision:feedback_code", kwargs={"team": member.team.slug})),
    )
    return render_page(request, "supervision/feedback_cards_sheet.jinja", context)


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_card_qr(request: HttpRequest, member: Membership, pk: int, code: str) -> HttpResponse:
    card = get_object_or_404(_card_request(member, pk).cards.filter(used=False), code=code)
    return qr_svg_response(
        absolute_url(
            reverse("supervision:feedback_answer", kwargs={"team": member.team.slug, "code": card.code})
        )
    )


# For people using the service: no sign-in, and nothing about them kept.


@GET_OR_POST
def feedback_code(request: HttpRequest, team: str) -> HttpResponse:
    """For a person who has only the text of their card: they type the code, and go on to the
    questions."""
    form = CardCodeForm(posted(request), team_slug=team)
    if request.method == "POST":
        if minutes := wrong_code_pause(request, "feedback-card"):
            return _card_pause(request, form, minutes)
        if form.is_valid():
            return redirect("supervision:feedback_answer", team=team, code=form.cleaned_data["code"].code)
        if form.has_error("code", "unknown") and (
            minutes := wrong_code_pause(request, "feedback-card", count=True)
        ):
            return _card_pause(request, form, minutes)
    return render_page(request, "supervision/feedback_code.jinja", {"form": form})


def _card_pause(request: HttpRequest, form: CardCodeForm, minutes: int) -> HttpResponse:
    return render_page(
        request, "supervision/feedback_code.jinja", {"form": form, "wait_minutes": minutes}, status=429
    )


@GET_OR_POST
def feedback_answer(request: HttpRequest, team: str, code: str) -> HttpResponse:
    """The page a person using the service opens from their card. The card answers once: it is
    spent in the same transaction as the answer is saved."""
    if minutes := wrong_code_pause(request, "feedback-card"):
        return _card_pause(request, CardCodeForm(team_slug=team), minutes)
    card = (
        FeedbackCard.objects.select_related("request__worker__user", "request__worker__team")
        .filter(code=code, request__worker__team__slug=team)
        .first()
    )
    if card is None:
        # An address with a made-up code counts as a wrong guess, like a code typed on the form.
        wrong_code_pause(request, "feedback-card", count=True)
        raise Http404("No such card")
    found = card.request
    context = {"feedback": found, "worker": found.worker}
    if card.used:
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "answered": True})
    if not found.is_open or not found.worker.is_active:
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "closed": True})
    form = FeedbackForm(posted(request), questions=found.questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer(card=card, scores=form.scores(), comment=form.cleaned_data["comment"])
        except services.FeedbackRefused as refused:
            # Sent twice at once, or just as the request closed: say so, kindly.
            outcome = {"answered": True} if refused.reason == services.CARD_USED else {"closed": True}
            return render_page(request, "supervision/feedback_answer.jinja", {**context, **outcome})
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "thanks": True})
    return render_page(request, "supervision/feedback_answer.jinja", {**context, "form": form})


# --- The supervisee's own record as a PDF, made in the background ---


def _record_page(request: HttpRequest, member: Membership, record: SupervisionRecord) -> HttpResponse:
    context = _page(member, record=record)
    return render_page(request, "supervision/record.jinja", context, fragment="record_status")


@require_POST
@team_view(roles=STAFF_ROLES)
def record_new(request: HttpRequest, member: Membership) -> HttpResponse:
    record = services.supervision_record_request(supervisee=member)
    return redirect("supervision:record", team=member.team.slug, pk=record.pk)


@require_GET
@team_view(roles=STAFF_ROLES)
def record(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(SupervisionRecord.objects.for_supervisee(member).defer("pdf"), pk=pk)
    return _record_page(request, member, found)


@require_GET
@team_view(roles=STAFF_ROLES)
def record_download(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(SupervisionRecord.objects.for_supervisee(member), pk=pk)
    return pdf_download_response(request, found, by=member, what="Your record")


# --- Leading recovery: a leader's own monthly reflection and listening windows. A leader's
# reflections and results are theirs alone: anyone else, the person above them too, gets 404 ---


def _leader(member: Membership) -> Membership:
    if not services.is_leader(member):
        raise PermissionDenied(
            "These pages are for the team's leaders: its managers and anyone who holds a lead role."
        )
    return member


def _leading_page(member: Membership, **context) -> dict:
    return _page(member, nav="supervision" if member.is_staff_member else "", **context)


@require_GET
@team_view(roles=ALL_ROLES)
def leading(request: HttpRequest, member: Membership) -> HttpResponse:
    """Leading recovery: for a leader, their reflection and listening; for everyone, the team's
    open listening windows to answer and any results a leader shared with them."""
    to_answer = list(services.pulses_to_answer(member))
    shared = list(FeedbackRequest.objects.shared_with(member).select_related("worker__user"))
    context = _leading_page(member, to_answer=to_answer, shared=shared, is_leader=services.is_leader(member))
    if context["is_leader"]:
        this_month = services.month_start(timezone.localdate())
        context.update(
            reflected=LeadershipReflection.objects.for_leader(member).filter(month=this_month).exists(),
            windows=list(
                FeedbackRequest.objects.for_worker(member)
                .about_leading()
                .annotate(answered=Count("responses"))
            ),
            form=FeedbackRequestForm(),
            threshold=SMALLEST_GROUP,
        )
    return render_page(request, "supervision/leading.jinja", context)


@GET_OR_POST
@team_view(roles=ALL_ROLES)
def leading_reflect(request: HttpRequest, member: Membership) -> HttpResponse:
    """This month's reflection, filled in again if the leader comes back to it."""
    _leader(member)
    this_month = services.month_start(timezone.localdate())
    done = (
        LeadershipReflection.objects.for_leader(member)
        .filter(month=this_month)
        .prefetch_related("ratings")
        .first()
    )
    initial = {}
    if done is not None:
        initial = {r.behaviour: str(r.how_often) for r in done.ratings.all()}
        initial.update(note=done.note, try_next=done.try_next, bring_to_supervision=done.bring_to_supervision)
    form = LeadershipReflectionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.leadership_reflection_save(
            leader=member,
            month=this_month,
            how_often=form.how_often(),
            note=form.cleaned_data["note"],
            try_next=form.cleaned_data["try_next"],
            bring_to_supervision=form.cleaned_data["bring_to_supervision"],
        )
        messages.success(request, "Thank you. Your reflection for this month is saved, just for you.")
        lens_saved(request, member, form, "note", "try_next", private=True)
        return redirect("supervision:leading_pattern", team=member.team.slug)
    return render_page(
        request, "supervision/leading_reflect.jinja", _leading_page(member, form=form, month=this_month)
    )


@require_GET
@team_view(roles=ALL_ROLES)
def leading_pattern(request: HttpRequest, member: Membership) -> HttpResponse:
    _leader(member)
    context = _leading_page(member, months=services.leadership_pattern(member))
    return render_page(request, "supervision/leading_pattern.jinja", context)


@require_POST
@team_view(roles=ALL_ROLES)
def listening_new(request: HttpRequest, member: Membership) -> HttpResponse:
    _leader(member)
    form = FeedbackRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["closes_on"][0])
        return redirect("supervision:leading", team=member.team.slug)
    window = services.listening_window_open(leader=member, closes_on=form.cleaned_data["closes_on"])
    messages.success(
        request,
        "Your listening window is open. Share the link with the team, and ask a colleague to print "
        "answer cards for people without an account.",
    )
    return redirect("supervision:listening", team=member.team.slug, pk=window.pk)


def _own_window(member: Membership, pk: int) -> FeedbackRequest:
    return get_object_or_404(FeedbackRequest.objects.for_worker(member).about_leading(), pk=pk)


@require_GET
@team_view(roles=ALL_ROLES)
def listening(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """A listening window: to its leader, how many answered and then the results; to someone the
    leader shared the results with, the results alone. To anyone else it does not exist."""
    window = FeedbackRequest.objects.for_worker(member).about_leading().filter(pk=pk).first()
    own = window is not None
    if not own:
        window = get_object_or_404(
            FeedbackRequest.objects.shared_with(member).select_related("worker__user"), pk=pk
        )
    window = services.feedback_request_tally_if_over(window)
    context = _leading_page(
        member,
        window=window,
        own=own,
        answered=window.responses.count() if own and not window.is_tallied else None,
        results=services.feedback_results(window),
        threshold=SMALLEST_GROUP,
        share_form=ShareResultsForm(initial={"shared_with": window.shared_with}),
        pulse_link=absolute_url(
            reverse("supervision:pulse", kwargs={"team": member.team.slug, "pk": window.pk})
        ),
    )
    return render_page(request, "supervision/listening.jinja", context)


@require_POST
@team_view(roles=ALL_ROLES)
def listening_close(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    services.feedback_request_close(request=_own_window(member, pk))
    messages.success(request, "Your listening window is closed. No more answers will be taken.")
    return redirect("supervision:listening", team=member.team.slug, pk=pk)


@require_POST
@team_view(roles=ALL_ROLES)
def listening_share(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    window = _own_window(member, pk)
    form = ShareResultsForm(request.POST)
    if form.is_valid():
        window.shared_with = form.cleaned_data["shared_with"]
        window.save(update_fields=["shared_with"])
        messages.success(request, f"Saved: {window.get_shared_with_display().lower()} can see these results.")
    else:
        messages.error(request, form.errors["shared_with"][0])
    return redirect("supervision:listening", team=member.team.slug, pk=pk)


@GET_OR_POST
@team_view(roles=ALL_ROLES)
def pulse(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """A team member tells a leader how the team is led: once each, anonymously, never the
    leader themselves."""
    window = get_object_or_404(
        FeedbackRequest.objects.listening_for(member).select_related("worker__user"), pk=pk
    )
    context = _leading_page(member, feedback=window, worker=window.worker)
    if services.has_answered(window, member):
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "answered": True})
    if not window.is_open or not window.worker.is_active:
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "closed": True})
    form = FeedbackForm(posted(request), questions=window.questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer(
                window=window, member=member, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except services.FeedbackRefused as refused:
            outcome = {"answered": True} if refused.reason == services.CARD_USED else {"closed": True}
            return render_page(request, "supervision/feedback_answer.jinja", {**context, **outcome})
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "thanks": True})
    return render_page(request, "supervision/feedback_answer.jinja", {**context, "form": form})
