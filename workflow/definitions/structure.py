"""Structural checks of a definition: small named functions, each naming what is at fault."""

from __future__ import annotations

from collections.abc import Callable

from workflow.base.errors import DefinitionError
from workflow.base.vocabulary import DECISION_KINDS, FIELDS, FORUMS, RECORD_KINDS, ROLES
from workflow.definitions import checks
from workflow.definitions.model import PREVIOUS, Definition, Gate, Transition

__all__ = ["ACTOR_RELATIONS", "check_structure"]

# Who the acting person may be, relative to the initiative, in an `actor_is` requirement.
ACTOR_RELATIONS = ("owner", "proposer")


def check_structure(definition: Definition) -> None:
    """Run every structural check; the first failure raises.

    Raises:
        DefinitionError: naming the file, the line and the state, transition or key at fault.
    """
    for rule in _RULES:
        rule(definition)


def _fail(definition: Definition, line: int | None, problem: str) -> DefinitionError:
    return DefinitionError(definition.path, line, problem)


def _one_initial_state(definition: Definition) -> None:
    initial = [s for s in definition.states if s.initial]
    if len(initial) != 1:
        names = ", ".join(s.name for s in initial) or "none"
        line = initial[1].line if len(initial) > 1 else definition.states[0].line
        raise _fail(definition, line, f"exactly one state must be initial (found: {names})")
    if initial[0].final:
        raise _fail(
            definition,
            initial[0].line,
            f"state '{initial[0].name}' cannot be both initial and final",
        )


def _states_exist(definition: Definition) -> None:
    for t in definition.transitions:
        for source in t.sources:
            if not definition.has_state(source):
                raise _fail(
                    definition, t.line, f"transition '{t.trigger}' leaves unknown state '{source}'"
                )
        if t.dest != PREVIOUS and not definition.has_state(t.dest):
            raise _fail(
                definition, t.line, f"transition '{t.trigger}' goes to unknown state '{t.dest}'"
            )


def _nothing_leaves_a_final_state(definition: Definition) -> None:
    for t in definition.transitions:
        for source in t.sources:
            if definition.state(source).final:
                raise _fail(
                    definition,
                    t.line,
                    f"transition '{t.trigger}' leaves final state '{source}'; "
                    "final states are ends",
                )


def _each_move_is_unambiguous(definition: Definition) -> None:
    seen: dict[tuple[str, str], int | None] = {}
    for t in definition.transitions:
        for source in t.sources:
            if (t.trigger, source) in seen:
                raise _fail(
                    definition,
                    t.line,
                    f"trigger '{t.trigger}' leaves state '{source}' twice "
                    f"(also at line {seen[(t.trigger, source)]})",
                )
            seen[(t.trigger, source)] = t.line


def _returns_have_somewhere_to_return(definition: Definition) -> None:
    for t in definition.transitions:
        if t.dest == PREVIOUS and not definition.returns_to(t):
            raise _fail(
                definition,
                t.line,
                f"transition '{t.trigger}' returns to the previous state, but nothing enters "
                f"{', '.join(t.sources)} from elsewhere",
            )


def _destinations(definition: Definition, t: Transition) -> tuple[str, ...]:
    return definition.returns_to(t) if t.dest == PREVIOUS else (t.dest,)


def _every_state_reachable(definition: Definition) -> None:
    reached = {definition.initial.name}
    frontier = [definition.initial.name]
    followed: set[int] = set()  # a move leads to the same places from each of its sources
    while frontier:
        state = frontier.pop()
        for t in definition.outgoing(state):
            if id(t) in followed:
                continue
            followed.add(id(t))
            for dest in _destinations(definition, t):
                if dest not in reached:
                    reached.add(dest)
                    frontier.append(dest)
    for s in definition.states:
        if s.name not in reached:
            raise _fail(
                definition,
                s.line,
                f"state '{s.name}' cannot be reached from the initial state "
                f"'{definition.initial.name}'",
            )


def _every_open_state_has_a_way_out(definition: Definition) -> None:
    for s in definition.states:
        if not s.final and not any(True for _ in definition.outgoing(s.name)):
            raise _fail(
                definition,
                s.line,
                f"state '{s.name}' is not final but no transition leaves it",
            )


def _requirements_use_known_words(definition: Definition) -> None:
    known: dict[str, tuple[str, Callable[[], list[str]]]] = {
        "field": ("field", lambda: list(FIELDS)),
        "role": ("role", lambda: list(ROLES)),
        "actor_is": ("actor relation", lambda: list(ACTOR_RELATIONS)),
        "check": ("check", checks.names),
        "record": ("record", lambda: list(RECORD_KINDS)),
    }
    for t in definition.transitions:
        for r in t.all_requirements():
            if r.kind not in known:
                continue
            what, allowed = known[r.kind]
            for value in r.values:
                if value not in allowed():
                    raise _fail(
                        definition,
                        r.line,
                        f"transition '{t.trigger}' requires unknown {what} '{value}'; "
                        f"known: {', '.join(allowed())}",
                    )


def _gates_are_sound(definition: Definition) -> None:
    seen: set[str] = set()
    for gate in definition.gates:
        where = f"gate '{gate.state}'"
        if not definition.has_state(gate.state):
            raise _fail(definition, gate.line, f"{where} is at unknown state '{gate.state}'")
        if definition.state(gate.state).final:
            raise _fail(definition, gate.line, f"{where} is at final state '{gate.state}'")
        if gate.state in seen:
            raise _fail(definition, gate.line, f"{where} is declared twice")
        seen.add(gate.state)
        _gate_names_known_words(definition, gate, where)
        moves = {t.trigger: t for t in definition.outgoing(gate.state)}
        for trigger in (gate.on_reject, gate.on_hold):
            if trigger not in moves:
                raise _fail(
                    definition,
                    gate.line,
                    f"{where}: a reject or hold decision fires '{trigger}', "
                    f"which does not leave '{gate.state}'",
                )
            _forums_may_fire(definition, gate, moves[trigger])


def _gate_names_known_words(definition: Definition, gate: Gate, where: str) -> None:
    """Each forum of a gate, and each kind of decision it is asked for, is a known one."""
    for decision in gate.decisions:
        if decision.forum not in FORUMS:
            raise _fail(
                definition,
                decision.line,
                f"{where} names unknown forum '{decision.forum}'; known: {', '.join(FORUMS)}",
            )
        for kind in decision.when_decision_kind:
            if kind not in DECISION_KINDS:
                raise _fail(
                    definition,
                    decision.line,
                    f"{where} names unknown kind of decision '{kind}'; "
                    f"known: {', '.join(DECISION_KINDS)}",
                )


def _forums_may_fire(definition: Definition, gate: Gate, move: Transition) -> None:
    """Each forum deciding at `gate` holds a role that the move its reject or hold makes allows."""
    for r in move.requires:
        if r.kind != "role":
            continue
        for forum in gate.forums():
            if forum not in r.values:
                raise _fail(
                    definition,
                    r.line,
                    f"gate '{gate.state}': {forum} decides there, but '{move.trigger}' "
                    f"(what its reject or hold does) allows only the roles {', '.join(r.values)}",
                )


def _decisions_are_asked_only_at_gates(definition: Definition) -> None:
    for t in definition.transitions:
        if any(r.kind == "decisions" for r in t.all_requirements()):
            for source in t.sources:
                if definition.gate(source) is None:
                    raise _fail(
                        definition,
                        t.line,
                        f"transition '{t.trigger}' requires decisions, but no gate is declared "
                        f"at '{source}'",
                    )


def _gains_count_where_there_are_business_cases(definition: Definition) -> None:
    if "business_case" in definition.record_kinds():
        return
    for s in definition.states:
        if s.counts_gains:
            raise _fail(
                definition,
                s.line,
                f"state '{s.name}' counts gains, but initiatives of {definition.name} carry no "
                "business case (no move requires one)",
            )


def _benefits_followed_up_where_done(definition: Definition) -> None:
    """Benefits follow-up is for an initiative that has ended as done and carries a business
    case (its gains and their last year say how long it is asked)."""
    for s in definition.states:
        if not s.benefits_follow_up:
            continue
        if not s.final:
            raise _fail(
                definition,
                s.line,
                f"state '{s.name}' has benefits follow-up, but it is not final: an initiative "
                "still under way gives its quarterly status instead",
            )
        if "business_case" not in definition.record_kinds():
            raise _fail(
                definition,
                s.line,
                f"state '{s.name}' has benefits follow-up, but initiatives of {definition.name} "
                "carry no business case (no move requires one)",
            )


_RULES: tuple[Callable[[Definition], None], ...] = (
    _one_initial_state,
    _states_exist,
    _nothing_leaves_a_final_state,
    _each_move_is_unambiguous,
    _returns_have_somewhere_to_return,
    _every_state_reachable,
    _every_open_state_has_a_way_out,
    _requirements_use_known_words,
    _gates_are_sound,
    _decisions_are_asked_only_at_gates,
    _gains_count_where_there_are_business_cases,
    _benefits_followed_up_where_done,
)
