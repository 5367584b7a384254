"""Bar charts drawn on the server as plain SVG: no JavaScript, and the same markup prints in a
WeasyPrint PDF. So every colour is an explicit fill (no CSS variables, no stylesheet) and the
size comes from the viewBox, which lets the chart shrink to a phone's width.

The chart is an image with a title and a short description; the page puts the same figures in a
table beside it, which is the text alternative people and screen readers can read."""

from collections.abc import Sequence

from django.utils.text import slugify
from markupsafe import Markup, escape

BAR_COLOUR = "#005eb8"  # NHS blue
TEXT_COLOUR = "#212b32"  # NHS text colour
AXIS_COLOUR = "#768692"  # NHS mid grey

WIDTH = 480
HEIGHT = 200
TOP = 24  # room for the value above the tallest bar
BOTTOM = 40  # room for the labels under the bars
SIDE = 8
FONT = 12


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    max_value: float | None = None,
    unit: str = "",
    chart_id: str | None = None,
) -> Markup:
    """An accessible SVG bar chart of `bars` ((label, value) pairs, drawn left to right).

    `max_value` fixes the top of the scale (e.g. 100 for percentages); otherwise the largest
    value is the top. `unit` follows each value ("%", " people")."""
    chart_id = chart_id or f"chart-{slugify(title)}"
    values = [max(0.0, float(value)) for _, value in bars]
    top = max_value if max_value is not None else max(values, default=0)
    top = top or 1  # all zeros: flat bars, no division by zero
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - 2 * SIDE) / max(len(bars), 1)
    bar_width = slot * 0.7
    baseline = HEIGHT - BOTTOM

    summary = "; ".join(f"{label}: {_number(value)}{unit}" for label, value in bars) or "No figures yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="app-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for index, ((label, _), value) in enumerate(zip(bars, values, strict=True)):
        height = plot_height * min(value, top) / top
        x = SIDE + index * slot + (slot - bar_width) / 2
        middle = x + bar_width / 2
        parts.append(
            f'<g class="app-chart__bar">'
            f'<rect x="{x:.1f}" y="{baseline - height:.1f}" width="{bar_width:.1f}" '
            f'height="{height:.1f}" fill="{BAR_COLOUR}"/>'
            f'<text x="{middle:.1f}" y="{baseline - height - 6:.1f}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(_number(value))}{escape(unit)}</text>'
            f'<text x="{middle:.1f}" y="{baseline + 16:.1f}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f"</g>"
        )
    parts.append(
        f'<line x1="{SIDE}" y1="{baseline}" x2="{WIDTH - SIDE}" y2="{baseline}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every piece of text above is escaped)


ROW_HEIGHT = 40  # a label line, then its bar beneath
LABEL_GAP = 4
BAR_HEIGHT = 16
VALUE_ROOM = 48  # room at the end of the longest bar for its value


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
    plot_width = WIDTH - 2 * SIDE - VALUE_ROOM
    height = max(len(bars), 1) * ROW_HEIGHT + LABEL_GAP

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
        row = index * ROW_HEIGHT + LABEL_GAP
        width = plot_width * min(value, top) / top
        bar_top = row + FONT + LABEL_GAP
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
