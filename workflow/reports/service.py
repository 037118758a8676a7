"""Making a report: one consistent read of the database, and the report written in the format
asked, to a stream or to a file that appears whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from workflow.base.errors import UsageError
from workflow.base.files import write_whole
from workflow.base.vocabulary import Label
from workflow.reports import BINARY, FORMATS
from workflow.reports.model import Report, Section

if TYPE_CHECKING:
    from workflow.base.clock import Clock
    from workflow.definitions.registry import Registry
    from workflow.reports.targets import Targets
    from workflow.schedule.config import Schedule

__all__ = [
    "FORMATS",
    "REPORTS",
    "build_report",
    "format_of",
    "snapshot",
    "write_report",
    "write_report_file",
]

# The reports by name, and which of a period's parts each takes (a year, a quarter).
REPORTS: dict[str, tuple[Label, tuple[str, ...]]] = {
    "stalled": (Label("Tiltag der står stille", "Stalled initiatives"), ()),
    "quarterly": (Label("Kvartalsrapporten", "The quarterly report"), ("year", "quarter")),
    "gains": (Label("Gevinster mod målet", "Gains against the target"), ("year",)),
    "portfolio": (Label("Porteføljen", "The portfolio"), ("year", "quarter")),
    "adjustments": (Label("Budgettilpasninger", "Budget adjustments"), ("year", "quarter")),
    "catalogue": (Label("Handlekataloget", "The action catalogue"), ()),
}

_SUFFIXES = {
    ".txt": "table",
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".pdf": "pdf",
}


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees the database as it was at its first read, throughout: every
    section of a report counts the same initiatives, whatever is moved meanwhile."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # a read transaction: one snapshot of the WAL file
        try:
            yield conn
        finally:
            conn.rollback()


def build_report(
    conn: Connection,
    name: str,
    *,
    registry: Registry,
    schedule: Schedule,
    targets: Targets,
    clock: Clock,
    year: int | None = None,
    quarter: int | None = None,
    through: date | None = None,
) -> Report:
    """The report `name` (one of REPORTS) on `conn`, for the period parts it takes; the
    quarterly report with `through` is of that day's quarter up to its end (a meeting's figures).

    Raises:
        UsageError: an unknown report, a period that has not begun.
    """
    if name == "stalled":
        from workflow.reports.stalled_cases import stalled_report

        return stalled_report(conn, registry, schedule, clock)
    if name == "quarterly":
        from workflow.reports.quarterly import quarterly_report

        return quarterly_report(
            conn, registry, targets, clock, year, quarter, through, meetings=schedule.meetings
        )
    if name == "gains":
        from workflow.reports.gains import gains_report

        return gains_report(conn, registry, targets, clock, year)
    if name == "portfolio":
        from workflow.reports.portfolio import portfolio_report

        return portfolio_report(conn, registry, clock, year, quarter)
    if name == "adjustments":
        from workflow.reports.adjustments import adjustments_report

        return adjustments_report(conn, registry, clock, year, quarter)
    if name == "catalogue":
        from workflow.reports.catalogue import catalogue_report

        return catalogue_report(conn, registry, targets, clock)
    raise UsageError(f"no report named {name}; reports: {', '.join(REPORTS)}")


def format_of(fmt: str | None, output: Path | None) -> str:
    """The format asked, else the one the output file's suffix names, else a table.

    Raises:
        UsageError: the suffix names no format.
    """
    if fmt is not None:
        return fmt
    if output is None:
        return "table"
    found = _SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"which format is {output.name}? give --format {'|'.join(FORMATS)} "
            f"or a file ending in {', '.join(_SUFFIXES)}"
        )
    return found


def write_report(
    report: Report, fmt: str, out: IO[Any], section: str | None, language: str
) -> None:
    """Write `report` as `fmt` to `out` (binary for xlsx and pdf, text for the others), every
    text in `language` ("da" or "en").

    Raises:
        UsageError: an unknown section, or a section asked of a format that writes them all.
    """
    if section is not None and fmt != "csv":
        raise UsageError("--section picks the one section CSV writes; other formats write all")
    if fmt == "csv":
        from workflow.reports.data import write_csv

        write_csv(_section(report, section), out, language)
    else:
        _writer(fmt)(report, out, language)


def _writer(fmt: str) -> Callable[[Report, IO[Any], str], None]:
    """The function that writes a whole report as `fmt` (not csv), imported when asked."""
    if fmt == "json":
        from workflow.reports.data import write_json

        return write_json
    if fmt == "xlsx":
        from workflow.reports.xlsx import write_xlsx

        return write_xlsx
    if fmt == "html":
        from workflow.reports.html import write_html

        return write_html
    if fmt == "pdf":
        from workflow.reports.pdf import write_pdf

        return write_pdf
    from workflow.reports.text import write_text

    return write_text


def _section(report: Report, name: str | None) -> Section:
    try:
        return report.section(name or report.main)
    except KeyError:
        names = ", ".join(s.name for s in report.sections)
        raise UsageError(
            f"the {report.kind} report has no section '{name}'; sections: {names}"
        ) from None


def write_report_file(
    report: Report, fmt: str, path: Path, section: str | None, language: str
) -> None:
    """Write `report` to `path`, which appears whole or not at all (see `files.write_whole`).

    Raises:
        UsageError: the folder cannot be written, an unknown section.
    """
    write_whole(
        path,
        lambda out: write_report(report, fmt, out, section, language),
        binary=fmt in BINARY,
    )
