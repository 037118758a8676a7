"""The period a report covers and the moment its figures describe: a budget quarter, a budget
year, or today; never one that has not begun."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from workflow.calendar import Quarter, quarter_of
from workflow.clock import local_date, start_of
from workflow.errors import UsageError
from workflow.vocabulary import Label

__all__ = ["Period", "quarter_label", "quarter_period", "today_period", "year_period"]


@dataclass(frozen=True)
class Period:
    """From `start` (None: from the beginning) up to, not including, `end`; described as of
    `as_of`, the end or now, whichever comes first."""

    label: Label
    start: datetime | None
    end: datetime
    as_of: datetime
    year: int
    quarter: Quarter | None = None

    @property
    def over(self) -> bool:
        """Whether the period has ended (its figures no longer change with time)."""
        return self.as_of == self.end

    @property
    def first_day(self) -> date | None:
        return None if self.start is None else local_date(self.start)


def quarter_label(quarter: Quarter) -> Label:
    return Label(f"{quarter.number}. kvartal {quarter.year}", f"Q{quarter.number} {quarter.year}")


def quarter_period(year: int | None, number: int | None, now: datetime) -> Period:
    """Budget quarter `number` of `year` (defaults: the quarter and year of today).

    Raises:
        UsageError: the quarter has not begun.
    """
    today = local_date(now)
    current = quarter_of(today)
    quarter = Quarter(year or current.year, number or current.number)
    if quarter > current:
        raise UsageError(f"{quarter} has not begun (today is {today.isoformat()})")
    start, end = start_of(quarter.first_day), start_of(quarter.next().first_day)
    return Period(quarter_label(quarter), start, end, min(now, end), quarter.year, quarter)


def year_period(year: int | None, now: datetime) -> Period:
    """Budget year `year` (default: this year).

    Raises:
        UsageError: the year has not begun.
    """
    today = local_date(now)
    year = year or today.year
    if year > today.year:
        raise UsageError(f"{year} has not begun (today is {today.isoformat()})")
    end = start_of(date(year + 1, 1, 1))
    return Period(Label(str(year), str(year)), start_of(date(year, 1, 1)), end, min(now, end), year)


def today_period(now: datetime) -> Period:
    """Everything up to now."""
    today = local_date(now)
    label = Label(f"pr. {today:%d.%m.%Y}", f"as of {today.isoformat()}")
    return Period(label, None, now, now, today.year)
