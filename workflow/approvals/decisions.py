"""Forum decisions at gates: record one (a reject or hold also moves the initiative), list them,
and find what waits for a forum's decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, Integer, bindparam, select

from workflow.base.clock import Clock, local_date
from workflow.base.errors import (
    ForumNotAskedError,
    ForumNotAtGateError,
    ForumOutOfTurnError,
    ForumRoleError,
    InvalidValueError,
    NoGateError,
    RecordsIncompleteError,
    SelfApprovalError,
    WrongGateError,
)
from workflow.base.logs import get_logger
from workflow.base.text import clean_line, clean_text
from workflow.base.vocabulary import FORUMS, OUTCOMES
from workflow.core.facts import DatabaseFacts
from workflow.core.gate_rule import standing
from workflow.core.history import append_event
from workflow.core.initiatives import (
    load_row,
    write_initiative,
)
from workflow.core.moves import Moved, move
from workflow.core.people import Person
from workflow.core.requirements import Subject, evaluate
from workflow.definitions.model import Definition, Gate, Requirement
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.record_tables import DECISION
from workflow.storage.statements import (
    Link,
    Query,
    insert_returning_id,
    transaction,
)

__all__ = [
    "ForumDecision",
    "Recorded",
    "decide",
    "decides_for",
    "list_decisions",
]

log = get_logger("tiltag.decisions")


@dataclass(frozen=True)
class Recorded:
    """What recording a decision did."""

    decision_id: int
    initiative_id: int
    gate: str
    forum: str
    outcome: str
    version: int
    moved: Moved | None


@dataclass(frozen=True)
class ForumDecision:
    """A decision as shown to people."""

    id: int
    gate: str
    forum: str
    outcome: str
    meeting_date: date
    reference: str
    justification: str
    redo: str | None
    decided_by: str
    recorded_at: datetime
    channel: str | None = None
    channel_detail: str | None = None


def decides_for(
    actor: Person,
    forum: str,
    definition: Definition,
    proposer: int | str,
    owner: int | str | None,
) -> bool:
    """Whether `actor` may record `forum`'s decisions on an initiative (its proposer and owner
    given by id or by handle): they hold the forum's role and, unless the definition allows
    self-approval, are neither its proposer nor its owner."""
    own = actor.id in (proposer, owner) or actor.handle in (proposer, owner)
    return forum in actor.roles and (not own or definition.settings.self_approval)


def decide(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    forum: str,
    outcome: str,
    meeting_date: date,
    reference: str,
    justification: str,
    clock: Clock,
    redo: str | None = None,
    gate: str | None = None,
) -> Recorded:
    """Record a forum's decision at the gate the initiative is at.

    A `reject` or `hold` also makes the gate's reject or hold move, with the justification as
    its comment, in the same transaction. Only people holding the forum's role may record its
    decision; unless the definition allows it, not the initiative's proposer or owner.

    Raises:
        InvalidValueError: unknown forum or outcome, empty texts, a meeting in the future, a
            recycle without what must be redone.
        DecisionRefused: not at a gate, not this gate, a forum that does not decide here, or an
            actor who may not record the decision.
        NotFoundError, ConcurrentChangeError, UnmetRequirementsError: as for `advance`.
    """
    now = clock.now()
    refused = {"initiative": initiative_id, "forum": forum, "outcome": outcome}
    with log.refusals("decision_refused", **refused, actor=actor.handle):
        texts = _checked_texts(forum, outcome, meeting_date, reference, justification, redo, now)
        # One transaction on the driver's connection, as every move's (`moves.advance`).
        with transaction(engine) as conn:
            row = load_row(conn, initiative_id)
            definition = registry.get(row["workflow"], row["workflow_version"])
            state = row["state"]
            if gate is not None and gate != state:
                raise WrongGateError(initiative_id, state, gate)
            spec = definition.gate(state)
            if spec is None:
                raise NoGateError(
                    initiative_id, state, definition.key, [g.state for g in definition.gates]
                )
            if forum not in spec.forums():
                raise ForumNotAtGateError(forum, state, spec.forums())
            if forum not in actor.roles:
                raise ForumRoleError(actor.handle, forum)
            _in_order_and_in_time(conn, definition, spec, row, forum, meeting_date)
            if outcome == "go":
                _on_complete_records(conn, definition, row, actor, forum)
            if not decides_for(actor, forum, definition, row["proposer_id"], row["owner_id"]):
                raise SelfApprovalError(actor.handle, initiative_id, definition.key)
            version = write_initiative(conn, initiative_id, row["version"], {"updated_at": now})
            decision_id = insert_returning_id(
                conn,
                DECISION,
                {
                    "initiative_id": initiative_id,
                    "gate": state,
                    "forum": forum,
                    "outcome": outcome,
                    "meeting_date": meeting_date,
                    "reference": texts["reference"],
                    "justification": texts["justification"],
                    "redo": texts["redo"],
                    "decided_by": actor.id,
                    "recorded_at": now,
                    "channel": actor.channel.kind if actor.channel else None,
                    "channel_detail": actor.channel.detail if actor.channel else None,
                    "version": version,
                },
            )
            append_event(
                conn,
                actor,
                initiative_id=initiative_id,
                at=now,
                kind="decision",
                field=forum,
                new_value=outcome,
                comment=_event_comment(meeting_date, texts),
                version=version,
            )
            moved = None
            if outcome in ("reject", "hold"):
                trigger = spec.on_reject if outcome == "reject" else spec.on_hold
                moved = move(
                    conn,
                    registry,
                    load_row(conn, initiative_id),
                    actor=actor,
                    trigger=trigger,
                    now=now,
                    comment=texts["justification"],
                )
                version = moved.version
    log.info(
        "decision",
        initiative=initiative_id,
        gate=state,
        forum=forum,
        outcome=outcome,
        actor=actor.handle,
        version=version,
    )
    return Recorded(decision_id, initiative_id, state, forum, outcome, version, moved)


_ENTERED = Query(
    lambda: select(INITIATIVE.c.entered_state_at).where(
        INITIATIVE.c.id == bindparam("id_", type_=Integer)
    )
)


def _in_order_and_in_time(
    conn: Link,
    definition: Definition,
    gate: Gate,
    row: Mapping[str, Any],
    forum: str,
    meeting_date: date,
) -> None:
    """Refuse a meeting held before the initiative reached the gate, and a forum deciding before
    the forums asked ahead of it have a go that counts (the chief group prepares what the
    Economic Committee decides, which prepares what the City Council approves; see
    `workflow.core.gate_rule`)."""
    reached = _ENTERED.one(conn, id_=row["id"])
    assert reached is not None  # the row was read in this transaction
    entered = reached[0]
    if meeting_date < local_date(entered):
        raise InvalidValueError(
            "meeting date",
            f"{meeting_date.isoformat()} is before initiative {row['id']} reached {row['state']} "
            f"({local_date(entered).isoformat()}); a decision made then is not about this gate",
        )
    found = standing(definition, gate, row, DatabaseFacts(conn, row))
    if forum not in found.required:
        raise ForumNotAskedError(forum, row["id"], row["state"], found.kind, found.required)
    ahead = found.ahead_of(forum)
    if ahead:
        own = [f for f in ahead if f in found.own_go]
        raise ForumOutOfTurnError(forum, row["state"], ahead, own)


def _on_complete_records(
    conn: Link,
    definition: Definition,
    row: Mapping[str, Any],
    actor: Person,
    forum: str,
) -> None:
    """Refuse a go before the records the gate decides on are filed and complete: a forum
    approves a business case (or a trial) as it stands, not one still to be written."""
    subject = Subject(
        initiative=row,
        definition=definition,
        actor=actor,
        comment=None,
        facts=DatabaseFacts(conn, row),
    )
    unmet = [
        outcome.text
        for kind in definition.gate_records(row["state"])
        if not (outcome := evaluate(Requirement("record", (kind,)), subject)).met
    ]
    if unmet:
        raise RecordsIncompleteError(forum, row["state"], row["id"], unmet)


def _checked_texts(
    forum: str,
    outcome: str,
    meeting_date: date,
    reference: str,
    justification: str,
    redo: str | None,
    now: datetime,
) -> dict[str, str | None]:
    if forum not in FORUMS:
        raise InvalidValueError("forum", f"unknown forum '{forum}'; forums: {', '.join(FORUMS)}")
    if outcome not in OUTCOMES:
        raise InvalidValueError(
            "outcome", f"unknown outcome '{outcome}'; outcomes: {', '.join(OUTCOMES)}"
        )
    today = local_date(now)
    if meeting_date > today:
        raise InvalidValueError(
            "meeting date", f"{meeting_date.isoformat()} is after today ({today.isoformat()})"
        )
    redo_text = clean_text("redo", redo) if redo else None
    if outcome == "recycle" and not redo_text:
        raise InvalidValueError("redo", "a recycle must say what must be redone (--redo)")
    justification = clean_text("justification", justification)
    if not justification:
        raise InvalidValueError("justification", "must not be empty")
    return {
        "reference": clean_line("reference", reference),
        "justification": justification,
        "redo": redo_text,
    }


def _event_comment(meeting_date: date, texts: dict[str, str | None]) -> str:
    parts = [f"{meeting_date.isoformat()}, {texts['reference']}: {texts['justification']}"]
    if texts["redo"]:
        parts.append(f"redo: {texts['redo']}")
    return " — ".join(parts)


def list_decisions(engine: Engine, initiative_id: int) -> list[ForumDecision]:
    """Every decision recorded on an initiative, oldest first.

    Raises:
        NotFoundError: no such initiative.
    """
    with engine.connect() as conn:
        load_row(conn, initiative_id)
        rows = conn.execute(
            select(DECISION, PERSON.c.handle.label("decider"))
            .join(PERSON, PERSON.c.id == DECISION.c.decided_by)
            .where(DECISION.c.initiative_id == initiative_id)
            .order_by(DECISION.c.id)
        ).all()
    return [
        ForumDecision(
            r.id,
            r.gate,
            r.forum,
            r.outcome,
            r.meeting_date,
            r.reference,
            r.justification,
            r.redo,
            r.decider,
            r.recorded_at,
            r.channel,
            r.channel_detail,
        )
        for r in rows
    ]
