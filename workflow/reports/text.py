"""A report as a terminal table in one language: fixed column widths, so rows are written as they
stream in; long texts on lines of their own under their row."""

from __future__ import annotations

from typing import IO

from workflow.base.formats import when
from workflow.reports.cells import WORDS, for_people
from workflow.reports.model import Column, Report, Section

__all__ = ["write_text"]


def write_text(report: Report, out: IO[str], language: str) -> None:
    """Write the whole report, section after section, in `language`."""
    title = report.title.text(language)
    out.write(title + (f" — {report.municipality}" if report.municipality else "") + "\n")
    period = f"{report.period.text(language)} · " if report.period else ""
    as_of, made = WORDS["as_of"].text(language), WORDS["made"].text(language)
    out.write(
        f"{period}{as_of} {report.through.isoformat()} · {made} {when(report.generated_at)}\n"
    )
    for section in report.sections:
        out.write(f"\n== {section.title.text(language)} ==")
        out.write(f"  ({section.note.text(language)})\n" if section.note else "\n")
        if section.card:
            _card(section, out, language)
        else:
            _table(section, out, language)


def _card(section: Section, out: IO[str], language: str) -> None:
    for row in section.rows:
        width = max(len(c.label.text(language)) for c in section.columns) + 2
        for column, value in zip(section.columns, row, strict=True):
            shown = for_people(column, value, language, iso=True) or "-"
            out.write(f"  {column.label.text(language) + ':':<{width}}{shown:>16}\n")


def _table(section: Section, out: IO[str], language: str) -> None:
    def head(column: Column) -> str:
        return column.label.text(language).upper()

    # A column is as wide as its width, or its heading where that is wider.
    fixed = [(c, max(c.width, len(head(c)) + 1)) for c in section.columns if c.width]
    rest = next((c for c in section.columns if not c.width), None)
    below = [c for c in section.columns if not c.width and c is not rest]
    header = "".join(_fit(head(c), width, c) for c, width in fixed)
    out.write((header + (head(rest) if rest else "")).rstrip() + "\n")
    count = 0
    for row in section.rows:
        values = dict(zip((c.name for c in section.columns), row, strict=True))
        line = "".join(
            _fit(for_people(c, values[c.name], language, iso=True) or "-", width, c)
            for c, width in fixed
        )
        if rest is not None:
            line += for_people(rest, values[rest.name], language, iso=True)
        out.write(line.rstrip() + "\n")
        for column in below:
            shown = for_people(column, values[column.name], language, iso=True)
            if shown:
                out.write(f"      {column.label.text(language)}: {' '.join(shown.split())}\n")
        count += 1
    if not count:
        out.write(f"  ({WORDS['none'].text(language)})\n")


def _fit(text: str, width: int, column: Column) -> str:
    """`text` in a cell of `width` (one space kept free), numbers to the right."""
    if len(text) > width - 1:
        text = text[: width - 2] + "…"
    if column.kind in ("count", "money", "percent"):
        return f"{text:>{width - 1}} "
    return f"{text:<{width}}"
