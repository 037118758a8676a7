"""Quarterly status: given by the owner, for the quarter of the day in Denmark, in the history."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from tests.conftest import Invoke
from tests.helpers import Desk, snapshot
from workflow.base.calendar import Quarter
from workflow.base.clock import FixedClock
from workflow.base.errors import InvalidValueError, WorkflowError
from workflow.core.history import read_history
from workflow.schedule.status import give_status, read_statuses


def test_a_status_is_given_listed_and_in_the_history(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    given = run(
        "status", "give", str(id_), "--light", "amber", "--text", "Tilbudsfristen er rykket.",
        "--gain", "2010=250000", "--spent", "180000", actor="ulla",
    )  # fmt: skip
    version = len(read_history(engine, id_))
    assert (given.exit_code, given.stdout) == (
        0,
        f"Initiative {id_}: status amber for 2010-Q3, given 2010-08-18 (version {version})\n",
    )
    listed = run("status", "list", str(id_))
    assert listed.stdout == (
        "2010-Q3  gul / amber   opdateret pr. / updated 18.08.2010 af / by ulla\n"
        "    Tilbudsfristen er rykket.\n"
        "    realiserede gevinster / realised gains: 2010: 250.000 kr.\n"
        "    forbrugt / spent: 180.000 kr.\n"
    )
    as_json = json.loads(run("status", "list", str(id_), "--format", "json").stdout)
    assert as_json == [
        {
            "quarter": "2010-Q3",
            "light": "amber",
            "text": "Tilbudsfristen er rykket.",
            "realised_gains": {"2010": 250000},
            "spent": 180000,
            "given_on": "2010-08-18",
            "given_by": "ulla",
        }
    ]
    last = read_history(engine, id_)[-1]
    assert (last.kind, last.field, last.new_value, last.comment) == (
        "status",
        "2010-Q3",
        "amber",
        "Tilbudsfristen er rykket.",
    )
    shown = run("history", str(id_)).stdout.splitlines()
    assert shown[-2].endswith("ulla         status 2010-Q3: gul / amber  [cli: drift]")
    assert shown[-1].strip() == "« Tilbudsfristen er rykket. »"


def test_a_status_counts_for_the_quarter_of_the_danish_date(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    # 23:30 UTC on 30 September is already 1 October in Denmark: the fourth quarter.
    clock = FixedClock(datetime(2010, 9, 30, 23, 30, tzinfo=UTC))
    given = give_status(
        engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_, light="green",
        text="I gang.", clock=clock,
    )  # fmt: skip
    assert given.quarter == Quarter(2010, 4)
    assert read_statuses(engine, id_)[0].given_on.isoformat() == "2010-10-01"


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--light", "blue", "--text", "x"], 2, None),
        (
            ["--light", "green", "--text", "  "],
            1,
            "Error: invalid status text: must not be empty\n",
        ),
        (
            ["--light", "green", "--text", "ok", "--gain", "1999=5"],
            1,
            "Error: invalid realised_gains: realised_gains.1999: the year must not be below 2000 "
            "(got '1999')\n",
        ),
        (
            ["--light", "green", "--text", "ok", "--gain", "2010=-5"],
            1,
            "Error: invalid realised_gains: realised_gains.2010 must not be below 0 (got '-5')\n",
        ),
        (["--light", "green", "--text", "ok", "--gain", "2010"], 2, None),
    ],
    ids=["unknown light", "empty text", "year", "negative gain", "not YEAR=DKK"],
)
def test_a_bad_status_is_refused_and_changes_nothing(
    desk: Desk, engine: Engine, run: Invoke, args: list[str], code: int, message: str | None
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    result = run("status", "give", str(id_), *args, actor="ulla")
    assert result.exit_code == code
    if message is not None:
        assert result.stderr == message
    assert snapshot(engine) == before
    assert read_statuses(engine, id_) == []


def test_the_task_force_gives_a_status_on_the_owner_s_behalf_and_the_history_says_so(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    run(
        "status", "give", str(id_), "--light", "green", "--text", "Ulla er på ferie.",
        actor="hanne",
    )  # fmt: skip
    run("status", "give", str(id_), "--light", "amber", "--text", "Tilbage.", actor="ulla")
    events = read_history(engine, id_)
    assert [(e.actor, e.on_behalf_of, e.on_behalf_of_name) for e in events[-2:]] == [
        ("hanne", "ulla", "Ulla Krogh"),
        ("ulla", None, None),
    ]
    shown = [line for line in run("history", str(id_)).stdout.splitlines() if "status" in line]
    assert shown[-2].endswith("hanne        status 2010-Q3: grøn / green  (for ulla)  [cli: drift]")
    assert shown[-1].endswith("ulla         status 2010-Q3: gul / amber  [cli: drift]")


def test_only_those_who_may_change_an_initiative_give_its_status(
    desk: Desk, engine: Engine
) -> None:
    id_ = desk.propose()
    with pytest.raises(WorkflowError) as caught:
        give_status(
            engine, desk.registry, actor=desk.people["jens"], initiative_id=id_, light="red",
            text="Nej.", clock=desk.clock,
        )  # fmt: skip
    assert str(caught.value) == (
        f"jens may not change initiative {id_}: only its proposer, its owner, the task force "
        "or an admin may"
    )
    desk.bring_to(id_, "realised")
    with pytest.raises(WorkflowError) as caught:
        give_status(
            engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_, light="green",
            text="Færdig.", clock=desk.clock,
        )  # fmt: skip
    assert str(caught.value) == f"initiative {id_} has ended (realised): it takes no status"
    assert read_statuses(engine, id_) == []
    with pytest.raises(InvalidValueError):
        give_status(
            engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_, light="purple",
            text="?", clock=desk.clock,
        )  # fmt: skip


def test_the_latest_gains_a_status_reports_are_kept_year_by_year(
    desk: Desk, engine: Engine
) -> None:
    from sqlalchemy import select

    from workflow.storage.record_tables import GAIN

    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    ulla = desk.people["ulla"]
    for gains in ({2010: 100_000, 2011: 50_000}, {2010: 250_000}):
        give_status(
            engine, desk.registry, actor=ulla, initiative_id=id_, light="green", text="Godt.",
            clock=desk.clock, realised_gains=gains,
        )  # fmt: skip
    give_status(
        engine, desk.registry, actor=ulla, initiative_id=id_, light="green", text="Uden tal.",
        clock=desk.clock,
    )  # fmt: skip
    with engine.connect() as conn:
        rows = conn.execute(
            select(GAIN.c.year, GAIN.c.amount)
            .where(GAIN.c.initiative_id == id_, GAIN.c.kind == "reported")
            .order_by(GAIN.c.year)
        ).all()
    assert [tuple(r) for r in rows] == [(2010, 250_000), (2011, 50_000)]


@pytest.mark.parametrize("spent", ["-1", "12.5", "mange"])
def test_what_was_spent_is_a_whole_number_of_dkk(desk: Desk, engine: Engine, spent: str) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    before = snapshot(engine)
    with pytest.raises(InvalidValueError, match="^invalid spent: "):
        give_status(
            engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_, light="green",
            text="Godt.", clock=desk.clock, spent=spent,
        )  # fmt: skip
    assert snapshot(engine) == before


def test_a_quarter_s_status_may_be_given_late_in_the_next_quarter_and_not_later(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    # It is 18 August 2010 (the third quarter): the second quarter's status may still be given.
    late = run(
        "status", "give", str(id_), "--quarter", "2010-Q2", "--light", "green", "--text",
        "Tallene pr. 30.06.2010.", actor="ulla",
    )  # fmt: skip
    assert late.exit_code == 0
    assert late.stdout.startswith(f"Initiative {id_}: status green for 2010-Q2, given 2010-08-18")
    before = snapshot(engine)
    for quarter, problem in (
        ("2010-Q1", "the status for 2010-Q1 is given from 2010-01-01 to 2010-06-30"),
        ("2010-Q4", "the status for 2010-Q4 is given from 2010-10-01 to 2011-03-31"),
    ):
        refused = run(
            "status", "give", str(id_), "--quarter", quarter, "--light", "green", "--text", "x",
            actor="ulla",
        )  # fmt: skip
        assert (refused.exit_code, refused.stderr) == (
            1,
            f"Error: invalid quarter: {problem} (during the quarter, or late during the next "
            "one); today is 2010-08-18\n",
        )
    wrong = run("status", "give", str(id_), "--quarter", "Q3", "--light", "green", "--text", "x",
                actor="ulla")  # fmt: skip
    assert wrong.exit_code == 2 and "'Q3' is not a quarter such as 2026-Q1" in wrong.stderr
    assert snapshot(engine) == before
    assert [str(s.quarter) for s in read_statuses(engine, id_)] == ["2010-Q2"]
