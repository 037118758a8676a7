"""Which initiatives stand still on a given day, and why, found by queries the database answers.

An initiative that has not ended is stalled when

- it has been in its state longer than that state's `stall_after_days`;
- it has been in a state that asks a quarterly status through the last `quarters` whole quarters
  and has given none since they began;
- a milestone of its plan is overdue (due before the day, neither done nor re-planned);
- a tolerance of its plan is exceeded: a milestone more days late than `time_days`, more spent (as
  the latest status says) than the business case's investment allows with `cost_dkk` or
  `cost_percent`, or a budget year that has ended with realised gains (the follow-up's, or the
  latest a status reported) more than `gains_percent` below the expected net gains;
- its owner has been deactivated: nobody is reminded of its status or milestones until an admin
  gives it a new owner.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, func, literal, not_, or_, select

from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import local_date, start_of
from workflow.base.formats import money
from workflow.base.vocabulary import Label
from workflow.definitions.registry import Registry
from workflow.schedule.tolerances import cost_exceeded, latest_spent, time_exceeded
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.gain_queries import (
    case_investment,
    expected_net,
    join_records,
    realised,
    tolerance,
)
from workflow.storage.record_tables import GAIN, MILESTONE
from workflow.storage.schedule_tables import STATUS
from workflow.storage.state_queries import final_states, status_states
from workflow.storage.statements import RULE_COLUMNS

__all__ = ["Stalled", "find_stalled"]


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
    # The initiative's columns the rules look at (`storage.statements.RULE_COLUMNS`), to judge
    # its moves.
    initiative: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _open_overdue(day: date) -> Any:
    return and_(
        MILESTONE.c.initiative_id == INITIATIVE.c.id,
        MILESTONE.c.done_on.is_(None),
        MILESTONE.c.replanned.is_(None),
        MILESTONE.c.due < day,
    )


def _gains_short(day: date) -> Any:
    """The first ended budget year whose known realised gain falls short of the expected net gain
    by more than the plan's `gains_percent`; None if there is none."""
    expected = GAIN.alias("expected")
    known = realised(expected.c.initiative_id, expected.c.year)
    net = expected.c.amount
    return (
        select(func.min(expected.c.year))
        .where(
            expected.c.initiative_id == INITIATIVE.c.id,
            expected.c.kind == "expected",
            expected.c.year < day.year,
            known.is_not(None),
            known * 100 < net * (100 - tolerance("gains_percent")),
        )
        .scalar_subquery()
    )


def find_stalled(
    conn: Connection,
    registry: Registry,
    day: date,
    quarters: int,
    where: Sequence[ColumnElement[bool]] = (),
    limit: int | None = None,
) -> Iterator[Stalled]:
    """The initiatives stalled on `day` (of those meeting `where`; the first `limit` of them),
    by id, streamed."""
    too_long = []
    for d in registry.all():
        for s in d.states:
            if s.stall_after_days and not s.final:
                since = start_of(date.fromordinal(day.toordinal() - s.stall_after_days))
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
        INITIATIVE.c.entered_state_at < start_of(first.first_day),
        ~exists().where(
            STATUS.c.initiative_id == INITIATIVE.c.id,
            STATUS.c.year * 4 + STATUS.c.quarter >= first.year * 4 + first.number,
        ),
    )
    overdue = select(func.count()).where(_open_overdue(day)).scalar_subquery()
    oldest_due = select(func.min(MILESTONE.c.due)).where(_open_overdue(day)).scalar_subquery()
    spent = latest_spent()
    investment = case_investment()
    cost_dkk, cost_percent = tolerance("cost_dkk"), tolerance("cost_percent")
    over_budget = cost_exceeded(spent, investment, cost_dkk, cost_percent)
    gains_short = _gains_short(day)
    query = (
        select(
            *(INITIATIVE.c[name] for name in RULE_COLUMNS),
            INITIATIVE.c.entered_state_at,
            PERSON.c.handle,
            PERSON.c.name.label("owner_name"),
            PERSON.c.deactivated_at.label("owner_deactivated_at"),
            no_status.label("silent"),
            overdue.label("overdue"),
            oldest_due.label("oldest_due"),
            tolerance("time_days").label("time_days"),
            spent.label("spent"),
            investment.label("investment"),
            cost_dkk.label("cost_dkk"),
            cost_percent.label("cost_percent"),
            func.coalesce(over_budget, literal(False)).label("over_budget"),
            gains_short.label("gains_short"),
        )
        .select_from(
            join_records(INITIATIVE, INITIATIVE.c.id).outerjoin(
                PERSON, PERSON.c.id == INITIATIVE.c.owner_id
            )
        )
        .where(
            *where,
            not_(final_states(registry)),
            or_(
                *too_long,
                no_status,
                overdue > 0,
                over_budget,
                gains_short.is_not(None),
                PERSON.c.deactivated_at.is_not(None),
            ),
        )
        .order_by(INITIATIVE.c.id)
    )
    batch = min(limit or 1000, 1000)
    query = query.limit(limit).execution_options(stream_results=True, yield_per=batch)
    for found in conn.execute(query):
        yield _stalled(conn, found._asdict(), registry, day, quarters, first)


def _stalled(
    conn: Connection,
    values: dict[str, Any],
    registry: Registry,
    day: date,
    quarters: int,
    first: Quarter,
) -> Stalled:
    row = SimpleNamespace(**values)  # attributes of a plain object cost less than a Row's
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
    if row.overdue:
        late = (day - row.oldest_due).days
        many = row.overdue > 1
        reasons.append(
            Label(
                f"{row.overdue} milepæl{'e' if many else ''} over tid"
                + (f", den ældste med {late} dage" if many else f" med {late} dage"),
                f"{row.overdue} milestone{'s' if many else ''} overdue"
                + (f", the oldest by {late} days" if many else f" by {late} days"),
            )
        )
        if time_exceeded(late, row.time_days):
            reasons.append(
                Label(
                    f"tidstolerancen er overskredet: {late} dage mod {row.time_days}",
                    f"time tolerance exceeded: {late} days against {row.time_days}",
                )
            )
    if row.over_budget:
        allowed = _allowance(row)
        reasons.append(
            Label(
                f"økonomitolerancen er overskredet: forbrugt {money(row.spent)} af "
                f"{money(row.investment)} ({allowed.da})",
                f"cost tolerance exceeded: spent {money(row.spent)} of {money(row.investment)} "
                f"({allowed.en})",
            )
        )
    if row.gains_short is not None:
        expected, realised = _gains_of(conn, row.id, row.gains_short)
        reasons.append(
            Label(
                f"gevinsttolerancen er overskredet for {row.gains_short}: realiseret "
                f"{money(realised)} mod forventet netto {money(expected)}",
                f"gains tolerance exceeded for {row.gains_short}: realised {money(realised)} "
                f"against expected net {money(expected)}",
            )
        )
    if row.owner_deactivated_at is not None:
        since = local_date(row.owner_deactivated_at).isoformat()
        reasons.append(
            Label(
                f"projektejeren er deaktiveret (siden {since}) og får ingen påmindelser",
                f"the owner is deactivated (since {since}) and is not reminded",
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
        initiative={name: values[name] for name in RULE_COLUMNS},
    )


def _allowance(row: Any) -> Label:
    """The cost tolerances that were given, in words."""
    parts = []
    if row.cost_dkk is not None:
        parts.append(f"+{money(row.cost_dkk)}")
    if row.cost_percent is not None:
        parts.append(f"+{row.cost_percent:g} %")
    shown = " / ".join(parts)
    return Label(f"tolerance {shown}", f"tolerance {shown}")


def _gains_of(conn: Connection, initiative_id: int, year: int) -> tuple[int, int]:
    """The expected net gain and the known realised gain of one initiative's year."""
    query = select(
        expected_net(INITIATIVE.c.id, year), realised(INITIATIVE.c.id, year)
    ).select_from(join_records(INITIATIVE, INITIATIVE.c.id))
    net, known = conn.execute(query.where(INITIATIVE.c.id == initiative_id)).one()
    return int(net or 0), int(known or 0)
