"""The matcher scored on the annotated set: a lens that nags gets ignored, so precision matters as
much as recall. The figures are printed (`pytest -s`) and quoted in the README."""

from conversations.matcher import Lens
from conversations.seed import BUILT_IN
from conversations.tests.language_cases import FLAGGED, LEFT_ALONE

LENS = Lens(BUILT_IN)


def expected_spans(text: str, phrases: list[str]) -> set[tuple[int, int]]:
    spans, at = set(), 0
    for phrase in phrases:
        start = text.index(phrase, at)
        spans.add((start, start + len(phrase)))
        at = start + len(phrase)
    return spans


def score() -> tuple[float, float, list[str]]:
    true_positives = false_positives = false_negatives = 0
    misses = []
    for text, phrases in [*FLAGGED, *((text, []) for text in LEFT_ALONE)]:
        expected = expected_spans(text, phrases)
        found = {(f.start, f.end) for f in LENS.find(text)}
        true_positives += len(found & expected)
        false_positives += len(found - expected)
        false_negatives += len(expected - found)
        if found != expected:
            misses.append(f"{text!r}: expected {sorted(expected)}, found {sorted(found)}")
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    return precision, recall, misses


def test_the_set_is_big_enough_and_has_both_kinds():
    assert len(FLAGGED) + len(LEFT_ALONE) >= 120
    assert len(FLAGGED) >= 60 and len(LEFT_ALONE) >= 60


def test_precision_and_recall_on_the_annotated_set():
    precision, recall, misses = score()
    print(f"\nlanguage lens: precision {precision:.3f}, recall {recall:.3f}")
    print("\n".join(misses))
    assert precision >= 0.95, misses
    assert recall >= 0.95, misses
