"""A report as one self-contained, printable HTML page in one language: its charts as inline SVG,
its sections as tables, every text escaped; nothing is fetched from anywhere. Written as the rows
stream in. Printed (or made a PDF) it is A4 across with the title and page numbers on each page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import IO, Any

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup, escape

from workflow.base.formats import when
from workflow.base.vocabulary import Label
from workflow.reports.cells import WORDS, for_people
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
    environment.globals.update(pairs=_pairs, n=_number)
    return environment


def _template() -> Template:
    return _environment().get_template("report.html.j2")


def chart_svg(chart: Chart, pick: Callable[[Label], str]) -> Markup:
    """`chart` as an SVG element, its texts in the language `pick` chooses (a web page shows
    one language), escaped."""
    svg = _environment().get_template("chart.svg.j2")
    return Markup(
        svg.render(chart=chart, drawing=layout(chart, pick), name=pick, title=pick(chart.title))
    )


def _pairs(columns: tuple[Column, ...], row: tuple[Any, ...]) -> Iterator[tuple[Column, Any]]:
    return zip(columns, row, strict=True)


def _number(value: float) -> str:
    """A coordinate, to a tenth."""
    return f"{value:.1f}".removesuffix(".0")


def _table_body(columns: tuple[Column, ...], language: str) -> Callable[[tuple[Any, ...]], Markup]:
    """What writes a row of a table as its `<tbody>`: the short cells in a row, each long text
    that has something on a row of its own under it. Made in Python, not the template: the
    template's loops cost more than the cells over 100,000 rows."""
    at = {c.name: i for i, c in enumerate(columns)}  # a name given twice: its last column
    wide = [(at[c.name], c, f'<td class="{escape(c.kind)}">') for c in columns if c.kind != "long"]
    span = len(wide) - 1
    below = []
    for column in columns:
        if column.kind == "long":
            head = (
                f'\n<tr class="more"><td></td><td class="long" colspan="{span}">'
                f'<span class="what">{escape(column.label.text(language))}:</span> '
            )
            below.append((at[column.name], column, head))

    def body(row: tuple[Any, ...]) -> Markup:
        if len(row) != len(columns):
            raise ValueError(f"a row of {len(row)} values for {len(columns)} columns")
        parts = ["\n<tbody>\n<tr>"]
        parts += [f"{td}{_cell(column, row[i], language)}</td>" for i, column, td in wide]
        parts.append("</tr>")
        parts += [
            f"{head}{_cell(column, row[i], language)}</td></tr>"
            for i, column, head in below
            if row[i]
        ]
        parts.append("\n</tbody>")
        return Markup("".join(parts))

    return body


def _cell(column: Column, value: Any, language: str) -> Markup:
    """A cell's content in `language`: a label, a light as a dot and its word, numbers the
    Danish way; escaped."""
    if isinstance(value, Coded):
        light = f' class="light light-{escape(value.code)}"' if column.name == "light" else ""
        return Markup(f"<span{light}>{escape(value.label.text(language))}</span>")
    shown = for_people(column, value, language, iso=language == "en")
    if not shown:
        return Markup("")
    if column.kind == "money":
        shown += " kr."
    return escape(shown)


def write_html(report: Report, out: IO[str], language: str) -> None:
    """Write the page to `out`, every text in `language`."""
    day = report.through

    def name(label: Label) -> str:
        return label.text(language)

    for chunk in _template().generate(
        report=report,
        language=language,
        charts=[(chart, layout(chart, name)) for chart in report.charts],
        name=name,
        words={key: words.text(language) for key, words in WORDS.items()},
        cell=partial(_cell, language=language),
        table_body=partial(_table_body, language=language),
        as_of=day.isoformat() if language == "en" else f"{day:%d.%m.%Y}",
        made=when(report.generated_at),
    ):
        out.write(chunk)
