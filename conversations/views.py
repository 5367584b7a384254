from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import get_usage

from conversations.forms import ProposeForm, SwitchOffForm
from conversations.models import Kind, Phrase, WordList
from conversations.services import (
    NotYours,
    language_check,
    phrase_decide,
    phrase_propose,
    phrase_switch_off,
    phrase_switch_on,
)
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import GET_OR_POST, posted
from teams.access import team_view
from teams.models import MANAGER_ROLES, Membership, Role

# Who may decide on the team's words: managers, and the person using the service who leads them
# (WordList.can_decide narrows it to that one person).
DECIDERS = MANAGER_ROLES | {Role.SERVICE_USER}

# The lens asks after each pause in typing: a fast typist writing a long note pauses perhaps
# twice a second. More than that from one member is a script, not a person.
CHECK_RATE = "120/m"
# Longer than any field the lens sits under; a bigger paste is checked in its first part only.
CHECK_LIMIT = 20_000


def _words_context(member: Membership, **extra) -> dict:
    team = member.team
    word_list = WordList.objects.filter(team=member.team).select_related("service_user_lead__user").first()
    in_use = list(Phrase.objects.in_use_for(member.team))
    switched_off = list(team.phrase_switch_offs.select_related("phrase", "switched_off_by__user"))
    return {
        "member": member,
        "nav": "words",
        "kinds": [(kind, [p for p in in_use if p.kind == kind]) for kind in Kind],
        "switched_off": switched_off,
        "proposals": list(
            team.phrases.filter(status=Phrase.Status.PROPOSED).select_related("proposed_by__user")
        ),
        "can_decide": (word_list or WordList(team=team)).can_decide(member),
        "lead": word_list.service_user_lead if word_list else None,
        **extra,
    }


@require_GET
@team_view()
def words(request: HttpRequest, member: Membership) -> HttpResponse:
    return render_page(request, "conversations/words.jinja", _words_context(member))


@GET_OR_POST
@team_view()
def propose(request: HttpRequest, member: Membership) -> HttpResponse:
    form = ProposeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if member.team.phrases.filter(
            phrase__iexact=form.cleaned_data["phrase"],
            status__in=[Phrase.Status.PROPOSED, Phrase.Status.IN_USE],
        ).exists():
            form.add_error("phrase", "Your team already has this phrase, or someone has proposed it.")
        else:
            phrase_propose(member=member, **form.cleaned_data)
            messages.success(
                request,
                "Thank you. Your phrase is proposed: a manager or the lead for the team's words "
                "will look at it.",
            )
            return redirect("conversations:words", team=member.team.slug)
    status = 400 if form.errors else 200
    return render_page(
        request,
        "conversations/propose.jinja",
        {"member": member, "nav": "words", "form": form},
        status=status,
    )


@require_POST
@team_view(roles=DECIDERS)
def decide(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    phrase = get_object_or_404(member.team.phrases.filter(status=Phrase.Status.PROPOSED), pk=pk)
    accept = request.POST.get("decision") == "accept"
    try:
        phrase_decide(phrase=phrase, member=member, accept=accept)
    except NotYours as problem:
        return _refused(request, member, problem)
    if accept:
        messages.success(request, f"\u201c{phrase.phrase}\u201d is now in your team's words.")
    else:
        messages.info(request, f"\u201c{phrase.phrase}\u201d is not taken up. Thank you for looking at it.")
    return redirect("conversations:words", team=member.team.slug)


def _refused(request: HttpRequest, member: Membership, problem: NotYours) -> HttpResponse:
    return render_page(
        request, "conversations/words.jinja", _words_context(member, problem=str(problem)), status=403
    )


@GET_OR_POST
@team_view(roles=DECIDERS)
def switch_off(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    phrase = get_object_or_404(Phrase.objects.built_in().exclude(switch_offs__team=member.team), pk=pk)
    form = SwitchOffForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            phrase_switch_off(phrase=phrase, member=member, reason=form.cleaned_data["reason"])
        except NotYours as problem:
            return _refused(request, member, problem)
        messages.success(request, f"Your team will no longer see hints about \u201c{phrase.phrase}\u201d.")
        return redirect("conversations:words", team=member.team.slug)
    context = {"member": member, "nav": "words", "form": form, "phrase": phrase}
    return render_page(request, "conversations/switch_off.jinja", context, status=400 if form.errors else 200)


@require_POST
@team_view(roles=DECIDERS)
def switch_on(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    phrase = get_object_or_404(Phrase.objects.built_in().filter(switch_offs__team=member.team), pk=pk)
    try:
        phrase_switch_on(phrase=phrase, member=member)
    except NotYours as problem:
        return _refused(request, member, problem)
    messages.success(request, f"Hints about \u201c{phrase.phrase}\u201d are back on for your team.")
    return redirect("conversations:words", team=member.team.slug)


@require_POST
@team_view()
def check(request: HttpRequest, member: Membership) -> HttpResponse:
    """The lens's hints for the text of one field, as an htmx fragment. The text is checked and
    forgotten: not stored, not logged, and only its length ever leaves this function."""
    usage = get_usage(request, group="language-check", key="user", rate=CHECK_RATE, increment=True)
    if usage and usage["should_limit"]:
        # htmx leaves the hints as they were on an error status: the lens pauses, saving never does.
        return HttpResponse(status=429)
    field = request.POST.get("lens_field", "")
    # Offsets must match the textarea's value, where a line ends in "\n" (the browser sends "\r\n").
    text = request.POST.get(field, "").replace("\r\n", "\n")[:CHECK_LIMIT]
    findings = language_check(text=text, team=member.team)
    return render(request, "conversations/_hints.jinja", {"findings": findings, "team": member.team})
