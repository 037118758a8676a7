"""Which initiatives stand still on a given day, and why, found by queries the database answers.

An initiative is stalled when it has been in its state longer than that state's
`stall_after_days`, or when it has been in a state that asks a quarterly status through the last
`quarters` whole quarters and has given none since they began.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, and_, exists, false, or_, select

from workflow.calendar import Quarter, quarter_of
from workflow.clock import LOCAL_TIME, local_date
from workflow.models import INITIATIVE, PERSON
from workflow.registry import Registry
from workflow.schedule_models import STATUS
from workflow.vocabulary import Label

__all__ = ["Stalled", "find_stalled", "status_states"]


@dataclass(frozen=True)
class Stalled:
    """A stalled initiative with the reasons, in Danish and English."""

    id: int
    title: str
    workflow: str
    state: str
    owner_handle: str | None
    owner_name: str | None
    days_in_state: int
    reasons: list[Label] = field(default_factory=list)


def status_states(registry: Registry) -> Any:
    """A condition on INITIATIVE: its state asks a quarterly status (per definition version)."""
    clauses = [
        and_(
            INITIATIVE.c.workflow == d.name,
            INITIATIVE.c.workflow_version == d.version,
            INITIATIVE.c.state.in_([s.name for s in d.states if s.quarterly_status]),
        )
        for d in registry.all()
        if any(s.quarterly_status for s in d.states)
    ]
    return or_(*clauses) if clauses else false()


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` in Denmark, as an aware time."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TIME)


def find_stalled(
    conn: Connection, registry: Registry, day: date, quarters: int
) -> Iterator[Stalled]:
    """The initiatives stalled on `day`, by id, streamed."""
    too_long = []
    for d in registry.all():
        for s in d.states:
            if s.stall_after_days and not s.final:
                since = _start_of(date.fromordinal(day.toordinal() - s.stall_after_days))
                too_long.append(
                    and_(
                        INITIATIVE.c.workflow == d.name,
                        INITIATIVE.c.workflow_version == d.version,
                        INITIATIVE.c.state == s.name,
                        INITIATIVE.c.entered_state_at < since,
                    )
                )
    current = quarter_of(day)
    first = current
    for _ in range(quarters):
        first = first.previous()
    no_status = and_(
        status_states(registry),
        # In its state (which asks a status) since before those quarters began: it was asked.
        INITIATIVE.c.entered_state_at < _start_of(first.first_day),
        ~exists().where(
            STATUS.c.initiative_id == INITIATIVE.c.id,
            STATUS.c.year * 4 + STATUS.c.quarter >= first.year * 4 + first.number,
        ),
    )
    silent = no_status.label("silent")
    query = (
        select(INITIATIVE, PERSON.c.handle, PERSON.c.name.label("owner_name"), silent)
        .outerjoin(PERSON, PERSON.c.id == INITIATIVE.c.owner_id)
        .where(or_(*too_long, no_status))
        .order_by(INITIATIVE.c.id)
    )
    for row in conn.execute(query.execution_options(stream_results=True, yield_per=1000)):
        yield _stalled(row, registry, day, quarters, first)


def _stalled(row: Any, registry: Registry, day: date, quarters: int, first: Quarter) -> Stalled:
    definition = registry.get(row.workflow, row.workflow_version)
    state = definition.state(row.state)
    days = (day - local_date(row.entered_state_at)).days
    reasons = []
    if state.stall_after_days and days > state.stall_after_days:
        reasons.append(
            Label(
                f"{days} dage i {state.label.da} (grænse {state.stall_after_days})",
                f"{days} days at {state.label.en} (limit {state.stall_after_days})",
            )
        )
    if row.silent:
        reasons.append(
            Label(
                f"ingen status i {quarters} kvartaler (siden {first})",
                f"no status for {quarters} quarters (since {first})",
            )
        )
    return Stalled(
        id=row.id,
        title=row.title,
        workflow=row.workflow,
        state=row.state,
        owner_handle=row.handle,
        owner_name=row.owner_name,
        days_in_state=days,
        reasons=reasons,
    )
