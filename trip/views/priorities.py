"""Priorities and action plans: proposing and rating priorities, co-leads, actions, updates and
finishing (which puts the priority on the little-miracles wall)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from conversations.services import blanket_rule_for, house_text_newest, lens_saved
from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from teams.access import kept_draft, posted_or_kept, team_view
from teams.models import MANAGER_ROLES, Membership
from trip import services
from trip.forms import (
    ActionForm,
    ActionStatusForm,
    CoLeadsForm,
    PriorityForm,
    PriorityRatingForm,
    StatusForm,
    UpdateForm,
)
from trip.models import Action, ActionStatus, Priority, PriorityRating, PriorityStatus
from trip.views._common import _page


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
    found = list(cycle.priorities.select_related("staff_lead__user", "service_user_lead__user"))
    mine = set(
        PriorityRating.objects.filter(member=member, priority__cycle=cycle).values_list(
            "priority_id", flat=True
        )
    )
    context = _page(
        member,
        cycle=cycle,
        priorities=found,
        rated=[p for p in found if p.tally_count],
        mine=mine,
        smallest_group=SMALLEST_GROUP,
    )
    return render_page(request, "trip/priorities.jinja", context)


@GET_OR_POST
@team_view(keeps_drafts=True)
def priority_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    cycle = get_object_or_404(member.team.trip_cycles, pk=pk)
    form = PriorityForm(posted_or_kept(request), team=member.team, initial=_started_from(request, member))
    if request.method == "POST" and form.is_valid():
        priority = services.priority_propose(member=member, cycle=cycle, **form.cleaned_data)
        messages.success(request, f"Thank you. “{priority.title}” is proposed. Everyone can now rate it.")
        lens_saved(request, member, form, "title", "change")
        return redirect("trip:priority", team=member.team.slug, pk=priority.pk)
    return render_page(request, "trip/priority_form.jinja", _page(member, form=form, cycle=cycle))


@GET_OR_POST
@team_view(keeps_drafts=True)
def priority_edit(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _priority(member, pk)
    if not found.can_edit(member):
        raise PermissionDenied("Only whoever suggested a priority, or a manager, changes its words.")
    initial = {"title": found.title, "change": found.change, "statements": list(found.statements.all())}
    form = PriorityForm(posted_or_kept(request), team=member.team, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_edit(member=member, priority=found, **form.cleaned_data)
        except services.TripError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Thank you. The priority is saved as you put it.")
            lens_saved(request, member, form, "title", "change")
            return redirect("trip:priority", team=member.team.slug, pk=found.pk)
    context = _page(member, form=form, cycle=found.cycle, priority=found)
    return render_page(request, "trip/priority_form.jinja", context)


@GET_OR_POST
@team_view()
def priority_withdraw(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _priority(member, pk)
    if not found.can_withdraw(member):
        raise PermissionDenied("Only whoever suggested a priority takes it back.")
    if request.method == "POST":
        try:
            gone = services.priority_withdraw(member=member, priority=found)
        except services.TripError as problem:
            messages.info(request, str(problem))
            return redirect("trip:priority", team=member.team.slug, pk=found.pk)
        if gone:
            messages.success(request, f"“{found.title}” is taken back. Thank you for thinking about it.")
        else:
            messages.success(
                request,
                f"“{found.title}” is set aside. Others had rated it, so it stays on record, "
                "and a manager can bring it back.",
            )
        return redirect("trip:priorities", team=member.team.slug, pk=found.cycle_id)
    others_rated = found.ratings.exclude(member=member).exists()
    context = _page(member, priority=found, others_rated=others_rated)
    return render_page(request, "trip/priority_withdraw.jinja", context)


def _started_from(request: HttpRequest, member: Membership) -> dict:
    """A priority started from a house text or a blanket rule the team decided to change."""
    pk = request.GET.get("rule", "")
    rule = blanket_rule_for(member=member, pk=int(pk)) if pk.isdigit() else None
    if rule is not None:
        change = f"The team decided: {rule.get_decision_display()}."
        if rule.decision_note:
            change += f" {rule.decision_note}"
        if rule.alternatives:
            change += f" What else could be done: {rule.alternatives}"
        return {"title": f"A new way with \u201c{rule.rule}\u201d", "change": change}
    return _from_house_text(request, member)


def _from_house_text(request: HttpRequest, member: Membership) -> dict:
    """A priority started from one of the team's house texts: its name and what its check found."""
    pk = request.GET.get("house_text", "")
    newest = house_text_newest(member=member, pk=int(pk)) if pk.isdigit() else None
    if newest is None:
        return {}
    return {
        "title": f"A friendlier \u201c{newest.house_text.name}\u201d",
        "change": (
            f"Rewrite \u201c{newest.house_text.name}\u201d together with people who receive it. "
            f"Version {newest.number} has {newest.summary()}."
        ),
    }


@require_GET
@team_view()
def priority_from_house_text(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """One step from a house text to a priority: the current cycle's form, filled in."""
    if house_text_newest(member=member, pk=pk) is None:
        raise Http404("The team has no house text with this number.")
    return _new_priority_form(request, member, f"house_text={pk}")


@require_GET
@team_view()
def priority_from_rule(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """One step from a blanket rule the team chose to tailor or change to a priority about it."""
    rule = blanket_rule_for(member=member, pk=pk)
    if rule is None or rule.decision not in ("tailor", "change"):
        raise Http404("The team has not decided to change this rule.")
    return _new_priority_form(request, member, f"rule={pk}")


def _new_priority_form(request: HttpRequest, member: Membership, started_from: str) -> HttpResponse:
    """The current cycle's form for a new priority, filled in from what it `started_from`."""
    cycle = member.team.trip_cycles.current_first().first()
    if cycle is None:
        messages.info(request, "Start a TRIP cycle first: its priorities are chosen together.")
        return redirect("trip:home", team=member.team.slug)
    return redirect(
        reverse("trip:priority_new", kwargs={"team": member.team.slug, "pk": cycle.pk}) + f"?{started_from}"
    )


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
        rated_by=priority.ratings.count(),
        smallest_group=SMALLEST_GROUP,
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
    found = _priority(member, pk)
    # An action or an update whose save found the sign-in run out: the page's two forms post
    # elsewhere, and their prefixes tell which one the kept words belong to.
    draft = kept_draft(request) if found.can_plan(member) else None
    if draft is None:
        return _priority_page(request, member, found)
    if any(name.startswith("action-") for name in draft):
        return _priority_page(request, member, found, action_form=ActionForm(draft, cycle=found.cycle))
    return _priority_page(request, member, found, update_form=UpdateForm(draft))


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
            saved = services.priority_set_leads(priority=found, **form.cleaned_data)
        except services.CoLeadError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(
                request, f"The co-leads and helpers are saved. {saved.co_leads_still_needed()}".strip()
            )
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
@team_view(keeps_drafts=True)
def action_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _planned_priority(member, pk)
    form = ActionForm(request.POST, cycle=found.cycle)
    if not form.is_valid():
        return _priority_page(request, member, found, action_form=form)
    action = services.action_add(member=member, priority=found, **form.cleaned_data)
    messages.success(request, f"“{action.text}” is added to the plan.")
    lens_saved(request, member, form, "text")
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
@team_view(keeps_drafts=True)
def update_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = _planned_priority(member, pk)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _priority_page(request, member, found, update_form=form)
    services.update_add(member=member, priority=found, text=form.cleaned_data["text"])
    messages.success(request, "Thank you. Your update is on the timeline.")
    lens_saved(request, member, form, "text")
    return redirect(reverse("trip:priority", kwargs={"team": member.team.slug, "pk": found.pk}) + "#timeline")
