"""The scheduler process: catching up missed days once each, killed and restarted, two at once."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from tests.helpers import RUN_TILTAG, Desk
from tests.mailserver import MailServer
from workflow.base.calendar import WorkCalendar, quarter_of
from workflow.base.clock import SystemClock, local_date
from workflow.definitions.registry import DEFAULT_FOLDER
from workflow.schedule.config import Schedule
from workflow.schedule.process import days_to_run, due_until
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.record_tables import MILESTONE
from workflow.storage.schedule_tables import DAY_RUN, OUTBOX

pytestmark = pytest.mark.slow


def test_the_day_due_is_today_once_its_run_time_has_come_in_denmark() -> None:
    schedule = Schedule(daily_run_at=clock_time(6, 0))
    assert due_until(datetime(2010, 3, 10, 4, 30, tzinfo=UTC), schedule) == date(2010, 3, 9)
    assert due_until(datetime(2010, 3, 10, 5, 30, tzinfo=UTC), schedule) == date(2010, 3, 10)
    # The last Sunday of March: 04:30 UTC is 06:30 in summer time, past the hour ...
    assert due_until(datetime(2010, 3, 28, 4, 30, tzinfo=UTC), schedule) == date(2010, 3, 28)
    # ... and on the last Sunday of October 05:30 in winter time, before it.
    assert due_until(datetime(2010, 10, 31, 4, 30, tzinfo=UTC), schedule) == date(2010, 10, 30)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_the_days_to_decide_are_every_day_not_decided_since_the_first() -> None:
    until = date(2010, 3, 10)
    # Nothing decided yet: only the day due.
    assert days_to_run(None, set(), until) == [until]
    # Down since the 7th: the 8th, 9th and 10th, in order.
    decided = set(_days(date(2010, 3, 1), date(2010, 3, 7)))
    assert days_to_run(date(2010, 3, 1), decided, until) == _days(date(2010, 3, 8), until)
    assert days_to_run(date(2010, 3, 1), decided | {date(2010, 3, 9)}, until) == [
        date(2010, 3, 8),
        until,
    ]
    # A day decided ahead by hand (`tiltag remind --as-of`) hides none before it.
    ahead = decided | {date(2010, 3, 9), date(2010, 3, 20)}
    assert days_to_run(date(2010, 3, 1), ahead, until) == [date(2010, 3, 8), until]
    assert days_to_run(date(2010, 3, 20), {date(2010, 3, 20)}, until) == [until]
    assert days_to_run(date(2010, 3, 1), set(_days(date(2010, 3, 1), until)), until) == []
    # At most a year back.
    long_ago = days_to_run(date(2008, 1, 1), {date(2008, 1, 1)}, until)
    assert (len(long_ago), long_ago[0], long_ago[-1]) == (366, date(2009, 3, 10), until)


@pytest.fixture
def setting(
    tmp_path: Path, desk: Desk, engine: Engine, database_url: str, mail_server: MailServer
) -> Iterator[dict[str, object]]:
    """Today's real date: a status deadline three working days ahead, reminders five and three
    working days before it (two days ago and today), the last decided day before the first, and
    one initiative whose owner has given no status (and nothing else to remind of)."""
    today = local_date(SystemClock().now())
    calendar = WorkCalendar()
    deadline = calendar.add_working_days(today, 3)
    quarter = quarter_of(deadline)
    first_reminder = calendar.add_working_days(deadline, -5)
    # The other quarters' deadlines as far from today as they can be, so nothing else is due.
    far = {
        str(q): (q.first_day if q < quarter else q.last_day).isoformat()
        for q in (quarter.previous(), quarter.next())
    }
    definitions = tmp_path / "definitions"
    shutil.copytree(DEFAULT_FOLDER, definitions)
    deadlines = "\n".join(f"    {q}: {d}" for q, d in {**far, str(quarter): deadline}.items())
    (definitions / "schedule.yaml").write_text(
        "daily_run_at: '00:00'\n"
        "sender: tiltag@kommune.example.dk\n"
        "calendar:\n  status_deadlines:\n" + deadlines + "\n"
        "status:\n  remind_before: [5, 3]\n  overdue_after: 20\n  escalate_after: 25\n"
        "milestones:\n  remind_before: 0\n  overdue_after: 30\n",
        encoding="utf-8",
    )
    id_ = desk.propose(title="Udbud af forsikring")
    desk.bring_to(id_, "execution")
    now = SystemClock().now()
    with engine.begin() as conn:
        # Made just now with its milestones done, so it is not stalled; nothing decided since
        # before the first reminder.
        conn.execute(
            update(INITIATIVE).values(created_at=now, entered_state_at=now, updated_at=now)
        )
        conn.execute(update(MILESTONE).values(done_on=today))
        conn.execute(
            insert(DAY_RUN).values(
                day=first_reminder - timedelta(days=1), finished_at=now, enqueued=0
            )
        )
    env = {
        **os.environ,
        **mail_server.env,
        "TILTAG_DATABASE_URL": database_url,
        "TILTAG_DEFINITIONS": str(definitions),
        "TILTAG_SEND_INTERVAL": "0.3",
        "TILTAG_DECIDE_INTERVAL": "0.3",
        "TILTAG_SMTP_RETRY_SECONDS": "0.5",
    }
    env.pop("TILTAG_NOW", None)
    yield {"env": env, "first_reminder": first_reminder, "today": today}


class Scheduler:
    """A `tiltag scheduler` process, its log written to a file the test reads."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        folder = Path(env["TILTAG_DEFINITIONS"]).parent
        self.log = folder / f"scheduler-{len(list(folder.glob('scheduler-*.log')))}.log"
        with self.log.open("ab") as stderr:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    RUN_TILTAG,
                    "--log-level",
                    "debug",
                    *args,
                ]
                + ["scheduler"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )

    def lines(self, event: str) -> int:
        """How many log lines name `event` (and `job=...` if the event says so) so far."""
        return sum(event in line for line in self.log.read_text().splitlines())

    def wait_for(self, event: str, count: int = 1) -> None:
        """Wait until the log holds `count` lines naming `event`; fail if the process ends."""
        _wait(lambda: self.lines(event) >= count or self.process.poll() is not None)
        assert self.lines(event) >= count, self.log.read_text()

    def stop(self, how: int = signal.SIGTERM) -> int:
        self.process.send_signal(how)
        return self.process.wait(timeout=30)


def _wait(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _outbox(engine: Engine) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(OUTBOX.c.state, OUTBOX.c.attempts))]


def _decided(engine: Engine) -> list[date]:
    with engine.connect() as conn:
        return list(conn.execute(select(DAY_RUN.c.day).order_by(DAY_RUN.c.day)).scalars())


def test_the_scheduler_catches_up_and_survives_being_killed(
    setting: dict[str, object], engine: Engine, mail_server: MailServer
) -> None:
    env = setting["env"]
    assert isinstance(env, dict)
    mail_server.stop()
    # Killed at once, then killed again once the missed days are decided and the mail queued
    # but not sent (the mail server is down).
    Scheduler(env).stop(signal.SIGKILL)
    process = Scheduler(env)
    _wait(lambda: len(_outbox(engine)) == 2 and all(a >= 1 for _, a in _outbox(engine)))
    process.stop(signal.SIGKILL)
    decided = _decided(engine)
    first, today = setting["first_reminder"], setting["today"]
    assert isinstance(first, date) and isinstance(today, date)
    assert decided[1:] == [first + timedelta(days=n) for n in range((today - first).days + 1)]
    # Back with the mail server up: each reminder is delivered once.
    mail_server.start()
    process = Scheduler(env)
    _wait(lambda: len(mail_server.received) == 2)
    # A few more runs of both jobs: a second look at the outbox and at the days.
    sent, looked = process.lines("job=send"), process.lines("job=daily")
    process.wait_for("job=send", sent + 3)
    process.wait_for("job=daily", looked + 2)
    process.stop(signal.SIGKILL)
    process = Scheduler(env)
    process.wait_for("scheduler_started")
    process.wait_for("job=daily")
    assert process.stop() == 0
    assert len(mail_server.received) == 2
    subjects = sorted(r.subject for r in mail_server.received)
    assert subjects == ["Husk status: Udbud af forsikring (" + _quarter_da(setting) + ")"] * 2
    assert {state for state, _ in _outbox(engine)} == {"sent"}
    assert _decided(engine) == decided


def test_a_stop_asked_for_while_starting_stops_it_in_order(
    setting: dict[str, object], engine: Engine
) -> None:
    env = setting["env"]
    assert isinstance(env, dict)
    process = Scheduler(env)
    process.wait_for("scheduler_starting")
    assert process.stop() == 0
    assert process.lines("scheduler_stopped") == 1
    # Stopped before it started (as it is, unless the machine held the signal back for the
    # second the start takes): then no job ran.
    if not process.lines("scheduler_started"):
        assert process.lines("job_done") == 0


def _quarter_da(setting: dict[str, object]) -> str:
    env = setting["env"]
    assert isinstance(env, dict)
    today = setting["today"]
    assert isinstance(today, date)
    quarter = quarter_of(WorkCalendar().add_working_days(today, 3))
    return f"{quarter.number}. kvartal {quarter.year}"


def test_two_schedulers_at_once_send_every_mail_once(
    setting: dict[str, object], engine: Engine, mail_server: MailServer
) -> None:
    env = setting["env"]
    assert isinstance(env, dict)
    processes = [Scheduler(env), Scheduler(env)]
    _wait(lambda: len(mail_server.received) >= 2)
    for process in processes:  # both keep running their jobs
        process.wait_for("job=send", process.lines("job=send") + 3)
    assert [process.stop() for process in processes] == [0, 0]
    assert len(mail_server.received) == 2
    assert len({r.message["Message-ID"] for r in mail_server.received}) == 2
    assert {state for state, _ in _outbox(engine)} == {"sent"}


def test_the_scheduler_runs_on_a_clock_that_starts_at_now(
    tmp_path: Path, desk: Desk, engine: Engine, database_url: str, mail_server: MailServer
) -> None:
    # Sorø's first reminder of the fourth quarter 2010 is on 17 November.
    desk.clock.set(datetime(2010, 9, 1, 9, tzinfo=UTC))
    id_ = desk.propose(title="Udbud af forsikring")
    desk.bring_to(id_, "execution")
    for number in (1, 2):  # done, so no milestone is late beyond the plan's tolerance
        desk.done(id_, number)
    with engine.begin() as conn:
        conn.execute(
            insert(DAY_RUN).values(day=date(2010, 11, 16), finished_at=desk.clock.now(), enqueued=0)
        )
    definitions = tmp_path / "definitions"
    shutil.copytree(DEFAULT_FOLDER, definitions)
    env = {
        **os.environ,
        **mail_server.env,
        "TILTAG_DATABASE_URL": database_url,
        "TILTAG_DEFINITIONS": str(definitions),
        "TILTAG_SEND_INTERVAL": "0.3",
        "TILTAG_DECIDE_INTERVAL": "0.3",
        "TILTAG_NOW": "2010-11-17T06:59:58+01:00",
    }
    process = Scheduler(env)
    # On its clock it is the morning of the 17th, past the day's 06:00 run time, and the
    # first reminder of the quarter is due.
    _wait(lambda: len(mail_server.received) == 1)
    assert process.stop() == 0
    assert _decided(engine) == [date(2010, 11, 16), date(2010, 11, 17)]
    [mail] = mail_server.received
    assert mail.subject == "Husk status: Udbud af forsikring (4. kvartal 2010)"
    assert mail.message["Date"].datetime.date() == date(2010, 11, 17)
    assert "now=2010-11-17T05:59:5" in process.log.read_text()
