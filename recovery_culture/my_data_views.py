"""A member's own data: see and download it, ask for it to be erased; a manager confirms."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import posted
from recovery_culture.my_data import (
    ErasureRefused,
    erasure_cancel,
    erasure_request,
    member_erase,
    member_erase_for_them,
    my_data_collect,
)
from teams.access import team_view
from teams.models import MANAGER_ROLES, ErasureRequest, Membership

KEEP, REMOVE = "keep", "remove"


class ErasureChoiceForm(forms.Form):
    successes = forms.ChoiceField(
        label="Your little miracles",
        choices=[
            (KEEP, 'Keep my little miracles on the team\'s record as "a former member"'),
            (REMOVE, "Remove my little miracles"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what happens to your little miracles."},
    )
    sure = forms.MultipleChoiceField(
        label="Are you sure?",
        choices=[("yes", "I understand that my account and what I wrote will be erased for good")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please tick the box to say you understand what will be erased."},
    )


class ConfirmErasureForm(forms.Form):
    sure = forms.MultipleChoiceField(
        label="Confirm",
        choices=[("yes", "I have checked with this person that they want to be erased")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please tick the box to confirm you have checked with them."},
    )


@require_GET
@team_view()
def home(request: HttpRequest, member: Membership) -> HttpResponse:
    pending = ErasureRequest.objects.filter(member=member).first()
    return render_page(
        request, "my_data/home.jinja", {"member": member, "nav": "settings", "pending": pending}
    )


@require_GET
@team_view()
def download_json(request: HttpRequest, member: Membership) -> HttpResponse:
    data = my_data_collect(user=member.user)
    response = HttpResponse(
        json.dumps(data.as_json(), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@team_view()
def page(request: HttpRequest, member: Membership) -> HttpResponse:
    data = my_data_collect(user=member.user)
    return render_page(request, "my_data/page.jinja", {"member": member, "nav": "settings", "data": data})


@require_http_methods(["GET", "POST"])
@team_view()
def erase_request(request: HttpRequest, member: Membership) -> HttpResponse:
    pending = ErasureRequest.objects.filter(member=member).first()
    if request.method == "POST" and request.POST.get("cancel"):
        erasure_cancel(member=member)
        messages.success(request, "Your request to be erased is cancelled. Nothing was erased.")
        return redirect("my_data:home", team=member.team.slug)
    initial = {"successes": KEEP if pending is None or pending.keep_successes else REMOVE}
    form = ErasureChoiceForm(posted(request), initial=initial)
    if form.is_valid():
        erasure_request(
            member=member, requested_by=member, keep_successes=form.cleaned_data["successes"] == KEEP
        )
        messages.success(
            request,
            "Your request is with the team's managers. Nothing is erased until one of them confirms it.",
        )
        return redirect("my_data:home", team=member.team.slug)
    others = member.user.memberships.exclude(pk=member.pk).select_related("team")
    context = {"member": member, "nav": "settings", "form": form, "pending": pending, "other_teams": others}
    return render_page(request, "my_data/erase.jinja", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def erasure_confirm(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    wish = get_object_or_404(
        ErasureRequest.objects.for_team(member.team).select_related("member__user"), pk=pk
    )
    form = ConfirmErasureForm(posted(request))
    problem = None
    if form.is_valid():
        try:
            member_erase(request=wish, confirmed_by=member)
        except ErasureRefused as refused:
            problem = str(refused)
        else:
            messages.success(request, "Done: their account and personal texts are erased.")
            return redirect("teams:members", team=member.team.slug)
    context = {"member": member, "nav": "members", "wish": wish, "form": form, "problem": problem}
    return render_page(
        request, "my_data/confirm.jinja", context, status=400 if form.errors or problem else 200
    )


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def erase_for_them(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    """A manager erases a member on their behalf, in one step: their little miracles are kept as
    "a former member", the choice a member makes for themselves by default."""
    them = get_object_or_404(
        member.team.memberships.filter(erased_at__isnull=True).select_related("user"), pk=pk
    )
    form = ConfirmErasureForm(posted(request))
    problem = "You cannot erase yourself here: ask from your own settings." if them.pk == member.pk else None
    if form.is_valid() and problem is None:
        try:
            member_erase_for_them(member=them, manager=member)
        except ErasureRefused as refused:
            problem = str(refused)
        else:
            messages.success(request, "Done: their account and personal texts are erased.")
            return redirect("teams:members", team=member.team.slug)
    context = {"member": member, "nav": "members", "them": them, "form": form, "problem": problem}
    status = 400 if request.method == "POST" and (form.errors or problem) else 200
    return render_page(request, "my_data/erase_for_them.jinja", context, status=status)
