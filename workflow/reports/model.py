"""What a report is made of: sections of typed columns whose rows stream from the database, a
chart, and the period and moment the figures describe. The writers know nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from workflow.base.vocabulary import Label

__all__ = ["Chart", "Coded", "Column", "ColumnKind", "Report", "Section"]

# text: one line; long: a text that may run over lines; count: a whole number of things; money:
# whole DKK; percent: a share of 100; date: a day; coded: a `Coded` (tools get the code, people
# the label). A text for people may be a `Label`: each document shows it in its one language.
ColumnKind = Literal["text", "long", "count", "money", "percent", "date", "coded"]


@dataclass(frozen=True)
class Coded:
    """A value with a code for tools and a label for people: a state, a light, a forum."""

    code: str
    label: Label

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Column:
    """One column: its name for tools (CSV header, JSON key), its label for people, its kind.

    `width` is its width in a terminal table; a column of width 0 is written on a line of its own
    under the row.
    """

    name: str
    label: Label
    kind: ColumnKind = "text"
    width: int = 0


@dataclass(frozen=True)
class Section:
    """One table of a report. `rows` match `columns` and may stream: they are read once.

    A `card` is one row of key figures, shown as label and value where the format allows.
    """

    name: str
    title: Label
    columns: tuple[Column, ...]
    rows: Iterable[tuple[Any, ...]]
    note: Label | None = None
    card: bool = False


@dataclass(frozen=True)
class Chart:
    """Grouped bars: per group (a year, a stage) one value per series (target, expected, ...)."""

    title: Label
    series: tuple[Label, ...]
    groups: tuple[tuple[str | Label, tuple[int | None, ...]], ...]
    kind: Literal["money", "count"] = "money"
    # Where a spreadsheet finds the same figures: the section, its column of group names and its
    # columns of values (one per series); None if they are not one block of a section.
    source: tuple[str, str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Report:
    """A whole report: what it is, which period it covers, as of when, and its sections."""

    kind: str
    title: Label
    # The budget quarter or year it covers; None for a report of how things stand now.
    period: Label | None
    # The moment the figures describe: the end of the period, or now if that has not come; and
    # the last day they cover.
    as_of: datetime
    through: date
    generated_at: datetime
    sections: tuple[Section, ...]
    municipality: str = ""
    charts: tuple[Chart, ...] = ()
    # The section CSV writes unless another is asked for.
    main: str = ""

    def section(self, name: str) -> Section:
        """The section called `name`; KeyError if there is none."""
        for section in self.sections:
            if section.name == name:
                return section
        raise KeyError(name)
