"""Delivery that loses nothing: a mail server that is down, mail that keeps failing, two senders
and two deciders at once, and headers that cannot be injected."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text, update

from tests.conftest import Invoke
from tests.helpers import PLAN, Desk
from tests.mailserver import MailServer
from tests.test_reminders import SCHEDULE, SENDER, TEMPLATES, at
from workflow.base.clock import FixedClock
from workflow.base.errors import InvalidValueError, UsageError
from workflow.schedule.daily import run_day
from workflow.schedule.outbox import STALE_CLAIM, claim, list_outbox, mark_failed_attempt, mark_sent
from workflow.schedule.sender import GIVE_UP_AFTER, MAX_PAUSE, SmtpSettings, send_outbox
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.schedule_tables import OUTBOX

REMINDER_DAY = date(2010, 11, 17)  # ten working days before Sorø's meeting on 1 December


@pytest.fixture
def queued(desk: Desk, engine: Engine) -> list[int]:
    """Three initiatives in execution without a Q4 status, their reminders queued."""
    desk.clock.set(at(date(2010, 9, 1), 9))
    ids = [desk.propose(title=f"Udbud {n}") for n in range(3)]
    for id_ in ids:
        desk.in_execution(id_)
    clock = FixedClock(at(REMINDER_DAY, 6))
    day = run_day(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    assert day.enqueued == 3
    return ids


def _send(engine: Engine, server: MailServer, clock: FixedClock) -> tuple[int, int, int]:
    report = send_outbox(engine, SmtpSettings.from_env(server.env), schedule=SCHEDULE, clock=clock)
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

    from workflow.cli import cli

    mail_server.stop()
    start = at(REMINDER_DAY, 6)
    clock = FixedClock(start)
    pauses: list[timedelta] = []
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
    assert f"tiltag status give {queued[0]} --quarter 2010-Q4 --light green" in mail.text
    assert f"tiltag status give {queued[0]} --quarter 2010-Q4 --light green" in mail.html
    assert "<p>Kære Ulla Krogh</p>" in mail.html


def test_a_title_cannot_inject_headers_or_markup(
    desk: Desk, engine: Engine, mail_server: MailServer
) -> None:
    desk.clock.set(at(date(2010, 9, 1), 9))
    id_ = desk.propose()
    desk.in_execution(id_)
    # A title written straight into the database, past the checks of `propose` and `edit`.
    hostile = 'Udbud\r\nBcc: mallory@evil.example\r\n\r\n<script>alert("x")</script>'
    with engine.begin() as conn:
        conn.execute(update(INITIATIVE).where(INITIATIVE.c.id == id_).values(title=hostile))
    clock = FixedClock(at(REMINDER_DAY, 6))
    run_day(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    assert _send(engine, mail_server, clock) == (1, 0, 0)
    [mail] = mail_server.received
    assert mail.recipients == ["ulla@kommune.example.dk"]
    assert mail.message["Bcc"] is None
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert "<script>" not in mail.html
    assert "&lt;script&gt;" in mail.html


def _decide_and_send(url: str, server_port: int) -> None:
    from workflow.definitions.registry import DEFAULT_FOLDER, load_registry
    from workflow.storage.database import connect

    engine = connect(url)
    clock = FixedClock(at(REMINDER_DAY, 6))
    registry = load_registry(DEFAULT_FOLDER)
    run_day(engine, registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    settings = SmtpSettings(host="127.0.0.1", port=server_port)
    send_outbox(engine, settings, schedule=SCHEDULE, clock=clock, batch=2)
    engine.dispose()


def test_two_processes_deciding_and_sending_at_once_send_each_mail_once(
    desk: Desk, engine: Engine, database_url: str, mail_server: MailServer
) -> None:
    desk.clock.set(at(date(2010, 9, 1), 9))
    ids = [desk.propose(title=f"Udbud {n}") for n in range(6)]
    for id_ in ids:
        desk.in_execution(id_)
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
    desk.in_execution(desk.propose())
    ahead = FixedClock(at(date(2010, 11, 10), 9))
    with pytest.raises(UsageError) as caught:
        run_day(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, ahead)
    assert str(caught.value) == (
        "2010-11-17 is still to come: a day is decided on the day (or later); "
        "look at it ahead with --dry-run"
    )
    assert list(list_outbox(engine)) == []
    early = FixedClock(at(REMINDER_DAY, 5))  # by hand, before the schedule's 06:00
    run_day(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, early)
    assert _send(engine, mail_server, early) == (0, 0, 0)
    assert _send(engine, mail_server, FixedClock(at(REMINDER_DAY, 6))) == (1, 0, 0)


def test_mail_whose_reason_has_passed_is_withdrawn_not_sent(
    desk: Desk, engine: Engine, queued: list[int], mail_server: MailServer, run: Invoke
) -> None:
    from workflow.schedule.status import give_status

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
    report = send_outbox(
        engine, SmtpSettings.from_env(mail_server.env), schedule=SCHEDULE, clock=clock
    )
    assert str(report) == "sent 2, to retry 0, failed 0, withdrawn 1"
    assert len(mail_server.received) == 2
    listed = run("outbox", "list", "--state", "withdrawn").stdout.splitlines()
    assert "withdrawn" in listed[0] and "Udbud 0" in listed[0]
    assert listed[1].strip() == "withdrawn: the status for 2010-Q4 has been given since"


# An RFC 2047 encoded word that a mail library decodes to a line break and a header of its own.
ENCODED_BREAK = "=?utf-8?q?=0D=0ABcc:_evil@example.org?="
REFUSED = "must not hold an encoded word (=?...?=): mail programs decode it"


def _poison(
    engine: Engine, template_id: int, key: str, name: str | None = None, **values: str
) -> int:
    """A copy of queued mail `template_id`, written straight into the outbox with SQL, due first
    (to the same address, under `name` if given)."""
    columns = "kind, initiative_id, recipient_id, recipient, address, subject, body_text, body_html"
    with engine.begin() as conn:
        row = conn.execute(
            text(f"SELECT {columns}, decided_for FROM outbox WHERE id = :id"), {"id": template_id}
        ).one()
        data: dict[str, Any] = {**row._asdict(), **values, "key": key, "message_id": f"<{key}@x>"}
        if name is not None:
            data["recipient"] = f"{name} <{data['address']}>"
        data["created_at"] = data["next_attempt_at"] = at(REMINDER_DAY, 5)
        return int(
            conn.execute(
                text(
                    f"INSERT INTO outbox (key, message_id, {columns}, decided_for, created_at, "
                    "state, attempts, next_attempt_at) VALUES (:key, :message_id, "
                    ":kind, :initiative_id, :recipient_id, :recipient, :address, :subject, "
                    ":body_text, :body_html, :decided_for, :created_at, 'queued', 0, "
                    ":next_attempt_at) RETURNING id"
                ),
                data,
            ).scalar_one()
        )


def test_a_mail_that_cannot_be_composed_fails_alone_and_the_rest_go(
    engine: Engine, queued: list[int], mail_server: MailServer, run: Invoke
) -> None:
    first = next(iter(list_outbox(engine))).id
    bad_name = _poison(engine, first, "poison/name", name=f"Eve {ENCODED_BREAK}")
    bad_subject = _poison(engine, first, "poison/subject", subject=f"Udbud {ENCODED_BREAK}")
    bad_key = _poison(engine, first, "status_reminder/not-a-quarter", address="ulla@kommune.dk")
    huge_key = _poison(engine, first, "status_reminder/2010-Q4/99999999999999999999/2")
    bad_address = _poison(engine, first, "poison/address", address="ulla@x.dk\r\nX-Evil: 1")
    clock = FixedClock(at(REMINDER_DAY, 6))
    # The poisoned mail is due first; it fails for good at once and the queue goes on.
    assert _send(engine, mail_server, clock) == (5, 0, 3)
    assert len(mail_server.received) == 5
    assert all(r.message["X-Evil"] is None for r in mail_server.received)
    assert all(r.message["Bcc"] is None for r in mail_server.received)
    states = {r.id: (r.state, r.last_error) for r in list_outbox(engine)}
    assert states[bad_name][0] == states[bad_subject][0] == "failed"
    assert states[bad_key] == states[huge_key] == ("sent", None)
    assert states[bad_name][1] == (
        "cannot compose the mail: ValueError: the To header would hold a line break or an "
        "encoded word"
    )
    assert "the Subject header would hold a line break" in (states[bad_subject][1] or "")
    assert states[bad_address][1] == (
        "cannot compose the mail: InvalidValueError: invalid address: 'ulla@x.dk\\r\\nX-Evil: 1' "
        "is not an email address"
    )
    # The next run has nothing more to send and does not stop at them.
    clock.advance(hours=1)
    assert _send(engine, mail_server, clock) == (0, 0, 0)
    listed = run("outbox", "list", "--failed")
    assert (listed.exit_code, listed.stdout.count(" failed ")) == (0, 3)
    assert "cannot compose the mail" in listed.stdout
    assert listed.stdout.splitlines()[-1] == (
        "3 failed: once the fault is mended, send again with tiltag outbox retry ID... (or --all)"
    )


def test_a_mail_stuck_in_sending_by_a_crash_is_failed_when_retaken(
    engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    first = next(iter(list_outbox(engine))).id
    stuck = _poison(engine, first, "poison/stuck", name=f"Eve {ENCODED_BREAK}")
    # A sender of an earlier version crashed on it and left it claimed.
    clock = FixedClock(at(REMINDER_DAY, 6))
    assert claim(engine, stuck, clock.now(), "crashed") is not None
    assert _send(engine, mail_server, clock) == (3, 0, 0)
    clock.advance(seconds=STALE_CLAIM.total_seconds() + 1)
    assert _send(engine, mail_server, clock) == (0, 0, 1)
    assert {r.state for r in list_outbox(engine)} == {"sent", "failed"}


@pytest.mark.parametrize(
    "args,problem",
    [
        (
            ["people", "add", "eve", "--name", f"Eve {ENCODED_BREAK}", "--email", "eve@x.dk"],
            f"Error: invalid name: {REFUSED}\n",
        ),
        (
            ["people", "add", "eve", "--name", "Eve", "--email", "=?utf-8?q?=0A?=@x.dk"],
            "Error: invalid email: '=?utf-8?q?=0A?=@x.dk' is not an email address\n",
        ),
        (
            ["propose", f"Udbud {ENCODED_BREAK}", "--category", "indkoeb"],
            f"Error: invalid title: {REFUSED}\n",
        ),
    ],
)
def test_text_that_decodes_to_a_header_of_its_own_is_refused_at_input(
    run: Invoke, people: dict[str, object], args: list[str], problem: str
) -> None:
    result = run(*args, actor="admin")
    assert (result.exit_code, result.stderr) == (1, problem)
    # Not even one that decodes to plain text: a mail program's reading of it may differ
    # (UTF-16 without a byte order mark, say), and no name needs one.
    plain = run("people", "add", "eve", "--name", "=?utf-16?b?AA0ACg==?=", "--email",
                "eve@x.dk", actor="admin")  # fmt: skip
    assert (plain.exit_code, plain.stderr) == (1, f"Error: invalid name: {REFUSED}\n")
    assert run("people", "add", "eve", "--name", "Eva = ? Møller", "--email", "eve@x.dk",
               actor="admin").exit_code == 0  # fmt: skip


def test_a_milestone_title_that_decodes_to_a_header_of_its_own_is_refused(desk: Desk) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "implementation_plan")
    plan = {**PLAN, "milestones": [{**PLAN["milestones"][0], "title": f"Klar {ENCODED_BREAK}"}]}
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "plan", plan)
    assert str(caught.value).startswith(f"invalid plan: plan.milestones.0.title {REFUSED}")


def test_the_database_check_reports_values_stored_before_the_rules(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    clean = run("db", "check")
    assert (clean.exit_code, clean.stdout) == (0, "No problems found.\n")
    id_ = desk.propose()
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE person SET name = :name WHERE handle = 'ulla'"),
            {"name": f"Ulla {ENCODED_BREAK}"},
        )
        conn.execute(
            text("UPDATE initiative SET title = :title WHERE id = :id"),
            {"title": "Udbud\r\nBcc: x@y.dk", "id": id_},
        )
    found = run("db", "check")
    assert found.exit_code == 1
    assert found.stdout.splitlines() == [
        f"person ulla: name: {REFUSED} (fix: tiltag people edit ulla --name ...)",
        f"initiative {id_}: title: must be one line without control characters "
        f"(fix: tiltag edit {id_} title=...)",
        "2 problems found.",
    ]


def test_mail_failed_for_good_is_told_to_the_admins_and_the_task_force_once_a_day(
    desk: Desk, engine: Engine, queued: list[int], mail_server: MailServer
) -> None:
    def decide(day: date) -> int:
        clock = FixedClock(at(day, 6))
        return run_day(engine, desk.registry, SCHEDULE, TEMPLATES, day, clock).enqueued

    def notices() -> list[tuple[date, str, str]]:
        with engine.connect() as conn:
            rows = conn.execute(
                select(OUTBOX.c.decided_for, OUTBOX.c.recipient, OUTBOX.c.body_text)
                .where(OUTBOX.c.kind == "mail_failures")
                .order_by(OUTBOX.c.id)
            ).all()
        return [tuple(r) for r in rows]

    first, second = [r.id for r in list_outbox(engine)][:2]
    with engine.begin() as conn:
        for mail_id, who in ((first, "nemo"), (second, "nobody")):
            conn.execute(
                update(OUTBOX).where(OUTBOX.c.id == mail_id).values(address=f"{who}@example.dk")
            )
    mail_server.handler.unknown.update({"nemo@example.dk", "nobody@example.dk"})
    # Two mails fail for good on Wednesday; Thursday's run tells each admin and task force
    # member once, in one mail listing both.
    assert _send(engine, mail_server, FixedClock(at(REMINDER_DAY, 7))) == (1, 0, 2)
    thursday = REMINDER_DAY + timedelta(days=1)
    assert decide(thursday) == 2
    assert decide(thursday) == 0
    told = notices()
    assert [(day, to) for day, to, _ in told] == [
        (thursday, "Admin <admin@kommune.example.dk>"),
        (thursday, "Hanne Ravn <hanne@kommune.example.dk>"),
    ]
    body = told[0][2]
    assert f"- {first} status_reminder til Ulla Krogh <ulla@kommune.example.dk>" in body
    assert "Fejl: {'nemo@example.dk': (550, b'5.1.1 no such user')}" in body
    assert f"tiltag outbox retry {first} {second}" in body
    # Nothing new has failed by Friday: no notice.
    assert decide(thursday + timedelta(days=1)) == 0
    assert len(notices()) == 2
    # The notices go like any mail.
    assert _send(engine, mail_server, FixedClock(at(thursday, 7))) == (2, 0, 0)
    assert {r.subject for r in mail_server.received[-2:]} == {"Mail der ikke kunne sendes: 2"}


def test_a_long_danish_subject_arrives_as_it_was_written(
    desk: Desk, engine: Engine, mail_server: MailServer
) -> None:
    title = "Digital refusion af sygedagpenge og barselsdagpenge på tværs af centrene"
    desk.clock.set(at(date(2010, 9, 1), 9))
    desk.in_execution(desk.propose(title=title))
    clock = FixedClock(at(REMINDER_DAY, 6))
    run_day(engine, desk.registry, SCHEDULE, TEMPLATES, REMINDER_DAY, clock)
    assert _send(engine, mail_server, clock) == (1, 0, 0)
    [mail] = mail_server.received
    assert mail.subject == f"Husk status: {title} (4. kvartal 2010)"


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abcæøåÆØÅ xyz,.-", min_size=1, max_size=30), min_size=1, max_size=12
    ),
    name=st.text(alphabet='Åse Møller,"()', min_size=1, max_size=40),
)
def test_any_subject_and_name_survive_the_trip_through_a_mail_server(
    words: list[str], name: str
) -> None:
    from email import message_from_bytes, policy
    from email.generator import BytesGenerator
    from io import BytesIO

    from workflow.schedule.outbox import OutboxRow, mailbox
    from workflow.schedule.sender import compose

    subject = " ".join(" ".join(words).split())[:300]
    name = " ".join(name.split()) or "X"
    row = OutboxRow(
        id=1, key="k", kind="status_reminder", initiative_id=1,
        recipient=mailbox(name, "ulla@kommune.dk"), address="ulla@kommune.dk",
        subject=subject, body_text="Kære Ulla", body_html="<p>Kære Ulla</p>",
        message_id="<k@x>", decided_for=REMINDER_DAY, state="sending", attempts=0,
        next_attempt_at=at(REMINDER_DAY, 6), first_failed_at=None, last_error=None, sent_at=None,
    )  # fmt: skip
    message = compose(row, SENDER, at(REMINDER_DAY, 6))
    out = BytesIO()  # as smtplib writes it
    BytesGenerator(out, policy=message.policy.clone(linesep="\r\n")).flatten(message)
    raw = out.getvalue()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in head.split(b"\r\n")) <= 998
    parsed = message_from_bytes(raw, policy=policy.default)
    assert str(parsed["Subject"]) == subject
    assert parsed["To"].addresses[0].display_name == name
    assert parsed["To"].addresses[0].addr_spec == "ulla@kommune.dk"


def test_a_mail_whose_row_cannot_be_read_fails_alone(
    engine: Engine, queued: list[int], mail_server: MailServer, run: Invoke
) -> None:
    first = next(iter(list_outbox(engine))).id
    unreadable = _poison(engine, first, "poison/date")
    if engine.dialect.name == "sqlite":  # a typed column on PostgreSQL takes no such value
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE outbox SET decided_for = '17.11.2010' WHERE id = :id"),
                {"id": unreadable},
            )
    clock = FixedClock(at(REMINDER_DAY, 6))
    sent = 3 if engine.dialect.name == "sqlite" else 4
    assert _send(engine, mail_server, clock) == (sent, 0, 4 - sent)
    assert len(mail_server.received) == sent
    listed = run("outbox", "list", "--failed")
    assert listed.exit_code == 0
    if engine.dialect.name == "sqlite":
        assert "cannot read the mail: ValueError" in listed.stdout


def test_mail_whose_moment_passed_while_it_waited_is_withdrawn(
    engine: Engine, queued: list[int], mail_server: MailServer, run: Invoke
) -> None:
    mail_server.stop()
    clock = FixedClock(at(REMINDER_DAY, 6))
    assert _send(engine, mail_server, clock) == (0, 3, 0)
    # The mail server is back only after the deadline of 1 December.
    mail_server.start()
    clock.set(at(date(2010, 12, 2), 9))
    report = send_outbox(
        engine, SmtpSettings.from_env(mail_server.env), schedule=SCHEDULE, clock=clock
    )
    assert str(report) == "sent 0, to retry 0, failed 0, withdrawn 3"
    assert mail_server.received == []
    reasons = {r.last_error for r in list_outbox(engine)}
    assert reasons == {"its moment has passed: its deadline 2010-12-01 has passed"}


def test_a_failed_mail_retried_goes_to_the_mended_address(
    desk: Desk, engine: Engine, queued: list[int], mail_server: MailServer, run: Invoke
) -> None:
    from workflow.core.people import change_person

    mail_server.handler.unknown.add("ulla@kommune.example.dk")
    clock = FixedClock(at(REMINDER_DAY, 6))
    assert _send(engine, mail_server, clock) == (0, 0, 3)
    change_person(
        engine, handle="ulla", actor=desk.people["admin"], email="ulla.krogh@kommune.example.dk"
    )
    assert run("--now", clock.now().isoformat(), "outbox", "retry", "--all").exit_code == 0
    assert _send(engine, mail_server, clock) == (3, 0, 0)
    assert {tuple(r.recipients) for r in mail_server.received} == {
        ("ulla.krogh@kommune.example.dk",)
    }
    assert {str(r.message["To"]) for r in mail_server.received} == {
        "Ulla Krogh <ulla.krogh@kommune.example.dk>"
    }
