"""Running a child process and measuring it: its wall time and its peak memory (via wait4)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FLAT_RATIO", "FLAT_SLACK_MB", "Run", "checked", "flat", "run"]

# Memory is flat when the larger portfolio's peak is at most 10 % above the smaller's ...
FLAT_RATIO = 1.10
# ... or a few MB more.
FLAT_SLACK_MB = 5.0


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user and system time of the child


def run(argv: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Run `argv` with stdout to /dev/null; its wall time and its peak RSS (via wait4).

    Linux counts the memory the child had before `exec` (a copy of this process) in its peak, so
    this process imports nothing heavy and stays far smaller than what it measures.
    """
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, stdout=devnull, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    # Linux reports ru_maxrss in KiB.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, child.returncode, stderr, cpu)


def checked(argv: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """`run`, stopping the benchmark if the command fails."""
    result = run(argv, env=env)
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    return result


def flat(small_mb: float, large_mb: float) -> bool:
    """Whether peak memory stayed flat from the smaller portfolio to the larger."""
    return large_mb / small_mb <= FLAT_RATIO or large_mb - small_mb <= FLAT_SLACK_MB
