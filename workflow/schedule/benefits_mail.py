"""The mail of benefits follow-up: a reminder before the deadline and a notice after it to each
benefit owner of an initiative that has ended as done while its business case still expects
gains, and the escalation to the task force of those still without an answer.

Each benefit owner (a gain's `owner`, else the initiative's owner) gets one mail per initiative
in their own language, never when deactivated; an initiative all of whose benefit owners are
deactivated is marked in the escalation, as its owner would be for a status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from workflow.base.calendar import Quarter
from workflow.base.logs import get_logger
from workflow.records.documents import GAIN_KINDS, TIME_UNITS, BusinessCase
from workflow.schedule.benefits import benefit_owners
from workflow.schedule.drafts import Draft, Skipped
from workflow.schedule.mail_queries import missing_benefits, people_by_handle
from workflow.schedule.mail_writer import LISTED, MailWriter, _date, _kroner, _quarter, _said
from workflow.schedule.occasions import Occasion, benefits_period
from workflow.schedule.recipients import Recipient, recipient

__all__ = ["benefits_escalation", "benefits_reminders"]

log = get_logger("tiltag.reminders")


class _Asked:
    """An initiative asked for its realised gains, with its benefit owners: those who can be
    mailed, and whether any named could not (deactivated)."""

    def __init__(self, row: Any, case: BusinessCase, owners: list[Recipient], left_out: bool):
        self.row = row
        self.case = case
        self.owners = owners
        self.left_out = left_out


def _asked(writer: MailWriter, conn: Connection, quarter: Quarter) -> Iterator[_Asked]:
    """The initiatives still without an answer for the period of `quarter`, in id order."""
    every_quarter = writer.schedule.benefits_every == "quarter"
    rows = conn.execute(missing_benefits(writer.registry, quarter, every_quarter=every_quarter))
    found: list[tuple[Any, BusinessCase, list[str]]] = []
    for row in rows:
        case = BusinessCase.model_validate(row.case)
        owners = benefit_owners(case, quarter.year) or (
            [row.owner_handle] if row.owner_handle else []
        )
        found.append((row, case, owners))
    handles = {handle for _, _, owners in found for handle in owners}
    people: dict[str, Recipient | None] = {}
    if handles:
        for person in conn.execute(people_by_handle(handles)):
            people[person.handle] = (
                recipient(person, writer.language) if person.deactivated_at is None else None
            )
    for row, case, owners in found:
        reachable = [p for handle in owners if (p := people.get(handle)) is not None]
        yield _Asked(row, case, reachable, left_out=len(reachable) < len(owners))


def benefits_reminders(
    writer: MailWriter, conn: Connection, occasion: Occasion
) -> Iterator[Draft | Skipped]:
    """A reminder (or overdue notice) to each benefit owner of each initiative asked."""
    assert occasion.quarter is not None and occasion.deadline is not None
    schedule = writer.schedule
    overdue = occasion.kind == "benefits_overdue"
    period = benefits_period(schedule, occasion.quarter)
    about = period + ("" if overdue else f"/{occasion.offset}")
    stale = occasion.stale_on(writer.today)
    escalation = schedule.calendar.add_working_days(
        occasion.deadline, schedule.benefits_escalate_after
    )
    for asked in _asked(writer, conn, occasion.quarter):
        row = asked.row
        for person in asked.owners:
            key = f"{occasion.kind}/{about}/{row.id}/{person.id}"
            if stale:
                yield Skipped(key, occasion.kind, row.id, person.mailbox, stale)
                continue
            language = person.language
            page = writer._page(row.id)
            yield writer._mail(
                "benefits",
                occasion.kind,
                key,
                person,
                row.id,
                {
                    **_period_texts(schedule.benefits_every, occasion.quarter, language),
                    "initiative": {
                        "id": row.id,
                        "title": row.title,
                        "state_label": writer._state_label(row, language),
                    },
                    "last_gain_year": row.last_gain_year,
                    "deadline_text": _date(occasion.deadline, language),
                    "escalation_text": _date(escalation, language),
                    "overdue": overdue,
                    **_expected(asked.case, occasion.quarter.year, language),
                    "action_url": (f"{page}/benefits?quarter={occasion.quarter}" if page else None),
                },
            )


def benefits_escalation(
    writer: MailWriter, conn: Connection, occasion: Occasion
) -> Iterator[Draft | Skipped]:
    """One mail to each task force member listing the initiatives still without an answer."""
    assert occasion.quarter is not None and occasion.deadline is not None
    key = f"{occasion.kind}/{benefits_period(writer.schedule, occasion.quarter)}"
    found: list[_Asked] = []
    total = 0
    for asked in _asked(writer, conn, occasion.quarter):
        total += 1
        if len(found) < LISTED:
            found.append(asked)
    if not total:
        return
    stale = occasion.stale_on(writer.today)
    for person in writer._people_with_roles(conn, "task_force"):
        if stale:
            yield Skipped(f"{key}/{person.id}", occasion.kind, None, person.mailbox, stale)
            continue
        language = person.language
        listed = [
            {
                "id": a.row.id,
                "title": a.row.title,
                "owners": ", ".join(p.name for p in a.owners) or "-",
                "not_reminded": a.left_out,
                "url": writer._page(a.row.id),
            }
            for a in found
        ]
        yield writer._mail(
            "benefits_escalation",
            occasion.kind,
            f"{key}/{person.id}",
            person,
            None,
            {
                **_period_texts(writer.schedule.benefits_every, occasion.quarter, language),
                "deadline_text": _date(occasion.deadline, language),
                "initiatives": listed,
                "total": total,
                "more": total - len(listed),
            },
        )


def _period_texts(every: str, quarter: Quarter, language: str) -> dict[str, Any]:
    """What the mail asks about: the year (`2011`), or the quarter when asked every quarter."""
    return {
        "quarter": str(quarter),
        "year": quarter.year,
        "period_text": _quarter(quarter, language) if every == "quarter" else str(quarter.year),
    }


def _expected(case: BusinessCase, year: int, language: str) -> dict[str, Any]:
    """What the business case expects in `year`: its kroner, and each time and quality gain
    with its number, what it measures and the figure of the year."""
    kroner = case.kroner().get(year)
    others = []
    for number, gain in enumerate(case.gains, start=1):
        if gain.kind == "kroner" or year not in gain.years:
            continue
        unit = _said(TIME_UNITS[gain.unit], language) if gain.kind == "time" else gain.unit
        figure = gain.years[year]
        others.append(
            {
                "number": number,
                "kind": _said(GAIN_KINDS[gain.kind], language),
                "what": gain.what or "-",
                "unit": unit,
                "expected": int(figure) if float(figure).is_integer() else figure,
            }
        )
    return {
        "expected_kroner": None if kroner is None else _kroner(kroner, language),
        "example_kroner": kroner or 0,
        "has_kroner": any(g.kind == "kroner" for g in case.gains),
        "other_gains": others,
    }
