"""The heaviest days: the daily run writes its mail in batches, renders no mail that is in the
outbox already, and `tiltag remind` sums the day up in one line; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select

from tests.conftest import Invoke
from tests.helpers import Desk
from tests.test_reminders import SCHEDULE, SENDER, TEMPLATES, at
from workflow.base.clock import LOCAL_TIME, FixedClock
from workflow.schedule import daily
from workflow.schedule.daily import run_day
from workflow.schedule.drafts import Draft, Queued, Skipped
from workflow.schedule.outbox import Mail, enqueue, enqueue_many
from workflow.storage.schedule_tables import OUTBOX

REMINDER_DAY = date(2010, 11, 17)  # ten working days before Sorø's meeting on 1 December
MORNING = FixedClock(at(REMINDER_DAY, 6))
NOT_BEFORE = datetime.combine(REMINDER_DAY, SCHEDULE.daily_run_at, tzinfo=LOCAL_TIME)


@pytest.fixture
def seven(desk: Desk) -> list[int]:
    """Seven initiatives in execution without a Q4 status: seven reminders on REMINDER_DAY."""
    desk.clock.set(at(date(2010, 9, 1), 9))
    ids = [desk.propose(title=f"Udbud {n}") for n in range(7)]
    for id_ in ids:
        desk.in_execution(id_)
    return ids


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of three, so seven mails cross the batch size twice."""
    monkeypatch.setattr(daily, "BATCH", 3)


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the mail rendered, in order."""
    keys: list[str] = []
    write = Draft.write

    def counted(draft: Draft) -> Mail:
        keys.append(draft.key)
        return write(draft)

    monkeypatch.setattr(Draft, "write", counted)
    return keys


def _stored(engine: Engine) -> list[tuple[Any, ...]]:
    """Every outbox row as stored, but its id, in the order of the keys."""
    columns = [c for c in OUTBOX.c if c.name != "id"]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*columns).order_by(OUTBOX.c.key))]


def _decide(desk: Desk, engine: Engine, shown: list[Mail | Queued | Skipped]) -> daily.DayMail:
    return run_day(
        engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, MORNING, on_mail=shown.append
    )


@pytest.mark.usefixtures("small_batches")
def test_mail_written_in_batches_is_stored_as_a_mail_at_a_time_would_be(
    desk: Desk, engine: Engine, seven: list[int]
) -> None:
    shown: list[Mail | Queued | Skipped] = []
    day = _decide(desk, engine, shown)
    assert (day.decided, day.enqueued) == (7, 7)
    assert sorted(m.initiative_id or 0 for m in shown) == seven
    batched = _stored(engine)
    with engine.begin() as conn:
        conn.execute(delete(OUTBOX))
        for mail in shown:
            assert isinstance(mail, Mail)
            now = MORNING.now()
            assert enqueue(
                conn, mail, sender=SENDER, day=REMINDER_DAY, now=now, not_before=NOT_BEFORE
            )
    assert _stored(engine) == batched


@pytest.mark.usefixtures("small_batches", "seven")
def test_a_day_decided_again_renders_only_the_mail_not_in_the_outbox(
    desk: Desk, engine: Engine, rendered: list[str]
) -> None:
    _decide(desk, engine, [])
    assert len(rendered) == 7
    rendered.clear()
    shown: list[Mail | Queued | Skipped] = []
    again = _decide(desk, engine, shown)
    assert (again.decided, again.enqueued, rendered) == (7, 0, [])
    assert all(isinstance(m, Queued) for m in shown)
    # A mail gone from the outbox (a key another version of tiltag never wrote, say) is
    # rendered and queued again, and only that one.
    with engine.begin() as conn:
        gone = conn.execute(select(OUTBOX.c.key).order_by(OUTBOX.c.id).offset(4)).scalars().first()
        conn.execute(delete(OUTBOX).where(OUTBOX.c.key == gone))
    third = _decide(desk, engine, [])
    assert (third.decided, third.enqueued, rendered) == (7, 1, [gone])


@pytest.mark.usefixtures("seven")
def test_a_batch_counts_only_the_mail_new_to_the_outbox(desk: Desk, engine: Engine) -> None:
    shown: list[Mail | Queued | Skipped] = []
    run_day(
        engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, MORNING, dry_run=True,
        on_mail=shown.append,
    )  # fmt: skip
    mails = [m for m in shown if isinstance(m, Mail)]
    assert len(mails) == 7

    def enqueued(batch: list[Mail]) -> int:
        with engine.begin() as conn:
            return enqueue_many(
                conn, batch, sender=SENDER, day=REMINDER_DAY, now=MORNING.now(),
                not_before=NOT_BEFORE,
            )  # fmt: skip

    assert enqueued(mails[:2]) == 2
    # Keys taken since they were looked up (by a second decider) and twice in one batch.
    assert enqueued(mails + mails[5:]) == 5
    assert enqueued([]) == 0
    assert len(_stored(engine)) == 7


@pytest.mark.usefixtures("seven")
def test_remind_sums_the_day_up_and_lists_each_mail_when_asked(run: Invoke) -> None:
    first = run("--now", "2010-11-17T07:00", "remind")
    assert (first.exit_code, first.stdout) == (0, "2010-11-17: 7 mail decided, 7 newly queued\n")
    again = run("--now", "2010-11-17T07:00", "remind", "--list")
    assert again.exit_code == 0
    lines = again.stdout.splitlines()
    assert lines[-1] == "2010-11-17: 7 mail decided, 0 newly queued"
    assert len(lines) == 8
    assert all(
        line.startswith("status_reminder ") and line.endswith(" (in the outbox already)")
        for line in lines[:-1]
    )
