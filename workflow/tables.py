"""Tables in files, as spreadsheets hold them: the rows of a CSV or Excel file, numbered as the
spreadsheet numbers them, and rows written to either kind of file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from workflow.errors import WorkflowError
from workflow.files import write_whole
from workflow.render import spreadsheet_safe

__all__ = ["KINDS", "Table", "TableError", "kind_of", "read_table", "write_table"]

KINDS = ("csv", "xlsx")


class TableError(WorkflowError):
    """A file is not a table we can read; names the file (and the row, where there is one)."""

    def __init__(self, path: str, problem: str, row: int | None = None) -> None:
        self.path = path
        self.row = row
        self.problem = problem
        super().__init__(f"{path}{f', row {row}' if row else ''}: {problem}")


@dataclass(frozen=True)
class Table:
    """A file's header and its rows that are not empty, each with its number (the header's row
    is 1) and its cells as texts, as long as the header."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def kind_of(path: Path, given: str | None = None) -> str:
    """`given`, else the kind the file's name ends in.

    Raises:
        TableError: neither says csv or xlsx.
    """
    kind = given or path.suffix.lower().lstrip(".")
    if kind not in KINDS:
        raise TableError(str(path), "give a .csv or .xlsx file (or --format csv|xlsx)")
    return kind


def read_table(
    path: Path, *, kind: str | None = None, encoding: str = "utf-8-sig", sheet: str | None = None
) -> Table:
    """The table in a CSV file (its delimiter found: comma, semicolon or tab) or an Excel sheet
    (the first, or `sheet`).

    Raises:
        TableError: unreadable, not text in `encoding`, not a workbook, no such sheet, no header,
            or a row with more cells than the header has names.
    """
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(shown, f"cannot read the file: {exc.strerror}") from None
    if kind_of(path, kind) == "xlsx":
        rows = _xlsx_rows(shown, data, sheet)
    else:
        rows = _csv_rows(shown, data, encoding)
    if not rows or not any(rows[0]):
        raise TableError(shown, "the first row must name the columns", 1)
    header = tuple(cell.strip() for cell in rows[0])
    width = len(header)
    found = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            raise TableError(
                shown, f"{len(cells)} cells, but the header names {width} columns", number
            )
        cells = (cells + [""] * width)[:width]
        if any(c.strip() for c in cells):
            found.append((number, tuple(cells)))
    return Table(shown, header, tuple(found))


def _csv_rows(shown: str, data: bytes, encoding: str) -> list[list[str]]:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(
            shown,
            f"line {line} is not {encoding} text; a file Excel saved as plain CSV is often "
            "cp1252: give --encoding cp1252",
        ) from None
    except LookupError:
        raise TableError(shown, f"unknown encoding {encoding!r}") from None
    # The header names the columns: what separates them there separates every cell (a comma,
    # or the semicolon a Danish Excel writes, or a tab), whatever the texts below hold.
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=lambda d: (header.count(d), d == ","))
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [[_unquoted(cell) for cell in row] for row in reader]
    except csv.Error as exc:
        raise TableError(shown, f"not a CSV file: {exc}") from None


def _unquoted(cell: str) -> str:
    """A cell as it was before `spreadsheet_safe` quoted it (a spreadsheet hides the quote)."""
    return cell[1:] if cell.startswith("'") else cell


def _xlsx_rows(shown: str, data: bytes, sheet: str | None) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TableError(shown, f"not an Excel workbook (.xlsx): {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(shown, f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}")
        chosen = book[sheet] if sheet is not None else book.worksheets[0]
        return [[_text(v) for v in row] for row in chosen.iter_rows(values_only=True)]
    finally:
        book.close()


def _text(value: Any) -> str:
    """A spreadsheet cell as text: 2019 for 2019.0, a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_table(path: Path, kind: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the rows (streamed) under a header into a new CSV or Excel file at `path`, which
    appears whole or not at all; return how many rows.

    Raises:
        UsageError: the folder cannot be written to.
    """
    written = [0]

    def csv_file(out: IO[Any]) -> None:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_safe(v) for v in row])
            written[0] += 1

    def xlsx_file(out: IO[Any]) -> None:
        from workflow.reports.xlsx import text_sheet

        written[0] = text_sheet(out, "Tiltag", header, rows)

    write_whole(path, xlsx_file if kind == "xlsx" else csv_file, binary=kind == "xlsx")
    return written[0]
