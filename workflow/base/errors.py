"""The one exception tree of tiltag: every refusal carries its facts and writes its own message."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ConcurrentChangeError",
    "DatabaseError",
    "DefinitionError",
    "IllegalMoveError",
    "InvalidValueError",
    "NotFoundError",
    "UnknownPersonError",
    "UnmetRequirementsError",
    "UsageError",
    "WorkflowError",
    "database_detail",
]


class WorkflowError(Exception):
    """Base of every error tiltag raises on purpose; the CLI turns it into exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(WorkflowError):
    """The caller asked for something that cannot work as asked (exit code 2)."""

    exit_code = 2


class DatabaseError(UsageError):
    """The database is missing, not a database, or not at the schema this version needs."""


class DefinitionError(WorkflowError):
    """A workflow definition file is malformed; names the file, the line and the culprit."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


class NotFoundError(WorkflowError):
    """No initiative with the given id."""

    def __init__(self, initiative_id: int) -> None:
        self.initiative_id = initiative_id
        super().__init__(f"no initiative with id {initiative_id}")


class UnknownPersonError(WorkflowError):
    """The acting or named person is not registered."""

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(f"unknown person '{handle}' (see: tiltag people list)")


class InvalidValueError(WorkflowError):
    """A value given for a field is not acceptable."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"invalid {field}: {problem}")


class IllegalMoveError(WorkflowError):
    """The trigger does not exist from the initiative's current state."""

    def __init__(self, initiative_id: int, state: str, trigger: str, valid: Sequence[str]) -> None:
        self.initiative_id = initiative_id
        self.state = state
        self.trigger = trigger
        self.valid = tuple(valid)
        choices = ", ".join(self.valid) if self.valid else "none (final state)"
        super().__init__(
            f"initiative {initiative_id} is in state {state}; '{trigger}' is not a move "
            f"from there. Valid moves: {choices}"
        )


class UnmetRequirementsError(WorkflowError):
    """The move exists but some of its requirements are not met."""

    def __init__(
        self,
        initiative_id: int,
        trigger: str,
        source: str,
        dest: str,
        unmet: Sequence[str],
    ) -> None:
        self.initiative_id = initiative_id
        self.trigger = trigger
        self.source = source
        self.dest = dest
        self.unmet = tuple(unmet)
        super().__init__(
            f"initiative {initiative_id} cannot {trigger} ({source} -> {dest}): "
            + "; ".join(self.unmet)
        )


class ConcurrentChangeError(WorkflowError):
    """Someone else changed the initiative between our read and our write."""

    def __init__(self, initiative_id: int, read_version: int) -> None:
        self.initiative_id = initiative_id
        self.read_version = read_version
        super().__init__(
            f"initiative {initiative_id} changed since you read it (you read version "
            f"{read_version}); nothing was written, look again and retry"
        )


def database_detail(exc: BaseException) -> str:
    """The first line of what the database driver said (SQLAlchemy's errors wrap it in `orig`)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
