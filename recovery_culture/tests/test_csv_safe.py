import csv
import io
from decimal import Decimal

import pytest

from recovery_culture.lib.csv_safe import csv_lines, safe_cell


@pytest.mark.parametrize(
    "text", ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
)
def test_text_a_spreadsheet_would_run_is_kept_as_text(text):
    assert safe_cell(text) == f"'{text}"


@pytest.mark.parametrize("text", ["Sam", "", "1 + 2 = 3", " =1", "a person using the service", "2026-11-30"])
def test_other_text_is_left_as_it_is(text):
    assert safe_cell(text) == text


def test_numbers_our_code_counted_stay_numbers_even_negative():
    assert safe_cell(-3) == -3
    assert safe_cell(Decimal("-0.50")) == Decimal("-0.50")


def test_a_number_written_as_text_is_text_and_guarded():
    assert safe_cell("-3") == "'-3"
    assert safe_cell(True) == "True"


def test_every_cell_of_every_row_is_guarded_after_the_byte_order_mark():
    lines = list(csv_lines([["From", "Count"], ["=cmd", 2], ["Sam", Decimal("-1.25")]]))
    assert lines[0] == "\ufeff"
    rows = list(csv.reader(io.StringIO("".join(lines[1:]), newline="")))
    assert rows == [["From", "Count"], ["'=cmd", "2"], ["Sam", "-1.25"]]
