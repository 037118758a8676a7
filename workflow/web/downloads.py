"""Reports made for download away from the request that asked: each in a thread of its own (at
most two at a time in a web process), written to a folder every worker of the server reads, so
the page that shows its progress may be answered by any of them. A job is a secret name in that
folder, bound to the person who asked: `<job>.job` says what and for whom, the report appears
whole as `<job>.<format>` or `<job>.error` says why it failed. Jobs are forgotten after a day."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from workflow.base.logs import get_logger
from workflow.base.secrets import new_token

__all__ = ["Job", "Jobs"]

log = get_logger("tiltag.web.downloads")
# Reports made at once by one web process; more wait their turn.
AT_ONCE = threading.BoundedSemaphore(2)
KEPT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Job:
    """A report asked for download: by whom, which, for what period, as what file."""

    id: str
    person_id: int
    report: str
    fmt: str
    file_name: str
    started_at: str  # ISO moment on the served clock

    def state(self, folder: Path) -> tuple[str, str | None]:
        """("done", None), ("failed", why) or ("running", None)."""
        if (folder / f"{self.id}.{self.fmt}").exists():
            return "done", None
        error = folder / f"{self.id}.error"
        if error.exists():
            return "failed", error.read_text(encoding="utf-8")
        return "running", None

    def file(self, folder: Path) -> Path:
        return folder / f"{self.id}.{self.fmt}"


class Jobs:
    """The jobs of one download folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # The jobs this process runs, each set when it has finished.
        self._finished: dict[str, threading.Event] = {}

    def start(
        self,
        person_id: int,
        report: str,
        fmt: str,
        file_name: str,
        now: datetime,
        write: Callable[[Path], None],
    ) -> Job:
        """Start writing a report with `write(path)` in a thread; the job at once."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._forget_old()
        job = Job(new_token(), person_id, report, fmt, file_name, now.isoformat())
        (self.folder / f"{job.id}.job").write_text(json.dumps(asdict(job)), encoding="utf-8")
        done = self._finished[job.id] = threading.Event()
        threading.Thread(target=self._run, args=(job, write, done), daemon=True).start()
        return job

    def wait(self, job: Job, seconds: float) -> None:
        """Wait up to `seconds` for a job this process runs to finish."""
        event = self._finished.get(job.id)
        if event is not None:
            event.wait(seconds)

    def find(self, job_id: str, person_id: int) -> Job | None:
        """The job, if it exists and is this person's."""
        if not job_id.replace("-", "").replace("_", "").isalnum() or len(job_id) > 64:
            return None
        meta = self.folder / f"{job_id}.job"
        try:
            job = Job(**json.loads(meta.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        return job if job.person_id == person_id else None

    def _run(self, job: Job, write: Callable[[Path], None], done: threading.Event) -> None:
        try:
            with AT_ONCE:
                write(job.file(self.folder))
            log.info("download_made", job=job.id[:8], report=job.report, format=job.fmt)
        except Exception as failed:
            log.warning("download_failed", job=job.id[:8], report=job.report, exc_info=failed)
            (self.folder / f"{job.id}.error").write_text(str(failed), encoding="utf-8")
        finally:
            done.set()

    def _forget_old(self) -> None:
        cutoff = time.time() - KEPT_SECONDS
        for job_id in [k for k, event in self._finished.items() if event.is_set()]:
            del self._finished[job_id]
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                continue
