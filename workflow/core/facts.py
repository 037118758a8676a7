"""What the requirements of a move may look up in the database, fetched only when asked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, ColumnElement, Integer, Select, String, bindparam, func, or_, select

from workflow.core.gate_rule import Decided, GateDecisions, KindChange
from workflow.core.people import roles_of
from workflow.records.documents import RecordModel
from workflow.records.reading import read_record
from workflow.storage.core_tables import EVENT, PERSON
from workflow.storage.record_tables import DECISION, RECORD
from workflow.storage.statements import Link, Query

__all__ = [
    "UNREAD",
    "DatabaseFacts",
    "Unread",
    "decision_kind_column",
    "gate_decisions",
    "kind_change",
    "latest_decisions",
]


class Unread:
    """What a fact is until it is read."""


UNREAD = Unread()


def decision_kind_column() -> ColumnElement[Any]:
    """The kind of decision of the business case of `RECORD` in a query, as text."""
    kind: ColumnElement[Any] = RECORD.c.data["decision_kind"].as_string()
    return kind


# The field's name is a parameter of its own: a compiled `Query` takes only named parameters.
_DECISION_KIND = Query(
    lambda: select(RECORD.c.data[bindparam("field", type_=JSON.JSONIndexType())].as_string()).where(
        RECORD.c.initiative_id == bindparam("id_", type_=Integer),
        RECORD.c.kind == bindparam("kind", type_=String),
    )
)


class DatabaseFacts:
    """The `Facts` of one initiative, read on the caller's connection and kept for one move."""

    def __init__(
        self, conn: Link, row: Mapping[str, Any], *, decision_kind: str | None | Unread = UNREAD
    ) -> None:
        """`decision_kind`: the business case's, where the caller read it with the row."""
        self._conn = conn
        self._row = row
        self._roles: dict[int, frozenset[str]] = {}
        self._records: dict[str, RecordModel | None] = {}
        self._decisions: GateDecisions | None = None
        self._kind = decision_kind

    def roles_of(self, person_id: int) -> frozenset[str]:
        if person_id not in self._roles:
            self._roles[person_id] = roles_of(self._conn, person_id)
        return self._roles[person_id]

    def record(self, kind: str) -> RecordModel | None:
        if kind not in self._records:
            self._records[kind] = read_record(self._conn, self._row["id"], kind)
        return self._records[kind]

    def decision_kind(self) -> str | None:
        # A plain read of one field: the gate rule needs no validated case (validated when filed).
        if isinstance(self._kind, Unread):
            case = self._records.get("business_case", UNREAD)
            if case is None or isinstance(case, RecordModel):
                self._kind = getattr(case, "decision_kind", None)
            else:
                found = _DECISION_KIND.one(
                    self._conn, id_=self._row["id"], kind="business_case", field="decision_kind"
                )
                self._kind = None if found is None else found[0]
        return self._kind

    def decisions(self) -> GateDecisions:
        if self._decisions is None:
            self._decisions = gate_decisions(self._conn, self._row)
        return self._decisions

    def kind_change(self) -> KindChange | None:
        return kind_change(self._conn, self._row["id"])


def _decisions_at_gate() -> Select[Any]:
    # The version the initiative had when it entered its current state: its latest move.
    entered = (
        select(func.max(EVENT.c.version))
        .where(
            EVENT.c.initiative_id == bindparam("id_", type_=Integer),
            or_(
                EVENT.c.kind == bindparam("created", type_=String),
                EVENT.c.kind == bindparam("transition", type_=String),
            ),
        )
        .scalar_subquery()
    )
    return (
        select(
            DECISION.c.forum,
            DECISION.c.outcome,
            DECISION.c.redo,
            DECISION.c.decided_by,
            (DECISION.c.version > entered).label("current"),
        )
        .where(
            DECISION.c.initiative_id == bindparam("id_", type_=Integer),
            DECISION.c.gate == bindparam("gate", type_=String),
        )
        .order_by(DECISION.c.id)
    )


_DECISIONS_AT_GATE = Query(_decisions_at_gate)


def gate_decisions(conn: Link, row: Mapping[str, Any]) -> GateDecisions:
    """The decisions at the initiative's state: each forum's latest since it last entered that
    state, and every forum that has ever decided there on it.

    A recycle sends the case back to be redone: every go given before it lapses, and each forum
    says go again on the redone case.
    """
    rows = _DECISIONS_AT_GATE.all(
        conn, id_=row["id"], gate=row["state"], created="created", transition="transition"
    )
    latest: dict[str, Decided] = {}
    deciders: set[str] = set()
    for forum, outcome, redo, by, current in rows:
        deciders.add(forum)
        if not current:
            continue
        if outcome == "recycle":
            latest = {f: d for f, d in latest.items() if d.outcome != "go"}
        latest[forum] = Decided(forum, outcome, redo, by)
    return GateDecisions(latest, frozenset(deciders))


def latest_decisions(conn: Link, row: Mapping[str, Any]) -> Mapping[str, Decided]:
    """Each forum's latest decision at the initiative's state since it last entered that state."""
    return gate_decisions(conn, row).latest


def kind_change(conn: Link, initiative_id: int) -> KindChange | None:
    """Who set the business case's kind of decision to what it is now, from its history; None
    if it was never changed after the case was first filed with it."""
    for before, after, at, by in _CASE_EVENTS.all(
        conn, id_=initiative_id, record="record", case="business_case"
    ):
        if before is None:
            return None  # the first filing: nothing was changed
        old, new = _kind(before), _kind(after)
        if old != new:
            return KindChange(before=old, after=new, by=by, at=at)
    return None


def _kind(document: str | None) -> str | None:
    kind = json.loads(document or "{}").get("decision_kind") if document else None
    return kind if isinstance(kind, str) else None


_CASE_EVENTS = Query(
    lambda: (
        select(EVENT.c.old_value, EVENT.c.new_value, EVENT.c.at, PERSON.c.handle)
        .join(PERSON, PERSON.c.id == EVENT.c.actor_id)
        .where(
            EVENT.c.initiative_id == bindparam("id_", type_=Integer),
            EVENT.c.kind == bindparam("record", type_=String),
            EVENT.c.field == bindparam("case", type_=String),
        )
        .order_by(EVENT.c.id.desc())
    )
)
