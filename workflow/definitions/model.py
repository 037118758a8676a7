"""A loaded workflow definition as frozen data: states, transitions, requirements, categories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from workflow.base.vocabulary import Label

__all__ = [
    "CASE_KINDS",
    "PREVIOUS",
    "Category",
    "Definition",
    "GateForum",
    "Gate",
    "Requirement",
    "RequirementKind",
    "Settings",
    "State",
    "Transition",
]

# A transition whose `dest` is PREVIOUS returns to the state the initiative came from
# (resuming a parked initiative where it was parked).
PREVIOUS = "previous"

RequirementKind = Literal[
    "field", "role", "actor_is", "check", "comment", "any_of", "decisions", "record", "milestones"
]

# The kinds of requirement that ask something of the case itself (its fields, records, decisions,
# milestones, named checks), as opposed to who moves it and why (role, actor_is, comment).
CASE_KINDS = frozenset({"field", "check", "decisions", "record", "milestones"})


@dataclass(frozen=True)
class Requirement:
    """One condition of a transition, from the closed vocabulary of RequirementKind.

    `values` holds the field names, roles, actor relations or check name; `options` holds the
    alternatives of an `any_of`.
    """

    kind: RequirementKind
    values: tuple[str, ...] = ()
    options: tuple[Requirement, ...] = ()
    line: int | None = None

    @property
    def about_case(self) -> bool:
        """Whether it asks something of the case (not only who moves it and why)."""
        return self.kind in CASE_KINDS or any(o.about_case for o in self.options)


@dataclass(frozen=True)
class State:
    """A declared state of the lifecycle."""

    name: str
    label: Label
    initial: bool = False
    final: bool = False
    stall_after_days: int | None = None
    # Whether the owner of an initiative in this state gives a status every quarter.
    quarterly_status: bool = False
    # Whether the business case's expected gains count toward the targets in this state.
    counts_gains: bool = False
    # Whether an initiative that has ended here is done and its benefit owners are asked for the
    # realised gains until the business case's last gain year (benefits follow-up).
    benefits_follow_up: bool = False
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Transition:
    """A move: from one of `sources` to `dest` when `trigger` fires and `requires` are met."""

    trigger: str
    sources: tuple[str, ...]
    dest: str
    label: Label
    requires: tuple[Requirement, ...] = ()
    description: str = ""
    line: int | None = None
    # A workflow in which the move starts a new initiative, linked to this one (a scaled trial).
    creates: str | None = None

    @property
    def moves_on(self) -> bool:
        """Whether this is a step forward: a move that asks something of the case.

        Side moves (reject, hold, resume, withdraw, discard) ask only who makes them and why.
        """
        return any(r.about_case for r in self.requires)

    def all_requirements(self) -> Iterator[Requirement]:
        """Every requirement of the move, the options of an `any_of` too."""
        for r in self.requires:
            yield r
            yield from r.options

    def destination(self, previous_state: str | None) -> str:
        """Where the move goes: `dest`, or for `dest: previous` the state parked from."""
        return (previous_state or PREVIOUS) if self.dest == PREVIOUS else self.dest


@dataclass(frozen=True)
class GateForum:
    """A forum whose `go` a gate needs; only for the listed kinds of decision, if any are listed."""

    forum: str
    when_decision_kind: tuple[str, ...] = ()
    line: int | None = None

    def applies(self, decision_kind: str | None) -> bool:
        return not self.when_decision_kind or decision_kind in self.when_decision_kind


@dataclass(frozen=True)
class Gate:
    """A state where forums decide: who must say go, and which moves a reject or hold makes."""

    state: str
    decisions: tuple[GateForum, ...]
    on_reject: str = "reject"
    on_hold: str = "hold"
    line: int | None = None

    def forums(self) -> tuple[str, ...]:
        return tuple(d.forum for d in self.decisions)

    def required(self, decision_kind: str | None) -> tuple[str, ...]:
        """The forums whose go this gate needs for an initiative of `decision_kind`."""
        return tuple(d.forum for d in self.decisions if d.applies(decision_kind))


@dataclass(frozen=True)
class Settings:
    """Definition-wide rules."""

    # May a proposer or owner record a forum decision on their own initiative?
    self_approval: bool = False
    # The yearly rate business cases are discounted at, for their net present value.
    discount_rate: float = 0.04


@dataclass(frozen=True)
class Category:
    """One category an initiative may be filed under."""

    code: str
    label: Label


@dataclass(frozen=True, eq=False)
class Definition:
    """A whole workflow definition, as loaded and checked from its file.

    Compared and hashed by identity: each file loads into one object, which caches key on.
    """

    name: str
    version: int
    label: Label
    path: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    categories: tuple[Category, ...] = ()
    description: str = ""
    settings: Settings = field(default_factory=Settings)
    gates: tuple[Gate, ...] = ()
    # The published criteria a trial is approved against (code and label).
    criteria: tuple[Category, ...] = ()
    _by_name: dict[str, State] = field(default_factory=dict, compare=False, repr=False)
    _steps: dict[str, tuple[Transition, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # state -> the transitions leaving it, in file order; state -> the states moves come from
    _leaving: dict[str, list[Transition]] = field(default_factory=dict, compare=False, repr=False)
    _entered_from: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)
    _gates: dict[str, Gate] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Indexes built once, so that every question about the graph is linear in its size
        # (a definition may have thousands of states and a move with thousands of sources).
        self._by_name.update({s.name: s for s in self.states})
        for gate in self.gates:
            self._gates.setdefault(gate.state, gate)  # a second one is refused by the checks
        for t in self.transitions:
            for source in dict.fromkeys(t.sources):
                self._leaving.setdefault(source, []).append(t)
            if t.dest != PREVIOUS:
                self._entered_from.setdefault(t.dest, set()).update(t.sources)

    @property
    def key(self) -> str:
        """`name@version`, how an initiative refers to the definition it follows."""
        return f"{self.name}@{self.version}"

    @property
    def initial(self) -> State:
        return next(s for s in self.states if s.initial)

    def state(self, name: str) -> State:
        """The state called `name`; KeyError if there is none."""
        return self._by_name[name]

    def has_state(self, name: str) -> bool:
        return name in self._by_name

    def outgoing(self, state: str) -> Iterator[Transition]:
        """Transitions that may leave `state`, in file order."""
        return iter(self._leaving.get(state, ()))

    def returns_to(self, transition: Transition) -> tuple[str, ...]:
        """The states a `dest: previous` transition may return to: those from which a move
        enters one of its sources, in file order."""
        sources = set(transition.sources)
        came = set().union(*(self._entered_from.get(s, set()) for s in sources)) - sources
        return tuple(s.name for s in self.states if s.name in came)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def moves_on(self, state: str) -> tuple[Transition, ...]:
        """The steps forward out of `state` (see `Transition.moves_on`), in file order."""
        steps = self._steps.get(state)
        if steps is None:
            steps = self._steps[state] = tuple(t for t in self.outgoing(state) if t.moves_on)
        return steps

    def pipeline(self) -> tuple[State, ...]:
        """The main line of the lifecycle: from the initial state along the steps forward.

        Where a state has more than one step forward, the first in the file is followed.
        """
        line = [self.initial]
        while True:
            steps = [t for t in self.moves_on(line[-1].name) if t.dest != PREVIOUS]
            if not steps or any(s.name == steps[0].dest for s in line):
                return tuple(line)
            line.append(self.state(steps[0].dest))

    def gate(self, state: str) -> Gate | None:
        """The gate at `state`, if forums decide there."""
        return self._gates.get(state)

    def gate_records(self, state: str) -> tuple[str, ...]:
        """The records the forums at `state` decide on: those the move out of the gate
        requires, and the business case where its kind of decision chooses the forums."""
        gate = self.gate(state)
        if gate is None:
            return ()
        kinds: list[str] = []
        for t in self.outgoing(state):
            required = list(t.all_requirements())
            if any(r.kind == "decisions" for r in required):
                kinds += [r.values[0] for r in required if r.kind == "record"]
        if any(d.when_decision_kind for d in gate.decisions):
            kinds.append("business_case")
        return tuple(dict.fromkeys(kinds))

    def record_kinds(self) -> frozenset[str]:
        """The records initiatives of this definition carry: those its rules look at."""
        used = [r for t in self.transitions for r in t.all_requirements()]
        kinds = {r.values[0] for r in used if r.kind == "record"}
        if any(r.kind == "milestones" for r in used):
            kinds.add("plan")
        if any(d.when_decision_kind for g in self.gates for d in g.decisions):
            kinds.add("business_case")  # it names the kind of decision
        if any(s.benefits_follow_up for s in self.states):
            kinds.add("gains_report")  # filed in benefits follow-up
        return frozenset(kinds)
