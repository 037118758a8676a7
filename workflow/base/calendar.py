"""Danish working days and budget quarters: which days count, and when a quarter's status is due.

A working day is a weekday that is not a Danish public holiday (the `holidays` package: Store
Bededag up to 2023, as the law had it) nor one of the days the municipality also keeps closed
(Christmas Eve, say). Deadlines never fall on a non-working day: a configured date that does is
moved to the working day before it, so the status is in before the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from workflow.base.clock import FIRST_YEAR, LAST_YEAR

__all__ = ["Quarter", "WorkCalendar", "parse_quarter", "quarter_of"]


@dataclass(frozen=True, order=True)
class Quarter:
    """A budget quarter (the budget year is the calendar year)."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = self.next()
        return following.first_day - timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def takes_status_on(self, day: date) -> bool:
        """Whether the quarter's status may be given on `day`: during the quarter, or late,
        during the one after it (the figures of a quarter are often only ready after its end)."""
        return quarter_of(day) in (self, self.next())


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str) -> Quarter:
    """`2026-Q1` (or `2026q1`) as a quarter.

    Raises:
        ValueError: not a year and a quarter 1-4.
    """
    year, sep, number = text.strip().upper().partition("Q")
    year = year.rstrip("-")
    if not sep or not year.isdigit() or number not in ("1", "2", "3", "4"):
        raise ValueError(f"{text[:40]!r} is not a quarter such as 2026-Q1")
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"{text!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return Quarter(int(year), int(number))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days, and each quarter's status deadline.

    Args:
        closed: extra closed days as (month, day), every year.
        deadlines: explicit status deadlines by quarter (a municipality's meeting dates).
        working_days_before_quarter_end: the rule where no date is given: the deadline is this
            many working days before the quarter's last working day.
    """

    closed: tuple[tuple[int, int], ...] = ()
    deadlines: Mapping[Quarter, date] = field(default_factory=dict)
    working_days_before_quarter_end: int = 10

    @cached_property
    def _holidays(self) -> Any:
        import holidays

        return holidays.country_holidays("DK", language="da")

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in self._holidays
            and (day.month, day.day) not in self.closed
        )

    def on_or_before(self, day: date) -> date:
        """`day` if it is a working day, else the working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The working day `count` working days after `day` (before it if negative).

        `day` itself need not be a working day; zero gives `day` moved onto a working day
        (backwards).
        """
        if count == 0:
            return self.on_or_before(day)
        step = timedelta(days=1 if count > 0 else -1)
        left = abs(count)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def status_deadline(self, quarter: Quarter) -> date:
        """The day the status for `quarter` is due: the configured date, or the rule's."""
        given = self.deadlines.get(quarter)
        if given is not None:
            return self.on_or_before(given)
        last = self.on_or_before(quarter.last_day)
        return self.add_working_days(last, -self.working_days_before_quarter_end)

    def working_days(self, start: date, end: date) -> Iterable[date]:
        """The working days from `start` to `end`, both included."""
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)
