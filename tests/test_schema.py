"""The migrations produce exactly the models' schema, and the code knows the newest revision."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text
from sqlmodel import SQLModel

import workflow.storage.record_tables  # with the next: registers every table
import workflow.storage.schedule_tables  # noqa: F401
from tests.conftest import PG_SERVER
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


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of its own: a SQLite file, or one on the local PostgreSQL
    server, dropped after the test."""
    if request.param == "sqlite":
        yield str(tmp_path / "old.db")
        return
    name = f"tiltag_schema_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_SERVER.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _at_revision(url: str, revision: str) -> Engine:
    from alembic import command

    from workflow.storage.database import connect
    from workflow.storage.schema import alembic_config

    engine = connect(url, create=True)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return engine


OLD_CASES: dict[int, dict[str, Any]] = {
    # invested in 2010, 50.000 kr. a year to run, gains from 2010
    1: {
        "solution": "Udbud",
        "investment": 250000,
        "investment_year": 2010,
        "running_cost": 50000,
        "expected_gains": {"2010": 600000, "2011": 1200000},
        "risks": "Få tilbudsgivere",
        "decision_kind": "administrative",
    },
    # no investment year: the investment falls in the first year with a gain
    2: {"investment": 100000, "running_cost": 0, "expected_gains": {"2012": 300000}},
    # neither a year nor a gain: the year the case was filed
    3: {"investment": 40000, "investment_year": None, "expected_gains": {}},
}


def test_upgrading_keeps_every_business_case_and_its_gains(empty_url: str) -> None:
    from workflow.approvals.dossier import read_records
    from workflow.records.documents import BusinessCase

    engine = _at_revision(empty_url, "0007")
    stamp = "'2010-08-18 09:00:00.000000'"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, handle, name, email, created_at) "
                f"VALUES (1, 'ulla', 'Ulla Krogh', 'ulla@k.dk', {stamp})"
            )
        )
        for id_, case in OLD_CASES.items():
            conn.execute(
                text(
                    "INSERT INTO initiative (id, title, description, proposer_id, owner_id, "
                    "workflow, workflow_version, state, entered_state_at, created_at, "
                    f"updated_at, version) VALUES ({id_}, 'Udbud', '', 1, 1, "
                    f"'effektivisering', 1, 'execution', {stamp}, {stamp}, {stamp}, 3)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO record (initiative_id, kind, data, updated_at, updated_by) "
                    f"VALUES ({id_}, 'business_case', :data, {stamp}, 1)"
                ),
                {"data": json.dumps(case)},
            )
            for year, amount in case["expected_gains"].items():
                conn.execute(
                    text(
                        "INSERT INTO gain (initiative_id, kind, year, amount) "
                        f"VALUES ({id_}, 'expected', {year}, {amount})"
                    )
                )
        conn.execute(
            text(
                "INSERT INTO gain (initiative_id, kind, year, amount) "
                "VALUES (1, 'reported', 2010, 420000)"
            )
        )
    upgrade(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    first = read_records(engine, 1)["business_case"]
    assert isinstance(first, BusinessCase)
    assert (first.investments, first.running_costs) == (
        {2010: 250_000},
        {2010: 50_000, 2011: 50_000},
    )
    assert [(g.kind, g.owner, g.destination, g.years) for g in first.gains] == [
        ("kroner", "ulla", "central", {2010: 600_000, 2011: 1_200_000})
    ]
    assert (first.solution, first.risks, first.decision_kind) == (
        "Udbud",
        "Få tilbudsgivere",
        "administrative",
    )
    second, third = (read_records(engine, i)["business_case"] for i in (2, 3))
    assert isinstance(second, BusinessCase) and isinstance(third, BusinessCase)
    assert (second.investments, second.running_costs) == ({2012: 100_000}, {})
    assert (third.investments, third.gains) == ({2010: 40_000}, [])
    with engine.connect() as conn:
        gains = conn.execute(
            text("SELECT initiative_id, kind, year, amount, central FROM gain ORDER BY 1, 2, 3")
        ).all()
        figures = conn.execute(text("SELECT * FROM economics ORDER BY initiative_id")).all()
    assert [tuple(g) for g in gains] == [
        (1, "expected", 2010, 550_000, 550_000),
        (1, "expected", 2011, 1_150_000, 1_150_000),
        (1, "reported", 2010, 420_000, None),
        (2, "expected", 2012, 300_000, 300_000),
    ]
    assert [tuple(f) for f in figures] == [
        (1, 250_000, 2011),
        (2, 100_000, 2012),
        (3, 40_000, None),
    ]
    engine.dispose()


def test_downgrading_turns_the_gains_back_where_the_old_form_holds_them(
    empty_url: str,
) -> None:
    from alembic import command

    from workflow.storage.schema import alembic_config

    engine = _at_revision(empty_url, "0008")
    stamp = "'2010-08-18 09:00:00.000000'"
    case = {
        "investments": {"2010": 250000},
        "running_costs": {"2011": 50000},
        "gains": [
            {"kind": "kroner", "destination": "central", "years": {"2011": 600000}},
        ],
    }
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
        conn.execute(
            text(
                "INSERT INTO record (initiative_id, kind, data, updated_at, updated_by) "
                f"VALUES (1, 'business_case', :data, {stamp}, 1)"
            ),
            {"data": json.dumps(case)},
        )
        conn.execute(
            text(
                "INSERT INTO gain (initiative_id, kind, year, amount, central) "
                "VALUES (1, 'expected', 2011, 550000, 550000)"
            )
        )
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")
    with engine.connect() as conn:
        data = conn.execute(text("SELECT data FROM record")).scalar_one()
        amount = conn.execute(text("SELECT amount FROM gain")).scalar_one()
    assert (json.loads(data) if isinstance(data, str) else data) == {
        "investment": 250000,
        "investment_year": 2010,
        "running_cost": 50000,
        "expected_gains": {"2011": 600000},
    }
    assert amount == 600_000
    engine.dispose()


def test_the_benefits_answers_come_and_go_with_their_own_migration(empty_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from workflow.storage.schema import alembic_config

    engine = _at_revision(empty_url, "0010")
    assert "benefits_answer" in inspect(engine).get_table_names()
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0009")
    assert "benefits_answer" not in inspect(engine).get_table_names()
    assert "budget_adjustment" in inspect(engine).get_table_names()  # nothing else is touched
    engine.dispose()
