"""Files in and out: reading one that is bounded (a regular file, not too large) and writing one
that appears whole or not at all (written beside its place, then moved there)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from workflow.base.errors import UsageError, WorkflowError
from workflow.base.limits import DEFINITION_LIMIT, RECORD_LIMIT, TABLE_FORMATS, TABLE_LIMIT

__all__ = [
    "DEFINITION_LIMIT",
    "RECORD_LIMIT",
    "TABLE_FORMATS",
    "TABLE_LIMIT",
    "FileRefused",
    "megabytes",
    "read_bounded",
    "write_whole",
]


class FileRefused(Exception):
    """A file that is not read: what is wrong with it (without its content)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")


def read_bounded(path: Path, limit: int) -> bytes:
    """The content of `path` if it is a regular file of at most `limit` bytes.

    A pipe, a device (`/dev/zero`) or a folder is refused before anything is read from it, and
    a file is never read past its limit, so no file can hold tiltag up or fill its memory.

    Raises:
        FileRefused: it cannot be opened, is not a regular file, or is too large.
    """
    try:
        # Non-blocking: opening a pipe without a writer would otherwise wait for one.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror}") from None
    with os.fdopen(handle, "rb") as file:
        kind = os.fstat(handle)
        if not stat.S_ISREG(kind.st_mode):
            raise FileRefused("is not a regular file (a folder, a pipe or a device is not read)")
        if kind.st_size > limit:
            raise FileRefused(
                f"is {megabytes(kind.st_size)}, more than the {megabytes(limit)} read"
            )
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            raise FileRefused(f"cannot read the file: {exc.strerror}") from None
    if len(data) > limit:  # it grew while being read
        raise FileRefused(f"is more than the {megabytes(limit)} read")
    return data


def write_whole(path: Path, write: Callable[[IO[Any]], None], *, binary: bool = False) -> None:
    """Call `write` on a new file beside `path`, which then takes its place; if `write` fails,
    what was at `path` stays as it was.

    Raises:
        UsageError: the folder cannot be written to.
        WorkflowError: the disk (or the quota) is full.
    """
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with (
            os.fdopen(handle, "wb")
            if binary
            else os.fdopen(handle, "w", encoding="utf-8", newline="")
        ) as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())  # on the disk before it takes the old file's place
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            kept = "the file there is left as it was" if path.exists() else "nothing is written"
            raise WorkflowError(f"cannot write {path}: the disk is full; {kept}") from None
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    """The permissions of the file replaced, or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
