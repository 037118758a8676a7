"""The quarter's budget adjustments for the finance system: one row per initiative, budget year,
area, account and amount posted in the quarter; beside it, what is still to confirm."""

from __future__ import annotations

from sqlalchemy import Connection

from workflow.approvals.adjustments import adjustments, postings
from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import Label
from workflow.definitions.registry import Registry
from workflow.reports.model import Column, Report, Section
from workflow.reports.period import quarter_period

__all__ = ["adjustments_report"]

POSTING_COLUMNS = (
    Column("initiative", Label("tiltag", "initiative"), "count", 10),
    Column("year", Label("budgetår", "budget year"), "count", 6),
    Column("area", Label("område", "area"), "text", 14),
    Column("account", Label("konto", "account"), "text", 12),
    Column("amount", Label("beløb", "amount"), "money", 14),
    Column("confirmed_on", Label("bekræftet", "confirmed"), "date", 12),
    Column("confirmed_by", Label("bekræftet af", "confirmed by"), "text", 20),
    Column("title", Label("titel", "title"), "text"),
    Column("note", Label("begrundelse", "note"), "long"),
)
OPEN_COLUMNS = (
    Column("initiative", Label("tiltag", "initiative"), "count", 10),
    Column("year", Label("budgetår", "budget year"), "count", 6),
    Column("area", Label("område", "area"), "text", 14),
    Column("expected", Label("forventet centralt", "expected centrally"), "money", 14),
    Column("adjusted", Label("tilpasset", "adjusted"), "money", 14),
    Column("account", Label("konto", "account"), "text", 12),
    Column("title", Label("titel", "title"), "text"),
)


def adjustments_report(
    conn: Connection, registry: Registry, clock: Clock, year: int | None, number: int | None
) -> Report:
    """The budget adjustments confirmed in quarter `number` of `year` (default: this quarter)
    as postings, and those to confirm now.

    Raises:
        UsageError: the quarter has not begun.
    """
    period = quarter_period(year, number, clock.now())
    assert period.quarter is not None
    quarter = period.quarter
    posted = (
        (
            p.initiative_id, p.year, p.area or "", p.account, p.amount,
            local_date(p.confirmed_at), p.confirmed_by, p.title, p.note or "",
        )
        for p in postings(conn, quarter)
    )  # fmt: skip
    waiting = (
        (a.initiative_id, a.year, a.area or "", a.expected, a.adjusted, a.account, a.title)
        for a in adjustments(conn, registry)
        if a.to_confirm
    )
    return Report(
        kind="adjustments",
        title=Label("Budgettilpasninger", "Budget adjustments"),
        period=period.label,
        as_of=period.as_of,
        through=period.through,
        generated_at=clock.now(),
        sections=(
            Section(
                "postings",
                Label("Bogført i kvartalet", "Posted in the quarter"),
                POSTING_COLUMNS,
                posted,
                note=Label(
                    "En rettelse bogfører forskellen; en ny konto eller et nyt område tager "
                    "beløbet af den gamle og sætter det på den nye.",
                    "A correction posts the difference; a new account or area takes the amount "
                    "off the old one and onto the new.",
                ),
            ),
            Section(
                "to_confirm",
                Label("Til bekræftelse", "To confirm"),
                OPEN_COLUMNS,
                waiting,
            ),
        ),
        main="postings",
    )
