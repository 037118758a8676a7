"""Where "now" comes from: rules take a clock so a whole budget year can be simulated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "FixedClock", "SystemClock", "parse_instant"]


class Clock(Protocol):
    """Anything that can tell the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; for tests, the demo and simulations."""

    def __init__(self, at: datetime) -> None:
        self._at = _as_utc(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = _as_utc(at)

    def advance(self, **delta: float) -> datetime:
        """Move forward by a `timedelta(**delta)` and return the new time."""
        self._at = self._at + timedelta(**delta)
        return self._at


def parse_instant(text: str) -> datetime:
    """Parse an ISO date or date-time; a date means midnight UTC, a naive time means UTC.

    Raises:
        ValueError: the text is not an ISO date or date-time.
    """
    return _as_utc(datetime.fromisoformat(text))


def _as_utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        return at.replace(tzinfo=UTC)
    return at.astimezone(UTC)
