"""A report as an Excel workbook: a sheet per section with a frozen header row and a filter, real
numbers and dates in Danish formats, a bar chart beside a chart's figures, and a sheet about the
report. Written row by row (openpyxl's write-only mode), so memory stays flat."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from workflow.base.formats import when
from workflow.reports.model import Chart, Coded, Column, Report, Section

__all__ = ["FORMATS", "write_xlsx"]

# Danish number formats: the thousands separator and decimal comma come from the reader's
# locale (a Danish Excel shows 1.250.000 kr. and 18,3 %); dates as Danes write them.
FORMATS = {
    "money": '#,##0 "kr."',
    "percent": "0.0%",
    "date": "dd.mm.yyyy",
}
# openpyxl's write-only sheet; its type stubs lack most of what it has (column widths, filters).
Sheet = Any
# Excel holds at most this many characters in a cell.
MOST_IN_CELL = 32_767
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def write_xlsx(report: Report, out: IO[bytes]) -> None:
    """Write the workbook to `out` (a binary stream)."""
    book = Workbook(write_only=True)
    _styles(book)
    names: set[str] = set()
    for section in report.sections:
        sheet = book.create_sheet(_sheet_name(section.title.da, names))
        rows = _write_section(sheet, section)
        for chart in report.charts:
            if chart.source is not None and chart.source[0] == section.name:
                _bar_chart(sheet, section, rows, chart)
    _about(book.create_sheet(_sheet_name("Om rapporten", names)), report)
    book.properties.title = str(report.title)
    book.properties.creator = "tiltag"
    book.save(out)


def _sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, not taken."""
    base = _NOT_IN_SHEET_NAMES.sub("-", title)[:31]
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def _width(column: Column) -> float:
    if column.kind == "long":
        return 60
    if not column.width:
        return 45
    return max(column.width, len(column.label.da), 8) + 2


def _styles(book: Workbook) -> None:
    """The named styles the cells take: giving a cell a named style costs a fraction of giving
    it a format and an alignment of its own, which matters over 100,000 rows."""
    for name, kind in (("tiltag-money", "money"), ("tiltag-percent", "percent"),
                       ("tiltag-date", "date")):  # fmt: skip
        book.add_named_style(NamedStyle(name=name, number_format=FORMATS[kind], alignment=_TOP))
    book.add_named_style(NamedStyle(name="tiltag-long", alignment=_WRAP))
    book.add_named_style(
        NamedStyle(name="tiltag-header", font=_BOLD, fill=_HEADER_FILL, alignment=_WRAP)
    )


_STYLE_OF = {"money": "tiltag-money", "percent": "tiltag-percent", "date": "tiltag-date",
             "long": "tiltag-long"}  # fmt: skip


def _write_section(sheet: Sheet, section: Section) -> int:
    """Header and rows; returns how many rows (header included)."""
    for number, column in enumerate(section.columns, 1):
        sheet.column_dimensions[get_column_letter(number)].width = _width(column)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30  # two lines: Danish / English
    # Printed: A4 across, as wide as the page, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    header = []
    for column in section.columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.data_type = "s"
        cell.style = "tiltag-header"
        header.append(cell)
    sheet.append(header)
    makers = [_maker(sheet, column) for column in section.columns]
    count = 1
    for row in section.rows:
        sheet.append([make(value) for make, value in zip(makers, row, strict=True)])
        count += 1
    last = get_column_letter(len(section.columns))
    sheet.auto_filter.ref = f"A1:{last}{count}"
    return count


def _maker(sheet: Sheet, column: Column) -> Callable[[Any], Any]:
    """What turns a value of `column` into what the sheet holds: a plain value where that is
    enough, else a cell with its named style."""
    style = _STYLE_OF.get(column.kind)

    def make(value: Any) -> Any:
        if isinstance(value, Coded):
            value = str(value.label)
        if value is None:
            return None
        if isinstance(value, str):
            value = value[:MOST_IN_CELL]
            if style is None and not value.startswith("="):
                return value
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # a text is a text: "=..." must not become a formula
        else:
            cell = WriteOnlyCell(sheet, value=value / 100 if column.kind == "percent" else value)
            if style is None and isinstance(value, date):
                cell.style = "tiltag-date"
        if style is not None:
            cell.style = style
        return cell

    return make


def _bar_chart(sheet: Sheet, section: Section, rows: int, chart: Chart) -> None:
    """A bar chart of the section's figures, under them."""
    assert chart.source is not None
    _, groups, values = chart.source
    names = [c.name for c in section.columns]
    bars = BarChart()
    bars.title = str(chart.title)
    bars.y_axis.title = "kr." if chart.kind == "money" else ""
    bars.y_axis.numFmt = "#,##0"
    for name in values:
        column = names.index(name) + 1
        bars.add_data(
            Reference(sheet, min_col=column, min_row=1, max_row=rows), titles_from_data=True
        )
    column = names.index(groups) + 1
    bars.set_categories(Reference(sheet, min_col=column, min_row=2, max_row=rows))
    bars.width, bars.height = 18, 9
    sheet.add_chart(bars, f"A{rows + 3}")


def _about(sheet: Sheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60
    facts: list[tuple[str, Any]] = [
        ("rapport / report", str(report.title)),
        ("kommune / municipality", report.municipality or "-"),
        ("periode / period", str(report.period) if report.period else "-"),
        ("pr. / as of", report.through),
        ("lavet / made", when(report.generated_at)),
    ]
    for label, value in facts:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            cell.number_format = "dd.mm.yyyy"
        first = WriteOnlyCell(sheet, value=label)
        first.style = "tiltag-header"
        sheet.append([first, cell])
