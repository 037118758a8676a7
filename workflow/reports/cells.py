"""A report's values as people read them: Danish amounts and percentages, dates, labels."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.base.formats import amount
from workflow.reports.model import Coded, Column

__all__ = ["for_people", "for_tools", "percent"]


def percent(value: float) -> str:
    """A share of 100 the Danish way: 18,5 %."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + " %"


def for_people(column: Column, value: Any, *, labels: bool = True, iso: bool = False) -> str:
    """The cell as text for a person: '' for nothing, labels (or codes) for coded values."""
    if value is None or value == "":
        return ""
    if isinstance(value, Coded):
        return str(value.label) if labels else value.code
    if column.kind == "money":
        return amount(int(value))
    if column.kind == "percent":
        return percent(float(value))
    if isinstance(value, date):
        return value.isoformat() if iso else f"{value:%d.%m.%Y}"
    return str(value)


def for_tools(value: Any) -> Any:
    """The cell for CSV and JSON: codes, whole numbers, ISO dates, None for nothing."""
    if isinstance(value, Coded):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return value
