"""A report as a terminal table: fixed column widths, so rows are written as they stream in; long
texts on lines of their own under their row."""

from __future__ import annotations

from typing import IO

from workflow.base.formats import when
from workflow.reports.cells import for_people
from workflow.reports.model import Column, Report, Section

__all__ = ["write_text"]


def write_text(report: Report, out: IO[str]) -> None:
    """Write the whole report, section after section."""
    title = str(report.title) + (f" — {report.municipality}" if report.municipality else "")
    out.write(f"{title}\n")
    period = f"{report.period} · " if report.period else ""
    out.write(
        f"{period}pr. / as of {report.through.isoformat()} · "
        f"lavet / made {when(report.generated_at)}\n"
    )
    for section in report.sections:
        out.write(f"\n== {section.title} ==")
        out.write(f"  ({section.note})\n" if section.note else "\n")
        if section.card:
            _card(section, out)
        else:
            _table(section, out)


def _card(section: Section, out: IO[str]) -> None:
    for row in section.rows:
        width = max(len(str(c.label)) for c in section.columns) + 2
        for column, value in zip(section.columns, row, strict=True):
            shown = for_people(column, value, labels=False, iso=True) or "-"
            out.write(f"  {str(column.label) + ':':<{width}}{shown:>16}\n")


def _table(section: Section, out: IO[str]) -> None:
    fixed = [c for c in section.columns if c.width]
    rest = next((c for c in section.columns if not c.width), None)
    below = [c for c in section.columns if not c.width and c is not rest]
    header = "".join(_fit(c.name.upper(), c.width, c) for c in fixed)
    out.write((header + (rest.name.upper() if rest else "")).rstrip() + "\n")
    count = 0
    for row in section.rows:
        values = dict(zip((c.name for c in section.columns), row, strict=True))
        line = "".join(_fit(_shown(c, values[c.name]) or "-", c.width, c) for c in fixed)
        if rest is not None:
            line += _shown(rest, values[rest.name])
        out.write(line.rstrip() + "\n")
        for column in below:
            shown = _shown(column, values[column.name])
            if shown:
                out.write(f"      {column.label}: {' '.join(shown.split())}\n")
        count += 1
    if not count:
        out.write("  (ingen / none)\n")


def _shown(column: Column, value: object) -> str:
    return for_people(column, value, labels=False, iso=True)


def _fit(text: str, width: int, column: Column) -> str:
    """`text` in a cell of `width` (one space kept free), numbers to the right."""
    if len(text) > width - 1:
        text = text[: width - 2] + "…"
    if column.kind in ("count", "money", "percent"):
        return f"{text:>{width - 1}} "
    return f"{text:<{width}}"
