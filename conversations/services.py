"""The language lens for other apps and for the command line, the changes a team makes to its
words, and the counts of how the team writes. Other apps call `language_check`, and `lens_saved`
once a text with the lens under it is saved; they never compile a list themselves."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone

from conversations import seed
from conversations.letters import TextCheck, check_text
from conversations.matcher import DEFICIT, Finding, Lens
from conversations.models import (
    RULE_ANSWERERS,
    BlanketRule,
    Feeling,
    HouseText,
    HouseTextVersion,
    LanguageMonth,
    Phrase,
    RuleAnswer,
    SwitchOff,
    WordList,
)
from recovery_culture.lib import dates
from recovery_culture.lib.anonymity import SMALLEST_GROUP
from recovery_culture.lib.readability import word_count
from teams.models import Membership, Team

# Compiled lists kept per process, one per team and version of its words: compiling builds some
# sixty patterns (and loads lemminflect's tables for a team's own words), and a check must cost
# well under 5 ms.
# A change to a team's words bumps its version, so a stale list is simply never asked for again.
_LENSES: dict[tuple, Lens] = {}
_KEEP = 256


def _kept(key: tuple, entries) -> Lens:
    lens = _LENSES.get(key)
    if lens is None:
        if len(_LENSES) >= _KEEP:
            _LENSES.clear()
        lens = _LENSES[key] = Lens(entries())
    return lens


def built_in_lens() -> Lens:
    """The built-in list from the database; before `migrate` has made its tables, the same list
    straight from conversations/seed.py, so `check_language` works on a fresh checkout."""
    try:
        phrases = list(Phrase.objects.built_in())
    except DatabaseError:
        return _kept(("seed", seed.VERSION), lambda: seed.BUILT_IN)
    version = max((p.version for p in phrases), default=0)
    return _kept(("built-in", version, len(phrases)), lambda: [p.entry() for p in phrases])


def team_lens(team: Team) -> Lens:
    # The time of the last change too, and the built-in rows' count and newest id: a test database
    # hands the same team id out again, and may have been emptied since.
    # One query for all of it: the lens runs on every save of a text.
    team_words = WordList.objects.filter(team=OuterRef("pk"))
    built_in = Phrase.objects.built_in().order_by().values("team")
    found = (
        Team.objects.filter(pk=team.pk)
        .annotate(
            words_version=Subquery(team_words.values("version")),
            words_changed_at=Subquery(team_words.values("changed_at")),
            built_in_count=Subquery(built_in.annotate(count=Count("id")).values("count")),
            built_in_newest=Subquery(built_in.annotate(newest=Max("id")).values("newest")),
        )
        .values_list("words_version", "words_changed_at", "built_in_count", "built_in_newest")
        .get()
    )
    return _kept(
        ("team", team.pk, *found),
        lambda: [p.entry() for p in Phrase.objects.in_use_for(team)],
    )


def language_check(*, text: str, team: Team | None = None) -> list[Finding]:
    """The places in `text` worth a second look, for `team`'s words (or the built-in list).
    Nothing about the text is stored or logged."""
    lens = team_lens(team) if team is not None else built_in_lens()
    return lens.find(text)


def language_written(
    *, team: Team, texts: list[str], hints_shown: int = 0, hints_taken: int = 0
) -> list[Finding]:
    """Counts texts the team has just saved into its month: their words, the deficit phrases among
    them, and the hints shown and taken up while they were written. Returns what the lens finds
    in them. Only the counts are kept."""
    findings = _findings(team, texts)
    words = sum(word_count(text) for text in texts)
    if words or hints_shown:
        _add_to_month(
            team,
            words=words,
            deficit_phrases=sum(finding.kind == DEFICIT for finding in findings),
            hints_shown=hints_shown,
            hints_taken=min(hints_taken, hints_shown),
        )
    return findings


def _findings(team: Team, texts: list[str]) -> list[Finding]:
    return [finding for text in texts for finding in language_check(text=text, team=team)]


def _add_to_month(team: Team, **counts: int) -> None:
    """Adds to this month's counts in one query; the first text of a month makes its row."""
    first = timezone.localdate().replace(day=1)
    month = LanguageMonth.objects.filter(team=team, month=first)
    increments = {name: F(name) + value for name, value in counts.items()}
    if month.update(**increments):
        return
    try:
        with transaction.atomic():
            LanguageMonth.objects.create(team=team, month=first, **counts)
    except IntegrityError:  # a colleague's text made the row a moment ago
        month.update(**increments)


def language_months(team: Team, *, today, months: int = 6) -> list[LanguageMonth]:
    """The team's last `months` months of counts, oldest first; a month with nothing written is
    there too, with zeros, so a trend has no gaps."""
    firsts = dates.month_days(today, months)
    kept = {row.month: row for row in team.language_months.filter(month__gte=firsts[-1])}
    return [kept.get(first) or LanguageMonth(team=team, month=first) for first in reversed(firsts)]


def text_check(*, text: str, team: Team) -> TextCheck:
    """A letter, poster or note checked with the team's words. Nothing is kept."""
    return check_text(text, language_check(text=text, team=team))


@transaction.atomic
def house_text_keep(*, member: Membership, name: str, text: str) -> HouseTextVersion:
    """Keeps `text` as the newest version of the team's house text called `name` (any case),
    starting it if the team has none by that name, with its check as it is today."""
    house_text, _ = HouseText.objects.get_or_create(
        team=member.team, name__iexact=name.strip(), defaults={"name": name.strip()}
    )
    # Locked, so two people keeping a version at once get numbers of their own.
    HouseText.objects.select_for_update().get(pk=house_text.pk)
    newest = house_text.versions.aggregate(newest=Max("number"))["newest"] or 0
    checked = text_check(text=text, team=member.team)
    return HouseTextVersion.objects.create(
        house_text=house_text,
        number=newest + 1,
        text=text,
        kept_by=member,
        words=checked.words,
        labels=checked.labels,
        strengths=checked.strengths,
        you_sentences=checked.you_sentences,
        first_person_sentences=checked.first_person_sentences,
        reading_ease=checked.reading_ease,
    )


def house_text_newest(*, member: Membership, pk: int) -> HouseTextVersion | None:
    """The newest version of one of `member`'s team's house texts (for a TRIP priority about it)."""
    return (
        HouseTextVersion.objects.filter(house_text__team=member.team, house_text=pk)
        .select_related("house_text")
        .order_by("-number")
        .first()
    )


# --- Blanket rules, reviewed with the people they affect -------------------------------------------


def _words_list(team: Team) -> WordList:
    return WordList.objects.get_or_create(team=team)[0]


def rule_add(*, member: Membership, **fields: str) -> BlanketRule:
    return BlanketRule.objects.create(team=member.team, added_by=member, **fields)


@transaction.atomic
def rule_answer(*, member: Membership, rule: BlanketRule, feeling: int, comment: str) -> RuleAnswer:
    """One answer per person, changed if they answer again, while the rule's answers are open."""
    rule = BlanketRule.objects.select_for_update().get(pk=rule.pk)
    if rule.team_id != member.team_id or member.role not in RULE_ANSWERERS:
        raise NotYours("People using the service and supporters say how a rule feels to them.")
    if not rule.is_open:
        raise NotYours("The answers about this rule are closed, so it cannot be answered now.")
    answer, _ = RuleAnswer.objects.update_or_create(
        rule=rule,
        member=member,
        defaults={"feeling": feeling, "comment": comment.strip(), "answered_at": timezone.now()},
    )
    return answer


@transaction.atomic
def rule_close(*, member: Membership, rule: BlanketRule) -> BlanketRule:
    if not _words_list(member.team).can_decide(member) or rule.team_id != member.team_id:
        raise NotYours("A manager or the lead for the team's words closes the answers.")
    BlanketRule.objects.filter(pk=rule.pk, answers_closed_at__isnull=True).update(
        answers_closed_at=timezone.now()
    )
    rule.refresh_from_db()
    return rule


@transaction.atomic
def rule_decide(*, member: Membership, rule: BlanketRule, decision: str, note: str) -> BlanketRule:
    """The team's decision, recorded once the people it affects have had their say."""
    if not _words_list(member.team).can_decide(member) or rule.team_id != member.team_id:
        raise NotYours("A manager or the lead for the team's words records the decision.")
    if rule.is_open:
        raise NotYours("Close the answers first, so everyone has had their say before the decision.")
    rule.decision, rule.decision_note = decision, note.strip()
    rule.decided_by, rule.decided_at = member, timezone.now()
    rule.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    return rule


@dataclass(frozen=True)
class RuleSpread:
    """How a rule feels, as a group: nothing while answers are open or fewer than three answered."""

    answered: int
    shown: bool
    counts: tuple[tuple[str, int], ...] = ()
    comments: tuple[str, ...] = ()


def rule_spread(rule: BlanketRule) -> RuleSpread:
    answers = list(rule.answers.values_list("feeling", "comment"))
    if rule.is_open or len(answers) < SMALLEST_GROUP:
        return RuleSpread(answered=len(answers), shown=False)
    return RuleSpread(
        answered=len(answers),
        shown=True,
        counts=tuple((feeling.label, sum(f == feeling for f, _ in answers)) for feeling in Feeling),
        # In the order of their words, not of answering: the order tells nothing about who.
        comments=tuple(sorted(comment for _, comment in answers if comment)),
    )


def blanket_rule_for(*, member: Membership, pk: int) -> BlanketRule | None:
    """One of `member`'s team's rules (for a TRIP priority to change it)."""
    return member.team.blanket_rules.filter(pk=pk).first()


def _bump(team: Team) -> WordList:
    word_list, _ = WordList.objects.get_or_create(team=team)
    WordList.objects.filter(pk=word_list.pk).update(version=F("version") + 1, changed_at=timezone.now())
    return word_list


class NotYours(Exception):
    """The member may not make this change to the team's words."""


@transaction.atomic
def phrase_propose(
    *, member: Membership, phrase: str, kind: str, why: str, alternatives: list[str]
) -> Phrase:
    """Anyone in the team may propose a phrase; it is used once a manager or the person using the
    service who leads the words accepts it."""
    return Phrase.objects.create(
        team=member.team,
        phrase=phrase.strip(),
        kind=kind,
        why=why.strip(),
        alternatives=[a.strip() for a in alternatives if a.strip()],
        proposed_by=member,
        status=Phrase.Status.PROPOSED,
    )


@transaction.atomic
def phrase_decide(*, phrase: Phrase, member: Membership, accept: bool) -> Phrase:
    word_list, _ = WordList.objects.get_or_create(team=member.team)
    if phrase.team_id != member.team_id or phrase.status != Phrase.Status.PROPOSED:
        raise NotYours("Only a proposed phrase of your own team can be decided.")
    if not word_list.can_decide(member):
        raise NotYours("A manager or the lead for the team's words decides on proposals.")
    phrase.status = Phrase.Status.IN_USE if accept else Phrase.Status.DECLINED
    phrase.decided_by = member
    phrase.decided_at = timezone.now()
    phrase.save(update_fields=["status", "decided_by", "decided_at"])
    _bump(member.team)
    return phrase


@transaction.atomic
def phrase_switch_off(*, phrase: Phrase, member: Membership, reason: str) -> SwitchOff:
    word_list, _ = WordList.objects.get_or_create(team=member.team)
    if not phrase.is_built_in:
        raise NotYours("Only built-in phrases are switched off; a team's own can be declined.")
    if not word_list.can_decide(member):
        raise NotYours("A manager or the lead for the team's words switches phrases off.")
    switch_off = SwitchOff.objects.create(
        team=member.team, phrase=phrase, reason=reason.strip(), switched_off_by=member
    )
    _bump(member.team)
    return switch_off


@transaction.atomic
def phrase_switch_on(*, phrase: Phrase, member: Membership) -> None:
    word_list, _ = WordList.objects.get_or_create(team=member.team)
    if not word_list.can_decide(member):
        raise NotYours("A manager or the lead for the team's words switches phrases back on.")
    SwitchOff.objects.filter(team=member.team, phrase=phrase).delete()
    _bump(member.team)


# --- After a save: for the views of every app that puts the lens under a field ----------------------
# (templates/conversations/_lens.jinja)

# Hints after saving: the first few phrases only. More would read as a list of faults.
HINTS_AFTER_SAVING = 3
# Counts the page sends for one field; more than this in one text is not a person typing.
_MOST_PER_FIELD = 50


def lens_counts(request: HttpRequest, field: forms.BoundField) -> tuple[int, int] | None:
    """The hints shown and taken up while typing in `field`, as static/js/lens.js counted them;
    None when the lens did not run in the browser (no JavaScript)."""
    shown, _, taken = request.POST.get(f"lens-{field.html_name}", "").partition(",")
    if not (shown.isdigit() and taken.isdigit()):
        return None
    shown_count = min(int(shown), _MOST_PER_FIELD)
    return shown_count, min(int(taken), shown_count)


def lens_saved(
    request: HttpRequest, member: Membership, form: forms.Form, *names: str, private: bool = False
) -> None:
    """Call once the text in `form`'s fields `names` is saved. Counts the month's words for the
    team (never the text, never who wrote it) and, if no hint could show while typing, says after
    saving what the lens would have said. A `private` text (supervision, a reflection) is not the
    team's: it is never counted, not even as a number."""
    texts, shown, taken, live = [], 0, 0, True
    for name in names:
        texts.append(form.cleaned_data.get(name) or "")
        counts = lens_counts(request, form[name])
        if counts is None:
            live = False
        else:
            shown, taken = shown + counts[0], taken + counts[1]
    if private:
        findings = _findings(member.team, texts)
    else:
        findings = language_written(team=member.team, texts=texts, hints_shown=shown, hints_taken=taken)
    # An htmx request comes from a page where the lens ran, whatever the counts say.
    if not live and not request.htmx:
        for finding in _distinct(findings)[:HINTS_AFTER_SAVING]:
            messages.info(request, hint_after_saving(finding))


def _distinct(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault(finding.phrase.lower(), finding)
    return list(seen.values())


def hint_after_saving(finding: Finding) -> str:
    say = " or ".join(f"\u201c{alternative}\u201d" for alternative in finding.alternatives[:3])
    hint = f"A thought for next time, on \u201c{finding.phrase}\u201d: {finding.why}"
    return f"{hint} You could say {say}." if say else hint
