"""The municipality's targets for freed money, read strictly from `targets.yaml` in the definitions
folder: per budget year an amount (Sorø: at least 3 mio. kr. in 2010), or a share of the areas'
budgets, part of it found by each area in its own budget and the rest centrally (Fredericia)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.base.clock import FIRST_YEAR, LAST_YEAR
from workflow.definitions.registry import TARGETS_FILE
from workflow.definitions.strict_yaml import Mapping, StrictReader, parse_source, read_source, shown

__all__ = ["TARGETS_FILE", "Targets", "YearTarget", "load_targets", "load_targets_file"]


TOP_KEYS = ("municipality", "years")
YEAR_KEYS = ("target", "areas", "percent_of_budget", "decentral_share", "budgets")
MOST_DKK = 10**13


@dataclass(frozen=True)
class YearTarget:
    """What a budget year must free, in whole DKK.

    `areas` are the areas' own (decentral) targets; what the year asks beyond them is central,
    found by initiatives of no listed area.
    """

    year: int
    total: int
    areas: dict[str, int] = field(default_factory=dict)
    # Where a share of the budgets is asked: the share (percent) and the budgets it was taken of.
    percent_of_budget: float | None = None
    budgets: dict[str, int] = field(default_factory=dict)

    @property
    def central(self) -> int | None:
        """The part no area carries; None where the year names no areas."""
        return self.total - sum(self.areas.values()) if self.areas else None


@dataclass(frozen=True)
class Targets:
    """Every year's target; a year that is not listed has none."""

    municipality: str = ""
    years: dict[int, YearTarget] = field(default_factory=dict)
    path: str = ""

    def of(self, year: int) -> YearTarget | None:
        return self.years.get(year)


def load_targets(folder: Path) -> Targets:
    """The targets of a definitions folder; none if it has no `targets.yaml`.

    Raises:
        DefinitionError: the file cannot be read or is not valid.
    """
    path = folder / TARGETS_FILE
    return load_targets_file(path) if path.exists() else Targets()


def load_targets_file(path: Path) -> Targets:
    """Read and check one targets file.

    Raises:
        DefinitionError: the file cannot be read or is not valid.
    """
    return parse_targets(read_source(path), str(path))


def parse_targets(text: str, path: str) -> Targets:
    """Parse targets text; `path` is only used in error messages."""
    return _Reader(path).targets(parse_source(text, path))


class _Reader(StrictReader):
    def targets(self, data: Any) -> Targets:
        top = self.mapping(data, "the targets", 1, TOP_KEYS, ("years",))
        municipality = top.get("municipality", "")
        if not isinstance(municipality, str) or "\n" in municipality.strip():
            self.fail(top.key_lines.get("municipality"), "municipality must be a name on one line")
        years = top["years"]
        if not isinstance(years, Mapping) or not years:
            self.fail(top.key_lines["years"], "years must map budget years to their targets")
        found: dict[int, YearTarget] = {}
        for key, body in years.items():
            line = years.key_lines[key]
            if not isinstance(key, int) or not FIRST_YEAR <= key <= LAST_YEAR:
                self.fail(
                    line, f"a budget year must be {FIRST_YEAR}-{LAST_YEAR} (got {shown(key)})"
                )
            found[key] = self.year(key, body, line)
        return Targets(municipality.strip(), found, self.path)

    def year(self, year: int, value: Any, line: int) -> YearTarget:
        what = f"the target of {year}"
        body = self.mapping(value, what, line, YEAR_KEYS)
        if ("target" in body) == ("percent_of_budget" in body):
            self.fail(line, f"{what} needs either target (DKK) or percent_of_budget, not both")
        if "target" in body:
            for key in ("budgets", "decentral_share"):
                if key in body:
                    self.fail(body.key_lines[key], f"{key} goes with percent_of_budget, not target")
            total = self.amount(body["target"], f"target of {year}", body.key_lines["target"])
            areas = self.amounts(body, "areas", what)
            if sum(areas.values()) > total:
                self.fail(
                    body.key_lines["areas"],
                    f"the areas of {year} are asked {sum(areas.values())} DKK together, more than "
                    f"the year's target of {total}",
                )
            return YearTarget(year, total, areas)
        if "areas" in body:
            self.fail(body.key_lines["areas"], "areas goes with target; give budgets instead")
        percent = self.percent(body, "percent_of_budget", what, zero=False)
        share = self.percent(body, "decentral_share", what, zero=True)
        if "budgets" not in body:
            self.fail(line, f"{what} asks a share of the budgets: give the areas' budgets")
        budgets = self.amounts(body, "budgets", what)
        if not budgets:
            self.fail(body.key_lines["budgets"], f"the budgets of {year} name no area")
        decentral = {
            area: round(budget * percent / 100 * share / 100) for area, budget in budgets.items()
        }
        # The central part is rounded once, so the parts always add up to the whole.
        central = round(sum(budgets.values()) * percent / 100 * (100 - share) / 100)
        total = sum(decentral.values()) + central
        return YearTarget(
            year,
            total,
            decentral if share else {},
            percent_of_budget=percent,
            budgets=budgets,
        )

    def amount(self, value: Any, what: str, line: int | None) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MOST_DKK:
            self.fail(line, f"{what} must be a whole number of DKK, 0 or more (got {shown(value)})")
        return value

    def amounts(self, body: Mapping, key: str, what: str) -> dict[str, int]:
        if key not in body:
            return {}
        value = body[key]
        if not isinstance(value, Mapping):
            self.fail(body.key_lines[key], f"{key} of {what} must map area names to DKK")
        result: dict[str, int] = {}
        for area, amount in value.items():
            line = value.key_lines[area]
            name = str(area).strip()
            if not name or len(name) > 200 or any(ord(c) < 32 for c in name):
                self.fail(line, f"an area of {what} must be a name on one line (got {shown(area)})")
            if name.casefold() in {known.casefold() for known in result}:
                # The reports match an initiative's area whatever its case.
                self.fail(line, f"the area {shown(name)} is named twice in {key} of {what}")
            result[name] = self.amount(amount, f"{key} of {name} in {what}", line)
        return result

    def percent(self, body: Mapping, key: str, what: str, *, zero: bool) -> float:
        """A percentage up to 100 (absent: 0); above 0 unless `zero` is allowed."""
        if key not in body:
            return 0.0
        value = body[key]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not (value >= 0 if zero else value > 0) or value > 100:
            bound = "from 0" if zero else "above 0"
            self.fail(
                body.key_lines[key],
                f"{key} of {what} must be a percentage {bound} up to 100 (got {shown(value)})",
            )
        return float(value)
