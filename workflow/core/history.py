"""The append-only history of initiatives: write one event, read an initiative's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from workflow.base.errors import NotFoundError
from workflow.core.people import Person
from workflow.storage.core_tables import EVENT, INITIATIVE, PERSON
from workflow.storage.statements import Link, insert_row

__all__ = ["HistoryEvent", "append_event", "read_history"]


@dataclass(frozen=True)
class HistoryEvent:
    """One event as shown to people."""

    id: int
    at: datetime
    actor: str
    kind: str
    trigger: str | None
    from_state: str | None
    to_state: str | None
    field: str | None
    old_value: str | None
    new_value: str | None
    comment: str | None
    version: int
    actor_name: str = ""
    channel: str | None = None
    channel_detail: str | None = None
    # For whom the actor acted (handle and name), when they were not its proposer or owner.
    on_behalf_of: str | None = None
    on_behalf_of_name: str | None = None


def append_event(conn: Link, actor: Person, **values: Any) -> None:
    """Insert one event by `actor`, with the channel they act through, in the caller's
    transaction."""
    channel = actor.channel
    insert_row(
        conn,
        EVENT,
        {
            **values,
            "actor_id": actor.id,
            "channel": channel.kind if channel else None,
            "channel_detail": channel.detail if channel else None,
        },
    )


def read_history(engine: Engine, initiative_id: int) -> list[HistoryEvent]:
    """Every event of an initiative, oldest first.

    Raises:
        NotFoundError: no such initiative.
    """
    with engine.connect() as conn:
        exists = conn.execute(
            select(INITIATIVE.c.id).where(INITIATIVE.c.id == initiative_id)
        ).first()
        if exists is None:
            raise NotFoundError(initiative_id)
        behalf = PERSON.alias("behalf")
        rows = conn.execute(
            select(
                EVENT,
                PERSON.c.handle.label("actor"),
                PERSON.c.name.label("actor_name"),
                behalf.c.handle.label("behalf_handle"),
                behalf.c.name.label("behalf_name"),
            )
            .join(PERSON, PERSON.c.id == EVENT.c.actor_id)
            .outerjoin(behalf, behalf.c.id == EVENT.c.on_behalf_of_id)
            .where(EVENT.c.initiative_id == initiative_id)
            .order_by(EVENT.c.id)
        ).all()
    return [
        HistoryEvent(
            id=r.id,
            at=r.at,
            actor=r.actor,
            kind=r.kind,
            trigger=r.trigger,
            from_state=r.from_state,
            to_state=r.to_state,
            field=r.field,
            old_value=r.old_value,
            new_value=r.new_value,
            comment=r.comment,
            version=r.version,
            actor_name=r.actor_name,
            channel=r.channel,
            channel_detail=r.channel_detail,
            on_behalf_of=r.behalf_handle,
            on_behalf_of_name=r.behalf_name,
        )
        for r in rows
    ]
