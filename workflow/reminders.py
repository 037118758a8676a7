"""The daily decision: what a day calls for (reminders, notices, escalations, the weekly digest)
and the mail it means, put in the outbox under keys that make running it again harmless.

`occasions` is the calendar part (which status deadlines and digest a day touches); `decide`
turns them, and the open milestones due around the day, into mail for the people concerned;
`run_decision` enqueues that mail and records the day as decided. The scheduler and
`tiltag remind` both call `run_decision`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select

from workflow.approval_models import MILESTONE
from workflow.calendar import Quarter, quarter_of
from workflow.clock import LOCAL_TIME, Clock, local_date
from workflow.errors import UsageError
from workflow.logs import get_logger
from workflow.outbox import Mail, enqueue
from workflow.registry import Registry
from workflow.reminder_mail import MailWriter
from workflow.schedule_config import Schedule
from workflow.schedule_models import DECISION_RUN, STATUS
from workflow.store import insert_if_new

__all__ = [
    "Decision",
    "Occasion",
    "decide",
    "decided_days",
    "no_longer_called_for",
    "occasions",
    "run_decision",
    "status_days",
]

log = get_logger("tiltag.reminders")


@dataclass(frozen=True)
class Occasion:
    """Something a day calls for about a quarter's status, or the weekly digest."""

    kind: str  # status_reminder | status_overdue | status_escalation | stalled_digest
    quarter: Quarter | None = None
    deadline: date | None = None
    offset: int | None = None
    day: date | None = None


@dataclass
class Decision:
    """How much mail deciding a day found, and how much of it was new to the outbox."""

    day: date
    decided: int = 0
    enqueued: int = 0


def status_days(schedule: Schedule, quarter: Quarter) -> list[Occasion]:
    """The status occasions of `quarter`, each with its day: the reminders (not before the
    quarter begins: a status given then would count for the one before), the overdue notice
    (not after it ends: the owner could no longer give one), and the escalation."""
    calendar = schedule.calendar
    deadline = calendar.status_deadline(quarter)
    found = [
        Occasion("status_reminder", quarter, deadline, offset, day)
        for offset in schedule.remind_before
        if (day := calendar.add_working_days(deadline, -offset)) >= quarter.first_day
    ]
    overdue = calendar.add_working_days(deadline, schedule.overdue_after)
    if overdue <= quarter.last_day:
        found.append(Occasion("status_overdue", quarter, deadline, None, overdue))
    escalation = calendar.add_working_days(deadline, schedule.escalate_after)
    found.append(Occasion("status_escalation", quarter, deadline, None, escalation))
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
        for occasion in status_days(schedule, quarter)
        if occasion.day == day
    ]
    if day == _digest_day(schedule, day):
        found.append(Occasion("stalled_digest", day=day))
    return found


def _digest_day(schedule: Schedule, day: date) -> date | None:
    """The day of `day`'s week the digest goes: the configured weekday or the first working
    day after it in the same week; None if the rest of the week is closed."""
    monday = day - timedelta(days=day.weekday())
    for offset in range(schedule.digest_weekday, 5):
        candidate = monday + timedelta(days=offset)
        if schedule.calendar.is_working_day(candidate):
            return candidate
    return None


def decide(
    conn: Connection, registry: Registry, schedule: Schedule, templates: Path, day: date
) -> Iterator[Mail]:
    """Every mail `day` calls for, as the database stands now; streamed."""
    writer = MailWriter(schedule, templates, registry, day)
    for occasion in occasions(schedule, day):
        if occasion.kind == "status_escalation":
            yield from writer.escalation(conn, occasion)
        elif occasion.kind == "stalled_digest":
            yield from writer.digest(conn)
        else:
            yield from writer.status(conn, occasion)
    if schedule.calendar.is_working_day(day):
        yield from writer.milestones(conn)


def run_decision(
    engine: Engine,
    registry: Registry,
    schedule: Schedule,
    templates: Path,
    day: date,
    clock: Clock,
    *,
    dry_run: bool = False,
    on_mail: Callable[[Mail], None] | None = None,
) -> Decision:
    """Decide `day` and enqueue its mail (unless `dry_run`); record the day as decided.

    Mail already in the outbox under the same key is not enqueued again, so a day may be decided
    any number of times, by any number of processes. Each mail is handed to `on_mail` as it is
    decided and then let go, so a large portfolio does not fill the memory.
    """
    now = clock.now()
    if day > local_date(now) and not dry_run:
        raise UsageError(
            f"{day.isoformat()} is still to come: a day is decided on the day (or later); "
            "look at it ahead with --dry-run"
        )
    decision = Decision(day)
    # Mail of a day decided ahead of time waits for that day's run time.
    not_before = datetime.combine(day, schedule.daily_run_at, tzinfo=LOCAL_TIME)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite" and not dry_run:
            # Take the write lock first: the decision reads as it writes, and a SQLite reader
            # that turns writer after another process wrote is refused at once, not made to wait.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        for mail in decide(conn, registry, schedule, templates, day):
            decision.decided += 1
            if on_mail is not None:
                on_mail(mail)
            if not dry_run and enqueue(
                conn, mail, sender=schedule.sender, day=day, now=now, not_before=not_before
            ):
                decision.enqueued += 1
        if not dry_run:
            _record_day(conn, day, now, decision.enqueued)
    if not dry_run:
        log.info(
            "day_decided", day=day.isoformat(), mail=decision.decided, enqueued=decision.enqueued
        )
    return decision


def decided_days(engine: Engine, start: date, end: date) -> tuple[date | None, set[date]]:
    """The first day ever decided, and the days from `start` to `end` that are decided."""
    with engine.connect() as conn:
        first: date | None = conn.execute(select(func.min(DECISION_RUN.c.day))).scalar()
        decided = set(
            conn.execute(
                select(DECISION_RUN.c.day).where(DECISION_RUN.c.day.between(start, end))
            ).scalars()
        )
    return first, decided


def _record_day(conn: Connection, day: date, now: datetime, enqueued: int) -> None:
    insert_if_new(conn, DECISION_RUN, {"day": day, "finished_at": now, "enqueued": enqueued})


def no_longer_called_for(conn: Connection, kind: str, key: str) -> str | None:
    """Why a queued mail need not go out any more, or None if it still should: a status reminder
    or overdue notice whose status has been given since, a milestone mail whose milestone has
    been done or re-planned since. (The key says what the mail is about; see `MailWriter`.)"""
    parts = key.split("/")
    if kind in ("status_reminder", "status_overdue"):
        quarter, initiative = parts[1], int(parts[-2])
        year, number = quarter.split("-Q")
        given = conn.execute(
            select(STATUS.c.id).where(
                STATUS.c.initiative_id == initiative,
                STATUS.c.year == int(year),
                STATUS.c.quarter == int(number),
            )
        ).first()
        return None if given is None else f"the status for {quarter} has been given since"
    if kind in ("milestone_reminder", "milestone_overdue"):
        initiative, position, due = int(parts[1]), int(parts[2]), date.fromisoformat(parts[3])
        still_open = conn.execute(
            select(MILESTONE.c.id).where(
                MILESTONE.c.initiative_id == initiative,
                MILESTONE.c.position == position,
                MILESTONE.c.due == due,
                MILESTONE.c.done_on.is_(None),
                MILESTONE.c.replanned.is_(None),
            )
        ).first()
        return None if still_open else "the milestone has been done or re-planned since"
    return None
