from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from recovery_culture.lib.qr import qr_svg_response
from recovery_culture.lib.render import render_fragment, render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from teams.access import team_view
from teams.models import MANAGER_ROLES, Membership
from trip import services
from trip.forms import (
    DONT_KNOW,
    ActionForm,
    ActionStatusForm,
    AgreementForm,
    AssetForm,
    BenchmarkAnswerForm,
    CoLeadsForm,
    CommunityResourceForm,
    CycleForm,
    LeadRoleForm,
    PriorityForm,
    PriorityRatingForm,
    RatingForm,
    RegisterFilterForm,
    RoundForm,
    StatementForm,
    StatusForm,
    UpdateForm,
)
from trip.models import (
    STAGE_ORDER,
    Action,
    ActionStatus,
    BenchmarkRating,
    BenchmarkRound,
    CommunityResource,
    Priority,
    PriorityRating,
    PriorityStatus,
    Statement,
    StatementRetirement,
    TeamAgreement,
    TeamWords,
    Theme,
    TripReport,
)


def _page(member: Membership, **context) -> dict:
    return {"member": member, "nav": "trip", "words": TeamWords(member.team), **context}


# --- Cycles ---


@require_GET
@team_view()
def home(request: HttpRequest, member: Membership) -> HttpResponse:
    # The open round of each cycle comes with the cycle, so the page costs no extra query.
    open_round = BenchmarkRound.objects.filter(cycle=OuterRef("pk"), closed_at__isnull=True)
    cycles = list(
        member.team.trip_cycles.current_first().annotate(
            open_round_id=Subquery(open_round.values("pk")[:1]),
            open_round_name=Subquery(open_round.values("name")[:1]),
        )
    )
    return render_page(request, "trip/home.jinja", _page(member, cycles=cycles))


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def cycle_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = CycleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        cycle = services.cycle_start(member=member, **form.cleaned_data)
        messages.success(request, f"“{cycle.name}” has started. The first stage is finding our assets.")
        return redirect("trip:cycle", team=member.team.slug, pk=cycle.pk)
    return render_page(request, "trip/cycle_form.jinja", _page(member, form=form, cycle=None))


@require_GET
@team_view()
def cycle(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    rounds = list(cycle.benchmark_rounds.all())
    report = cycle.reports.defer("pdf").first()
    context = _page(member, cycle=cycle, stages=STAGE_ORDER, rounds=rounds, report=report)
    return render_page(request, "trip/cycle.jinja", context)


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def cycle_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    form = CycleForm(posted(request), instance=cycle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The cycle's details are saved.")
        return redirect("trip:cycle", team=member.team.slug, pk=cycle.pk)
    return render_page(request, "trip/cycle_form.jinja", _page(member, form=form, cycle=cycle))


@require_POST
@team_view(roles=MANAGER_ROLES)
def cycle_next_stage(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    try:
        stage = services.cycle_move_on(cycle=cycle, from_stage=request.POST.get("from_stage", ""))
    except services.TripError as problem:
        messages.info(request, str(problem))
    else:
        messages.success(request, f"Well done. The cycle has moved on to “{stage.label}”.")
    return redirect("trip:cycle", team=member.team.slug, pk=cycle.pk)


# --- Assets: what each member brings ---


@require_GET
@team_view()
def my_assets(request: HttpRequest, member: Membership) -> HttpResponse:
    assets = list(member.assets.all())
    shared = services.shared_interests(member, assets)
    return render_page(request, "trip/my_assets.jinja", _page(member, assets=assets, shared=shared))


@GET_OR_POST
@team_view()
def asset_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = AssetForm(posted(request))
    if request.method == "POST" and form.is_valid():
        form.instance.owner = member
        asset = form.save()
        messages.success(request, f"Thank you. “{asset.title}” is now on your list.")
        return redirect("trip:my_assets", team=member.team.slug)
    return render_page(request, "trip/asset_form.jinja", _page(member, form=form, asset=None))


@GET_OR_POST
@team_view()
def asset_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    asset = get_object_or_404(member.assets, pk=pk)
    form = AssetForm(posted(request), instance=asset)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{asset.title}” is saved.")
        return redirect("trip:my_assets", team=member.team.slug)
    return render_page(request, "trip/asset_form.jinja", _page(member, form=form, asset=asset))


@require_POST
@team_view()
def asset_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    asset = get_object_or_404(member.assets, pk=pk)
    asset.delete()
    messages.success(request, f"“{asset.title}” is taken off your list.")
    return redirect("trip:my_assets", team=member.team.slug)


@require_GET
@team_view()
def register(request: HttpRequest, member: Membership) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("show", "people")
    form = RegisterFilterForm(data)
    keyword, kind, show = form.filters()
    found = services.skills_register(viewer=member, keyword=keyword, kind=kind)
    context = _page(member, form=form, register=found, keyword=keyword, kind=kind, show=show)
    return render_page(request, "trip/register.jinja", context, fragment="results")


# --- Lead roles ---


@require_GET
@team_view()
def lead_roles(request: HttpRequest, member: Membership) -> HttpResponse:
    roles = list(member.team.lead_roles.select_related("holder__user"))
    return render_page(request, "trip/lead_roles.jinja", _page(member, roles=roles))


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def lead_role_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = LeadRoleForm(posted(request), team=member.team)
    if request.method == "POST" and form.is_valid():
        form.instance.team = member.team
        role = form.save()
        messages.success(request, f"The role “{role.title}” is added.")
        return redirect("trip:lead_roles", team=member.team.slug)
    return render_page(request, "trip/lead_role_form.jinja", _page(member, form=form, role=None))


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def lead_role_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    role = get_object_or_404(member.team.lead_roles, pk=pk)
    form = LeadRoleForm(posted(request), instance=role, team=member.team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The role “{role.title}” is saved.")
        return redirect("trip:lead_roles", team=member.team.slug)
    return render_page(request, "trip/lead_role_form.jinja", _page(member, form=form, role=role))


@require_POST
@team_view(roles=MANAGER_ROLES)
def lead_role_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    role = get_object_or_404(member.team.lead_roles, pk=pk)
    role.delete()
    messages.success(request, f"The role “{role.title}” is taken off the list.")
    return redirect("trip:lead_roles", team=member.team.slug)


# --- Community resources ---


def _resource(member: Membership, pk: int) -> CommunityResource:
    return get_object_or_404(member.team.community_resources.with_ratings(), pk=pk)


def _changeable_resource(member: Membership, pk: int) -> CommunityResource:
    resource = get_object_or_404(member.team.community_resources, pk=pk)
    if not resource.can_change(member):
        raise PermissionDenied("Only the person who added this place, or the team manager, can change it.")
    return resource


@require_GET
@team_view()
def resources(request: HttpRequest, member: Membership) -> HttpResponse:
    places = list(member.team.community_resources.with_ratings())
    return render_page(request, "trip/resources.jinja", _page(member, resources=places))


@GET_OR_POST
@team_view()
def resource_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = CommunityResourceForm(posted(request), team=member.team)
    if request.method == "POST" and form.is_valid():
        form.instance.team = member.team
        form.instance.added_by = member
        resource = form.save()
        messages.success(request, f"Thank you. “{resource.name}” is on the list. Would you like to rate it?")
        return redirect("trip:resource", team=member.team.slug, pk=resource.pk)
    return render_page(request, "trip/resource_form.jinja", _page(member, form=form, resource=None))


def _resource_page(
    request: HttpRequest, member: Membership, resource: CommunityResource, form: RatingForm, **extra
) -> HttpResponse:
    ratings = list(resource.ratings.select_related("member__user"))
    context = _page(member, resource=resource, ratings=ratings, form=form, **extra)
    return render_page(request, "trip/resource.jinja", context, fragment="ratings")


@require_GET
@team_view()
def resource(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    place = _resource(member, pk)
    mine = place.ratings.filter(member=member).first()
    form = RatingForm(initial={"stars": mine.stars, "comment": mine.comment} if mine else None)
    return _resource_page(request, member, place, form, rated=mine is not None)


@require_POST
@team_view()
def resource_rate(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    place = _resource(member, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        rated = place.ratings.filter(member=member).exists()
        return _resource_page(request, member, place, form, rated=rated)
    services.resource_rate(member=member, resource=place, **form.cleaned_data)
    if request.htmx:
        # Fetched again so the average includes the rating just given.
        return _resource_page(request, member, _resource(member, pk), form, rated=True, saved=True)
    messages.success(request, f"Thank you for rating “{place.name}”.")
    return redirect("trip:resource", team=member.team.slug, pk=place.pk)


@GET_OR_POST
@team_view()
def resource_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    place = _changeable_resource(member, pk)
    form = CommunityResourceForm(posted(request), instance=place, team=member.team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{place.name}” is saved.")
        return redirect("trip:resource", team=member.team.slug, pk=place.pk)
    return render_page(request, "trip/resource_form.jinja", _page(member, form=form, resource=place))


@require_POST
@team_view()
def resource_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    place = _changeable_resource(member, pk)
    place.delete()
    messages.success(request, f"“{place.name}” is taken off the list.")
    return redirect("trip:resources", team=member.team.slug)


# --- Benchmarking: the statement library ---


@require_GET
@team_view()
def statements(request: HttpRequest, member: Membership) -> HttpResponse:
    retired = StatementRetirement.objects.filter(team=member.team, statement=OuterRef("pk"))
    found = (
        Statement.objects.for_team(member.team)
        .in_theme_order()
        .select_related("current_version")
        .annotate(retired=Exists(retired))
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
    form: BenchmarkAnswerForm
    rating: BenchmarkRating | None = None
    saved: bool = False
    problem: str = ""


def _answer_form(statement: Statement, rating: BenchmarkRating | None, data=None) -> BenchmarkAnswerForm:
    initial = None
    if rating is not None:
        answer = DONT_KNOW if rating.score is None else str(rating.score)
        initial = {"answer": answer, "achieved": rating.achieved, "next_step": rating.next_step}
    return BenchmarkAnswerForm(data, initial=initial, prefix=f"s{statement.pk}")


def _rating_page(
    request: HttpRequest, member: Membership, found: BenchmarkRound, posted: Answer | None = None
) -> HttpResponse:
    in_use = Statement.objects.in_use_by(member.team).in_theme_order().select_related("current_version")
    mine = {r.statement_id: r for r in found.ratings.filter(member=member)}
    answers = []
    for statement in in_use:
        if posted is not None and posted.statement.pk == statement.pk:
            answers.append(posted)
        else:
            rating = mine.get(statement.pk)
            answers.append(Answer(statement, _answer_form(statement, rating), rating))
    answered = sum(1 for a in answers if a.rating is not None)
    context = _page(member, round=found, answers=answers, answered=answered, total=len(answers))
    return render_page(request, "trip/round.jinja", context)


@require_GET
@team_view()
def round_page(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    return _rating_page(request, member, _round(member, pk))


@require_POST
@team_view()
def round_rate(request: HttpRequest, member: Membership, pk: int, statement: int) -> HttpResponse:
    found = _round(member, pk)
    rated = get_object_or_404(
        Statement.objects.in_use_by(member.team).select_related("current_version"), pk=statement
    )
    form = _answer_form(rated, None, request.POST)
    answer = Answer(rated, form, found.ratings.filter(member=member, statement=rated).first())
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
        except services.TripError as problem:
            found.refresh_from_db(fields=["closed_at"])
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
    # The answer, and the progress bar beside it (swapped out of band).
    answered = found.ratings.filter(
        member=member, statement__in=Statement.objects.in_use_by(member.team)
    ).count()
    total = Statement.objects.in_use_by(member.team).count()
    context = _page(member, round=found, answer=answer, answered=answered, total=total, oob=True)
    return HttpResponse(
        render_fragment(request, "trip/round.jinja", "answer", context)
        + render_fragment(request, "trip/round.jinja", "progress", context)
    )


@require_GET
@team_view(roles=MANAGER_ROLES)
def round_qr(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """The round's address as a QR code, to show on a screen or a poster in the meeting room."""
    found = _round(member, pk)
    address = request.build_absolute_uri(
        reverse("trip:round", kwargs={"team": member.team.slug, "pk": found.pk})
    )
    return qr_svg_response(address)


@require_GET
@team_view()
def round_results(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _round(member, pk)
    # Results of an open round would change with each answer, and so give away who said what.
    results = None if found.is_open else services.round_results_with_change(round=found)
    charts = results and services.results_charts(results=results, words=TeamWords(member.team))
    context = _page(member, round=found, results=results, charts=charts)
    return render_page(request, "trip/results.jinja", context)


# --- Benchmarking: meeting mode ---


@dataclass
class Agreeing:
    """One statement in meeting mode: what the groups said, and what the group agreed."""

    result: services.StatementResult
    agreement: TeamAgreement | None
    form: AgreementForm
    saved: bool = False


def _agreement_form(statement_id: int, agreement: TeamAgreement | None, data=None) -> AgreementForm:
    initial = {"score": agreement.score, "reason": agreement.reason} if agreement else None
    return AgreementForm(data, initial=initial, prefix=f"a{statement_id}")


def _meeting_items(found: BenchmarkRound) -> list[Agreeing]:
    agreements = {a.statement_id: a for a in found.agreements.all()}
    items = []
    for result in services.round_results(round=found).statements:
        agreement = agreements.get(result.version.statement_id)
        items.append(Agreeing(result, agreement, _agreement_form(result.version.statement_id, agreement)))
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


# --- Priorities and action plans ---


def _priority(member: Membership, pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.for_team(member.team).select_related(
            "cycle__team", "staff_lead__user", "service_user_lead__user"
        ),
        pk=pk,
    )


@require_GET
@team_view()
def priorities(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    found = list(
        cycle.priorities.with_ratings().select_related("staff_lead__user", "service_user_lead__user")
    )
    mine = set(
        PriorityRating.objects.filter(member=member, priority__cycle=cycle).values_list(
            "priority_id", flat=True
        )
    )
    context = _page(
        member, cycle=cycle, priorities=found, rated=[p for p in found if p.rating_count], mine=mine
    )
    return render_page(request, "trip/priorities.jinja", context)


@GET_OR_POST
@team_view()
def priority_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    form = PriorityForm(posted(request), team=member.team)
    if request.method == "POST" and form.is_valid():
        priority = services.priority_propose(member=member, cycle=cycle, **form.cleaned_data)
        messages.success(request, f"Thank you. “{priority.title}” is proposed. Everyone can now rate it.")
        return redirect("trip:priority", team=member.team.slug, pk=priority.pk)
    return render_page(request, "trip/priority_form.jinja", _page(member, form=form, cycle=cycle))


def _rating_form(member: Membership, priority: Priority) -> PriorityRatingForm:
    mine = priority.ratings.filter(member=member).first()
    return PriorityRatingForm(initial={"impact": mine.impact, "ease": mine.ease} if mine else None)


def _priority_page(
    request: HttpRequest,
    member: Membership,
    priority: Priority,
    *,
    rating_form: PriorityRatingForm | None = None,
    action_form: ActionForm | None = None,
    update_form: UpdateForm | None = None,
    status: int = 200,
    **extra,
) -> HttpResponse:
    averages = (
        Priority.objects.for_team(member.team)
        .filter(pk=priority.pk)
        .with_ratings()
        .values("average_impact", "average_ease", "rating_count")[0]
    )
    statements = list(priority.statements.select_related("current_version"))
    actions = list(priority.actions.select_related("owner__user"))
    updates = list(priority.updates.select_related("author__user"))
    helpers = list(priority.helpers.select_related("user"))
    can_plan = priority.can_plan(member)
    if rating_form is None:
        rating_form = _rating_form(member, priority)
    if can_plan:
        action_form = action_form or ActionForm(cycle=priority.cycle)
        update_form = update_form or UpdateForm()
    context = _page(
        member,
        priority=priority,
        averages=averages,
        statements=statements,
        actions=actions,
        updates=updates,
        helpers=helpers,
        can_plan=can_plan,
        rating_form=rating_form,
        action_form=action_form,
        update_form=update_form,
        next_statuses=sorted(services.NEXT_STATUSES[PriorityStatus(priority.status)]),
        today=timezone.localdate(),
        action_statuses=ActionStatus.choices,
        **extra,
    )
    return render_page(request, "trip/priority.jinja", context, fragment="rating", status=status)


@require_GET
@team_view()
def priority(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    return _priority_page(request, member, _priority(member, pk))


@require_POST
@team_view()
def priority_rate(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _priority(member, pk)
    form = PriorityRatingForm(request.POST)
    if form.is_valid():
        try:
            services.priority_rate(member=member, priority=found, **form.cleaned_data)
        except services.TripError as problem:
            form.add_error(None, str(problem))
        else:
            if not request.htmx:
                messages.success(request, "Thank you. Your rating is saved.")
                return redirect("trip:priority", team=member.team.slug, pk=found.pk)
            return _priority_page(request, member, found, rating_form=form, rated=True)
    return _priority_page(request, member, found, rating_form=form)


@GET_OR_POST
@team_view(roles=MANAGER_ROLES)
def priority_leads(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _priority(member, pk)
    initial = {
        "staff_lead": found.staff_lead_id,
        "service_user_lead": found.service_user_lead_id,
        "helpers": [h.pk for h in found.helpers.all()],
    }
    form = CoLeadsForm(posted(request), initial=initial, team=member.team)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_set_leads(priority=found, **form.cleaned_data)
        except services.CoLeadError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "The co-leads and helpers are saved.")
            return redirect("trip:priority", team=member.team.slug, pk=found.pk)
    return render_page(request, "trip/priority_leads.jinja", _page(member, form=form, priority=found))


@require_POST
@team_view(roles=MANAGER_ROLES)
def priority_status(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _priority(member, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.info(request, form.errors["status"][0])
        return redirect("trip:priority", team=member.team.slug, pk=found.pk)
    try:
        changed = services.priority_set_status(
            member=member, priority=found, status=form.cleaned_data["status"]
        )
    except services.CoLeadError as problem:
        messages.info(request, str(problem))
        return redirect("trip:priority_leads", team=member.team.slug, pk=found.pk)
    except services.TripError as problem:
        messages.info(request, str(problem))
    else:
        messages.success(request, STATUS_NEWS[changed.status])
    return redirect("trip:priority", team=member.team.slug, pk=found.pk)


STATUS_NEWS = {
    PriorityStatus.PROPOSED: "The priority is back on the list of ideas.",
    PriorityStatus.ACTIVE: "The priority is chosen. Over to the co-leads, with the whole team behind them.",
    PriorityStatus.DONE: "Congratulations! The priority is done, and it is on the little-miracles wall.",
    PriorityStatus.DROPPED: "The priority is set aside. It stays on record, and you can bring it back.",
}


def _planned_priority(member: Membership, pk: int) -> Priority:
    found = _priority(member, pk)
    if not found.can_plan(member):
        raise PermissionDenied("Only the co-leads and the team manager can change this priority's plan.")
    return found


@require_POST
@team_view()
def action_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _planned_priority(member, pk)
    form = ActionForm(request.POST, cycle=found.cycle)
    if not form.is_valid():
        return _priority_page(request, member, found, action_form=form)
    action = services.action_add(member=member, priority=found, **form.cleaned_data)
    messages.success(request, f"“{action.text}” is added to the plan.")
    return redirect(reverse("trip:priority", kwargs={"team": member.team.slug, "pk": found.pk}) + "#actions")


@require_POST
@team_view()
def action_status(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.filter(priority__cycle__team=member.team).select_related("priority"), pk=pk
    )
    if not (action.priority.can_plan(member) or action.owner_id == member.pk):
        raise PermissionDenied("Only the person doing this, the co-leads and the team manager can change it.")
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(member=member, action=action, status=form.cleaned_data["status"])
        messages.success(request, f"“{action.text}” is now “{action.get_status_display()}”.")
    else:
        messages.info(request, form.errors["status"][0])
    return redirect(
        reverse("trip:priority", kwargs={"team": member.team.slug, "pk": action.priority_id}) + "#actions"
    )


@require_POST
@team_view()
def update_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _planned_priority(member, pk)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _priority_page(request, member, found, update_form=form)
    services.update_add(member=member, priority=found, text=form.cleaned_data["text"])
    messages.success(request, "Thank you. Your update is on the timeline.")
    return redirect(reverse("trip:priority", kwargs={"team": member.team.slug, "pk": found.pk}) + "#timeline")


# --- The TRIP report ---
# The report is the team's shared plan, so every member may ask for it and download it. It holds
# only what every member can already see in the TRIP pages.


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
    if not found.is_ready:
        messages.info(request, "The TRIP report is not ready yet. It will only take a moment.")
        return redirect("trip:report", team=member.team.slug, pk=found.pk)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="trip-report-{found.cycle_id}-{found.requested_at:%Y-%m-%d}.pdf"'
    )
    return response
