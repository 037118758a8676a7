"""Read a filed record back from the database, as the document it was filed as."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text, bindparam, cast, select

from workflow.records.documents import RECORD_TYPES, RecordModel
from workflow.storage.record_tables import RECORD
from workflow.storage.statements import Link, Query

__all__ = ["read_record"]

# The document as JSON text, which pydantic parses and validates in one step.
_RECORD = Query(
    lambda: select(cast(RECORD.c.data, Text)).where(
        RECORD.c.initiative_id == bindparam("id_", type_=Integer),
        RECORD.c.kind == bindparam("kind", type_=String),
    )
)


def read_record(conn: Link, initiative_id: int, kind: str) -> RecordModel | None:
    """The record of `kind`, with its gains and milestones, or None if none is filed."""
    found = _RECORD.one(conn, id_=initiative_id, kind=kind)
    return None if found is None else RECORD_TYPES[kind].model_validate_json(found[0])
