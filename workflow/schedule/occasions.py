"""What a day calls for, by the calendar alone: the status reminders, overdue notices and
escalations of the quarters around it, those of benefits follow-up, and the weekly digest; and
whether each is still timely when the day is decided late.

A day is normally decided on the day. After a pause the scheduler decides the missed days for
the record, but mail whose moment has passed is stale and not sent: a reminder after its
deadline, an overdue notice or escalation once the quarter's status can no longer be given, a
digest of a week gone by, a milestone reminder once the milestone is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from workflow.base.calendar import Quarter, quarter_of
from workflow.schedule.config import Schedule

__all__ = [
    "BENEFITS_KINDS",
    "Occasion",
    "benefits_days",
    "benefits_period",
    "digest_day",
    "occasions",
    "stale_milestone_reminder",
    "status_days",
]

# The mail of benefits follow-up: a reminder to each benefit owner, an overdue notice, and the
# escalation to the task force.
BENEFITS_KINDS = ("benefits_reminder", "benefits_overdue", "benefits_escalation")
# Of each kind of occasion, the quarter's status or benefits follow-up, its kind of reminder,
# overdue notice and escalation.
_REMINDERS = ("status_reminder", "benefits_reminder")
_LATE = ("status_overdue", "status_escalation", "benefits_overdue", "benefits_escalation")


@dataclass(frozen=True)
class Occasion:
    """Something a day calls for about a quarter's status, or the weekly digest."""

    # status_reminder | status_overdue | status_escalation | stalled_digest | benefits_reminder |
    # benefits_overdue | benefits_escalation
    kind: str
    quarter: Quarter | None = None
    deadline: date | None = None
    offset: int | None = None
    day: date | None = None

    def stale_on(self, today: date) -> str | None:
        """Why its mail is no longer sent when the day is decided on `today`; None if it is."""
        if self.kind in _REMINDERS:
            assert self.deadline is not None
            if today > self.deadline:
                return f"its deadline {self.deadline.isoformat()} has passed"
        elif self.kind in _LATE:
            assert self.quarter is not None
            if not self.quarter.takes_status_on(today):
                what = "status" if self.kind.startswith("status") else "realised gains"
                return f"the {what} for {self.quarter} can no longer be given"
        elif self.kind == "stalled_digest":
            assert self.day is not None
            week = _week(self.day)
            if week != _week(today):
                return f"the digest of {week} is past; only this week's is sent"
        return None


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02}"


def stale_milestone_reminder(due: date, today: date) -> str | None:
    """Why a reminder of a milestone due on `due` is no longer sent on `today`."""
    return f"the milestone was due {due.isoformat()}" if today >= due else None


def status_days(schedule: Schedule, quarter: Quarter) -> list[Occasion]:
    """The status occasions of `quarter`, each with its day: the reminders (not before the
    quarter begins: a status given then would count for the one before), the overdue notice
    (not after it ends), and the escalation."""
    offsets = (schedule.remind_before, schedule.overdue_after, schedule.escalate_after)
    return _deadline_days(schedule, "status", quarter, *offsets)


def benefits_days(schedule: Schedule, quarter: Quarter) -> list[Occasion]:
    """The benefits follow-up occasions of `quarter`, by its status deadline: every quarter,
    or once a year in the quarter the schedule names, or never."""
    if schedule.benefits_every == "never" or (
        schedule.benefits_every == "year" and quarter.number != schedule.benefits_quarter
    ):
        return []
    offsets = (
        schedule.benefits_remind_before,
        schedule.benefits_overdue_after,
        schedule.benefits_escalate_after,
    )
    return _deadline_days(schedule, "benefits", quarter, *offsets)


def benefits_period(schedule: Schedule, quarter: Quarter) -> str:
    """What benefits follow-up asks about in `quarter`: its budget year (`2011`), or the quarter
    itself (`2011-Q4`) when it asks every quarter; the period in the keys of its mail."""
    return str(quarter) if schedule.benefits_every == "quarter" else str(quarter.year)


def _deadline_days(
    schedule: Schedule,
    prefix: str,
    quarter: Quarter,
    remind_before: tuple[int, ...],
    overdue_after: int,
    escalate_after: int,
) -> list[Occasion]:
    """The reminders, overdue notice and escalation of `prefix` (status, benefits) by the
    status deadline of `quarter`."""
    calendar = schedule.calendar
    deadline = calendar.status_deadline(quarter)
    found = [
        Occasion(f"{prefix}_reminder", quarter, deadline, offset, day)
        for offset in remind_before
        if (day := calendar.add_working_days(deadline, -offset)) >= quarter.first_day
    ]
    overdue = calendar.add_working_days(deadline, overdue_after)
    if overdue <= quarter.last_day:
        found.append(Occasion(f"{prefix}_overdue", quarter, deadline, None, overdue))
    escalation = calendar.add_working_days(deadline, escalate_after)
    found.append(Occasion(f"{prefix}_escalation", quarter, deadline, None, escalation))
    return found


def occasions(schedule: Schedule, day: date) -> list[Occasion]:
    """The status occasions and digest that fall on `day` (nothing on a non-working day)."""
    if not schedule.calendar.is_working_day(day):
        return []
    # A quarter's occasions may fall in the quarters beside it (offsets are at most 60 working
    # days, less than a quarter).
    current = quarter_of(day)
    found = [
        occasion
        for quarter in (current.previous(), current, current.next())
        for days in (status_days, benefits_days)
        for occasion in days(schedule, quarter)
        if occasion.day == day
    ]
    if day == digest_day(schedule, day):
        found.append(Occasion("stalled_digest", day=day))
    return found


def digest_day(schedule: Schedule, day: date) -> date | None:
    """The day of `day`'s week the digest goes: the configured weekday or the first working
    day after it in the same week; None if the rest of the week is closed."""
    monday = day - timedelta(days=day.weekday())
    for offset in range(schedule.digest_weekday, 5):
        candidate = monday + timedelta(days=offset)
        if schedule.calendar.is_working_day(candidate):
            return candidate
    return None
