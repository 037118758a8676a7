"""A chart laid out for drawing: grouped bars on a scale with round steps, every bar with its
value written beside it (money in millions of kroner). Years stand side by side with their bars
upright; stages, whose names are long, stand one under the other with their bars lying. Pure
geometry, drawn as inline SVG by the HTML page."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from workflow.base.formats import amount
from workflow.base.vocabulary import Label
from workflow.reports.model import Chart

__all__ = ["Bar", "Drawing", "Text", "layout"]

WIDTH = 720
COLOURS = ("#8a96a3", "#1f6fb2", "#2e8540", "#b35c00")


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    series: int
    value: int | None
    label: Text | None  # the value, written at the bar's end


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    bars: tuple[Bar, ...]
    grid: tuple[tuple[Line, Text], ...]  # a line of the scale and its value
    names: tuple[Text, ...]  # the groups' names
    axis: Line  # the zero line
    unit: Text | None  # what the values count, "mio. kr."
    colours: tuple[str, ...]


def _step(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most eight ticks up to `top`."""
    if top <= 0:
        return 1
    power: float = 10.0 ** math.floor(math.log10(top))
    for factor in (0.1, 0.2, 0.5, 1, 2, 5, 10):
        if top / (factor * power) <= 8:
            return max(factor * power, 1)
    return 10 * power


def _short(value: float, kind: str) -> str:
    """A value on the chart: money in millions (3,5 or 0,55), counts as they are."""
    if kind != "money":
        return amount(int(value))
    millions = value / 1_000_000
    shown = f"{millions:.1f}" if abs(millions) >= 1 or millions == 0 else f"{millions:.2f}"
    return shown.replace(".", ",").replace("-", "−")


def layout(chart: Chart, pick: Callable[[Label], str]) -> Drawing:
    """Where every bar, line and text of `chart` goes; its groups' names as `pick` says them."""
    values = [v for _, figures in chart.groups for v in figures if v is not None]
    step = _step(max([0, *values]))
    top = max(step, math.ceil(max([0, *values]) / step) * step)
    ticks = [n * step for n in range(int(round(top / step)) + 1)]
    unit = "mio. kr." if chart.kind == "money" else ""
    names = [name if isinstance(name, str) else pick(name) for name, _ in chart.groups]
    if chart.kind == "count":
        return _lying(chart, names, top, ticks, unit)
    return _upright(chart, names, top, ticks, unit)


def _tick_text(value: float, chart: Chart) -> str:
    """A value on the scale, without the decimals it does not need: 0,5 and 1, not 0,50, 1,0."""
    if chart.kind != "money":
        return amount(int(value))
    shown = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",")


def _upright(chart: Chart, shown: list[str], top: float, ticks: list[float], unit: str) -> Drawing:
    left, right, above, below, height = 56, 16, 24, 40, 300
    plot = height - above - below
    base = above + plot
    slot = (WIDTH - left - right) / max(len(chart.groups), 1)
    series = max(len(chart.series), 1)
    thick = min(slot * 0.8 / series, 56)
    bars, names = [], []
    for number, (name, (_, figures)) in enumerate(zip(shown, chart.groups, strict=True)):
        middle = left + slot * (number + 0.5)
        names.append(Text(middle, base + 18, name))
        first = middle - thick * series / 2
        for index, value in enumerate(figures):
            size = 0.0 if value is None else plot * max(value, 0) / top
            x, y = first + index * thick, base - size
            label = (
                None if value is None else Text(x + thick * 0.45, y - 4, _short(value, chart.kind))
            )
            bars.append(Bar(x, y, thick * 0.9, size, COLOURS[index % 4], index, value, label))
    grid = tuple(
        (
            Line(left, base - plot * t / top, WIDTH - right, base - plot * t / top),
            Text(left - 6, base - plot * t / top + 4, _tick_text(t, chart), "end"),
        )
        for t in ticks
    )
    return Drawing(
        WIDTH,
        height,
        tuple(bars),
        grid,
        tuple(names),
        Line(left, base, WIDTH - right, base),
        Text(left - 6, 12, unit, "end") if unit else None,
        COLOURS[:series],
    )


def _lying(chart: Chart, given: list[str], top: float, ticks: list[float], unit: str) -> Drawing:
    left, right, above, below = 300, 40, 8, 28
    series = max(len(chart.series), 1)
    thick = 14.0
    band = thick * series + 12
    height = int(above + band * len(chart.groups) + below)
    plot = WIDTH - left - right
    bars, names = [], []
    for number, (name, (_, figures)) in enumerate(zip(given, chart.groups, strict=True)):
        first = above + band * number + 6
        # About 6.5 pixels a letter at 12 pixels: a longer name is cut to what fits.
        room = int((left - 12) / 6.5)
        shown = name if len(name) <= room else name[: room - 1] + "…"
        names.append(Text(left - 8, first + thick * series / 2 + 4, shown, "end"))
        for index, value in enumerate(figures):
            size = 0.0 if value is None else plot * max(value, 0) / top
            y = first + index * thick
            label = None
            if value is not None:
                label = Text(left + size + 4, y + thick * 0.75, _short(value, chart.kind), "start")
            bars.append(Bar(left, y, size, thick * 0.9, COLOURS[index % 4], index, value, label))
    bottom = height - below
    grid = tuple(
        (
            Line(left + plot * t / top, above, left + plot * t / top, bottom),
            Text(left + plot * t / top, bottom + 16, _tick_text(t, chart)),
        )
        for t in ticks
    )
    return Drawing(
        WIDTH,
        height,
        tuple(bars),
        grid,
        tuple(names),
        Line(left, above, left, bottom),
        Text(WIDTH - right, bottom + 16, unit, "end") if unit else None,
        COLOURS[:series],
    )
