"""What waits for a forum's decision: the initiatives at a gate whose forums' turn it is, by the
gate rule, streamed by id (`tiltag waiting`, a forum's agenda, the quarterly report)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from sqlalchemy import Connection, Engine, or_

from workflow.base.errors import InvalidValueError
from workflow.base.vocabulary import FORUMS
from workflow.core.facts import DatabaseFacts, decision_kind_column
from workflow.core.gate_rule import standing
from workflow.core.initiatives import Initiative, as_record, records_query
from workflow.core.requirements import kind_lowered_words
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.record_tables import RECORD
from workflow.storage.statements import RULE_COLUMNS

__all__ = ["Waiting", "awaiting", "waiting_for"]


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
    at_gates = [(d, g.state) for d in registry.all() for g in d.gates if forum in g.forums()]
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
        position = standing(definition, gate, row, facts)
        if position.turn_of(forum):
            lowered = kind_lowered_words(position, facts) if forum in position.kept else None
            note = str(lowered) if lowered is not None else None
            yield Waiting(as_record(found), row["state"], note)
