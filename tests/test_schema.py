"""The migrations produce exactly the models' schema, and the code knows the newest revision."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

import workflow.models  # noqa: F401  (registers the tables)
from workflow.database import SCHEMA_REVISION, schema_revision
from workflow.schema import head_revision


def test_the_code_needs_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_migrations_match_the_models(engine: Engine) -> None:
    assert schema_revision(engine) == SCHEMA_REVISION
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
