"""The portfolio at a glance: how many initiatives stand in each state, category and area, and the
pipeline of each lifecycle from the inspiration list to realised. Counted by the database."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, not_, select

from workflow.base.clock import Clock
from workflow.base.vocabulary import Label
from workflow.definitions.model import Definition
from workflow.definitions.registry import Registry
from workflow.reports.model import Chart, Coded, Column, Report, Section
from workflow.reports.period import Period, quarter_period, today_period, year_period
from workflow.reports.positions import position_at
from workflow.storage.core_tables import EVENT, INITIATIVE
from workflow.storage.gain_queries import expected_rows
from workflow.storage.state_queries import final_states

__all__ = ["category_of", "portfolio_report"]

NONE = Label("ingen", "none")


def _columns(year: int) -> dict[str, tuple[Column, ...]]:
    return {
        "pipeline": (
            Column("workflow", Label("livsforløb", "workflow"), "coded", 23),
            Column("stage", Label("trin", "stage"), "coded", 20),
            Column("now", Label("står her nu", "here now"), "count", 10),
            Column("reached", Label("nået hertil", "reached"), "count", 10),
            Column(
                "expected", Label(f"forventet {year} her", f"expected {year} here"), "money", 14
            ),
        ),
        "states": (
            Column("workflow", Label("livsforløb", "workflow"), "coded", 23),
            Column("state", Label("tilstand", "state"), "coded", 20),
            Column("count", Label("antal", "count"), "count", 8),
        ),
        "categories": (
            Column("category", Label("kategori", "category"), "coded", 22),
            Column("active", Label("i gang", "active"), "count", 8),
            Column("all", Label("i alt", "all"), "count", 8),
        ),
        "areas": (
            Column("active", Label("i gang", "active"), "count", 8),
            Column("all", Label("i alt", "all"), "count", 8),
            Column("area", Label("område", "area"), "text"),
        ),
    }


def portfolio_report(
    conn: Connection,
    registry: Registry,
    clock: Clock,
    year: int | None = None,
    quarter: int | None = None,
) -> Report:
    """The portfolio now, or at the end of a budget year or quarter.

    Raises:
        UsageError: the period has not begun.
    """
    now = clock.now()
    period = _period(year, quarter, now)
    columns = _columns(period.year)
    state, _ = position_at(period.as_of, now)
    existing = period.up_to(INITIATIVE.c.created_at)
    in_state: dict[tuple[str, str], int] = {
        (w, s): n
        for w, s, n in conn.execute(
            select(INITIATIVE.c.workflow, state, func.count())
            .where(existing)
            .group_by(INITIATIVE.c.workflow, state)
        )
    }
    newest = {d.name: registry.latest(d.name) for d in registry.all()}
    pipeline, charts = _pipeline(conn, newest, in_state, state, period)
    ended = final_states(registry, state)

    def counted(column: Any) -> list[tuple[Any, int, int]]:
        query = (
            select(
                column,
                func.count().filter(not_(ended)),
                func.count(),
            )
            .where(existing)
            .group_by(column)
        )
        return [tuple(r) for r in conn.execute(query)]

    categories = [
        (category_of(newest, code), active, every)
        for code, active, every in sorted(
            counted(INITIATIVE.c.category), key=lambda r: (r[0] is None, r[0] or "")
        )
    ]
    areas = [
        (active, every, area if area is not None else NONE)
        for area, active, every in sorted(
            counted(INITIATIVE.c.area), key=lambda r: (r[0] is None, (r[0] or "").casefold())
        )
    ]
    states = [
        (Coded(name, d.label), Coded(s.name, s.label), in_state.get((name, s.name), 0))
        for name, d in newest.items()
        for s in d.states
    ]
    return Report(
        kind="portfolio",
        title=Label("Porteføljen", "The portfolio"),
        period=period.label if period.start is not None else None,
        as_of=period.as_of,
        through=period.through,
        generated_at=now,
        sections=(
            Section("pipeline", Label("Pipeline", "Pipeline"), columns["pipeline"], pipeline),
            Section("states", Label("Pr. tilstand", "Per state"), columns["states"], states),
            Section(
                "categories",
                Label("Pr. kategori", "Per category"),
                columns["categories"],
                categories,
            ),  # fmt: skip
            Section("areas", Label("Pr. område", "Per area"), columns["areas"], areas),
        ),
        charts=charts,
        main="states",
    )


def _period(year: int | None, quarter: int | None, now: Any) -> Period:
    if quarter is not None:
        return quarter_period(year, quarter, now)
    if year is not None:
        return year_period(year, now)
    return today_period(now)


def category_of(newest: dict[str, Definition], code: str | None) -> Coded:
    """A category code as its label in the newest definition that has it (the code if none)."""
    if code is None:
        return Coded("", NONE)
    for definition in newest.values():
        category = definition.category(code)
        if category is not None:
            return Coded(code, category.label)
    return Coded(code, Label(code, code))


def _pipeline(
    conn: Connection,
    newest: dict[str, Definition],
    in_state: dict[tuple[str, str], int],
    state: Any,
    period: Period,
) -> tuple[list[tuple[Any, ...]], tuple[Chart, ...]]:
    """Per lifecycle, each stage of its main line: how many stand there, how many ever reached
    it, and the expected net gains of the year of those standing there."""
    reached: dict[tuple[str, str], int] = {
        (w, s): n
        for w, s, n in conn.execute(
            select(
                INITIATIVE.c.workflow,
                EVENT.c.to_state,
                func.count(EVENT.c.initiative_id.distinct()),
            )
            .join(INITIATIVE, INITIATIVE.c.id == EVENT.c.initiative_id)
            .where(EVENT.c.kind.in_(("created", "transition")), period.up_to(EVENT.c.at))
            .group_by(INITIATIVE.c.workflow, EVENT.c.to_state)
        )
    }
    gains = expected_rows()
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for w, s, amount in conn.execute(
        select(INITIATIVE.c.workflow, state, func.sum(gains.c.amount))
        .select_from(gains.join(INITIATIVE, INITIATIVE.c.id == gains.c.initiative_id))
        .where(gains.c.year == period.year, period.up_to(INITIATIVE.c.created_at))
        .group_by(INITIATIVE.c.workflow, state)
    ):
        expected[(w, s)] = int(amount)
    rows, charts = [], []
    for name, definition in newest.items():
        has_gains = "business_case" in definition.record_kinds()
        line = definition.pipeline()
        figures = [(in_state.get((name, s.name), 0), reached.get((name, s.name), 0)) for s in line]
        if not any(r for _, r in figures):
            continue
        for s, (now, ever) in zip(line, figures, strict=True):
            money = expected.get((name, s.name), 0) if has_gains else None
            rows.append((Coded(name, definition.label), Coded(s.name, s.label), now, ever, money))
        charts.append(
            Chart(
                Label(f"Pipeline: {definition.label.da}", f"Pipeline: {definition.label.en}"),
                (Label("står her nu", "here now"), Label("nået hertil", "reached")),
                tuple((s.label, f) for s, f in zip(line, figures, strict=True)),
                kind="count",
            )
        )
    return rows, tuple(charts)
