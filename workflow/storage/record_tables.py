"""The tables of what an initiative carries besides its row: records, their gains and
milestones, and forum decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlmodel import Field, SQLModel

import workflow.storage.core_tables  # noqa: F401  (the person and initiative tables the keys point to)

__all__ = [
    "BUDGET_ADJUSTMENT",
    "DECISION",
    "ECONOMICS",
    "GAIN",
    "MILESTONE",
    "RECORD",
    "BudgetAdjustmentTable",
    "DecisionTable",
    "EconomicsTable",
    "GainTable",
    "MilestoneTable",
    "RecordTable",
]


class RecordTable(SQLModel, table=True):
    """One record an initiative carries (business case, organisation, plan, follow-up, trial) as
    a validated document; its amounts and milestones are rows of their own tables."""

    __tablename__ = "record"

    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), primary_key=True, nullable=False)
    )
    kind: str = Field(sa_column=Column(String(20), primary_key=True, nullable=False))
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime
    updated_by: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))


class GainTable(SQLModel, table=True):
    """Gains in kroner of one budget year, whole DKK: expected (the business case's, net of its
    running costs), realised (the follow-up), or reported (the latest a quarterly status gave as
    realised so far)."""

    __tablename__ = "gain"

    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), primary_key=True, nullable=False)
    )
    # expected | realised | reported
    kind: str = Field(sa_column=Column(String(10), primary_key=True, nullable=False))
    year: int = Field(sa_column=Column(Integer, primary_key=True, nullable=False))
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    # Of an expected amount, what is taken back centrally (the rest is kept in the area);
    # None for realised and reported gains.
    central: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class EconomicsTable(SQLModel, table=True):
    """What a business case adds up to, as the reports and reminders need it in the database."""

    __tablename__ = "economics"

    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), primary_key=True, nullable=False)
    )
    investment: int = Field(sa_column=Column(BigInteger, nullable=False))  # every year's, DKK
    # The last budget year any gain (kroner, time or quality) is expected in; None if none.
    last_gain_year: int | None = None


class BudgetAdjustmentTable(SQLModel, table=True):
    """The finance team's confirmation of a budget adjustment: an initiative's kroner taken back
    centrally in one budget year, as its area's budget is adjusted, on an account. Each
    confirmation or correction is a row of its own; the latest of an initiative's year holds."""

    __tablename__ = "budget_adjustment"
    __table_args__ = (
        Index("ix_budget_adjustment_initiative_id", "initiative_id", "budget_year"),
        Index("ix_budget_adjustment_quarter", "quarter_year", "quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=False)
    )
    budget_year: int
    area: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    account: str = Field(sa_column=Column(String(40), nullable=False))
    # The adjustment confirmed, DKK, and the expected kroner it was confirmed against.
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    expected: int = Field(sa_column=Column(BigInteger, nullable=False))
    # Why the amount differs from the expected one; None where it does not.
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The budget quarter it was confirmed in (Danish time).
    quarter_year: int
    quarter: int
    confirmed_by: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    confirmed_at: datetime


class MilestoneTable(SQLModel, table=True):
    """A milestone of an implementation plan."""

    __tablename__ = "milestone"
    __table_args__ = (
        Index("ix_milestone_initiative_id", "initiative_id", "position"),
        Index("ix_milestone_due", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=False)
    )
    position: int
    phase: str = Field(sa_column=Column(String(200), nullable=False))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    due: date
    owner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id"), nullable=True)
    )
    done_on: date | None = None
    # Why an open milestone was explicitly re-planned (moved out of this plan); None if not.
    replanned: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class DecisionTable(SQLModel, table=True):
    """A forum's decision on an initiative at a gate: go, reject, hold or recycle."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_initiative_id", "initiative_id", "gate"),)

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(
        sa_column=Column(Integer, ForeignKey("initiative.id"), nullable=False)
    )
    gate: str = Field(sa_column=Column(String(64), nullable=False))
    forum: str = Field(sa_column=Column(String(40), nullable=False))
    # go | reject | hold | recycle
    outcome: str = Field(sa_column=Column(String(10), nullable=False))
    meeting_date: date
    reference: str = Field(sa_column=Column(String(200), nullable=False))
    justification: str = Field(sa_column=Column(Text, nullable=False))
    # For a recycle: what must be redone.
    redo: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    decided_by: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    recorded_at: datetime
    # Through what it was recorded (web, cli, api) and the detail, as a history event has them.
    channel: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    channel_detail: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    # The initiative version this decision produced; only decisions made since the initiative
    # last entered its state count.
    version: int


RECORD: Table = RecordTable.__table__  # type: ignore[attr-defined]
GAIN: Table = GainTable.__table__  # type: ignore[attr-defined]
ECONOMICS: Table = EconomicsTable.__table__  # type: ignore[attr-defined]
BUDGET_ADJUSTMENT: Table = BudgetAdjustmentTable.__table__  # type: ignore[attr-defined]
MILESTONE: Table = MilestoneTable.__table__  # type: ignore[attr-defined]
DECISION: Table = DecisionTable.__table__  # type: ignore[attr-defined]
