"""An initiative's gains as SQL the database computes: its expected net gain and its known
realised gain for a budget year, and the figures of its business case and plan they need.

Expected net gain: the business case's gains in kroner of the year less its running costs (the
net gains of `finance.economics`), as filed in the `expected` gain rows with the part taken back
centrally beside it. Realised gain: the follow-up's for the year, else the
latest a quarterly status reported (the `reported` gain rows); None if neither says.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, cast, func, select, union_all
from sqlalchemy.sql.expression import FromClause

from workflow.storage.record_tables import ECONOMICS, GAIN, RECORD

__all__ = [
    "CASE",
    "PLAN",
    "case_investment",
    "expected_net",
    "expected_rows",
    "join_case",
    "join_records",
    "realised_rows",
    "realised",
    "tolerance",
]

# The business case and the plan of the initiative a query is about, joined beside it.
CASE = RECORD.alias("business_case")
PLAN = RECORD.alias("plan")


def join_case(base: FromClause, initiative_id: ColumnElement[Any]) -> FromClause:
    """`base` with the initiative's business case joined (it may be missing)."""
    return base.outerjoin(
        CASE, and_(CASE.c.initiative_id == initiative_id, CASE.c.kind == "business_case")
    )


def join_records(base: FromClause, initiative_id: ColumnElement[Any]) -> FromClause:
    """`base` with the initiative's business case and plan joined (each may be missing)."""
    return join_case(base, initiative_id).outerjoin(
        PLAN, and_(PLAN.c.initiative_id == initiative_id, PLAN.c.kind == "plan")
    )


def case_investment() -> ColumnElement[Any]:
    """Every year's investment of the joined business case (whole DKK; 0 where it has none)."""
    invested = select(ECONOMICS.c.investment).where(
        ECONOMICS.c.initiative_id == CASE.c.initiative_id
    )
    return func.coalesce(invested.scalar_subquery(), 0)


def tolerance(name: str) -> ColumnElement[Any]:
    """One of the joined plan's tolerances; None where it gives none."""
    value = PLAN.c.data[("tolerances", name)]
    if name.endswith("_percent"):
        percent: ColumnElement[Any] = value.as_float()
        return percent
    return cast(value.as_string(), BigInteger)


def expected_net(initiative_id: ColumnElement[Any], year: Any) -> ColumnElement[Any]:
    """The expected net gain of `year` (None where the business case expects nothing then)."""
    return (
        select(GAIN.c.amount)
        .where(
            GAIN.c.initiative_id == initiative_id,
            GAIN.c.kind == "expected",
            GAIN.c.year == year,
        )
        .scalar_subquery()
    )


def realised(initiative_id: ColumnElement[Any], year: Any) -> ColumnElement[Any]:
    """The known realised gain of `year`: the follow-up's, else the latest reported."""

    def of(kind: str) -> ColumnElement[Any]:
        return (
            select(GAIN.c.amount)
            .where(GAIN.c.initiative_id == initiative_id, GAIN.c.kind == kind, GAIN.c.year == year)
            .scalar_subquery()
        )

    return func.coalesce(of("realised"), of("reported"))


def expected_rows() -> Any:
    """Every expected net gain: (initiative_id, year, amount, central), one row per year of a
    case; `central` is the part taken back centrally."""
    return (
        select(GAIN.c.initiative_id, GAIN.c.year, GAIN.c.amount, GAIN.c.central)
        .where(GAIN.c.kind == "expected")
        .subquery("expected")
    )


def realised_rows() -> Any:
    """Every known realised gain: (initiative_id, year, amount), the follow-up's where it says,
    else the latest reported."""
    followed, reported = GAIN.alias("followed"), GAIN.alias("reported")
    superseded = (
        select(followed.c.year)
        .where(
            followed.c.initiative_id == reported.c.initiative_id,
            followed.c.kind == "realised",
            followed.c.year == reported.c.year,
        )
        .exists()
    )
    return union_all(
        select(GAIN.c.initiative_id, GAIN.c.year, GAIN.c.amount).where(GAIN.c.kind == "realised"),
        select(reported.c.initiative_id, reported.c.year, reported.c.amount).where(
            reported.c.kind == "reported", ~superseded
        ),
    ).subquery("realised")
