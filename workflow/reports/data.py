"""A report for other tools: one section as CSV, or the whole report as JSON, in one language,
written as the rows stream in."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from workflow.base.formats import spreadsheet_safe
from workflow.reports.cells import for_tools
from workflow.reports.model import Report, Section

__all__ = ["write_csv", "write_json"]


def write_csv(section: Section, out: IO[str], language: str) -> None:
    """One section: a header of the columns' labels, then a row per row (labels, whole DKK, ISO
    dates), all in `language`."""
    writer = csv.writer(out)
    writer.writerow([c.label.text(language) for c in section.columns])
    for row in section.rows:
        writer.writerow([spreadsheet_safe(for_tools(v, language, labels=True)) for v in row])


def write_json(report: Report, out: IO[str], language: str) -> None:
    """The whole report: what it is, then each section with its columns and rows as objects;
    labels in `language`, values as codes."""
    head = {
        "report": report.kind,
        "language": language,
        "title": report.title.text(language),
        "municipality": report.municipality,
        "period": None if report.period is None else report.period.text(language),
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
            "title": section.title.text(language),
            "columns": [
                {"name": c.name, "label": c.label.text(language), "kind": c.kind}
                for c in section.columns
            ],
        }
        out.write(" " + json.dumps(described, ensure_ascii=False)[:-1] + ', "rows": [')
        for index, row in enumerate(section.rows):
            item: dict[str, Any] = {
                n: for_tools(v, language) for n, v in zip(names, row, strict=True)
            }
            out.write(("," if index else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        out.write("]}")
    out.write("\n]}\n")
