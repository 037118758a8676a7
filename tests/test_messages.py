"""Clear messages where the machine says no: a schema from a newer tiltag, a database on a
read-only disk, a report to a full disk. Each names what is wrong and what to do, with its exit
code, and changes nothing."""

from __future__ import annotations

import errno
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from tests.helpers import RUN_TILTAG
from workflow.base.errors import WorkflowError
from workflow.base.files import write_whole
from workflow.cli import cli
from workflow.storage.database import connect


def _tiltag(database: Path, *args: str) -> Result:
    env = {"TILTAG_DATABASE_URL": str(database), "TILTAG_NOW": None}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def small_disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A folder on a file system of its own, 256 KB large unless the test asks another size (a
    tmpfs; the tests run as root)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    size = getattr(request, "param", "256k")
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _set_schema(database: Path, revision: str) -> None:
    engine = connect(str(database))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_a_schema_from_a_newer_tiltag_is_named_and_left_alone(tmp_path: Path) -> None:
    database = tmp_path / "newer.db"
    _tiltag(database, "init")
    _set_schema(database, "0099")
    for command in (("db", "upgrade"), ("init",)):
        result = _tiltag(database, *command)
        assert (result.exit_code, result.stderr) == (
            2,
            f"Error: {database} is at schema 0099, made by a newer tiltag than this one (which "
            "knows schema 0010); nothing was changed: use the newer tiltag\n",
        )
    _set_schema(database, "cafe")
    result = _tiltag(database, "db", "upgrade")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {database} is at schema cafe, which is not one of tiltag's (this one knows "
        "schema 0001 to 0010); nothing was changed\n",
    )


@pytest.mark.parametrize("small_disk", ["1m"], indirect=True)  # room for a new database
def test_a_database_on_a_read_only_disk_is_said_to_be_read_only(small_disk: Path) -> None:
    database = small_disk / "tiltag.db"
    # In a process of its own, which leaves nothing open on the disk when it ends.
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_TILTAG,
            "init",
            "--database",
            str(database),
        ],
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = _tiltag(database, "list")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: cannot open {database}: it is on a read-only disk, or its folder cannot be "
        "written (SQLite writes beside the file even to read it); copy it to a folder that can "
        "be written\n",
    )


def test_a_report_to_a_full_disk_says_so_and_keeps_the_old_file(
    small_disk: Path, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    assert _tiltag(database, "demo", "--database", str(database)).exit_code == 0
    report = small_disk / "kvartal.csv"
    report.write_text("the report of last quarter\n", encoding="utf-8")
    # Fill the disk: the report does not fit.
    with (small_disk / "filler").open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"x" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    result = CliRunner().invoke(
        cli,
        ["--now", "2010-09-02T12:00", "report", "stalled", "--output", str(report)],
        env={"TILTAG_DATABASE_URL": str(database)},
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {report}: the disk is full; the file there is left as it was\n",
    )
    assert report.read_text(encoding="utf-8") == "the report of last quarter\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "kvartal.csv"]


def test_a_new_file_that_does_not_fit_leaves_nothing(tmp_path: Path) -> None:
    def full(out: IO[Any]) -> None:
        out.write("a beginning")
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "new.csv"
    with pytest.raises(WorkflowError) as caught:
        write_whole(target, full)
    assert str(caught.value) == f"cannot write {target}: the disk is full; nothing is written"
    assert list(tmp_path.iterdir()) == []
