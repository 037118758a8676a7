"""Where "now" comes from: rules take a clock so a whole budget year can be simulated."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from workflow.base.limits import FIRST_YEAR, LAST_YEAR

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "LOCAL_TIME",
    "Clock",
    "FixedClock",
    "RunningClock",
    "SystemClock",
    "local_date",
    "parse_instant",
    "start_of",
]

# Times are stored in UTC; days (meetings, deadlines) are the municipality's.
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")


class Clock(Protocol):
    """Anything that can tell the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class RunningClock:
    """A clock set to start at a given moment that then runs with the wall clock: a scheduler
    rehearsing a quarter from `--now` sees its minutes and days go by."""

    def __init__(self, start: datetime) -> None:
        self.offset = _within_range(_as_utc(start)) - datetime.now(UTC)

    @classmethod
    def offset_by(cls, offset: timedelta) -> RunningClock:
        clock = cls.__new__(cls)
        clock.offset = offset
        return clock

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FixedClock:
    """A clock that stands still until moved; for tests, the demo and simulations."""

    def __init__(self, at: datetime) -> None:
        self._at = _within_range(_as_utc(at))

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = _within_range(_as_utc(at))

    def advance(self, **delta: float) -> datetime:
        """Move forward by a `timedelta(**delta)` and return the new time."""
        self._at = _within_range(self._at + timedelta(**delta))
        return self._at


def local_date(at: datetime) -> date:
    """The date it is in Denmark at the instant `at`."""
    return at.astimezone(LOCAL_TIME).date()


def start_of(day: date) -> datetime:
    """Midnight at the start of `day` in Denmark, as an aware time."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TIME)


def parse_instant(text: str) -> datetime:
    """Parse an ISO date or date-time; a date means midnight UTC, a naive time means UTC.

    Raises:
        ValueError: the text is not an ISO date or date-time, or lies outside FIRST_YEAR to
            LAST_YEAR.
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date or time") from None
    return _within_range(_as_utc(parsed))


def _within_range(at: datetime) -> datetime:
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        raise ValueError(
            f"{at.date().isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR} tiltag keeps"
        )
    return at


def _as_utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        return at.replace(tzinfo=UTC)
    return at.astimezone(UTC)
