"""One state machine per definition: a `transitions` machine, and the table of moves read off it.

The machine decides which moves exist and evaluates their requirements; the database stays the
source of truth. No machine is built per initiative: `machine_for` caches one per definition.
The `transitions` machine is built from the definition (a move to `previous` becomes one
transition per state it can return to, guarded by where the initiative came from); a move is
decided from the table of its transitions, read off it once, with the same guards. Firing the
library's event would run its callback machinery (event data, enter and exit callbacks, debug
logging) for callbacks this engine does not have: about 14 µs a move, a fifth of what tiltag adds
to the database's own work. `reference` gives the library's machine; the tests fire both and
compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from transitions import EventData, Machine

from workflow.base.errors import IllegalMoveError, UnmetRequirementsError
from workflow.core.requirements import Outcome, Subject, evaluate_all
from workflow.definitions.model import PREVIOUS, Definition, Transition

__all__ = ["DefinitionMachine", "machine_for"]


@dataclass
class _Holder:
    """The model `transitions` moves: just the state and where the initiative came from."""

    state: str
    previous_state: str | None


@dataclass
class _Attempt:
    """Carries the subject into the conditions and the verdicts back out."""

    subject: Subject
    tried: list[tuple[Transition, list[Outcome]]] = field(default_factory=list)


@dataclass(frozen=True)
class _Route:
    """One way a trigger leaves a state: where to, and from where the initiative must have come
    (a move to `previous`), with the definition's transition whose requirements guard it."""

    dest: str
    came_from: str | None
    transition: Transition


class DefinitionMachine:
    """The state machine of one definition."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        # state -> trigger -> transition, in definition order
        self._moves: dict[str, dict[str, Transition]] = {
            s.name: {t.trigger: t for t in definition.outgoing(s.name)} for s in definition.states
        }
        specs: list[dict[str, Any]] = []
        for t in definition.transitions:
            if t.dest == PREVIOUS:
                for back in definition.returns_to(t):
                    specs.append(self._spec(t, back, [_came_from(back)]))
            else:
                specs.append(self._spec(t, t.dest, []))
        self.reference = Machine(
            model=None,
            states=[s.name for s in definition.states],
            initial=definition.initial.name,
            transitions=specs,
            auto_transitions=False,
            send_event=True,
        )
        # state -> trigger -> the routes of the library's transitions, in its order
        self._routes: dict[str, dict[str, tuple[_Route, ...]]] = {
            state: {trigger: self._read_routes(trigger, state, t) for trigger, t in moves.items()}
            for state, moves in self._moves.items()
        }

    def _read_routes(self, trigger: str, state: str, transition: Transition) -> tuple[_Route, ...]:
        routes = []
        for route in self.reference.events[trigger].transitions[state]:
            dest = str(route.dest)  # every transition built above has one
            routes.append(_Route(dest, dest if transition.dest == PREVIOUS else None, transition))
        return tuple(routes)

    @staticmethod
    def _spec(t: Transition, dest: str, guards: list[Any]) -> dict[str, Any]:
        return {
            "trigger": t.trigger,
            "source": list(t.sources),
            "dest": dest,
            "conditions": [*guards, _requirements_met(t)],
        }

    def transition(self, trigger: str, state: str) -> Transition:
        """The declared transition `trigger` out of `state` (it exists: `fire` succeeded)."""
        return self._moves[state][trigger]

    def triggers_from(self, state: str) -> list[str]:
        """The triggers that exist from `state`, in definition order."""
        return list(self._moves.get(state, ()))

    def fire(
        self,
        trigger: str,
        state: str,
        previous_state: str | None,
        subject: Subject,
        initiative_id: int,
    ) -> str:
        """Try `trigger` from `state` and return the destination state.

        Raises:
            IllegalMoveError: the trigger does not leave `state`.
            UnmetRequirementsError: it does, but requirements are not met.
        """
        routes = self._routes.get(state, {}).get(trigger)
        if routes is None:
            raise IllegalMoveError(initiative_id, state, trigger, self.triggers_from(state))
        for route in routes:
            if route.came_from is not None and route.came_from != previous_state:
                continue
            outcomes = evaluate_all(route.transition.requires, subject)
            if all(o.met for o in outcomes):
                return route.dest
            raise UnmetRequirementsError(
                initiative_id,
                trigger,
                state,
                route.dest,
                [o.text for o in outcomes if not o.met],
            )
        # Only a `dest: previous` transition can refuse before its requirements: it has
        # nowhere to return to.
        raise UnmetRequirementsError(
            initiative_id,
            trigger,
            state,
            PREVIOUS,
            [
                f"ingen tidligere tilstand at vende tilbage til / no previous state "
                f"to return to (was: {previous_state})"
            ],
        )

    def fire_reference(
        self, trigger: str, state: str, previous_state: str | None, subject: Subject
    ) -> tuple[str | None, list[tuple[Transition, list[Outcome]]]]:
        """Fire the library's own event: the state it reaches (None if refused) and the
        requirements it judged unmet; what `fire` must agree with."""
        holder = _Holder(state, previous_state)
        attempt = _Attempt(subject)
        if self.reference.events[trigger].trigger(holder, attempt=attempt):
            return holder.state, attempt.tried
        return None, attempt.tried


def _came_from(back: str) -> Any:
    def condition(event: EventData) -> bool:
        holder = cast(_Holder, event.model)
        return holder.previous_state == back

    return condition


def _requirements_met(t: Transition) -> Any:
    def condition(event: EventData) -> bool:
        attempt: _Attempt = event.kwargs["attempt"]
        outcomes = evaluate_all(t.requires, attempt.subject)
        if all(o.met for o in outcomes):
            return True
        attempt.tried.append((t, outcomes))
        return False

    return condition


@cache
def machine_for(definition: Definition) -> DefinitionMachine:
    """The one machine of `definition`, built on first use."""
    return DefinitionMachine(definition)
