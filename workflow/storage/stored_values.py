"""Check what the database already holds against today's rules for user text and times.

Rows written before a rule existed (or straight into the database) may hold a value the rules now
refuse: a name or title that a mail header would read as two lines, an address that is not one
plain address, a time outside the years tiltag keeps (a `--now` far in the future once made
reports fail). The sender never lets such a mail stop the others; this finds the rows, so that
someone mends them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, or_, select

from workflow.base.clock import FIRST_YEAR, LAST_YEAR
from workflow.base.errors import InvalidValueError
from workflow.base.text import clean_email, clean_line
from workflow.storage.core_tables import EVENT, INITIATIVE, PERSON
from workflow.storage.record_tables import DECISION, MILESTONE, RECORD
from workflow.storage.schedule_tables import STATUS

__all__ = ["StoredProblem", "stored_problems"]


@dataclass(frozen=True)
class StoredProblem:
    """A stored value today's rules refuse: where it is, what is wrong, how to mend it."""

    where: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem} (fix: {self.fix})"


def _refusal(check: Callable[[str, str], str], field: str, value: str) -> str | None:
    try:
        check(field, value)
    except InvalidValueError as exc:
        return f"{exc.field}: {exc.problem}"
    return None


def stored_problems(engine: Engine) -> Iterator[StoredProblem]:
    """Every stored name, address and title that mail headers carry and the rules refuse."""
    with engine.connect() as conn:
        for handle, name, email in conn.execute(
            select(PERSON.c.handle, PERSON.c.name, PERSON.c.email).order_by(PERSON.c.handle)
        ):
            if problem := _refusal(clean_line, "name", name):
                yield StoredProblem(
                    f"person {handle}", problem, f"tiltag people edit {handle} --name ..."
                )
            if problem := _refusal(clean_email, "email", email):
                yield StoredProblem(
                    f"person {handle}", problem, f"tiltag people edit {handle} --email ..."
                )
        for id_, title in conn.execute(
            select(INITIATIVE.c.id, INITIATIVE.c.title).order_by(INITIATIVE.c.id)
        ):
            if problem := _refusal(clean_line, "title", title):
                yield StoredProblem(f"initiative {id_}", problem, f"tiltag edit {id_} title=...")
        for id_, position, title in conn.execute(
            select(MILESTONE.c.initiative_id, MILESTONE.c.position, MILESTONE.c.title).order_by(
                MILESTONE.c.initiative_id, MILESTONE.c.position
            )
        ):
            if problem := _refusal(clean_line, "title", title):
                yield StoredProblem(
                    f"initiative {id_}, milestone {position}",
                    problem,
                    f"tiltag record set {id_} plan --file PLAN.yaml",
                )
        yield from _times_out_of_range(conn)


def _times_out_of_range(conn: Any) -> Iterator[StoredProblem]:
    first = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    after = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    columns = (INITIATIVE.c.created_at, INITIATIVE.c.updated_at, INITIATIVE.c.entered_state_at)
    outside = or_(*(c < first for c in columns), *(c >= after for c in columns))
    # The times written beside an initiative: its history, decisions, statuses and records.
    beside = [(EVENT, EVENT.c.at), (DECISION, DECISION.c.recorded_at)]
    beside += [(STATUS, STATUS.c.given_at), (RECORD, RECORD.c.updated_at)]
    touched = [
        INITIATIVE.c.id.in_(
            select(table.c.initiative_id).where((column < first) | (column >= after))
        )
        for table, column in beside
    ]
    for (id_,) in conn.execute(
        select(INITIATIVE.c.id).where(or_(outside, *touched)).order_by(INITIATIVE.c.id)
    ):
        yield StoredProblem(
            f"initiative {id_}",
            f"a time in its row, history, decisions, statuses or records lies outside "
            f"{FIRST_YEAR}-{LAST_YEAR}",
            "no command changes a recorded time; correct it in the database",
        )
