from django.contrib import messages
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import get_usage

from conversations import services
from conversations.forms import (
    KeepForm,
    ProposeForm,
    RuleAnswerForm,
    RuleDecisionForm,
    RuleForm,
    SwitchOffForm,
    TextCheckForm,
)
from conversations.matcher import first_of_each
from conversations.models import RULE_ANSWERERS, BlanketRule, Kind, Phrase, WordList
from conversations.services import (
    NotYours,
    language_check,
    phrase_decide,
    phrase_propose,
    phrase_switch_off,
    phrase_switch_on,
    text_check,
)
from recovery_culture.lib.anonymity import SMALLEST_GROUP
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
# A whole letter checked on its own page: a person pastes, reads, changes and checks again.
LETTER_RATE = "30/m"


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
@team_view(background=True)
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
    findings = first_of_each(language_check(text=text, team=member.team))
    return render(request, "conversations/_hints.jinja", {"findings": findings, "team": member.team})


# --- Checking a letter, poster or note, and the team's house texts ---------------------------------


def _limited(request: HttpRequest) -> bool:
    usage = get_usage(request, group="letter-check", key="user", rate=LETTER_RATE, increment=True)
    return bool(usage and usage["should_limit"])


def _letter_page(request: HttpRequest, member: Membership, form, *, checked=None, keep_form=None, status=200):
    context = {
        "member": member,
        "nav": "words",
        "form": form,
        "checked": checked,
        "keep_form": keep_form,
        "house_texts": member.team.house_texts.annotate(newest=Max("versions__kept_at")),
    }
    return render_page(request, "conversations/letter_check.jinja", context, status=status)


@GET_OR_POST
@team_view()
def letter_check(request: HttpRequest, member: Membership) -> HttpResponse:
    """Paste a text, see it with the lens's findings marked, its counts and how easy it reads.
    The text is checked and forgotten: only the person's own choice to keep it stores it."""
    initial = {}
    pk = request.GET.get("house_text", "")
    newest = services.house_text_newest(member=member, pk=int(pk)) if pk.isdigit() else None
    if request.method == "GET" and newest:
        initial = {"text": newest.text, "name": newest.house_text.name}
    form = TextCheckForm(posted(request), initial=initial)
    if request.method == "POST":
        if _limited(request):
            form.add_error(None, "That is a lot of checks in a minute. Please wait a moment and check again.")
            return _letter_page(request, member, form, status=429)
        if form.is_valid():
            text = form.cleaned_data["text"]
            checked = text_check(text=text, team=member.team)
            keep_form = KeepForm(initial={"name": request.POST.get("name", "")})
            return _letter_page(request, member, form, checked=checked, keep_form=keep_form)
        return _letter_page(request, member, form, status=400)
    return _letter_page(request, member, form, keep_form=KeepForm(initial=initial) if initial else None)


@require_POST
@team_view()
def house_text_keep(request: HttpRequest, member: Membership) -> HttpResponse:
    form = KeepForm(request.POST)
    if form.is_valid():
        version = services.house_text_keep(
            member=member, name=form.cleaned_data["name"], text=form.cleaned_data["text"]
        )
        what = "is kept" if version.number == 1 else f"is kept as version {version.number}"
        messages.success(request, f"\u201c{version.house_text.name}\u201d {what}.")
        return redirect("conversations:house_text", team=member.team.slug, pk=version.house_text_id)
    # The check again, with what was typed and what to put right: nothing is lost.
    text_form = TextCheckForm({"text": request.POST.get("text", "")})
    checked = (
        text_check(text=text_form.cleaned_data["text"], team=member.team) if text_form.is_valid() else None
    )
    return _letter_page(request, member, text_form, checked=checked, keep_form=form, status=400)


@require_GET
@team_view()
def house_text(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(member.team.house_texts, pk=pk)
    versions = list(found.versions.select_related("kept_by__user"))
    newest = versions[0]
    context = {
        "member": member,
        "nav": "words",
        "house_text": found,
        "versions": versions,
        "newest": newest,
        "checked": text_check(text=newest.text, team=member.team),
    }
    return render_page(request, "conversations/house_text.jinja", context)


# --- Blanket rules -----------------------------------------------------------------------------


@require_GET
@team_view()
def rules(request: HttpRequest, member: Membership) -> HttpResponse:
    found = member.team.blanket_rules.annotate(answered=Count("answers"))
    return render_page(
        request, "conversations/rules.jinja", {"member": member, "nav": "words", "rules": found}
    )


@GET_OR_POST
@team_view()
def rule_new(request: HttpRequest, member: Membership) -> HttpResponse:
    form = RuleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        rule = services.rule_add(member=member, **form.cleaned_data)
        messages.success(request, f"Thank you. \u201c{rule.rule}\u201d is on the list to look at together.")
        services.lens_saved(request, member, form, "why", "affects", "alternatives", "script")
        return redirect("conversations:rule", team=member.team.slug, pk=rule.pk)
    context = {"member": member, "nav": "words", "form": form}
    return render_page(request, "conversations/rule_form.jinja", context, status=400 if form.errors else 200)


def _rule_page(
    request, member: Membership, rule: BlanketRule, *, answer_form=None, decision_form=None, status=200
):
    mine = rule.answers.filter(member=member).first()
    if answer_form is None and member.role in RULE_ANSWERERS:
        answer_form = RuleAnswerForm(
            initial={"feeling": mine.feeling, "comment": mine.comment} if mine else None
        )
    word_list = WordList.objects.filter(team=member.team).first() or WordList(team=member.team)
    context = {
        "member": member,
        "nav": "words",
        "rule": rule,
        "spread": services.rule_spread(rule),
        "mine": mine,
        "answer_form": answer_form,
        "can_decide": word_list.can_decide(member),
        "decision_form": decision_form or RuleDecisionForm(),
        "smallest_group": SMALLEST_GROUP,
    }
    return render_page(request, "conversations/rule.jinja", context, status=status)


@require_GET
@team_view()
def rule(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    return _rule_page(request, member, get_object_or_404(member.team.blanket_rules, pk=pk))


@require_POST
@team_view(roles=RULE_ANSWERERS)
def rule_answer(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(member.team.blanket_rules, pk=pk)
    form = RuleAnswerForm(request.POST)
    if not form.is_valid():
        return _rule_page(request, member, found, answer_form=form, status=400)
    try:
        services.rule_answer(member=member, rule=found, **form.cleaned_data)
    except NotYours as problem:
        messages.info(request, str(problem))
    else:
        messages.success(request, "Thank you for saying how this rule feels to you.")
        services.lens_saved(request, member, form, "comment", private=True)
    return redirect("conversations:rule", team=member.team.slug, pk=found.pk)


@require_POST
@team_view(roles=DECIDERS)
def rule_close(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(member.team.blanket_rules, pk=pk)
    try:
        services.rule_close(member=member, rule=found)
    except NotYours as problem:
        return _refused(request, member, problem)
    messages.success(request, "The answers are closed. Now the team can decide together.")
    return redirect("conversations:rule", team=member.team.slug, pk=found.pk)


@require_POST
@team_view(roles=DECIDERS)
def rule_decide(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    found = get_object_or_404(member.team.blanket_rules, pk=pk)
    form = RuleDecisionForm(request.POST)
    if not form.is_valid():
        return _rule_page(request, member, found, decision_form=form, status=400)
    try:
        services.rule_decide(member=member, rule=found, **form.cleaned_data)
    except NotYours as problem:
        return _refused(request, member, problem)
    messages.success(request, "The team's decision is recorded.")
    services.lens_saved(request, member, form, "note")
    return redirect("conversations:rule", team=member.team.slug, pk=found.pk)
