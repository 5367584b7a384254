"""How fast is the language lens on a 2,000-character text?

The lens runs on every pause in typing, so checking a long little miracle or a letter must stay
well under 5 ms. Builds a 2,000-character text from everyday ward writing (with a few phrases to
flag and many near misses), compiles the built-in list once (as the app keeps it per list
version), and prints the median and 90th percentile of 500 checks after 20 warm-up checks.

    .venv/bin/python bench/language_matcher.py

No database and no Django: the matcher is a pure function. Not a test: pytest does not collect it.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conversations.matcher import Lens  # noqa: E402
from conversations.seed import BUILT_IN  # noqa: E402

LENGTH = 2000
WARM_UP = 20
CHECKS = 500
BUDGET_MS = 5.0

WRITING = (
    "Had a difficult night but Sam sat with Alex in the garden and they talked about football. "
    "Patient was non-compliant with meds this morning. Outpatient appointment moved to Friday. "
    "Priya paid attention to what Jo said about her motivation for college. "
    "If you need to talk, I am here. What do you think might help you? You did brilliantly. "
    "You need to take your tablets. He was very patient with the new starter. "
    "She said \u201cI refused because it hurt\u201d and we changed the plan together. "
)


def text_of(length: int) -> str:
    return (WRITING * (length // len(WRITING) + 1))[:length]


def main() -> None:
    started = time.perf_counter()
    lens = Lens(BUILT_IN)
    compile_ms = (time.perf_counter() - started) * 1000
    text = text_of(LENGTH)
    for _ in range(WARM_UP):
        lens.find(text)
    times = []
    for _ in range(CHECKS):
        started = time.perf_counter()
        found = lens.find(text)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"compiled {len(BUILT_IN)} phrases once in {compile_ms:.0f} ms")
    print(f"{LENGTH:,}-character text, {len(found)} findings, {CHECKS} checks:")
    print(f"  median {median:.2f} ms, 90th percentile {p90:.2f} ms (budget {BUDGET_MS:.0f} ms)")
    # The median: on a busy shared machine the slowest tenth measures the neighbours, not the lens.
    sys.exit(0 if median < BUDGET_MS else 1)


if __name__ == "__main__":
    main()
