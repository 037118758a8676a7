"""The outbox: mail a day's run queued waits here until sent, each row once under its unique key.

Deciding and sending are separate. `enqueue` inserts a mail unless its key (what it is about:
initiative, kind, period, recipient) is taken, so a day run twice, or by two processes at
once, enqueues each mail once. A sender `claim`s a mail, just before sending it, by moving it
from queued to sending under its own name in one conditional UPDATE: of two senders only one can
win it, and only the one holding it may then mark it sent or failed. What happens around sending
is in `workflow.schedule.sender`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    String,
    bindparam,
    func,
    null,
    or_,
    select,
    update,
)

from workflow.base.clock import local_date
from workflow.base.errors import WorkflowError
from workflow.storage.schedule_tables import OUTBOX
from workflow.storage.statements import (
    Statement,
    existing,
    insert_if_new,
    insert_many_if_new,
    transaction,
)

__all__ = [
    "FORGOTTEN",
    "SECRET_KINDS",
    "STATES",
    "Mail",
    "OutboxRow",
    "UnreadableMail",
    "claim",
    "due_mail",
    "enqueue",
    "enqueue_many",
    "fail_unreadable",
    "forget_secret",
    "in_outbox",
    "list_outbox",
    "mailbox",
    "mark_failed_attempt",
    "mark_sent",
    "message_id",
    "retry",
    "withdraw",
]

# withdrawn: what the mail asked for was done before it could be sent (see `mailer`).
STATES = ("queued", "sending", "sent", "failed", "withdrawn")
# A mail claimed this long ago and neither sent nor failed was claimed by a sender that stopped.
STALE_CLAIM = timedelta(minutes=15)


@dataclass(frozen=True)
class Mail:
    """A mail as decided: who gets it, about what, and its rendered text and HTML."""

    key: str
    kind: str
    initiative_id: int | None
    recipient_id: int
    recipient: str  # "Name <address>", as shown and in the To header
    address: str  # the one address it is sent to
    subject: str
    body_text: str
    body_html: str


@dataclass(frozen=True)
class OutboxRow:
    """A mail in the outbox with where it stands."""

    id: int
    key: str
    kind: str
    initiative_id: int | None
    recipient: str
    address: str
    subject: str
    body_text: str
    body_html: str
    message_id: str
    decided_for: date
    state: str
    attempts: int
    next_attempt_at: datetime
    first_failed_at: datetime | None
    last_error: str | None
    sent_at: datetime | None


def mailbox(name: str, address: str) -> str:
    """`Name <address>`, the name quoted where a mail header needs it (`"Holm, Jens" <...>`)."""
    if any(c in name for c in '()<>[]:;@\\,."'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def message_id(key: str, sender: str) -> str:
    """A Message-ID that stays the same for the same mail, however often it is tried."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def enqueue(
    conn: Connection,
    mail: Mail,
    *,
    sender: str,
    day: date,
    now: datetime,
    not_before: datetime | None = None,
) -> bool:
    """Put `mail` in the outbox unless its key is taken; return whether it was new.

    It is sent from `not_before` on (default: now).
    """
    return insert_if_new(conn, OUTBOX, _values(mail, sender, day, now, not_before))


def enqueue_many(
    conn: Connection,
    mails: Sequence[Mail],
    *,
    sender: str,
    day: date,
    now: datetime,
    not_before: datetime | None = None,
) -> int:
    """Put each of `mails` in the outbox unless its key is taken; return how many were new.

    One batched insert (`storage.statements.insert_many_if_new`); as `enqueue` otherwise.
    """
    return insert_many_if_new(
        conn, OUTBOX, [_values(mail, sender, day, now, not_before) for mail in mails]
    )


def _values(
    mail: Mail, sender: str, day: date, now: datetime, not_before: datetime | None
) -> dict[str, Any]:
    return {
        "key": mail.key,
        "kind": mail.kind,
        "initiative_id": mail.initiative_id,
        "recipient_id": mail.recipient_id,
        "recipient": mail.recipient,
        "address": mail.address,
        "subject": mail.subject,
        "body_text": mail.body_text,
        "body_html": mail.body_html,
        "message_id": message_id(mail.key, sender),
        "decided_for": day,
        "created_at": now,
        "state": "queued",
        "attempts": 0,
        "next_attempt_at": max(now, not_before or now),
    }


def in_outbox(conn: Connection, keys: Sequence[str]) -> set[str]:
    """Which of `keys` are in the outbox already (one query through the unique key's index)."""
    return existing(conn, OUTBOX.c.key, keys)


def due_mail(engine: Engine, now: datetime, limit: int) -> list[int]:
    """Ids of mail a sender may claim now: queued and due, or claimed by a sender that stopped."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(OUTBOX.c.id)
                .where(_claimable(now))
                .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
                .limit(limit)
            ).scalars()
        )


def _claimable(now: datetime) -> Any:
    return or_(
        (OUTBOX.c.state == "queued") & (OUTBOX.c.next_attempt_at <= now),
        (OUTBOX.c.state == "sending") & (OUTBOX.c.claimed_at < now - STALE_CLAIM),
    )


class UnreadableMail(Exception):
    """A claimed mail whose row holds a value its column type cannot read back."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def claim(engine: Engine, mail_id: int, now: datetime, sender: str) -> OutboxRow | None:
    """Take mail `mail_id` for `sender` (a name unique to one sending run); None if another
    sender holds it or it is no longer due.

    Raises:
        UnreadableMail: the row was claimed but cannot be read (written by hand, say); it stays
            claimed by `sender`, who fails it (`fail_unreadable`).
    """
    with engine.begin() as conn:
        won = conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == mail_id, _claimable(now))
            .values(state="sending", claimed_at=now, claimed_by=sender)
        ).rowcount
    if won != 1:
        return None
    try:
        with engine.connect() as conn:
            return _row(conn.execute(select(OUTBOX).where(OUTBOX.c.id == mail_id)).one())
    except (ValueError, TypeError, OverflowError, KeyError) as exc:
        raise UnreadableMail(f"{type(exc).__name__}: {exc}") from None


def fail_unreadable(engine: Engine, mail_id: int, now: datetime, error: str, sender: str) -> bool:
    """Give up a claimed mail that cannot be read, with the reason; False if `sender` no longer
    held it. A date or time in it that cannot be read is set to now's (the error keeps what it
    was), so the mail can be listed, told of and retried like any other."""
    with engine.connect() as conn:
        mended: dict[str, Any] = {
            column.name: (local_date(now) if isinstance(_type(column), Date) else now)
            for column in OUTBOX.c
            if isinstance(_type(column), Date | DateTime) and not _readable(conn, column, mail_id)
        }
    mended.update(first_failed_at=now, sent_at=None)
    return mark_failed_attempt(engine, mail_id, now, error, sender, retry_at=None, **mended)


def _type(column: Any) -> Any:
    """A column's SQL type, under the decorator (sqlmodel's UTC time) if it has one."""
    return getattr(column.type, "impl_instance", column.type)


def _readable(conn: Connection, column: Any, mail_id: int) -> bool:
    try:
        conn.execute(select(column).where(OUTBOX.c.id == mail_id)).scalar()
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _held(mail_id: int, sender: str) -> Any:
    """The mail, while `sender` still holds it: a sender whose claim went stale and was taken
    over must not overwrite what the other one recorded."""
    return (
        (OUTBOX.c.id == mail_id) & (OUTBOX.c.state == "sending") & (OUTBOX.c.claimed_by == sender)
    )


# Marking a mail sent is the one write between the mail server's acceptance and the outbox
# knowing it: a statement compiled once, on the driver's connection, keeps that window short.
_MARK_SENT = Statement(
    lambda: (
        update(OUTBOX)
        .where(
            OUTBOX.c.id == bindparam("id_", type_=Integer),
            OUTBOX.c.state == bindparam("sending", type_=String),
            OUTBOX.c.claimed_by == bindparam("sender", type_=String),
        )
        .values(
            state=bindparam("sent", type_=String),
            sent_at=bindparam("now", type_=OUTBOX.c.sent_at.type),
            claimed_at=null(),
            claimed_by=null(),
            last_error=null(),
        )
    )
)


def mark_sent(engine: Engine, mail_id: int, now: datetime, sender: str) -> bool:
    """Record the mail sent; False if `sender` no longer held it."""
    with transaction(engine) as link:
        changed = _MARK_SENT.run(
            link, id_=mail_id, sending="sending", sender=sender, sent="sent", now=now
        )
    return changed == 1


# Kinds of mail that carry a secret (a one-time sign-in link): their text is kept only until
# the mail is sent, withdrawn or given up.
SECRET_KINDS = frozenset({"sign_in"})
FORGOTTEN = "(The text held a one-time sign-in link; it is not kept once the mail is sent.)"


def forget_secret(engine: Engine, mail_id: int) -> None:
    """Blank the text of a mail that carried a secret, once it no longer needs to be sent."""
    with engine.begin() as conn:
        conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == mail_id, OUTBOX.c.kind.in_(SECRET_KINDS))
            .values(body_text=FORGOTTEN, body_html=FORGOTTEN)
        )


def withdraw(engine: Engine, mail_id: int, now: datetime, reason: str, sender: str) -> bool:
    """Keep the mail unsent, with the reason: what it asked for is done. False if `sender` no
    longer held it."""
    with engine.begin() as conn:
        changed: int = conn.execute(
            update(OUTBOX)
            .where(_held(mail_id, sender))
            .values(
                state="withdrawn", claimed_at=None, claimed_by=None, sent_at=None, last_error=reason
            )
        ).rowcount
    return changed == 1


def mark_failed_attempt(
    engine: Engine,
    mail_id: int,
    now: datetime,
    error: str,
    sender: str,
    *,
    retry_at: datetime | None,
    **mended: Any,
) -> bool:
    """Count a failed attempt: queue the mail again at `retry_at`, or, if None, give it up;
    `mended` columns take the values given. False if `sender` no longer held it."""
    values = {
        "state": "failed" if retry_at is None else "queued",
        "attempts": OUTBOX.c.attempts + 1,
        "next_attempt_at": retry_at or now,
        "first_failed_at": func.coalesce(OUTBOX.c.first_failed_at, now),
        "claimed_at": None,
        "claimed_by": None,
        "last_error": error[:2000],
    }
    with engine.begin() as conn:
        changed: int = conn.execute(
            update(OUTBOX).where(_held(mail_id, sender)).values({**values, **mended})
        ).rowcount
    return changed == 1


def list_outbox(engine: Engine, states: Sequence[str] = ()) -> Iterator[OutboxRow]:
    """The outbox, oldest first, optionally only mail in `states`."""
    unknown = [s for s in states if s not in STATES]
    if unknown:
        raise WorkflowError(f"unknown mail state {', '.join(unknown)}; states: {', '.join(STATES)}")
    query = select(OUTBOX).order_by(OUTBOX.c.id)
    if states:
        query = query.where(OUTBOX.c.state.in_(states))
    with engine.connect() as conn:
        for row in conn.execute(query.execution_options(stream_results=True, yield_per=500)):
            yield _row(row)


def retry(engine: Engine, now: datetime, ids: Sequence[int] = ()) -> int:
    """Queue failed mail again (the given ids, or all failed mail) from now; return how many.

    Each goes to its recipient's name and address as they are now: a mail that failed on an
    address or a name that has since been mended is sent to the mended one.

    Raises:
        WorkflowError: a given id is not a failed mail.
    """
    from workflow.storage.core_tables import PERSON

    with engine.begin() as conn:
        where = OUTBOX.c.state == "failed"
        if ids:
            found = set(
                conn.execute(select(OUTBOX.c.id).where(where, OUTBOX.c.id.in_(ids))).scalars()
            )
            missing = sorted(set(ids) - found)
            if missing:
                raise WorkflowError(
                    f"no failed mail with id {', '.join(map(str, missing))}; "
                    "see tiltag outbox list --failed"
                )
            where = where & OUTBOX.c.id.in_(ids)
        people = conn.execute(
            select(OUTBOX.c.id, PERSON.c.name, PERSON.c.email)
            .join(PERSON, PERSON.c.id == OUTBOX.c.recipient_id)
            .where(where)
        ).all()
        for mail_id, name, email in people:
            conn.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == mail_id)
                .values(recipient=mailbox(name, email), address=email)
            )
        changed: int = conn.execute(
            update(OUTBOX)
            .where(where)
            .values(
                state="queued",
                attempts=0,
                next_attempt_at=now,
                first_failed_at=None,
                last_error=None,
            )
        ).rowcount
    return changed


def _row(row: Any) -> OutboxRow:
    return OutboxRow(
        id=row.id,
        key=row.key,
        kind=row.kind,
        initiative_id=row.initiative_id,
        recipient=row.recipient,
        address=row.address,
        subject=row.subject,
        body_text=row.body_text,
        body_html=row.body_html,
        message_id=row.message_id,
        decided_for=row.decided_for,
        state=row.state,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        first_failed_at=row.first_failed_at,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )
