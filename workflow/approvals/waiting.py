"""What waits for a forum's decision: the initiatives at a gate whose forums' turn it is, by the
gate rule, streamed by id (`tiltag waiting`, a forum's agenda, the quarterly report)."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, or_

from workflow.base.errors import InvalidValueError
from workflow.base.vocabulary import FORUMS
from workflow.core.facts import DatabaseFacts, decision_kind_column
from workflow.core.gate_rule import Standing, standing
from workflow.core.initiatives import Initiative, as_record, records_query
from workflow.core.requirements import kind_lowered_words
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.record_tables import RECORD
from workflow.storage.statements import RULE_COLUMNS

__all__ = ["Waiting", "awaiting", "awaiting_each", "waiting_for"]


class Waiting(NamedTuple):
    """An initiative waiting for a forum's decision at a gate; `note` says when the forum is asked
    only because the kind of decision was lowered after it decided."""

    initiative: Initiative
    gate: str
    note: str | None = None


def waiting_for(
    engine: Engine,
    registry: Registry,
    forum: str,
    *,
    after: int = 0,
    limit: int | None = None,
) -> list[Waiting]:
    """Initiatives at a gate where `forum`'s go is needed and not yet given, with the gate; by
    id, from the first after `after`, at most `limit` of them (a forum's agenda in pages).

    Raises:
        InvalidValueError: unknown forum.
    """
    with engine.connect() as conn:
        found = awaiting(conn, registry, forum, after, batch=min(limit or 1000, 1000))
        return list(islice(found, limit))


def awaiting(
    conn: Connection, registry: Registry, forum: str, after: int = 0, batch: int = 1000
) -> Iterator[Waiting]:
    """`waiting_for` on the caller's connection, streamed by id from the first after `after`,
    read from the database `batch` rows at a time.

    Raises:
        InvalidValueError: unknown forum.
    """
    if forum not in FORUMS:
        raise InvalidValueError("forum", f"unknown forum '{forum}'; forums: {', '.join(FORUMS)}")
    for found, position, facts in _at_gates(conn, registry, (forum,), after, batch):
        if position.turn_of(forum):
            lowered = kind_lowered_words(position, facts) if forum in position.kept else None
            note = str(lowered) if lowered is not None else None
            yield Waiting(as_record(found), found.state, note)


def awaiting_each(
    conn: Connection, registry: Registry, batch: int = 1000
) -> Iterator[tuple[str, Initiative]]:
    """What waits for each forum, forum by forum in the order they decide, each by id: the
    initiatives `awaiting` gives for each in turn (with their gate as their state), for all of
    them at once.

    Each initiative at a gate is judged once, not once per forum: those of the first forum are
    given as they are judged, the ids of the others kept (8 bytes each) and their rows read again
    when their forum's turn comes.
    """
    first, *others = FORUMS
    later: dict[str, array[int]] = {forum: array("q") for forum in others}
    for found, position, _ in _at_gates(conn, registry, tuple(FORUMS), 0, batch):
        if position.turn_of(first):
            yield first, as_record(found)
        for forum in others:
            if position.turn_of(forum):
                later[forum].append(found.id)
    for forum, ids in later.items():
        for start in range(0, len(ids), _IDS_AT_ONCE):
            chosen = records_query().where(
                INITIATIVE.c.id.in_(list(ids[start : start + _IDS_AT_ONCE]))
            )
            for found in conn.execute(chosen.order_by(INITIATIVE.c.id)):
                yield forum, as_record(found)


# Initiatives read again by id, so many in one statement.
_IDS_AT_ONCE = 500


def _at_gates(
    conn: Connection, registry: Registry, forums: tuple[str, ...], after: int, batch: int
) -> Iterator[tuple[Any, Standing, DatabaseFacts]]:
    """The initiatives (as rows of `records_query`) at a gate where any of `forums` decides,
    by id from the first after `after`, each with where the gate's forums stand on it."""
    at_gates = [
        (d, g.state)
        for d in registry.all()
        for g in d.gates
        if any(forum in g.forums() for forum in forums)
    ]
    if not at_gates:
        return
    where = or_(
        *(
            (INITIATIVE.c.workflow == d.name)
            & (INITIATIVE.c.workflow_version == d.version)
            & (INITIATIVE.c.state == state)
            for d, state in at_gates
        )
    )
    # The business case's kind of decision read with the row: the gate rule asks it of each.
    query = (
        records_query()
        .outerjoin(
            RECORD,
            (RECORD.c.initiative_id == INITIATIVE.c.id) & (RECORD.c.kind == "business_case"),
        )
        .add_columns(decision_kind_column().label("decision_kind"))
        .where(where, INITIATIVE.c.id > after)
        .order_by(INITIATIVE.c.id)
    )
    for found in conn.execute(query.execution_options(stream_results=True, yield_per=batch)):
        row = {name: getattr(found, name) for name in RULE_COLUMNS}
        definition = registry.get(row["workflow"], row["workflow_version"])
        gate = definition.gate(row["state"])
        assert gate is not None
        facts = DatabaseFacts(conn, row, decision_kind=found.decision_kind)
        yield found, standing(definition, gate, row, facts), facts
