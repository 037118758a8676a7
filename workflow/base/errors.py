"""The one exception tree of tiltag: every refusal carries its facts and writes its own message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from workflow.base.vocabulary import FORUMS, Label

__all__ = [
    "ConcurrentChangeError",
    "DecisionRefused",
    "ForumNotAskedError",
    "ForumNotAtGateError",
    "ForumOutOfTurnError",
    "ForumRoleError",
    "NoGateError",
    "RecordsIncompleteError",
    "SelfApprovalError",
    "WrongGateError",
    "DatabaseError",
    "DefinitionError",
    "IllegalMoveError",
    "InvalidValueError",
    "NotAllowedError",
    "NotFoundError",
    "UnknownMeetingError",
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


class UnknownMeetingError(WorkflowError):
    """The schedule has no meeting of the forum on the day named."""

    def __init__(self, forum: str, day: date, meetings: Sequence[date]) -> None:
        self.forum = forum
        self.day = day
        self.meetings = list(meetings)
        before = [d for d in self.meetings if d < day][-1:]
        after = [d for d in self.meetings if d > day][:1]
        known = (
            f"the nearest: {' and '.join(d.isoformat() for d in before + after)}"
            if self.meetings
            else "it has no meetings there"
        )
        super().__init__(
            f"{forum} has no meeting on {day.isoformat()} in the schedule (schedule.yaml, "
            f"meetings:); {known}"
        )


class InvalidValueError(WorkflowError):
    """A value given for a field is not acceptable."""

    def __init__(self, field: str, problem: str, fields: Mapping[str, Label] | None = None) -> None:
        self.field = field
        self.problem = problem
        # Of a record: each refused field's problem in words, in both languages (for a form).
        self.fields: Mapping[str, Label] = fields or {}
        super().__init__(f"invalid {field}: {problem}")


class NotAllowedError(WorkflowError):
    """The actor may not change the initiative: only its proposer, its owner, the task force or
    an admin may."""

    def __init__(self, handle: str, initiative_id: int) -> None:
        self.handle = handle
        self.initiative_id = initiative_id
        super().__init__(
            f"{handle} may not change initiative {initiative_id}: only its proposer, "
            "its owner, the task force or an admin may"
        )


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


class DecisionRefused(WorkflowError):
    """A forum's decision that may not be recorded; nothing was recorded."""


class WrongGateError(DecisionRefused):
    """The initiative is not at the gate the person deciding named (it has moved since)."""

    def __init__(self, initiative_id: int, state: str, gate: str) -> None:
        self.initiative_id, self.state, self.gate = initiative_id, state, gate
        super().__init__(
            f"initiative {initiative_id} is at {state}, not at the gate {gate}; "
            "nothing was recorded"
        )


class NoGateError(DecisionRefused):
    """No forum decides at the initiative's state."""

    def __init__(self, initiative_id: int, state: str, definition: str, gates: Sequence[str]):
        self.initiative_id, self.state, self.definition = initiative_id, state, definition
        self.gates = tuple(gates)
        super().__init__(
            f"initiative {initiative_id} is at {state}, where no forum decides "
            f"(gates of {definition}: {', '.join(self.gates) or 'none'})"
        )


class ForumNotAtGateError(DecisionRefused):
    """The gate does not list the forum."""

    def __init__(self, forum: str, state: str, forums: Sequence[str]) -> None:
        self.forum, self.state, self.forums = forum, state, tuple(forums)
        super().__init__(
            f"{FORUMS[forum].en} does not decide at {state}; forums there: {', '.join(forums)}"
        )


class ForumRoleError(DecisionRefused):
    """The person recording the decision does not hold the forum's role."""

    def __init__(self, handle: str, forum: str) -> None:
        self.handle, self.forum = handle, forum
        super().__init__(
            f"{handle} may not record a decision of {FORUMS[forum].en}: that needs the role {forum}"
        )


class SelfApprovalError(DecisionRefused):
    """The person recording the decision proposed or owns the initiative."""

    def __init__(self, handle: str, initiative_id: int, definition: str) -> None:
        self.handle, self.initiative_id, self.definition = handle, initiative_id, definition
        super().__init__(
            f"{handle} proposed or owns initiative {initiative_id} and may not decide at its gate "
            f"({definition} does not allow self-approval)"
        )


class ForumNotAskedError(DecisionRefused):
    """The gate does not ask the forum for an initiative of this kind of decision."""

    def __init__(
        self, forum: str, initiative_id: int, state: str, kind: str | None, asked: Sequence[str]
    ) -> None:
        self.forum, self.initiative_id, self.state = forum, initiative_id, state
        self.kind, self.asked = kind, tuple(asked)
        super().__init__(
            f"{FORUMS[forum].en} does not decide on initiative {initiative_id} at {state}: its "
            f"business case's kind of decision is {kind or 'not given'} (forums needed: "
            f"{', '.join(asked)})"
        )


class ForumOutOfTurnError(DecisionRefused):
    """Forums the gate asks ahead of this one have no go that counts yet."""

    def __init__(
        self, forum: str, state: str, ahead: Sequence[str], own_go: Sequence[str] = ()
    ) -> None:
        self.forum, self.state, self.ahead, self.own_go = forum, state, tuple(ahead), tuple(own_go)
        named = ", ".join(FORUMS[f].en for f in ahead)
        why = (
            f"whose go does not count yet: the go of {', '.join(FORUMS[f].en for f in own_go)} "
            "was recorded by the initiative's own proposer or owner"
            if own_go
            else "whose go is not recorded yet"
        )
        super().__init__(f"{FORUMS[forum].en} decides at {state} after {named}, {why}")


class RecordsIncompleteError(DecisionRefused):
    """A go before the records the gate decides on are filed and complete."""

    def __init__(self, forum: str, state: str, initiative_id: int, unmet: Sequence[str]) -> None:
        self.forum, self.state, self.initiative_id = forum, state, initiative_id
        self.unmet = tuple(unmet)
        super().__init__(
            f"{FORUMS[forum].en} cannot say go at {state} on initiative {initiative_id} yet: "
            + "; ".join(unmet)
        )


def database_detail(exc: BaseException) -> str:
    """The first line of what the database driver said (SQLAlchemy's errors wrap it in `orig`)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
