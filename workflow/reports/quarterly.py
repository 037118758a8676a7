"""The quarterly report for the chief group and the Economic Committee: per initiative its state
at the end of the quarter, its traffic light and latest status of the quarter, its expected and
realised gains of the year and what happened to it in the quarter; the quarter in figures, the
year's gains against the target, and what awaits each forum's decision at which meeting."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, case, func, not_, or_, select

from workflow.approvals.waiting import awaiting_each
from workflow.base.clock import Clock, local_date
from workflow.base.errors import UsageError
from workflow.base.vocabulary import FORUMS, LIGHTS, Label
from workflow.definitions.registry import Registry
from workflow.reports.cells import person
from workflow.reports.gains import CARD_COLUMNS, gains_chart, year_gains
from workflow.reports.model import Coded, Column, Report, Section
from workflow.reports.period import Period, figures_period, quarter_period
from workflow.reports.positions import changes, happened, position_at
from workflow.reports.targets import Targets
from workflow.schedule.meetings import Meeting, next_meeting
from workflow.storage.core_tables import EVENT, INITIATIVE, PERSON
from workflow.storage.gain_queries import expected_net, join_case, realised
from workflow.storage.schedule_tables import STATUS
from workflow.storage.state_queries import final_states, status_states

__all__ = ["quarterly_report"]

NO_STATUS = Label("ingen status", "no status")


def _columns(year: int) -> dict[str, tuple[Column, ...]]:
    return {
        "overview": (
            Column("initiatives", Label("tiltag", "initiatives"), "count"),
            Column("green", Label("grøn", "green"), "count"),
            Column("amber", Label("gul", "amber"), "count"),
            Column("red", Label("rød", "red"), "count"),
            Column("no_status", Label("mangler status", "status missing"), "count"),
            Column("proposed", Label("nye forslag", "new proposals"), "count"),
            Column("moves", Label("skridt", "moves"), "count"),
            Column("decisions", Label("beslutninger", "decisions"), "count"),
        ),
        "gains": CARD_COLUMNS,
        "initiatives": (
            Column("id", Label("id", "id"), "count", 6),
            Column("state", Label("tilstand", "state"), "coded", 20),
            Column("light", Label("lys", "light"), "coded", 7),
            Column("owner", Label("projektejer", "owner"), "coded", 18),
            Column("expected", Label(f"forventet {year}", f"expected {year}"), "money", 16),
            Column("realised", Label(f"realiseret {year}", f"realised {year}"), "money", 16),
            Column("status_date", Label("status pr.", "status of"), "date", 12),
            Column("title", Label("titel", "title"), "text"),
            Column("status", Label("status", "status"), "long"),
            Column("changes", Label("sket i kvartalet", "in the quarter"), "long"),
        ),
        "waiting": (
            Column("forum", Label("forum", "forum"), "coded", 20),
            Column("id", Label("id", "id"), "count", 6),
            Column("gate", Label("port", "gate"), "coded", 20),
            Column("owner", Label("projektejer", "owner"), "coded", 18),
            Column("since", Label("ved porten siden", "at the gate since"), "date", 18),
            Column("meeting", Label("møde", "meeting"), "date", 12),
            Column("title", Label("titel", "title"), "text"),
        ),
    }


def quarterly_report(
    conn: Connection,
    registry: Registry,
    targets: Targets,
    clock: Clock,
    year: int | None = None,
    quarter: int | None = None,
    through: date | None = None,
    *,
    meetings: Mapping[str, tuple[Meeting, ...]],
) -> Report:
    """The report of budget quarter `quarter` of `year` (default: the current quarter); with
    `through`, of the quarter of that day up to its end (a meeting's figures). `meetings` are
    the forums' (schedule.yaml): what awaits a forum goes to its next meeting.

    Raises:
        UsageError: the quarter has not begun, or a year is given without its quarter.
    """
    if year is not None and quarter is None:
        raise UsageError("--year needs --quarter: which quarter of the year?")
    now = clock.now()
    period = (
        figures_period(through, now) if through is not None else quarter_period(year, quarter, now)
    )
    assert period.quarter is not None and period.start is not None
    start = period.start
    columns = _columns(period.year)
    state, entered = position_at(period.as_of, now)
    given = STATUS.alias("given")
    latest = (
        select(func.max(given.c.id))
        .where(
            given.c.initiative_id == INITIATIVE.c.id,
            given.c.year == period.quarter.year,
            given.c.quarter == period.quarter.number,
        )
        .scalar_subquery()
    )
    owned = PERSON.alias("owner")
    base = (
        select(
            INITIATIVE.c.id,
            INITIATIVE.c.title,
            INITIATIVE.c.workflow,
            INITIATIVE.c.workflow_version,
            state.label("state"),
            owned.c.handle.label("owner"),
            owned.c.name.label("owner_name"),
            STATUS.c.light,
            STATUS.c.text,
            STATUS.c.given_on,
            expected_net(INITIATIVE.c.id, period.year).label("expected"),
            realised(INITIATIVE.c.id, period.year).label("realised"),
            status_states(registry, state).label("asked"),
        )
        .select_from(
            join_case(INITIATIVE, INITIATIVE.c.id)
            .outerjoin(owned, owned.c.id == INITIATIVE.c.owner_id)
            .outerjoin(STATUS, STATUS.c.id == latest)
        )
        .where(
            period.up_to(INITIATIVE.c.created_at),
            # Those that ended before the quarter began are history, not this quarter's.
            or_(not_(final_states(registry, state)), entered >= start),
        )
    )
    totals, _ = year_gains(conn, registry, targets, period, state=state, years=[period.year])
    gains = totals[0]

    def initiatives() -> Iterator[tuple[Any, ...]]:
        events = changes(conn, period)
        pending = next(events, None)
        query = base.order_by(INITIATIVE.c.id)
        for row in conn.execute(query.execution_options(stream_results=True, yield_per=1000)):
            while pending is not None and pending[0] < row.id:
                pending = next(events, None)
            definition = registry.get(row.workflow, row.workflow_version)
            light = None if row.light is None else Coded(row.light, LIGHTS[row.light])
            yield (
                row.id,
                Coded(row.state, definition.state(row.state).label),
                light,
                person(row.owner, row.owner_name),
                row.expected,
                row.realised,
                row.given_on,
                row.title,
                row.text or (NO_STATUS if row.asked else ""),
                happened(pending[1], definition)
                if pending is not None and pending[0] == row.id
                else "",
            )

    return Report(
        kind="quarterly",
        title=Label("Kvartalsrapport", "Quarterly report"),
        period=period.label,
        as_of=period.as_of,
        through=period.through,
        generated_at=now,
        sections=(
            Section(
                "overview",
                Label("Kvartalet i tal", "The quarter in figures"),
                columns["overview"],
                [_overview(conn, base, period)],
                card=True,
            ),
            Section(
                "gains",
                Label(f"Gevinster {period.year}", f"Gains {period.year}"),
                columns["gains"],
                [gains.card()],
                card=True,
            ),
            Section(
                "initiatives", Label("Tiltag", "Initiatives"), columns["initiatives"], initiatives()
            ),
            Section(
                "waiting",
                Label("Venter på beslutning", "Awaiting a decision"),
                columns["waiting"],
                _waiting(conn, registry, meetings, local_date(now)),
                note=Label(
                    f"pr. {local_date(now):%d.%m.%Y}", f"as of {local_date(now).isoformat()}"
                ),
            ),
        ),
        municipality=targets.municipality,
        charts=(gains_chart(totals, "gains"),),
        main="initiatives",
    )


def _overview(conn: Connection, base: Any, period: Period) -> tuple[Any, ...]:
    """The quarter in figures, each counted by the database."""
    listed = base.subquery()

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    initiatives, green, amber, red, missing = conn.execute(
        select(
            func.count(),
            count(listed.c.light == "green"),
            count(listed.c.light == "amber"),
            count(listed.c.light == "red"),
            count(and_(listed.c.asked, listed.c.light.is_(None))),
        ).select_from(listed)
    ).one()
    within = and_(EVENT.c.at >= period.start, period.up_to(EVENT.c.at))
    events: dict[str, int] = dict(
        conn.execute(
            select(EVENT.c.kind, func.count())
            .where(within, EVENT.c.kind.in_(("created", "transition", "decision")))
            .group_by(EVENT.c.kind)
        ).all()
    )
    return (
        initiatives,
        green,
        amber,
        red,
        missing,
        events.get("created", 0),
        events.get("transition", 0),
        events.get("decision", 0),
    )


def _waiting(
    conn: Connection,
    registry: Registry,
    meetings: Mapping[str, tuple[Meeting, ...]],
    today: date,
) -> Iterator[tuple[Any, ...]]:
    """What awaits each forum now, forum by forum in the order they decide, with the meeting
    it goes to (the forum's first whose agenda deadline has not passed, as `tiltag waiting`)."""
    goes_to = {forum: next_meeting(meetings.get(forum, ()), today) for forum in FORUMS}
    # The people are few beside the initiatives: their names read once.
    names = {handle: name for handle, name in conn.execute(select(PERSON.c.handle, PERSON.c.name))}
    for forum, initiative in awaiting_each(conn, registry):
        definition = registry.get(initiative.workflow, initiative.workflow_version)
        gate = initiative.state
        meeting = goes_to[forum]
        yield (
            Coded(forum, FORUMS[forum]),
            initiative.id,
            Coded(gate, definition.state(gate).label),
            person(initiative.owner, names.get(initiative.owner or "")),
            local_date(initiative.entered_state_at),
            None if meeting is None else meeting.day,
            initiative.title,
        )
