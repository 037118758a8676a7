"""Gains against the targets, per budget year and per area: the expected net gains of the
initiatives whose state counts them (`counts_gains`), the realised gains of every initiative, and
how far each is from the year's target; kroner taken back centrally against the central target,
kroner kept in an area against the area's own. Summed by the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Float, cast, func, select

from workflow.base.clock import Clock, local_date
from workflow.base.vocabulary import Label
from workflow.definitions.registry import Registry
from workflow.reports.model import Chart, Column, Report, Section
from workflow.reports.period import Period, today_period
from workflow.reports.targets import Targets, YearTarget
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.gain_queries import expected_rows, realised_rows
from workflow.storage.record_tables import BUDGET_ADJUSTMENT, GAIN
from workflow.storage.state_queries import counting_states

__all__ = ["CARD_COLUMNS", "SERIES", "YearGains", "gains_chart", "gains_report", "year_gains"]

SERIES = (
    Label("mål", "target"),
    Label("forventet netto", "expected net"),
    Label("realiseret", "realised"),
)
NO_AREA = Label("uden område", "no area")
CENTRAL = Label("centralt", "central")
KEPT = Label("i området", "kept in the area")

YEAR_COLUMNS = (
    Column("year", Label("år", "year"), "count", 6),
    Column("target", Label("mål", "target"), "money", 14),
    Column("expected", Label("forventet netto", "expected net"), "money", 14),
    Column("adjusted", Label("budgettilpasset", "budget adjusted"), "money", 14),
    Column("realised", Label("realiseret", "realised"), "money", 14),
    Column("expected_gap", Label("mangler til målet", "short of target"), "money", 14),
    Column("realised_gap", Label("realiseret mangler", "realised short"), "money", 14),
    Column("expected_share", Label("forventet af mål", "expected of target"), "percent", 16),
    Column("realised_share", Label("realiseret af mål", "realised of target"), "percent", 16),
)
AREA_COLUMNS = (
    *(c for c in YEAR_COLUMNS if c.name in ("year", "target", "expected", "realised")),
    YEAR_COLUMNS[5],
    Column("area", Label("område", "area"), "text"),
)
# One year on a card (the quarterly report): what was expected, against the target.
CARD_COLUMNS = tuple(
    c for c in YEAR_COLUMNS if not c.name.startswith("realised_") and c.name != "adjusted"
)


@dataclass(frozen=True)
class YearGains:
    """One budget year's figures, in whole DKK; `target` None where the year has none;
    `adjusted`: the budget adjustments the finance team confirmed for the year."""

    year: int
    target: int | None
    expected: int
    realised: int
    adjusted: int = 0

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
            self.adjusted,
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


# A sum's key: (the initiatives' area, budget year, central or area).
Sums = dict[tuple[str | None, int, str], int]


def _split(rows: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The part of each row's amount taken back centrally, and the part kept in the area.

    An expected row says its central part; a realised row is split as the same initiative's
    expected net gain of that year is (all central where none is expected, or none net)."""
    if "central" in rows.c:
        central = func.coalesce(rows.c.central, rows.c.amount)
        return central, rows.c.amount - central
    hoped = GAIN.alias("hoped")
    share = (
        select(cast(hoped.c.central, Float) / hoped.c.amount)
        .where(
            hoped.c.initiative_id == rows.c.initiative_id,
            hoped.c.kind == "expected",
            hoped.c.year == rows.c.year,
            hoped.c.amount > 0,
            hoped.c.central.is_not(None),
        )
        .scalar_subquery()
    )
    central = func.coalesce(rows.c.amount * share, rows.c.amount)
    return central, rows.c.amount - central


def _sums(
    conn: Connection,
    registry: Registry,
    state: Any,
    period: Period,
    years: Iterable[int] | None,
    scope: Sequence[ColumnElement[bool]],
) -> tuple[Sums, Sums]:
    """Expected (where the state counts) and realised sums by area, year and destination, of the
    initiatives meeting `scope`."""
    found = []
    for rows, counted in ((expected_rows(), True), (realised_rows(), False)):
        where: list[ColumnElement[bool]] = [period.up_to(INITIATIVE.c.created_at), *scope]
        if counted:
            where.append(counting_states(registry, state))
        if years is not None:
            where.append(rows.c.year.in_(list(years)))
        central, kept = _split(rows)
        query = (
            select(INITIATIVE.c.area, rows.c.year, func.sum(central), func.sum(kept))
            .select_from(rows.join(INITIATIVE, INITIATIVE.c.id == rows.c.initiative_id))
            .where(*where)
            .group_by(INITIATIVE.c.area, rows.c.year)
        )
        sums: Sums = {}
        for area, year, to_centre, in_area in conn.execute(query):
            sums[(area, year, "central")] = round(to_centre)
            if in_area:
                sums[(area, year, "area")] = round(in_area)
        found.append(sums)
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
    gain. `state` is the state expression that counts (default: the current one).

    Kroner taken back centrally count toward the year's target; kroner kept in an area count
    toward that area's own target, and toward none where the year gives the area none."""
    asked = None if years is None else sorted(set(years))
    expected, realised = _sums(conn, registry, state, period, asked, where)
    adjusted = _adjusted(conn, period, asked, where)
    if asked is None:
        asked = sorted({k[1] for k in expected} | {k[1] for k in realised} | set(targets.years))
    totals, areas = [], []
    for year in asked:
        target = targets.of(year)
        rows = _area_rows(year, target, expected, realised)
        counted = [row for row, counts in rows if counts]
        totals.append(
            YearGains(
                year,
                None if target is None else target.total,
                sum(row[2] for row in counted),
                sum(row[3] for row in counted),
                adjusted.get(year, 0),
            )
        )
        areas += [row for row, _ in rows]
    return totals, areas


def _adjusted(
    conn: Connection,
    period: Period,
    years: Iterable[int] | None,
    scope: Sequence[ColumnElement[bool]],
) -> dict[int, int]:
    """The budget adjustments confirmed by the period's end, per budget year: each initiative's
    latest of each year (of the initiatives meeting `scope`)."""
    held = BUDGET_ADJUSTMENT
    latest = (
        select(func.max(held.c.id))
        .where(period.up_to(held.c.confirmed_at))
        .group_by(held.c.initiative_id, held.c.budget_year)
    )
    query = (
        select(held.c.budget_year, func.sum(held.c.amount))
        .join(INITIATIVE, INITIATIVE.c.id == held.c.initiative_id)
        .where(held.c.id.in_(latest), *scope)
        .group_by(held.c.budget_year)
    )
    if years is not None:
        query = query.where(held.c.budget_year.in_(list(years)))
    return {year: int(total) for year, total in conn.execute(query)}


def _area_rows(
    year: int, target: YearTarget | None, expected: Sums, realised: Sums
) -> list[tuple[tuple[Any, ...], bool]]:
    """The year's rows per area, each with whether it counts toward the year's target.

    Where the target names areas: each of them with its own target and the kroner its
    initiatives keep in the area; `central` with the rest of the target and every kroner taken
    back centrally. Else each area with the kroner its initiatives bring back centrally. Kroner
    kept in an area the target does not name: a row of their own, counting toward no target."""
    own = target.areas if target is not None else {}
    listed = {name.casefold(): name for name in own}
    sums: dict[tuple[str | None, bool], list[int]] = {(name, True): [0, 0] for name in own}
    if own:
        sums[(None, True)] = [0, 0]
    for index, figures in enumerate((expected, realised)):
        for (area, y, destination), amount in figures.items():
            if y != year:
                continue
            named = listed.get((area or "").strip().casefold())
            if destination == "central":
                key = (None, True) if own else (area, True)
            else:
                key = (named, True) if named else (area, False)
            sums.setdefault(key, [0, 0])[index] += amount
    rows = []
    for name, counts in sorted(
        sums, key=lambda k: (k[0] is None, (k[0] or "").casefold(), not k[1])
    ):
        exp, real = sums[(name, counts)]
        aim: int | None = None
        shown: str | Label
        if not counts:
            shown = Label(f"{name or NO_AREA.da} ({KEPT.da})", f"{name or NO_AREA.en} ({KEPT.en})")
        elif own and target is not None:
            aim = own[name] if name is not None else target.central
            shown = name if name is not None else CENTRAL
        else:
            shown = name if name is not None else NO_AREA
        rows.append(((year, aim, exp, real, _gap(aim, exp), shown), counts))
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
