"""Decide whether a transition's requirements are met, and say each one in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from workflow.base.vocabulary import DECISION_KINDS, FIELDS, FORUMS, ROLES, Label
from workflow.core.gate_rule import GateDecisions, KindChange, Standing, standing
from workflow.definitions import checks
from workflow.definitions.model import Definition, Requirement
from workflow.records.documents import (
    RECORD_TYPES,
    BusinessCase,
    FollowUp,
    Plan,
    RecordModel,
    Trial,
)

if TYPE_CHECKING:
    from workflow.core.people import Person

__all__ = ["Facts", "Outcome", "Subject", "evaluate", "evaluate_all", "kind_lowered_words"]

_RELATIONS = {
    "owner": Label("projektejeren", "the owner"),
    "proposer": Label("forslagsstilleren", "the proposer"),
}


class Facts(Protocol):
    """What requirements may look up beyond the initiative's row; loaded only when asked."""

    def roles_of(self, person_id: int) -> frozenset[str]: ...

    def record(self, kind: str) -> RecordModel | None: ...

    def decisions(self) -> GateDecisions:
        """The decisions at the gate the initiative is at (see `workflow.gate_rule`)."""

    def kind_change(self) -> KindChange | None:
        """Who set the business case's kind of decision to what it is now."""


@dataclass(frozen=True)
class Subject:
    """What requirements look at: the initiative, its definition, who acts, the comment given."""

    initiative: Mapping[str, Any]
    definition: Definition
    actor: Person
    comment: str | None
    facts: Facts


@dataclass(frozen=True)
class Outcome:
    """One requirement judged: met or not, and the words for it either way."""

    requirement: Requirement
    met: bool
    text: str


def evaluate_all(requirements: tuple[Requirement, ...], subject: Subject) -> list[Outcome]:
    """Judge every requirement (no short-cut, so a user sees everything that is missing)."""
    return [evaluate(r, subject) for r in requirements]


def evaluate(requirement: Requirement, subject: Subject) -> Outcome:
    """Judge one requirement."""
    return _JUDGES[requirement.kind](requirement, subject)


def _field(requirement: Requirement, subject: Subject) -> Outcome:
    missing = [f for f in requirement.values if not _filled(subject.initiative, f)]
    shown = missing or requirement.values
    da = ", ".join(FIELDS[f].da for f in shown)
    en = ", ".join(FIELDS[f].en for f in shown)
    if missing:
        return Outcome(requirement, False, f"mangler: {da} / missing: {en}")
    return Outcome(requirement, True, f"udfyldt: {da} / filled in: {en}")


def _filled(initiative: Mapping[str, Any], field: str) -> bool:
    value = initiative["owner_id"] if field == "owner" else initiative[field]
    return value is not None and str(value).strip() != ""


def _role(requirement: Requirement, subject: Subject) -> Outcome:
    met = not subject.actor.roles.isdisjoint(requirement.values)
    return Outcome(requirement, met, _role_words(requirement.values)[met])


@cache
def _role_words(roles: tuple[str, ...]) -> tuple[str, str]:
    """What an unmet and a met role requirement say (the same on every move)."""
    da = " eller ".join(ROLES[r].da for r in roles)
    en = " or ".join(ROLES[r].en for r in roles)
    return f"kræver rollen {da} / requires the role {en}", f"rolle {da} / role {en}"


def _actor_is(requirement: Requirement, subject: Subject) -> Outcome:
    ids = {"owner": subject.initiative["owner_id"], "proposer": subject.initiative["proposer_id"]}
    met = any(ids[r] == subject.actor.id for r in requirement.values)
    return Outcome(requirement, met, _actor_words(requirement.values)[met])


@cache
def _actor_words(relations: tuple[str, ...]) -> tuple[str, str]:
    """What an unmet and a met "done by" requirement say."""
    da = " eller ".join(_RELATIONS[r].da for r in relations)
    en = " or ".join(_RELATIONS[r].en for r in relations)
    return f"kun {da} må / only {en} may", f"udført af {da} / done by {en}"


def _check(requirement: Requirement, subject: Subject) -> Outcome:
    check = checks.get(requirement.values[0])
    if check.decide(subject):
        return Outcome(requirement, True, str(check.label))
    return Outcome(
        requirement, False, f"ikke opfyldt: {check.label.da} / not met: {check.label.en}"
    )


def _comment(requirement: Requirement, subject: Subject) -> Outcome:
    if subject.comment and subject.comment.strip():
        return Outcome(requirement, True, "kommentar givet / comment given")
    return Outcome(requirement, False, "kræver en kommentar / requires a comment (--comment)")


def _decisions(requirement: Requirement, subject: Subject) -> Outcome:
    state = subject.initiative["state"]
    gate = subject.definition.gate(state)
    if gate is None:  # the loader refuses this; kept as a plain refusal, never a crash
        return Outcome(requirement, False, f"ingen port ved / no gate at {state}")
    found = standing(subject.definition, gate, subject.initiative, subject.facts)
    if found.met:
        da = ", ".join(FORUMS[f].da for f in found.required)
        en = ", ".join(FORUMS[f].en for f in found.required)
        return Outcome(requirement, True, f"godkendt af {da} / approved by {en}")
    parts = []
    if found.missing:
        da = ", ".join(FORUMS[f].da for f in found.missing)
        en = ", ".join(FORUMS[f].en for f in found.missing)
        parts.append(f"mangler beslutning: {da} / missing decision: {en}")
    if found.own_go:
        da = ", ".join(FORUMS[f].da for f in found.own_go)
        en = ", ".join(FORUMS[f].en for f in found.own_go)
        parts.append(
            f"godkendt af initiativets egen forslagsstiller eller ejer: {da} / "
            f"approved by the initiative's own proposer or owner: {en}"
        )
    for forum, redo in found.recycled.items():
        parts.append(
            f"{FORUMS[forum].da} sendte sagen tilbage: {redo or '-'} / "
            f"{FORUMS[forum].en} sent it back: {redo or '-'}"
        )
    lowered = kind_lowered_words(found, subject.facts)
    if lowered is not None:
        parts.append(lowered)
    return Outcome(requirement, False, "; ".join(parts))


def kind_lowered_words(found: Standing, facts: Facts) -> str | None:
    """What `check` and `waiting` say when forums are asked only because the kind of decision
    was lowered after they decided: from what, to what, by whom, when."""
    if not found.kept:
        return None
    change = facts.kind_change()
    da = ", ".join(FORUMS[f].da for f in found.kept)
    en = ", ".join(FORUMS[f].en for f in found.kept)
    if change is None:
        return (
            f"{da} har besluttet om sagen og skal godkende den, som den er nu / "
            f"{en} decided on the case and must say go on it as it is now"
        )
    before, after = (
        DECISION_KINDS[k] if k in DECISION_KINDS else Label("-", "-")
        for k in (change.before or "", change.after or "")
    )
    when = change.at.date().isoformat()
    return (
        f"typen af beslutning blev sænket fra {before.da} til {after.da} af {change.by} {when}; "
        f"{da} besluttede før og skal godkende igen / the kind of decision was lowered from "
        f"{before.en} to {after.en} by {change.by} on {when}; {en} decided before and must say "
        "go again"
    )


def _record(requirement: Requirement, subject: Subject) -> Outcome:
    kind = requirement.values[0]
    model = RECORD_TYPES[kind]
    record = subject.facts.record(kind)
    if record is None:
        return Outcome(requirement, False, f"mangler: {model.LABEL.da} / missing: {model.LABEL.en}")
    missing = record.missing()
    if isinstance(record, FollowUp) and not record.realised_gains:
        case = subject.facts.record("business_case")
        if isinstance(case, BusinessCase) and case.expected_gains:
            missing.append(Label("realiserede gevinster", "realised gains"))
    if isinstance(record, Trial):
        unanswered = [c.label for c in subject.definition.criteria if c.code not in record.criteria]
        missing += [Label(f"kriterie: {c.da}", f"criterion: {c.en}") for c in unanswered]
    if missing:
        da = ", ".join(label.da for label in missing)
        en = ", ".join(label.en for label in missing)
        return Outcome(
            requirement, False, f"{model.LABEL.da} mangler: {da} / {model.LABEL.en} missing: {en}"
        )
    return Outcome(requirement, True, f"{model.LABEL.da} udfyldt / {model.LABEL.en} complete")


def _milestones(requirement: Requirement, subject: Subject) -> Outcome:
    plan = subject.facts.record("plan")
    if not isinstance(plan, Plan) or not plan.milestones:
        return Outcome(
            requirement,
            False,
            "ingen milepæle i implementeringsplanen / no milestones in the implementation plan",
        )
    milestones = plan.milestones
    still_open = [f"{n}. {m.title}" for n, m in enumerate(milestones, start=1) if m.open]
    if still_open:
        shown = ", ".join(still_open)
        return Outcome(requirement, False, f"åbne milepæle: {shown} / open milestones: {shown}")
    return Outcome(
        requirement, True, "milepæle nået eller omplanlagt / milestones done or re-planned"
    )


def _any_of(requirement: Requirement, subject: Subject) -> Outcome:
    outcomes = [evaluate(option, subject) for option in requirement.options]
    met = [o for o in outcomes if o.met]
    if met:
        return Outcome(requirement, True, met[0].text)
    return Outcome(requirement, False, " | ".join(o.text for o in outcomes))


_JUDGES: dict[str, Callable[[Requirement, Subject], Outcome]] = {
    "field": _field,
    "role": _role,
    "actor_is": _actor_is,
    "check": _check,
    "comment": _comment,
    "any_of": _any_of,
    "decisions": _decisions,
    "record": _record,
    "milestones": _milestones,
}
