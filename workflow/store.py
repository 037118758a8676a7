"""The statements on the path of every move, compiled once per database and run on its cursor.

Building, caching and executing a Core statement costs SQLAlchemy tens of microseconds, and a move
runs three of them: more than the database work itself. Here the same Core statements are
compiled once per dialect and column set, and every value goes through its column type's own bind
or result processor, so what is stored and read back is exactly what SQLAlchemy would store and
read. The statements run in the caller's transaction, on the caller's connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Dialect,
    Integer,
    Select,
    Table,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.sql.elements import ClauseElement

from workflow.models import INITIATIVE

__all__ = [
    "RULE_COLUMNS",
    "Query",
    "insert_row",
    "select_initiative",
    "update_initiative",
]

_Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Prepared:
    """One compiled statement: its SQL text, its parameters in order and their processors."""

    sql: str
    names: tuple[str, ...]
    bind: tuple[_Processor, ...]
    positional: bool
    result: tuple[_Processor, ...] = ()
    columns: tuple[str, ...] = ()

    def parameters(self, values: Mapping[str, Any]) -> Any:
        converted = [
            values[name] if process is None else process(values[name])
            for name, process in zip(self.names, self.bind, strict=True)
        ]
        return converted if self.positional else dict(zip(self.names, converted, strict=True))

    def run(self, conn: Connection, values: Mapping[str, Any]) -> Any:
        cursor = _cursor(conn)
        cursor.execute(self.sql, self.parameters(values))
        return cursor


def _cursor(conn: Connection) -> Any:
    """One cursor per driver connection, kept with it: making a cursor per statement costs more."""
    info = conn.connection.info
    cursor = info.get("tiltag.cursor")
    if cursor is None:
        cursor = info["tiltag.cursor"] = conn.connection.cursor()
    return cursor


def _prepare(dialect: Dialect, statement: ClauseElement, types: Mapping[str, Any]) -> _Prepared:
    compiled: Any = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
    return _Prepared(
        sql=compiled.string,
        names=names,
        bind=tuple(types[name].dialect_impl(dialect).bind_processor(dialect) for name in names),
        positional=dialect.positional,
    )


class Query:
    """A SELECT built once, compiled once per database, run on the driver's cursor.

    The statement's bind parameters are named with `bindparam(name, type_=...)` and given as
    keywords to `all`/`one`; results come back as tuples, every value through its column type's
    result processor.
    """

    def __init__(self, build: Callable[[], Select[Any]]) -> None:
        self._build = build
        self._prepared: dict[Dialect, _Prepared] = {}

    def _for(self, dialect: Dialect) -> _Prepared:
        prepared = self._prepared.get(dialect)
        if prepared is None:
            statement = self._build()
            compiled: Any = statement.compile(dialect=dialect)
            types = {name: bind.type for name, bind in compiled.binds.items()}
            base = _prepare(dialect, statement, types)
            columns = list(statement.selected_columns)
            prepared = self._prepared[dialect] = _Prepared(
                sql=base.sql,
                names=base.names,
                bind=base.bind,
                positional=base.positional,
                result=tuple(
                    c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
                ),
                columns=tuple(str(c.key) for c in columns),
            )
        return prepared

    def all(self, conn: Connection, **values: Any) -> list[tuple[Any, ...]]:
        prepared = self._for(conn.dialect)
        rows = prepared.run(conn, values).fetchall()
        return [_processed(row, prepared.result) for row in rows]

    def one(self, conn: Connection, **values: Any) -> tuple[Any, ...] | None:
        prepared = self._for(conn.dialect)
        row = prepared.run(conn, values).fetchone()
        return None if row is None else _processed(row, prepared.result)


def _processed(row: Any, processors: tuple[_Processor, ...]) -> tuple[Any, ...]:
    return tuple(
        value if process is None else process(value)
        for value, process in zip(row, processors, strict=True)
    )


@lru_cache(maxsize=256)
def _update_initiative(dialect: Dialect, columns: tuple[str, ...]) -> _Prepared:
    statement = (
        update(INITIATIVE)
        .where(
            INITIATIVE.c.id == bindparam("id_"),
            INITIATIVE.c.version == bindparam("read_version"),
        )
        .values({name: bindparam(name) for name in columns})
    )
    types = {name: INITIATIVE.c[name].type for name in columns}
    types.update(id_=INITIATIVE.c.id.type, read_version=INITIATIVE.c.version.type)
    return _prepare(dialect, statement, types)


@lru_cache(maxsize=256)
def _insert(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> _Prepared:
    statement = insert(table).values({name: bindparam(name) for name in columns})
    return _prepare(dialect, statement, {name: table.c[name].type for name in columns})


# What the rules of a move look at: every column but the timestamps, which they never read.
RULE_COLUMNS = tuple(
    c.name for c in INITIATIVE.c if c.name not in ("entered_state_at", "created_at", "updated_at")
)
_INITIATIVE = Query(
    lambda: select(*(INITIATIVE.c[name] for name in RULE_COLUMNS)).where(
        INITIATIVE.c.id == bindparam("id_", type_=Integer)
    )
)


def select_initiative(conn: Connection, initiative_id: int) -> dict[str, Any] | None:
    """The RULE_COLUMNS of one initiative, or None if there is no such initiative."""
    row = _INITIATIVE.one(conn, id_=initiative_id)
    return None if row is None else dict(zip(RULE_COLUMNS, row, strict=True))


def update_initiative(
    conn: Connection, initiative_id: int, read_version: int, values: Mapping[str, Any]
) -> int:
    """Set `values` if the initiative is still at `read_version`; return rows changed (0 or 1)."""
    prepared = _update_initiative(conn.dialect, tuple(sorted(values)))
    cursor = prepared.run(conn, {**values, "id_": initiative_id, "read_version": read_version})
    changed: int = cursor.rowcount
    return changed


def insert_row(conn: Connection, table: Table, values: Mapping[str, Any]) -> None:
    """Insert one row whose id the caller does not need."""
    prepared = _insert(conn.dialect, table, tuple(sorted(values)))
    prepared.run(conn, values)
