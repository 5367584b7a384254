"""The few terms that must stay, each with a one-line explanation beside it wherever a person using
the service meets it: "peer worker", "lived experience" and the like. One list, so the same words
explain the same term everywhere."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    pattern: re.Pattern


def _term(term: str, meaning: str, forms: str) -> Term:
    return Term(term, meaning, re.compile(rf"\b(?:{forms})\b", re.IGNORECASE))


GLOSSARY: tuple[Term, ...] = (
    _term(
        "Peer worker",
        "someone paid to support others, who uses their own experience of mental health problems.",
        r"peer[- ]?workers?|peer support workers?",
    ),
    _term(
        "Lived experience",
        "what a person knows from having had mental health problems themselves.",
        r"lived experience",
    ),
    _term(
        "Recovery course",
        "a course about living well, often run by people who have been through it.",
        r"recovery (?:courses?|college)",
    ),
    _term("Care plan", "a written plan of the support a person gets, made with them.", r"care[- ]plans?"),
)


def terms_in(*texts: str) -> list[Term]:
    """The glossary's terms that appear in any of `texts`, in the glossary's order, each once."""
    return [term for term in GLOSSARY if any(term.pattern.search(text or "") for text in texts)]
