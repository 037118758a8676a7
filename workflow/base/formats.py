"""Values as people read them, the Danish way: amounts and money, timestamps, and cells of a
file for spreadsheets that stay text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

__all__ = ["SPREADSHEET_QUOTED", "amount", "channel_text", "money", "spreadsheet_safe", "when"]


def when(at: datetime) -> str:
    """A timestamp as people read it: date and minutes, UTC."""
    return at.strftime("%Y-%m-%d %H:%M UTC")


def amount(value: float) -> str:
    """A whole number the Danish way: 1.250.000."""
    return f"{value:,.0f}".replace(",", ".")


def money(value: float) -> str:
    """DKK the Danish way: 1.250.000 kr."""
    return amount(value) + " kr."


# What a cell may not start with in a file for spreadsheets unless a quote comes first.
SPREADSHEET_QUOTED = frozenset("=+-@\t\r'")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value a spreadsheet shows as text: one that would start a formula gets a quote.

    Titles are typed by anyone who may propose; "=HYPERLINK(...)" must not become live in the
    spreadsheet of whoever opens the export (OWASP, CSV injection). A text that starts with a
    quote gets one more, so that reading the file back (`transfer.spreadsheets.read_table`)
    drops exactly one.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] and value[0] in SPREADSHEET_QUOTED:
        return "'" + value
    return value


def channel_text(channel: str | None, detail: str | None) -> str:
    """Through what something was done, as `  [web: link]`; nothing where it is not known."""
    if channel is None:
        return ""
    return f"  [{channel}{': ' + detail if detail else ''}]"
