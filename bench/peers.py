"""Moves against peer engines: one lifecycle, persisted the same way, measured in one run.

The lifecycle: seven states in a line (s1 ... s7), six moves (m1 ... m6), the first guarded by a
field (the instance's description must be filled). N instances each take the six moves; every
move is its own transaction: reload the instance, let the engine decide the move, write the new
state and one history row, commit. All of them write into the same schema (tiltag's migrations),
so the tables, indexes and pragmas (WAL, synchronous=NORMAL) are the same.

- tiltag: `workflow.core.moves.advance`, the function `tiltag advance` and the web call (it also
  checks the definition's roles and records, the version guard, and writes the audit fields);
- transitions + sqlite3: the state read, one shared `transitions.Machine` fires the event on a
  plain holder, the state and the same history row written;
- python-statemachine: the instance rebuilt from its stored state each move, `send`, the same
  writes;
- SpiffWorkflow: the process as BPMN (a gateway guards the first task), the instance kept as the
  serializer's JSON in a table of its own, read, deserialised, the ready task run, serialised and
  written back with the state and the history row;
- the floor: plain sqlite3 doing the least a move must do (SELECT, UPDATE with the version check,
  history INSERT, COMMIT).

On PostgreSQL, tiltag against the same floor with psycopg, with `synchronous_commit` on and off.

The engines take turns chunk by chunk (a chunk of instances, one step), the order rotating, so
that a slow spell of the machine hits all alike; a round starts from fresh databases. The table
gives each engine's µs a move, the minimum and the median over the rounds, and each goal as a
ratio of the same round.

    .venv/bin/python bench/peers.py [--instances 1000] [--rounds 3] [--chunk 100]
        [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import psycopg
import transitions
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine, create_engine, text
from statemachine import State, StateMachine

from workflow.base.clock import FixedClock
from workflow.base.logs import configure_logging
from workflow.core.initiatives import propose
from workflow.core.moves import advance
from workflow.core.people import Person, add_person
from workflow.definitions.registry import Registry, load_registry
from workflow.storage.database import connect
from workflow.storage.schema import upgrade

STATES = tuple(f"s{n}" for n in range(1, 8))
MOVES = tuple(f"m{n}" for n in range(1, 7))
DESCRIPTION = "Fælles udbud for at opnå bedre priser."
NOW = datetime(2010, 2, 1, 9, 0, tzinfo=UTC)
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how the UTC datetime columns are stored in SQLite
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# The goals: (what, numerator, denominator, target, "at most" or "at least").
GOALS_SQLITE = (
    ("tiltag vs the sqlite3 floor", "tiltag", "floor", 2.0, "<="),
    ("python-statemachine vs tiltag", "python-statemachine", "tiltag", 4.0, ">="),
    ("SpiffWorkflow vs tiltag", "SpiffWorkflow", "tiltag", 10.0, ">="),
    ("tiltag vs transitions + sqlite3 + history", "tiltag", "transitions", 1.5, "<="),
)
PG_TARGET = 1.2


def definition_yaml() -> str:
    """The lifecycle as a tiltag definition: the field guard on the first move."""
    lines = ["name: linje", "version: 1", "label: {da: Linje, en: Line}", "states:"]
    for n, state in enumerate(STATES):
        end = "initial: true, " if n == 0 else "final: true, " if n == len(STATES) - 1 else ""
        lines.append(f"  {state}: {{{end}label: {{da: {state}, en: {state}}}}}")
    lines.append("transitions:")
    for n, trigger in enumerate(MOVES):
        guard = ", requires: [{field: description}]" if n == 0 else ""
        lines.append(
            f"  - {{trigger: {trigger}, source: {STATES[n]}, dest: {STATES[n + 1]}, "
            f"label: {{da: {trigger}, en: {trigger}}}{guard}}}"
        )
    return "\n".join(lines) + "\n"


INSERT_EVENT = (
    "INSERT INTO event (initiative_id, at, actor_id, kind, trigger, from_state, to_state, "
    "version) VALUES (?, ?, ?, 'transition', ?, ?, ?, ?)"
)
UPDATE_STATE = (
    "UPDATE initiative SET state=?, previous_state=?, entered_state_at=?, updated_at=?, "
    "version=version+1 WHERE id=? AND version=?"
)
SELECT_ROW = "SELECT state, description, version FROM initiative WHERE id=?"


class Runner(Protocol):
    """One engine: its instances made untimed, then moved step by step, chunk by chunk."""

    name: str

    def setup(self, instances: int) -> list[int]: ...

    def run(self, step: int, ids: Sequence[int]) -> None: ...

    def finished(self, instances: int) -> bool: ...

    def close(self) -> None: ...


# --- plain sqlite3 on tiltag's schema --------------------------------------------------------


def sqlite_file(folder: Path, name: str) -> Path:
    """A fresh file made by tiltag's migrations."""
    path = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = connect(str(path), create=True)
    upgrade(engine)
    engine.dispose()
    return path


def open_sqlite(path: Path) -> sqlite3.Connection:
    """A plain connection with tiltag's pragmas."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def fill_sqlite(conn: sqlite3.Connection, instances: int) -> tuple[int, list[int]]:
    """One person and `instances` rows in the first state; the person's id and the rows' ids."""
    at = NOW.strftime(STAMP)
    cursor = conn.execute(
        "INSERT INTO person (handle, name, email, created_at) VALUES ('ulla', 'Ulla', "
        "'ulla@kommune.example.dk', ?)",
        (at,),
    )
    person = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO initiative (title, description, proposer_id, owner_id, workflow, "
        "workflow_version, state, entered_state_at, created_at, updated_at, version) "
        "VALUES (?, ?, ?, ?, 'linje', 1, ?, ?, ?, ?, 1)",
        (
            (f"Tiltag {n}", DESCRIPTION, person, person, STATES[0], at, at, at)
            for n in range(1, instances + 1)
        ),
    )
    conn.commit()
    return person, [row[0] for row in conn.execute("SELECT id FROM initiative ORDER BY id")]


def count_finished(conn: sqlite3.Connection | psycopg.Connection[Any]) -> tuple[int, int]:
    """How many instances stand in the last state, and how many moves the history holds."""
    done = conn.execute("SELECT count(*) FROM initiative WHERE state='s7'").fetchone()
    events = conn.execute("SELECT count(*) FROM event WHERE kind='transition'").fetchone()
    return int(done[0]) if done else 0, int(events[0]) if events else 0


def write_move(
    conn: sqlite3.Connection, actor: int, initiative: int, version: int, source: str, dest: str
) -> None:
    """The writes of one move and its commit, as every sqlite3-based engine here makes them."""
    at = NOW.strftime(STAMP)
    updated = conn.execute(UPDATE_STATE, (dest, source, at, at, initiative, version))
    if updated.rowcount != 1:
        raise RuntimeError(f"instance {initiative} changed meanwhile")
    conn.execute(
        INSERT_EVENT,
        (initiative, at, actor, MOVES[STATES.index(source)], source, dest, version + 1),
    )
    conn.commit()


@dataclass
class SqliteRunner:
    """The shared part of the engines that run on plain sqlite3."""

    name: str
    path: Path
    conn: sqlite3.Connection = field(init=False)
    actor: int = field(init=False, default=0)

    def setup(self, instances: int) -> list[int]:
        self.conn = open_sqlite(self.path)
        self.actor, ids = fill_sqlite(self.conn, instances)
        return ids

    def finished(self, instances: int) -> bool:
        return count_finished(self.conn) == (instances, instances * len(MOVES))

    def close(self) -> None:
        self.conn.close()


class Floor(SqliteRunner):
    """The least a move must do: read, update with the version check, history row, commit."""

    def run(self, step: int, ids: Sequence[int]) -> None:
        trigger = MOVES[step]
        for initiative in ids:
            state, description, version = self.conn.execute(SELECT_ROW, (initiative,)).fetchone()
            dest = STATES[STATES.index(state) + 1]
            if trigger == MOVES[0] and not description:
                raise RuntimeError("the guard refused")
            write_move(self.conn, self.actor, initiative, version, state, dest)


class Holder:
    """The plain object an engine moves: the stored state and the guarded field."""

    def __init__(self, state: str, description: str) -> None:
        self.state = state
        self.description = description

    def has_description(self) -> bool:
        return bool(self.description)


class Transitions(SqliteRunner):
    """One shared `transitions.Machine`, its event fired on a plain holder per move."""

    def setup(self, instances: int) -> list[int]:
        self.machine = transitions.Machine(
            model=None, states=list(STATES), initial=None, auto_transitions=False
        )
        for trigger, source, dest in zip(MOVES, STATES, STATES[1:], strict=False):
            conditions: list[str | Callable[..., bool | None]] = (
                ["has_description"] if trigger == MOVES[0] else []
            )
            self.machine.add_transition(trigger, source, dest, conditions=conditions)
        return super().setup(instances)

    def run(self, step: int, ids: Sequence[int]) -> None:
        event = self.machine.events[MOVES[step]]
        for initiative in ids:
            state, description, version = self.conn.execute(SELECT_ROW, (initiative,)).fetchone()
            holder = Holder(state, description)
            if not event.trigger(holder):
                raise RuntimeError("the guard refused")
            write_move(self.conn, self.actor, initiative, version, state, holder.state)


class Line(StateMachine):
    """The lifecycle for python-statemachine."""

    s1 = State(initial=True)
    s2 = State()
    s3 = State()
    s4 = State()
    s5 = State()
    s6 = State()
    s7 = State(final=True)
    m1 = s1.to(s2, cond="has_description")
    m2 = s2.to(s3)
    m3 = s3.to(s4)
    m4 = s4.to(s5)
    m5 = s5.to(s6)
    m6 = s6.to(s7)


class PythonStatemachine(SqliteRunner):
    """The machine rebuilt on the reloaded instance each move, as its users do."""

    def run(self, step: int, ids: Sequence[int]) -> None:
        trigger = MOVES[step]
        for initiative in ids:
            state, description, version = self.conn.execute(SELECT_ROW, (initiative,)).fetchone()
            holder = Holder(state, description)
            Line(model=holder).send(trigger)
            write_move(self.conn, self.actor, initiative, version, state, holder.state)


def line_bpmn() -> bytes:
    """The lifecycle as BPMN: start, a gateway guarding the first task, six manual tasks, end."""
    parts = [
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
        'targetNamespace="tiltag"><bpmn:process id="line" isExecutable="true">',
        '<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="guard"/>',
        '<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="guard"/>',
        '<bpmn:sequenceFlow id="fg" sourceRef="guard" targetRef="m1"><bpmn:conditionExpression>'
        'description != ""</bpmn:conditionExpression></bpmn:sequenceFlow>',
    ]
    for n, trigger in enumerate(MOVES, start=1):
        target = MOVES[n] if n < len(MOVES) else "end"
        parts.append(f'<bpmn:manualTask id="{trigger}"/>')
        parts.append(f'<bpmn:sequenceFlow id="f{n}" sourceRef="{trigger}" targetRef="{target}"/>')
    parts.append('<bpmn:endEvent id="end"/></bpmn:process></bpmn:definitions>')
    return "".join(parts).encode()


class Spiff(SqliteRunner):
    """SpiffWorkflow: each instance's serialised workflow stored beside its row."""

    def setup(self, instances: int) -> list[int]:
        parser = BpmnParser()
        parser.add_bpmn_str(line_bpmn(), "line.bpmn")
        self.spec = parser.get_spec("line")
        self.serializer = BpmnWorkflowSerializer()
        ids = super().setup(instances)
        self.conn.execute("CREATE TABLE process (initiative_id INTEGER PRIMARY KEY, data TEXT)")
        rows = []
        for initiative in ids:
            process = BpmnWorkflow(self.spec)
            process.task_tree.data["description"] = DESCRIPTION
            rows.append((initiative, self.serializer.serialize_json(process)))
        self.conn.executemany("INSERT INTO process VALUES (?, ?)", rows)
        self.conn.commit()
        return ids

    def run(self, step: int, ids: Sequence[int]) -> None:
        for initiative in ids:
            state, version, data = self.conn.execute(
                "SELECT state, version, data FROM initiative JOIN process "
                "ON process.initiative_id = initiative.id WHERE id=?",
                (initiative,),
            ).fetchone()
            process = self.serializer.deserialize_json(data)
            process.do_engine_steps()  # the gateway decides on the first move
            task = process.get_next_task(state=TaskState.READY)
            if task is None or task.task_spec.name != MOVES[step]:
                raise RuntimeError(f"instance {initiative}: {MOVES[step]} is not ready")
            task.run()
            process.do_engine_steps()
            self.conn.execute(
                "UPDATE process SET data=? WHERE initiative_id=?",
                (self.serializer.serialize_json(process), initiative),
            )
            write_move(self.conn, self.actor, initiative, version, state, STATES[step + 1])


# --- tiltag ----------------------------------------------------------------------------------


@dataclass
class Tiltag:
    """Moves through tiltag's service function, on any database tiltag runs on."""

    url: str
    registry: Registry
    name: str = "tiltag"
    engine: Engine = field(init=False)
    actor: Person = field(init=False)

    def setup(self, instances: int) -> list[int]:
        self.engine = connect(self.url, create=True)
        upgrade(self.engine)
        clock = FixedClock(NOW)
        self.actor = add_person(
            self.engine,
            handle="ulla",
            name="Ulla",
            email="ulla@kommune.example.dk",
            roles=("admin", "project_owner"),
            actor=None,
            clock=clock,
        )
        return [
            propose(
                self.engine,
                self.registry,
                actor=self.actor,
                title=f"Tiltag {n}",
                description=DESCRIPTION,
                workflow="linje",
                clock=clock,
            )
            for n in range(1, instances + 1)
        ]

    def run(self, step: int, ids: Sequence[int]) -> None:
        clock, trigger = FixedClock(NOW), MOVES[step]
        for initiative in ids:
            advance(
                self.engine,
                self.registry,
                actor=self.actor,
                initiative_id=initiative,
                trigger=trigger,
                clock=clock,
            )

    def finished(self, instances: int) -> bool:
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            return count_finished(raw) == (instances, instances * len(MOVES))

    def close(self) -> None:
        self.engine.dispose()


# --- PostgreSQL ------------------------------------------------------------------------------


class PsycopgFloor:
    """The floor on PostgreSQL: the same statements with psycopg, prepared, one commit a move."""

    name = "floor"

    def __init__(self, url: str) -> None:
        self.url = url.replace("postgresql+psycopg://", "postgresql://")

    def setup(self, instances: int) -> list[int]:
        self.conn = psycopg.connect(self.url, prepare_threshold=0)
        at = NOW
        with self.conn.transaction():
            person = self.conn.execute(
                "INSERT INTO person (handle, name, email, created_at) VALUES ('ulla', 'Ulla', "
                "'ulla@kommune.example.dk', %s) RETURNING id",
                (at,),
            ).fetchone()
            assert person is not None
            self.actor = int(person[0])
            with self.conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO initiative (title, description, proposer_id, owner_id, workflow, "
                    "workflow_version, state, entered_state_at, created_at, updated_at, version) "
                    "VALUES (%s, %s, %s, %s, 'linje', 1, %s, %s, %s, %s, 1)",
                    [
                        (f"Tiltag {n}", DESCRIPTION, self.actor, self.actor, STATES[0], at, at, at)
                        for n in range(1, instances + 1)
                    ],
                )
        rows = self.conn.execute("SELECT id FROM initiative ORDER BY id").fetchall()
        self.conn.commit()
        return [int(row[0]) for row in rows]

    def run(self, step: int, ids: Sequence[int]) -> None:
        trigger = MOVES[step]
        conn, at = self.conn, NOW
        select, update, insert = (
            q.replace("?", "%s") for q in (SELECT_ROW, UPDATE_STATE, INSERT_EVENT)
        )
        for initiative in ids:
            row = conn.execute(select, (initiative,)).fetchone()
            assert row is not None
            state, description, version = row
            dest = STATES[STATES.index(state) + 1]
            if trigger == MOVES[0] and not description:
                raise RuntimeError("the guard refused")
            if conn.execute(update, (dest, state, at, at, initiative, version)).rowcount != 1:
                raise RuntimeError(f"instance {initiative} changed meanwhile")
            conn.execute(insert, (initiative, at, self.actor, trigger, state, dest, version + 1))
            conn.commit()

    def finished(self, instances: int) -> bool:
        return count_finished(self.conn) == (instances, instances * len(MOVES))

    def close(self) -> None:
        self.conn.close()


@contextmanager
def postgres_database(server: str, synchronous_commit: str) -> Iterator[str]:
    """A new database on the server, migrated, with `synchronous_commit` set; dropped after."""
    name = f"tiltag_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = {synchronous_commit}'))
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        engine = connect(url)
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


# --- the run ---------------------------------------------------------------------------------


def one_round(
    runners: Sequence[Runner], instances: int, chunk: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Every runner through the six steps, turn by turn; each one's seconds of moving, on the
    clock and of this process's CPU (what the database server does in its own process is not
    in the second)."""
    ids = {r.name: r.setup(instances) for r in runners}
    seconds = dict.fromkeys(ids, 0.0)
    cpu = dict.fromkeys(ids, 0.0)
    turn = 0
    for step in range(len(MOVES)):
        for start in range(0, instances, chunk):
            turn += 1
            order = [*runners[turn % len(runners) :], *runners[: turn % len(runners)]]
            for runner in order:
                part = ids[runner.name][start : start + chunk]
                began, began_cpu = time.perf_counter(), time.process_time()
                runner.run(step, part)
                seconds[runner.name] += time.perf_counter() - began
                cpu[runner.name] += time.process_time() - began_cpu
    for runner in runners:
        if not runner.finished(instances):
            raise SystemExit(f"{runner.name}: not every instance reached {STATES[-1]}")
        runner.close()
    return seconds, cpu


@dataclass
class Rounds:
    """The seconds of each engine in each round, on the clock and of this process's CPU."""

    moves: int
    rounds: list[dict[str, float]] = field(default_factory=list)
    cpu: list[dict[str, float]] = field(default_factory=list)

    def add(self, measured: tuple[dict[str, float], dict[str, float]]) -> None:
        self.rounds.append(measured[0])
        self.cpu.append(measured[1])

    def micros(self, name: str, *, cpu: bool = False) -> list[float]:
        return [r[name] / self.moves * 1e6 for r in (self.cpu if cpu else self.rounds)]

    def ratios(self, numerator: str, denominator: str) -> list[float]:
        return [r[numerator] / r[denominator] for r in self.rounds]


def print_table(title: str, rounds: Rounds) -> None:
    """µs a move per engine, min and median over the rounds; and the median of its CPU."""
    print(title)
    print(f"   {'engine':<24}{'µs/move min':>12}{'median':>10}{'CPU median':>12}")
    for name in rounds.rounds[0]:
        micros, cpu = rounds.micros(name), statistics.median(rounds.micros(name, cpu=True))
        print(f"   {name:<24}{min(micros):>12.1f}{statistics.median(micros):>10.1f}{cpu:>12.1f}")


def print_goal(what: str, ratios: list[float], target: float, sense: str) -> bool:
    """One goal line: the ratio's median (min-max over the rounds) and the verdict."""
    median = statistics.median(ratios)
    met = median <= target if sense == "<=" else median >= target
    spread = f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
    verdict = "PASS" if met else "MISS"
    print(f"GOAL moves: {what:<44} x{median:.2f} {spread}  (target {sense} {target})  {verdict}")
    return met


def run_sqlite(args: argparse.Namespace, folder: Path, registry: Registry) -> bool:
    """The SQLite comparison: every engine, `args.rounds` rounds."""
    kinds: list[tuple[str, Callable[[str, Path], Runner]]] = [
        ("floor", Floor),
        ("transitions", Transitions),
        ("python-statemachine", PythonStatemachine),
        ("SpiffWorkflow", Spiff),
    ]
    result = Rounds(args.instances * len(MOVES))
    for _ in range(args.rounds):
        runners: list[Runner] = [Tiltag(f"sqlite:///{sqlite_file(folder, 'tiltag')}", registry)]
        runners += [make(name, sqlite_file(folder, name)) for name, make in kinds]
        result.add(one_round(runners, args.instances, args.chunk))
    print_table(f"SQLite: {args.instances} instances x {len(MOVES)} moves", result)
    return all([print_goal(w, result.ratios(a, b), t, s) for w, a, b, t, s in GOALS_SQLITE])


def run_postgres(args: argparse.Namespace, registry: Registry) -> bool:
    """tiltag against the psycopg floor, with synchronous_commit on and off."""
    met = []
    for setting in ("on", "off"):
        result = Rounds(args.instances * len(MOVES))
        for _ in range(args.rounds):
            with (
                postgres_database(args.postgres, setting) as ours,
                postgres_database(args.postgres, setting) as theirs,
            ):
                runners: list[Runner] = [Tiltag(ours, registry), PsycopgFloor(theirs)]
                result.add(one_round(runners, args.instances, args.chunk))
        print_table(f"PostgreSQL, synchronous_commit={setting}", result)
        what = f"tiltag vs the psycopg floor (sync {setting})"
        met.append(print_goal(what, result.ratios("tiltag", "floor"), PG_TARGET, "<="))
    return all(met)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=1000, help="default: 1000")
    parser.add_argument("--rounds", type=int, default=3, help="default: 3")
    parser.add_argument("--chunk", type=int, default=100, help="instances a turn (default: 100)")
    parser.add_argument(
        "--postgres", default=PG_SERVER, help=f"a server URL (default: {PG_SERVER})"
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    # As `tiltag` runs by default: transitions are logged at info, the level shown is warning.
    configure_logging("console", logging.WARNING)
    logging.getLogger("spiff").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="tiltag-peers-") as tmp:
        folder = Path(tmp)
        (folder / "definitions").mkdir()
        (folder / "definitions" / "linje.yaml").write_text(definition_yaml(), encoding="utf-8")
        registry = load_registry(folder / "definitions")
        run_sqlite(args, folder, registry)
        if not args.no_postgres:
            run_postgres(args, registry)
    command = f".venv/bin/python bench/peers.py --instances {args.instances} --rounds {args.rounds}"
    print(f"reproduce: {command}")


if __name__ == "__main__":
    main()
