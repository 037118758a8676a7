"""A report for other tools: one section as CSV, or the whole report as JSON, written as the rows
stream in."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from workflow.base.formats import spreadsheet_safe
from workflow.reports.cells import for_tools
from workflow.reports.model import Report, Section

__all__ = ["write_csv", "write_json"]


def write_csv(section: Section, out: IO[str]) -> None:
    """One section: a header of column names, then a row per row (codes, whole DKK, ISO dates)."""
    writer = csv.writer(out)
    writer.writerow([c.name for c in section.columns])
    for row in section.rows:
        writer.writerow([spreadsheet_safe(for_tools(value)) for value in row])


def write_json(report: Report, out: IO[str]) -> None:
    """The whole report: what it is, then each section with its columns and rows as objects."""
    head = {
        "report": report.kind,
        "title": {"da": report.title.da, "en": report.title.en},
        "municipality": report.municipality,
        "period": None
        if report.period is None
        else {"da": report.period.da, "en": report.period.en},
        "as_of": report.as_of.isoformat(),
        "through": report.through.isoformat(),
        "generated_at": report.generated_at.isoformat(),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "sections": [')
    for number, section in enumerate(report.sections):
        out.write(",\n" if number else "\n")
        names = [c.name for c in section.columns]
        described = {
            "name": section.name,
            "title": {"da": section.title.da, "en": section.title.en},
            "columns": [
                {"name": c.name, "da": c.label.da, "en": c.label.en, "kind": c.kind}
                for c in section.columns
            ],
        }
        out.write(" " + json.dumps(described, ensure_ascii=False)[:-1] + ', "rows": [')
        for index, row in enumerate(section.rows):
            item: dict[str, Any] = {n: for_tools(v) for n, v in zip(names, row, strict=True)}
            out.write(("," if index else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        out.write("]}")
    out.write("\n]}\n")
