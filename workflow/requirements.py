"""Decide whether a transition's requirements are met, and say each one in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workflow import checks
from workflow.definition import Requirement
from workflow.vocabulary import FIELDS, ROLES, Label

if TYPE_CHECKING:
    from workflow.people import PersonRecord

__all__ = ["Outcome", "Subject", "evaluate", "evaluate_all"]

_RELATIONS = {
    "owner": Label("projektejeren", "the owner"),
    "proposer": Label("forslagsstilleren", "the proposer"),
}


@dataclass(frozen=True)
class Subject:
    """What requirements look at: the initiative as stored, who acts, and the comment given."""

    initiative: Mapping[str, Any]
    actor: PersonRecord
    comment: str | None
    roles_of: Callable[[int], frozenset[str]]


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
    labels = [ROLES[r] for r in requirement.values]
    da = " eller ".join(label.da for label in labels)
    en = " or ".join(label.en for label in labels)
    met = not subject.actor.roles.isdisjoint(requirement.values)
    if met:
        return Outcome(requirement, True, f"rolle {da} / role {en}")
    return Outcome(requirement, False, f"kræver rollen {da} / requires the role {en}")


def _actor_is(requirement: Requirement, subject: Subject) -> Outcome:
    ids = {"owner": subject.initiative["owner_id"], "proposer": subject.initiative["proposer_id"]}
    met = any(ids[r] == subject.actor.id for r in requirement.values)
    da = " eller ".join(_RELATIONS[r].da for r in requirement.values)
    en = " or ".join(_RELATIONS[r].en for r in requirement.values)
    if met:
        return Outcome(requirement, True, f"udført af {da} / done by {en}")
    return Outcome(requirement, False, f"kun {da} må / only {en} may")


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
}
