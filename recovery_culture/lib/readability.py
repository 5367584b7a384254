"""How easy a text is to read: the Flesch reading ease score, from `textstat`.

The score runs from about 0 (very hard) to 100 (very easy); 60 or more is plain English that most
adults read without effort, which is the bar for every page a person using the service sees and
what the language lens shows for a team's letters and posters."""

import re
from dataclasses import dataclass

import textstat

PLAIN_ENGLISH = 60

# A sentence ends at . ! or ? (or a line break: a poster's lines are often unpunctuated).
_SENTENCE = re.compile(r"[^.!?\n]*[^.!?\s][^.!?\n]*[.!?]*")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f']+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of the sentence in the whole text
    reading_ease: float


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def reading_ease(text: str) -> float | None:
    """The Flesch reading ease of the whole text; None when it has no words to score."""
    if not word_count(text):
        return None
    return float(textstat.flesch_reading_ease(text))


def sentences(text: str) -> list[Sentence]:
    found = []
    for match in _SENTENCE.finditer(text):
        stripped = match.group().strip()
        if word_count(stripped):
            start = match.start() + match.group().index(stripped)
            found.append(Sentence(stripped, start, float(textstat.flesch_reading_ease(stripped))))
    return found


def hardest_sentences(text: str, count: int = 3) -> list[Sentence]:
    """The `count` hardest sentences below the plain-English bar, hardest first, in the text's
    words. Sentences of fewer than four words are left out: their score says little."""
    scored = [s for s in sentences(text) if word_count(s.text) >= 4 and s.reading_ease < PLAIN_ENGLISH]
    return sorted(scored, key=lambda s: s.reading_ease)[:count]
