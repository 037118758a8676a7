"""The database tables: people and their roles, initiatives, and the append-only history.

The tables of records and forum decisions are in `workflow/approval_models.py`, imported only by
the code that uses them (a command that only shows an initiative never builds them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text
from sqlmodel import Field, SQLModel

__all__ = [
    "EVENT",
    "INITIATIVE",
    "PERSON",
    "PERSON_ROLE",
    "SETTING",
    "EventTable",
    "InitiativeTable",
    "PersonTable",
    "PersonRoleTable",
    "SettingTable",
]


class PersonTable(SQLModel, table=True):
    """Someone who proposes, owns, decides or watches; identified by a short handle."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    email: str = Field(sa_column=Column(String(320), nullable=False))
    created_at: datetime
    # da | en: the language of their pages and mails (None: Danish).
    language: str | None = Field(default=None, sa_column=Column(String(2), nullable=True))
    # When an admin deactivated them: they can no longer sign in; their history stays.
    deactivated_at: datetime | None = None


class PersonRoleTable(SQLModel, table=True):
    """One role held by one person."""

    __tablename__ = "person_role"

    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id"), primary_key=True, nullable=False)
    )
    role: str = Field(sa_column=Column(String(40), primary_key=True, nullable=False))


class InitiativeTable(SQLModel, table=True):
    """An initiative (tiltag): its facts, the definition it follows and where it stands."""

    __tablename__ = "initiative"
    __table_args__ = (
        Index("ix_initiative_state", "state"),
        Index("ix_initiative_owner_id", "owner_id"),
        Index("ix_initiative_proposer_id", "proposer_id"),
        Index("ix_initiative_category", "category"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(String(200), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    category: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    area: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    proposer_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    owner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id"), nullable=True)
    )
    workflow: str = Field(sa_column=Column(String(64), nullable=False))
    workflow_version: int
    state: str = Field(sa_column=Column(String(64), nullable=False))
    # The state before the current one: where a parked initiative resumes.
    previous_state: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    entered_state_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int = 1
    # The initiative this one grew out of (a trial that was scaled up), if any.
    origin_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=True)
    )


class EventTable(SQLModel, table=True):
    """One line of an initiative's history; rows are only ever inserted."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_initiative_id", "initiative_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=False)
    )
    at: datetime
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    # created | transition | edit | record | decision | milestone
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    trigger: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    from_state: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    to_state: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    field: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The version of the initiative this event produced: history and row agree on it.
    version: int
    # web | cli | import | scheduler, and its detail: how the person signed in on the web, the
    # operating-system user of the command line. None on events made before they were recorded.
    channel: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    channel_detail: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    # The owner (else the proposer) for whom the task force or an admin acted, when the actor
    # was neither of them.
    on_behalf_of_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id"), nullable=True)
    )


class SettingTable(SQLModel, table=True):
    """A fact about the database itself, as a name and a value (e.g. that it is made for
    simulation)."""

    __tablename__ = "setting"

    name: str = Field(sa_column=Column(String(64), primary_key=True))
    value: str = Field(sa_column=Column(String(200), nullable=False))


# The Core tables behind the models, for the statements on hot paths (no ORM identity map).
PERSON: Table = PersonTable.__table__  # type: ignore[attr-defined]
PERSON_ROLE: Table = PersonRoleTable.__table__  # type: ignore[attr-defined]
INITIATIVE: Table = InitiativeTable.__table__  # type: ignore[attr-defined]
EVENT: Table = EventTable.__table__  # type: ignore[attr-defined]
SETTING: Table = SettingTable.__table__  # type: ignore[attr-defined]
