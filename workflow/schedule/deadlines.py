"""A person's deadlines as of a day: the quarterly status deadlines of the initiatives they own,
the due dates of the open milestones of their initiatives (and of those they are responsible
for), and the meetings of the forums they sit in with their agenda deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import Connection, Engine, func, not_, or_, select

from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import FORUMS
from workflow.core.people import Person
from workflow.definitions.registry import Registry
from workflow.schedule.config import Schedule
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.record_tables import MILESTONE
from workflow.storage.schedule_tables import STATUS
from workflow.storage.state_queries import final_states, status_states

__all__ = ["Deadline", "deadlines_of"]


@dataclass(frozen=True)
class Deadline:
    """One day in a person's calendar. `key` says what it is, the same every time it is listed
    (`status-4-2010Q3`, `milestone-4-2`, `meeting-chief_group-20100901`,
    `agenda-chief_group-20100901`: the agenda deadline of that meeting)."""

    kind: str  # status | milestone | meeting | agenda_deadline
    key: str
    day: date
    # A meeting's time (Danish), when the schedule gives it; every other deadline is a day.
    start: time | None = None
    end: time | None = None
    initiative_id: int | None = None
    title: str | None = None  # the initiative's
    quarter: Quarter | None = None
    status_given_on: date | None = None  # the latest status for the quarter, if any
    milestone: str | None = None
    phase: str | None = None
    forum: str | None = None
    meeting_day: date | None = None  # of an agenda deadline: the meeting's day


def deadlines_of(
    engine: Engine, registry: Registry, schedule: Schedule, person: Person, clock: Clock
) -> list[Deadline]:
    """The deadlines of `person` as of the clock's day (Danish), by day:

    - the status deadlines of this quarter and the next for each initiative they own whose
      state asks a quarterly status;
    - the due dates of milestones neither done nor re-planned, of initiatives that have not
      ended, which they own or whose milestone is theirs (also when overdue);
    - the meetings, from the start of this quarter, of each forum whose role they hold, and
      their agenda deadlines (the last day for cases to reach the forum for the meeting).
    """
    current = quarter_of(local_date(clock.now()))
    with engine.connect() as conn:
        found = [
            *_statuses(conn, registry, schedule, person, (current, current.next())),
            *_milestones(conn, registry, person),
        ]
    found.extend(_meetings(schedule, person, since=current.first_day))
    return sorted(found, key=lambda d: (d.day, d.start or time(0), d.key))


def _statuses(
    conn: Connection,
    registry: Registry,
    schedule: Schedule,
    person: Person,
    quarters: Iterable[Quarter],
) -> Iterator[Deadline]:
    owned = conn.execute(
        select(INITIATIVE.c.id, INITIATIVE.c.title)
        .where(INITIATIVE.c.owner_id == person.id, status_states(registry))
        .order_by(INITIATIVE.c.id)
    ).all()
    if not owned:
        return
    wanted = list(quarters)
    given = {
        (row.initiative_id, Quarter(row.year, row.quarter)): row.given_on
        for row in conn.execute(
            select(
                STATUS.c.initiative_id,
                STATUS.c.year,
                STATUS.c.quarter,
                func.max(STATUS.c.given_on).label("given_on"),
            )
            .where(
                STATUS.c.initiative_id.in_([row.id for row in owned]),
                or_(*((STATUS.c.year == q.year) & (STATUS.c.quarter == q.number) for q in wanted)),
            )
            .group_by(STATUS.c.initiative_id, STATUS.c.year, STATUS.c.quarter)
        )
    }
    for quarter in wanted:
        due = schedule.calendar.status_deadline(quarter)
        for row in owned:
            yield Deadline(
                "status",
                f"status-{row.id}-{quarter.year}Q{quarter.number}",
                due,
                initiative_id=row.id,
                title=row.title,
                quarter=quarter,
                status_given_on=given.get((row.id, quarter)),
            )


def _milestones(conn: Connection, registry: Registry, person: Person) -> Iterator[Deadline]:
    rows = conn.execute(
        select(
            MILESTONE.c.position,
            MILESTONE.c.title.label("milestone"),
            MILESTONE.c.phase,
            MILESTONE.c.due,
            INITIATIVE.c.id,
            INITIATIVE.c.title,
        )
        .join(INITIATIVE, INITIATIVE.c.id == MILESTONE.c.initiative_id)
        .where(
            or_(INITIATIVE.c.owner_id == person.id, MILESTONE.c.owner_id == person.id),
            MILESTONE.c.done_on.is_(None),
            MILESTONE.c.replanned.is_(None),
            not_(final_states(registry)),
        )
        .order_by(MILESTONE.c.due, INITIATIVE.c.id, MILESTONE.c.position)
    )
    for row in rows:
        yield Deadline(
            "milestone",
            # The position, not the row's id: filing the plan again writes its rows anew.
            f"milestone-{row.id}-{row.position}",
            row.due,
            initiative_id=row.id,
            title=row.title,
            milestone=row.milestone,
            phase=row.phase,
        )


def _meetings(schedule: Schedule, person: Person, *, since: date) -> Iterator[Deadline]:
    for forum in FORUMS:
        if forum not in person.roles:
            continue
        for meeting in schedule.meetings.get(forum, ()):
            if meeting.day >= since:
                yield Deadline(
                    "meeting",
                    f"meeting-{forum}-{meeting.day:%Y%m%d}",
                    meeting.day,
                    start=meeting.start,
                    end=meeting.end,
                    forum=forum,
                )
            if meeting.agenda_deadline is not None and meeting.agenda_deadline >= since:
                yield Deadline(
                    "agenda_deadline",
                    f"agenda-{forum}-{meeting.day:%Y%m%d}",
                    meeting.agenda_deadline,
                    forum=forum,
                    meeting_day=meeting.day,
                )
