"""The period a report covers and the moment its figures describe: a budget quarter, a budget
year, or today; never one that has not begun."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement

from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import local_date, start_of
from workflow.base.errors import UsageError
from workflow.base.vocabulary import Label

__all__ = [
    "Period",
    "figures_period",
    "quarter_label",
    "quarter_period",
    "today_period",
    "year_period",
]


@dataclass(frozen=True)
class Period:
    """From `start` (None: from the beginning) up to `as_of`: the end of the period if it is
    over (not including that moment, which begins the next), else now (including it)."""

    label: Label
    start: datetime | None
    as_of: datetime
    over: bool
    year: int
    quarter: Quarter | None = None

    @property
    def through(self) -> date:
        """The last day the period's figures cover (Danish date)."""
        return local_date(self.as_of - timedelta(microseconds=1) if self.over else self.as_of)

    def up_to(self, moment: Any) -> ColumnElement[bool]:
        """`moment` (a time column) lies before the period's end, or is not after now."""
        condition: ColumnElement[bool] = moment < self.as_of if self.over else moment <= self.as_of
        return condition


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
    start, end = _utc(quarter.first_day), _utc(quarter.next().first_day)
    return Period(quarter_label(quarter), start, min(now, end), now >= end, quarter.year, quarter)


def figures_period(through: date, now: datetime) -> Period:
    """The budget quarter of `through` up to the end of that day: the figures a meeting sees
    ("tal fra ultimo august"); up to now while the day has not ended.

    Raises:
        UsageError: the quarter has not begun.
    """
    quarter = quarter_period(through.year, quarter_of(through).number, now)
    end = _utc(through + timedelta(days=1))
    label = Label(
        f"{quarter.label.da}, tal til og med {through:%d.%m.%Y}",
        f"{quarter.label.en}, figures through {through.isoformat()}",
    )
    return Period(label, quarter.start, min(now, end), now >= end, quarter.year, quarter.quarter)


def year_period(year: int | None, now: datetime) -> Period:
    """Budget year `year` (default: this year).

    Raises:
        UsageError: the year has not begun.
    """
    today = local_date(now)
    year = year or today.year
    if year > today.year:
        raise UsageError(f"{year} has not begun (today is {today.isoformat()})")
    end = _utc(date(year + 1, 1, 1))
    label = Label(str(year), str(year))
    return Period(label, _utc(date(year, 1, 1)), min(now, end), now >= end, year)


def _utc(day: date) -> datetime:
    """The moment `day` begins in Denmark, in UTC."""
    return start_of(day).astimezone(UTC)


def today_period(now: datetime) -> Period:
    """Everything up to now."""
    today = local_date(now)
    label = Label(f"pr. {today:%d.%m.%Y}", f"as of {today.isoformat()}")
    return Period(label, None, now, False, today.year)
