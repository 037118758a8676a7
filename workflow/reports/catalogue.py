"""The action catalogue (*handlekataloget*, seed 003: "som forelægges økonomiudvalget"): one row
per initiative in the catalogue with its category, area, owner by name and state, and per budget
year its expected, budget-adjusted and realised gains; the totals per area; and each year against
the target, as the gains report counts it.

In the catalogue: every initiative that has left its lifecycle's first state (the chief group
selected it), unless it ended without gains (a final state that does not count them: rejected,
withdrawn, discarded). The rows stream: the gains are read in initiative order beside the
initiatives, so memory stays flat however large the portfolio.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, not_, or_, select

from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import Label
from workflow.definitions.registry import Registry
from workflow.reports.cells import person
from workflow.reports.gains import YEAR_COLUMNS, year_gains
from workflow.reports.model import Coded, Column, Report, Section
from workflow.reports.period import today_period
from workflow.reports.portfolio import category_of
from workflow.reports.targets import Targets
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.gain_queries import expected_rows, realised_rows
from workflow.storage.record_tables import BUDGET_ADJUSTMENT
from workflow.storage.state_queries import in_states

__all__ = ["catalogue_report"]

FIGURES = (
    ("expected", Label("forventet", "expected")),
    ("adjusted", Label("tilpasset", "adjusted")),
    ("realised", Label("realiseret", "realised")),
)
FIXED = (
    Column("id", Label("id", "id"), "count", 6),
    Column("title", Label("titel", "title"), "text", 30),
    Column("category", Label("kategori", "category"), "coded", 16),
    Column("area", Label("område", "area"), "text", 12),
    Column("owner", Label("projektejer", "owner"), "coded", 16),
    Column("state", Label("tilstand", "state"), "coded", 18),
)
NO_AREA = Label("uden område", "no area")


def _in_catalogue(registry: Registry) -> ColumnElement[bool]:
    """Past its lifecycle's first state, and not ended without gains."""
    return and_(
        not_(in_states(registry, lambda s: s.initial)),
        or_(
            not_(in_states(registry, lambda s: s.final)),
            in_states(registry, lambda s: s.counts_gains),
        ),
    )


def _adjusted_rows() -> Any:
    """Each initiative's latest confirmed budget adjustment of each year."""
    held = BUDGET_ADJUSTMENT
    latest = select(func.max(held.c.id)).group_by(held.c.initiative_id, held.c.budget_year)
    return (
        select(held.c.initiative_id, held.c.budget_year.label("year"), held.c.amount)
        .where(held.c.id.in_(latest))
        .subquery("adjusted")
    )


def _streams(conn: Connection, chosen: ColumnElement[bool]) -> list[Iterator[Any]]:
    """Per figure, its (initiative_id, year, amount) rows of the catalogue, by initiative."""
    found = []
    for rows in (expected_rows(), _adjusted_rows(), realised_rows()):
        query = (
            select(rows.c.initiative_id, rows.c.year, rows.c.amount)
            .join(INITIATIVE, INITIATIVE.c.id == rows.c.initiative_id)
            .where(chosen)
            .order_by(rows.c.initiative_id)
        )
        found.append(iter(conn.execution_options(yield_per=2000).execute(query)))
    return found


class _Merged:
    """The figures of each initiative in turn, read from streams sorted by initiative."""

    def __init__(self, streams: list[Iterator[Any]]) -> None:
        self.streams = streams
        self.heads: list[Any] = [next(s, None) for s in streams]

    def of(self, initiative_id: int) -> list[dict[int, int]]:
        figures: list[dict[int, int]] = []
        for n, stream in enumerate(self.streams):
            mine: dict[int, int] = {}
            while self.heads[n] is not None and self.heads[n][0] <= initiative_id:
                head = self.heads[n]
                if head[0] == initiative_id:
                    mine[head[1]] = mine.get(head[1], 0) + int(head[2])
                self.heads[n] = next(stream, None)
            figures.append(mine)
        return figures


def catalogue_report(
    conn: Connection, registry: Registry, targets: Targets, clock: Clock
) -> Report:
    """The action catalogue as it stands now."""
    now = clock.now()
    chosen = _in_catalogue(registry)
    years = _years(conn, chosen, targets)
    columns = FIXED + tuple(
        Column(f"{name}_{year}", Label(f"{label.da} {year}", f"{label.en} {year}"), "money", 12)
        for year in years
        for name, label in FIGURES
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        newest = {d.name: d for d in registry.all()}
        merged = _Merged(_streams(conn, chosen))
        query = (
            select(
                INITIATIVE.c.id, INITIATIVE.c.title, INITIATIVE.c.category, INITIATIVE.c.area,
                INITIATIVE.c.workflow, INITIATIVE.c.workflow_version, INITIATIVE.c.state,
                PERSON.c.handle, PERSON.c.name,
            )
            .outerjoin(PERSON, PERSON.c.id == INITIATIVE.c.owner_id)
            .where(chosen)
            .order_by(INITIATIVE.c.id)
        )  # fmt: skip
        for row in conn.execution_options(yield_per=2000).execute(query):
            definition = registry.get(row.workflow, row.workflow_version)
            figures = merged.of(row.id)
            yield (
                row.id,
                row.title,
                category_of(newest, row.category),
                row.area or "",
                person(row.handle, row.name),
                Coded(row.state, definition.state(row.state).label),
                *(f.get(year) for year in years for f in figures),
            )

    area_columns = (Column("area", Label("område", "area"), "text", 16), *columns[len(FIXED) :])
    period = today_period(now)
    target_rows, _ = year_gains(conn, registry, targets, period, years=years)
    return Report(
        kind="catalogue",
        title=Label("Handlekatalog", "Action catalogue"),
        period=None,
        as_of=now,
        through=local_date(now),
        generated_at=now,
        sections=(
            Section("initiatives", Label("Tiltagene", "The initiatives"), columns, rows()),
            Section(
                "areas",
                Label("Pr. område", "Per area"),
                area_columns,
                _area_rows(conn, chosen, years),
                note=Label(
                    "Summen af tiltagenes gevinster i kroner pr. område og år.",
                    "The sum of the initiatives' gains in kroner per area and year.",
                ),
            ),
            Section(
                "targets",
                Label("Mod målet", "Against the target"),
                YEAR_COLUMNS,
                [t.row() for t in target_rows],
            ),
        ),
        municipality=targets.municipality,
        main="initiatives",
    )


def _area_rows(
    conn: Connection, chosen: ColumnElement[bool], years: list[int]
) -> list[tuple[Any, ...]]:
    """Per area of the catalogue's initiatives, its figures summed per year (by the database)."""
    sums: dict[str, dict[tuple[int, int], int]] = {}
    for n, rows in enumerate((expected_rows(), _adjusted_rows(), realised_rows())):
        query = (
            select(INITIATIVE.c.area, rows.c.year, func.sum(rows.c.amount))
            .join(INITIATIVE, INITIATIVE.c.id == rows.c.initiative_id)
            .where(chosen)
            .group_by(INITIATIVE.c.area, rows.c.year)
        )
        for area, year, total in conn.execute(query):
            sums.setdefault(area or "", {})[(year, n)] = int(total)
    return [
        (
            name or NO_AREA,
            *(sums[name].get((year, n)) for year in years for n in range(len(FIGURES))),
        )
        for name in sorted(sums, key=str.casefold)
    ]


def _years(conn: Connection, chosen: ColumnElement[bool], targets: Targets) -> list[int]:
    """Every budget year the catalogue's initiatives have a figure in, or a target names."""
    found: set[int] = set(targets.years)
    for rows in (expected_rows(), _adjusted_rows(), realised_rows()):
        query = (
            select(rows.c.year)
            .distinct()
            .join(INITIATIVE, INITIATIVE.c.id == rows.c.initiative_id)
            .where(chosen)
        )
        found |= set(conn.execute(query).scalars())
    return sorted(found)
