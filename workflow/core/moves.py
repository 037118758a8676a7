"""Move initiatives through their lifecycle, and tell what each possible move still needs.

`advance` is the one path every move takes: read the initiative, let its definition's machine
decide the move and judge the requirements, then write the new state and its history event in one
transaction guarded by the version counter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from workflow.base.clock import Clock
from workflow.base.errors import ConcurrentChangeError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.text import clean_text
from workflow.core.facts import DatabaseFacts
from workflow.core.history import append_event
from workflow.core.initiatives import create_initiative, load_row, write_initiative
from workflow.core.machine import machine_for
from workflow.core.people import Person
from workflow.core.requirements import Outcome, Subject, evaluate_all
from workflow.definitions.model import Definition, Transition
from workflow.definitions.registry import Registry
from workflow.storage.statements import Link, select_initiative, transaction

__all__ = ["MoveReport", "Moved", "advance", "check_moves", "move"]

log = get_logger("tiltag.engine")


@dataclass(frozen=True)
class Moved:
    """What one successful move did."""

    initiative_id: int
    trigger: str
    from_state: str
    to_state: str
    version: int
    workflow: str = ""
    # The initiative the move started (a trial scaled into the main lifecycle), if any.
    created: int | None = None


@dataclass(frozen=True)
class MoveReport:
    """One possible move out of the current state, with each requirement judged."""

    transition: Transition
    dest: str
    outcomes: tuple[Outcome, ...]

    @property
    def possible(self) -> bool:
        """Whether the move would succeed now (given a comment where one is required)."""
        return all(o.met or o.requirement.kind == "comment" for o in self.outcomes)


def _subject(
    conn: Link,
    row: Mapping[str, Any],
    definition: Definition,
    actor: Person,
    comment: str | None,
) -> Subject:
    return Subject(
        initiative=row,
        definition=definition,
        actor=actor,
        comment=comment,
        facts=DatabaseFacts(conn, row),
    )


def advance(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    trigger: str,
    clock: Clock,
    comment: str | None = None,
    expected_version: int | None = None,
) -> Moved:
    """Fire `trigger` on an initiative, in a transaction of its own.

    Args:
        expected_version: the version the caller saw; None means "as read now".

    Raises:
        NotFoundError: no such initiative.
        IllegalMoveError: the trigger does not leave the current state.
        UnmetRequirementsError: requirements of the move are not met.
        ConcurrentChangeError: the initiative changed since it was read.
    """
    comment = clean_text("comment", comment) if comment else None
    try:
        with transaction(engine) as conn:
            moved = move(
                conn,
                registry,
                load_row(conn, initiative_id),
                actor=actor,
                trigger=trigger,
                now=clock.now(),
                comment=comment,
                expected_version=expected_version,
            )
    except WorkflowError as refusal:
        log.info(
            "refused",
            initiative=initiative_id,
            trigger=trigger,
            actor=actor.handle,
            reason=str(refusal),
        )
        raise
    log.info(
        "transition",
        initiative=initiative_id,
        workflow=moved.workflow,
        trigger=trigger,
        from_state=moved.from_state,
        to_state=moved.to_state,
        actor=actor.handle,
        version=moved.version,
    )
    if moved.created is not None:
        log.info("created_from", initiative=moved.created, origin=initiative_id, actor=actor.handle)
    return moved


def move(
    conn: Link,
    registry: Registry,
    row: Mapping[str, Any],
    *,
    actor: Person,
    trigger: str,
    now: datetime,
    comment: str | None,
    expected_version: int | None = None,
) -> Moved:
    """Fire `trigger` on the initiative `row` in the caller's transaction (see `advance`).

    The requirements look up decisions and records after `row` was read. If a refusal could come
    from someone else's change in between, it is reported as that change, not as the refusal.
    """
    initiative_id = row["id"]
    read_version = row["version"] if expected_version is None else expected_version
    if read_version != row["version"]:
        raise ConcurrentChangeError(initiative_id, read_version)
    definition = registry.get(row["workflow"], row["workflow_version"])
    source = row["state"]
    machine = machine_for(definition)
    subject = _subject(conn, row, definition, actor, comment)
    try:
        dest = machine.fire(trigger, source, row["previous_state"], subject, initiative_id)
    except WorkflowError:
        now_row = select_initiative(conn, initiative_id)
        if now_row is None or now_row["version"] != read_version:
            raise ConcurrentChangeError(initiative_id, read_version) from None
        raise
    version = write_initiative(
        conn,
        initiative_id,
        read_version,
        {"state": dest, "previous_state": source, "entered_state_at": now, "updated_at": now},
    )
    append_event(
        conn,
        actor,
        initiative_id=initiative_id,
        at=now,
        kind="transition",
        trigger=trigger,
        from_state=source,
        to_state=dest,
        comment=comment,
        version=version,
    )
    transition = machine.transition(trigger, source)
    created = None
    if transition.creates is not None:
        created = _create_from(conn, registry, row, transition.creates, actor, now)
    return Moved(initiative_id, trigger, source, dest, version, definition.key, created)


def _create_from(
    conn: Link,
    registry: Registry,
    row: Mapping[str, Any],
    workflow: str,
    actor: Person,
    now: datetime,
) -> int:
    """Start an initiative in `workflow` from `row` (a trial scaled up), linked to it."""
    definition = registry.latest(workflow)
    category = row["category"] if definition.category(row["category"] or "") else None
    values = {
        "title": row["title"],
        "description": row["description"],
        "category": category,
        "area": row["area"],
        "owner_id": row["owner_id"],
        "origin_id": row["id"],
    }
    return create_initiative(
        conn,
        definition,
        values,
        proposer_id=row["proposer_id"],
        actor=actor,
        now=now,
        comment=f"skaleret fra / scaled from {row['workflow']} {row['id']}",
    )


def check_moves(
    engine: Engine, registry: Registry, *, actor: Person, initiative_id: int
) -> tuple[Definition, Mapping[str, Any], list[MoveReport]]:
    """Every move out of the initiative's current state, judged as if `actor` made it now.

    A `comment: true` requirement does not block here: the comment is given with the move.

    Raises:
        NotFoundError: no such initiative.
    """
    with engine.connect() as conn:
        row = load_row(conn, initiative_id)
        definition = registry.get(row["workflow"], row["workflow_version"])
        subject = _subject(conn, row, definition, actor, comment=None)
        reports = [
            MoveReport(
                t,
                t.destination(row["previous_state"]),
                tuple(evaluate_all(t.requires, subject)),
            )
            for t in definition.outgoing(row["state"])
        ]
    return definition, dict(row), reports
