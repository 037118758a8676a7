"""The statements on the path of every move, compiled once per database and run on its cursor.

Building, caching and executing a Core statement costs SQLAlchemy tens of microseconds, and a move
runs three of them: more than the database work itself. Here the same Core statements are
compiled once per dialect and column set, and every value goes through its column type's own bind
or result processor, so what is stored and read back is exactly what SQLAlchemy would store and
read. The statements run in the caller's transaction, on the caller's connection: a SQLAlchemy
`Connection`, or the pooled driver connection of `transaction` (a move's own transaction, which
skips the cost of a `Connection` and its `Transaction` objects).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Dialect,
    Engine,
    Integer,
    Select,
    Table,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ClauseElement

from workflow.storage.core_tables import INITIATIVE

__all__ = [
    "RULE_COLUMNS",
    "Link",
    "Query",
    "Statement",
    "existing",
    "insert_if_new",
    "insert_many_if_new",
    "insert_returning_id",
    "insert_row",
    "select_initiative",
    "transaction",
    "update_initiative",
]

_Processor = Callable[[Any], Any] | None


class Link(Protocol):
    """What the statements here run on: a SQLAlchemy `Connection` or a `transaction`'s link."""

    @property
    def dialect(self) -> Dialect: ...

    @property
    def connection(self) -> Any:
        """The pool's proxy of the driver connection: `.cursor()`, `.info`."""


@dataclass(frozen=True)
class _DriverLink:
    dialect: Dialect
    connection: Any


class transaction:  # lower case: it reads as the block it opens, `with transaction(engine)`
    """One transaction on a pooled driver connection: committed when the block ends, rolled back
    if it raises. A move costs about a tenth less than in `engine.begin()` (and a class is a
    little cheaper here than a generator-based context manager)."""

    __slots__ = ("_raw", "_dialect")

    def __init__(self, engine: Engine) -> None:
        self._dialect = engine.dialect
        self._raw = engine.raw_connection()

    def __enter__(self) -> Link:
        return _DriverLink(self._dialect, self._raw)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        raw = self._raw
        try:
            if kind is None:
                raw.commit()
            else:
                raw.rollback()
        except BaseException:
            if kind is None:
                raw.rollback()
            raise
        finally:
            raw.close()


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

    def run(self, conn: Link, values: Mapping[str, Any]) -> Any:
        cursor = _cursor(conn)
        cursor.execute(self.sql, self.parameters(values))
        return cursor


def _cursor(conn: Link) -> Any:
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
        bind=tuple(_bind_processor(types[name], dialect) for name in names),
        positional=dialect.positional,
    )


def _bind_processor(type_: Any, dialect: Dialect) -> _Processor:
    """The column type's bind processor; for a time, one that remembers its last value.

    A move stores the same moment three times (entered, updated, the event's time), and
    formatting a datetime is the dearest processor on its path. Times are immutable, so the value
    last converted can be recognised by identity; the pair is swapped in as one object, so a
    concurrent caller never sees one value's input with another's output.
    """
    process: _Processor = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None or not isinstance(getattr(type_, "impl_instance", type_), Date | DateTime):
        return process
    last: list[tuple[Any, Any]] = [(object(), None)]

    def remembered(value: Any) -> Any:
        given, converted = last[0]
        if value is given:
            return converted
        converted = process(value)
        last[0] = (value, converted)
        return converted

    return remembered


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

    def all(self, conn: Link, **values: Any) -> list[tuple[Any, ...]]:
        prepared = self._for(conn.dialect)
        rows = prepared.run(conn, values).fetchall()
        return [_processed(row, prepared.result) for row in rows]

    def one(self, conn: Link, **values: Any) -> tuple[Any, ...] | None:
        prepared = self._for(conn.dialect)
        row = prepared.run(conn, values).fetchone()
        return None if row is None else _processed(row, prepared.result)


class Statement:
    """An UPDATE (or INSERT, DELETE) built once, compiled once per database, run on the driver's
    cursor; its bind parameters named with `bindparam(name, type_=...)`."""

    def __init__(self, build: Callable[[], ClauseElement]) -> None:
        self._build = build
        self._prepared: dict[Dialect, _Prepared] = {}

    def run(self, conn: Link, **values: Any) -> int:
        """Run it in the caller's transaction; return the rows it changed."""
        prepared = self._prepared.get(conn.dialect)
        if prepared is None:
            statement = self._build()
            compiled: Any = statement.compile(dialect=conn.dialect)
            types = {name: bind.type for name, bind in compiled.binds.items()}
            prepared = self._prepared[conn.dialect] = _prepare(conn.dialect, statement, types)
        changed: int = prepared.run(conn, values).rowcount
        return changed


def _processed(row: Any, processors: tuple[_Processor, ...]) -> tuple[Any, ...]:
    if not any(processors):  # the driver's row is already what the types would give
        return tuple(row)
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
def _insert(
    dialect: Dialect, table: Table, columns: tuple[str, ...], *, returning: bool
) -> _Prepared:
    statement = insert(table).values({name: bindparam(name) for name in columns})
    if returning:
        statement = statement.returning(table.c.id)
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


def select_initiative(conn: Link, initiative_id: int) -> dict[str, Any] | None:
    """The RULE_COLUMNS of one initiative, or None if there is no such initiative."""
    row = _INITIATIVE.one(conn, id_=initiative_id)
    return None if row is None else dict(zip(RULE_COLUMNS, row, strict=True))


def update_initiative(
    conn: Link, initiative_id: int, read_version: int, values: Mapping[str, Any]
) -> int:
    """Set `values` if the initiative is still at `read_version`; return rows changed (0 or 1)."""
    prepared = _update_initiative(conn.dialect, tuple(sorted(values)))
    cursor = prepared.run(conn, {**values, "id_": initiative_id, "read_version": read_version})
    changed: int = cursor.rowcount
    return changed


def insert_row(conn: Link, table: Table, values: Mapping[str, Any]) -> None:
    """Insert one row whose id the caller does not need."""
    prepared = _insert(conn.dialect, table, tuple(sorted(values)), returning=False)
    prepared.run(conn, values)


def insert_returning_id(conn: Link, table: Table, values: Mapping[str, Any]) -> int:
    """Insert one row and return the id the database gave it."""
    prepared = _insert(conn.dialect, table, tuple(sorted(values)), returning=True)
    new_id: int = prepared.run(conn, values).fetchone()[0]
    return new_id


def insert_if_new(conn: Connection, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert one row unless a row with the same unique key is there; whether it was inserted.

    Safe against a second process inserting the same key at the same moment: on PostgreSQL and
    SQLite the database skips the duplicate (`ON CONFLICT DO NOTHING`); elsewhere the insert runs
    in a savepoint and the unique key's refusal is caught.
    """
    statement = _insert_if_new(conn.dialect.name, table)
    if statement is None:
        try:
            with conn.begin_nested():
                conn.execute(insert(table), values)
        except IntegrityError:
            return False
        return True
    # A row comes back only if one was inserted (the driver's rowcount is not reliable here).
    return conn.execute(statement, values).first() is not None


@lru_cache(maxsize=32)
def _insert_if_new(dialect: str, table: Table) -> Any:
    """One statement object per dialect and table, compiled once and reused for every row."""
    from sqlalchemy.dialects import postgresql, sqlite  # only the scheduler's writes need them

    key = list(table.primary_key.columns)[0]
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing().returning(key)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing().returning(key)
    return None


def insert_many_if_new(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert `rows` (all with the same columns), each unless a row with the same unique key is
    there; how many were inserted.

    One statement compiled once per database and column set, executed for all the rows at once
    on the driver's cursor (`executemany`: a loop in C on SQLite, one pipeline on PostgreSQL),
    with the database skipping each duplicate (`ON CONFLICT DO NOTHING`), also one a second
    process inserts at the same moment. The driver counts the rows inserted: both add up the
    rows each execution changed, and a skipped row changes none. Elsewhere the rows go one by
    one through `insert_if_new`.
    """
    if not rows:
        return 0
    if conn.dialect.name not in ("sqlite", "postgresql"):
        return sum(insert_if_new(conn, table, row) for row in rows)
    prepared = _insert_many_if_new(conn.dialect, table, tuple(rows[0]))
    cursor = _cursor(conn)
    cursor.executemany(prepared.sql, [prepared.parameters(row) for row in rows])
    inserted: int = cursor.rowcount
    return inserted


@lru_cache(maxsize=32)
def _insert_many_if_new(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> _Prepared:
    from sqlalchemy.dialects import postgresql, sqlite  # only the scheduler's writes need them

    dialect_insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    statement = (
        dialect_insert(table).values({name: bindparam(name) for name in columns})
    ).on_conflict_do_nothing()
    return _prepare(dialect, statement, {name: table.c[name].type for name in columns})


def existing(conn: Link, column: Column[Any], values: Sequence[Any]) -> set[Any]:
    """Which of `values` stand in `column` (unique and indexed) of some row: one query."""
    if not values:
        return set()
    prepared = _existing(conn.dialect, column, len(values))
    cursor = prepared.run(conn, {f"v{n}": value for n, value in enumerate(values)})
    return {row[0] for row in cursor.fetchall()}


@lru_cache(maxsize=32)
def _existing(dialect: Dialect, column: Column[Any], count: int) -> _Prepared:
    names = [f"v{n}" for n in range(count)]
    statement = select(column).where(column.in_([bindparam(name) for name in names]))
    return _prepare(dialect, statement, dict.fromkeys(names, column.type))
