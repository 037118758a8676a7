"""Initiatives to and from spreadsheets: import an inspiration list (its columns mapped to the
fields of a proposal, every bad row reported with its row, column and reason, every row imported
or none), and export the portfolio in the columns an import reads back."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from workflow.base.clock import Clock, local_date
from workflow.base.errors import InvalidValueError, UsageError, WorkflowError
from workflow.base.files import TABLE_LIMIT
from workflow.base.logs import get_logger
from workflow.core.initiatives import create_initiative, field_value, iter_initiatives
from workflow.core.people import Person
from workflow.definitions.model import Definition
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.transfer.spreadsheets import Table, kind_of, read_table, write_table

__all__ = [
    "EXPORTED",
    "FIELDS",
    "BadCell",
    "ImportRefused",
    "Imported",
    "export_initiatives",
    "import_initiatives",
]

log = get_logger("tiltag.transfer")

# The fields an import fills, and the column names it knows them by without a mapping.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "tiltag", "forslag"),
    "description": ("description", "beskrivelse"),
    "category": ("category", "kategori"),
    "area": ("area", "område", "omraade"),
    "owner": ("owner", "projektejer", "project owner"),
    "proposer": ("proposer", "forslagsstiller"),
    "workflow": ("workflow", "livsforløb"),
}
# What an export writes besides them, and an import passes over: the engine makes these.
INFORMATION = ("id", "state", "created")
EXPORTED = ("id", *FIELDS, "state", "created")
# Who may import: the task force, who keeps the portfolio, or an admin.
IMPORTERS = frozenset({"task_force", "admin"})


@dataclass(frozen=True)
class BadCell:
    """Why a row cannot be imported: its number, the column (as the file names it), the reason."""

    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.problem}"


class ImportRefused(WorkflowError):
    """Some rows cannot be imported, so none is; lists every one of them."""

    def __init__(self, path: str, rows: int, bad: list[BadCell], dry_run: bool) -> None:
        self.path = path
        self.bad = tuple(bad)
        rows_bad = len({b.row for b in bad})
        head = (
            f"{path}: {rows_bad} of {rows} rows cannot be imported, so none was"
            if not dry_run
            else f"{path}: {rows_bad} of {rows} rows cannot be imported (dry run)"
        )
        super().__init__("\n  ".join([head, *map(str, bad)]))


@dataclass(frozen=True)
class Imported:
    """What an import did (or, in a dry run, would do)."""

    path: str
    rows: int
    ids: tuple[int, ...]
    dry_run: bool
    # field -> the column it was read from
    columns: dict[str, str] = field(default_factory=dict)
    # columns of the file that were not read
    ignored: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _columns(table: Table, mapping: Mapping[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Which column of `table` holds each field: as mapped, else by a name the field is known by.

    Raises:
        UsageError: a mapping that names no column of the file or no field, or two columns
            for one field.
    """
    names = {_norm(h): i for i, h in enumerate(table.header) if h}
    chosen: dict[str, int] = {}
    for header, wanted in mapping.items():
        if wanted not in FIELDS:
            raise UsageError(f"--map {header}={wanted}: no such field; fields: {', '.join(FIELDS)}")
        if _norm(header) not in names:
            raise UsageError(
                f"--map {header}={wanted}: {table.path} has no column {header!r}; columns: "
                + ", ".join(h for h in table.header if h)
            )
        if wanted in chosen:
            raise UsageError(f"--map gives two columns for {wanted}")
        chosen[wanted] = names[_norm(header)]
    taken = set(chosen.values())
    for name, known in FIELDS.items():
        if name in chosen:
            continue
        for alias in known:
            index = names.get(alias)
            if index is not None and index not in taken:
                chosen[name] = index
                taken.add(index)
                break
    read = set(chosen.values()) | {names[n] for n in INFORMATION if n in names}
    ignored = tuple(h for i, h in enumerate(table.header) if h and i not in read)
    return chosen, ignored


def import_initiatives(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    path: Path,
    clock: Clock,
    mapping: Mapping[str, str] | None = None,
    workflow: str = "effektivisering",
    dry_run: bool = False,
    kind: str | None = None,
    encoding: str = "utf-8-sig",
    sheet: str | None = None,
    limit: int = TABLE_LIMIT,
) -> Imported:
    """Import every row of a CSV or Excel file as a proposal, or none of them.

    Each row becomes a proposal in the initial state of the newest version of its workflow (the
    row's `workflow`, else `workflow`), proposed by the row's proposer (a handle or an email;
    else the actor) and owned by its owner (a handle or an email). Every row's fields are checked
    as `tiltag propose` checks them, and a title already in the portfolio is refused.

    Raises:
        WorkflowError: the actor may not import.
        TableError: the file is not a table we can read, or has no column for the title.
        ImportRefused: some rows cannot be imported; nothing was.
        UsageError: a bad mapping, an unknown default workflow.
    """
    if actor.roles.isdisjoint(IMPORTERS):
        raise WorkflowError(f"{actor.handle} may not import: only the task force or an admin may")
    registry.latest(workflow)
    table = read_table(path, kind=kind, encoding=encoding, sheet=sheet, limit=limit)
    columns, ignored = _columns(table, mapping or {})
    if "title" not in columns:
        raise UsageError(
            f"{table.path}: no column for the title; columns: {', '.join(table.header)}; "
            "name one with --map COLUMN=title"
        )
    now = clock.now()
    ids: list[int] = []
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite" and not dry_run:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # no other import slips in between
        elif conn.dialect.name == "postgresql" and not dry_run:
            conn.exec_driver_sql("LOCK TABLE initiative IN SHARE ROW EXCLUSIVE MODE")
        checked, bad = _check(conn, registry, table, columns, actor, workflow)
        if bad:
            raise ImportRefused(table.path, len(table.rows), bad, dry_run)
        if not dry_run:
            for row in checked:
                assert row.definition is not None
                ids.append(
                    create_initiative(
                        conn,
                        row.definition,
                        row.values,
                        proposer_id=row.proposer,
                        actor=actor,
                        now=now,
                        comment=f"importeret fra / imported from {path.name}, række / row "
                        f"{row.number}",
                    )
                )
    if not dry_run:
        log.info("imported", file=str(path), initiatives=len(ids), actor=actor.handle)
    return Imported(
        table.path,
        len(checked),
        tuple(ids),
        dry_run,
        {f: table.header[i] for f, i in sorted(columns.items(), key=lambda c: c[1])},
        ignored,
    )


@dataclass(frozen=True)
class _Row:
    """A row checked: the proposal it makes, or why it cannot."""

    number: int
    definition: Definition | None
    values: dict[str, Any]
    proposer: int
    problems: list[tuple[str, str]]  # (field, why)


def _check(
    conn: Connection,
    registry: Registry,
    table: Table,
    columns: dict[str, int],
    actor: Person,
    workflow: str,
) -> tuple[list[_Row], list[BadCell]]:
    """Every row as the values of a proposal, or why not: alone, and against the portfolio (a
    title already there is refused, so a list imported twice adds nothing; a title twice in the
    file is two initiatives, as an export of a portfolio that holds two has them)."""
    people = _people(conn)
    known = _titles(conn)
    good, bad = [], []
    for number, cells in table.rows:
        if number in table.overfull:
            why = (
                f"{table.overfull[number]} cells, but the header names {len(table.header)} columns"
            )
            bad.append(BadCell(number, "-", why))
            continue
        given = {f: cells[i] for f, i in columns.items()}
        row = _row(registry, people, number, given, actor, workflow)
        if row.definition is not None and "title" in row.values:
            key = (row.definition.name, _norm(row.values["title"]))
            if key in known:
                row.problems.append(
                    ("title", f"already in the portfolio as initiative {known[key]}")
                )
        if row.problems:
            bad += [BadCell(number, table.header[columns[f]], why) for f, why in row.problems]
        else:
            good.append(row)
    return good, bad


def _row(
    registry: Registry,
    people: dict[str, int],
    number: int,
    given: dict[str, str],
    actor: Person,
    workflow: str,
) -> _Row:
    """One row's cells (by field) checked as `tiltag propose` checks a proposal."""
    problems: list[tuple[str, str]] = []
    definition = None
    try:
        definition = registry.latest(given.get("workflow", "").strip() or workflow)
    except UsageError as exc:
        problems.append(("workflow", str(exc)))
    values: dict[str, Any] = {}
    for name in ("title", "description", "category", "area"):
        if definition is not None:
            try:
                values[name] = field_value(definition, name, given.get(name))
            except InvalidValueError as exc:
                problems.append((name, exc.problem))
    proposer = actor.id
    for name in ("owner", "proposer"):
        handle = given.get(name, "").strip()
        if not handle:
            continue
        found = people.get(handle.casefold())
        if found is None:
            problems.append(
                (name, f"no person with the handle or email {handle!r} (see: tiltag people list)")
            )
        elif name == "owner":
            values["owner_id"] = found
        else:
            proposer = found
    return _Row(number, definition, values, proposer, problems)


def _people(conn: Connection) -> dict[str, int]:
    """Everyone's id by handle and by email (in lower case)."""
    found: dict[str, int] = {}
    for person_id, handle, email in conn.execute(
        select(PERSON.c.id, PERSON.c.handle, PERSON.c.email)
    ):
        found[handle.casefold()] = person_id
        found.setdefault(email.casefold(), person_id)
    return found


def _titles(conn: Connection) -> dict[tuple[str, str], int]:
    """The portfolio's initiatives by workflow and title (spaces and case aside)."""
    rows = conn.execute(
        select(INITIATIVE.c.workflow, INITIATIVE.c.title, INITIATIVE.c.id).execution_options(
            stream_results=True, yield_per=1000
        )
    )
    return {(w, _norm(t)): i for w, t, i in rows}


def export_initiatives(engine: Engine, path: Path, kind: str | None = None) -> int:
    """Write the whole portfolio to a CSV or Excel file in the columns an import reads (and the
    id, state and day of creation besides); return how many initiatives.

    Raises:
        TableError: neither `kind` nor the file's name says csv or xlsx.
        UsageError: the folder cannot be written to.
    """
    chosen = kind_of(path, kind)

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in iter_initiatives(engine):
            fields = (r.title, r.description, r.category, r.area, r.owner, r.proposer, r.workflow)
            yield (r.id, *fields, r.state, local_date(r.created_at).isoformat())

    return write_table(path, chosen, EXPORTED, rows())
