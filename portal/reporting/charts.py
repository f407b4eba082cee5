"""Bar charts as SVG, drawn on the server: no script, no external chart service.

Each chart is ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``,
which says every number it shows; the same numbers are in the table beside it. Colours and
sizes are presentation attributes, not ``style`` attributes, so a strict Content Security
Policy allows them, and the chart reads in black and white: this period is a solid bar,
the previous one an outlined bar, and every bar has its number written at its end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 14
LEGEND_HEIGHT = 34
NUMBER_ROOM = 56
INK = "#0b0c0c"
BAR = "#0b0c0c"
FONT_SIZE = 14


@dataclass(frozen=True)
class Bar:
    """One category: its label and its numbers for this period and the previous one."""

    label: str
    current: int
    previous: int


def _number(value: int) -> str:
    return f"{value:,}"


def bar_chart(chart_id: str, title: str, description: str, legend: tuple[str, str], bars: list[Bar],
              number: Callable[[int], str] = _number) -> Markup:
    """A horizontal bar chart, each category with this period's bar above the previous one's.

    ``chart_id`` must be unique on the page (it names the title and description).
    ``title``, ``description`` and the labels arrive translated; all are escaped here;
    ``number`` writes a number in the reader's language.
    """
    longest = max([1, *(bar.current for bar in bars), *(bar.previous for bar in bars)])
    scale = (WIDTH - NUMBER_ROOM) / longest
    row_height = LABEL_HEIGHT + 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
    height = LEGEND_HEIGHT + row_height * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    parts.extend(_legend(legend))
    y = LEGEND_HEIGHT
    for bar in bars:
        parts.append(f'<text x="0" y="{y + 14}" fill="{INK}">{escape(bar.label)}</text>')
        y += LABEL_HEIGHT
        parts.extend(_bar(y, bar.current, scale, number, solid=True))
        y += BAR_HEIGHT + BAR_GAP
        parts.extend(_bar(y, bar.previous, scale, number, solid=False))
        y += BAR_HEIGHT + ROW_GAP
    parts.append("</svg>")
    svg = "".join(parts)
    # Every text above went through escape(); the rest is numbers and the caller's fixed id.
    return Markup(svg)  # nosec B704


def _legend(legend: tuple[str, str]) -> list[str]:
    current, previous = legend
    return [
        f'<rect x="0" y="4" width="16" height="16" fill="{BAR}"/>',
        f'<text x="22" y="17" fill="{INK}">{escape(current)}</text>',
        f'<rect x="200.5" y="4.5" width="15" height="15" fill="#ffffff" stroke="{BAR}" stroke-width="1"/>',
        f'<text x="222" y="17" fill="{INK}">{escape(previous)}</text>',
    ]


def _bar(y: int, value: int, scale: float, number: Callable[[int], str], *, solid: bool) -> list[str]:
    length = value * scale
    shape = (f'<rect x="0" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{BAR}"/>' if solid else
             f'<rect x="0.5" y="{y + 0.5}" width="{max(length - 1, 0):.1f}" height="{BAR_HEIGHT - 1}" '
             f'fill="#ffffff" stroke="{BAR}" stroke-width="1"/>')
    text = f'<text x="{length + 6:.1f}" y="{y + 13}" fill="{INK}">{escape(number(value))}</text>'
    return [shape, text] if value else [text]
