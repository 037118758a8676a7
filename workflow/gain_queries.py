"""An initiative's gains as SQL the database computes: its expected net gain and its known
realised gain for a budget year, and the figures of its business case and plan they need.

Expected net gain: the business case's expected gain of the year less its yearly running cost
(the net gains of `finance.economics`). Realised gain: the follow-up's for the year, else the
latest a quarterly status reported (the `reported` gain rows); None if neither says.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, cast, func, select
from sqlalchemy.sql.expression import FromClause

from workflow.approval_models import GAIN, RECORD

__all__ = [
    "CASE",
    "PLAN",
    "case_amount",
    "expected_net",
    "join_records",
    "realised",
    "tolerance",
]

# The business case and the plan of the initiative a query is about, joined beside it.
CASE = RECORD.alias("business_case")
PLAN = RECORD.alias("plan")


def join_records(base: FromClause, initiative_id: ColumnElement[Any]) -> FromClause:
    """`base` with the initiative's business case and plan joined (each may be missing)."""
    return base.outerjoin(
        CASE, and_(CASE.c.initiative_id == initiative_id, CASE.c.kind == "business_case")
    ).outerjoin(PLAN, and_(PLAN.c.initiative_id == initiative_id, PLAN.c.kind == "plan"))


def case_amount(name: str) -> ColumnElement[Any]:
    """An amount of the joined business case (whole DKK; 0 where it has none)."""
    return func.coalesce(cast(CASE.c.data[name].as_string(), BigInteger), 0)


def tolerance(name: str) -> ColumnElement[Any]:
    """One of the joined plan's tolerances; None where it gives none."""
    value = PLAN.c.data[("tolerances", name)]
    if name.endswith("_percent"):
        percent: ColumnElement[Any] = value.as_float()
        return percent
    return cast(value.as_string(), BigInteger)


def expected_net(initiative_id: ColumnElement[Any], year: Any) -> ColumnElement[Any]:
    """The expected net gain of `year` (None where the business case expects nothing then).

    Needs the business case joined (`join_records`).
    """
    gain = (
        select(GAIN.c.amount)
        .where(
            GAIN.c.initiative_id == initiative_id,
            GAIN.c.kind == "expected",
            GAIN.c.year == year,
        )
        .scalar_subquery()
    )
    return gain - case_amount("running_cost")


def realised(initiative_id: ColumnElement[Any], year: Any) -> ColumnElement[Any]:
    """The known realised gain of `year`: the follow-up's, else the latest reported."""

    def of(kind: str) -> ColumnElement[Any]:
        return (
            select(GAIN.c.amount)
            .where(GAIN.c.initiative_id == initiative_id, GAIN.c.kind == kind, GAIN.c.year == year)
            .scalar_subquery()
        )

    return func.coalesce(of("realised"), of("reported"))
