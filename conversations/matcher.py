"""The language lens's matcher: a text and a list of phrases in, the places worth a second look out.

Pure: no database, no Django. `Lens(entries)` compiles a word list once; `lens.find(text)` is then
cheap enough for every pause in typing (see bench/language_matcher.py).

How a phrase's forms are written (one entry may have several forms):
- Words separated by spaces. Any case matches. A hyphen also matches a space or nothing, so
  "non-compliant" finds "non compliant" and "noncompliant"; between words, a hyphen or any spacing.
- In a `deficit` or `service-word` phrase, a word in its base form also finds its inflections
  ("lack" finds lacks, lacking, lacked; "patient" finds patients). `you-statement` phrases are
  exact: "you have to" must not find "you had to", which is a story, not an instruction.
- `(…)` before or after the words: must be there, but is not part of what is flagged ("(being)
  difficult" flags "difficult" only when said of someone). `(-…)`: must not be there ("(-very|so)
  patient" leaves "so patient" alone). Inside brackets, `|` separates alternatives.
- `{who}`, `{be}` and `{label}` stand for a person, a form of "to be", and a label put on someone.

Beyond the forms, the matcher leaves alone what a person said in quotation marks, and "you"
statements that are questions, conditions ("if you need to talk…"), relative clauses ("what you
need to feel safe") or praise ("you should be proud").
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache

from conversations.inflections import KNOWN

DEFICIT = "deficit"
YOU_STATEMENT = "you-statement"
SERVICE_WORD = "service-word"
KINDS = (DEFICIT, YOU_STATEMENT, SERVICE_WORD)

_HYPHENS = r"\-\u2010\u2011"
_WITHIN = rf"[\s{_HYPHENS}]?"  # inside a hyphenated word: "non-compliant", "non compliant", "noncompliant"
_BETWEEN = rf"[\s{_HYPHENS}]+"
_START = rf"(?<![\w{_HYPHENS}])"  # not inside a word: "outpatient", "in-patient"
_END = rf"(?![\w{_HYPHENS}])"  # nor at the start of one: "patiently", "patient-centred"
_APOSTROPHE = "['\u2019]"

_PEOPLE = (
    r"he|she|they|patients?|person|people|m[ae]n|wom[ae]n|clients?|service[\s\-]users?|lad|girl|boy"
    r"|gentleman|lady|individual|residents?|young[\s\-]person"
)
_INTENSIFIERS = r"very|really|so|quite|extremely|incredibly|particularly|being|getting|becoming"
_LABELS = (
    r"non[\s\-]?compliant|attention[\s\-]?seek(?:ing|er)|manipulative|unmotivated|difficult|lazy|rude"
    r"|stupid|silly|childish|aggressive|hostile|disruptive|demanding|unreasonable|irresponsible"
    r"|ungrateful|selfish|in[\s]denial|wrong|(?:a|such[\s]a)[\s](?:nuisance|pain|liability|problem"
    r"|time[\s\-]?waster|drama[\s]queen)|not[\s]trying|not[\s]listening|paranoid|deluded|delusional"
    r"|over[\s\-]?reacting|hysterical|dramatic|obsessed"
)
SLOTS = {
    "who": rf"(?:{_PEOPLE})",
    "be": rf"(?:{_APOSTROPHE}s|{_APOSTROPHE}re|is|was|are|were|has[\s]been|had[\s]been|have[\s]been"
    rf"|can[\s]be|could[\s]be|has|had|seems|seemed|appears|appeared|became)(?:[\s]+(?:{_INTENSIFIERS}))*",
    "label": rf"(?:(?:{_INTENSIFIERS}|just|too|a[\s]bit)[\s]+)*(?:{_LABELS})",
}

# A "you" statement right after one of these words offers, asks or describes rather than instructs.
_OPENING_WORDS = frozenset(
    ("if", "when", "whenever", "unless", "whether", "case", "what", "whatever", "everything")
    + ("anything", "all", "something", "things", "how", "why", "where", "wherever")
)
_PREVIOUS_WORD = re.compile(r"(\w+)\W*\Z")
# Bounded, so a very long line without full stops stays linear.
_QUESTION_AHEAD = re.compile(r"[^.!?\n]{0,400}\?")
_PRAISE_AHEAD = re.compile(r"[^.!?\n]{0,30}?\b(?:proud|pleased|chuffed|well done|brilliant|amazing)\b", re.I)
_QUOTED = re.compile(
    r"\"[^\"\n]{0,2000}\"|\u201c[^\u201d]{0,2000}\u201d|\u2018[^\u2018\u2019]{0,2000}\u2019(?!\w)"
    r"|(?<!\w)'[^'\n]{0,2000}'(?!\w)"
)


@dataclass(frozen=True)
class PhraseEntry:
    phrase: str
    kind: str
    why: str
    alternatives: tuple[str, ...]
    forms: tuple[str, ...] = ()

    def all_forms(self) -> tuple[str, ...]:
        return self.forms or (self.phrase,)


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    phrase: str  # as written in the text: text[start:end]
    kind: str
    why: str
    alternatives: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        found = asdict(self)
        found["alternatives"] = list(self.alternatives)
        return found


@cache
def _inflections(word: str) -> tuple[str, ...]:
    """The word and, when it is a base form, its inflections, longest first: worked out ahead of
    time for the built-in list's words (conversations/inflections.py), else from the lexicon."""
    return KNOWN.get(word) or inflections_from_lexicon(word)


def inflections_from_lexicon(word: str) -> tuple[str, ...]:
    """lemminflect knows English inflections from its own lexicon (no download, no model at run
    time); for a word it has never seen (a team's own "bedblocker"), its out-of-vocabulary rules
    give the plural. Imported here: its tables take about 60 MB in each process that loads them,
    so only a process compiling a word outside the built-in list does."""
    import lemminflect

    forms = {word}
    lemmas = lemminflect.getAllLemmas(word)
    if any(word in found for found in lemmas.values()):
        for found in lemminflect.getAllInflections(word).values():
            forms.update(found)
    elif not lemmas and word.isalpha() and len(word) >= 5:
        forms.update(*lemminflect.getAllInflectionsOOV(word, "NOUN").values())
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


def _word(word: str, inflect: bool) -> str:
    if word.startswith("{") and word.endswith("}"):
        try:
            return SLOTS[word[1:-1]]
        except KeyError:
            raise ValueError(f"Unknown slot {word}: use one of {', '.join(SLOTS)}") from None
    parts = [part for part in re.split(rf"[{_HYPHENS}]", word.lower()) if part]
    if not parts:
        raise ValueError(f"{word!r} has no letters to look for")
    last = _inflections(parts[-1]) if inflect and parts[-1].isalpha() else (parts[-1],)
    escaped = [re.escape(part).replace("'", _APOSTROPHE) for part in parts[:-1]]
    escaped.append("(?:" + "|".join(re.escape(form).replace("'", _APOSTROPHE) for form in last) + ")")
    return _WITHIN.join(escaped)


def _words(words: Sequence[str], inflect: bool) -> str:
    pattern = ""
    for i, word in enumerate(words):
        if i:
            # "he's": the slot for "to be" may follow with no space.
            pattern += _BETWEEN.replace("+", "*") if word == "{be}" else _BETWEEN
        pattern += _word(word, inflect)
    return pattern


def _alternatives(group: str, inflect: bool) -> list[str]:
    return [_words(choice.split(), inflect) for choice in group.split("|") if choice.strip()]


def _before_check(group: str, inflect: bool) -> tuple[re.Pattern, bool]:
    """A bracket before the words, as a search that must (or must not) end where the words begin."""
    inner = group[1:-1].strip()
    negative = inner.startswith("-")
    choices = []
    for choice in inner.lstrip("-").split("|"):
        words = _words(choice.split(), inflect)
        # "he's patient": an apostrophe starts inside a word, so no word boundary before it.
        choices.append(words if choice.strip().startswith("'") else _START + words)
    return re.compile(rf"(?:{'|'.join(choices)}){_BETWEEN.replace('+', '*')}\Z"), negative


def _form(form: str, inflect: bool) -> tuple[re.Pattern, tuple[tuple[re.Pattern, bool], ...]]:
    """One form as a pattern for the words and what comes after them, and the checks on what comes
    before. The pattern starts with the words themselves, not a look-behind: Python's `re` then
    finds candidates by their first letters, some twenty times faster (bench/language_matcher.py)."""
    tokens = re.findall(r"\([^)]*\)|\S+", form.strip())
    words = [i for i, token in enumerate(tokens) if not token.startswith("(")]
    if not words or any(tokens[i].startswith("(") for i in range(words[0], words[-1])):
        raise ValueError(f"{form!r}: brackets go only before or after the words")
    before, focus, after = tokens[: words[0]], tokens[words[0] : words[-1] + 1], tokens[words[-1] + 1 :]
    pattern = _words(focus, inflect) + _END
    for group in after:
        inner = group[1:-1].strip()
        choices = "|".join(_words(choice.split(), inflect) for choice in inner.lstrip("-").split("|"))
        pattern += rf"(?{'!' if inner.startswith('-') else '='}{_BETWEEN}(?:{choices}){_END})"
    return re.compile(pattern), tuple(_before_check(group, inflect) for group in before)


@dataclass(frozen=True)
class _Compiled:
    entry: PhraseEntry
    forms: tuple[tuple[re.Pattern, tuple[tuple[re.Pattern, bool], ...]], ...]


# How far back a bracket before the words may reach ("the young person has been really …").
_LOOK_BACK = 60


class Lens:
    """A word list, compiled once. Keep one per version of the list and reuse it."""

    def __init__(self, entries: Iterable[PhraseEntry]):
        self.entries = tuple(entries)
        self._compiled = [
            _Compiled(
                entry,
                tuple(_form(form, inflect=entry.kind != YOU_STATEMENT) for form in entry.all_forms()),
            )
            for entry in self.entries
        ]

    def find(self, text: str) -> list[Finding]:
        if not text:
            return []
        lowered = _lower(text)
        candidates: list[tuple[int, int, PhraseEntry]] = []
        for compiled in self._compiled:
            for pattern, before_checks in compiled.forms:
                for match in pattern.finditer(lowered):
                    start, end = match.span()
                    if start and (lowered[start - 1].isalnum() or lowered[start - 1] in _WORD_EDGE):
                        continue  # inside another word: "outpatient", "in-patient"
                    if not all(
                        bool(check.search(lowered, max(0, start - _LOOK_BACK), start)) != negative
                        for check, negative in before_checks
                    ):
                        continue
                    if compiled.entry.kind == YOU_STATEMENT and not _instructs(lowered, start, end):
                        continue
                    candidates.append((start, end, compiled.entry))
        quoted = [match.span() for match in _QUOTED.finditer(text)] if candidates else []
        findings: list[Finding] = []
        # Earliest first and, at the same place, the longest: "you are non-compliant" is one hint.
        for start, end, entry in sorted(candidates, key=lambda c: (c[0], c[0] - c[1])):
            if findings and start < findings[-1].end:
                continue
            if any(q_start <= start and end <= q_end for q_start, q_end in quoted):
                continue
            findings.append(Finding(start, end, text[start:end], entry.kind, entry.why, entry.alternatives))
        return findings


_WORD_EDGE = frozenset("_-\u2010\u2011")


def _lower(text: str) -> str:
    """The text in lower case with every character where it was, so offsets stay true (a few
    characters, like "İ", grow when lowered; those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _instructs(text: str, start: int, end: int) -> bool:
    """Whether a "you" statement tells someone what to do, rather than asking, offering or praising."""
    previous = _PREVIOUS_WORD.search(text, max(0, start - 20), start)
    if previous and previous.group(1).lower() in _OPENING_WORDS:
        return False
    return not (_QUESTION_AHEAD.match(text, end) or _PRAISE_AHEAD.match(text, end))


def first_of_each(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per phrase, the first, for hints while typing: "patient" three times is one
    hint. Taking it up changes that place; the lens, asked again, then offers the next."""
    seen: set[str] = set()
    first = []
    for finding in findings:
        if finding.phrase.lower() not in seen:
            seen.add(finding.phrase.lower())
            first.append(finding)
    return first


def find_phrases(text: str, entries: Sequence[PhraseEntry]) -> list[Finding]:
    """The findings in `text` for a list of phrases (compiling it each time: for one-off use)."""
    return Lens(entries).find(text)
