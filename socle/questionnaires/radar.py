"""Radar chart of maturity per theme, drawn on the server as inline SVG: readable without
JavaScript, printable by WeasyPrint, and always shipped with its table of scores as the text
alternative (the SVG itself is ``role="img"`` with a title and a description)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

SIZE = 360
CENTER = SIZE / 2
RADIUS = 120
RINGS = (25, 50, 75, 100)
OWN_COLOUR = "#1f3a93"
MEDIAN_COLOUR = "#b34000"


@dataclass(frozen=True)
class Axis:
    label: str
    value: float | None  # 0–100, None when the theme has no scored answer
    median: float | None = None


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * max(0.0, min(100.0, value)) / 100
    return CENTER + distance * math.cos(angle), CENTER + distance * math.sin(angle)


def _polygon(values: Sequence[float | None], colour: str, dashed: bool = False) -> str:
    points = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (_point(i, len(values), v or 0) for i, v in enumerate(values))
    )
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    fill = "none" if dashed else f'{colour}" fill-opacity="0.25'
    return (
        f'<polygon points="{points}" fill="{fill}" stroke="{colour}" '
        f'stroke-width="2"{dash}/>'
    )


def _grid(count: int) -> list[str]:
    parts = []
    for ring in RINGS:
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, ring) for i in range(count))
        )
        parts.append(f'<polygon points="{points}" fill="none" stroke="#cfcfcf" stroke-width="1"/>')
    for i in range(count):
        x, y = _point(i, count, 100)
        parts.append(
            f'<line x1="{CENTER}" y1="{CENTER}" x2="{x:.1f}" y2="{y:.1f}" stroke="#cfcfcf"/>'
        )
    return parts


def _labels(axes: Sequence[Axis]) -> list[str]:
    parts = []
    for i, axis in enumerate(axes):
        x, y = _point(i, len(axes), 118)
        anchor = "middle" if abs(x - CENTER) < 10 else ("start" if x > CENTER else "end")
        x_text, y_text = _point(i, len(axes), 122)
        shown = "—" if axis.value is None else f"{axis.value:.0f}"
        parts.append(
            f'<text x="{x_text:.1f}" y="{y_text + (8 if y > CENTER else -2):.1f}" '
            f'text-anchor="{anchor}" font-size="11" fill="#1e1e1e">'
            f"{escape(axis.label[:28])} ({shown})</text>"
        )
    return parts


def radar_svg(axes: Sequence[Axis], *, title: str, element_id: str = "radar") -> SafeString:
    """An SVG radar of the axes (at least three for a readable shape; fewer gives an empty
    string: the table of scores says it all). The territory's median is drawn dashed when
    every axis has one."""
    if len(axes) < 3:
        return mark_safe("")
    own = _polygon([a.value for a in axes], OWN_COLOUR)
    medians = [a.median for a in axes]
    median = (
        _polygon(medians, MEDIAN_COLOUR, dashed=True)
        if all(m is not None for m in medians)
        else ""
    )
    description = "; ".join(
        f"{a.label} : {'non évalué' if a.value is None else f'{a.value:.0f} sur 100'}"
        for a in axes
    )
    body = "".join([*_grid(len(axes)), median, own, *_labels(axes)])
    # Everything interpolated in ``body`` is a number or escaped above.
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-90 0 {} {}" width="100%" '
        'style="max-width:34rem" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        SIZE + 180, SIZE, element_id, element_id, element_id, title, element_id,
        description, mark_safe(body),
    )


def histogram_svg(counts: Sequence[int], *, title: str, element_id: str) -> SafeString:
    """Bars of members per score band (0–19, 20–39 … 80–100), with a title for screen readers
    (the page shows the same figures in a table)."""
    width, height, bar = 220, 90, 36
    top = max(counts) if counts and max(counts) else 1
    bars = []
    for i, count in enumerate(counts):
        h = 70 * count / top
        x = 8 + i * (bar + 6)
        bars.append(
            f'<rect x="{x}" y="{75 - h:.1f}" width="{bar}" height="{h:.1f}" fill="{OWN_COLOUR}"/>'
            f'<text x="{x + bar / 2}" y="88" font-size="9" text-anchor="middle">{i * 20}</text>'
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-labelledby="{}"><title id="{}">{}</title>{}</svg>',
        width, height, width, height, element_id, element_id, title,
        mark_safe("".join(bars)),
    )
