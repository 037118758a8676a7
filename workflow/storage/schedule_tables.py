"""The tables of the scheduler: quarterly status updates, benefits follow-up answers, the outbox of
mail, the days decided."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlmodel import Field, SQLModel

import workflow.storage.core_tables  # noqa: F401  (the person and initiative tables the keys point to)

__all__ = [
    "BENEFITS",
    "DAY_RUN",
    "OUTBOX",
    "STATUS",
    "BenefitsTable",
    "DayRunTable",
    "OutboxTable",
    "StatusTable",
]


class StatusTable(SQLModel, table=True):
    """A project owner's quarterly status of an initiative: a traffic light and a text."""

    __tablename__ = "status_update"
    __table_args__ = (Index("ix_status_update_initiative_id", "initiative_id", "year", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=False)
    )
    # The budget quarter the status counts for: the one it was given in (Danish time).
    year: int
    quarter: int
    # green | amber | red
    light: str = Field(sa_column=Column(String(5), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    # Realised gains so far, budget year -> DKK; None if not given.
    realised_gains: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    # What the initiative has cost so far, DKK, against its business case's investment; None if
    # not given.
    spent: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    given_on: date
    given_at: datetime
    given_by: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))


class BenefitsTable(SQLModel, table=True):
    """A benefit owner's answer in benefits follow-up: the gains an initiative that has ended
    realised in a budget year so far, dated, for the budget quarter it counts for."""

    __tablename__ = "benefits_answer"
    __table_args__ = (
        Index("ix_benefits_answer_initiative_id", "initiative_id", "year", "quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=False)
    )
    # The budget quarter the answer counts for (the one it was given in, or late the one
    # before); its year is the budget year whose gains it gives.
    year: int
    quarter: int
    # The kroner realised in the year so far, DKK; None if the answer gives none.
    kroner: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # The realised figures of the business case's time and quality gains, by the gain's number
    # (1 for the first) -> figure; None if the answer gives none.
    figures: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    given_on: date
    given_at: datetime
    given_by: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))


class OutboxTable(SQLModel, table=True):
    """One mail decided on, waiting to be sent, sent, or failed for good.

    `key` names what the mail is about (initiative, kind, period, recipient): deciding twice, or
    in two processes at once, finds the key taken and enqueues nothing more.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(300), nullable=False, unique=True))
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    initiative_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=True)
    )
    recipient_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    # "Name <address>" as shown, and the bare address the mail is sent to.
    recipient: str = Field(sa_column=Column(String(600), nullable=False))
    address: str = Field(sa_column=Column(String(320), nullable=False))
    subject: str = Field(sa_column=Column(String(300), nullable=False))
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    body_html: str = Field(sa_column=Column(Text, nullable=False))
    message_id: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    # The day whose decision enqueued it (Danish date).
    decided_for: date
    created_at: datetime
    # queued | sending | sent | failed
    state: str = Field(sa_column=Column(String(10), nullable=False))
    attempts: int = 0
    next_attempt_at: datetime
    # Which sender holds the mail while it is `sending`, since when; only that sender may mark
    # it sent or failed.
    claimed_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    claimed_at: datetime | None = None
    # When the first attempt of the current series failed; the mail is given up some days after.
    first_failed_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sent_at: datetime | None = None


class DayRunTable(SQLModel, table=True):
    """A day whose decision has run: what the scheduler catches up from after a pause."""

    __tablename__ = "decision_run"

    day: date = Field(primary_key=True)
    finished_at: datetime
    enqueued: int


STATUS: Table = StatusTable.__table__  # type: ignore[attr-defined]
OUTBOX: Table = OutboxTable.__table__  # type: ignore[attr-defined]
DAY_RUN: Table = DayRunTable.__table__  # type: ignore[attr-defined]
BENEFITS: Table = BenefitsTable.__table__  # type: ignore[attr-defined]
