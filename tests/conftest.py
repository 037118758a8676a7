"""Fixtures: a fresh database per test on real SQLite and real PostgreSQL, people, a fixed clock."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, text

from tests.helpers import Desk
from tests.mailserver import MailServer
from tests.web_server import WebServer
from workflow.base.clock import FixedClock
from workflow.base.logs import reset_logging
from workflow.cli import cli
from workflow.core.people import Person, add_person
from workflow.definitions.registry import DEFAULT_FOLDER, Registry, load_registry
from workflow.storage.database import connect
from workflow.storage.schema import upgrade
from workflow.storage.simulation import make_for_simulation

PG_SERVER = os.environ.get(
    "TILTAG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TABLES = (
    "status_update",
    "outbox",
    "decision_run",
    "decision",
    "gain",
    "economics",
    "budget_adjustment",
    "benefits_answer",
    "milestone",
    "record",
    "event",
    "initiative",
    "web_session",
    "sign_in_link",
    "sign_in_request",
    "single_sign_on",
    "person_role",
    "person",
)


# The operating-system user the command line records beside --as (getpass reads LOGNAME first):
# the same on every machine, as in the documentation's examples.
os.environ["LOGNAME"] = "drift"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = connect(str(path), create=True)
    upgrade(engine)
    make_for_simulation(engine)  # the tests play their days on fixed clocks
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own on the local PostgreSQL server, migrated, dropped at the end."""
    name = f"tiltag_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_SERVER.rsplit("/", 1)[0] + "/" + name
    engine = connect(url)
    upgrade(engine)
    make_for_simulation(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A URL of an empty, migrated database: a SQLite file or the test PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "tiltag.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on loopback that keeps what it receives."""
    server = MailServer()
    server.start()
    yield server
    server.stop()


# The web tests' moment: the third quarter, its status due in September.
WEB_NOW = "2010-08-18T09:00"


@pytest.fixture
def server(
    database_url: str, people: Any, tmp_path: Path, mail_server: MailServer
) -> Iterator[WebServer]:
    """A real `tiltag serve` on the test database as of WEB_NOW, mailing to the SMTP server."""
    with WebServer(database_url, tmp_path, now=WEB_NOW, env=mail_server.env) as running:
        yield running


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = connect(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(DEFAULT_FOLDER)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2010, 8, 18, 9, 0, tzinfo=UTC))


PEOPLE = {
    "admin": ("Admin", ["admin"]),
    "aase": ("Åse Møller", ["proposer"]),
    "ulla": ("Ulla Krogh", ["project_owner"]),
    "jens": ("Jens Holm", ["chief_group"]),
    "birgit": ("Birgit Sørensen", ["economic_committee"]),
    "hanne": ("Hanne Ravn", ["task_force"]),
    "carl": ("Carl Berg", ["city_council"]),
}


@pytest.fixture
def people(engine: Engine, clock: FixedClock) -> dict[str, Person]:
    """The cast of the tests, one person per role."""
    result: dict[str, Person] = {}
    admin = None
    for handle, (name, roles) in PEOPLE.items():
        result[handle] = add_person(
            engine,
            handle=handle,
            name=name,
            email=f"{handle}@kommune.example.dk",
            roles=roles,
            actor=admin,
            clock=clock,
        )
        admin = admin or result[handle]
    return result


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    yield
    reset_logging()


Invoke = Callable[..., Result]


@pytest.fixture
def run(database_url: str) -> Invoke:
    """Run the CLI on the test database: run("list", "--format", "json", actor="ulla")."""

    def invoke(*args: str, actor: str | None = None, input: str | None = None) -> Result:
        env = {"TILTAG_DATABASE_URL": database_url, "TILTAG_NOW": "2010-08-18T09:00:00+00:00"}
        if actor:
            env["TILTAG_USER"] = actor
        return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def desk(engine: Engine, registry: Registry, people: dict[str, Person], clock: FixedClock) -> Desk:
    """The steps people take (propose, decide, file records, move) on the test database."""
    return Desk(engine, registry, people, clock)
