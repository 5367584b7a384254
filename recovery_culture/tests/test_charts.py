import io
import xml.etree.ElementTree as ET

from pypdf import PdfReader
from weasyprint import HTML

from recovery_culture.lib.charts import bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own markup, built in the test)


def _bars(svg: ET.Element) -> list[tuple[float, list[str]]]:
    """Each bar's height and its texts (value, then label)."""
    return [
        (
            float(group.find(f"{SVG}rect").get("height")),
            [" ".join(t.itertext()) for t in group.findall(f"{SVG}text")],
        )
        for group in svg.iter(f"{SVG}g")
    ]


def test_chart_is_an_image_with_a_title_and_description():
    svg = _parse(bar_chart("Little miracles per week", [("2 Nov", 3), ("9 Nov", 0)]))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Little miracles per week"
    assert svg.find(f"{SVG}desc").text == "2 Nov: 3; 9 Nov: 0"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}desc").get("id") == desc_id


def test_one_bar_per_value_scaled_to_the_largest():
    svg = _parse(bar_chart("Entries", [("Early", 4), ("Late", 2), ("Night", 0)]))
    bars = _bars(svg)
    assert [texts for _, texts in bars] == [["4", "Early"], ["2", "Late"], ["0", "Night"]]
    heights = [height for height, _ in bars]
    assert heights[0] > 0
    assert heights[1] == heights[0] / 2
    assert heights[2] == 0


def test_max_value_and_unit_fix_the_scale():
    svg = _parse(bar_chart("Recognised", [("This month", 50)], max_value=100, unit="%"))
    [(height, texts)] = _bars(svg)
    full = _bars(_parse(bar_chart("Recognised", [("This month", 100)], max_value=100, unit="%")))[0][0]
    assert height == full / 2
    assert texts == ["50%", "This month"]
    assert "50%" in svg.find(f"{SVG}desc").text


def test_all_zero_or_no_bars_still_draws():
    assert _bars(_parse(bar_chart("Quiet weeks", [("2 Nov", 0), ("9 Nov", 0)]))) != []
    svg = _parse(bar_chart("Nothing", []))
    assert _bars(svg) == []
    assert svg.find(f"{SVG}desc").text == "No figures yet."


def test_text_is_escaped():
    svg = _parse(bar_chart("<script>alert(1)</script> & co", [("<b>x</b>", 1)]))
    assert svg.find(f"{SVG}title").text == "<script>alert(1)</script> & co"
    assert _bars(svg)[0][1] == ["1", "<b>x</b>"]
    assert "<script>" not in str(bar_chart("<script>", []))


def test_colours_are_explicit_for_pdfs():
    markup = str(bar_chart("Entries", [("Early", 1)]))
    assert "var(" not in markup
    assert 'fill="#005eb8"' in markup


def test_chart_ids_can_be_chosen():
    svg = _parse(bar_chart("Entries", [("Early", 1)], chart_id="shifts"))
    assert svg.find(f"{SVG}title").get("id") == "shifts-title"


def test_chart_prints_in_a_pdf():
    chart = bar_chart("Handover entries", [("Early", 3), ("Late", 1)])
    pdf = HTML(string=f"<html><body>{chart}</body></html>").write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Early" in text
    assert "Late" in text


# --- Horizontal bars: long labels, each on its own line ---

import pytest  # noqa: E402

from recovery_culture.lib.charts import horizontal_bar_chart  # noqa: E402


def _rows(svg: ET.Element) -> list[tuple[float, list[str]]]:
    """Each bar's width and its texts (value, then label)."""
    return [
        (float(group.find(f"{SVG}rect").get("width")), [t.text for t in group.findall(f"{SVG}text")])
        for group in svg.iter(f"{SVG}g")
    ]


def test_horizontal_chart_is_an_image_with_one_row_per_value():
    svg = _parse(
        horizontal_bar_chart(
            "Average by theme",
            [("People using the service involved in everything", 4), ("Choice", 2)],
            max_value=5,
        )
    )
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Average by theme"
    assert svg.find(f"{SVG}desc").text == "People using the service involved in everything: 4; Choice: 2"
    rows = _rows(svg)
    assert [texts for _, texts in rows] == [
        ["4", "People using the service involved in everything"],
        ["2", "Choice"],
    ]
    assert rows[1][0] == pytest.approx(rows[0][0] / 2)


def test_horizontal_chart_grows_with_its_rows_and_keeps_the_scale():
    two = _parse(horizontal_bar_chart("Two", [("a", 5), ("b", 2.5)], max_value=5))
    four = _parse(horizontal_bar_chart("Four", [("a", 5), ("b", 1), ("c", 1), ("d", 0)], max_value=5))
    assert float(four.get("viewBox").split()[3]) > float(two.get("viewBox").split()[3])
    assert _rows(two)[0][0] == _rows(four)[0][0]
    assert _rows(four)[3][0] == 0


def test_horizontal_chart_escapes_and_handles_nothing():
    svg = _parse(horizontal_bar_chart("<b>Odd</b>", [("<script>x</script>", 1)], chart_id="odd"))
    assert svg.find(f"{SVG}title").get("id") == "odd-title"
    assert _rows(svg)[0][1] == ["1", "<script>x</script>"]
    empty = _parse(horizontal_bar_chart("Nothing", []))
    assert _rows(empty) == []
    assert empty.find(f"{SVG}desc").text == "No figures yet."
    assert "var(" not in str(horizontal_bar_chart("x", [("y", 1)]))


# --- Readable at any width: the chart scales as one picture, so fitting in its units is enough ---

from recovery_culture.lib.charts import CHAR_WIDTH, WIDTH  # noqa: E402


def _labels(svg: ET.Element) -> list[str | None]:
    """Each bar's label, or None where it was left out."""
    return [
        " ".join(texts[1].itertext()) if len(texts := group.findall(f"{SVG}text")) > 1 else None
        for group in svg.iter(f"{SVG}g")
    ]


def test_the_title_is_shown_above_the_chart():
    svg = _parse(bar_chart("Thank-yous per week", [("2 Nov", 1)]))
    [title] = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "app-chart__title"]
    assert " ".join(title.itertext()) == "Thank-yous per week"


def test_a_long_title_wraps_inside_the_chart():
    title = "Average score by perspective: our very long spring benchmarking round name"
    svg = _parse(bar_chart(title, [("Staff", 3)]))
    [shown] = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "app-chart__title"]
    lines = [span.text for span in shown]
    assert " ".join(lines) == title and len(lines) > 1
    assert all(len(line) * CHAR_WIDTH <= WIDTH for line in lines)


def test_twelve_weeks_label_every_other_week_ending_with_this_one():
    weeks = [(f"{day} Oct", day) for day in range(10, 22)]
    svg = _parse(bar_chart("Per week", weeks, series=True))
    labels = _labels(svg)
    assert labels[-1] == "21 Oct"
    assert labels[-2] is None
    shown = [label for label in labels if label]
    slot = (WIDTH - 16) / 12
    assert len(shown) < 12
    assert all(len(label) * CHAR_WIDTH < slot * (12 / len(shown)) for label in shown)
    assert "10 Oct: 10" in svg.find(f"{SVG}desc").text  # every figure stays in the description


def test_a_few_long_labels_wrap_rather_than_overlap():
    bars = [("People using the service", 3.5), ("Community partners", 4), ("Staff", 3), ("Supporters", 2)]
    svg = _parse(bar_chart("Average by perspective", bars, max_value=5))
    assert _labels(svg) == [label for label, _ in bars]
    slot = (WIDTH - 16) / 4
    for group in svg.iter(f"{SVG}g"):
        label = group.findall(f"{SVG}text")[1]
        assert all(len(span.text) * CHAR_WIDTH <= slot for span in label)
