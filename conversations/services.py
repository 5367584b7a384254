"""The language lens for other apps and for the command line, and the changes a team makes to its
words. Other apps call `language_check`; they never compile a list themselves."""

from django.db import DatabaseError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from conversations import seed
from conversations.matcher import Finding, Lens
from conversations.models import Phrase, SwitchOff, WordList
from teams.models import Membership, Team

# Compiled lists kept per process, one per team and version of its words: compiling loads
# lemminflect's tables and builds some sixty patterns, and a check must cost well under 5 ms.
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
    version = WordList.objects.filter(team=team).values_list("version", "changed_at").first()
    built_in = Phrase.objects.built_in().aggregate(count=Count("id"), newest=Max("id"))
    return _kept(
        ("team", team.pk, version, built_in["count"], built_in["newest"]),
        lambda: [p.entry() for p in Phrase.objects.in_use_for(team)],
    )


def language_check(*, text: str, team: Team | None = None) -> list[Finding]:
    """The places in `text` worth a second look, for `team`'s words (or the built-in list).
    Nothing about the text is stored or logged."""
    lens = team_lens(team) if team is not None else built_in_lens()
    return lens.find(text)


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
