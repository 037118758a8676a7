"""What a web process needs to know, from the environment `tiltag serve` sets for each worker:
the database, the definitions, the public address, whether cookies need TLS, single sign-on,
and the clock (a simulation database may be served as of another moment)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from workflow import (
    SingleSignOn,
)
from workflow.base.clock import Clock, RunningClock, SystemClock
from workflow.base.errors import UsageError
from workflow.base.secrets import digest

__all__ = ["WebSettings"]

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@dataclass(frozen=True)
class WebSettings:
    """The settings of a web process. From the environment: TILTAG_DATABASE_URL,
    TILTAG_DEFINITIONS, TILTAG_PUBLIC_URL (the address people reach it at; links in mail start
    with it), TILTAG_WEB_OFFSET (seconds the served clock runs ahead of or behind the real one,
    for a simulation database), TILTAG_DOWNLOADS (the folder reports are made in for download,
    shared by the server's workers; default: one in the system's temporary folder per database)
    and single sign-on's TILTAG_OIDC_* (see `SingleSignOn`)."""

    database: str | None
    definitions: str | None
    public_url: str
    single_sign_on: SingleSignOn | None = None
    offset: timedelta | None = None
    downloads: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> WebSettings:
        """Raises UsageError for a public address that is not one."""
        public = env.get("TILTAG_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
        parts = urlsplit(public)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"TILTAG_PUBLIC_URL must be an http(s) address (got {public!r})")
        offset = env.get("TILTAG_WEB_OFFSET")
        return cls(
            database=env.get("TILTAG_DATABASE_URL") or None,
            definitions=env.get("TILTAG_DEFINITIONS") or None,
            public_url=public,
            single_sign_on=SingleSignOn.from_env(env),
            offset=timedelta(seconds=float(offset)) if offset else None,
            downloads=Path(env["TILTAG_DOWNLOADS"]) if env.get("TILTAG_DOWNLOADS") else None,
        )

    @property
    def secure(self) -> bool:
        """Whether cookies need TLS: always, unless plain http on loopback (a demo or a test)."""
        parts = urlsplit(self.public_url)
        return not (parts.scheme == "http" and parts.hostname in _LOOPBACK)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    def download_folder(self) -> Path:
        """Where reports are made for download: TILTAG_DOWNLOADS, else a folder of the system's
        temporary folder named after the database (each database its own)."""
        if self.downloads is not None:
            return self.downloads
        name = digest(self.database or "default")[:16]
        return Path(tempfile.gettempdir()) / f"tiltag-downloads-{name}"

    def clock(self) -> Clock:
        if self.offset is None:
            return SystemClock()
        return RunningClock.offset_by(self.offset)
