"""The plan: cycles and their stages, what each member brings, the skills register, lead roles
and community resources."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from conversations.services import lens_saved
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from teams.access import team_view
from teams.models import MANAGER_ROLES, Membership
from trip import services
from trip.forms import (
    AssetForm,
    CommunityResourceForm,
    CycleForm,
    LeadRoleForm,
    QuestionForm,
    RatingForm,
    RegisterFilterForm,
)
from trip.models import STAGE_ORDER, Asset, BenchmarkRound, CommunityResource
from trip.views._common import _page

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
        lens_saved(request, member, form, "description")
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
        lens_saved(request, member, form, "description")
        return redirect("trip:my_assets", team=member.team.slug)
    return render_page(request, "trip/asset_form.jinja", _page(member, form=form, asset=asset))


@require_POST
@team_view()
def asset_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    asset = get_object_or_404(member.assets, pk=pk)
    asset.delete()
    messages.success(request, f"“{asset.title}” is taken off your list.")
    return redirect("trip:my_assets", team=member.team.slug)


QUESTIONS_SHOWN = 10  # the newest messages sent to the member through "Ask about this"


@require_GET
@team_view()
def register(request: HttpRequest, member: Membership) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("show", "people")
    form = RegisterFilterForm(data)
    keyword, kind, show = form.filters()
    found = services.skills_register(viewer=member, keyword=keyword, kind=kind)
    questions = list(member.questions.select_related("sender__user")[:QUESTIONS_SHOWN])
    context = _page(
        member, form=form, register=found, keyword=keyword, kind=kind, show=show, questions=questions
    )
    return render_page(request, "trip/register.jinja", context, fragment="results")


def _ask_page(
    request: HttpRequest, member: Membership, *, recipient: Membership, about: str, back: str
) -> HttpResponse:
    form = QuestionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(
                sender=member, recipient=recipient, about=about, text=form.cleaned_data["text"]
            )
        except services.TripError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Thank you. Your message is sent to {recipient.name}.")
            # A message between two people is theirs, not the team's: not counted.
            lens_saved(request, member, form, "text", private=True)
            return redirect(back)
    context = _page(member, form=form, recipient=recipient, about=about, back=back)
    return render_page(request, "trip/ask.jinja", context)


@GET_OR_POST
@team_view()
def asset_ask(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """ "Ask about this" on something another member shared with the asker."""
    asset = get_object_or_404(
        Asset.objects.visible_to(member).exclude(owner=member).select_related("owner__user"), pk=pk
    )
    back = reverse("trip:register", kwargs={"team": member.team.slug})
    return _ask_page(request, member, recipient=asset.owner, about=asset.title, back=back)


@GET_OR_POST
@team_view()
def lead_role_ask(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """ "Ask about this" on a lead role: the message goes to whoever holds it now."""
    role = get_object_or_404(
        member.team.lead_roles.filter(holder__isnull=False, holder__left_at__isnull=True)
        .exclude(holder=member)
        .select_related("holder__user"),
        pk=pk,
    )
    back = reverse("trip:lead_roles", kwargs={"team": member.team.slug})
    return _ask_page(request, member, recipient=role.holder, about=role.title, back=back)


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
        lens_saved(request, member, form, "offer")
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
        lens_saved(request, member, form, "offer")
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
        lens_saved(request, member, form, "offer")
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
    lens_saved(request, member, form, "comment")
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
        lens_saved(request, member, form, "offer")
        return redirect("trip:resource", team=member.team.slug, pk=place.pk)
    return render_page(request, "trip/resource_form.jinja", _page(member, form=form, resource=place))


@require_POST
@team_view()
def resource_delete(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    place = _changeable_resource(member, pk)
    place.delete()
    messages.success(request, f"“{place.name}” is taken off the list.")
    return redirect("trip:resources", team=member.team.slug)
