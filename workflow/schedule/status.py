"""Quarterly status: the owner's traffic light and text on an initiative, dated, for the budget
quarter it is given in."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select

from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import Clock, local_date
from workflow.base.errors import InvalidValueError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.text import clean_text
from workflow.base.vocabulary import LIGHTS
from workflow.core.history import append_event
from workflow.core.initiatives import ensure_may_change, load_row, write_initiative
from workflow.core.people import Person
from workflow.definitions.registry import Registry
from workflow.records.documents import validate_amount, validate_gains
from workflow.storage.record_tables import GAIN
from workflow.storage.schedule_tables import STATUS

__all__ = [
    "LIGHTS",
    "GivenStatus",
    "answered_quarter",
    "give_status",
    "given_rows",
    "read_statuses",
    "report_gains",
    "status_given",
]

log = get_logger("tiltag.status")


@dataclass(frozen=True)
class GivenStatus:
    """One status as given."""

    initiative_id: int
    quarter: Quarter
    light: str
    text: str
    realised_gains: dict[int, int] | None
    given_on: date
    given_at: datetime
    given_by: str
    version: int = 0
    spent: int | None = None


def give_status(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    light: str,
    text: str,
    clock: Clock,
    realised_gains: Mapping[Any, Any] | None = None,
    spent: Any = None,
    quarter: Quarter | None = None,
) -> GivenStatus:
    """Record the status of an initiative for `quarter`, by default the quarter of today (Danish
    time). A quarter's status may be given during it and, late, during the quarter after it.

    A later status for the same quarter is added too; the latest one counts. The realised gains
    given are also kept as the initiative's `reported` gains, year by year, for the reports.

    Raises:
        InvalidValueError: an unknown light, an empty text, gains or spent out of bounds, a
            quarter whose status cannot be given today.
        WorkflowError: the actor may not change the initiative, or it has ended.
        NotFoundError, ConcurrentChangeError: as for any change.
    """
    if light not in LIGHTS:
        raise InvalidValueError("light", f"must be one of {', '.join(LIGHTS)} (got {light!r})")
    text = clean_text("status text", text)
    if not text:
        raise InvalidValueError("status text", "must not be empty")
    gains = None if realised_gains is None else validate_gains("realised_gains", realised_gains)
    cost = None if spent is None else validate_amount("spent", spent)
    now = clock.now()
    today = local_date(now)
    quarter = answered_quarter("the status", quarter, today)
    refused = {"initiative": initiative_id, "actor": actor.handle}
    with log.refusals("status_refused", **refused), engine.begin() as conn:
        row = load_row(conn, initiative_id)
        behalf = ensure_may_change(actor, row)
        definition = registry.get(row["workflow"], row["workflow_version"])
        if definition.state(row["state"]).final:
            raise WorkflowError(
                f"initiative {initiative_id} has ended ({row['state']}): it takes no status"
            )
        version = write_initiative(conn, initiative_id, row["version"], {"updated_at": now})
        conn.execute(
            insert(STATUS).values(
                initiative_id=initiative_id,
                year=quarter.year,
                quarter=quarter.number,
                light=light,
                text=text,
                realised_gains=None if gains is None else {str(y): a for y, a in gains.items()},
                given_on=today,
                given_at=now,
                given_by=actor.id,
                spent=cost,
            )
        )
        if gains:
            report_gains(conn, initiative_id, gains)
        append_event(
            conn,
            actor,
            initiative_id=initiative_id,
            at=now,
            kind="status",
            field=str(quarter),
            new_value=light,
            comment=text,
            version=version,
            on_behalf_of_id=behalf,
        )
    log.info(
        "status", initiative=initiative_id, quarter=str(quarter), light=light, actor=actor.handle
    )
    return GivenStatus(
        initiative_id, quarter, light, text, gains, today, now, actor.handle, version, cost
    )


def report_gains(conn: Connection, initiative_id: int, gains: Mapping[int, int]) -> None:
    """Keep each year's gain as the latest a status reported (the `reported` gain rows)."""
    conn.execute(
        delete(GAIN).where(
            GAIN.c.initiative_id == initiative_id,
            GAIN.c.kind == "reported",
            GAIN.c.year.in_(list(gains)),
        )
    )
    conn.execute(
        insert(GAIN),
        [
            {"initiative_id": initiative_id, "kind": "reported", "year": y, "amount": a}
            for y, a in gains.items()
        ],
    )


def status_given(engine: Engine, initiative_ids: Collection[int], quarter: Quarter) -> set[int]:
    """Which of the initiatives have a status for `quarter` (one query for them all)."""
    if not initiative_ids:
        return set()
    with engine.connect() as conn:
        return set(
            conn.execute(
                select(STATUS.c.initiative_id)
                .where(
                    STATUS.c.initiative_id.in_(list(initiative_ids)),
                    STATUS.c.year == quarter.year,
                    STATUS.c.quarter == quarter.number,
                )
                .distinct()
            ).scalars()
        )


def answered_quarter(
    what: str, quarter: Quarter | None, today: date, *, plural: bool = False
) -> Quarter:
    """The quarter `what` (the status, the realised gains: `plural`) is given for: `quarter`,
    else today's.

    Raises:
        InvalidValueError: that quarter cannot be answered today (only during it, or late
            during the next one).
    """
    quarter = quarter or quarter_of(today)
    if not quarter.takes_status_on(today):
        raise InvalidValueError(
            "quarter",
            f"{what} for {quarter} {'are' if plural else 'is'} given from "
            f"{quarter.first_day.isoformat()} to "
            f"{quarter.next().last_day.isoformat()} (during the quarter, or late during the next "
            f"one); today is {today.isoformat()}",
        )
    return quarter


def given_rows(engine: Engine, table: Table, initiative_id: int) -> list[Any]:
    """The rows of `table` (statuses, benefits answers) given for an initiative, oldest first,
    each with the handle of who gave it.

    Raises:
        NotFoundError: no such initiative.
    """
    from workflow.storage.core_tables import PERSON

    with engine.connect() as conn:
        load_row(conn, initiative_id)
        return list(
            conn.execute(
                select(table, PERSON.c.handle)
                .join(PERSON, PERSON.c.id == table.c.given_by)
                .where(table.c.initiative_id == initiative_id)
                .order_by(table.c.id)
            ).all()
        )


def read_statuses(engine: Engine, initiative_id: int) -> list[GivenStatus]:
    """Every status of an initiative, oldest first.

    Raises:
        NotFoundError: no such initiative.
    """
    rows = given_rows(engine, STATUS, initiative_id)
    return [
        GivenStatus(
            initiative_id=r.initiative_id,
            quarter=Quarter(r.year, r.quarter),
            light=r.light,
            text=r.text,
            realised_gains=(
                None
                if r.realised_gains is None
                else {int(y): int(a) for y, a in r.realised_gains.items()}
            ),
            given_on=r.given_on,
            given_at=r.given_at,
            given_by=r.handle,
            spent=r.spent,
        )
        for r in rows
    ]
