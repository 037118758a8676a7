"""A report as an Excel workbook: a sheet per section with a frozen header row and a filter, real
numbers and dates in Danish formats, a bar chart beside a chart's figures, and a sheet about the
report. Written row by row (xlsxwriter's constant_memory mode: a row is on disk once the next is
begun), so memory stays flat."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import IO, Any

from xlsxwriter import Workbook

from workflow.base.formats import when
from workflow.base.vocabulary import Label
from workflow.reports.cells import WORDS
from workflow.reports.model import Chart, Coded, Column, Report, Section

__all__ = ["FORMATS", "write_xlsx"]

# Danish number formats: the thousands separator and decimal comma come from the reader's
# locale (a Danish Excel shows 1.250.000 kr. and 18,3 %); dates as Danes write them.
FORMATS = {
    "money": '#,##0 "kr."',
    "percent": "0.0%",
    "date": "dd.mm.yyyy",
}
# xlsxwriter's sheets and formats; it ships no type information.
Sheet = Any
Format = Any
# Excel holds at most this many characters in a cell.
MOST_IN_CELL = 32_767
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# A4 in Excel's numbering of paper sizes.
_A4 = 9
# The chart's size in pixels: 18 x 9 cm.
_CHART_SIZE = {"width": 680, "height": 340}


def write_xlsx(report: Report, out: IO[bytes], language: str) -> None:
    """Write the workbook to `out` (a binary stream), its texts in `language`."""
    # Texts are written as texts: no formulas, links or numbers made of what people typed.
    book = Workbook(
        out,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    styles = _styles(book)
    names: set[str] = set()
    for section in report.sections:
        sheet = book.add_worksheet(_sheet_name(section.title.text(language), names))
        rows = _write_section(sheet, section, styles, language)
        for chart in report.charts:
            if chart.source is not None and chart.source[0] == section.name:
                _bar_chart(book, sheet, section, rows, chart, language)
    about = WORDS["about"].text(language)
    _about(book.add_worksheet(_sheet_name(about, names)), report, styles, language)
    book.set_properties({"title": report.title.text(language), "author": "tiltag"})
    book.close()


def _sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, not taken."""
    base = _NOT_IN_SHEET_NAMES.sub("-", title)[:31]
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def _width(column: Column, language: str) -> float:
    if column.kind == "long":
        return 60
    if not column.width:
        return 45
    return max(column.width, len(column.label.text(language)), 8) + 2


def _styles(book: Workbook) -> dict[str, Format]:
    """The formats the cells take, made once for the workbook."""
    top = {"valign": "top"}
    styles = {kind: book.add_format({**top, "num_format": FORMATS[kind]}) for kind in FORMATS}
    styles["long"] = book.add_format({**top, "text_wrap": True})
    styles["header"] = book.add_format(
        {"bold": True, "bg_color": "#DDE4EC", "pattern": 1, "text_wrap": True, "valign": "top"}
    )
    styles["plain date"] = book.add_format({"num_format": FORMATS["date"]})
    return styles


def _write_section(sheet: Sheet, section: Section, styles: dict[str, Format], language: str) -> int:
    """Header and rows; returns how many rows (header included)."""
    for number, column in enumerate(section.columns):
        sheet.set_column(number, number, _width(column, language))
    sheet.freeze_panes(1, 0)
    # Printed: A4 across, as wide as the page, the header on every page.
    sheet.set_landscape()
    sheet.set_paper(_A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_row(0, 30)  # room for a label on two lines
    for number, column in enumerate(section.columns):
        sheet.write_string(0, number, column.label.text(language), styles["header"])
    writers = [_writer(sheet, column, styles, language) for column in section.columns]
    count = 1
    for row in section.rows:
        for number, (write, value) in enumerate(zip(writers, row, strict=True)):
            if value is not None:
                write(count, number, value)
        count += 1
    sheet.autofilter(0, 0, count - 1, len(section.columns) - 1)
    return count


def _writer(
    sheet: Sheet, column: Column, styles: dict[str, Format], language: str
) -> Callable[[int, int, Any], None]:
    """What writes a value of `column` into a cell: texts as texts, numbers and dates as
    numbers in the column's format."""
    style = styles.get(column.kind)
    date_style = style if style is not None else styles["plain date"]
    percent = column.kind == "percent"
    write_string, write_number = sheet.write_string, sheet.write_number

    def write(row: int, col: int, value: Any) -> None:
        if isinstance(value, str):
            if value:  # an empty text is an empty cell
                write_string(row, col, value[:MOST_IN_CELL], style)
        elif isinstance(value, Coded):
            write_string(row, col, value.label.text(language)[:MOST_IN_CELL], style)
        elif isinstance(value, Label):
            write_string(row, col, value.text(language)[:MOST_IN_CELL], style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, style)
        elif isinstance(value, int | float):
            write_number(row, col, value / 100 if percent else value, style)
        elif isinstance(value, date):
            moment = value.replace(tzinfo=None) if isinstance(value, datetime) else value
            sheet.write_datetime(row, col, moment, date_style)
        else:
            write_string(row, col, str(value)[:MOST_IN_CELL], style)

    return write


def _bar_chart(
    book: Workbook, sheet: Sheet, section: Section, rows: int, chart: Chart, language: str
) -> None:
    """A bar chart of the section's figures, under them."""
    assert chart.source is not None
    _, groups, values = chart.source
    names = [c.name for c in section.columns]
    bars = book.add_chart({"type": "column"})
    bars.set_title({"name": chart.title.text(language)})
    bars.set_y_axis({"name": "kr." if chart.kind == "money" else "", "num_format": "#,##0"})
    category = names.index(groups)
    for name in values:
        column = names.index(name)
        bars.add_series(
            {
                "name": [sheet.name, 0, column],
                "categories": [sheet.name, 1, category, rows - 1, category],
                "values": [sheet.name, 1, column, rows - 1, column],
            }
        )
    bars.set_size(_CHART_SIZE)
    sheet.insert_chart(rows + 2, 0, bars)


def _about(sheet: Sheet, report: Report, styles: dict[str, Format], language: str) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    facts: list[tuple[str, Any]] = [
        ("report", report.title.text(language)),
        ("municipality", report.municipality or "-"),
        ("period", report.period.text(language) if report.period else "-"),
        ("as_of", report.through),
        ("made", when(report.generated_at)),
    ]
    for number, (word, value) in enumerate(facts):
        sheet.write_string(number, 0, WORDS[word].text(language), styles["header"])
        if isinstance(value, date):
            sheet.write_datetime(number, 1, value, styles["plain date"])
        else:
            sheet.write_string(number, 1, value)
