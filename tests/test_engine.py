"""The engine on real SQLite and PostgreSQL: moves, requirements, history, concurrency."""

from __future__ import annotations

import itertools
import logging
import multiprocessing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from structlog.testing import capture_logs

from tests.helpers import Desk, snapshot
from workflow.base.clock import FixedClock
from workflow.base.errors import (
    ConcurrentChangeError,
    IllegalMoveError,
    NotFoundError,
    UnmetRequirementsError,
    WorkflowError,
)
from workflow.core.facts import DatabaseFacts
from workflow.core.history import read_history
from workflow.core.initiatives import edit, get_initiative, load_row, propose
from workflow.core.machine import machine_for
from workflow.core.moves import advance, check_moves
from workflow.core.people import Person
from workflow.core.requirements import Subject
from workflow.definitions.registry import DEFAULT_FOLDER, Registry, load_registry
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.database import connect

People = dict[str, Person]


def ready_initiative(engine: Engine, registry: Registry, people: People, clock: FixedClock) -> int:
    """An initiative in screening with everything the lifecycle asks for filled in."""
    return propose(
        engine,
        registry,
        actor=people["aase"],
        title="Udbud af forsikring",
        description="Fælles udbud af kommunens forsikringer.",
        category="indkoeb",
        area="Økonomi",
        owner="ulla",
        clock=clock,
    )


def move(
    engine: Engine,
    registry: Registry,
    people: People,
    clock: FixedClock,
    id_: int,
    trigger: str,
    actor: str,
    comment: str | None = None,
) -> str:
    clock.advance(days=7)
    return advance(
        engine,
        registry,
        actor=people[actor],
        initiative_id=id_,
        trigger=trigger,
        clock=clock,
        comment=comment,
    ).to_state


def test_a_proposal_starts_in_screening_with_its_definition_version(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    initiative = get_initiative(engine, id_)
    assert (
        initiative.state,
        initiative.workflow,
        initiative.workflow_version,
        initiative.version,
    ) == (
        "screening",
        "effektivisering",
        1,
        1,
    )
    assert (initiative.proposer, initiative.owner, initiative.title) == (
        "aase",
        "ulla",
        "Udbud af forsikring",
    )
    assert initiative.entered_state_at == clock.now() == initiative.created_at
    [created] = read_history(engine, id_)
    assert (created.kind, created.to_state, created.actor, created.version) == (
        "created",
        "screening",
        "aase",
        1,
    )


def test_the_whole_lifecycle(
    engine: Engine, registry: Registry, people: People, clock: FixedClock, desk: Desk
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    path = [
        ("select", "jens", None),
        ("approve_case", "ulla", None),
        ("organise", "ulla", None),
        ("start", "ulla", None),
        ("complete", "hanne", None),
        ("realise", "hanne", "1,2 mio. kr. om året"),
    ]
    states = []
    for step in path:
        desk.prepare(id_, step[0])  # the decisions and records the move needs
        states.append(move(engine, registry, people, clock, id_, *step))
    assert states == [
        "business_case",
        "organisation",
        "implementation_plan",
        "execution",
        "follow_up",
        "realised",
    ]
    initiative = get_initiative(engine, id_)
    assert (initiative.state, initiative.version, initiative.entered_state_at) == (
        "realised",
        16,
        clock.now(),
    )
    events = read_history(engine, id_)
    transitions = [e for e in events if e.kind == "transition"]
    assert [(e.trigger, e.from_state, e.to_state, e.actor) for e in transitions] == [
        ("select", "screening", "business_case", "jens"),
        ("approve_case", "business_case", "organisation", "ulla"),
        ("organise", "organisation", "implementation_plan", "ulla"),
        ("start", "implementation_plan", "execution", "ulla"),
        ("complete", "execution", "follow_up", "hanne"),
        ("realise", "follow_up", "realised", "hanne"),
    ]
    assert [(e.kind, e.field or e.trigger or e.to_state) for e in events] == [
        ("created", "screening"),
        ("decision", "chief_group"),
        ("transition", "select"),
        ("record", "business_case"),
        ("decision", "chief_group"),
        ("transition", "approve_case"),
        ("record", "organisation"),
        ("transition", "organise"),
        ("record", "plan"),
        ("transition", "start"),
        ("record", "plan"),  # the three milestones, one at a time
        ("record", "plan"),
        ("record", "plan"),
        ("transition", "complete"),
        ("record", "follow_up"),
        ("transition", "realise"),
    ]
    assert events[-1].comment == "1,2 mio. kr. om året"
    assert [e.version for e in events] == list(range(1, 17))


def test_unmet_requirements_are_all_listed_and_nothing_changes(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = propose(
        engine, registry, actor=people["aase"], title="Digitale ambassadører", clock=clock
    )
    before = snapshot(engine)
    with pytest.raises(UnmetRequirementsError) as caught:
        advance(
            engine, registry, actor=people["aase"], initiative_id=id_, trigger="select", clock=clock
        )
    assert str(caught.value) == (
        f"initiative {id_} cannot select (screening -> business_case): "
        "mangler: beskrivelse, kategori / missing: description, category; "
        "mangler beslutning: Chefgruppen / missing decision: the chief group; "
        "kræver rollen task force eller chefgruppe / requires the role task force or chief group"
    )
    assert (
        caught.value.unmet[0] == "mangler: beskrivelse, kategori / missing: description, category"
    )
    assert snapshot(engine) == before


def test_an_unknown_trigger_lists_the_valid_moves(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    with pytest.raises(IllegalMoveError) as caught:
        advance(
            engine,
            registry,
            actor=people["jens"],
            initiative_id=id_,
            trigger="approve_case",
            clock=clock,
        )
    assert str(caught.value) == (
        f"initiative {id_} is in state screening; 'approve_case' is not a move from there. "
        "Valid moves: select, reject, hold, withdraw"
    )


def test_nothing_moves_out_of_a_final_state(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    move(engine, registry, people, clock, id_, "withdraw", "aase")
    with pytest.raises(IllegalMoveError) as caught:
        move(engine, registry, people, clock, id_, "select", "jens")
    assert caught.value.valid == ()
    assert str(caught.value).endswith("Valid moves: none (final state)")


def test_an_unknown_initiative_is_refused(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    with pytest.raises(NotFoundError, match="^no initiative with id 404$"):
        advance(
            engine, registry, actor=people["jens"], initiative_id=404, trigger="select", clock=clock
        )


def test_hold_and_resume_return_to_where_it_was_parked(
    engine: Engine, registry: Registry, people: People, clock: FixedClock, desk: Desk
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    desk.prepare(id_, "select")
    move(engine, registry, people, clock, id_, "select", "jens")
    desk.prepare(id_, "approve_case")
    move(engine, registry, people, clock, id_, "approve_case", "ulla")
    with pytest.raises(UnmetRequirementsError, match="requires a comment"):
        move(engine, registry, people, clock, id_, "hold", "hanne")
    assert (
        move(engine, registry, people, clock, id_, "hold", "hanne", "Afventer budget") == "on_hold"
    )
    _, _, reports = check_moves(engine, registry, actor=people["hanne"], initiative_id=id_)
    assert [(r.transition.trigger, r.dest, r.possible) for r in reports] == [
        ("resume", "organisation", True),
        ("withdraw", "withdrawn", False),
    ]
    assert move(engine, registry, people, clock, id_, "resume", "hanne") == "organisation"
    assert get_initiative(engine, id_).previous_state == "on_hold"


def test_check_judges_every_move_for_the_actor(
    engine: Engine, registry: Registry, people: People, clock: FixedClock, desk: Desk
) -> None:
    id_ = propose(
        engine,
        registry,
        actor=people["aase"],
        title="Græsslåningsrobotter",
        category="arbejdsgange",
        clock=clock,
    )
    _, row, reports = check_moves(engine, registry, actor=people["jens"], initiative_id=id_)
    assert row["state"] == "screening"
    select_ = reports[0]
    assert (select_.transition.trigger, select_.possible) == ("select", False)
    assert [(o.met, o.text) for o in select_.outcomes] == [
        (False, "mangler: beskrivelse / missing: description"),
        (False, "mangler beslutning: Chefgruppen / missing decision: the chief group"),
        (True, "rolle task force eller chefgruppe / role task force or chief group"),
    ]
    reject = reports[1]
    assert reject.possible  # the comment is given with the move itself
    desk.go(id_)
    _, _, reports = check_moves(engine, registry, actor=people["jens"], initiative_id=id_)
    assert [(o.met, o.text) for o in reports[0].outcomes] == [
        (False, "mangler: beskrivelse / missing: description"),
        (True, "godkendt af Chefgruppen / approved by the chief group"),
        (True, "rolle task force eller chefgruppe / role task force or chief group"),
    ]


def test_the_owner_must_hold_the_project_owner_role(
    engine: Engine, registry: Registry, people: People, clock: FixedClock, desk: Desk
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    edit(
        engine,
        registry,
        actor=people["hanne"],
        initiative_id=id_,
        changes={"owner": "aase"},
        clock=clock,
    )
    desk.prepare(id_, "select")
    move(engine, registry, people, clock, id_, "select", "jens")
    desk.file(id_, "business_case", by="hanne")
    desk.go(id_)  # everything else approve_case needs is there
    with pytest.raises(UnmetRequirementsError) as caught:
        move(engine, registry, people, clock, id_, "approve_case", "hanne")
    assert caught.value.unmet == (
        "ikke opfyldt: projektejeren har rollen projektejer / "
        "not met: the owner holds the project owner role",
    )


def test_edit_records_each_field_and_refuses_strangers(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    version = edit(
        engine,
        registry,
        actor=people["ulla"],
        initiative_id=id_,
        changes={"title": "Udbud af forsikringer", "area": ""},
        clock=clock,
    )
    assert version == 2
    events = read_history(engine, id_)[1:]
    assert [(e.field, e.old_value, e.new_value, e.version) for e in events] == [
        ("title", "Udbud af forsikring", "Udbud af forsikringer", 2),
        ("area", "Økonomi", None, 2),
    ]
    before = snapshot(engine)
    with pytest.raises(WorkflowError, match="jens may not change initiative"):
        edit(
            engine,
            registry,
            actor=people["jens"],
            initiative_id=id_,
            changes={"area": "X"},
            clock=clock,
        )
    with pytest.raises(WorkflowError, match="^invalid title: must be one line without control"):
        edit(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=id_,
            changes={"title": "Udbud\nBcc: alle@kommune.dk"},
            clock=clock,
        )
    with pytest.raises(WorkflowError, match="^invalid category: unknown category 'mad'"):
        edit(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=id_,
            changes={"category": "mad"},
            clock=clock,
        )
    with pytest.raises(WorkflowError, match="^unknown person 'nobody'"):
        edit(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=id_,
            changes={"owner": "nobody"},
            clock=clock,
        )
    assert snapshot(engine) == before


def test_a_stale_version_is_refused_and_nothing_is_written(
    engine: Engine, registry: Registry, people: People, clock: FixedClock, desk: Desk
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    desk.go(id_)  # so that only the version stands in the way
    seen = get_initiative(engine, id_).version
    edit(
        engine,
        registry,
        actor=people["ulla"],
        initiative_id=id_,
        changes={"area": "HR"},
        clock=clock,
    )
    before = snapshot(engine)
    with pytest.raises(ConcurrentChangeError) as caught:
        advance(
            engine,
            registry,
            actor=people["jens"],
            initiative_id=id_,
            trigger="select",
            clock=clock,
            expected_version=seen,
        )
    assert str(caught.value) == (
        f"initiative {id_} changed since you read it (you read version 2); "
        "nothing was written, look again and retry"
    )
    with pytest.raises(ConcurrentChangeError):
        edit(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=id_,
            changes={"area": "IT"},
            clock=clock,
            expected_version=seen,
        )
    assert snapshot(engine) == before


def test_one_log_event_per_transition(
    engine: Engine,
    registry: Registry,
    people: People,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
    desk: Desk,
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    desk.go(id_)
    caplog.set_level(logging.INFO, logger="tiltag")
    with capture_logs() as logs:
        move(engine, registry, people, clock, id_, "select", "jens")
    assert logs == [
        {
            "event": "transition",
            "log_level": "info",
            "initiative": id_,
            "workflow": "effektivisering@1",
            "trigger": "select",
            "from_state": "screening",
            "to_state": "business_case",
            "actor": "jens",
            "version": 3,
        }
    ]


def _race(url: str, initiative_id: int, barrier: Any, results: Any) -> None:
    """One process: wait for the others, then try the same move."""
    from workflow.core.people import find_person

    engine = connect(url)
    registry = load_registry(DEFAULT_FOLDER)
    actor = find_person(engine, "jens")
    barrier.wait()
    try:
        advance(
            engine,
            registry,
            actor=actor,
            initiative_id=initiative_id,
            trigger="select",
            clock=FixedClock(datetime(2010, 9, 1, tzinfo=UTC)),
        )
        results.put("moved")
    except WorkflowError as exc:
        results.put(type(exc).__name__)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_concurrent_moves_from_several_processes_apply_once(
    database_url: str,
    engine: Engine,
    registry: Registry,
    people: People,
    clock: FixedClock,
    desk: Desk,
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    desk.go(id_)
    context = multiprocessing.get_context("spawn")
    workers = 4
    barrier = context.Barrier(workers)
    results = context.Queue()
    processes = [
        context.Process(target=_race, args=(database_url, id_, barrier, results))
        for _ in range(workers)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=60)
    outcomes = sorted(results.get(timeout=5) for _ in range(workers))
    assert outcomes.count("moved") == 1
    # A loser read either before the winner committed (a concurrent change) or after it (the
    # initiative has left screening): never "the chief group's go is missing".
    assert set(outcomes) - {"moved"} <= {"ConcurrentChangeError", "IllegalMoveError"}
    transitions = [e for e in read_history(engine, id_) if e.kind == "transition"]
    assert [(e.from_state, e.to_state) for e in transitions] == [("screening", "business_case")]
    assert get_initiative(engine, id_).version == 3


def test_a_move_that_loses_a_race_is_refused_as_a_concurrent_change(
    engine: Engine,
    registry: Registry,
    people: People,
    clock: FixedClock,
    desk: Desk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import workflow.core.moves

    id_ = ready_initiative(engine, registry, people, clock)
    desk.go(id_)
    from workflow.core.initiatives import load_row as real_load_row

    def then_someone_else_moves(conn: Any, initiative_id: int) -> Any:
        row = real_load_row(conn, initiative_id)
        monkeypatch.setattr(workflow.core.moves, "load_row", real_load_row)
        move(engine, registry, people, clock, id_, "select", "hanne")  # commits first
        return row

    monkeypatch.setattr(workflow.core.moves, "load_row", then_someone_else_moves)
    with pytest.raises(ConcurrentChangeError):
        move(engine, registry, people, clock, id_, "select", "jens")
    assert [e.actor for e in read_history(engine, id_) if e.kind == "transition"] == ["hanne"]


def test_a_crash_between_the_state_write_and_its_history_leaves_nothing_half_done(
    engine: Engine,
    registry: Registry,
    people: People,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    desk: Desk,
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    desk.go(id_)
    before = snapshot(engine)

    def crash(*_: Any, **__: Any) -> None:
        raise RuntimeError("power cut")

    # The state UPDATE has run when the history INSERT fails: the transaction must roll back.
    monkeypatch.setattr("workflow.core.moves.append_event", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        advance(
            engine, registry, actor=people["jens"], initiative_id=id_, trigger="select", clock=clock
        )
    assert snapshot(engine) == before
    monkeypatch.undo()
    assert move(engine, registry, people, clock, id_, "select", "jens") == "business_case"


def test_the_demo_replaces_its_own_file_and_never_touches_a_database_in_use(
    database_url: str, engine: Engine, registry: Registry, people: People, tmp_path: Path
) -> None:
    from workflow.demo.run import new_demo_database, run_demo

    before = snapshot(engine)
    refusal = (
        "^the demo replaces only a database it made itself"
        if database_url.startswith("sqlite")
        else "^the demo needs a new database, and .* is in use"
    )
    with pytest.raises(WorkflowError, match=refusal):
        new_demo_database(database_url)
    assert snapshot(engine) == before
    new_file = tmp_path / "demo.db"
    for _ in range(2):  # the second time, its own file is replaced
        demo_engine = new_demo_database(str(new_file))
        assert run_demo(demo_engine, registry).steps == 59
        demo_engine.dispose()


def test_moves_store_times_exactly_as_the_models_do(
    engine: Engine, registry: Registry, people: People, clock: FixedClock, desk: Desk
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    desk.go(id_)
    move(engine, registry, people, clock, id_, "select", "jens")
    with engine.connect() as conn:
        created, entered, updated = conn.execute(
            select(INITIATIVE.c.created_at, INITIATIVE.c.entered_state_at, INITIATIVE.c.updated_at)
        ).one()
        raw = conn.exec_driver_sql("SELECT created_at, entered_state_at FROM initiative").one()
    assert entered == updated == clock.now()
    assert entered.tzinfo is not None and created.tzinfo is not None
    # Written by propose (through the ORM types) and by advance (through the move path):
    # the driver sees the same representation.
    assert type(raw[0]) is type(raw[1])
    if isinstance(raw[0], str):
        assert len(raw[0]) == len(raw[1])


def test_a_refused_resume_names_where_it_would_return(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    move(engine, registry, people, clock, id_, "hold", "hanne", "Afventer budget")
    with pytest.raises(UnmetRequirementsError) as caught:
        move(engine, registry, people, clock, id_, "resume", "ulla")
    assert str(caught.value).startswith(
        f"initiative {id_} cannot resume (on_hold -> screening): kræver rollen"
    )


def test_an_edit_that_changes_nothing_still_refuses_a_stale_version(
    engine: Engine, registry: Registry, people: People, clock: FixedClock
) -> None:
    id_ = ready_initiative(engine, registry, people, clock)
    edit(
        engine,
        registry,
        actor=people["ulla"],
        initiative_id=id_,
        changes={"area": "HR"},
        clock=clock,
    )
    with pytest.raises(ConcurrentChangeError):
        edit(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=id_,
            changes={"area": "HR"},
            clock=clock,
            expected_version=1,
        )
    assert (
        edit(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=id_,
            changes={"area": "HR"},
            clock=clock,
            expected_version=2,
        )
        == 2
    )


@pytest.mark.parametrize("workflow", ["effektivisering", "proevehandling"])
def test_the_table_decides_every_move_as_the_library_fires_it(workflow: str, desk: Desk) -> None:
    """From every state, having come from any state or none, every trigger of the definition,
    by every person, with and without a comment: the machine's table reaches the same state as
    the `transitions` machine firing its event, or refuses with the same unmet requirements."""
    id_ = desk.propose(workflow)
    definition = desk.registry.latest(workflow)
    machine = machine_for(definition)
    states = [s.name for s in definition.states]
    compared = 0
    with desk.engine.connect() as conn:
        stored = load_row(conn, id_)
        for state, previous in itertools.product(states, [None, *states]):
            row = {**stored, "state": state, "previous_state": previous}
            for trigger, person, comment in itertools.product(
                machine.triggers_from(state), desk.people.values(), (None, "Begrundelse")
            ):
                subject = Subject(row, definition, person, comment, DatabaseFacts(conn, row))
                dest, tried = machine.fire_reference(trigger, state, previous, subject)
                try:
                    reached = machine.fire(trigger, state, previous, subject, id_)
                except UnmetRequirementsError as refusal:
                    assert dest is None
                    unmet = [o.text for o in tried[0][1] if not o.met] if tried else None
                    assert unmet is None or list(refusal.unmet) == unmet
                else:
                    assert reached == dest
                compared += 1
    assert compared > 500
