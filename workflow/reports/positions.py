"""Where each initiative stood at a moment, from its history: its state then and since when (the
current state where it has not moved since), and what happened to it within a period, in the
words of its definition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, select

from workflow.base.clock import local_date
from workflow.base.vocabulary import FORUMS, OUTCOMES, Label
from workflow.definitions.model import Definition
from workflow.reports.period import Period
from workflow.storage.core_tables import EVENT, INITIATIVE

__all__ = ["changes", "happened", "position_at"]

NEW = Label("foreslået", "proposed")

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


def changes(conn: Connection, period: Period) -> Iterator[tuple[int, list[Any]]]:
    """Per initiative (by id) what happened in `period`: proposed, moved, decided on; its
    events oldest first, streamed (`happened` says them)."""
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
        yield initiative_id, list(events)


def happened(events: list[Any], definition: Definition) -> Label:
    """The events of `changes` as people say them: the day, then the move and the states by
    the definition's labels, or the forum and its decision."""
    said = [_said(e, definition) for e in events]
    return Label("; ".join(s.da for s in said), "; ".join(s.en for s in said))


def _said(event: Any, definition: Definition) -> Label:
    on = local_date(event.at)
    if event.kind == "created":
        what = NEW
    elif event.kind == "transition":
        move = _move(definition, event.trigger, event.from_state)
        source, dest = _state(definition, event.from_state), _state(definition, event.to_state)
        what = Label(f"{move.da} ({source.da} → {dest.da})", f"{move.en} ({source.en} → {dest.en})")
    else:
        forum = FORUMS.get(event.field or "") or _same(event.field)
        outcome = OUTCOMES.get(event.new_value or "") or _same(event.new_value)
        what = Label(f"{forum.da}: {outcome.da}", f"{forum.en}: {outcome.en}")
    return Label(f"{on:%d.%m.%Y} {what.da}", f"{on.isoformat()} {what.en}")


def _move(definition: Definition, trigger: str | None, source: str | None) -> Label:
    """The label of the move `trigger` out of `source`; the trigger itself if the definition
    has no such move (an older version's)."""
    if source is not None and definition.has_state(source):
        for move in definition.outgoing(source):
            if move.trigger == trigger:
                return move.label
    return _same(trigger)


def _state(definition: Definition, name: str | None) -> Label:
    if name is not None and definition.has_state(name):
        return definition.state(name).label
    return _same(name)


def _same(code: str | None) -> Label:
    """A code the definition does not know, said as it is in both languages."""
    return Label(code or "-", code or "-")
