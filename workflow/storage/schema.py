"""Bring a database to this version's schema through the Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, inspect, text

from workflow.base.errors import DatabaseError
from workflow.storage.database import location

__all__ = ["FOREIGN_TABLES", "alembic_config", "head_revision", "ours", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Tables in a tiltag database that the migrations do not own: APScheduler keeps the scheduler's
# jobs in `apscheduler_jobs` and creates it itself.
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})


def ours(name: str | None, type_: str, _parents: object) -> bool:
    """Whether a schema object is the migrations' to compare (Alembic's `include_name`)."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; on SQLite then switch the file to WAL.

    Raises:
        DatabaseError: the database holds tables and none of them is tiltag's: it belongs to
            something else, and nothing is added to it; or its schema is one this tiltag does not
            know (made by a newer one), and nothing is changed.
    """
    from workflow.storage.database import SCHEMA_REVISION, schema_revision

    found = schema_revision(engine)
    if found is not None and found != SCHEMA_REVISION:
        known = ScriptDirectory.from_config(alembic_config()).get_revision
        try:
            unknown = known(found) is None
        except CommandError:
            unknown = True
        if unknown:
            if found.isdigit() and int(found) > int(SCHEMA_REVISION):
                raise DatabaseError(
                    f"{location(engine)} is at schema {found}, made by a newer tiltag than this "
                    f"one (which knows schema {SCHEMA_REVISION}); nothing was changed: use the "
                    "newer tiltag"
                )
            raise DatabaseError(
                f"{location(engine)} is at schema {found}, which is not one of tiltag's (this "
                f"one knows schema 0001 to {SCHEMA_REVISION}); nothing was changed"
            )
    config = alembic_config()
    with engine.begin() as conn:
        others = sorted(inspect(conn).get_table_names())
        if others and "alembic_version" not in others:
            raise DatabaseError(
                f"{location(engine)} holds tables that are not tiltag's ({', '.join(others[:5])}"
                f"{', ...' if len(others) > 5 else ''}); give a new or empty database"
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execute(text("PRAGMA journal_mode=WAL"))
