"""Checking a letter, poster or note: the lens's findings in their place in the text, and counts
of what it says about the reader. Pure: the findings come in from the lens, nothing is kept."""

import re
from dataclasses import dataclass

from conversations.matcher import DEFICIT, YOU_STATEMENT, Finding
from recovery_culture.lib.readability import Sentence, hardest_sentences, reading_ease, sentences, word_count

# Words that speak of what people can do and hope for. Counted beside the labels, because a
# friendlier letter is not only one with fewer labels: it has more of these.
STRENGTHS = re.compile(
    r"\b(?:strengths?|strong|hope(?:s|ful|fully)?|recover(?:y|ing|ed)?|choices?|choos(?:e|es|ing)"
    r"|together|skills?|skilled|talents?|talented|welcom(?:e|es|ed|ing)|support(?:s|ed|ing|ive)?"
    r"|achiev(?:e|es|ed|ing|ements?)|progress|proud|thank(?:s|ful)?|valued?|respect(?:s|ed|ful)?"
    r"|listen(?:s|ed|ing)?|goals?|interests?|gifts?|kindness|caring|resilien(?:t|ce)|confiden(?:t|ce)"
    r"|success(?:es|ful)?|succeed(?:s|ed)?|ideas?|partners?|partnership|wellbeing|well-being"
    r"|enjoy(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
# "I" and "we" sentences: the writer speaks for themselves, rather than telling the reader.
FIRST_PERSON = re.compile(
    r"(?<![\w'])(?:I|I'm|I've|I'll|I'd|we|we're|we've|we'll|we'd|us|our)(?![\w'])", re.I
)


@dataclass(frozen=True)
class TextCheck:
    text: str
    findings: tuple[Finding, ...]
    words: int
    strengths: int
    you_sentences: int
    first_person_sentences: int
    reading_ease: float | None
    hardest: tuple[Sentence, ...]

    @property
    def labels(self) -> int:
        return sum(finding.kind == DEFICIT for finding in self.findings)

    def segments(self) -> list[tuple[str, int | None]]:
        """The text in pieces, each flagged phrase a piece of its own with its finding's number
        (counted from 1), for showing the text with the phrases marked."""
        pieces: list[tuple[str, int | None]] = []
        at = 0
        for number, finding in enumerate(self.findings, start=1):
            if finding.start > at:
                pieces.append((self.text[at : finding.start], None))
            pieces.append((self.text[finding.start : finding.end], number))
            at = finding.end
        if at < len(self.text):
            pieces.append((self.text[at:], None))
        return pieces


def check_text(text: str, findings: list[Finding]) -> TextCheck:
    """The counts for `text`, given what the lens found in it."""
    all_sentences = sentences(text)
    telling = [f for f in findings if f.kind == YOU_STATEMENT]
    you_sentences = sum(
        1
        for sentence in all_sentences
        if any(sentence.start <= f.start < sentence.start + len(sentence.text) for f in telling)
    )
    return TextCheck(
        text=text,
        findings=tuple(findings),
        words=word_count(text),
        strengths=len(STRENGTHS.findall(text)),
        you_sentences=you_sentences,
        first_person_sentences=sum(1 for sentence in all_sentences if FIRST_PERSON.search(sentence.text)),
        reading_ease=reading_ease(text),
        hardest=tuple(hardest_sentences(text)),
    )
