"""The task force's overview of the portfolio, for one scope (area, category, state, owner): each
lifecycle's pipeline, the first stalled cases with why and what each lacks, the quarter's status
lights and who has not given one, the gains against the targets. Counted by the database; the
lists are cut at a limit (the reports hold them whole)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, func, select

from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import Label
from workflow.definitions.model import Definition, State
from workflow.definitions.registry import Registry
from workflow.reports.gains import YearGains, gains_chart, year_gains
from workflow.reports.model import Chart
from workflow.reports.period import today_period
from workflow.reports.service import snapshot
from workflow.reports.stalled_cases import lacking
from workflow.reports.targets import Targets
from workflow.schedule.config import Schedule
from workflow.schedule.mail_queries import missing_status
from workflow.schedule.stalled import Stalled, find_stalled
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.schedule_tables import STATUS

__all__ = ["Choices", "Lacking", "Overview", "Scope", "scope_choices", "task_force_overview"]

# How many stalled cases and missing statuses the overview lists.
LIMIT = 25
# Owners offered as a list to choose from; with more, the owner is typed (a handle).
OWNERS_LISTED = 200


@dataclass(frozen=True)
class Scope:
    """Which initiatives the overview counts; None counts all. `owner` is a handle."""

    area: str | None = None
    category: str | None = None
    state: str | None = None
    owner: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        """The scope as conditions on the initiative."""
        found: list[ColumnElement[bool]] = []
        if self.area is not None:
            found.append(INITIATIVE.c.area == self.area)
        if self.category is not None:
            found.append(INITIATIVE.c.category == self.category)
        if self.state is not None:
            found.append(INITIATIVE.c.state == self.state)
        if self.owner is not None:
            owner = select(PERSON.c.id).where(PERSON.c.handle == self.owner).scalar_subquery()
            found.append(INITIATIVE.c.owner_id == owner)
        return found


@dataclass(frozen=True)
class Lacking:
    """A stalled case and what it lacks for its step forward (the outcomes' words)."""

    stalled: Stalled
    state: State
    steps: tuple[str, ...]
    missing: tuple[Label, ...]


@dataclass(frozen=True)
class Pipeline:
    """One lifecycle's main line, and how many of the scope stand at each stage now."""

    definition: Definition
    stages: tuple[tuple[State, int], ...]


@dataclass(frozen=True)
class Missing:
    """An initiative that has not given the quarter's status yet, and its owner."""

    id: int
    title: str
    owner_name: str


@dataclass(frozen=True)
class Overview:
    scope: Scope
    pipelines: tuple[Pipeline, ...]
    stalled: tuple[Lacking, ...]
    more_stalled: bool
    quarter: Quarter
    lights: dict[str, int]
    missing: tuple[Missing, ...]
    missing_count: int
    gains: tuple[YearGains, ...]
    chart: Chart | None
    choices: Choices


@dataclass(frozen=True)
class Choices:
    """What the scope can be chosen from: the areas named, the categories and states of the
    definitions, the people owning an initiative (handle, name; none when there are more than
    OWNERS_LISTED: the owner is then typed)."""

    areas: tuple[str, ...]
    categories: tuple[tuple[str, Label], ...]
    states: tuple[tuple[str, Label], ...]
    owners: tuple[tuple[str, str], ...]


def task_force_overview(
    engine: Engine,
    registry: Registry,
    schedule: Schedule,
    targets: Targets,
    clock: Clock,
    scope: Scope,
    limit: int = LIMIT,
) -> Overview:
    """The overview of `scope` today, read in one snapshot of the database."""
    with snapshot(engine) as conn:
        return _overview(conn, registry, schedule, targets, clock, scope, limit)


def _overview(
    conn: Connection,
    registry: Registry,
    schedule: Schedule,
    targets: Targets,
    clock: Clock,
    scope: Scope,
    limit: int,
) -> Overview:
    now = clock.now()
    day = local_date(now)
    where = scope.where()
    stalled = list(find_stalled(conn, registry, day, schedule.no_status_quarters, where, limit + 1))
    quarter = quarter_of(day)
    missing = missing_status(registry, quarter).where(*where).subquery()
    missing_count = conn.execute(select(func.count()).select_from(missing)).scalar_one()
    gains, _ = year_gains(conn, registry, targets, today_period(now), where=where)
    return Overview(
        scope=scope,
        pipelines=_pipelines(conn, registry, where),
        stalled=tuple(_lacking(conn, registry, s) for s in stalled[:limit]),
        more_stalled=len(stalled) > limit,
        quarter=quarter,
        lights=_lights(conn, quarter, where),
        missing=tuple(
            Missing(r.id, r.title, r.name)
            for r in conn.execute(select(missing).order_by(missing.c.id).limit(limit))
        ),
        missing_count=missing_count,
        gains=tuple(gains),
        chart=gains_chart(gains, "years") if gains else None,
        choices=_choices(conn, registry),
    )


def scope_choices(engine: Engine, registry: Registry) -> Choices:
    """The values the scope's fields can take (for a list of initiatives filtered the same way)."""
    with engine.connect() as conn:
        return _choices(conn, registry)


def _choices(conn: Connection, registry: Registry) -> Choices:
    """The values the scope's fields can take."""
    newest = [registry.latest(d.name) for d in registry.all()]
    areas = conn.execute(
        select(INITIATIVE.c.area).where(INITIATIVE.c.area.is_not(None)).distinct()
    ).scalars()
    owners = conn.execute(
        select(PERSON.c.handle, PERSON.c.name)
        .where(PERSON.c.id.in_(select(INITIATIVE.c.owner_id).distinct()))
        .order_by(PERSON.c.name)
        .limit(OWNERS_LISTED + 1)
    ).all()
    categories = {c.code: c.label for d in newest for c in d.categories}
    states = {s.name: s.label for d in newest for s in d.states}
    return Choices(
        areas=tuple(sorted(areas, key=str.casefold)),
        categories=tuple(categories.items()),
        states=tuple(states.items()),
        owners=tuple((h, n) for h, n in owners) if len(owners) <= OWNERS_LISTED else (),
    )


def _pipelines(
    conn: Connection, registry: Registry, where: list[ColumnElement[bool]]
) -> tuple[Pipeline, ...]:
    counts = {
        (w, s): n
        for w, s, n in conn.execute(
            select(INITIATIVE.c.workflow, INITIATIVE.c.state, func.count())
            .where(*where)
            .group_by(INITIATIVE.c.workflow, INITIATIVE.c.state)
        )
    }
    found = []
    for d in registry.all():
        newest = registry.latest(d.name)
        if newest is not d:
            continue
        stages = tuple((s, counts.get((d.name, s.name), 0)) for s in d.pipeline())
        if any(n for _, n in stages):
            found.append(Pipeline(d, stages))
    return tuple(found)


def _lights(conn: Connection, quarter: Quarter, where: list[ColumnElement[bool]]) -> dict[str, int]:
    """How many initiatives of the scope gave each light for `quarter` (their latest status)."""
    latest = (
        select(func.max(STATUS.c.id))
        .join(INITIATIVE, INITIATIVE.c.id == STATUS.c.initiative_id)
        .where(STATUS.c.year == quarter.year, STATUS.c.quarter == quarter.number, *where)
        .group_by(STATUS.c.initiative_id)
    )
    query = select(STATUS.c.light, func.count()).where(STATUS.c.id.in_(latest))
    return dict(conn.execute(query.group_by(STATUS.c.light)).tuples().all())


def _lacking(conn: Connection, registry: Registry, stalled: Stalled) -> Lacking:
    row: Any = stalled.initiative
    definition = registry.get(row["workflow"], row["workflow_version"])
    steps, missing = lacking(conn, definition, row)
    return Lacking(
        stalled,
        definition.state(stalled.state),
        tuple(t.trigger for t in steps),
        tuple(o.words for o in missing),
    )
