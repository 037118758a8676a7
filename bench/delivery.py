"""How long a sent mail is at risk of being sent twice: from the mail server's "250" to the
outbox row marked sent.

Delivery is at least once. A sender stopped (killed, or the machine gone) after the server has
accepted a mail and before its row says `sent` leaves the mail claimed; after the stale-claim
time another run sends it again, with the same Message-ID (so a mail client shows one mail).
This measures that window for N mails sent through a real SMTP server on loopback, on SQLite and
on PostgreSQL, against the bare cost of the same UPDATE and COMMIT in the driver (the floor).

    .venv/bin/python bench/delivery.py [--mails 300]
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import Engine, create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import workflow.schedule.sender as mailer
from workflow.base.clock import FixedClock
from workflow.schedule.config import Schedule
from workflow.schedule.outbox import STALE_CLAIM
from workflow.storage.core_tables import PERSON
from workflow.storage.database import connect
from workflow.storage.schedule_tables import OUTBOX
from workflow.storage.schema import upgrade

PG_SERVER = os.environ.get(
    "TILTAG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2010, 11, 17, 6, tzinfo=UTC)
SCHEDULE = Schedule(sender="tiltag@kommune.example.dk")


class _Sink:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


def fill(engine: Engine, mails: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(PERSON).values(
                id=1, handle="ulla", name="Ulla Krogh", email="u@k.dk", created_at=NOW
            )
        )
        conn.execute(
            insert(OUTBOX),
            [
                {
                    "key": f"k/{n}", "kind": "status_reminder", "initiative_id": None,
                    "recipient_id": 1, "recipient": "Ulla Krogh <u@k.dk>", "address": "u@k.dk",
                    "subject": f"Husk status {n}", "body_text": "Kære Ulla",
                    "body_html": "<p>Kære Ulla</p>",
                    "message_id": f"<{n}@k.dk>", "decided_for": date(2010, 11, 17),
                    "created_at": NOW, "state": "queued", "attempts": 0, "next_attempt_at": NOW,
                }
                for n in range(mails)
            ],
        )  # fmt: skip


def windows(engine: Engine, port: int) -> list[float]:
    """Milliseconds from each mail's "250" (send_message returning) to its row marked sent."""
    accepted: list[float] = []
    marked: list[float] = []
    send = smtplib.SMTP.send_message
    mark = getattr(mailer, "mark_sent")  # noqa: B009 - the name the sender calls, replaced here

    def timed_send(self: smtplib.SMTP, *args: Any, **kwargs: Any) -> Any:
        result = send(self, *args, **kwargs)
        accepted.append(time.perf_counter())
        return result

    def timed_mark(*args: Any, **kwargs: Any) -> bool:
        done: bool = mark(*args, **kwargs)
        marked.append(time.perf_counter())
        return done

    smtplib.SMTP.send_message = timed_send  # type: ignore[method-assign]
    setattr(mailer, "mark_sent", timed_mark)  # noqa: B010
    try:
        settings = mailer.SmtpSettings(host="127.0.0.1", port=port)
        report = mailer.send_outbox(engine, settings, schedule=SCHEDULE, clock=FixedClock(NOW))
    finally:
        smtplib.SMTP.send_message = send  # type: ignore[method-assign]
        setattr(mailer, "mark_sent", mark)  # noqa: B010
    assert report.sent == len(accepted) == len(marked), report
    return [(m - a) * 1000 for a, m in zip(accepted, marked, strict=True)]


def floor(run: Callable[[], None], times: int) -> list[float]:
    found = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        found.append((time.perf_counter() - started) * 1000)
    return found


def sqlite_floor(path: Path, times: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")

    def one() -> None:
        conn.execute("BEGIN")
        conn.execute("UPDATE outbox SET sent_at = sent_at WHERE id = 1")
        conn.execute("COMMIT")

    try:
        return floor(one, times)
    finally:
        conn.close()


def postgres_floor(url: str, times: int) -> list[float]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:

        def one() -> None:
            conn.execute("UPDATE outbox SET sent_at = sent_at WHERE id = 1")
            conn.commit()

        return floor(one, times)


def line(name: str, values: list[float], base: list[float]) -> str:
    median, high = statistics.median(values), statistics.quantiles(values, n=20)[-1]
    ratio = median / statistics.median(base)
    return (
        f"{name:<11} window median {median:6.2f} ms  p95 {high:6.2f} ms  max {max(values):6.2f} ms"
        f"  ({ratio:.1f}x the bare UPDATE+COMMIT, {statistics.median(base):.2f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=300)
    mails = parser.parse_args().mails
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = Controller(_Sink(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "outbox.db"
            engine = connect(str(path), create=True)
            upgrade(engine)
            fill(engine, mails)
            print(line("SQLite", windows(engine, port), sqlite_floor(path, mails)))
            engine.dispose()
        name = f"tiltag_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_SERVER.rsplit("/", 1)[0] + "/" + name
        try:
            engine = connect(url)
            upgrade(engine)
            fill(engine, mails)
            print(line("PostgreSQL", windows(engine, port), postgres_floor(url, mails)))
            engine.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        server.stop()
    print(f"after a stop in the window, the mail is sent again after {STALE_CLAIM}")


if __name__ == "__main__":
    main()
