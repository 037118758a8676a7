"""Random histories: whatever people try (moves, forum decisions, records, milestones), an
initiative stays in a reachable state, every write is one version with one history event, the
history replays to exactly where it is, and no move out of a gate was made without the go of
every forum the gate needed since the initiative last entered it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from tests.helpers import COMPLETE, DECIDER, Desk
from workflow.base.errors import ConcurrentChangeError, NotFoundError, WorkflowError
from workflow.core.facts import latest_decisions
from workflow.core.history import HistoryEvent, read_history
from workflow.core.initiatives import get_initiative, load_row
from workflow.core.machine import machine_for
from workflow.core.moves import check_moves
from workflow.definitions.model import PREVIOUS, Definition
from workflow.definitions.registry import Registry
from workflow.records.documents import Plan
from workflow.records.reading import read_record
from workflow.storage.core_tables import INITIATIVE

WORKFLOWS = ["effektivisering", "proevehandling"]
TRIGGERS = sorted(
    {
        "select",
        "approve_case",
        "organise",
        "start",
        "complete",
        "realise",
        "reject",
        "hold",
        "resume",
        "withdraw",
        "approve",
        "evaluate",
        "scale",
        "discard",
        "launch",
    }
)
ACTORS = ["aase", "ulla", "jens", "birgit", "carl", "hanne", "admin"]
FORUMS = sorted(DECIDER)
OUTCOMES = ["go", "reject", "hold", "recycle"]
FILINGS: list[tuple[str, dict[str, Any]]] = [
    *COMPLETE.items(),
    ("business_case", {**COMPLETE["business_case"], "decision_kind": "economic_committee"}),
    ("business_case", {**COMPLETE["business_case"], "decision_kind": "city_council"}),
    ("business_case", {"solution": "Kun en idé."}),
    ("follow_up", {"verdict": "achieved"}),
    ("trial", {"purpose": "Uden kriterier."}),
]

# The main path of each lifecycle: the move that takes an initiative on from each state.
FORWARD = {
    "effektivisering": {
        "screening": "select",
        "business_case": "approve_case",
        "organisation": "organise",
        "implementation_plan": "start",
        "execution": "complete",
        "follow_up": "realise",
        "on_hold": "resume",
    },
    "proevehandling": {
        "proposed": "approve",
        "approved": "start",
        "running": "evaluate",
        "evaluated": "scale",
        "on_hold": "resume",
    },
}
MAIN_PATH = {
    "effektivisering": [
        "screening",
        "business_case",
        "organisation",
        "implementation_plan",
        "execution",
        "follow_up",
        "realised",
    ],
    "proevehandling": ["proposed", "approved", "running", "evaluated", "scaled"],
}

# The histories must get past this state (in the lifecycle's own order) for the run to count.
SECOND_GATE = {"effektivisering": "business_case", "proevehandling": "running"}

actions = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(TRIGGERS), st.sampled_from(ACTORS), st.booleans()),
    st.tuples(
        st.just("decide"),
        st.sampled_from(FORUMS),
        st.sampled_from(OUTCOMES),
        st.sampled_from(ACTORS),
    ),
    st.tuples(st.just("file"), st.sampled_from(FILINGS), st.sampled_from(ACTORS)),
    st.tuples(st.just("done"), st.integers(1, 4), st.sampled_from(ACTORS)),
    # A few steps along the main path: what people do when things go well.
    st.tuples(st.just("next"), st.integers(1, 6)),
)
histories = st.lists(actions, max_size=25)


def reachable(definition: Definition) -> set[str]:
    seen = {definition.initial.name}
    frontier = [definition.initial.name]
    while frontier:
        for t in definition.outgoing(frontier.pop()):
            dests = [s.name for s in definition.states] if t.dest == PREVIOUS else [t.dest]
            for dest in dests:
                if dest not in seen:
                    seen.add(dest)
                    frontier.append(dest)
    return seen


def replay(definition: Definition, events: list[HistoryEvent]) -> str:
    """The state the recorded triggers lead to, following only the definition's structure; on
    the way, every move out of a gate must follow a go of each forum the gate needs (for the
    kind of decision filed at the time), as that forum's latest decision since the initiative
    entered the gate."""
    machine = machine_for(definition)
    state, previous = events[0].to_state, None
    assert events[0].kind == "created" and state == definition.initial.name
    assert state is not None
    since_entry: dict[str, str] = {}
    decision_kind = None
    for event_ in events[1:]:
        if event_.kind == "decision":
            assert event_.field is not None and event_.new_value is not None
            since_entry[event_.field] = event_.new_value
            continue
        if event_.kind == "record" and event_.field == "business_case":
            decision_kind = json.loads(event_.new_value or "{}").get("decision_kind")
            continue
        if event_.kind != "transition":
            continue
        assert state is not None and event_.trigger is not None
        assert event_.trigger in machine.triggers_from(state)
        transition = machine.transition(event_.trigger, state)
        if any(r.kind == "decisions" for r in transition.requires):
            gate = definition.gate(state)
            assert gate is not None
            assert {f: since_entry.get(f) for f in gate.required(decision_kind)} == {
                f: "go" for f in gate.required(decision_kind)
            }
        dest = previous if transition.dest == PREVIOUS else transition.dest
        assert (event_.from_state, event_.to_state) == (state, dest)
        state, previous = dest, state
        since_entry = {}
    assert state is not None
    return state


def next_step(desk: Desk, id_: int) -> Callable[[], int] | None:
    """The one write that takes the initiative on along its main path, if there is one."""
    initiative = get_initiative(desk.engine, id_)
    trigger = FORWARD[initiative.workflow].get(initiative.state)
    if trigger is None:
        return None
    _, _, reports = check_moves(
        desk.engine, desk.registry, actor=desk.people["hanne"], initiative_id=id_
    )
    report = next(r for r in reports if r.transition.trigger == trigger)
    for outcome in report.outcomes:
        if outcome.met:
            continue
        kind = outcome.requirement.kind
        if kind == "decisions":
            with desk.engine.connect() as conn:
                decided = latest_decisions(conn, load_row(conn, id_))
            forum = next(
                f for f in desk.forums_needed(id_) if f not in decided or decided[f].outcome != "go"
            )
            return lambda: desk.decide(id_, forum, "go").version
        if kind == "record":
            kind_ = outcome.requirement.values[0]
            return lambda: desk.file(id_, kind_, COMPLETE[kind_], by="hanne")
        if kind == "milestones":
            with desk.engine.connect() as conn:
                plan = read_record(conn, id_, "plan")
            assert isinstance(plan, Plan)
            number = next(n for n, m in enumerate(plan.milestones, 1) if m.open)
            return lambda: desk.done(id_, number, by="hanne")
    return lambda: desk.advance(id_, trigger, "hanne", "Begrundelse").version


def attempt(desk: Desk, id_: int, action: tuple[Any, ...]) -> Callable[[], int] | None:
    """The write a random action tries."""
    what = action[0]
    if what == "move":
        _, trigger, actor, with_comment = action
        comment = "Begrundelse" if with_comment else None
        return lambda: desk.advance(id_, trigger, actor, comment).version
    if what == "decide":
        _, forum, outcome, actor = action
        redo = "Gør det om." if outcome == "recycle" else None
        return lambda: desk.decide(id_, forum, outcome, by=actor, redo=redo).version
    if what == "file":
        _, (kind, data), actor = action
        return lambda: desk.file(id_, kind, data, by=actor)
    if what == "done":
        _, number, actor = action
        return lambda: desk.done(id_, number, by=actor)
    return None


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_random_histories_keep_initiatives_sound(
    workflow: str, engine: Engine, registry: Registry, desk: Desk
) -> None:
    definition = registry.latest(workflow)
    states = reachable(definition)
    deepest = 0

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tries=histories)
    def check(tries: list[tuple[Any, ...]]) -> None:
        nonlocal deepest
        id_ = desk.propose(workflow, title="Tilfældigt tiltag", area="Test")
        version, depth = 1, 0
        for action in tries:
            steps = action[1] if action[0] == "next" else 1
            for _ in range(steps):
                desk.clock.advance(days=1)
                write = next_step(desk, id_) if action[0] == "next" else attempt(desk, id_, action)
                if write is None:
                    break
                try:
                    version = write()
                except (ConcurrentChangeError, NotFoundError):
                    raise  # never expected here: a bug, not a refusal
                except WorkflowError:
                    pass  # refused (illegal move, unmet requirements, ...): nothing changed
                initiative = get_initiative(engine, id_)
                assert initiative.state in states
                assert initiative.version == version
                if initiative.state in MAIN_PATH[workflow]:
                    depth = max(depth, MAIN_PATH[workflow].index(initiative.state))
        target(float(depth))  # steer towards long paths through the lifecycle
        event(f"reached {MAIN_PATH[workflow][depth]}")
        deepest = max(deepest, depth)
        events = read_history(engine, id_)
        assert [e.version for e in events] == list(range(1, version + 1))
        assert replay(definition, events) == get_initiative(engine, id_).state
        scaled = sum(e.trigger == "scale" for e in events)
        with engine.connect() as conn:
            grown = conn.execute(
                select(INITIATIVE.c.workflow, INITIATIVE.c.state).where(
                    INITIATIVE.c.origin_id == id_
                )
            ).all()
        assert [tuple(row) for row in grown] == [("effektivisering", "screening")] * scaled

    check()
    # The random histories went deep into the lifecycle, not only round its first gate.
    assert deepest > MAIN_PATH[workflow].index(SECOND_GATE[workflow])
