"""CSV files that a spreadsheet cannot turn against the person who opens them.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
formula: a display name like `=HYPERLINK("http://x","y")` becomes a link that leaks data when
clicked. Every cell of every file goes through `safe_cell` (OWASP's advice: a leading `'` keeps it
text), so no row builder can forget. Numbers our own code counted stay numbers: pass them as
int or Decimal, never as text."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What a row may hold: text from anywhere, or a number our code worked out.
Cell = str | int | Decimal


def safe_cell(value: Cell) -> Cell:
    # bool is an int to Python, but a spreadsheet would read True as text; our rows say Yes/No.
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file that hands back what is written to it, so each row can be streamed as it is made."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """The lines of a CSV file, every cell guarded, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    # The byte-order mark tells spreadsheet programs the file is UTF-8 (names, curly quotes).
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
