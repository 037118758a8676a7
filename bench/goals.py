"""The performance goals: run each benchmark that measures one, then list every goal's verdict.

Each benchmark prints its goals as lines that begin with `GOAL` (what, the ratio or figure
measured in the same run, the target, PASS or MISS); this runs them one after the other as child
processes, shows their whole output as it comes, and ends with those lines together.

    .venv/bin/python bench/goals.py [--quick] [--dir DIR]

With `--dir`, the portfolios the benchmarks write (minutes to build at 100,000) are kept in
DIR, a folder per benchmark, and used again by the next run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# script, its arguments for the goals, its arguments for a quick look, whether it takes --dir
BENCHMARKS: tuple[tuple[str, list[str], list[str], bool], ...] = (
    ("peers.py", [], ["--instances", "300", "--rounds", "1"], False),
    ("commands.py", [], ["--runs", "5", "--repeats", "1", "--sizes", "1000", "10000"], True),
    ("reminders.py", ["--sizes", "10000", "100000"], ["--sizes", "1000", "10000"], True),
    ("reports.py", ["--sizes", "10000", "100000", "--repeats", "2"], ["--quick"], True),
)


def run(script: str, arguments: list[str]) -> tuple[list[str], int]:
    """Run one benchmark, echoing its output; its GOAL lines and its exit code."""
    command = [sys.executable, str(HERE / script), *arguments]
    print(f"$ {' '.join(['python', f'bench/{script}', *arguments])}", flush=True)
    goals = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            if line.startswith("GOAL"):
                goals.append(line.rstrip())
    return goals, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a look, not a verdict")
    parser.add_argument("--dir", type=Path, help="keep the benchmarks' portfolios here")
    args = parser.parse_args()
    began = time.monotonic()
    goals: list[str] = []
    for script, full, quick, takes_dir in BENCHMARKS:
        arguments = quick if args.quick else full
        if args.dir is not None and takes_dir:
            arguments = [*arguments, "--dir", str(args.dir / script.removesuffix(".py"))]
        found, code = run(script, arguments)
        goals += found or [f"GOAL {script}: no goal printed (exit code {code})  MISS"]
        print(flush=True)
    print(f"The goals ({time.monotonic() - began:.0f} s in all):")
    for line in goals:
        print(f"  {line}")
    missed = sum(line.endswith("MISS") for line in goals)
    print(f"{len(goals) - missed} of {len(goals)} goals met")


if __name__ == "__main__":
    main()
