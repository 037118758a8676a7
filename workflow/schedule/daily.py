"""The daily run: what a day calls for (reminders, notices, escalations, the weekly digest, the
notice of failed mail) and the mail it means, put in the outbox under keys that make running it
again harmless.

`workflow.schedule.occasions` is the calendar part (which status deadlines and digest a day
touches); `mail_of_day` turns them, and the open milestones due around the day, into mail for the
people concerned; `run_day` enqueues that mail, leaves out what is stale (a day run late) and
records the day as run (`DayMail` says what it found). The scheduler and `tiltag remind` both
call `run_day`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from itertools import islice
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select

from workflow.base.calendar import Quarter, parse_quarter
from workflow.base.clock import LOCAL_TIME, Clock, local_date
from workflow.base.errors import UsageError
from workflow.base.logs import get_logger
from workflow.definitions.registry import Registry
from workflow.schedule.benefits_mail import benefits_escalation, benefits_reminders
from workflow.schedule.config import Schedule
from workflow.schedule.drafts import Draft, Queued, Skipped
from workflow.schedule.mail_writer import MailWriter
from workflow.schedule.occasions import Occasion, occasions, stale_milestone_reminder
from workflow.schedule.outbox import Mail, enqueue_many, in_outbox
from workflow.storage.record_tables import MILESTONE
from workflow.storage.schedule_tables import BENEFITS, DAY_RUN, STATUS
from workflow.storage.statements import insert_if_new

__all__ = ["DayMail", "days_run", "mail_of_day", "no_longer_called_for", "run_day"]

log = get_logger("tiltag.reminders")

# Mail is written to the outbox this many at a time: one batched insert each, memory bounded.
BATCH = 500


@dataclass
class DayMail:
    """How much mail deciding a day found, how much of it was new to the outbox, and how much
    was skipped as stale (why, and how many for each reason)."""

    day: date
    decided: int = 0
    enqueued: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def mail_of_day(
    conn: Connection,
    registry: Registry,
    schedule: Schedule,
    templates: Path,
    day: date,
    today: date | None = None,
) -> Iterator[Draft | Skipped]:
    """Every mail `day` calls for, as the database stands now, not yet rendered; streamed.
    Decided on `today` (by default the day itself), mail whose moment has passed comes as
    `Skipped`."""
    today = today or day
    writer = MailWriter(schedule, templates, registry, day, today)
    for occasion in occasions(schedule, day):
        if occasion.kind == "status_escalation":
            yield from writer.escalation(conn, occasion)
        elif occasion.kind == "stalled_digest":
            yield from writer.digest(conn, occasion)
        elif occasion.kind == "benefits_escalation":
            yield from benefits_escalation(writer, conn, occasion)
        elif occasion.kind in ("benefits_reminder", "benefits_overdue"):
            yield from benefits_reminders(writer, conn, occasion)
        else:
            yield from writer.status(conn, occasion)
    yield from writer.decisions(conn)
    if schedule.calendar.is_working_day(day):
        yield from writer.milestones(conn)
        yield from writer.tolerances(conn)
        if day == today:
            # It lists what failed since the last one, so a day decided late sends none and
            # leaves nothing out.
            yield from writer.failures(conn)


def run_day(
    engine: Engine,
    registry: Registry,
    schedule: Schedule,
    templates: Path,
    day: date,
    clock: Clock,
    *,
    dry_run: bool = False,
    on_mail: Callable[[Mail | Queued | Skipped], object] | None = None,
) -> DayMail:
    """Decide `day` and enqueue its mail (unless `dry_run`); record the day as decided.

    Mail already in the outbox under the same key is not enqueued again, so a day may be decided
    any number of times, by any number of processes; nor is it rendered again (it is looked up
    a batch at a time, and the insert skips a key another process has taken meanwhile). A day
    decided after it (a catch-up) is decided for the record, but mail whose moment has passed
    is skipped as stale, counted by reason and logged. Each mail is handed to `on_mail` as it is
    decided, written to the outbox `BATCH` at a time and let go, so a large portfolio does not
    fill the memory.
    """
    now = clock.now()
    today = local_date(now)
    if day > today and not dry_run:
        raise UsageError(
            f"{day.isoformat()} is still to come: a day is decided on the day (or later); "
            "look at it ahead with --dry-run"
        )
    day_mail = DayMail(day)
    # Mail of a day decided ahead of time waits for that day's run time.
    not_before = datetime.combine(day, schedule.daily_run_at, tzinfo=LOCAL_TIME)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite" and not dry_run:
            # Take the write lock first: the run reads as it writes, and a SQLite reader
            # that turns writer after another process wrote is refused at once, not made to wait.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        decided = mail_of_day(conn, registry, schedule, templates, day, max(today, day))
        while batch := list(islice(decided, BATCH)):
            mails = _written(conn, batch, day_mail, on_mail)
            if not dry_run:
                day_mail.enqueued += enqueue_many(
                    conn, mails, sender=schedule.sender, day=day, now=now, not_before=not_before
                )
        if not dry_run:
            _record_day(conn, day, now, day_mail.enqueued)
    if not dry_run:
        log.info(
            "day_decided", day=day.isoformat(), mail=day_mail.decided, enqueued=day_mail.enqueued
        )
        for reason, count in day_mail.skipped.items():
            log.info("mail_skipped_as_stale", day=day.isoformat(), mails=count, reason=reason)
    return day_mail


def _written(
    conn: Connection,
    batch: list[Draft | Skipped],
    day_mail: DayMail,
    on_mail: Callable[[Mail | Queued | Skipped], object] | None,
) -> list[Mail]:
    """The mail of `batch` that is not in the outbox yet, rendered; each of its mails counted in
    `day_mail` and handed to `on_mail`."""
    queued = in_outbox(conn, [d.key for d in batch if isinstance(d, Draft)])
    mails: list[Mail] = []
    for decided in batch:
        shown: Mail | Queued | Skipped
        if isinstance(decided, Skipped):
            day_mail.skipped[f"{decided.kind}: {decided.reason}"] += 1
            shown = decided
        elif decided.key in queued:
            day_mail.decided += 1
            shown = decided.queued()
        else:
            day_mail.decided += 1
            shown = decided.write()
            mails.append(shown)
        if on_mail is not None:
            on_mail(shown)
    return mails


def days_run(engine: Engine, start: date, end: date) -> tuple[date | None, set[date]]:
    """The first day ever decided, and the days from `start` to `end` that are decided."""
    with engine.connect() as conn:
        first: date | None = conn.execute(select(func.min(DAY_RUN.c.day))).scalar()
        decided = set(
            conn.execute(select(DAY_RUN.c.day).where(DAY_RUN.c.day.between(start, end))).scalars()
        )
    return first, decided


def _record_day(conn: Connection, day: date, now: datetime, enqueued: int) -> None:
    insert_if_new(conn, DAY_RUN, {"day": day, "finished_at": now, "enqueued": enqueued})


def no_longer_called_for(
    conn: Connection, kind: str, key: str, today: date, schedule: Schedule
) -> str | None:
    """Why a queued mail need not go out any more on `today`, or None if it still should: its
    moment has passed (a reminder after its deadline, say: mail that waited out a mail server's
    outage, or was retried late), the status it asks for has been given since, or the milestone
    it is about has been done or re-planned since. (The key says what the mail is about; see
    `MailWriter`.) A key this version does not write is no reason: that mail goes as it is."""
    try:
        about = _about(kind, key.split("/"), schedule)
    except (IndexError, ValueError, OverflowError):
        return None
    if about is None:
        return None
    stale, initiative, quarter, milestone = about
    if stale is not None and (reason := stale(today)) is not None:
        return f"its moment has passed: {reason}"
    if kind in ("benefits_reminder", "benefits_overdue") and quarter and initiative:
        return _benefits_given(conn, quarter, initiative, schedule.benefits_every == "quarter")
    if quarter is not None and initiative is not None:
        return _status_given(conn, quarter, initiative)
    if milestone is not None and initiative is not None:
        return _milestone_closed(conn, initiative, *milestone)
    return None


_About = tuple[
    Callable[[date], str | None] | None, int | None, Quarter | None, tuple[int, date] | None
]


def _about(kind: str, parts: list[str], schedule: Schedule) -> _About | None:
    """What a key says: when its mail is stale, and its initiative, quarter or milestone.

    Raises:
        IndexError, ValueError: not a key this version writes.
    """
    if kind in ("status_reminder", "status_overdue", "status_escalation"):
        quarter = parse_quarter(parts[1])
        deadline = schedule.calendar.status_deadline(quarter)
        occasion = Occasion(kind, quarter, deadline)
        initiative = None if kind == "status_escalation" else _id(parts[-2])
        return occasion.stale_on, initiative, quarter, None
    if kind in ("benefits_reminder", "benefits_overdue", "benefits_escalation"):
        # The period is a year (asked once a year, in the schedule's quarter) or a quarter.
        period = parts[1]
        quarter = (
            parse_quarter(period)
            if "-Q" in period
            else Quarter(int(period), schedule.benefits_quarter)
        )
        occasion = Occasion(kind, quarter, schedule.calendar.status_deadline(quarter))
        initiative = None if kind == "benefits_escalation" else _id(parts[-2])
        return occasion.stale_on, initiative, quarter, None
    if kind == "stalled_digest":
        year, week = parts[1].split("-W")
        day = date.fromisocalendar(int(year), int(week), 1)
        return Occasion(kind, day=day).stale_on, None, None, None
    if kind in ("milestone_reminder", "milestone_overdue", "tolerance_time"):
        due = date.fromisoformat(parts[3])
        stale = partial(stale_milestone_reminder, due) if kind == "milestone_reminder" else None
        return stale, _id(parts[1]), None, (_id(parts[2]), due)
    return None


def _id(text: str) -> int:
    """A row id from a key; ValueError unless it is one a database column holds."""
    number = int(text)
    if not 0 < number < 2**31:
        raise ValueError(f"{text} is not an id")
    return number


def _status_given(conn: Connection, quarter: Quarter, initiative: int) -> str | None:
    given = conn.execute(
        select(STATUS.c.id).where(
            STATUS.c.initiative_id == initiative,
            STATUS.c.year == quarter.year,
            STATUS.c.quarter == quarter.number,
        )
    ).first()
    return None if given is None else f"the status for {quarter} has been given since"


def _benefits_given(
    conn: Connection, quarter: Quarter, initiative: int, every_quarter: bool
) -> str | None:
    query = select(BENEFITS.c.id).where(
        BENEFITS.c.initiative_id == initiative, BENEFITS.c.year == quarter.year
    )
    if every_quarter:
        query = query.where(BENEFITS.c.quarter == quarter.number)
    if conn.execute(query.limit(1)).first() is None:
        return None
    period = quarter if every_quarter else quarter.year
    return f"the realised gains for {period} have been given since"


def _milestone_closed(conn: Connection, initiative: int, position: int, due: date) -> str | None:
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
