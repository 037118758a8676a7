"""The history never lies about when something was recorded: `--now` writes only into a database
made for simulation; every date a user gives or a clock yields lies within 2000-2100."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from tests.conftest import Invoke
from tests.helpers import RUN_TILTAG, Desk
from workflow.base.clock import FixedClock, parse_instant
from workflow.cli import cli
from workflow.storage.database import connect


def _tiltag(database: Path, *args: str, now: str | None = None) -> Result:
    env = {"TILTAG_DATABASE_URL": str(database), "TILTAG_NOW": now}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


REFUSED = (
    "Error: {db} is not made for simulation: a command that writes takes the real time, not "
    "--now 2010-08-18T09:00+00:00 (the history would tell a moment it was not recorded at); "
    "leave --now out, or rehearse on a database made with tiltag init --simulation\n"
)


def test_a_real_database_writes_only_at_the_real_time(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    assert _tiltag(db, "init").stdout.endswith("is ready (schema none -> 0010)\n")
    now = "2010-08-18T09:00"
    add = ("people", "add", "admin", "--name", "Admin", "--email", "it@kommune.dk", "--role",
           "admin", "--role", "proposer")  # fmt: skip
    claimed = _tiltag(db, *add, now=now)
    assert (claimed.exit_code, claimed.stderr) == (2, REFUSED.format(db=db))
    assert _tiltag(db, *add).exit_code == 0
    propose = ("propose", "Udbud af forsikring", "--category", "indkoeb", "--as", "admin")
    for args in (
        propose,
        ("status", "give", "1", "--light", "green", "--text", "x", "--as", "admin"),
        ("remind",),
        ("outbox", "send"),
        ("outbox", "retry", "--all"),
        ("people", "edit", "admin", "--name", "IT", "--as", "admin"),
    ):
        refused = _tiltag(db, *args, now=now)
        assert (refused.exit_code, refused.stderr) == (2, REFUSED.format(db=db)), args
    assert _tiltag(db, *propose).stdout == "Proposed initiative 1: Udbud af forsikring\n"
    # Looking is fine at any moment.
    for args in (("list",), ("history", "1"), ("remind", "--dry-run"), ("report", "portfolio")):
        assert _tiltag(db, *args, now=now).exit_code == 0, args
    # A real database does not become a simulated one.
    again = _tiltag(db, "init", "--simulation")
    assert (again.exit_code, again.stderr) == (
        2,
        f"Error: {db} already holds people or initiatives: only a new database is made for "
        "simulation\n",
    )
    engine = connect(str(db))
    with engine.connect() as conn:
        written = conn.execute(text("SELECT at FROM event")).scalars().all()
    engine.dispose()
    assert [str(at)[:4] for at in written] == [str(datetime.now(UTC).year)]


def test_a_database_made_for_simulation_takes_now(tmp_path: Path) -> None:
    db = tmp_path / "simulation.db"
    made = _tiltag(db, "init", "--simulation", now="2010-08-18T09:00")
    assert made.stdout == f"{db} (for simulation) is ready (schema none -> 0010)\n"
    added = _tiltag(db, "people", "add", "admin", "--name", "Admin", "--email", "it@k.dk",
                    "--role", "admin", now="2010-08-18T09:00")  # fmt: skip
    assert added.exit_code == 0


@pytest.mark.parametrize("now", ["9999-12-31", "1999-12-31T23:00", "2101-01-01"])
def test_a_moment_outside_the_years_tiltag_keeps_is_refused(tmp_path: Path, now: str) -> None:
    result = _tiltag(tmp_path / "any.db", "list", now=now)
    assert result.exit_code == 2
    year = now[:10]
    assert (
        f"Invalid value for '--now': {year} is outside the years 2000-2100 tiltag keeps"
        in result.stderr
    )
    with pytest.raises(ValueError):
        parse_instant(now)


def test_a_clock_never_yields_a_moment_outside_the_years_tiltag_keeps() -> None:
    clock = FixedClock(parse_instant("2100-12-31T12:00"))
    with pytest.raises(ValueError, match="2101-01-01 is outside the years 2000-2100"):
        clock.advance(days=1)
    assert clock.now().year == 2100


def test_the_scheduler_does_not_rehearse_on_a_real_database(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    _tiltag(db, "init")
    env = {**os.environ, "TILTAG_DATABASE_URL": str(db), "TILTAG_NOW": "2010-08-18T09:00"}
    result = subprocess.run(
        [sys.executable, "-c", RUN_TILTAG, "scheduler"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (2, REFUSED.format(db=db))


def test_the_database_check_finds_times_written_outside_the_years(desk: Desk, run: Invoke) -> None:
    id_ = desk.propose()
    with desk.engine.begin() as conn:
        conn.execute(
            text("UPDATE event SET at = :at WHERE initiative_id = :id"),
            {"at": datetime(9999, 12, 31, tzinfo=UTC), "id": id_},
        )
    found = run("db", "check")
    assert (found.exit_code, found.stdout.splitlines()) == (
        1,
        [
            f"initiative {id_}: a time in its row, history, decisions, statuses or records lies "
            "outside 2000-2100 (fix: no "
            "command changes a recorded time; correct it in the database)",
            "1 problem found.",
        ],
    )


@pytest.mark.parametrize(
    "args",
    [
        ("remind", "--dry-run", "--as-of", "1999-12-31"),
        ("milestone", "done", "1", "1", "--on", "2101-01-01", "--as", "ulla"),
        ("decide", "1", "chief_group", "go", "--meeting", "9999-12-31", "--reference", "x",
         "--justification", "x", "--as", "jens"),
    ],
)  # fmt: skip
def test_a_date_outside_the_years_tiltag_keeps_is_wrong_usage(
    run: Invoke, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "is outside the years 2000-2100" in result.stderr
