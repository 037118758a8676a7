"""When a plan's time or cost tolerance is exceeded (the one rule the stalled cases and the mail
to the people a plan names share), and the excesses of a day, each with those people's handles.

- *time*: a milestone more days late than the plan's `time_days` (late: open, neither done nor
  re-planned, and due before the day);
- *cost*: more spent, as the latest status that said so says, than the business case's
  investment plus `cost_dkk`, or plus `cost_percent` of it (where both are given, the stricter
  one); without a business case there is nothing to exceed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, not_, or_, select

from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.gain_queries import CASE, PLAN, case_investment, tolerance
from workflow.storage.record_tables import MILESTONE
from workflow.storage.schedule_tables import STATUS
from workflow.storage.state_queries import final_states

__all__ = [
    "CostExcess",
    "TimeExcess",
    "cost_exceeded",
    "cost_excesses",
    "latest_spent",
    "time_exceeded",
    "time_excesses",
]


def time_exceeded(late_days: int, time_days: int | None) -> bool:
    """Whether a milestone `late_days` late exceeds the time tolerance (none given: never)."""
    return time_days is not None and late_days > time_days


def latest_spent() -> ColumnElement[Any]:
    """What the latest status that said so says the initiative (`INITIATIVE`) has cost."""
    return (
        select(STATUS.c.spent)
        .where(STATUS.c.initiative_id == INITIATIVE.c.id, STATUS.c.spent.is_not(None))
        .order_by(STATUS.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def cost_exceeded(
    spent: ColumnElement[Any],
    investment: ColumnElement[Any],
    cost_dkk: ColumnElement[Any],
    cost_percent: ColumnElement[Any],
) -> ColumnElement[bool]:
    """Whether `spent` exceeds the cost tolerance; needs `CASE` and `PLAN` joined.

    None (not exceeded) where nothing is spent or no tolerance is given."""
    # Held against the business case's investment: without a case there is nothing to exceed.
    return and_(
        CASE.c.initiative_id.is_not(None),
        or_(spent > investment + cost_dkk, spent * 100 > investment * (100 + cost_percent)),
    )


@dataclass(frozen=True)
class TimeExcess:
    """An open milestone more days late than its plan's time tolerance."""

    initiative_id: int
    title: str
    notify: tuple[str, ...]
    position: int
    milestone_title: str
    due: date
    late_days: int
    time_days: int


@dataclass(frozen=True)
class CostExcess:
    """More spent than the business case's investment and the plan's cost tolerance allow."""

    initiative_id: int
    title: str
    notify: tuple[str, ...]
    spent: int
    investment: int
    cost_dkk: int | None
    cost_percent: float | None

    @property
    def over(self) -> int:
        """How much more than the investment was spent."""
        return self.spent - self.investment

    @property
    def allowance(self) -> tuple[float, str]:
        """The tolerance that is exceeded, in kroner, and which it is (`dkk` or `percent`): of
        two given, the stricter."""
        given = []
        if self.cost_dkk is not None:
            given.append((float(self.cost_dkk), "dkk"))
        if self.cost_percent is not None:
            given.append((self.investment * self.cost_percent / 100, "percent"))
        return min(given)


def time_excesses(conn: Connection, registry: Registry, day: date) -> Iterator[TimeExcess]:
    """The milestones of initiatives that have not ended more days late on `day` than their
    plan's `time_days`, by initiative and milestone."""
    query = (
        select(
            INITIATIVE.c.id,
            INITIATIVE.c.title,
            _notify(),
            MILESTONE.c.position,
            MILESTONE.c.title.label("milestone_title"),
            MILESTONE.c.due,
            tolerance("time_days").label("time_days"),
        )
        .select_from(_join_plan().join(MILESTONE, MILESTONE.c.initiative_id == INITIATIVE.c.id))
        .where(
            not_(final_states(registry)),
            MILESTONE.c.done_on.is_(None),
            MILESTONE.c.replanned.is_(None),
            MILESTONE.c.due < day,
            tolerance("time_days").is_not(None),
        )
        .order_by(INITIATIVE.c.id, MILESTONE.c.position)
    )
    for row in conn.execute(query):
        late = (day - row.due).days
        if time_exceeded(late, row.time_days):
            yield TimeExcess(
                row.id,
                row.title,
                _handles(row.notify),
                row.position,
                row.milestone_title,
                row.due,
                late,
                row.time_days,
            )


def cost_excesses(conn: Connection, registry: Registry) -> Iterator[CostExcess]:
    """The initiatives that have not ended and have spent beyond their cost tolerance, by id."""
    spent, investment = latest_spent(), case_investment()
    cost_dkk, cost_percent = tolerance("cost_dkk"), tolerance("cost_percent")
    query = (
        select(
            INITIATIVE.c.id,
            INITIATIVE.c.title,
            _notify(),
            spent.label("spent"),
            investment.label("investment"),
            cost_dkk.label("cost_dkk"),
            cost_percent.label("cost_percent"),
        )
        .select_from(
            _join_plan().join(
                CASE, and_(CASE.c.initiative_id == INITIATIVE.c.id, CASE.c.kind == "business_case")
            )
        )
        .where(
            not_(final_states(registry)),
            cost_exceeded(spent, investment, cost_dkk, cost_percent),
        )
        .order_by(INITIATIVE.c.id)
    )
    for row in conn.execute(query):
        yield CostExcess(
            row.id,
            row.title,
            _handles(row.notify),
            int(row.spent),
            int(row.investment),
            None if row.cost_dkk is None else int(row.cost_dkk),
            None if row.cost_percent is None else float(row.cost_percent),
        )


def _join_plan() -> Any:
    """Initiatives with their plan (those without one have no tolerance to exceed)."""
    return INITIATIVE.join(
        PLAN, and_(PLAN.c.initiative_id == INITIATIVE.c.id, PLAN.c.kind == "plan")
    )


def _notify() -> ColumnElement[Any]:
    """The handles the joined plan names to tell (a JSON list)."""
    return PLAN.c.data[("tolerances", "notify")].label("notify")


def _handles(value: Any) -> tuple[str, ...]:
    """The handles of a plan's `notify`, each once, in the plan's order."""
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(h for h in value if isinstance(h, str) and h))
