"""Delivery that loses nothing: a mail server that is down, mail that keeps failing, two senders
and two deciders at once, and headers that cannot be injected."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select, update

from tests.conftest import Invoke
from tests.helpers import Desk
from tests.mailserver import MailServer
from tests.test_reminders import SCHEDULE, SENDER, TEMPLATES, at
from workflow.clock import FixedClock
from workflow.errors import UsageError
from workflow.mailer import GIVE_UP_AFTER, MAX_PAUSE, SmtpSettings, send_outbox
from workflow.models import INITIATIVE
from workflow.outbox import STALE_CLAIM, claim, list_outbox, mark_failed_attempt, mark_sent
from workflow.reminders import run_decision
from workflow.schedule_models import OUTBOX

REMINDER_DAY = date(2010, 11, 17)  # ten working days before Sorø's meeting on 1 December


@pytest.fixture
def queued(desk: Desk, engine: Engine) -> list[int]:
    """Three initiatives in execution without a Q4 status, their reminders queued."""
    desk.clock.set(at(date(2010, 9, 1), 9))
    ids = [desk.propose(title=f"Udbud {n}") for n in range(3)]
    for id_ in ids:
        desk.bring_to(id_, "execution")
    clock = FixedClock(at(REMINDER_DAY, 6))
    decision = run_decision(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    assert decision.enqueued == 3
    return ids


def _send(engine: Engine, server: MailServer, clock: FixedClock) -> tuple[int, int, int]:
    report = send_outbox(engine, SmtpSettings.from_env(server.env), sender=SENDER, clock=clock)
    return report.sent, report.retried, report.failed


def test_mail_waits_while_the_server_is_down_and_goes_when_it_is_back(
    engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    mail_server.stop()
    clock = FixedClock(at(REMINDER_DAY, 6))
    assert _send(engine, mail_server, clock) == (0, 3, 0)
    rows = list(list_outbox(engine))
    assert [(r.state, r.attempts) for r in rows] == [("queued", 1)] * 3
    assert all("cannot reach the mail server" in (r.last_error or "") for r in rows)
    # Not before the pause is over (one minute after the first failure) ...
    mail_server.start()
    assert _send(engine, mail_server, clock) == (0, 0, 0)
    # ... and the next day everything goes, once.
    clock.advance(days=1)
    assert _send(engine, mail_server, clock) == (3, 0, 0)
    assert _send(engine, mail_server, clock) == (0, 0, 0)
    assert len(mail_server.received) == 3
    assert {r.state for r in list_outbox(engine)} == {"sent"}


def test_mail_that_keeps_failing_is_listed_and_can_be_retried(
    engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    from click.testing import CliRunner

    from cli import cli

    mail_server.stop()
    start = at(REMINDER_DAY, 6)
    clock = FixedClock(start)
    pauses = []
    # The sender runs every minute while the mail server stays down.
    while {r.state for r in list_outbox(engine)} != {"failed"}:
        _send(engine, mail_server, clock)
        row = next(iter(list_outbox(engine)))
        if row.state == "queued" and (
            not pauses or row.next_attempt_at - clock.now() != pauses[-1]
        ):
            pauses.append(row.next_attempt_at - clock.now())
        clock.set(max(clock.now() + timedelta(minutes=1), row.next_attempt_at))
        assert clock.now() - start < GIVE_UP_AFTER + MAX_PAUSE
    # 1, 2, 4 ... minutes, at most 6 hours; given up once it has failed for three days.
    assert pauses[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert pauses[-1] == MAX_PAUSE
    assert clock.now() - start >= GIVE_UP_AFTER
    attempts = {r.attempts for r in list_outbox(engine)}
    assert len(attempts) == 1 and 15 <= attempts.pop() <= 25
    env = {"TILTAG_DATABASE_URL": str(engine.url.render_as_string(hide_password=False))}
    listed = CliRunner().invoke(cli, ["outbox", "list", "--failed"], env=env)
    assert listed.exit_code == 0
    assert listed.stdout.count(" failed ") == 3
    assert "last error: cannot reach the mail server" in listed.stdout
    wrong = CliRunner().invoke(cli, ["outbox", "retry", "999"], env=env)
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        "Error: no failed mail with id 999; see tiltag outbox list --failed\n",
    )
    usage = CliRunner().invoke(cli, ["outbox", "retry"], env=env)
    assert usage.exit_code == 2
    retried = CliRunner().invoke(
        cli, ["--now", clock.now().isoformat(), "outbox", "retry", "--all"], env=env
    )
    assert (retried.exit_code, retried.stdout) == (0, "3 mail queued again\n")
    mail_server.start()
    sent = CliRunner().invoke(
        cli,
        ["--now", clock.now().isoformat(), "outbox", "send"],
        env={**env, **mail_server.env},
    )
    assert (sent.exit_code, sent.stdout) == (0, "sent 3, to retry 0, failed 0\n")
    assert len(mail_server.received) == 3


def test_a_mail_claimed_by_a_sender_that_stopped_is_sent_later(
    engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    clock = FixedClock(at(REMINDER_DAY, 6))
    first = next(iter(list_outbox(engine)))
    assert claim(engine, first.id, clock.now(), "a") is not None  # and then sender a died
    assert claim(engine, first.id, clock.now(), "b") is None  # nobody else takes it meanwhile
    assert _send(engine, mail_server, clock) == (2, 0, 0)
    clock.advance(seconds=STALE_CLAIM.total_seconds() + 1)
    assert _send(engine, mail_server, clock) == (1, 0, 0)
    ids = sorted(r.message["Message-ID"] for r in mail_server.received)
    assert ids == sorted(r.message_id for r in list_outbox(engine))


def test_a_slow_sender_whose_claim_was_taken_over_does_not_undo_the_other(
    engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    clock = FixedClock(at(REMINDER_DAY, 6))
    first = next(iter(list_outbox(engine)))
    assert claim(engine, first.id, clock.now(), "slow") is not None
    # Sender "slow" hangs on the mail server past the stale time; another run sends everything.
    clock.advance(seconds=STALE_CLAIM.total_seconds() + 1)
    assert _send(engine, mail_server, clock) == (3, 0, 0)
    # When "slow" comes back, its connection broken, it may not queue the mail again ...
    later = clock.now()
    assert not mark_failed_attempt(engine, first.id, later, "timed out", "slow", retry_at=later)
    # ... nor mark it sent a second time.
    assert not mark_sent(engine, first.id, later, "slow")
    assert [(r.state, r.attempts) for r in list_outbox(engine)] == [("sent", 0)] * 3
    assert _send(engine, mail_server, clock) == (0, 0, 0)
    assert len(mail_server.received) == 3


def test_a_received_mail_says_what_is_due_and_how_to_act(
    desk: Desk, engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    clock = FixedClock(at(REMINDER_DAY, 6))
    _send(engine, mail_server, clock)
    mail = next(r for r in mail_server.received if r.recipients == ["ulla@kommune.example.dk"])
    assert mail.sender == SENDER
    assert mail.subject == "Husk status: Udbud 0 (4. kvartal 2010)"
    assert str(mail.message["To"]) == "Ulla Krogh <ulla@kommune.example.dk>"
    assert mail.message["Message-ID"].endswith("@soroe.example.dk>")
    assert "skal gives senest 01.12.2010" in mail.text
    assert f"tiltag status give {queued[0]} --light green" in mail.text
    assert f"tiltag status give {queued[0]} --light green" in mail.html
    assert "<p>Kære Ulla Krogh</p>" in mail.html


def test_a_title_cannot_inject_headers_or_markup(
    desk: Desk, engine: Engine, mail_server: MailServer
) -> None:
    desk.clock.set(at(date(2010, 9, 1), 9))
    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    # A title written straight into the database, past the checks of `propose` and `edit`.
    hostile = 'Udbud\r\nBcc: mallory@evil.example\r\n\r\n<script>alert("x")</script>'
    with engine.begin() as conn:
        conn.execute(update(INITIATIVE).where(INITIATIVE.c.id == id_).values(title=hostile))
    clock = FixedClock(at(REMINDER_DAY, 6))
    run_decision(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    assert _send(engine, mail_server, clock) == (1, 0, 0)
    [mail] = mail_server.received
    assert mail.recipients == ["ulla@kommune.example.dk"]
    assert mail.message["Bcc"] is None
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert "<script>" not in mail.html
    assert "&lt;script&gt;" in mail.html


def _decide_and_send(url: str, server_port: int) -> None:
    from workflow.database import connect
    from workflow.registry import DEFAULT_FOLDER, load_registry

    engine = connect(url)
    clock = FixedClock(at(REMINDER_DAY, 6))
    registry = load_registry(DEFAULT_FOLDER)
    run_decision(engine, registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    settings = SmtpSettings(host="127.0.0.1", port=server_port)
    send_outbox(engine, settings, sender=SENDER, clock=clock, batch=2)
    engine.dispose()


def test_two_processes_deciding_and_sending_at_once_send_each_mail_once(
    desk: Desk, engine: Engine, database_url: str, mail_server: MailServer
) -> None:
    desk.clock.set(at(date(2010, 9, 1), 9))
    ids = [desk.propose(title=f"Udbud {n}") for n in range(6)]
    for id_ in ids:
        desk.bring_to(id_, "execution")
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_decide_and_send, args=(database_url, mail_server.port))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    with engine.connect() as conn:
        rows = conn.execute(select(OUTBOX.c.message_id, OUTBOX.c.state)).all()
    assert len(rows) == 6 and {state for _, state in rows} == {"sent"}
    received = sorted(r.message["Message-ID"] for r in mail_server.received)
    assert received == sorted(message_id for message_id, _ in rows)


def test_a_recipient_the_server_does_not_know_fails_at_once_and_the_rest_go(
    engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    with engine.begin() as conn:
        first = conn.execute(select(OUTBOX.c.id).order_by(OUTBOX.c.id)).scalars().first()
        conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == first)
            .values(recipient="Nemo <nemo@example.dk>", address="nemo@example.dk")
        )
    mail_server.handler.unknown.add("nemo@example.dk")
    clock = FixedClock(at(REMINDER_DAY, 6))
    assert _send(engine, mail_server, clock) == (2, 0, 1)
    failed = [r for r in list_outbox(engine) if r.state == "failed"]
    assert [(r.id, r.attempts) for r in failed] == [(first, 1)]
    assert "550" in (failed[0].last_error or "")
    assert len(mail_server.received) == 2


def test_a_day_is_not_decided_ahead_and_its_mail_waits_for_its_run_time(
    desk: Desk, engine: Engine, mail_server: MailServer
) -> None:
    desk.clock.set(at(date(2010, 9, 1), 9))
    desk.bring_to(desk.propose(), "execution")
    ahead = FixedClock(at(date(2010, 11, 10), 9))
    with pytest.raises(UsageError) as caught:
        run_decision(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, ahead)
    assert str(caught.value) == (
        "2010-11-17 is still to come: a day is decided on the day (or later); "
        "look at it ahead with --dry-run"
    )
    assert list(list_outbox(engine)) == []
    early = FixedClock(at(REMINDER_DAY, 5))  # by hand, before the schedule's 06:00
    run_decision(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, early)
    assert _send(engine, mail_server, early) == (0, 0, 0)
    assert _send(engine, mail_server, FixedClock(at(REMINDER_DAY, 6))) == (1, 0, 0)


def test_mail_whose_reason_has_passed_is_withdrawn_not_sent(
    desk: Desk, engine: Engine, queued: list[int], mail_server: MailServer, run: Invoke
) -> None:
    from workflow.status import give_status

    clock = FixedClock(at(REMINDER_DAY, 6))
    mail_server.stop()
    assert _send(engine, mail_server, clock) == (0, 3, 0)
    # While the mail server was down, Ulla gave the status of the first initiative.
    clock.advance(hours=3)
    give_status(
        engine, desk.registry, actor=desk.people["ulla"], initiative_id=queued[0],
        light="green", text="Tilbud modtaget.", clock=clock,
    )  # fmt: skip
    mail_server.start()
    report = send_outbox(engine, SmtpSettings.from_env(mail_server.env), sender=SENDER, clock=clock)
    assert str(report) == "sent 2, to retry 0, failed 0, withdrawn 1"
    assert len(mail_server.received) == 2
    listed = run("outbox", "list", "--state", "withdrawn").stdout.splitlines()
    assert "withdrawn" in listed[0] and "Udbud 0" in listed[0]
    assert listed[1].strip() == "withdrawn: the status for 2010-Q4 has been given since"
