"""The stalled report for the task force: every initiative that stands still today, how long,
whose, why, and what it lacks to move on, in the words of `tiltag check`; the steps forward by
the definition's labels."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection

from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import Label
from workflow.core.facts import DatabaseFacts
from workflow.core.people import Person
from workflow.core.requirements import Outcome, Subject, evaluate_all
from workflow.definitions.model import Definition, Requirement, Transition
from workflow.definitions.registry import Registry
from workflow.reports.cells import person
from workflow.reports.model import Coded, Column, Report, Section
from workflow.schedule.config import Schedule
from workflow.schedule.stalled import find_stalled

__all__ = ["COLUMNS", "lacking", "missing_to_move_on", "stalled_report"]

# Judges the case, not a person: holds no role and is nobody's proposer or owner.
NOBODY = Person(id=0, handle="-", name="-", email="", roles=frozenset())
WAITS = Label("venter på en beslutning", "waits for a decision")
NOTHING = Label("intet", "nothing")

COLUMNS = (
    Column("id", Label("id", "id"), "count", 6),
    Column("state", Label("tilstand", "state"), "coded", 20),
    Column("owner", Label("projektejer", "owner"), "coded", 18),
    Column("days", Label("dage i tilstanden", "days in state"), "count", 6),
    Column("title", Label("titel", "title"), "text"),
    Column("reasons", Label("hvorfor", "why"), "long"),
    Column("next", Label("næste skridt", "next step"), "text"),
    Column("missing", Label("mangler for at komme videre", "missing to move on"), "long"),
)


def stalled_report(
    conn: Connection, registry: Registry, schedule: Schedule, clock: Clock
) -> Report:
    """The initiatives stalled today (see `workflow.schedule.stalled`), by id."""
    now = clock.now()
    day = local_date(now)

    def rows() -> Iterator[tuple[Any, ...]]:
        for stalled in find_stalled(conn, registry, day, schedule.no_status_quarters):
            row = stalled.initiative
            definition = registry.get(row["workflow"], row["workflow_version"])
            step, missing = missing_to_move_on(conn, definition, row)
            yield (
                stalled.id,
                Coded(stalled.state, definition.state(stalled.state).label),
                person(stalled.owner_handle, stalled.owner_name),
                stalled.days_in_state,
                stalled.title,
                _joined(stalled.reasons, "; ") if stalled.reasons else "",
                step,
                missing,
            )

    section = Section(
        "stalled",
        Label("Tiltag der står stille", "Stalled initiatives"),
        COLUMNS,
        rows(),
    )
    return Report(
        kind="stalled",
        title=Label("Tiltag der står stille", "Stalled initiatives"),
        period=None,
        as_of=now,
        through=local_date(now),
        generated_at=now,
        sections=(section,),
        main="stalled",
    )


def missing_to_move_on(
    conn: Connection, definition: Definition, row: Mapping[str, Any]
) -> tuple[Label, Label]:
    """The step forward out of the initiative's state (by its label) and what the case still
    lacks for it.

    Only what the case lacks counts (fields, records, decisions, milestones, named checks), in
    the words of `tiltag check`; who may make the move is another matter. A state with no step
    forward (on hold) waits for a decision.
    """
    steps, missing = lacking(conn, definition, row)
    if not steps:
        return _joined([t.label for t in definition.outgoing(row["state"])], ", "), WAITS
    return _joined([t.label for t in steps], ", "), _joined([o.words for o in missing], "; ")


def _joined(labels: list[Label], sep: str) -> Label:
    """Labels one after another in each language; nothing (`intet`) for none."""
    if not labels:
        return NOTHING
    return Label(sep.join(x.da for x in labels), sep.join(x.en for x in labels))


def lacking(
    conn: Connection, definition: Definition, row: Mapping[str, Any]
) -> tuple[tuple[Transition, ...], list[Outcome]]:
    """The steps forward out of the initiative's state, and the requirements of the case they
    still find unmet (none when there is no step forward)."""
    steps = definition.moves_on(row["state"])
    subject = Subject(row, definition, NOBODY, None, DatabaseFacts(conn, row))
    missing = [o for t in steps for o in evaluate_all(_about_case(t), subject) if not o.met]
    return steps, missing


# The requirements of each move that ask something of the case, by the move's identity: the
# others (who moves it) are not judged at all, rather than judged and left out.
_ABOUT_CASE: dict[int, tuple[Transition, tuple[Requirement, ...]]] = {}


def _about_case(move: Transition) -> tuple[Requirement, ...]:
    found = _ABOUT_CASE.get(id(move))
    if found is None or found[0] is not move:
        found = _ABOUT_CASE[id(move)] = (move, tuple(r for r in move.requires if r.about_case))
    return found[1]
