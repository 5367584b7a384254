"""Bar charts drawn on the server as plain SVG: no JavaScript, and the same markup prints in a
WeasyPrint PDF. So every colour is an explicit fill (no CSS variables, no stylesheet) and the
size comes from the viewBox, which lets the chart shrink to a phone's width.

The chart is an image with a title and a short description; the page puts the same figures in a
table beside it, which is the text alternative people and screen readers can read."""

import math
from collections.abc import Sequence

from django.utils.text import slugify
from markupsafe import Markup, escape

BAR_COLOUR = "#005eb8"  # NHS blue
TEXT_COLOUR = "#212b32"  # NHS text colour
AXIS_COLOUR = "#768692"  # NHS mid grey

# The chart scales as one picture, so text that fits in these units fits at every width. 400 wide
# keeps 13-unit text at about 12 px on a 390 px phone.
WIDTH = 400
HEIGHT = 200  # the bars' area, with the values above and the labels below it
SIDE = 8
FONT = 13
LINE = FONT + 3
VALUE_ROOM = FONT + 10  # the value above the tallest bar
LABEL_GAP = 6
# A generous estimate of Arial's average character width, so an estimated fit is a real one.
CHAR_WIDTH = 0.62 * FONT


def _number(value: float) -> str:
    return f"{value:g}"


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _lines(text: str, width: float) -> list[str]:
    """`text` broken between words into lines no wider than `width` (a single long word stays)."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, lines: list[str], attributes: str = "") -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if index == 0 else LINE}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT_COLOUR}"{attributes}>{spans}</text>'


def _label_step(labels: list[str], slot: float) -> int:
    """Label every bar, or every 2nd, 3rd… when the labels are wider than a bar's room. The
    last bar is always labelled: in a run of weeks it is this week."""
    widest = max((_text_width(label) for label in labels), default=0)
    return max(1, math.ceil((widest + LABEL_GAP) / slot))


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    max_value: float | None = None,
    unit: str = "",
    chart_id: str | None = None,
    series: bool = False,
) -> Markup:
    """An accessible SVG bar chart of `bars` ((label, value) pairs, drawn left to right), with its
    title shown above it.

    `max_value` fixes the top of the scale (e.g. 100 for percentages); otherwise the largest
    value is the top. `unit` follows each value ("%", " people"). A `series` (weeks, months) has
    every 2nd or 3rd label left out when they would not fit; other labels wrap onto more lines."""
    chart_id = chart_id or f"chart-{slugify(title)}"
    values = [max(0.0, float(value)) for _, value in bars]
    top = max_value if max_value is not None else max(values, default=0)
    top = top or 1  # all zeros: flat bars, no division by zero
    slot = (WIDTH - 2 * SIDE) / max(len(bars), 1)
    bar_width = slot * 0.7
    labels = [label for label, _ in bars]
    step = _label_step(labels, slot) if series else 1
    label_lines = [[label] if series else _lines(label, slot - LABEL_GAP) for label in labels]
    title_lines = _lines(title, WIDTH - 2 * SIDE)
    plot_top = len(title_lines) * LINE + 8 + VALUE_ROOM
    baseline = plot_top + HEIGHT
    height = baseline + LINE * max((len(lines) for lines in label_lines), default=1) + 8

    summary = "; ".join(f"{label}: {_number(value)}{unit}" for label, value in bars) or "No figures yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="app-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        _text(SIDE, FONT, title_lines, ' font-weight="bold" class="app-chart__title"'),
    ]
    for index, (lines, value) in enumerate(zip(label_lines, values, strict=True)):
        bar_height = HEIGHT * min(value, top) / top
        x = SIDE + index * slot + (slot - bar_width) / 2
        middle = x + bar_width / 2
        labelled = (len(bars) - 1 - index) % step == 0
        parts.append(
            f'<g class="app-chart__bar">'
            f'<rect x="{x:.1f}" y="{baseline - bar_height:.1f}" width="{bar_width:.1f}" '
            f'height="{bar_height:.1f}" fill="{BAR_COLOUR}"/>'
            + _text(middle, baseline - bar_height - 6, [f"{_number(value)}{unit}"], ' text-anchor="middle"')
            + (_text(middle, baseline + LINE, lines, ' text-anchor="middle"') if labelled else "")
            + "</g>"
        )
    parts.append(
        f'<line x1="{SIDE}" y1="{baseline}" x2="{WIDTH - SIDE}" y2="{baseline}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every piece of text above is escaped)


ROW_HEIGHT = 40  # a label line, then its bar beneath
ROW_GAP = 4
BAR_HEIGHT = 16
END_ROOM = 48  # room at the end of the longest bar for its value


def horizontal_bar_chart(
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    max_value: float | None = None,
    unit: str = "",
    chart_id: str | None = None,
) -> Markup:
    """An accessible SVG chart of `bars` drawn top to bottom, each label on its own line above
    its bar. For long labels (themes, groups of people) that would overlap under upright bars.

    The same rules as `bar_chart`: explicit colours, a title and description, `max_value` fixes
    the scale, `unit` follows each value."""
    chart_id = chart_id or f"chart-{slugify(title)}"
    values = [max(0.0, float(value)) for _, value in bars]
    top = max_value if max_value is not None else max(values, default=0)
    top = top or 1
    plot_width = WIDTH - 2 * SIDE - END_ROOM
    height = max(len(bars), 1) * ROW_HEIGHT + ROW_GAP

    summary = "; ".join(f"{label}: {_number(value)}{unit}" for label, value in bars) or "No figures yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="app-chart app-chart--horizontal" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for index, ((label, _), value) in enumerate(zip(bars, values, strict=True)):
        row = index * ROW_HEIGHT + ROW_GAP
        width = plot_width * min(value, top) / top
        bar_top = row + FONT + ROW_GAP
        parts.append(
            f'<g class="app-chart__bar">'
            f'<rect x="{SIDE}" y="{bar_top:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{SIDE + width + 6:.1f}" y="{bar_top + BAR_HEIGHT - 4:.1f}" '
            f'fill="{TEXT_COLOUR}">{escape(_number(value))}{escape(unit)}</text>'
            f'<text x="{SIDE + 4}" y="{row + FONT:.1f}" fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f"</g>"
        )
    parts.append(
        f'<line x1="{SIDE}" y1="0" x2="{SIDE}" y2="{height}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every piece of text above is escaped)
