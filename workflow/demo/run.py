"""The demo portfolio: real initiatives from the seeds, moved through the lifecycle during 2010."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from workflow.approvals.adjustments import confirm_adjustment
from workflow.approvals.decisions import decide
from workflow.approvals.dossier import change_milestone, set_record
from workflow.base.clock import FixedClock, local_date
from workflow.base.errors import WorkflowError
from workflow.base.vocabulary import FORUMS
from workflow.core.initiatives import propose
from workflow.core.moves import advance
from workflow.core.people import Person, add_person
from workflow.definitions.registry import Registry
from workflow.demo.script import (
    DEMO_START,
    INITIATIVES,
    PEOPLE,
    REMINDER_DAY,
    STATUS_GIVEN,
    STATUSES,
    Step,
)
from workflow.schedule.status import give_status
from workflow.storage.database import connect, location, resolve_url, schema_revision, sqlite_path
from workflow.storage.schema import upgrade
from workflow.storage.simulation import make_for_simulation

__all__ = ["DEMO_START", "REMINDER_DAY", "DemoResult", "new_demo_database", "run_demo"]


@dataclass(frozen=True)
class DemoResult:
    """What the demo made, for the CLI to show."""

    people: list[Person]
    initiative_ids: list[int]
    steps: int


# Marks a SQLite file as made by the demo, so the next demo may replace it (and nothing else).
DEMO_APPLICATION_ID = 0x74696C64


def new_demo_database(given: str) -> Engine:
    """A new, migrated database for the demo. A SQLite file is replaced; other databases must
    not hold tiltag tables yet (the demo never touches a database in use).

    Raises:
        WorkflowError: the (non-SQLite) database already has tiltag tables.
    """
    url = resolve_url(given)
    path = sqlite_path(url)
    if path is not None and _replaceable(path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif path is not None:
        raise WorkflowError(
            f"the demo replaces only a database it made itself, and {path} is another file; "
            "give --database a new file"
        )
    engine = connect(url, create=True)
    if schema_revision(engine) is not None:
        raise WorkflowError(
            f"the demo needs a new database, and {location(engine)} is in use; "
            "give --database a new SQLite file"
        )
    upgrade(engine)
    make_for_simulation(engine)  # the demo plays 2010 on a clock of its own
    if path is not None:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
    return engine


def _replaceable(path: Path) -> bool:
    """Whether `path` is absent, empty, or a demo database."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    except sqlite3.Error:
        return False
    return bool(application_id == DEMO_APPLICATION_ID)


def run_demo(engine: Engine, registry: Registry) -> DemoResult:
    """Fill a new database with people and eleven initiatives and play their scripts, one step
    each every two weeks through 2010: decisions, records, milestones and moves."""
    clock = FixedClock(DEMO_START)
    admin: Person | None = None
    people: dict[str, Person] = {}
    for handle, name, email, roles in PEOPLE:
        people[handle] = add_person(
            engine, handle=handle, name=name, email=email, roles=roles, actor=admin, clock=clock
        )
        admin = admin or people[handle]
    ids = []
    for title, category, proposer, owner, area, description, workflow, _ in INITIATIVES:
        clock.advance(days=1)
        ids.append(
            propose(
                engine,
                registry,
                actor=people[proposer],
                title=title,
                description=description,
                category=category,
                area=area,
                owner=owner,
                workflow=workflow,
                clock=clock,
            )
        )
    steps = 0
    for round_ in range(max(len(spec[7]) for spec in INITIATIVES)):
        clock.advance(weeks=2)
        for initiative_id, spec in zip(ids, INITIATIVES, strict=True):
            if round_ < len(spec[7]):
                _play(engine, registry, people, clock, initiative_id, spec[7][round_])
                steps += 1
    # The third quarter's status: two owners give it before the first reminder goes out.
    clock.set(STATUS_GIVEN)
    for index, who, light, text, spent in STATUSES:
        give_status(
            engine,
            registry,
            actor=people[who],
            initiative_id=ids[index],
            light=light,
            text=text,
            spent=spent,
            clock=clock,
        )
    return DemoResult(list(people.values()), ids, steps)


def _play(
    engine: Engine,
    registry: Registry,
    people: dict[str, Person],
    clock: FixedClock,
    initiative_id: int,
    step: Step,
) -> None:
    what, who, *details = step
    actor = people[who]
    if what == "decide":
        forum, outcome, justification, *redo = details
        decide(
            engine,
            registry,
            actor=actor,
            initiative_id=initiative_id,
            forum=forum,
            outcome=outcome,
            meeting_date=local_date(clock.now()),
            justification=justification,
            reference=f"{FORUMS[forum].da}, møde {clock.now():%d.%m.%Y}",
            redo=redo[0] if redo else None,
            clock=clock,
        )
    elif what == "move":
        trigger, *comment = details
        advance(
            engine,
            registry,
            actor=actor,
            initiative_id=initiative_id,
            trigger=trigger,
            comment=comment[0] if comment else None,
            clock=clock,
        )
    elif what == "record":
        kind, data = details
        set_record(
            engine,
            registry,
            actor=actor,
            initiative_id=initiative_id,
            kind=kind,
            data=data,
            clock=clock,
        )
    elif what == "done":
        change_milestone(
            engine,
            registry,
            actor=actor,
            initiative_id=initiative_id,
            number=details[0],
            done_on=local_date(clock.now()),
            clock=clock,
        )
    elif what == "budget":
        year, account = details
        confirm_adjustment(
            engine,
            registry,
            actor=actor,
            initiative_id=initiative_id,
            year=year,
            clock=clock,
            account=account,
        )
    else:
        raise ValueError(f"unknown demo step {what!r}")
