"""`tiltag serve` as a real process on a free port for the tests, waited for through its health
endpoint; a fresh copy of the shipped definitions whose schedule links to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx2

from tests.helpers import RUN_TILTAG
from tests.mailserver import _free_port
from workflow.definitions.registry import DEFAULT_FOLDER

__all__ = ["WebServer", "definitions_linking_to"]


def definitions_linking_to(folder: Path, url: str) -> Path:
    """A copy of the shipped definitions whose mail links to the web app at `url`."""
    copy = folder / "definitions"
    shutil.copytree(DEFAULT_FOLDER, copy)
    schedule = copy / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8") + f"\nlink: {url}\n", "utf-8")
    return copy


class WebServer:
    """`tiltag serve` on `database`, with the environment given (mail server, single sign-on),
    as of `now` (a simulation database's moment) if given."""

    def __init__(
        self,
        database: str,
        folder: Path,
        *,
        now: str | None = None,
        env: dict[str, str] | None = None,
        workers: int = 1,
        port: int | None = None,
    ) -> None:
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.definitions = definitions_linking_to(folder, self.url)
        self.database = database
        self.now = now
        self.env = env or {}
        self.workers = workers
        self.log = folder / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def tiltag(self, *args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run `tiltag ARGS` on the server's database and definitions, as of `now`."""
        given = now or self.now
        return subprocess.run(
            [sys.executable, "-c", RUN_TILTAG, *(["--now", given] if given else []), *args],
            env=self._env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TILTAG_", "COV"))}
        return {
            **env,
            "TILTAG_DATABASE_URL": self.database,
            "TILTAG_DEFINITIONS": str(self.definitions),
            "TILTAG_PUBLIC_URL": self.url,
            **self.env,
        }

    def start(self, timeout: float = 60) -> None:
        args = [sys.executable, "-c", RUN_TILTAG, *(["--now", self.now] if self.now else [])]
        args += ["serve", "--port", str(self.port), "--workers", str(self.workers)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(args, env=self._env(), stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        with httpx2.Client(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"tiltag serve stopped: {self.log.read_text()}")
                try:
                    if client.get(f"{self.url}/health").text == "ok":
                        return
                except httpx2.TransportError:
                    pass
                time.sleep(0.05)  # polling the health endpoint, not waiting a fixed time
        self.stop()
        raise RuntimeError(f"tiltag serve was not ready in {timeout} s: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def __enter__(self) -> WebServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
