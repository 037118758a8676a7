"""The gate rule: which forums must say go at a gate, in what order, and which go counts.

One place for what `decide` refuses, what a move's `decisions` requirement says, and what
`waiting` lists:
- The forums asked are those the gate lists for the business case's kind of decision, in the
  gate's order, and every forum that has already decided at this gate on this initiative:
  lowering the kind of decision afterwards does not take that forum out. Its go on the case as
  it now stands releases it (it decides on the lowering).
- A forum's latest decision since the initiative entered the gate is the one that counts; a
  recycle voids every go given before it.
- A go recorded by the initiative's current proposer or owner does not count, unless the
  definition allows self-approval (the owner may have changed since the go).
- A forum decides only when every forum asked ahead of it has a go that counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from workflow.definitions.model import Definition, Gate

__all__ = ["Decided", "GateDecisions", "KindChange", "Standing", "standing"]


@dataclass(frozen=True)
class Decided:
    """A forum's latest decision at the gate the initiative is at now."""

    forum: str
    outcome: str
    redo: str | None
    decided_by: int | None = None


@dataclass(frozen=True)
class GateDecisions:
    """The decisions at the gate an initiative is at: each forum's latest since it entered the
    gate (after recycles), and every forum that has ever decided there on it."""

    latest: Mapping[str, Decided]
    deciders: frozenset[str]


@dataclass(frozen=True)
class KindChange:
    """Who set the business case's kind of decision to what it is now, when, and from what."""

    before: str | None
    after: str | None
    by: str
    at: datetime


class GateFacts(Protocol):
    """What the rule looks up about an initiative, fetched only when asked."""

    def record(self, kind: str) -> Any: ...

    def decisions(self) -> GateDecisions: ...

    def decision_kind(self) -> str | None:
        """The filed business case's kind of decision (None if no case or no kind)."""


@dataclass(frozen=True)
class Standing:
    """Where the forums of a gate stand on an initiative as it is now."""

    kind: str | None
    # The forums whose go the gate needs, in its order.
    required: tuple[str, ...]
    # Among them: asked only because they decided before the kind of decision was lowered.
    kept: tuple[str, ...]
    # Forums whose latest decision is a go that counts.
    approved: frozenset[str]
    # Required forums whose go was given by the initiative's own proposer or owner.
    own_go: tuple[str, ...]
    # Required forums that sent the case back, with what must be redone.
    recycled: Mapping[str, str | None]
    # Required forums with no go at all (no decision, or one that is not a go).
    missing: tuple[str, ...]

    @property
    def met(self) -> bool:
        return not (self.missing or self.own_go or self.recycled)

    def ahead_of(self, forum: str) -> tuple[str, ...]:
        """The forums asked before `forum` whose go does not count (yet)."""
        if forum not in self.required:
            return ()
        before = self.required[: self.required.index(forum)]
        return tuple(f for f in before if f not in self.approved)

    def turn_of(self, forum: str) -> bool:
        """Whether `forum` is asked now: its go is needed, not given, and none is missing ahead."""
        return forum in self.required and forum not in self.approved and not self.ahead_of(forum)


def standing(
    definition: Definition, gate: Gate, initiative: Mapping[str, Any], facts: GateFacts
) -> Standing:
    """The standing of the forums at `gate` on `initiative` (its row: owner and proposer)."""
    kind = None
    if any(d.when_decision_kind for d in gate.decisions):  # only then does the kind matter
        kind = facts.decision_kind()
    decided = facts.decisions()
    asked = gate.required(kind)
    required = tuple(f for f in gate.forums() if f in asked or f in decided.deciders)
    own = {initiative["owner_id"], initiative["proposer_id"]} - {None}
    approved: set[str] = set()
    own_go: list[str] = []
    recycled: dict[str, str | None] = {}
    missing: list[str] = []
    for forum in required:
        latest = decided.latest.get(forum)
        if latest is not None and latest.outcome == "go":
            if latest.decided_by in own and not definition.settings.self_approval:
                own_go.append(forum)
            else:
                approved.add(forum)
        elif latest is not None and latest.outcome == "recycle":
            recycled[forum] = latest.redo
        else:
            missing.append(forum)
    return Standing(
        kind=kind,
        required=required,
        kept=tuple(f for f in required if f not in asked),
        approved=frozenset(approved),
        own_go=tuple(own_go),
        recycled=recycled,
        missing=tuple(missing),
    )
