"""A report's values as people read them (Danish amounts and percentages, dates, labels in one
language) and as tools read them (codes, whole numbers, ISO dates)."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.base.formats import amount
from workflow.base.vocabulary import Label
from workflow.reports.model import Coded, Column

__all__ = ["WORDS", "for_people", "for_tools", "percent", "person"]

# The words the writers put around a report's own texts.
WORDS = {
    "as_of": Label("pr.", "as of"),
    "made": Label("lavet", "made"),
    "none": Label("ingen", "none"),
    "page": Label("Side", "Page"),
    "of": Label("af", "of"),
    "report": Label("rapport", "report"),
    "municipality": Label("kommune", "municipality"),
    "period": Label("periode", "period"),
    "about": Label("Om rapporten", "About the report"),
}


def person(handle: str | None, name: str | None) -> Coded | None:
    """A person in a report: the handle for tools, the name for people."""
    if handle is None:
        return None
    return Coded(handle, Label(name or handle, name or handle))


def percent(value: float) -> str:
    """A share of 100 the Danish way: 18,5 %."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + " %"


def for_people(column: Column, value: Any, language: str, *, iso: bool = False) -> str:
    """The cell as text for a person reading `language`: '' for nothing, labels for coded
    values, numbers the Danish way."""
    if value is None or value == "":
        return ""
    if isinstance(value, Coded):
        return value.label.text(language)
    if isinstance(value, Label):
        return value.text(language)
    if column.kind == "money":
        return amount(int(value))
    if column.kind == "percent":
        return percent(float(value))
    if isinstance(value, date):
        return value.isoformat() if iso else f"{value:%d.%m.%Y}"
    return str(value)


def for_tools(value: Any, language: str, *, labels: bool = False) -> Any:
    """The cell for CSV and JSON: codes (or with `labels` the labels), whole numbers, ISO dates,
    None for nothing; a text for people in `language`."""
    if isinstance(value, Coded):
        return value.label.text(language) if labels else value.code
    if isinstance(value, Label):
        return value.text(language)
    if isinstance(value, date):
        return value.isoformat()
    return value
