"""Supervision pages. Every query starts from the signed-in member: their own reflections
(`Reflection.objects.for_author`), the sessions they take part in (`SupervisionSession.objects
.involving`). Anything else is "not found", for a manager too: privacy here is absolute."""

import datetime as dt

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.qr import qr_svg_response
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from supervision import services
from supervision.forms import (
    NOTE_FIELDS,
    FeedbackForm,
    PreparationForm,
    ReflectionForm,
    SessionForm,
    SessionNotesForm,
)
from supervision.models import (
    PATTERN_WEEKS,
    FeedbackRequest,
    Reflection,
    SupervisionRecord,
    SupervisionSession,
    goal_lines,
)
from teams.access import team_view
from teams.models import MANAGER_ROLES, STAFF_ROLES, Membership

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
    return _home(request, member, ReflectionForm())


@require_POST
@team_view(roles=STAFF_ROLES)
def reflect(request: HttpRequest, member: Membership) -> HttpResponse:
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return _home(request, member, form)
    services.reflection_create(author=member, **form.cleaned_data)
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
            supervisor=data["supervisor_member"],
            supervisee=data["supervisee_member"],
            held_on=data["held_on"],
            tips=data["tips"],
        )
        messages.success(request, "The session is set up. You can write it up together from here.")
        return redirect("supervision:session", team=member.team.slug, pk=session.pk)
    return render_page(request, "supervision/session_new.jinja", _page(member, form=form))


@require_GET
@team_view(roles=STAFF_ROLES)
def session(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _session(member, pk)
    previous = found.previous()
    # Reflections stay their author's: only the supervisee sees the ones they chose to bring.
    brought = []
    if member.pk == found.supervisee_id:
        brought = list(
            Reflection.objects.for_author(member).filter(bring_to_supervision=True).prefetch_related("tips")
        )
    context = _page(
        member,
        session=found,
        session_tips=found.ordered_tips(),
        previous=previous,
        previous_goals=goal_lines(previous.agreed_goals) if previous else [],
        goals=goal_lines(found.agreed_goals),
        brought=brought,
        is_supervisee=member.pk == found.supervisee_id,
    )
    return render_page(request, "supervision/session.jinja", context)


@GET_OR_POST
@team_view(roles=STAFF_ROLES)
def session_prepare(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    # Only the supervisee writes their preparation; to anyone else there is nothing here.
    found = get_object_or_404(
        SupervisionSession.objects.as_supervisee(member).select_related("supervisor__user"), pk=pk
    )
    form = PreparationForm(posted(request), instance=found)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        if not request.htmx:
            messages.success(request, "Your preparation notes are saved.")
            return redirect("supervision:session", team=member.team.slug, pk=found.pk)
        saved = True
    context = _page(member, session=found, preparation_form=form, saved=saved)
    return render_page(request, "supervision/session_prepare.jinja", context, fragment="preparation")


@GET_OR_POST
@team_view(roles=STAFF_ROLES)
def session_record(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _session(member, pk)
    tips = found.ordered_tips()
    form = SessionNotesForm(posted(request), session=found, tips=tips)
    if request.method == "POST" and form.is_valid():
        services.session_record(
            session=found, notes=form.notes(), agreed_goals=form.cleaned_data["agreed_goals"]
        )
        messages.success(request, "The session is written up. Thank you both.")
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


# --- Feedback from people using the service: the worker sees results only after enough answers ---

ANSWERED_COOKIE = "rc-feedback-{pk}"
ANSWERED_MAX_AGE = 365 * 24 * 60 * 60


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_requests(request: HttpRequest, member: Membership) -> HttpResponse:
    mine = list(FeedbackRequest.objects.for_worker(member).annotate(answered=Count("responses")))
    context = _page(member, feedback_requests=mine, threshold=SMALLEST_GROUP)
    return render_page(request, "supervision/feedback_requests.jinja", context)


@require_POST
@team_view(roles=STAFF_ROLES)
def feedback_request_new(request: HttpRequest, member: Membership) -> HttpResponse:
    created = FeedbackRequest.objects.create(worker=member)
    messages.success(request, "Your feedback request is ready. Share its link with the people you work with.")
    return redirect("supervision:feedback_request", team=member.team.slug, pk=created.pk)


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_request(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(FeedbackRequest.objects.for_worker(member), pk=pk)
    link = _answer_link(request, member, found)
    context = _page(
        member,
        feedback=found,
        link=link,
        results=services.feedback_results(found),
        threshold=SMALLEST_GROUP,
    )
    return render_page(request, "supervision/feedback_request.jinja", context)


def _answer_link(request: HttpRequest, member: Membership, found: FeedbackRequest) -> str:
    return request.build_absolute_uri(
        reverse("supervision:feedback_answer", kwargs={"team": member.team.slug, "token": found.token})
    )


@require_GET
@team_view(roles=STAFF_ROLES)
def feedback_request_qr(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(FeedbackRequest.objects.for_worker(member).open(), pk=pk)
    return qr_svg_response(_answer_link(request, member, found))


@require_POST
@team_view(roles=STAFF_ROLES)
def feedback_request_close(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(FeedbackRequest.objects.for_worker(member), pk=pk)
    FeedbackRequest.objects.for_worker(member).filter(pk=found.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    messages.success(request, "This feedback request is closed. No more answers will be taken.")
    return redirect("supervision:feedback_request", team=member.team.slug, pk=found.pk)


@GET_OR_POST
def feedback_answer(request: HttpRequest, team: str, token: str) -> HttpResponse:
    """The page a person using the service opens from the link: no sign-in, nothing about them
    kept. A cookie (and the session) remembers that this browser has answered, so one person's
    voice counts once."""
    found = get_object_or_404(
        FeedbackRequest.objects.select_related("worker__user", "worker__team"),
        token=token,
        worker__team__slug=team,
    )
    cookie = ANSWERED_COOKIE.format(pk=found.pk)
    answered = request.get_signed_cookie(cookie, default=None) == "yes" or found.pk in request.session.get(
        "feedback_answered", []
    )
    context = {"feedback": found, "worker": found.worker}
    if answered:
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "answered": True})
    if not found.is_open or not found.worker.is_active:
        return render_page(request, "supervision/feedback_answer.jinja", {**context, "closed": True})
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.feedback_answer(request=found, scores=form.scores(), comment=form.cleaned_data["comment"])
        request.session["feedback_answered"] = [*request.session.get("feedback_answered", []), found.pk]
        response = render_page(request, "supervision/feedback_answer.jinja", {**context, "thanks": True})
        response.set_signed_cookie(cookie, "yes", max_age=ANSWERED_MAX_AGE, httponly=True, samesite="Lax")
        return response
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
    if not found.is_ready:
        messages.info(request, "Your record is not ready yet. It will only take a moment.")
        return redirect("supervision:record", team=member.team.slug, pk=found.pk)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="my-supervision-record-{found.requested_at:%Y-%m-%d}.pdf"'
    )
    return response
