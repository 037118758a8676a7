"""Writing a file that appears whole or not at all: written beside its place, then moved there."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from workflow.errors import UsageError

__all__ = ["TABLE_FORMATS", "write_whole"]

# The files tables of initiatives are read from and written to (`workflow/tables.py`).
TABLE_FORMATS = ("csv", "xlsx")


def write_whole(path: Path, write: Callable[[IO[Any]], None], *, binary: bool = False) -> None:
    """Call `write` on a new file beside `path`, which then takes its place; if `write` fails,
    what was at `path` stays as it was.

    Raises:
        UsageError: the folder cannot be written to.
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
