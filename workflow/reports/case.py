"""The case presentation (sagsfremstilling): what a forum reads about one initiative on its
agenda, gathered in one read of the database: its facts, background, the business case's
solution, economics and risks, the kind of decision, the recommendation and the decisions so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from workflow.approvals.dossier import case_economics
from workflow.base.errors import InvalidValueError
from workflow.base.text import clean_text
from workflow.base.vocabulary import DECISION_KINDS, FORUMS, OUTCOMES, Label
from workflow.core.facts import DatabaseFacts
from workflow.core.gate_rule import Standing, standing
from workflow.core.initiatives import as_record, load_row, records_query
from workflow.definitions.model import Definition
from workflow.definitions.registry import Registry
from workflow.records.documents import DESTINATIONS, GAIN_KINDS, TIME_UNITS, BusinessCase, Gain
from workflow.records.finance import Economics
from workflow.records.reading import read_record
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.record_tables import DECISION

__all__ = ["CasePresentation", "DecisionLine", "GainLine", "case_presentation", "figure"]

# The most characters a recommendation given instead of the proposed one may have.
RECOMMENDATION_LENGTH = 2_000


@dataclass(frozen=True)
class GainLine:
    """One expected gain as a row of the economics table: its kind, what it is, what it is
    counted in (the kroner's destination, the time's unit, the quality's unit and baseline), its
    benefit owner by name, and its figure per budget year."""

    kind: Label
    what: str
    counted: Label
    owner: str | None
    years: dict[int, float]
    money: bool


@dataclass(frozen=True)
class DecisionLine:
    """A decision recorded on the initiative, as the presentation lists it."""

    gate: Label
    forum: Label
    outcome: Label
    meeting_date: date
    reference: str
    justification: str


@dataclass(frozen=True)
class CasePresentation:
    """One initiative as a forum reads it: every text in both languages, people by name."""

    id: int
    title: str
    description: str
    area: str | None
    owner: str | None
    category: Label | None
    state: Label
    workflow: Label
    case: BusinessCase | None
    gains: tuple[GainLine, ...]
    # The budget years of the economics table: every year with a gain, investment or cost.
    years: tuple[int, ...]
    economics: Economics | None
    decision_kind: Label | None
    # The forums whose go the gate the initiative is at needs, in their order.
    forums_asked: tuple[Label, ...]
    forum: Label
    recommendation: Label
    decisions: tuple[DecisionLine, ...]
    municipality: str
    as_of: date
    generated_at: datetime


def case_presentation(
    conn: Connection,
    registry: Registry,
    initiative_id: int,
    *,
    now: datetime,
    today: date,
    forum: str | None = None,
    recommendation: str | None = None,
    municipality: str = "",
) -> CasePresentation:
    """The presentation of the initiative for `forum` (default: the forum whose decision it
    waits for, else the chief group), with `recommendation` instead of the one proposed.

    Raises:
        NotFoundError: no such initiative.
        InvalidValueError: an unknown forum, or a recommendation that is no text.
    """
    row = load_row(conn, initiative_id)
    found = as_record(conn.execute(records_query().where(INITIATIVE.c.id == initiative_id)).one())
    definition = registry.get(found.workflow, found.workflow_version)
    record = read_record(conn, initiative_id, "business_case")
    case = record if isinstance(record, BusinessCase) else None
    gate = definition.gate(found.state)
    position = standing(definition, gate, row, DatabaseFacts(conn, row)) if gate else None
    addressee, proposed = _recommendation(definition, found.state, position, forum)
    if recommendation is not None:
        given = clean_text("recommendation", recommendation, RECOMMENDATION_LENGTH).strip()
        proposed = Label(given, given) if given else proposed
    names = _names(conn, found.owner, *(g.owner for g in (case.gains if case else ())))
    category = definition.category(found.category) if found.category else None
    return CasePresentation(
        id=found.id,
        title=found.title,
        description=found.description,
        area=found.area,
        owner=names.get(found.owner) if found.owner else None,
        category=category.label if category else None,
        state=definition.state(found.state).label,
        workflow=definition.label,
        case=case,
        gains=tuple(_gain_line(g, names) for g in (case.gains if case else ())),
        years=_years(case),
        economics=case_economics(case, definition) if case else None,
        decision_kind=DECISION_KINDS.get(case.decision_kind or "") if case else None,
        forums_asked=tuple(FORUMS[f] for f in position.required) if position else (),
        forum=FORUMS[addressee],
        recommendation=proposed,
        decisions=tuple(_decisions(conn, definition, initiative_id)),
        municipality=municipality,
        as_of=today,
        generated_at=now,
    )


def _recommendation(
    definition: Definition, state: str, position: Standing | None, forum: str | None
) -> tuple[str, Label]:
    """The forum the case goes to and what is recommended to it.

    A forum whose turn it is at the gate is asked to approve (and to pass the case on to the
    forum after it, where there is one); any other forum is asked to take note.
    """
    if forum is not None and forum not in FORUMS:
        raise InvalidValueError("forum", f"unknown forum '{forum}'; forums: {', '.join(FORUMS)}")
    turn = next((f for f in position.required if position.turn_of(f)), None) if position else None
    addressee = forum or turn or next(iter(FORUMS))
    who = FORUMS[addressee]
    if position is None or addressee != turn:
        return addressee, Label(
            f"Det indstilles, at {who.da} tager orienteringen om tiltaget til efterretning.",
            f"It is recommended that {who.en} takes note of this account of the initiative.",
        )
    basis = "business_case" in definition.gate_records(state)
    on_da = " på grundlag af business casen" if basis else ""
    on_en = " on the basis of the business case" if basis else ""
    after = position.required[position.required.index(addressee) + 1 :]
    if after:
        then = FORUMS[after[0]]
        return addressee, Label(
            f"Det indstilles, at {who.da}{on_da} godkender tiltaget og anbefaler det over for "
            f"{then.da}.",
            f"It is recommended that {who.en} approves the initiative{on_en} and recommends it "
            f"to {then.en}.",
        )
    dest = _beyond_the_gate(definition, state)
    to_da = f", så det kan gå videre til {dest.da}" if dest else ""
    to_en = f", so that it can go on to {dest.en}" if dest else ""
    return addressee, Label(
        f"Det indstilles, at {who.da}{on_da} godkender tiltaget{to_da}.",
        f"It is recommended that {who.en} approves the initiative{on_en}{to_en}.",
    )


def _beyond_the_gate(definition: Definition, state: str) -> Label | None:
    """The label of the state the move out of the gate leads to (the move that asks the
    forums' decisions), if there is one."""
    for move in definition.outgoing(state):
        decided = any(r.kind == "decisions" for r in move.all_requirements())
        if decided and definition.has_state(move.dest):
            return definition.state(move.dest).label
    return None


def _names(conn: Connection, *handles: str | None) -> dict[str, str]:
    wanted = sorted({h for h in handles if h})
    if not wanted:
        return {}
    rows = conn.execute(select(PERSON.c.handle, PERSON.c.name).where(PERSON.c.handle.in_(wanted)))
    return {handle: name for handle, name in rows}


def _gain_line(gain: Gain, names: dict[str, str]) -> GainLine:
    if gain.kind == "kroner":
        counted = DESTINATIONS[gain.destination]
    elif gain.kind == "time":
        counted = TIME_UNITS[gain.unit]
    else:
        baseline = figure(gain.baseline or 0)
        counted = Label(
            f"{gain.unit}, udgangspunkt {baseline}", f"{gain.unit}, baseline {baseline}"
        )
    owner = names.get(gain.owner, gain.owner) if gain.owner else None
    return GainLine(
        GAIN_KINDS[gain.kind], gain.what, counted, owner, dict(gain.years), gain.kind == "kroner"
    )


def figure(value: float) -> str:
    """A figure the Danish way: 1.200, 2,5."""
    whole = f"{value:,.2f}".rstrip("0").rstrip(".")
    return whole.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _years(case: BusinessCase | None) -> tuple[int, ...]:
    if case is None:
        return ()
    years: set[int] = set(case.investments) | set(case.running_costs)
    for gain in case.gains:
        years |= set(gain.years)
    return tuple(sorted(years))


def _decisions(conn: Connection, definition: Definition, initiative_id: int) -> list[DecisionLine]:
    rows = conn.execute(
        select(DECISION).where(DECISION.c.initiative_id == initiative_id).order_by(DECISION.c.id)
    )
    return [_decision_line(definition, r) for r in rows]


def _decision_line(definition: Definition, r: Any) -> DecisionLine:
    gate = definition.state(r.gate).label if definition.has_state(r.gate) else Label(r.gate, r.gate)
    return DecisionLine(
        gate,
        FORUMS[r.forum],
        OUTCOMES[r.outcome],
        r.meeting_date,
        r.reference,
        r.justification,
    )
