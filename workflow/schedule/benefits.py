"""Benefits follow-up (gevinstopfølgning) as a service: an initiative that has ended as done
(its state has `benefits_follow_up`) while its business case still expects gains in a budget
year is asked for the gains it realised; its benefit owners give them, year by year, until the
last gain year.

An answer counts for the budget quarter it is given in, or, late, the one before (as a status
does); its year is that quarter's. The kroner it gives are kept as the initiative's `reported`
gains of the year, which the gains report counts unless the follow-up record states that year.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from workflow.base.calendar import Quarter
from workflow.base.clock import Clock, local_date
from workflow.base.errors import InvalidValueError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.text import clean_text
from workflow.core.history import append_event
from workflow.core.initiatives import ensure_may_change, load_row, write_initiative
from workflow.core.people import Person
from workflow.definitions.registry import Registry
from workflow.records.documents import BusinessCase, validate_amount
from workflow.records.reading import read_record
from workflow.schedule.config import Schedule
from workflow.schedule.mail_queries import missing_benefits
from workflow.schedule.status import answered_quarter, given_rows, report_gains
from workflow.storage.record_tables import ECONOMICS
from workflow.storage.schedule_tables import BENEFITS

__all__ = [
    "BenefitsAnswer",
    "asked_by",
    "benefit_owners",
    "benefits_awaited",
    "give_benefits",
    "read_benefits",
]

log = get_logger("tiltag.benefits")

# The most a figure of a time or quality gain may be, as in a business case.
_MOST = 10**12


@dataclass(frozen=True)
class BenefitsAnswer:
    """One answer in benefits follow-up, as given."""

    initiative_id: int
    quarter: Quarter
    kroner: int | None
    figures: dict[int, float]
    text: str
    given_on: date
    given_at: datetime
    given_by: str
    version: int = 0

    @property
    def year(self) -> int:
        """The budget year whose realised gains it gives."""
        return self.quarter.year


def benefit_owners(case: BusinessCase | None, year: int) -> list[str]:
    """The handles of the benefit owners of the gains `case` still expects in `year` or later,
    each once, in the order of the gains (filed cases name an owner for every gain)."""
    if case is None:
        return []
    owners = [g.owner for g in case.gains if g.owner and any(y >= year for y in g.years)]
    return list(dict.fromkeys(owners))


def give_benefits(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    clock: Clock,
    kroner: Any = None,
    figures: Mapping[int, Any] | None = None,
    text: str = "",
    quarter: Quarter | None = None,
) -> BenefitsAnswer:
    """Give the gains an initiative in benefits follow-up realised in the budget year of
    `quarter` (by default the quarter of today, Danish time; late, the one before).

    The benefit owners of its business case, its proposer and owner, the task force and the
    admins may give it. A later answer for the same quarter is kept too; the latest counts.

    Raises:
        InvalidValueError: no figure given, an amount or figure out of bounds, a gain the
            business case does not have or that is in kroner, a quarter that cannot be answered
            today.
        WorkflowError: the initiative is not in benefits follow-up, or its business case expects
            no gains in that year or later.
        NotAllowedError, NotFoundError, ConcurrentChangeError: as for any change.
    """
    amount = None if kroner is None else validate_amount("kroner", kroner)
    given = _figures(figures or {})
    if amount is None and not given:
        raise InvalidValueError("realised gains", "give the kroner or a gain's figure")
    text = clean_text("text", text)
    now = clock.now()
    today = local_date(now)
    quarter = answered_quarter("the realised gains", quarter, today, plural=True)
    refused = {"initiative": initiative_id, "actor": actor.handle}
    with log.refusals("benefits_refused", **refused), engine.begin() as conn:
        row = load_row(conn, initiative_id)
        case = _followed_up(conn, registry, row, quarter.year)
        owners = benefit_owners(case, quarter.year)
        # A benefit owner answers in their own right; anyone else as for any change.
        behalf = None if actor.handle in owners else ensure_may_change(actor, row)
        _fits_the_case(case, amount, given)
        version = write_initiative(conn, initiative_id, row["version"], {"updated_at": now})
        conn.execute(
            insert(BENEFITS).values(
                initiative_id=initiative_id,
                year=quarter.year,
                quarter=quarter.number,
                kroner=amount,
                figures={str(n): f for n, f in given.items()} or None,
                text=text,
                given_on=today,
                given_at=now,
                given_by=actor.id,
            )
        )
        if amount is not None:
            report_gains(conn, initiative_id, {quarter.year: amount})
        append_event(
            conn,
            actor,
            initiative_id=initiative_id,
            at=now,
            kind="benefits",
            field=str(quarter),
            new_value=None if amount is None else str(amount),
            comment=text or None,
            version=version,
            on_behalf_of_id=behalf,
        )
    log.info("benefits", initiative=initiative_id, quarter=str(quarter), actor=actor.handle)
    return BenefitsAnswer(
        initiative_id, quarter, amount, given, text, today, now, actor.handle, version
    )


def _figures(given: Mapping[int, Any]) -> dict[int, float]:
    """The figures of time and quality gains by gain number, each a number from 0 up."""
    figures: dict[int, float] = {}
    for number, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidValueError(f"gain {number}", f"must be a number (got {value!r})")
        if not 0 <= value <= _MOST or value != value:
            raise InvalidValueError(f"gain {number}", f"must be from 0 to {_MOST} (got {value})")
        figures[int(number)] = int(value) if float(value).is_integer() else float(value)
    return figures


def _followed_up(
    conn: Connection, registry: Registry, row: Mapping[str, Any], year: int
) -> BusinessCase | None:
    """The business case of an initiative in benefits follow-up in `year`.

    Raises:
        WorkflowError: not in a state with benefits follow-up, or no gain expected in `year` or
            later.
    """
    initiative_id = row["id"]
    state = registry.get(row["workflow"], row["workflow_version"]).state(row["state"])
    if not state.benefits_follow_up:
        raise WorkflowError(
            f"initiative {initiative_id} is in {row['state']}: realised gains are given this way "
            "once it is done and in benefits follow-up (an initiative under way gives them with "
            "its quarterly status)"
        )
    last = conn.execute(
        select(ECONOMICS.c.last_gain_year).where(ECONOMICS.c.initiative_id == initiative_id)
    ).scalar()
    if last is None or last < year:
        raise WorkflowError(
            f"initiative {initiative_id} expects no gains in {year} or later "
            f"(its last gain year is {last or 'none'}): its benefits follow-up has ended"
        )
    case = read_record(conn, initiative_id, "business_case")
    return case if isinstance(case, BusinessCase) else None


def _fits_the_case(
    case: BusinessCase | None, kroner: int | None, figures: dict[int, float]
) -> None:
    """Kroner only where the case expects a gain in kroner; a figure only for a time or quality
    gain it has."""
    gains = case.gains if case is not None else []
    if kroner is not None and not any(g.kind == "kroner" for g in gains):
        raise InvalidValueError("kroner", "the business case expects no gain in kroner")
    for number in figures:
        if not 1 <= number <= len(gains):
            raise InvalidValueError(
                f"gain {number}", f"the business case has {len(gains)} gains (1 to {len(gains)})"
            )
        if gains[number - 1].kind == "kroner":
            raise InvalidValueError(
                f"gain {number}", "is a gain in kroner: give its realised kroner as the kroner"
            )


def read_benefits(engine: Engine, initiative_id: int) -> list[BenefitsAnswer]:
    """Every answer given in an initiative's benefits follow-up, oldest first.

    Raises:
        NotFoundError: no such initiative.
    """
    rows = given_rows(engine, BENEFITS, initiative_id)
    return [
        BenefitsAnswer(
            initiative_id=r.initiative_id,
            quarter=Quarter(r.year, r.quarter),
            kroner=r.kroner,
            figures={int(n): f for n, f in (r.figures or {}).items()},
            text=r.text,
            given_on=r.given_on,
            given_at=r.given_at,
            given_by=r.handle,
        )
        for r in rows
    ]


def asked_by(schedule: Schedule, quarter: Quarter) -> Quarter:
    """The quarter by whose status deadline an answer given for `quarter` is asked: the
    schedule's quarter of the year when asked once a year, else `quarter` itself."""
    if schedule.benefits_every == "quarter":
        return quarter
    return Quarter(quarter.year, schedule.benefits_quarter)


def benefits_awaited(
    engine: Engine,
    registry: Registry,
    schedule: Schedule,
    initiative_ids: Collection[int],
    quarter: Quarter,
) -> set[int]:
    """Of the initiatives, those in benefits follow-up still without an answer for `quarter`
    (for its year; for the quarter itself when asked every quarter); one query for them all."""
    if not initiative_ids or schedule.benefits_every == "never":
        return set()
    every_quarter = schedule.benefits_every == "quarter"
    query = missing_benefits(registry, quarter, every_quarter=every_quarter)
    with engine.connect() as conn:
        rows = conn.execute(query.where(query.selected_columns.id.in_(list(initiative_ids)))).all()
    return {row.id for row in rows}
