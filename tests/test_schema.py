"""The migrations produce exactly the models' schema, and the code knows the newest revision."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

import workflow.storage.record_tables  # with the next: registers every table
import workflow.storage.schedule_tables  # noqa: F401
from workflow.storage.database import SCHEMA_REVISION, schema_revision
from workflow.storage.schema import head_revision, ours, upgrade


def test_the_code_needs_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_migrations_match_the_models(engine: Engine) -> None:
    assert schema_revision(engine) == SCHEMA_REVISION
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": ours}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_upgrading_keeps_what_an_older_schema_held(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from workflow.storage.database import connect
    from workflow.storage.schema import alembic_config

    engine = connect(str(tmp_path / "old.db"), create=True)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (handle, name, email, created_at) "
                "VALUES ('aase', 'Åse Møller', 'aase@k.dk', '2010-08-18 09:00:00.000000')"
            )
        )
    upgrade(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM person")).scalar_one() == "Åse Møller"
    engine.dispose()


def test_upgrading_keeps_the_gains_statuses_reported_as_reported_gains(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from workflow.storage.database import connect
    from workflow.storage.schema import alembic_config

    engine = connect(str(tmp_path / "old.db"), create=True)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    stamp = "'2010-08-18 09:00:00.000000'"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, handle, name, email, created_at) "
                f"VALUES (1, 'ulla', 'Ulla Krogh', 'ulla@k.dk', {stamp})"
            )
        )
        conn.execute(
            text(
                "INSERT INTO initiative (id, title, description, proposer_id, workflow, "
                "workflow_version, state, entered_state_at, created_at, updated_at, version) "
                f"VALUES (1, 'Udbud', '', 1, 'effektivisering', 1, 'execution', {stamp}, "
                f"{stamp}, {stamp}, 3)"
            )
        )
        for number, gains in enumerate(('{"2010": 100000, "2011": 5}', '{"2010": 250000}'), 1):
            conn.execute(
                text(
                    "INSERT INTO status_update (initiative_id, year, quarter, light, text, "
                    "realised_gains, given_on, given_at, given_by) "
                    f"VALUES (1, 2010, {number}, 'green', 'Godt.', '{gains}', '2010-08-18', "
                    f"{stamp}, 1)"
                )
            )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT year, amount FROM gain WHERE kind = 'reported' ORDER BY year")
        ).all()
        spent = conn.execute(text("SELECT spent FROM status_update")).scalars().all()
    assert [tuple(r) for r in rows] == [(2010, 250000), (2011, 5)]
    assert spent == [None, None]
    engine.dispose()
