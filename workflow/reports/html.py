"""A report as one self-contained, printable HTML page: its charts as inline SVG, its sections as
tables, every text escaped; nothing is fetched from anywhere. Written as the rows stream in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import IO, Any

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup, escape

from workflow.base.formats import when
from workflow.base.vocabulary import Label
from workflow.reports.cells import for_people
from workflow.reports.chart import layout
from workflow.reports.model import Chart, Coded, Column, Report

__all__ = ["chart_svg", "write_html"]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("workflow.reports", ""),
        autoescape=select_autoescape(["j2"], default=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    environment.globals.update(cell=_cell, pairs=_pairs, table_body=_table_body, n=_number)
    return environment


def _template() -> Template:
    return _environment().get_template("report.html.j2")


def chart_svg(chart: Chart, pick: Callable[[Label], str]) -> Markup:
    """`chart` as an SVG element, its texts in the language `pick` chooses (a web page shows
    one language), escaped."""
    svg = _environment().get_template("chart.svg.j2")
    return Markup(
        svg.render(chart=chart, drawing=layout(chart), name=pick, title=pick(chart.title))
    )


def _pairs(columns: tuple[Column, ...], row: tuple[Any, ...]) -> Iterator[tuple[Column, Any]]:
    return zip(columns, row, strict=True)


def _danish(label: Label) -> str:
    return label.da


def _number(value: float) -> str:
    """A coordinate, to a tenth."""
    return f"{value:.1f}".removesuffix(".0")


def _table_body(columns: tuple[Column, ...]) -> Callable[[tuple[Any, ...]], Markup]:
    """What writes a row of a table as its `<tbody>`: the short cells in a row, each long text
    that has something on a row of its own under it. Made in Python, not the template: the
    template's loops cost more than the cells over 100,000 rows."""
    at = {c.name: i for i, c in enumerate(columns)}  # a name given twice: its last column
    wide = [(at[c.name], c, f'<td class="{escape(c.kind)}">') for c in columns if c.kind != "long"]
    span = len(wide) - 1
    below = []
    for column in columns:
        if column.kind == "long":
            label = column.label
            en = "" if label.en == label.da else f' <span class="en">/ {escape(label.en)}</span>'
            head = (
                f'\n<tr class="more"><td></td><td class="long" colspan="{span}">'
                f'<span class="what">{escape(label.da)}{en}:</span> '
            )
            below.append((at[column.name], column, head))

    def body(row: tuple[Any, ...]) -> Markup:
        if len(row) != len(columns):
            raise ValueError(f"a row of {len(row)} values for {len(columns)} columns")
        parts = ["\n<tbody>\n<tr>"]
        parts += [f"{td}{_cell(column, row[i])}</td>" for i, column, td in wide]
        parts.append("</tr>")
        parts += [f"{head}{_cell(column, row[i])}</td></tr>" for i, column, head in below if row[i]]
        parts.append("\n</tbody>")
        return Markup("".join(parts))

    return body


def _cell(column: Column, value: Any) -> Markup:
    """A cell's content: the Danish label with the English beside it, a light as a dot and its
    word, numbers the Danish way; escaped."""
    if isinstance(value, Coded):
        light = f' class="light light-{escape(value.code)}"' if column.name == "light" else ""
        en = (
            ""
            if value.label.en == value.label.da
            else f'<span class="en">{escape(value.label.en)}</span>'
        )
        return Markup(f"<span{light}>{escape(value.label.da)}</span>{en}")
    shown = for_people(column, value)
    if not shown:
        return Markup("")
    if column.kind == "money":
        shown += " kr."
    return escape(shown)


def write_html(report: Report, out: IO[str]) -> None:
    """Write the page to `out`."""
    day = report.through
    for chunk in _template().generate(
        report=report,
        charts=[(chart, layout(chart)) for chart in report.charts],
        name=_danish,
        as_of=f"{day:%d.%m.%Y}",
        as_of_iso=day.isoformat(),
        made=when(report.generated_at),
    ):
        out.write(chunk)
