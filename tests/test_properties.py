"""Random histories: whatever people try, an initiative stays in a reachable state and its
history replays to exactly where it is."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st
from sqlalchemy import Engine

from workflow.clock import FixedClock
from workflow.definition import PREVIOUS, Definition
from workflow.engine import advance
from workflow.errors import IllegalMoveError, UnmetRequirementsError
from workflow.history import HistoryEvent, read_history
from workflow.initiatives import get_initiative, propose
from workflow.machine import machine_for
from workflow.people import PersonRecord
from workflow.registry import Registry

DEFINITION_TRIGGERS = sorted(
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
        "launch",
    }
)
ACTORS = ["aase", "ulla", "jens", "birgit", "hanne", "admin"]

attempts = st.lists(
    st.tuples(st.sampled_from(DEFINITION_TRIGGERS), st.sampled_from(ACTORS), st.booleans()),
    max_size=25,
)


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
    """The state the recorded triggers lead to, following only the definition's structure."""
    machine = machine_for(definition)
    state, previous = events[0].to_state, None
    assert events[0].kind == "created" and state == definition.initial.name
    for event in events[1:]:
        if event.kind != "transition":
            continue
        assert event.trigger in machine.triggers_from(state)
        transition = next(t for t in definition.outgoing(state) if t.trigger == event.trigger)
        dest = previous if transition.dest == PREVIOUS else transition.dest
        assert (event.from_state, event.to_state) == (state, dest)
        state, previous = dest, state
    assert state is not None
    return state


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tries=attempts)
def test_random_moves_keep_initiatives_sound(
    tries: list[tuple[str, str, bool]],
    engine: Engine,
    registry: Registry,
    people: dict[str, PersonRecord],
    clock: FixedClock,
) -> None:
    initiative_id = propose(
        engine,
        registry,
        actor=people["aase"],
        title="Tilfældigt tiltag",
        description="Prøve",
        category="andre",
        area="Test",
        owner="ulla",
        clock=clock,
    )
    definition = registry.latest("effektivisering")
    states = reachable(definition)
    moves = 0
    for trigger, actor, with_comment in tries:
        clock.advance(days=1)
        try:
            advance(
                engine,
                registry,
                actor=people[actor],
                initiative_id=initiative_id,
                trigger=trigger,
                clock=clock,
                comment="Begrundelse" if with_comment else None,
            )
            moves += 1
        except (IllegalMoveError, UnmetRequirementsError):
            pass
        record = get_initiative(engine, initiative_id)
        assert record.state in states
        assert record.version == moves + 1
    target(float(moves))  # steer towards long paths through the lifecycle
    events = read_history(engine, initiative_id)
    assert len(events) == moves + 1
    assert replay(definition, events) == get_initiative(engine, initiative_id).state
