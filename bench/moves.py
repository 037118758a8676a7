"""Throughput of moves: every initiative through all six lifecycle steps, against bare sqlite3.

tiltag: one `workflow.core.moves.advance` per move, exactly as `tiltag advance` makes it (read the
initiative, judge the requirements, write the state and one history event, commit).

Floor: the same number of moves on a separate file with the same schema and pragmas, each move one
UPDATE of the initiative, one INSERT of its event and one commit, with plain `sqlite3`.

Only the moves are timed, not building the databases nor filing the records and forum decisions
the moves require (done through the same service functions, before each step); the two runs
alternate step by step.

    .venv/bin/python bench/moves.py [--initiatives 10000] [--dir DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from workflow.approvals.decisions import decide
from workflow.approvals.dossier import set_record
from workflow.base.clock import FixedClock
from workflow.base.logs import configure_logging
from workflow.core.initiatives import propose
from workflow.core.moves import advance
from workflow.core.people import Person, add_person
from workflow.definitions.registry import DEFAULT_FOLDER, Registry, load_registry
from workflow.storage.database import connect
from workflow.storage.schema import upgrade

TARGET_RATIO = 3.0
START = datetime(2010, 2, 1, 9, 0, tzinfo=UTC)
REALISE_COMMENT = "Besparelse realiseret."
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how the UTC datetime columns are stored in SQLite

# handle, roles
PEOPLE = (
    ("admin", ("admin",)),
    ("jens", ("chief_group",)),
    ("birgit", ("economic_committee",)),
    ("ulla", ("project_owner",)),
    ("aase", ("proposer",)),
    ("hanne", ("task_force",)),
)

# trigger, actor, comment: the six steps from screening to realised
STEPS = (
    ("select", "hanne", None),
    ("approve_case", "ulla", None),
    ("organise", "ulla", None),
    ("start", "ulla", None),
    ("complete", "ulla", None),
    ("realise", "hanne", REALISE_COMMENT),
)

# The moves that leave a gate, which needs the chief group's go first (select, approve_case).
GATED_STEPS = (1, 2)

# Every record the six steps require, filed for each initiative before the moves.
RECORDS: dict[str, dict[str, Any]] = {
    "business_case": {
        "solution": "Fælles udbud.",
        "alternatives": "Ingen.",
        "investment": 100_000,
        "running_cost": 10_000,
        "expected_gains": {2010: 500_000, 2011: 500_000},
        "risks": "Få tilbud.",
        "indicator": "Pris",
        "baseline": "100",
        "target": "80",
        "responsible": "Ulla",
        "involved": "Indkøb",
        "decision_kind": "administrative",
    },
    "organisation": {"project_leader": "Karen", "project_group": ["Indkøb"]},
    "plan": {
        "start": "2010-01-01",
        "description": "Udbud.",
        "communication": "Nyhedsbrev.",
        "milestones": [
            {"phase": "Udbud", "title": "Kontrakt", "due": "2010-06-01", "done_on": "2010-05-01"}
        ],
        "tolerances": {"time_days": 30, "cost_percent": 10, "notify": ["task_force"]},
    },
    "follow_up": {
        "realised_gains": {2010: 450_000},
        "quality_effect_achieved": "Samme kvalitet.",
        "verdict": "achieved",
    },
}

STATES = (
    "screening",
    "business_case",
    "organisation",
    "implementation_plan",
    "execution",
    "follow_up",
    "realised",
)


@dataclass(frozen=True)
class Result:
    """One timed run of moves."""

    name: str
    moves: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.moves / self.seconds

    @property
    def micros(self) -> float:
        return self.seconds / self.moves * 1e6


def step_time(step: int) -> datetime:
    """The clock of step `step` (0 = proposals): one week per step."""
    return START + timedelta(weeks=step)


def new_database(path: Path) -> Engine:
    """A fresh file at this version's schema, made by the migrations."""
    engine = connect(str(path), create=True)
    upgrade(engine)
    return engine


def build_tiltag(
    path: Path, initiatives: int
) -> tuple[Engine, Registry, dict[str, Person], list[int]]:
    """The people and `initiatives` proposals, each with every field the six steps require."""
    engine = new_database(path)
    registry = load_registry(DEFAULT_FOLDER)
    clock = FixedClock(step_time(0))
    people: dict[str, Person] = {}
    admin: Person | None = None
    for handle, roles in PEOPLE:
        people[handle] = add_person(
            engine,
            handle=handle,
            name=handle.title(),
            email=f"{handle}@kommune.example.dk",
            roles=roles,
            actor=admin,
            clock=clock,
        )
        admin = admin or people[handle]
    ids = [
        propose(
            engine,
            registry,
            actor=people["aase"],
            title=f"Tiltag {n}",
            description="Fælles udbud for at opnå bedre priser.",
            category="indkoeb",
            area="Økonomi",
            owner="ulla",
            clock=clock,
        )
        for n in range(1, initiatives + 1)
    ]
    for initiative_id in ids:
        for kind, data in RECORDS.items():
            set_record(
                engine,
                registry,
                actor=people["ulla"],
                initiative_id=initiative_id,
                kind=kind,
                data=data,
                clock=clock,
            )
    return engine, registry, people, ids


def decide_go(
    engine: Engine, registry: Registry, people: dict[str, Person], ids: list[int], step: int
) -> None:
    """The chief group's go at the gate each initiative stands at before step `step`."""
    clock = FixedClock(step_time(step - 1))
    for initiative_id in ids:
        decide(
            engine,
            registry,
            actor=people["jens"],
            initiative_id=initiative_id,
            forum="chief_group",
            outcome="go",
            meeting_date=clock.now().date(),
            reference="Chefgruppen",
            justification="Godkendt.",
            clock=clock,
        )


def tiltag_step(
    engine: Engine,
    registry: Registry,
    people: dict[str, Person],
    ids: list[int],
    step: int,
) -> float:
    """Step `step` (1-6) for every initiative, one `advance` per move; return the seconds."""
    trigger, actor, comment = STEPS[step - 1]
    clock = FixedClock(step_time(step))
    started = time.perf_counter()
    for initiative_id in ids:
        advance(
            engine,
            registry,
            actor=people[actor],
            initiative_id=initiative_id,
            trigger=trigger,
            comment=comment,
            clock=clock,
        )
    return time.perf_counter() - started


def build_bare(
    path: Path, initiatives: int
) -> tuple[sqlite3.Connection, dict[str, int], list[int]]:
    """The same schema (by the migrations) and rows, then a plain connection with our pragmas."""
    new_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    at = step_time(0).strftime(STAMP)
    person_ids: dict[str, int] = {}
    for handle, _ in PEOPLE:
        cursor = conn.execute(
            "INSERT INTO person (handle, name, email, created_at) VALUES (?, ?, ?, ?)",
            (handle, handle.title(), f"{handle}@kommune.example.dk", at),
        )
        person_ids[handle] = int(cursor.lastrowid or 0)
    proposer, owner = person_ids["aase"], person_ids["ulla"]
    conn.executemany(
        "INSERT INTO initiative (title, description, category, area, proposer_id, owner_id, "
        "workflow, workflow_version, state, entered_state_at, created_at, updated_at, version) "
        "VALUES (?, ?, 'indkoeb', 'Økonomi', ?, ?, 'effektivisering', 1, 'screening', ?, ?, ?, 1)",
        (
            (f"Tiltag {n}", "Fælles udbud.", proposer, owner, at, at, at)
            for n in range(1, initiatives + 1)
        ),
    )
    conn.commit()
    ids = [row[0] for row in conn.execute("SELECT id FROM initiative ORDER BY id")]
    return conn, person_ids, ids


def bare_step(
    conn: sqlite3.Connection, actor_ids: dict[str, int], ids: list[int], step: int
) -> float:
    """The floor for step `step`: per move one UPDATE, one INSERT and one commit; the seconds."""
    trigger, actor, comment = STEPS[step - 1]
    at = step_time(step).strftime(STAMP)
    source, dest = STATES[step - 1], STATES[step]
    version, actor_id = step + 1, actor_ids[actor]
    started = time.perf_counter()
    for initiative_id in ids:
        conn.execute(
            "UPDATE initiative SET state=?, previous_state=?, entered_state_at=?, "
            "updated_at=?, version=version+1 WHERE id=?",
            (dest, source, at, at, initiative_id),
        )
        conn.execute(
            "INSERT INTO event (initiative_id, at, actor_id, kind, trigger, from_state, "
            "to_state, comment, version) VALUES (?, ?, ?, 'transition', ?, ?, ?, ?, ?)",
            (initiative_id, at, actor_id, trigger, source, dest, comment, version),
        )
        conn.commit()
    return time.perf_counter() - started


def all_realised(path: Path, expected: int) -> bool:
    """Whether every initiative ended in `realised` with one transition event per step."""
    with sqlite3.connect(path) as conn:
        realised = conn.execute(
            "SELECT count(*) FROM initiative WHERE state='realised'"
        ).fetchone()[0]
        events = conn.execute("SELECT count(*) FROM event WHERE kind='transition'").fetchone()[0]
    return bool(realised == expected and events == expected * len(STEPS))


def report(results: list[Result], command: str) -> bool:
    """Print the table and the verdict; return whether the target is met."""
    tiltag, bare = results
    ratio = tiltag.seconds / bare.seconds
    print(f"{'':<16}{'moves':>9}{'seconds':>10}{'moves/s':>10}{'µs/move':>10}")
    for r in results:
        print(f"{r.name:<16}{r.moves:>9}{r.seconds:>10.2f}{r.per_second:>10.0f}{r.micros:>10.1f}")
    met = ratio <= TARGET_RATIO
    verdict = "met" if met else "NOT met"
    print(f"ratio tiltag/bare: {ratio:.2f} (target ≤ {TARGET_RATIO:.1f}: {verdict})")
    print(f"reproduce: {command}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000, help="default: 10000")
    parser.add_argument("--dir", type=Path, help="where the two files go (default: a temp dir)")
    parser.add_argument(
        "--profile", action="store_true", help="profile the tiltag moves and print the top"
    )
    args = parser.parse_args()
    # As `tiltag` runs by default: transitions are logged at info, the level shown is warning.
    configure_logging("console", logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="tiltag-bench-") as tmp:
        folder: Path = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        tiltag_path, bare_path = folder / "moves-tiltag.db", folder / "moves-bare.db"
        for path in (tiltag_path, bare_path):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        engine, registry, people, ids = build_tiltag(tiltag_path, args.initiatives)
        conn, actor_ids, bare_ids = build_bare(bare_path, args.initiatives)

        # The two alternate step by step, so a slow spell of the machine hits both alike.
        profiler = cProfile.Profile() if args.profile else None
        per_step: list[tuple[float, float]] = []
        for step in range(1, len(STEPS) + 1):
            if step in GATED_STEPS:
                decide_go(engine, registry, people, ids, step)
            bare_seconds = bare_step(conn, actor_ids, bare_ids, step)
            if profiler is not None:
                profiler.enable()
            tiltag_seconds = tiltag_step(engine, registry, people, ids, step)
            if profiler is not None:
                profiler.disable()
            per_step.append((tiltag_seconds, bare_seconds))
        tiltag_seconds = sum(t for t, _ in per_step)
        bare_seconds = sum(b for _, b in per_step)
        conn.close()
        engine.dispose()
        moves = args.initiatives * len(STEPS)
        tiltag = Result("tiltag advance", moves, tiltag_seconds)
        bare = Result("bare sqlite3", moves, bare_seconds)

        for path in (tiltag_path, bare_path):
            if not all_realised(path, args.initiatives):
                sys.exit(f"{path}: not every initiative reached 'realised'")

        print(f"{args.initiatives} initiatives × {len(STEPS)} moves, one commit per move")
        command = f".venv/bin/python bench/moves.py --initiatives {args.initiatives}"
        report([tiltag, bare], command)
        print("per step (µs/move):  " + "  ".join(f"{t:>12}" for t, _, _ in STEPS))
        for name, column in (("tiltag", 0), ("bare", 1)):
            cells = "  ".join(
                f"{pair[column] / args.initiatives * 1e6:>12.1f}" for pair in per_step
            )
            print(f"  {name:<18} {cells}")
        if profiler is not None:
            print("\nprofile of the tiltag moves (profiling inflates the times):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
