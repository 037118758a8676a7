"""The daily decision: what a day calls for (reminders, notices, escalations, the weekly digest)
and the mail it means, put in the outbox under keys that make running it again harmless.

`occasions` is the calendar part (which status deadlines and digest a day touches); `decide`
turns them, and the open milestones due around the day, into mail for the people concerned;
`run_decision` enqueues that mail and records the day as decided. The scheduler and
`tiltag remind` both call `run_decision`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, exists, func, not_, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite

from workflow.approval_models import MILESTONE
from workflow.calendar import Quarter, quarter_of
from workflow.clock import Clock
from workflow.logs import get_logger
from workflow.mail_templates import render_mail
from workflow.models import INITIATIVE, PERSON, PERSON_ROLE
from workflow.outbox import Mail, enqueue, mailbox
from workflow.registry import Registry
from workflow.schedule_config import Schedule
from workflow.schedule_models import DECISION_RUN, STATUS
from workflow.stalled import find_stalled, status_states

__all__ = ["Decision", "Occasion", "decide", "decided_days", "occasions", "run_decision"]

log = get_logger("tiltag.reminders")

# How many initiatives a digest or an escalation lists by name; the rest are counted.
LISTED = 100


@dataclass(frozen=True)
class Occasion:
    """Something a day calls for about a quarter's status, or the weekly digest."""

    kind: str  # status_reminder | status_overdue | status_escalation | stalled_digest
    quarter: Quarter | None = None
    deadline: date | None = None
    offset: int | None = None


@dataclass
class Decision:
    """How much mail deciding a day found, and how much of it was new to the outbox."""

    day: date
    decided: int = 0
    enqueued: int = 0


def occasions(schedule: Schedule, day: date) -> list[Occasion]:
    """The status occasions and digest that fall on `day` (nothing on a non-working day)."""
    calendar = schedule.calendar
    if not calendar.is_working_day(day):
        return []
    found = []
    # A quarter's deadline, and what follows it, may fall in the next quarter.
    current = quarter_of(day)
    for quarter in (current.previous(), current, current.next()):
        deadline = calendar.status_deadline(quarter)
        for offset in schedule.remind_before:
            if calendar.add_working_days(deadline, -offset) == day:
                found.append(Occasion("status_reminder", quarter, deadline, offset))
        if calendar.add_working_days(deadline, schedule.overdue_after) == day:
            found.append(Occasion("status_overdue", quarter, deadline))
        if calendar.add_working_days(deadline, schedule.escalate_after) == day:
            found.append(Occasion("status_escalation", quarter, deadline))
    if day == _digest_day(schedule, day):
        found.append(Occasion("stalled_digest"))
    return found


def _digest_day(schedule: Schedule, day: date) -> date | None:
    """The day of `day`'s week the digest goes: the configured weekday or the first working
    day after it in the same week; None if the rest of the week is closed."""
    monday = day - timedelta(days=day.weekday())
    for offset in range(schedule.digest_weekday, 5):
        candidate = monday + timedelta(days=offset)
        if schedule.calendar.is_working_day(candidate):
            return candidate
    return None


def decide(
    conn: Connection, registry: Registry, schedule: Schedule, templates: Path, day: date
) -> Iterator[Mail]:
    """Every mail `day` calls for, as the database stands now; streamed."""
    writer = _Writer(schedule, templates, registry, day)
    for occasion in occasions(schedule, day):
        if occasion.kind == "status_escalation":
            yield from writer.escalation(conn, occasion)
        elif occasion.kind == "stalled_digest":
            yield from writer.digest(conn)
        else:
            yield from writer.status(conn, occasion)
    if schedule.calendar.is_working_day(day):
        yield from writer.milestones(conn)


def run_decision(
    engine: Engine,
    registry: Registry,
    schedule: Schedule,
    templates: Path,
    day: date,
    clock: Clock,
    *,
    dry_run: bool = False,
    on_mail: Callable[[Mail], None] | None = None,
) -> Decision:
    """Decide `day` and enqueue its mail (unless `dry_run`); record the day as decided.

    Mail already in the outbox under the same key is not enqueued again, so a day may be decided
    any number of times, by any number of processes. Each mail is handed to `on_mail` as it is
    decided and then let go, so a large portfolio does not fill the memory.
    """
    decision = Decision(day)
    now = clock.now()
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite" and not dry_run:
            # Take the write lock first: the decision reads as it writes, and a SQLite reader
            # that turns writer after another process wrote is refused at once, not made to wait.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        for mail in decide(conn, registry, schedule, templates, day):
            decision.decided += 1
            if on_mail is not None:
                on_mail(mail)
            if not dry_run and enqueue(conn, mail, sender=schedule.sender, day=day, now=now):
                decision.enqueued += 1
        if not dry_run:
            _record_day(conn, day, now, decision.enqueued)
    if not dry_run:
        log.info(
            "day_decided", day=day.isoformat(), mail=decision.decided, enqueued=decision.enqueued
        )
    return decision


def decided_days(engine: Engine, start: date, end: date) -> tuple[date | None, set[date]]:
    """The first day ever decided, and the days from `start` to `end` that are decided."""
    with engine.connect() as conn:
        first: date | None = conn.execute(select(func.min(DECISION_RUN.c.day))).scalar()
        decided = set(
            conn.execute(
                select(DECISION_RUN.c.day).where(DECISION_RUN.c.day.between(start, end))
            ).scalars()
        )
    return first, decided


def _record_day(conn: Connection, day: date, now: datetime, enqueued: int) -> None:
    values = {"day": day, "finished_at": now, "enqueued": enqueued}
    statement: Any
    if conn.dialect.name == "postgresql":
        statement = postgresql.insert(DECISION_RUN).values(values).on_conflict_do_nothing()
    elif conn.dialect.name == "sqlite":
        statement = sqlite.insert(DECISION_RUN).values(values).on_conflict_do_nothing()
    else:
        if conn.execute(select(DECISION_RUN.c.day).where(DECISION_RUN.c.day == day)).first():
            return
        statement = DECISION_RUN.insert().values(values)
    conn.execute(statement)


class _Writer:
    """Finds who a day's occasions concern and renders their mail."""

    def __init__(self, schedule: Schedule, templates: Path, registry: Registry, day: date) -> None:
        self.schedule = schedule
        self.templates = templates
        self.registry = registry
        self.day = day
        self.language = schedule.language

    def _mail(
        self,
        template: str,
        kind: str,
        key: str,
        person: Any,
        initiative_id: int | None,
        context: dict[str, Any],
    ) -> Mail:
        context = {**context, "recipient": {"name": person.name, "handle": person.handle}}
        rendered = render_mail(self.templates, template, self.language, context)
        return Mail(
            key=key,
            kind=kind,
            initiative_id=initiative_id,
            recipient_id=person.id,
            recipient=mailbox(person.name, person.email),
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=rendered.html,
        )

    def _state_label(self, row: Any) -> str:
        state = self.registry.get(row.workflow, row.workflow_version).state(row.state).label
        return state.da if self.language == "da" else state.en

    def _date(self, day: date) -> str:
        return day.strftime("%d.%m.%Y") if self.language == "da" else day.isoformat()

    def _quarter(self, quarter: Quarter) -> str:
        if self.language == "da":
            return f"{quarter.number}. kvartal {quarter.year}"
        return f"Q{quarter.number} {quarter.year}"

    def _missing_status(self, quarter: Quarter) -> Any:
        """Initiatives asked a status, with an owner, and none given for `quarter`."""
        owner = PERSON.alias("owner")
        return (
            select(
                INITIATIVE,
                owner.c.id.label("person_id"),
                owner.c.handle,
                owner.c.name,
                owner.c.email,
            )
            .join(owner, owner.c.id == INITIATIVE.c.owner_id)
            .where(
                status_states(self.registry),
                ~exists().where(
                    STATUS.c.initiative_id == INITIATIVE.c.id,
                    STATUS.c.year == quarter.year,
                    STATUS.c.quarter == quarter.number,
                ),
            )
            .order_by(INITIATIVE.c.id)
        )

    def status(self, conn: Connection, occasion: Occasion) -> Iterator[Mail]:
        assert occasion.quarter is not None and occasion.deadline is not None
        overdue = occasion.kind == "status_overdue"
        calendar = self.schedule.calendar
        escalation = calendar.add_working_days(occasion.deadline, self.schedule.escalate_after)
        period = str(occasion.quarter) + ("" if overdue else f"/{occasion.offset}")
        rows = conn.execute(
            self._missing_status(occasion.quarter).execution_options(
                stream_results=True, yield_per=1000
            )
        )
        for row in rows:
            person = _Person(row.person_id, row.handle, row.name, row.email)
            link = self.schedule.link
            yield self._mail(
                "status",
                occasion.kind,
                f"{occasion.kind}/{period}/{row.id}/{person.id}",
                person,
                row.id,
                {
                    "initiative": {
                        "id": row.id,
                        "title": row.title,
                        "state_label": self._state_label(row),
                    },
                    "quarter_text": self._quarter(occasion.quarter),
                    "deadline_text": self._date(occasion.deadline),
                    "escalation_text": self._date(escalation),
                    "overdue": overdue,
                    "action_url": f"{link}/initiatives/{row.id}/status" if link else None,
                },
            )

    def _task_force(self, conn: Connection) -> list[_Person]:
        rows = conn.execute(
            select(PERSON.c.id, PERSON.c.handle, PERSON.c.name, PERSON.c.email)
            .join(PERSON_ROLE, PERSON_ROLE.c.person_id == PERSON.c.id)
            .where(PERSON_ROLE.c.role == "task_force")
            .order_by(PERSON.c.id)
        ).all()
        return [_Person(*row) for row in rows]

    def escalation(self, conn: Connection, occasion: Occasion) -> Iterator[Mail]:
        assert occasion.quarter is not None and occasion.deadline is not None
        listed: list[dict[str, Any]] = []
        total = 0
        rows = conn.execute(
            self._missing_status(occasion.quarter).execution_options(
                stream_results=True, yield_per=1000
            )
        )
        for row in rows:
            total += 1
            if len(listed) < LISTED:
                listed.append(
                    {
                        "id": row.id,
                        "title": row.title,
                        "state_label": self._state_label(row),
                        "owner": row.name,
                    }
                )
        if not total:
            return
        for person in self._task_force(conn):
            yield self._mail(
                "escalation",
                occasion.kind,
                f"{occasion.kind}/{occasion.quarter}/{person.id}",
                person,
                None,
                {
                    "quarter_text": self._quarter(occasion.quarter),
                    "deadline_text": self._date(occasion.deadline),
                    "initiatives": listed,
                    "total": total,
                    "more": total - len(listed),
                },
            )

    def digest(self, conn: Connection) -> Iterator[Mail]:
        listed: list[dict[str, Any]] = []
        total = 0
        for stalled in find_stalled(
            conn, self.registry, self.day, self.schedule.no_status_quarters
        ):
            total += 1
            if len(listed) < LISTED:
                listed.append(
                    {
                        "id": stalled.id,
                        "title": stalled.title,
                        "owner": stalled.owner_name or "-",
                        "reasons_da": [r.da for r in stalled.reasons],
                        "reasons_en": [r.en for r in stalled.reasons],
                    }
                )
        if not total:
            return
        year, week, _ = self.day.isocalendar()
        for person in self._task_force(conn):
            yield self._mail(
                "stalled",
                "stalled_digest",
                f"stalled_digest/{year}-W{week:02}/{person.id}",
                person,
                None,
                {
                    "week": week,
                    "day_text": self._date(self.day),
                    "initiatives": listed,
                    "total": total,
                    "more": total - len(listed),
                },
            )

    def milestones(self, conn: Connection) -> Iterator[Mail]:
        """Reminders before open milestones fall due, and notices when they are overdue."""
        calendar = self.schedule.calendar
        before, after = self.schedule.milestone_remind_before, self.schedule.milestone_overdue_after
        # Wide enough to hold every due date whose reminder or notice falls on this day.
        earliest = self.day - timedelta(days=2 * after + 20)
        latest = self.day + timedelta(days=2 * before + 20)
        person = PERSON.alias("person")
        final = [
            and_(
                INITIATIVE.c.workflow == d.name,
                INITIATIVE.c.workflow_version == d.version,
                INITIATIVE.c.state.in_([s.name for s in d.states if s.final]),
            )
            for d in self.registry.all()
        ]
        query = (
            select(
                MILESTONE.c.position,
                MILESTONE.c.title.label("milestone_title"),
                MILESTONE.c.due,
                INITIATIVE.c.id,
                INITIATIVE.c.title,
                person.c.id.label("person_id"),
                person.c.handle,
                person.c.name,
                person.c.email,
            )
            .join(INITIATIVE, INITIATIVE.c.id == MILESTONE.c.initiative_id)
            .join(person, person.c.id == func.coalesce(MILESTONE.c.owner_id, INITIATIVE.c.owner_id))
            .where(
                MILESTONE.c.due >= earliest,
                MILESTONE.c.due <= latest,
                MILESTONE.c.done_on.is_(None),
                MILESTONE.c.replanned.is_(None),
                not_(or_(*final)) if final else true(),
            )
            .order_by(MILESTONE.c.due, INITIATIVE.c.id, MILESTONE.c.position)
        )
        for row in conn.execute(query):
            if calendar.add_working_days(row.due, -before) == self.day and before:
                kind = "milestone_reminder"
            elif calendar.add_working_days(row.due, after) == self.day:
                kind = "milestone_overdue"
            else:
                continue
            who = _Person(row.person_id, row.handle, row.name, row.email)
            yield self._mail(
                "milestone",
                kind,
                f"{kind}/{row.id}/{row.position}/{row.due.isoformat()}/{who.id}",
                who,
                row.id,
                {
                    "initiative": {"id": row.id, "title": row.title},
                    "milestone": {"position": row.position, "title": row.milestone_title},
                    "due_text": self._date(row.due),
                    "overdue": kind == "milestone_overdue",
                },
            )


@dataclass(frozen=True)
class _Person:
    id: int
    handle: str
    name: str
    email: str
