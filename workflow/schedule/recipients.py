"""Who a mail goes to: an active person (never one an admin deactivated), with the language they
read their mail in: their own, else the schedule's (the one rule every mail follows)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from workflow.base.vocabulary import LANGUAGES
from workflow.schedule.outbox import mailbox
from workflow.storage.core_tables import PERSON, PERSON_ROLE
from workflow.storage.schedule_tables import OUTBOX

__all__ = [
    "Recipient",
    "active",
    "deactivated_recipient",
    "mail_language",
    "recipient",
    "recipient_columns",
    "with_roles",
]


def mail_language(own: str | None, schedule_language: str) -> str:
    """The language of a person's mail: the one they (or an admin) chose, else the schedule's
    (also for a value no form writes, put straight into the database)."""
    return own if own in LANGUAGES else schedule_language


@dataclass(frozen=True)
class Recipient:
    """A person a mail goes to, and the language it is written in."""

    id: int
    handle: str
    name: str
    email: str
    language: str

    @property
    def mailbox(self) -> str:
        return mailbox(self.name, self.email)


def recipient_columns(person: Any) -> tuple[Any, ...]:
    """The columns a recipient is read from (`person`: the person table or an alias of it)."""
    return (
        person.c.id.label("person_id"),
        person.c.handle,
        person.c.name,
        person.c.email,
        person.c.language.label("person_language"),
    )


def active(person: Any) -> ColumnElement[bool]:
    """Whether `person` (the table or an alias) may be mailed: not deactivated."""
    return person.c.deactivated_at.is_(None)  # type: ignore[no-any-return]


def recipient(row: Any, schedule_language: str) -> Recipient:
    """The recipient of a row read with `recipient_columns`."""
    return Recipient(
        row.person_id,
        row.handle,
        row.name,
        row.email,
        mail_language(row.person_language, schedule_language),
    )


def with_roles(conn: Connection, roles: Collection[str], schedule_language: str) -> list[Recipient]:
    """The active people who hold any of `roles`, by id."""
    rows = conn.execute(
        select(*recipient_columns(PERSON))
        .where(
            active(PERSON),
            PERSON.c.id.in_(select(PERSON_ROLE.c.person_id).where(PERSON_ROLE.c.role.in_(roles))),
        )
        .order_by(PERSON.c.id)
    )
    return [recipient(row, schedule_language) for row in rows]


def deactivated_recipient(conn: Connection, mail_id: int) -> str | None:
    """Why mail `mail_id` in the outbox may not be sent to its recipient any more (an admin has
    deactivated them since it was queued), or None if it may."""
    since = conn.execute(
        select(PERSON.c.deactivated_at)
        .join(OUTBOX, OUTBOX.c.recipient_id == PERSON.c.id)
        .where(OUTBOX.c.id == mail_id)
    ).scalar()
    return None if since is None else "its recipient has been deactivated"
