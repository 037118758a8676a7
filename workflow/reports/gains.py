"""Gains against the targets, per budget year and per area: the expected net gains of the
initiatives whose state counts them (`counts_gains`), the realised gains of every initiative, and
how far each is from the year's target. Summed by the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import Label
from workflow.definitions.registry import Registry
from workflow.reports.model import Chart, Column, Report, Section
from workflow.reports.period import Period, today_period
from workflow.reports.targets import Targets, YearTarget
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.gain_queries import expected_rows, realised_rows
from workflow.storage.state_queries import counting_states

__all__ = ["CARD_COLUMNS", "SERIES", "YearGains", "gains_chart", "gains_report", "year_gains"]

SERIES = (
    Label("mål", "target"),
    Label("forventet netto", "expected net"),
    Label("realiseret", "realised"),
)
NO_AREA = Label("uden område", "no area")
CENTRAL = Label("centralt", "central")

YEAR_COLUMNS = (
    Column("year", Label("år", "year"), "count", 6),
    Column("target", Label("mål", "target"), "money", 14),
    Column("expected", Label("forventet netto", "expected net"), "money", 14),
    Column("realised", Label("realiseret", "realised"), "money", 14),
    Column("expected_gap", Label("mangler til målet", "short of target"), "money", 14),
    Column("realised_gap", Label("realiseret mangler", "realised short"), "money", 14),
    Column("expected_share", Label("forventet af mål", "expected of target"), "percent", 16),
    Column("realised_share", Label("realiseret af mål", "realised of target"), "percent", 16),
)
AREA_COLUMNS = (*YEAR_COLUMNS[:5], Column("area", Label("område", "area"), "text"))
# One year on a card (the quarterly report): what was expected, against the target.
CARD_COLUMNS = tuple(c for c in YEAR_COLUMNS if not c.name.startswith("realised_"))


@dataclass(frozen=True)
class YearGains:
    """One budget year's figures, in whole DKK; `target` None where the year has none."""

    year: int
    target: int | None
    expected: int
    realised: int

    def card(self) -> tuple[Any, ...]:
        """The figures of CARD_COLUMNS."""
        return tuple(
            value
            for column, value in zip(YEAR_COLUMNS, self.row(), strict=True)
            if column in CARD_COLUMNS
        )

    def row(self) -> tuple[Any, ...]:
        """The figures of YEAR_COLUMNS."""
        return (
            self.year,
            self.target,
            self.expected,
            self.realised,
            _gap(self.target, self.expected),
            _gap(self.target, self.realised),
            _share(self.expected, self.target),
            _share(self.realised, self.target),
        )


def _gap(target: int | None, amount: int) -> int | None:
    return None if target is None else target - amount


def _share(amount: int, target: int | None) -> float | None:
    return None if not target else round(100 * amount / target, 1)


def _sums(
    conn: Connection,
    registry: Registry,
    state: Any,
    period: Period,
    years: Iterable[int] | None,
    scope: Sequence[ColumnElement[bool]],
) -> tuple[dict[tuple[str | None, int], int], dict[tuple[str | None, int], int]]:
    """Expected (where the state counts) and realised sums by (area, year), of the initiatives
    meeting `scope`."""
    found = []
    for rows, counted in ((expected_rows(), True), (realised_rows(), False)):
        where: list[ColumnElement[bool]] = [period.up_to(INITIATIVE.c.created_at), *scope]
        if counted:
            where.append(counting_states(registry, state))
        if years is not None:
            where.append(rows.c.year.in_(list(years)))
        query = (
            select(INITIATIVE.c.area, rows.c.year, func.sum(rows.c.amount))
            .select_from(rows.join(INITIATIVE, INITIATIVE.c.id == rows.c.initiative_id))
            .where(*where)
            .group_by(INITIATIVE.c.area, rows.c.year)
        )
        found.append({(area, year): int(total) for area, year, total in conn.execute(query)})
    return found[0], found[1]


def year_gains(
    conn: Connection,
    registry: Registry,
    targets: Targets,
    period: Period,
    *,
    state: Any = None,
    years: Iterable[int] | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> tuple[list[YearGains], list[tuple[Any, ...]]]:
    """Each year's gains against its target, and per area, counting the initiatives there were
    in `period` (of those meeting `where`); the years asked, or every year with a target or a
    gain. `state` is the state expression that counts (default: the current one)."""
    asked = None if years is None else sorted(set(years))
    expected, realised = _sums(conn, registry, state, period, asked, where)
    if asked is None:
        asked = sorted({y for _, y in expected} | {y for _, y in realised} | set(targets.years))
    totals, areas = [], []
    for year in asked:
        target = targets.of(year)
        totals.append(
            YearGains(
                year,
                None if target is None else target.total,
                sum(v for (_, y), v in expected.items() if y == year),
                sum(v for (_, y), v in realised.items() if y == year),
            )
        )
        areas += _area_rows(year, target, expected, realised)
    return totals, areas


def _area_rows(
    year: int,
    target: YearTarget | None,
    expected: dict[tuple[str | None, int], int],
    realised: dict[tuple[str | None, int], int],
) -> list[tuple[Any, ...]]:
    """The year's rows per area. Where the target names areas: each of them, with its own
    target, and the initiatives of every other area (or none) together as central, with the rest
    of the target. Else each area the initiatives name, without a target."""
    own = target.areas if target is not None else {}
    listed = {name.casefold(): name for name in own}

    def bucket(area: str | None) -> str | None:
        return listed.get((area or "").strip().casefold()) if own else area

    sums: dict[str | None, list[int]] = {name: [0, 0] for name in own}
    if own:
        sums[None] = [0, 0]
    for index, figures in enumerate((expected, realised)):
        for (area, y), amount in figures.items():
            if y == year:
                sums.setdefault(bucket(area), [0, 0])[index] += amount
    rows = []
    for name in sorted(sums, key=lambda n: (n is None, (n or "").casefold())):
        exp, real = sums[name]
        if own and target is not None:
            aim = own[name] if name is not None else target.central
            shown = name if name is not None else CENTRAL
        else:
            aim, shown = None, name if name is not None else NO_AREA
        rows.append((year, aim, exp, real, _gap(aim, exp), shown))
    return rows


def gains_chart(totals: list[YearGains], section: str) -> Chart:
    """Target, expected and realised gains per year, as in `section`'s columns."""
    return Chart(
        Label("Gevinster mod målet", "Gains against the target"),
        SERIES,
        tuple((str(t.year), (t.target, t.expected, t.realised)) for t in totals),
        source=(section, "year", ("target", "expected", "realised")),
    )


def gains_report(
    conn: Connection, registry: Registry, targets: Targets, clock: Clock, year: int | None
) -> Report:
    """The gains report: every year with a target or a gain, or the one year asked."""
    now = clock.now()
    totals, areas = year_gains(
        conn, registry, targets, today_period(now), years=None if year is None else [year]
    )
    title = Label("Gevinster mod målet", "Gains against the target")
    return Report(
        kind="gains",
        title=title,
        period=Label(str(year), str(year)) if year else None,
        as_of=now,
        through=local_date(now),
        generated_at=now,
        sections=(
            Section("years", Label("Pr. år", "Per year"), YEAR_COLUMNS, [t.row() for t in totals]),
            Section("areas", Label("Pr. område", "Per area"), AREA_COLUMNS, areas),
        ),
        municipality=targets.municipality,
        charts=(gains_chart(totals, "years"),),
        main="years",
    )
