"""Where each initiative stood at a moment, from its history: its state then and since when (the
current state where it has not moved since), and what happened to it within a period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, select

from workflow.base.clock import local_date
from workflow.base.vocabulary import FORUMS, OUTCOMES
from workflow.reports.period import Period
from workflow.storage.core_tables import EVENT, INITIATIVE

__all__ = ["changes", "position_at"]

_MOVES = ("created", "transition")


def position_at(moment: datetime, now: datetime) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The initiative's state at `moment` and when it entered it, as SQL on INITIATIVE.

    Only an initiative that moved after `moment` needs its history: its last move before then.
    """
    if moment >= now:
        return INITIATIVE.c.state, INITIATIVE.c.entered_state_at
    moved = EVENT.alias("moved")
    last = (
        select(func.max(EVENT.c.id))
        .where(
            EVENT.c.initiative_id == INITIATIVE.c.id,
            EVENT.c.kind.in_(_MOVES),
            EVENT.c.at < moment,
        )
        # Two levels down from the query on INITIATIVE: correlate to it by name.
        .correlate(INITIATIVE)
        .scalar_subquery()
    )
    unchanged = INITIATIVE.c.entered_state_at < moment
    state = case(
        (unchanged, INITIATIVE.c.state),
        else_=select(moved.c.to_state).where(moved.c.id == last).scalar_subquery(),
    )
    entered = case(
        (unchanged, INITIATIVE.c.entered_state_at),
        else_=select(moved.c.at).where(moved.c.id == last).scalar_subquery(),
    )
    return state, entered


def changes(conn: Connection, period: Period) -> Iterator[tuple[int, str]]:
    """Per initiative (by id) what happened in `period`: proposed, moved, decided on; one text
    each, oldest first, streamed."""
    assert period.start is not None
    query = (
        select(
            EVENT.c.initiative_id,
            EVENT.c.kind,
            EVENT.c.trigger,
            EVENT.c.from_state,
            EVENT.c.to_state,
            EVENT.c.field,
            EVENT.c.new_value,
            EVENT.c.at,
        )
        .where(
            EVENT.c.kind.in_((*_MOVES, "decision")),
            EVENT.c.at >= period.start,
            period.up_to(EVENT.c.at),
        )
        .order_by(EVENT.c.initiative_id, EVENT.c.id)
    )
    rows = conn.execute(query.execution_options(stream_results=True, yield_per=1000))
    for initiative_id, events in groupby(rows, key=lambda r: r.initiative_id):
        yield initiative_id, "; ".join(_said(e) for e in events)


def _said(event: Any) -> str:
    day = f"{local_date(event.at):%d.%m.%Y}"
    if event.kind == "created":
        return f"{day} ny / new"
    if event.kind == "transition":
        return f"{day} {event.trigger}: {event.from_state} -> {event.to_state}"
    forum = FORUMS.get(event.field or "")
    outcome = OUTCOMES.get(event.new_value or "")
    return f"{day} {forum.da if forum else event.field}: {outcome or event.new_value}"
