"""Decide whether a transition's requirements are met, and say each one in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
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

    def decision_kind(self) -> str | None:
        """The filed business case's kind of decision (None if no case or no kind)."""

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
    """One requirement judged: met or not, and the words for it either way: `words` in each
    language (a page shows one), `text` in both as the command line shows them.

    The words are put together only when read: a move reads them only when it is refused.
    """

    requirement: Requirement
    met: bool
    parts: tuple[Label, ...]
    sep: str = "; "

    @cached_property
    def words(self) -> Label:
        return Label(
            self.sep.join(p.da for p in self.parts), self.sep.join(p.en for p in self.parts)
        )

    @cached_property
    def text(self) -> str:
        return self.sep.join(str(p) for p in self.parts)


@dataclass(frozen=True)
class _Options(Outcome):
    """An `any_of` none of whose options is met: each option's words, side by side."""

    options: tuple[Outcome, ...] = ()

    @cached_property
    def words(self) -> Label:
        return Label(
            " | ".join(o.words.da for o in self.options),
            " | ".join(o.words.en for o in self.options),
        )

    @cached_property
    def text(self) -> str:
        return " | ".join(o.text for o in self.options)


def _said(requirement: Requirement, met: bool, *parts: Label, sep: str = "; ") -> Outcome:
    """An outcome whose words are `parts`, each said in both languages on the command line."""
    return Outcome(requirement, met, parts, sep)


def evaluate_all(requirements: tuple[Requirement, ...], subject: Subject) -> list[Outcome]:
    """Judge every requirement (no short-cut, so a user sees everything that is missing)."""
    return [evaluate(r, subject) for r in requirements]


def evaluate(requirement: Requirement, subject: Subject) -> Outcome:
    """Judge one requirement."""
    return _JUDGES[requirement.kind](requirement, subject)


def _field(requirement: Requirement, subject: Subject) -> Outcome:
    missing = tuple(f for f in requirement.values if not _filled(subject.initiative, f))
    return _said(requirement, not missing, _field_words(missing or requirement.values, not missing))


@cache
def _field_words(shown: tuple[str, ...], met: bool) -> Label:
    """What a field requirement says of the fields `shown`: filled in, or missing."""
    da = ", ".join(FIELDS[f].da for f in shown)
    en = ", ".join(FIELDS[f].en for f in shown)
    return (
        Label(f"udfyldt: {da}", f"filled in: {en}")
        if met
        else Label(f"mangler: {da}", f"missing: {en}")
    )


def _filled(initiative: Mapping[str, Any], field: str) -> bool:
    value = initiative["owner_id"] if field == "owner" else initiative[field]
    return value is not None and str(value).strip() != ""


def _role(requirement: Requirement, subject: Subject) -> Outcome:
    met = not subject.actor.roles.isdisjoint(requirement.values)
    return _said(requirement, met, _role_words(requirement.values)[met])


@cache
def _role_words(roles: tuple[str, ...]) -> tuple[Label, Label]:
    """What an unmet and a met role requirement say (the same on every move)."""
    da = " eller ".join(ROLES[r].da for r in roles)
    en = " or ".join(ROLES[r].en for r in roles)
    return Label(f"kræver rollen {da}", f"requires the role {en}"), Label(
        f"rolle {da}", f"role {en}"
    )


def _actor_is(requirement: Requirement, subject: Subject) -> Outcome:
    ids = {"owner": subject.initiative["owner_id"], "proposer": subject.initiative["proposer_id"]}
    met = any(ids[r] == subject.actor.id for r in requirement.values)
    return _said(requirement, met, _actor_words(requirement.values)[met])


@cache
def _actor_words(relations: tuple[str, ...]) -> tuple[Label, Label]:
    """What an unmet and a met "done by" requirement say."""
    da = " eller ".join(_RELATIONS[r].da for r in relations)
    en = " or ".join(_RELATIONS[r].en for r in relations)
    return Label(f"kun {da} må", f"only {en} may"), Label(f"udført af {da}", f"done by {en}")


def _check(requirement: Requirement, subject: Subject) -> Outcome:
    check = checks.get(requirement.values[0])
    if check.decide(subject):
        return _said(requirement, True, check.label)
    return _said(
        requirement, False, Label(f"ikke opfyldt: {check.label.da}", f"not met: {check.label.en}")
    )


def _comment(requirement: Requirement, subject: Subject) -> Outcome:
    if subject.comment and subject.comment.strip():
        return _said(requirement, True, Label("kommentar givet", "comment given"))
    return _said(requirement, False, Label("kræver en kommentar", "requires a comment (--comment)"))


def _decisions(requirement: Requirement, subject: Subject) -> Outcome:
    state = subject.initiative["state"]
    gate = subject.definition.gate(state)
    if gate is None:  # the loader refuses this; kept as a plain refusal, never a crash
        return _said(requirement, False, Label(f"ingen port ved {state}", f"no gate at {state}"))
    found = standing(subject.definition, gate, subject.initiative, subject.facts)
    if found.met:
        da = ", ".join(FORUMS[f].da for f in found.required)
        en = ", ".join(FORUMS[f].en for f in found.required)
        return _said(requirement, True, Label(f"godkendt af {da}", f"approved by {en}"))
    parts = []
    if found.missing:
        da = ", ".join(FORUMS[f].da for f in found.missing)
        en = ", ".join(FORUMS[f].en for f in found.missing)
        parts.append(Label(f"mangler beslutning: {da}", f"missing decision: {en}"))
    if found.own_go:
        da = ", ".join(FORUMS[f].da for f in found.own_go)
        en = ", ".join(FORUMS[f].en for f in found.own_go)
        parts.append(
            Label(
                f"godkendt af initiativets egen forslagsstiller eller ejer: {da}",
                f"approved by the initiative's own proposer or owner: {en}",
            )
        )
    for forum, redo in found.recycled.items():
        parts.append(
            Label(
                f"{FORUMS[forum].da} sendte sagen tilbage: {redo or '-'}",
                f"{FORUMS[forum].en} sent it back: {redo or '-'}",
            )
        )
    lowered = kind_lowered_words(found, subject.facts)
    if lowered is not None:
        parts.append(lowered)
    return _said(requirement, False, *parts)


def kind_lowered_words(found: Standing, facts: Facts) -> Label | None:
    """What `check` and `waiting` say when forums are asked only because the kind of decision
    was lowered after they decided: from what, to what, by whom, when."""
    if not found.kept:
        return None
    change = facts.kind_change()
    da = ", ".join(FORUMS[f].da for f in found.kept)
    en = ", ".join(FORUMS[f].en for f in found.kept)
    if change is None:
        return Label(
            f"{da} har besluttet om sagen og skal godkende den, som den er nu",
            f"{en} decided on the case and must say go on it as it is now",
        )
    before, after = (
        DECISION_KINDS[k] if k in DECISION_KINDS else Label("-", "-")
        for k in (change.before or "", change.after or "")
    )
    when = change.at.date().isoformat()
    return Label(
        f"typen af beslutning blev sænket fra {before.da} til {after.da} af {change.by} {when}; "
        f"{da} besluttede før og skal godkende igen",
        f"the kind of decision was lowered from {before.en} to {after.en} by {change.by} on "
        f"{when}; {en} decided before and must say go again",
    )


def _record(requirement: Requirement, subject: Subject) -> Outcome:
    kind = requirement.values[0]
    model = RECORD_TYPES[kind]
    record = subject.facts.record(kind)
    if record is None:
        return _said(
            requirement, False, Label(f"mangler: {model.LABEL.da}", f"missing: {model.LABEL.en}")
        )
    missing = record.missing()
    if isinstance(record, FollowUp) and not record.realised_gains:
        case = subject.facts.record("business_case")
        if isinstance(case, BusinessCase) and case.kroner():
            missing.append(Label("realiserede gevinster", "realised gains"))
    if isinstance(record, Trial):
        unanswered = [c.label for c in subject.definition.criteria if c.code not in record.criteria]
        missing += [Label(f"kriterie: {c.da}", f"criterion: {c.en}") for c in unanswered]
    if missing:
        da = ", ".join(label.da for label in missing)
        en = ", ".join(label.en for label in missing)
        return _said(
            requirement,
            False,
            Label(f"{model.LABEL.da} mangler: {da}", f"{model.LABEL.en} missing: {en}"),
        )
    return _said(
        requirement, True, Label(f"{model.LABEL.da} udfyldt", f"{model.LABEL.en} complete")
    )


def _milestones(requirement: Requirement, subject: Subject) -> Outcome:
    plan = subject.facts.record("plan")
    if not isinstance(plan, Plan) or not plan.milestones:
        return _said(
            requirement,
            False,
            Label(
                "ingen milepæle i implementeringsplanen", "no milestones in the implementation plan"
            ),
        )
    milestones = plan.milestones
    still_open = [f"{n}. {m.title}" for n, m in enumerate(milestones, start=1) if m.open]
    if still_open:
        shown = ", ".join(still_open)
        return _said(
            requirement, False, Label(f"åbne milepæle: {shown}", f"open milestones: {shown}")
        )
    return _said(
        requirement, True, Label("milepæle nået eller omplanlagt", "milestones done or re-planned")
    )


def _any_of(requirement: Requirement, subject: Subject) -> Outcome:
    outcomes = [evaluate(option, subject) for option in requirement.options]
    met = [o for o in outcomes if o.met]
    if met:
        return replace(met[0], requirement=requirement)
    return _Options(requirement, False, (), options=tuple(outcomes))


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
