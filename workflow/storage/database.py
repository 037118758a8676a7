"""Open the database: where it is, how to connect, and whether it is at this version's schema."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from workflow.base.errors import DatabaseError, database_detail

__all__ = [
    "SCHEMA_REVISION",
    "connect",
    "default_url",
    "location",
    "open_database",
    "resolve_url",
    "schema_revision",
    "sqlite_path",
]

# The Alembic revision this version of tiltag needs; a test keeps it equal to the migrations' head.
SCHEMA_REVISION = "0010"


def default_url() -> str:
    """The SQLite file used when no database is named: $XDG_DATA_HOME/tiltag/tiltag.db."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return f"sqlite:///{Path(data_home) / 'tiltag' / 'tiltag.db'}"


def resolve_url(given: str | None) -> str:
    """A URL from `given`, $TILTAG_DATABASE_URL or the default; a bare path means SQLite."""
    value = given or os.environ.get("TILTAG_DATABASE_URL") or default_url()
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if value.startswith(plain):
            return "postgresql+psycopg://" + value[len(plain) :]
    return value


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _hidden(given: str | None) -> str | None:
    """`given` with the password of a 'scheme://user:password@' URL masked."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", given) if given else given


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL is a property of the file, set once by `init`; these two are per connection and
    # write nothing, so opening a file that is not ours leaves it untouched.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def connect(given: str | None, *, create: bool = False, connections: int | None = None) -> Engine:
    """An engine for the database, without looking at its schema.

    Args:
        given: a URL or path; None means $TILTAG_DATABASE_URL or the default file.
        create: allow a new SQLite file (and its folder) to come into being.
        connections: how many connections a server database's pool keeps (and as many more it
            may open at a peak); SQLAlchemy's 5 if None. A web process serves many at once.

    Raises:
        DatabaseError: the URL is malformed, or the SQLite file is missing and `create` is false.
    """
    url = resolve_url(given)
    try:
        path = sqlite_path(url)
        shown = make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(f"not a database URL: {_hidden(given)!r} ({exc})") from None
    connect_args: dict[str, Any] = {}
    pool: dict[str, Any] = {}
    if path is None and connections is not None:
        pool = {"pool_size": connections, "max_overflow": connections}
    if path is not None:
        if not path.exists():
            if not create:
                raise DatabaseError(f"no database at {path}; create it with: tiltag init")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None
        connect_args = {"timeout": 30}
    try:
        engine = create_engine(url, connect_args=connect_args, **pool)
    except (ArgumentError, SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot use database {shown}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def open_database(given: str | None, *, connections: int | None = None) -> Engine:
    """An engine for an existing database at this version's schema (`connections`: see
    `connect`).

    Raises:
        DatabaseError: missing, unreachable, not a database, not initialised or out of date.
    """
    engine = connect(given, connections=connections)
    revision = schema_revision(engine)
    if revision is None:
        raise DatabaseError(f"{location(engine)} is not initialised; run: tiltag init")
    if revision.isdigit() and int(revision) > int(SCHEMA_REVISION):
        raise DatabaseError(
            f"{location(engine)} is at schema {revision}, made by a newer tiltag than this one "
            f"(which knows schema {SCHEMA_REVISION}); use the newer tiltag"
        )
    if not revision.isdigit():
        raise DatabaseError(
            f"{location(engine)} is at schema {revision}, which is not one of tiltag's (this one "
            f"knows schema 0001 to {SCHEMA_REVISION})"
        )
    if revision != SCHEMA_REVISION:
        raise DatabaseError(
            f"{location(engine)} is at schema {revision}, this tiltag needs {SCHEMA_REVISION}; "
            "run: tiltag db upgrade"
        )
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision stored in the database, None for a database without tiltag tables.

    Raises:
        DatabaseError: the database cannot be reached or the file is not a database.
    """
    try:
        with engine.connect() as conn:
            has_table = engine.dialect.has_table(conn, "alembic_version")
            if not has_table:
                return None
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except SQLAlchemyError as exc:
        path = sqlite_path(str(engine.url))
        if path is not None and _read_only(path):
            raise DatabaseError(
                f"cannot open {location(engine)}: it is on a read-only disk, or its folder cannot "
                "be written (SQLite writes beside the file even to read it); copy it to a "
                "folder that can be written"
            ) from None
        raise DatabaseError(
            f"cannot open {location(engine)} as a tiltag database: {database_detail(exc)}"
        ) from None
    return None if row is None else str(row[0])


def _read_only(path: Path) -> bool:
    """Whether a SQLite file, or the folder its journal files go in, cannot be written."""
    try:
        on_read_only_disk = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False
    writable = os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
    return on_read_only_disk or not writable


def location(engine: Engine) -> str:
    """The database as shown to people: a file path, or the URL without its password."""
    path = sqlite_path(str(engine.url))
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)
