"""The scheduler process (`tiltag scheduler`): APScheduler in Danish time driving the same
service functions as `tiltag remind` and `tiltag outbox send`.

Two jobs, kept in the database's `apscheduler_jobs` table, both run at once on start:
- the daily run, every minute (`TILTAG_DECIDE_INTERVAL` seconds): once the schedule's
  `daily_run_at` has come on the scheduler's clock, it decides every day not decided yet, up to
  today, in order. So a day missed while the process was down is caught up, once, at the next
  start; mail whose moment passed meanwhile is skipped as stale (`workflow.schedule.occasions`);
- the sender, every minute (`TILTAG_SEND_INTERVAL` seconds): it sends what is due.

The scheduler's clock is the wall clock, or with `--now` one that starts at that moment and runs
on from there, so a quarter can be rehearsed on a simulation database; the jobs look at that
clock, not at APScheduler's.

Running two schedulers against one database is harmless: a day decided twice enqueues nothing
new (the outbox's keys), and each mail is claimed by one sender only. APScheduler's own traps are
designed around: a run missed while down is not relied on (`misfire_grace_time` would drop it;
the decided days are what count), and a job run twice by two processes does no harm.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from workflow.base.clock import LOCAL_TIME, Clock, RunningClock, SystemClock, local_date
from workflow.base.logs import get_logger
from workflow.definitions.registry import definitions_folder, load_registry
from workflow.schedule.config import Schedule, load_schedule
from workflow.schedule.daily import DayMail, days_run, run_day
from workflow.schedule.sender import SendReport, SmtpSettings, send_outbox
from workflow.storage.database import open_database
from workflow.storage.simulation import ensure_may_write_at

__all__ = [
    "catch_up",
    "daily_job",
    "days_to_run",
    "due_until",
    "run",
    "send_job",
]

log = get_logger("tiltag.scheduler")

# The longest pause caught up: a year of days; older ones are left undecided (and logged).
CATCH_UP_LIMIT = 366

_engines: dict[str | None, Engine] = {}


def due_until(now: datetime, schedule: Schedule) -> date:
    """The last day due at `now`: today once its run time has come, else yesterday."""
    local = now.astimezone(LOCAL_TIME)
    if local.time() >= schedule.daily_run_at:
        return local.date()
    return local.date() - timedelta(days=1)


def days_to_run(first_decided: date | None, decided: Collection[date], until: date) -> list[date]:
    """The days to decide, in order: every day from the first ever decided up to `until` that is
    not decided yet (at most the last `CATCH_UP_LIMIT` days). With nothing decided yet (or only
    days still to come, decided ahead by hand), only `until`.
    """
    if first_decided is None or first_decided > until:
        return [] if until in decided else [until]
    first = first_decided
    if (until - first).days >= CATCH_UP_LIMIT:
        first = until - timedelta(days=CATCH_UP_LIMIT - 1)
    days = (first + timedelta(days=n) for n in range((until - first).days + 1))
    missing = [day for day in days if day not in decided]
    if first != first_decided and missing and missing[0] == first:
        log.warning(
            "catch_up_limited", first_decided=first_decided.isoformat(), from_day=first.isoformat()
        )
    return missing


def catch_up(engine: Engine, folder: Path, clock: Clock) -> list[DayMail]:
    """Decide every day due and not decided yet, in order; return what each decided."""
    registry = load_registry(folder)
    schedule = load_schedule(folder)
    until = due_until(clock.now(), schedule)
    first, decided = days_run(engine, until - timedelta(days=CATCH_UP_LIMIT), until)
    days = days_to_run(first, decided, until)
    return [run_day(engine, registry, schedule, folder / "templates", day, clock) for day in days]


def _engine(database: str | None) -> Engine:
    if database not in _engines:
        _engines[database] = open_database(database)
    return _engines[database]


def _clock(offset_seconds: float) -> Clock:
    if not offset_seconds:
        return SystemClock()
    return RunningClock.offset_by(timedelta(seconds=offset_seconds))


def daily_job(
    database: str | None = None, definitions: str | None = None, offset_seconds: float = 0
) -> None:
    """The daily run (a stored job refers to it as `workflow.schedule.process:daily_job`)."""
    days = catch_up(_engine(database), definitions_folder(definitions), _clock(offset_seconds))
    if days:
        log.info(
            "daily_job",
            days=[d.day.isoformat() for d in days],
            enqueued=sum(d.enqueued for d in days),
            skipped_as_stale=sum(sum(d.skipped.values()) for d in days),
        )
    log.debug("job_done", job="daily")


def send_job(
    database: str | None = None, definitions: str | None = None, offset_seconds: float = 0
) -> SendReport:
    """Send what is due (`workflow.schedule.process:send_job`)."""
    schedule = load_schedule(definitions_folder(definitions))
    report = send_outbox(
        _engine(database),
        SmtpSettings.configured(schedule.smtp),
        schedule=schedule,
        clock=_clock(offset_seconds),
    )
    log.debug("job_done", job="send", report=str(report))
    return report


def run(
    database: str | None,
    definitions: str | None,
    now: datetime | None,
    stopping: threading.Event,
) -> None:
    """Run until `stopping` is set (the command sets it on SIGTERM or Ctrl-C, from its first
    moment): both jobs, at once on start and then every interval. A stop asked for while
    starting is kept: the scheduler then stops at once, in order.
    """
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    engine = _engine(database)
    ensure_may_write_at(engine, now)  # it writes: a rehearsal runs on a simulation database
    folder = definitions_folder(definitions)
    schedule = load_schedule(folder)
    SmtpSettings.configured(schedule.smtp)  # a bad setting stops the start, not every later run
    running = None if now is None else RunningClock(now)
    clock: Clock = running or SystemClock()
    store = SQLAlchemyJobStore(engine=engine)
    try:
        store.jobs_t.create(engine, checkfirst=True)
    except SQLAlchemyError:
        # Another scheduler starting at the same moment created it between the look and the
        # create; APScheduler's own look on start then finds it.
        log.info("job_table_made_by_another_scheduler")
    scheduler = BackgroundScheduler(
        timezone=LOCAL_TIME,
        jobstores={"default": store},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    kwargs: dict[str, Any] = {"database": database, "definitions": definitions}
    if running is not None:
        kwargs["offset_seconds"] = running.offset.total_seconds()
    started = datetime.now(LOCAL_TIME)
    for job, interval in (
        ("daily", float(os.environ.get("TILTAG_DECIDE_INTERVAL", "60"))),
        ("send", float(os.environ.get("TILTAG_SEND_INTERVAL", "60"))),
    ):
        scheduler.add_job(
            f"workflow.schedule.process:{job}_job",
            "interval",
            id=f"tiltag-{job}",
            seconds=interval,
            kwargs=kwargs,
            replace_existing=True,
            next_run_time=started,
        )
    if stopping.is_set():  # asked to stop while starting: no job is run
        log.warning("scheduler_stopped")
        return
    # The jobs run in the scheduler's threads; this one waits for a signal, then stops it in
    # order: no new runs, and a run under way finishes (its transaction commits or rolls back).
    scheduler.start()
    log.warning(
        "scheduler_started",
        database=str(engine.url.render_as_string(hide_password=True)),
        daily_run_at=schedule.daily_run_at.isoformat(timespec="minutes"),
        today=local_date(clock.now()).isoformat(),
        **({"now": clock.now().isoformat(timespec="seconds")} if now is not None else {}),
    )
    stopping.wait()
    scheduler.shutdown(wait=True)
    log.warning("scheduler_stopped")
