"""Alembic environment: runs migrations on the connection tiltag hands over (or a URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import workflow.storage.access_tables
import workflow.storage.record_tables
import workflow.storage.schedule_tables  # noqa: F401
from workflow.storage.database import resolve_url
from workflow.storage.schema import ours

target_metadata = SQLModel.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=ours,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(resolve_url(None)).begin() as conn:
        _run(conn)
