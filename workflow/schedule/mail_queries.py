"""Whom a day's mail concerns, as queries: initiatives still without the quarter's status or
their benefits follow-up's answer, decisions recorded in a window, open milestones due around a
day, the people a plan names to tell; each row with its recipient
(`recipients.recipient_columns`), never a deactivated one."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import CompoundSelect, Select, exists, func, literal, not_, select, union_all

from workflow.base.calendar import Quarter
from workflow.definitions.registry import Registry
from workflow.schedule.recipients import active, recipient_columns
from workflow.storage.core_tables import INITIATIVE, PERSON, PERSON_ROLE
from workflow.storage.record_tables import DECISION, ECONOMICS, MILESTONE, RECORD
from workflow.storage.schedule_tables import BENEFITS, STATUS
from workflow.storage.state_queries import benefits_states, final_states, status_states

__all__ = [
    "decided_between",
    "milestones_due_between",
    "missing_benefits",
    "missing_status",
    "named_people",
    "people_by_handle",
]


def missing_status(registry: Registry, quarter: Quarter, *, reachable: bool = False) -> Select[Any]:
    """Initiatives asked a status, with an owner (the recipient), and none given for `quarter`;
    each with whether its owner is deactivated (`owner_deactivated`). With `reachable`, only
    those whose owner can be mailed (is not deactivated)."""
    owner = PERSON.alias("owner")
    query = (
        select(
            INITIATIVE,
            *recipient_columns(owner),
            owner.c.deactivated_at.is_not(None).label("owner_deactivated"),
        )
        .join(owner, owner.c.id == INITIATIVE.c.owner_id)
        .where(
            status_states(registry),
            ~exists().where(
                STATUS.c.initiative_id == INITIATIVE.c.id,
                STATUS.c.year == quarter.year,
                STATUS.c.quarter == quarter.number,
            ),
        )
        .order_by(INITIATIVE.c.id)
    )
    return query.where(active(owner)) if reachable else query


def missing_benefits(registry: Registry, quarter: Quarter, *, every_quarter: bool) -> Select[Any]:
    """Initiatives in benefits follow-up whose business case expects gains in the quarter's year
    or later, and no answer for it (for the year; for the quarter itself when asked every
    quarter); each with its business case (`case`), its owner's name (`owner_name`) and
    handle (`owner_handle`, None where it has none)."""
    owner = PERSON.alias("owner")
    case = RECORD.alias("case")
    answered = exists().where(
        BENEFITS.c.initiative_id == INITIATIVE.c.id, BENEFITS.c.year == quarter.year
    )
    if every_quarter:
        answered = answered.where(BENEFITS.c.quarter == quarter.number)
    return (
        select(
            INITIATIVE.c.id,
            INITIATIVE.c.title,
            INITIATIVE.c.workflow,
            INITIATIVE.c.workflow_version,
            INITIATIVE.c.state,
            ECONOMICS.c.last_gain_year,
            case.c.data.label("case"),
            owner.c.name.label("owner_name"),
            owner.c.handle.label("owner_handle"),
        )
        .join(ECONOMICS, ECONOMICS.c.initiative_id == INITIATIVE.c.id)
        .join(case, (case.c.initiative_id == INITIATIVE.c.id) & (case.c.kind == "business_case"))
        .outerjoin(owner, owner.c.id == INITIATIVE.c.owner_id)
        .where(
            benefits_states(registry),
            ECONOMICS.c.last_gain_year >= quarter.year,
            ~answered,
        )
        .order_by(INITIATIVE.c.id)
    )


def people_by_handle(handles: Collection[str]) -> Select[Any]:
    """The people of `handles` (the recipients), each with whether they are deactivated."""
    return select(*recipient_columns(PERSON), PERSON.c.deactivated_at).where(
        PERSON.c.handle.in_(list(handles))
    )


def decided_between(since: datetime, until: datetime) -> Select[Any]:
    """Each decision recorded from `since` until before `until`, once for the initiative's
    proposer and once for its owner (the recipients), where they are not deactivated."""
    person = PERSON.alias("person")
    return (
        select(
            DECISION.c.id.label("decision_id"),
            DECISION.c.forum,
            DECISION.c.outcome,
            DECISION.c.meeting_date,
            DECISION.c.justification,
            DECISION.c.redo,
            INITIATIVE.c.id,
            INITIATIVE.c.title,
            *recipient_columns(person),
        )
        .join(INITIATIVE, INITIATIVE.c.id == DECISION.c.initiative_id)
        .join(
            person,
            (person.c.id == INITIATIVE.c.proposer_id) | (person.c.id == INITIATIVE.c.owner_id),
        )
        .where(DECISION.c.recorded_at >= since, DECISION.c.recorded_at < until, active(person))
        .order_by(DECISION.c.id, person.c.id)
    )


def milestones_due_between(registry: Registry, earliest: date, latest: date) -> Select[Any]:
    """Open milestones (neither done nor re-planned) of initiatives that have not ended, due
    within the days given, with the milestone's owner, else the initiative's (the recipient): a
    milestone owner who is deactivated counts as none, and a deactivated initiative owner gets
    no mail (the digest lists the initiative)."""
    person = PERSON.alias("person")
    # The milestone's owner, if it has one who can still be mailed.
    assigned = PERSON.alias("assigned")
    return (
        select(
            MILESTONE.c.position,
            MILESTONE.c.title.label("milestone_title"),
            MILESTONE.c.due,
            INITIATIVE.c.id,
            INITIATIVE.c.title,
            *recipient_columns(person),
        )
        .join(INITIATIVE, INITIATIVE.c.id == MILESTONE.c.initiative_id)
        .outerjoin(assigned, (assigned.c.id == MILESTONE.c.owner_id) & active(assigned))
        .join(person, person.c.id == func.coalesce(assigned.c.id, INITIATIVE.c.owner_id))
        .where(
            active(person),
            MILESTONE.c.due >= earliest,
            MILESTONE.c.due <= latest,
            MILESTONE.c.done_on.is_(None),
            MILESTONE.c.replanned.is_(None),
            not_(final_states(registry)),
        )
        .order_by(MILESTONE.c.due, INITIATIVE.c.id, MILESTONE.c.position)
    )


def named_people(names: Collection[str]) -> CompoundSelect[Any]:
    """The people `names` name (the recipients), each row with the name that found them and
    how (`handle`, or `role`: everyone who holds the role of that name) and whether they are
    deactivated (a name that finds only them is not unknown, but nobody is told)."""

    def found(how: str, name: Any) -> Select[Any]:
        return select(
            *recipient_columns(PERSON),
            PERSON.c.deactivated_at,
            name.label("named"),
            literal(how).label("how"),
        )

    return union_all(
        found("handle", PERSON.c.handle).where(PERSON.c.handle.in_(names)),
        found("role", PERSON_ROLE.c.role)
        .join(PERSON_ROLE, PERSON_ROLE.c.person_id == PERSON.c.id)
        .where(PERSON_ROLE.c.role.in_(names)),
    ).order_by("person_id")
