"""Budget adjustments (*budgettilpasninger*): once the forums' go makes an initiative's gains
count (its state `counts_gains`), the net kroner its business case takes back centrally become an
adjustment of its area's budget, per budget year, on an account the finance department keeps.
The finance team confirms or corrects each adjustment every quarter.

Seed 003: "først når sagen er politisk godkendt sker den budgetmæssige tilpasning", and the
quarterly budget adjustments. Kroner kept in the area are not taken from its budget, so they
need no adjustment. Each confirmation is a row of its own (who, when, in which quarter, why
corrected): the latest of an initiative's year holds. An adjustment is to confirm when none has
been confirmed, or when the expected kroner changed since (a new business case, or the state no
longer counting them: then the adjustment is undone to 0).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select

from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import Clock, local_date
from workflow.base.errors import InvalidValueError, NotFoundError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.text import clean_line
from workflow.core.people import Person
from workflow.definitions.registry import Registry
from workflow.records.documents import validate_amount
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.record_tables import BUDGET_ADJUSTMENT, GAIN
from workflow.storage.state_queries import counting_states

__all__ = [
    "Adjustment",
    "FinanceOnlyError",
    "Posting",
    "adjustments",
    "confirm_adjustment",
    "list_adjustments",
    "postings",
]

log = get_logger("tiltag.budget")
# The longest account code the finance system takes.
ACCOUNT_LENGTH = 40


class FinanceOnlyError(WorkflowError):
    """Only the finance team confirms budget adjustments."""

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(
            f"{handle} may not confirm budget adjustments: only the finance team may "
            "(the role finance)"
        )


@dataclass(frozen=True)
class Adjustment:
    """An initiative's budget adjustment of one budget year, as it stands."""

    initiative_id: int
    title: str
    area: str | None
    year: int
    expected: int  # the net kroner its business case takes back centrally (0: no longer)
    adjusted: int | None  # the latest confirmed amount; None before the first
    confirmed_against: int | None  # the expected kroner that confirmation was made against
    account: str  # the latest confirmed account ("" before the first)
    confirmed_in: Quarter | None

    @property
    def to_confirm(self) -> bool:
        """Not confirmed yet, or the expected kroner changed since it was."""
        return self.confirmed_against != self.expected


def _latest() -> Any:
    """The latest confirmation of each initiative's budget year."""
    newest = (
        select(func.max(BUDGET_ADJUSTMENT.c.id).label("id"))
        .group_by(BUDGET_ADJUSTMENT.c.initiative_id, BUDGET_ADJUSTMENT.c.budget_year)
        .subquery("newest")
    )
    return (
        select(BUDGET_ADJUSTMENT)
        .join(newest, newest.c.id == BUDGET_ADJUSTMENT.c.id)
        .subquery("latest")
    )


def adjustments(
    conn: Connection,
    registry: Registry,
    *,
    initiative_id: int | None = None,
    year: int | None = None,
) -> list[Adjustment]:
    """Every budget adjustment that is expected or was confirmed (of one initiative, or one
    budget year), by initiative and year."""
    latest = _latest()
    found: dict[tuple[int, int], dict[str, Any]] = {}
    expected = (
        select(INITIATIVE.c.id, INITIATIVE.c.title, INITIATIVE.c.area, GAIN.c.year, GAIN.c.central)
        .join(GAIN, and_(GAIN.c.initiative_id == INITIATIVE.c.id, GAIN.c.kind == "expected"))
        .where(counting_states(registry), GAIN.c.central != 0)
    )
    confirmed = select(
        INITIATIVE.c.id,
        INITIATIVE.c.title,
        INITIATIVE.c.area,
        latest.c.budget_year,
        latest.c.amount,
        latest.c.expected,
        latest.c.account,
        latest.c.quarter_year,
        latest.c.quarter,
    ).join(latest, latest.c.initiative_id == INITIATIVE.c.id)
    if initiative_id is not None:
        expected = expected.where(INITIATIVE.c.id == initiative_id)
        confirmed = confirmed.where(INITIATIVE.c.id == initiative_id)
    if year is not None:
        expected = expected.where(GAIN.c.year == year)
        confirmed = confirmed.where(latest.c.budget_year == year)
    for id_, title, area, budget_year, central in conn.execute(expected):
        found[(id_, budget_year)] = {"title": title, "area": area, "expected": central}
    for id_, title, area, budget_year, amount, against, account, q_year, q in conn.execute(
        confirmed
    ):
        entry = found.setdefault((id_, budget_year), {"title": title, "area": area})
        entry |= {
            "adjusted": amount,
            "confirmed_against": against,
            "account": account,
            "confirmed_in": Quarter(q_year, q),
        }
    return [
        Adjustment(
            initiative_id=id_,
            title=entry["title"],
            area=entry["area"],
            year=budget_year,
            expected=entry.get("expected", 0),
            adjusted=entry.get("adjusted"),
            confirmed_against=entry.get("confirmed_against"),
            account=entry.get("account", ""),
            confirmed_in=entry.get("confirmed_in"),
        )
        for (id_, budget_year), entry in sorted(found.items())
    ]


def list_adjustments(
    engine: Engine, registry: Registry, *, year: int | None = None
) -> list[Adjustment]:
    """Every budget adjustment that is expected or was confirmed (of one budget year)."""
    with engine.connect() as conn:
        return adjustments(conn, registry, year=year)


def confirm_adjustment(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    year: int,
    clock: Clock,
    amount: int | str | None = None,
    account: str | None = None,
    note: str | None = None,
) -> Adjustment:
    """Confirm the budget adjustment of an initiative's year as expected, or correct it
    (`amount` other than expected, with a `note` saying why); `account` defaults to the one
    confirmed before for that year, else for another year of the initiative.

    Raises:
        FinanceOnlyError: the actor is not an active member of the finance team.
        NotFoundError: no such initiative.
        InvalidValueError: no adjustment is expected or was confirmed for that year; no account;
            a correction without a note; an amount or account out of bounds.
    """
    if "finance" not in actor.roles or not actor.active:
        raise FinanceOnlyError(actor.handle)
    now = clock.now()
    with engine.begin() as conn:
        if (
            conn.execute(select(INITIATIVE.c.id).where(INITIATIVE.c.id == initiative_id)).first()
            is None
        ):
            raise NotFoundError(initiative_id)
        found = adjustments(conn, registry, initiative_id=initiative_id, year=year)
        if not found:
            raise InvalidValueError(
                "year", f"initiative {initiative_id} has no budget adjustment in {year}"
            )
        current = found[0]
        confirmed = current.expected if amount is None else validate_amount("amount", amount)
        code = _account(account if account is not None else _last_account(conn, current))
        why = clean_line("note", note).strip() if note else None
        if confirmed != current.expected and not why:
            raise InvalidValueError(
                "note",
                f"the amount {confirmed} differs from the expected {current.expected}: "
                "say why with a note",
            )
        quarter = quarter_of(local_date(now))
        conn.execute(
            insert(BUDGET_ADJUSTMENT).values(
                initiative_id=initiative_id,
                budget_year=year,
                area=current.area,
                account=code,
                amount=confirmed,
                expected=current.expected,
                note=why,
                quarter_year=quarter.year,
                quarter=quarter.number,
                confirmed_by=actor.id,
                confirmed_at=now,
            )
        )
    log.info(
        "budget_adjusted",
        initiative=initiative_id,
        year=year,
        amount=confirmed,
        expected=current.expected,
        actor=actor.handle,
    )
    return Adjustment(
        initiative_id, current.title, current.area, year, current.expected, confirmed,
        current.expected, code, quarter,
    )  # fmt: skip


def _last_account(conn: Connection, current: Adjustment) -> str:
    """The account confirmed before for that year, else for another year of the initiative."""
    if current.account:
        return current.account
    latest = conn.execute(
        select(BUDGET_ADJUSTMENT.c.account)
        .where(BUDGET_ADJUSTMENT.c.initiative_id == current.initiative_id)
        .order_by(BUDGET_ADJUSTMENT.c.id.desc())
        .limit(1)
    ).scalar()
    return str(latest or "")


def _account(text: str) -> str:
    """An account code: one line of at most ACCOUNT_LENGTH characters, required."""
    if not text.strip():
        raise InvalidValueError("account", "give the account the adjustment is posted on")
    code = clean_line("account", text).strip()
    if len(code) > ACCOUNT_LENGTH:
        raise InvalidValueError("account", f"at most {ACCOUNT_LENGTH} characters")
    return code


@dataclass(frozen=True)
class Posting:
    """One row of a quarter's file for the finance system: an amount to post on an account of an
    area's budget for a budget year (a correction posts the difference; a changed account or
    area takes the amount off the old one and onto the new)."""

    initiative_id: int
    title: str
    year: int
    area: str | None
    account: str
    amount: int
    note: str | None
    confirmed_by: str  # the name of who confirmed it
    confirmed_at: datetime


def postings(conn: Connection, quarter: Quarter) -> Iterator[Posting]:
    """The postings of the confirmations made in `quarter`, in the order they were made."""
    query = (
        select(BUDGET_ADJUSTMENT, INITIATIVE.c.title, PERSON.c.name.label("confirmer"))
        .join(INITIATIVE, INITIATIVE.c.id == BUDGET_ADJUSTMENT.c.initiative_id)
        .join(PERSON, PERSON.c.id == BUDGET_ADJUSTMENT.c.confirmed_by)
        .where(
            BUDGET_ADJUSTMENT.c.quarter_year * 4 + BUDGET_ADJUSTMENT.c.quarter
            <= quarter.year * 4 + quarter.number
        )
        .order_by(BUDGET_ADJUSTMENT.c.id)
    )
    before: dict[tuple[int, int], Any] = {}
    for row in conn.execute(query):
        key = (row.initiative_id, row.budget_year)
        previous, before[key] = before.get(key), row
        if (row.quarter_year, row.quarter) != (quarter.year, quarter.number):
            continue
        posted = 0 if previous is None else previous.amount
        if previous is not None and (previous.account, previous.area) != (row.account, row.area):
            yield _posting(row, previous.area, previous.account, -previous.amount)
            posted = 0
        if row.amount != posted:
            yield _posting(row, row.area, row.account, row.amount - posted)


def _posting(row: Any, area: str | None, account: str, amount: int) -> Posting:
    return Posting(
        row.initiative_id, row.title, row.budget_year, area, account, amount, row.note,
        row.confirmer, row.confirmed_at,
    )  # fmt: skip
