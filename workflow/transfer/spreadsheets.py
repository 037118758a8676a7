"""Tables in files, as spreadsheets hold them: the rows of a CSV or Excel file, numbered as the
spreadsheet numbers them, and rows written to either kind of file."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from workflow.base.errors import WorkflowError
from workflow.base.files import (
    TABLE_FORMATS,
    TABLE_LIMIT,
    FileRefused,
    megabytes,
    read_bounded,
    write_whole,
)
from workflow.base.formats import SPREADSHEET_QUOTED, spreadsheet_safe

__all__ = ["Table", "TableError", "kind_of", "read_table", "write_table"]

# What a workbook may unpack to (its sheets are compressed XML: ten times its size is usual, a
# thousand is a zip bomb): at most a hundred times its size (but 10 MB in any case), and at most
# twenty times the limit of the file.
UNPACKED_RATIO = 100
UNPACKED_AT_LEAST = 10 * 1024 * 1024
UNPACKED = 20
# The most rows a table is read with (an inspiration list holds tens or hundreds).
MAX_ROWS = 100_000


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
    is 1) and its cells as texts, as long as the header; `overfull` names the rows that hold
    more cells than the header names columns (row -> how many), cut to the header here."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    overfull: dict[int, int] = field(default_factory=dict)


def kind_of(path: Path, given: str | None = None) -> str:
    """`given`, else the kind the file's name ends in.

    Raises:
        TableError: neither says csv or xlsx.
    """
    kind = given or path.suffix.lower().lstrip(".")
    if kind not in TABLE_FORMATS:
        raise TableError(str(path), "give a .csv or .xlsx file (or --format csv|xlsx)")
    return kind


def read_table(
    path: Path,
    *,
    kind: str | None = None,
    encoding: str = "utf-8-sig",
    sheet: str | None = None,
    limit: int = TABLE_LIMIT,
) -> Table:
    """The table in a CSV file (its delimiter found: comma, semicolon or tab) or an Excel sheet
    (the first, or `sheet`); a regular file of at most `limit` bytes (a workbook also unpacked).

    Raises:
        TableError: unreadable, too large, not text in `encoding`, not a workbook, no such
            sheet, no header.
    """
    shown = str(path)
    try:
        data = read_bounded(path, limit)
    except FileRefused as exc:
        raise TableError(shown, exc.problem) from None
    if kind_of(path, kind) == "xlsx":
        rows = _xlsx_rows(shown, data, sheet, limit)
    else:
        rows = _csv_rows(shown, data, encoding)
    with closing(rows):
        header_row = next(rows, None)
        if not header_row or not any(header_row):
            raise TableError(shown, "the first row must name the columns", 1)
        header = tuple(cell.strip() for cell in header_row)
        width = len(header)
        found, overfull = [], {}
        for number, cells in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise TableError(
                    shown, f"holds more than {MAX_ROWS:,} rows; import it in parts", number
                )
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                overfull[number] = len(cells)
            cells = (cells + [""] * width)[:width]
            if any(c.strip() for c in cells) or number in overfull:
                found.append((number, tuple(cells)))
    return Table(shown, header, tuple(found), overfull)


def _csv_rows(shown: str, data: bytes, encoding: str) -> Generator[list[str], None, None]:
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
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            yield [_unquoted(cell) for cell in row]
    except csv.Error as exc:
        raise TableError(shown, f"not a CSV file: {exc}") from None


def _unquoted(cell: str) -> str:
    """A cell as it was before `spreadsheet_safe` quoted it: the quote before what a spreadsheet
    would take for a formula (or before a quote) goes; any other quote is the text's own."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in SPREADSHEET_QUOTED else cell


def _xlsx_rows(
    shown: str, data: bytes, sheet: str | None, limit: int
) -> Generator[list[str], None, None]:
    from zipfile import BadZipFile, ZipFile

    from openpyxl import load_workbook

    try:
        # A workbook is a zip archive: what it unpacks to is held to its own size and to the
        # limit, so a small file cannot unpack into more than a workbook of its size holds.
        unpacked = sum(member.file_size for member in ZipFile(io.BytesIO(data)).infolist())
        most = min(UNPACKED * limit, max(UNPACKED_AT_LEAST, UNPACKED_RATIO * len(data)))
        if unpacked > most:
            raise TableError(
                shown,
                f"unpacks to {megabytes(unpacked)}, more than the {megabytes(most)} read of a "
                f"workbook of {megabytes(len(data))}",
            )
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TableError(shown, f"not an Excel workbook (.xlsx): {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(shown, f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}")
        chosen = book[sheet] if sheet is not None else book.worksheets[0]
        for row in chosen.iter_rows(values_only=True):
            yield [_text(v) for v in row]
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
        written[0] = _xlsx_sheet(out, header, rows)

    write_whole(path, xlsx_file if kind == "xlsx" else csv_file, binary=kind == "xlsx")
    return written[0]


def _xlsx_sheet(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """A workbook of one sheet, written row by row: the header (bold, frozen, with a filter)
    and the rows, a text always a text; return how many rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet("Tiltag")
    for number in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 24
    sheet.freeze_panes = "A2"

    def text(value: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # "=..." is a text here, never a formula
        return cell

    bold = Font(bold=True)
    heads = [text(name) for name in header]
    for cell in heads:
        cell.font = bold
    sheet.append(heads)
    count = 0
    for row in rows:
        sheet.append([text(v) if isinstance(v, str) and v[:1] == "=" else v for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    book.save(out)
    return count
