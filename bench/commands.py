"""What the `tiltag` command costs as people run it: start-up, `--help`, and listing a portfolio.

a. `tiltag show ID` on the demo database against `python -c "import sqlmodel"` (median wall time
   of interleaved runs): showing one initiative should cost at most 1.2 times the import.
b. `tiltag --help` against `python -c pass`: at most twice, and without the database layer
   (sqlalchemy, sqlmodel).
c. `tiltag list` streams: its peak memory for 100,000 initiatives stays that of 10,000.

Every child runs as an installed tiltag does, with its bytecode cached (PYTHONDONTWRITEBYTECODE,
which a shell may set, is left out of the children's environment). Beside the wall times, the
CPU time of each child (user and system, from wait4) is given: it suffers less from other work
on the machine.

    .venv/bin/python bench/commands.py [--runs 15] [--repeats 3] [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from children import FLAT_RATIO, FLAT_SLACK_MB, checked, flat

BIN = Path(sys.executable).parent
TILTAG = str(BIN / "tiltag")
PYTHON = sys.executable
SHOW_TARGET = 1.2
HELP_TARGET = 2.0
# As an installed tiltag runs: with its bytecode cached (a shell may say not to write it).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
DATABASE_LAYER = ("sqlalchemy", "sqlmodel")
STAMP = "2010-02-01 09:00:00.000000"
CATEGORIES = ("indkoeb", "digitalisering", "sygefravaer", "arbejdsgange", "andre")
STATES = ("screening", "business_case", "organisation", "execution", "follow_up")
_IMPORT_LINE = re.compile(r"^import time:\s+\d+\s+\|\s+\d+\s+\|\s*(\S+)$")


def median_times(
    commands: dict[str, list[str]], runs: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall seconds and median CPU seconds of each command, run in turn `runs` times
    after one warm-up each."""
    for argv in commands.values():
        checked(argv, env=ENV)
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            result = checked(argv, env=ENV)
            seconds[name].append(result.seconds)
            cpu[name].append(result.cpu_seconds)
    return (
        {name: statistics.median(values) for name, values in seconds.items()},
        {name: statistics.median(values) for name, values in cpu.items()},
    )


def verdict(met: bool) -> str:
    """The word for a target's outcome."""
    return "met" if met else "NOT met"


def goal(what: str, ratio: float, target: float) -> None:
    """The line a summary collects: the goal, its ratio, its target, PASS or MISS."""
    print(f"GOAL start-up: {what}  x{ratio:.2f}  (target <= {target})  ", end="")
    print("PASS" if ratio <= target else "MISS")


def timings(times: dict[str, float], cpu: dict[str, float]) -> None:
    print(f"   {'':<30}{'wall':>8}{'CPU':>9}")
    for name, value in times.items():
        print(f"   {name:<30}{value * 1000:5.0f} ms{cpu[name] * 1000:6.0f} ms")


# --- a. tiltag show -------------------------------------------------------------------------


def bench_show(folder: Path, runs: int) -> None:
    demo = folder / "demo.db"
    checked([TILTAG, "demo", "--database", str(demo)], env=ENV)
    times, cpu = median_times(
        {
            "tiltag show 1": [TILTAG, "show", "1", "--database", str(demo)],
            'python -c "import sqlmodel"': [PYTHON, "-c", "import sqlmodel"],
        },
        runs,
    )
    show, floor = times.values()
    ratio = show / floor
    cpu_show, cpu_floor = cpu.values()
    print(f"a. tiltag show (median of {runs} interleaved runs)")
    timings(times, cpu)
    print(f"   ratio: {ratio:.2f} (CPU {cpu_show / cpu_floor:.2f})")
    goal("tiltag show vs import sqlmodel", ratio, SHOW_TARGET)


# --- b. tiltag --help -----------------------------------------------------------------------


def imported_modules(argv: list[str]) -> list[str]:
    """The modules a command imports, from `-X importtime` (PYTHONPROFILEIMPORTTIME)."""
    result = checked(argv, env={**ENV, "PYTHONPROFILEIMPORTTIME": "1"})
    names = []
    for line in result.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            names.append(match.group(1))
    return names


def bench_help(runs: int) -> None:
    argv = [TILTAG, "--help"]
    modules = imported_modules(argv)
    database = sorted({m for m in modules if m.split(".")[0] in DATABASE_LAYER})
    tops = sorted({m.split(".")[0] for m in modules} - set(sys.stdlib_module_names))
    times, cpu = median_times(
        {"tiltag --help": argv, "python -c pass": [PYTHON, "-c", "pass"]}, runs
    )
    helped, floor = times.values()
    print(f"b. tiltag --help (median of {runs} interleaved runs)")
    timings(times, cpu)
    print(
        f"   ratio: {helped / floor:.2f} (CPU {cpu['tiltag --help'] / cpu['python -c pass']:.2f})"
    )
    print(f"   modules imported: {len(modules)}; database layer among them: {len(database)}")
    print(f"   outside the standard library: {', '.join(tops)}")
    print(f"   no sqlalchemy/sqlmodel imported: {verdict(not database)}")
    if database:
        print(f"   imported: {', '.join(database[:10])}")
    goal("tiltag --help vs python -c pass", helped / floor, HELP_TARGET)


# --- c. tiltag list -------------------------------------------------------------------------


def portfolio(path: Path, initiatives: int) -> None:
    """A file migrated by `tiltag init`, then two people and `initiatives` initiatives in bulk."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    checked([TILTAG, "init", "--database", str(path)], env=ENV)
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO person (id, handle, name, email, created_at) VALUES (?, ?, ?, ?, ?)",
            [
                (1, "aase", "Åse Møller", "aase@kommune.example.dk", STAMP),
                (2, "ulla", "Ulla Krogh", "ulla@kommune.example.dk", STAMP),
            ],
        )
        conn.executemany(
            "INSERT INTO person_role (person_id, role) VALUES (?, ?)",
            [(1, "proposer"), (2, "project_owner")],
        )
        conn.executemany(
            "INSERT INTO initiative (title, description, category, area, proposer_id, owner_id, "
            "workflow, workflow_version, state, previous_state, entered_state_at, created_at, "
            "updated_at, version) "
            "VALUES (?, ?, ?, 'Økonomi', 1, ?, 'effektivisering', 1, ?, NULL, ?, ?, ?, 1)",
            (
                (
                    f"Tiltag nummer {n}: fælles udbud af kommunens forsikringer",
                    "Fælles udbud af kommunens forsikringer for at opnå bedre priser. " * 3,
                    CATEGORIES[n % len(CATEGORIES)],
                    2 if n % 2 else None,
                    STATES[n % len(STATES)],
                    STAMP,
                    STAMP,
                    STAMP,
                )
                for n in range(1, initiatives + 1)
            ),
        )


def listed_rows(path: Path) -> int:
    """How many initiatives `tiltag list` writes (the table, less its header), read in chunks."""
    lines = 0
    with subprocess.Popen(
        [TILTAG, "list", "--database", str(path)], stdout=subprocess.PIPE, env=ENV
    ) as child:
        assert child.stdout is not None
        while chunk := child.stdout.read(1 << 16):
            lines += chunk.count(b"\n")
    if child.returncode != 0:
        sys.exit(f"tiltag list --database {path} failed ({child.returncode})")
    return lines - 1


def bench_list(folder: Path, sizes: list[int], repeats: int) -> None:
    rows: list[tuple[str, int, float, float]] = []
    for size in sizes:
        path = folder / f"list-{size}.db"
        portfolio(path, size)
        written = listed_rows(path)
        if written != size:
            sys.exit(f"tiltag list wrote {written} rows, expected {size}")
        for fmt in ("table", "json"):
            argv = [TILTAG, "list", "--database", str(path), "--format", fmt]
            results = [checked(argv, env=ENV) for _ in range(repeats)]
            seconds = statistics.median(r.seconds for r in results)
            rows.append((fmt, size, seconds, max(r.peak_rss_mb for r in results)))
    print(f"c. tiltag list > /dev/null (peak RSS of the child, median time of {repeats} runs)")
    print(f"   {'format':<8}{'initiatives':>12}{'seconds':>10}{'peak RSS MB':>13}")
    for fmt, size, seconds, rss in rows:
        print(f"   {fmt:<8}{size:>12}{seconds:>10.2f}{rss:>13.1f}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"   (this process peaked at {own:.1f} MB; a child's figure below that is not its own)")
    small, large = min(sizes), max(sizes)
    for fmt in ("table", "json"):
        by_size = {size: rss for f, size, _, rss in rows if f == fmt}
        ratio, grown = by_size[large] / by_size[small], by_size[large] - by_size[small]
        level = flat(by_size[small], by_size[large])
        print(
            f"   {fmt}: {large} vs {small}: ×{ratio:.2f} ({grown:+.1f} MB); "
            f"flat (≤ ×{FLAT_RATIO} or ≤ {FLAT_SLACK_MB:.0f} MB more): {verdict(level)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (a, b)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per list measurement (c)")
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000], metavar="N")
    parser.add_argument("--dir", type=Path, help="where the databases go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tiltag-bench-") as tmp:
        folder: Path = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        bench_show(folder, args.runs)
        print()
        bench_help(args.runs)
        print()
        bench_list(folder, sorted(args.sizes), args.repeats)
    sizes = " ".join(str(n) for n in sorted(args.sizes))
    print(
        "\nreproduce: .venv/bin/python bench/commands.py "
        f"--runs {args.runs} --repeats {args.repeats} --sizes {sizes}"
    )


if __name__ == "__main__":
    main()
