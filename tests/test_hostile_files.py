"""Files that try to crash or exhaust tiltag: deep nesting, alias bombs, devices, pipes, huge and
zip-bombed files. Each is refused with exit code 1 and a message that names the file (and the
line) without repeating what it holds. How fast and how small: bench/hostile_files.py."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import Invoke
from tests.helpers import Desk
from workflow.cli import cli
from workflow.definitions.registry import DEFAULT_FOLDER

EXPANDED = "line 7: holds more than 1,000,000 values once its aliases (*name) are expanded"
DEEP = "nested more than 64 levels deep"
LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
)


def _definition(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["definitions", "check", *args], catch_exceptions=False)


def _refused(result: Result, message: str) -> None:
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")


def test_an_alias_bomb_is_refused_without_being_expanded(tmp_path: Path) -> None:
    text = (DEFAULT_FOLDER / "proevehandling.yaml").read_text(encoding="utf-8")
    bomb = _definition(
        tmp_path, "bomb.yaml", LAUGHS + text.replace("description:", "description: *i\nx:", 1)
    )
    _refused(
        _check(str(bomb)),
        f"{bomb}:7: holds more than 1,000,000 values once its aliases (*name) are expanded",
    )


@pytest.mark.parametrize("depth", [65, 1_000, 50_000])
def test_deep_nesting_in_a_definition_is_refused(tmp_path: Path, depth: int) -> None:
    deep = _definition(tmp_path, "deep.yaml", "name: x\nstates: " + "[" * depth + "]" * depth)
    _refused(_check(str(deep)), f"{deep}:2: nested more than 64 levels deep")


def test_a_definition_of_ten_thousand_states_is_checked(tmp_path: Path) -> None:
    n = 10_000
    states = "".join(
        f"  s{i}:\n    label: {{da: Trin {i}, en: Step {i}}}\n"
        + ("    initial: true\n" if not i else "")
        for i in range(n)
    )
    moves = "".join(
        f"  - trigger: next\n    source: s{i}\n    dest: s{i + 1}\n"
        "    label: {da: Videre, en: Next}\n"
        for i in range(n - 1)
    )
    every = ", ".join(f"s{i}" for i in range(n))
    text = (
        f"name: big\nversion: 1\nstates:\n{states}  done:\n    label: {{da: Slut, en: End}}\n"
        f"    final: true\ntransitions:\n{moves}  - trigger: finish\n    source: [{every}]\n"
        "    dest: done\n    label: {da: Afslut, en: Finish}\n"
    )
    big = _definition(tmp_path, "big.yaml", text)
    result = _check(str(big))
    assert result.stdout == f"ok {big}: big@1, 10001 states, 10000 transitions\n"


def test_a_device_a_pipe_or_a_huge_file_in_the_definitions_folder_is_not_read(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "definitions"
    shutil.copytree(DEFAULT_FOLDER, folder)
    zero = folder / "zero.yaml"
    zero.symlink_to("/dev/zero")
    _refused(
        _check(str(zero)),
        f"{zero}: is not a regular file (a folder, a pipe or a device is not read)",
    )
    zero.unlink()
    os.mkfifo(folder / "schedule.yaml.new")
    (folder / "schedule.yaml").unlink()
    (folder / "schedule.yaml.new").rename(folder / "schedule.yaml")
    result = CliRunner().invoke(cli, ["--definitions", str(folder), "calendar", "--year", "2010"])
    _refused(
        result,
        f"{folder / 'schedule.yaml'}: is not a regular file (a folder, a pipe or a device is not "
        "read)",
    )
    huge = _definition(tmp_path, "huge.yaml", "# " + "x" * (4 * 1024 * 1024) + "\n")
    _refused(_check(str(huge)), f"{huge}: is 4 MB, more than the 4 MB read")


@pytest.mark.parametrize(
    "name,text,problem",
    [
        (
            "deep.yaml",
            "solution: " + "[" * 50_000 + "]" * 50_000,
            f"line 1: {DEEP}",
        ),
        (
            "deep.yaml",
            "solution: " + "[" * 5_000 + "]" * 5_000,
            f"line 1: {DEEP}",
        ),
        (
            "deep.json",
            '{"solution": ' + "[" * 50_000 + "]" * 50_000 + "}",
            DEEP,
        ),
        (
            "deep.json",
            '{"solution": ' + "[" * 100 + "]" * 100 + "}",
            DEEP,
        ),
        (
            "bomb.yaml",
            LAUGHS + "solution: *i\n",
            EXPANDED,
        ),
        ("big.yaml", "solution: " + "x" * (1024 * 1024) + "\n", "is 1 MB, more than the 1 MB read"),
    ],
)
def test_a_hostile_record_file_is_refused_and_nothing_is_filed(
    desk: Desk, run: Invoke, tmp_path: Path, name: str, text: str, problem: str
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "business_case")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("record", "set", str(id_), "business_case", "--file", str(path), actor="ulla")
    _refused(result, f"invalid {path}: {problem}")
    assert "Ingen sagsakter" in run("record", "show", str(id_)).stdout


def test_a_record_file_that_is_a_device_or_a_pipe_is_not_read(
    desk: Desk, run: Invoke, tmp_path: Path
) -> None:
    id_ = desk.propose()
    pipe = tmp_path / "case.yaml"
    os.mkfifo(pipe)  # nobody writes to it: reading it would wait for ever
    for path in (Path("/dev/zero"), pipe):
        result = run("record", "set", str(id_), "business_case", "--file", str(path), actor="ulla")
        _refused(
            result,
            f"invalid {path}: is not a regular file (a folder, a pipe or a device is not read)",
        )


def _zip_bomb(path: Path) -> None:
    """A workbook of a few hundred kilobytes whose sheet unpacks to a gigabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1024 * 1024)
            for _ in range(1024):
                sheet.write(block)
    path.write_bytes(buffer.getvalue())


def test_an_import_that_is_a_pipe_too_large_or_a_zip_bomb_is_refused(
    people: dict[str, object], run: Invoke, tmp_path: Path
) -> None:
    pipe = tmp_path / "liste.csv"
    os.mkfifo(pipe)
    _refused(
        run("import", str(pipe), actor="hanne"),
        f"{pipe}: is not a regular file (a folder, a pipe or a device is not read)",
    )
    large = tmp_path / "stor.csv"
    large.write_text("titel\n" + "Et tiltag\n" * 200_000, encoding="utf-8")
    _refused(
        run("import", str(large), "--max-size", "1", actor="hanne"),
        f"{large}: is 1.9 MB, more than the 1 MB read",
    )
    bomb = tmp_path / "bombe.xlsx"
    _zip_bomb(bomb)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    refused = run("import", str(bomb), actor="hanne")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: {bomb}: unpacks to 1024 MB, more than the ")
    assert refused.stderr.endswith(" MB read of a workbook of 1 MB\n")
    rows = tmp_path / "lang.csv"
    rows.write_text("titel\n" + "".join(f"T{n}\n" for n in range(100_001)), encoding="utf-8")
    _refused(
        run("import", str(rows), actor="hanne"),
        f"{rows}, row 100002: holds more than 100,000 rows; import it in parts",
    )
    assert run("list").stdout.count("\n") <= 1


def test_an_alias_may_not_multiply_a_long_text(desk: Desk, run: Invoke, tmp_path: Path) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "implementation_plan")
    reason = "x" * 20_000
    milestone = f"{{phase: A, title: B, due: 2010-09-01, replanned: {reason}}}"
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        f"start: 2010-08-01\nmilestones:\n  - &m {milestone}\n" + "  - *m\n" * 10_000,
        encoding="utf-8",
    )
    result = run("record", "set", str(id_), "plan", "--file", str(plan), actor="ulla")
    _refused(
        result,
        f"invalid {plan}: line 840: holds more than 16 MB of text once its aliases (*name) are "
        "expanded",
    )
    few = tmp_path / "few.yaml"
    few.write_text(
        f"start: 2010-08-01\nmilestones:\n  - &m {milestone}\n" + "  - *m\n" * 300,
        encoding="utf-8",
    )
    result = run("record", "set", str(id_), "plan", "--file", str(few), actor="ulla")
    assert result.exit_code == 1
    assert "milestones List should have at most 200 items" in result.stderr


def test_base_60_numbers_are_text_and_cost_nothing() -> None:
    from workflow.definitions.strict_yaml import parse_yaml

    assert parse_yaml("a: 1:30\nb: 190:20:30\nc: 0x1F\nd: 1_000\ne: 1.5\n") == {
        "a": "1:30",
        "b": "190:20:30",
        "c": 31,
        "d": 1000,
        "e": 1.5,
    }
    long = parse_yaml("description: 1" + ":1" * 500_000 + "\n")
    assert long["description"].count(":") == 500_000


def test_a_record_file_with_a_number_of_thousands_of_digits_is_refused(
    desk: Desk, run: Invoke, tmp_path: Path
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "business_case")
    for name, text in (
        ("big.json", '{"investment": ' + "9" * 5_000 + "}"),
        ("big.yaml", "investment: 0x" + "f" * 20_000 + "\n"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run("record", "set", str(id_), "business_case", "--file", str(path), actor="ulla")
        assert result.exit_code == 1, result.stderr
        assert len(result.stderr) < 300 and result.stderr.startswith("Error: invalid ")
        assert "unexpected" not in result.stderr
