"""What the requirements of a move may look up in the database, fetched only when asked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Integer, Select, String, bindparam, func, or_, select

from workflow.approval_models import DECISION
from workflow.dossier import read_record
from workflow.models import EVENT
from workflow.people import roles_of
from workflow.records import RecordModel
from workflow.requirements import Decided
from workflow.store import Link, Query

__all__ = ["DatabaseFacts", "latest_decisions"]


class DatabaseFacts:
    """The `Facts` of one initiative, read on the caller's connection and kept for one move."""

    def __init__(self, conn: Link, row: Mapping[str, Any]) -> None:
        self._conn = conn
        self._row = row
        self._roles: dict[int, frozenset[str]] = {}
        self._records: dict[str, RecordModel | None] = {}
        self._decisions: dict[str, Decided] | None = None

    def roles_of(self, person_id: int) -> frozenset[str]:
        if person_id not in self._roles:
            self._roles[person_id] = roles_of(self._conn, person_id)
        return self._roles[person_id]

    def record(self, kind: str) -> RecordModel | None:
        if kind not in self._records:
            self._records[kind] = read_record(self._conn, self._row["id"], kind)
        return self._records[kind]

    def decisions(self) -> dict[str, Decided]:
        if self._decisions is None:
            self._decisions = latest_decisions(self._conn, self._row)
        return self._decisions


def _decisions_since_entry() -> Select[Any]:
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
        select(DECISION.c.forum, DECISION.c.outcome, DECISION.c.redo, DECISION.c.decided_by)
        .where(
            DECISION.c.initiative_id == bindparam("id_", type_=Integer),
            DECISION.c.gate == bindparam("gate", type_=String),
            DECISION.c.version > entered,
        )
        .order_by(DECISION.c.id)
    )


_DECISIONS_SINCE = Query(_decisions_since_entry)


def latest_decisions(conn: Link, row: Mapping[str, Any]) -> dict[str, Decided]:
    """Each forum's latest decision at the initiative's state since it last entered that state.

    A recycle sends the case back to be redone: every go given before it lapses, and each forum
    says go again on the redone case.
    """
    rows = _DECISIONS_SINCE.all(
        conn, id_=row["id"], gate=row["state"], created="created", transition="transition"
    )
    latest: dict[str, Decided] = {}
    for forum, outcome, redo, by in rows:
        if outcome == "recycle":
            latest = {f: d for f, d in latest.items() if d.outcome != "go"}
        latest[forum] = Decided(forum, outcome, redo, by)
    return latest
