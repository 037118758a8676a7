"""The daily run over a large portfolio: wall time and peak memory of `tiltag remind`.

A portfolio of N initiatives (default 10,000 and 100,000) is written in bulk into a file made by
`tiltag init`: 200 owners, the states of the lifecycle in turn, a fourth-quarter status on every
third initiative, two milestones on each initiative in execution, entry dates spread over 2010 so
that some stand still. Then `tiltag remind` decides on the day (`--now`), each in a child process
of its own:

- 2010-11-17, the first Q4 status reminder day (one mail per initiative without a status) and
  the reminder day of the milestones due 24 November;
- the same day again: everything is in the outbox already, so nothing is queued;
- 2010-11-22, a Monday: the weekly digest of stalled cases (one mail listing them);
- 2010-12-08, the escalation: one mail to the task force listing every initiative still without.

The goals: the heaviest day at 100,000 under 10 s, and peak memory that does not grow with the
portfolio (the run streams; it never holds the portfolio or its mail). Since seconds depend on
what else the machine does, the heaviest day is also given against a floor measured in the same
run: bare `sqlite3` inserting the same rows (read from the outbox the day filled, streamed into
an empty file with the same table, its indexes and pragmas, in one transaction).

    .venv/bin/python bench/reminders.py [--sizes 10000 100000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from children import FLAT_RATIO, FLAT_SLACK_MB, Run, checked, flat

BIN = Path(sys.executable).parent
TILTAG = str(BIN / "tiltag")
STAMP = "2009-10-01 09:00:00.000000"
TARGET_SECONDS = 10.0
OWNERS = 200
STATES = (
    "screening",
    "business_case",
    "organisation",
    "implementation_plan",
    "execution",
    "follow_up",
    "realised",
)
# As an installed tiltag runs: with its bytecode cached (a shell may say not to write it).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
DAYS = (
    ("2010-11-17", "status and milestone reminders"),
    ("2010-11-17", "the same day again"),
    ("2010-11-22", "stalled digest"),
    ("2010-12-08", "escalation"),
)


def portfolio(path: Path, initiatives: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    checked([TILTAG, "init", "--simulation", "--database", str(path)])
    with sqlite3.connect(path) as conn:
        people = [(1, "aase", "Åse Møller", "aase@kommune.example.dk", STAMP)]
        people.append((2, "hanne", "Hanne Ravn", "hanne@kommune.example.dk", STAMP))
        people += [
            (n, f"ejer{n}", f"Projektejer {n}", f"ejer{n}@kommune.example.dk", STAMP)
            for n in range(3, 3 + OWNERS)
        ]
        conn.executemany(
            "INSERT INTO person (id, handle, name, email, created_at) VALUES (?, ?, ?, ?, ?)",
            people,
        )
        conn.executemany(
            "INSERT INTO person_role (person_id, role) VALUES (?, ?)",
            [(1, "proposer"), (2, "task_force")]
            + [(n, "project_owner") for n in range(3, 3 + OWNERS)],
        )
        conn.executemany(
            "INSERT INTO initiative (id, title, description, category, area, proposer_id, "
            "owner_id, workflow, workflow_version, state, previous_state, entered_state_at, "
            "created_at, updated_at, version) "
            "VALUES (?, ?, 'Fælles udbud for at opnå bedre priser.', 'indkoeb', 'Økonomi', 1, ?, "
            "'effektivisering', 1, ?, NULL, ?, ?, ?, 1)",
            (
                (
                    n,
                    f"Tiltag nummer {n}: fælles udbud af kommunens forsikringer",
                    3 + n % OWNERS,
                    STATES[n % len(STATES)],
                    f"2010-{1 + n % 11:02d}-{1 + n % 28:02d} 09:00:00.000000",
                    STAMP,
                    STAMP,
                )
                for n in range(1, initiatives + 1)
            ),
        )
        conn.executemany(
            "INSERT INTO status_update (initiative_id, year, quarter, light, text, given_on, "
            "given_at, given_by) VALUES (?, 2010, 4, 'green', 'Som planlagt.', '2010-11-01', "
            "'2010-11-01 09:00:00.000000', ?)",
            ((n, 3 + n % OWNERS) for n in range(3, initiatives + 1, 3)),
        )
        execution = STATES.index("execution")
        conn.executemany(
            "INSERT INTO milestone (initiative_id, position, phase, title, due, owner_id) "
            "VALUES (?, ?, 'Udbud', ?, ?, NULL)",
            (
                (n, position, title, due)
                for n in range(1, initiatives + 1)
                if n % len(STATES) == execution
                for position, title, due in (
                    (1, "Tilbudsfrist", "2010-11-24"),
                    (2, "Kontrakt underskrevet", "2011-02-01"),
                )
            ),
        )


def decide(path: Path, day: str) -> Run:
    # Decided on the day itself (a day decided later skips the mail whose moment has passed).
    return checked([TILTAG, "--now", f"{day}T07:00", "remind", "--database", str(path)], env=ENV)


def bare_insert(path: Path, folder: Path) -> float:
    """Seconds bare `sqlite3` takes to insert the rows of `path`'s outbox into an empty file with
    the same table and indexes (WAL, synchronous=NORMAL), streamed, in one transaction."""
    copy = folder / "bare-outbox.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        target.execute("PRAGMA journal_mode=WAL")
        target.execute("PRAGMA synchronous=NORMAL")
        schema = source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'outbox' AND sql IS NOT NULL"
        ).fetchall()
        for (sql,) in schema:  # foreign keys are not enforced here: the copy has no people
            target.execute(sql)
        columns = [row[1] for row in source.execute("PRAGMA table_info(outbox)") if row[1] != "id"]
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        rows = source.execute(f"SELECT {names} FROM outbox")
        started = time.perf_counter()
        target.executemany(f"INSERT INTO outbox ({names}) VALUES ({marks})", rows)
        target.commit()
        seconds = time.perf_counter() - started
    source.close()
    target.close()
    return seconds


def verdict(met: bool) -> str:
    """The word for a goal's outcome."""
    return "PASS" if met else "MISS"


def queued(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count: int = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--dir", type=Path, help="where the files go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tiltag-bench-") as tmp:
        folder: Path = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results: dict[int, list[tuple[str, str, Run, int]]] = {}
        floors: dict[int, float] = {}
        for size in args.sizes:
            path = folder / f"remind-{size}.db"
            portfolio(path, size)
            rows = []
            for n, (day, what) in enumerate(DAYS):
                before = queued(path)
                result = decide(path, day)
                rows.append((day, what, result, queued(path) - before))
                if n == 0:  # the heaviest day: its rows are all the outbox holds
                    floors[size] = bare_insert(path, folder)
            results[size] = rows
    report(results, floors)
    print(
        f"reproduce: .venv/bin/python bench/reminders.py --sizes {' '.join(map(str, args.sizes))}"
    )


def report(results: dict[int, list[tuple[str, str, Run, int]]], floors: dict[int, float]) -> None:
    print("tiltag --now DAY remind (each a child process; its wall time, CPU time and peak RSS)")
    print(
        f"   {'initiatives':>11}  {'day':<10}  {'what':<31}{'queued':>8}{'seconds':>9}"
        f"{'CPU s':>8}{'MB':>8}"
    )
    for size, rows in results.items():
        for day, what, result, new in rows:
            print(
                f"   {size:>11}  {day:<10}  {what:<31}{new:>8}{result.seconds:>9.2f}"
                f"{result.cpu_seconds:>8.2f}{result.peak_rss_mb:>8.1f}"
            )
    for size, rows in results.items():
        _, _, heaviest, mails = rows[0]
        print(
            f"   heaviest day at {size}: {heaviest.seconds:.2f} s against {floors[size]:.2f} s for "
            f"bare sqlite3 inserting its {mails} rows: x{heaviest.seconds / floors[size]:.1f}"
        )
    small, large = min(results), max(results)
    _, _, heaviest, mails = results[large][0]
    print(
        f"GOAL daily: heaviest day at {large} ({mails} mails)  {heaviest.seconds:.1f} s  "
        f"(target < {TARGET_SECONDS:.0f} s)  {verdict(heaviest.seconds < TARGET_SECONDS)}"
    )
    peak = {size: max(r.peak_rss_mb for _, _, r, _ in rows) for size, rows in results.items()}
    ratio, grown = peak[large] / peak[small], peak[large] - peak[small]
    print(
        f"GOAL daily: peak memory at {large} vs {small}  x{ratio:.2f} ({grown:+.1f} MB)  "
        f"(target flat: <= x{FLAT_RATIO} or <= {FLAT_SLACK_MB:.0f} MB more)  "
        f"{verdict(flat(peak[small], peak[large]))}"
    )


if __name__ == "__main__":
    main()
