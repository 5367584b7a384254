import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from recovery_culture.lib import dates
from successes.services import wall_pdf
from tests.factories import SuccessFactory, ThankYouFactory


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_wall_pdf_holds_the_weeks_stories_and_thanks(staff, colleague):
    SuccessFactory(author=staff, text="Alex made a cup of tea for everyone at breakfast.")
    SuccessFactory(author=staff, text="Kept off the wall.", on_wall=False)
    ThankYouFactory(sender=colleague, recipient=staff, message="Thank you for covering the late.")

    text = pdf_text(wall_pdf(staff.team, dates.this_week_start()))

    assert "Willow Ward" in text
    assert "Alex made a cup of tea for everyone at breakfast." in text
    assert "Thank you for covering the late." in text
    assert "Kept off the wall." not in text
    assert "Page 1 of 1" in text


def test_a_busy_week_runs_over_pages_that_are_numbered(staff):
    for n in range(40):
        SuccessFactory(author=staff, text=f"Story {n}: " + "a small step that mattered. " * 8)

    text = pdf_text(wall_pdf(staff.team, dates.this_week_start()))

    assert "Page 1 of " in text
    assert "Page 2 of " in text
    assert "Story 0:" in text and "Story 39:" in text


def pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


# Where Debian's fonts-noto-color-emoji puts it (the Dockerfile and .ci/run install it).
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


def test_an_emoji_in_a_story_is_printed_in_the_emoji_font(staff):
    # CI sets REQUIRE_FONTS=1, so there this test is never skipped.
    if not EMOJI_FONT.exists():
        if os.environ.get("REQUIRE_FONTS") == "1":
            pytest.fail("REQUIRE_FONTS=1, but the Noto Color Emoji font is not installed")
        pytest.skip("the Noto Color Emoji font is not installed (apt-get install fonts-noto-color-emoji)")
    SuccessFactory(author=staff, text="Breakfast together \U0001f373 and a walk \U0001f333")

    fonts = pdf_fonts(wall_pdf(staff.team, dates.this_week_start()))

    assert any("Noto-Color-Emoji" in font for font in fonts), fonts
    assert any("DejaVu-Sans" in font for font in fonts), fonts


def test_typed_html_is_printed_as_typed(staff):
    SuccessFactory(author=staff, text="<b>Bold</b> & brave")

    text = pdf_text(wall_pdf(staff.team, dates.this_week_start()))

    assert "<b>Bold</b> & brave" in text


def test_an_empty_week_says_so(ward):
    text = pdf_text(wall_pdf(ward, dates.this_week_start()))

    assert "No little miracles were put on the wall this week." in text
