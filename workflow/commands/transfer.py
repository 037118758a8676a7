"""Initiatives to and from spreadsheets: import an inspiration list, export the portfolio."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workflow.base.limits import TABLE_FORMATS, TABLE_LIMIT  # constants only
from workflow.commands.common import acting, app, field_pairs, reading, system_user

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Person


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read FIELD (title, description, category, area, owner, proposer, workflow) from "
    "COLUMN of the file (repeatable).",
)
@click.option("--dry-run", is_flag=True, help="Check every row; import nothing.")
@click.option(
    "--workflow",
    default="effektivisering",
    show_default=True,
    help="Definition for rows that name none.",
)
@click.option(
    "--format", "kind", type=click.Choice(TABLE_FORMATS), help="Default: the file's suffix."
)
@click.option(
    "--encoding", default="utf-8-sig", show_default=True, help="Of a CSV file (e.g. cp1252)."
)
@click.option("--sheet", help="Of an Excel file (default: the first).")
@click.option(
    "--max-size",
    "max_size",
    type=click.IntRange(1, 1024),
    default=TABLE_LIMIT // (1024 * 1024),
    show_default=True,
    metavar="MB",
    help="The largest file read (a workbook may unpack to 20 times that).",
)
@acting
def import_command(
    engine: Engine,
    actor: Person,
    file: Path,
    pairs: tuple[str, ...],
    dry_run: bool,
    workflow: str,
    kind: str | None,
    encoding: str,
    sheet: str | None,
    max_size: int,
) -> None:
    """Import the rows of a CSV or Excel file as proposals: every row, or none.

    Columns are found by their names (title/titel, description/beskrivelse, category/kategori,
    area/område, owner/projektejer, proposer/forslagsstiller, workflow) or mapped with --map.
    A bad row is reported with its row number, column and reason, and nothing is imported.

    \b
    Example:
      tiltag import inspirationsliste.xlsx --map Forslag=title --dry-run --as hanne
    """
    from workflow import Channel, import_initiatives

    current = app()
    done = import_initiatives(
        engine,
        current.registry(),
        actor=replace(actor, channel=Channel("import", system_user())),
        path=file,
        clock=current.writing_clock(engine),
        mapping=field_pairs(pairs),
        workflow=workflow,
        dry_run=dry_run,
        kind=kind,
        encoding=encoding,
        sheet=sheet,
        limit=max_size * 1024 * 1024,
    )
    if dry_run:
        click.echo(f"{done.rows} rows of {file} can be imported (dry run: nothing was imported)")
    elif done.ids:
        click.echo(
            f"Imported {len(done.ids)} initiatives from {file} (ids {done.ids[0]}-{done.ids[-1]})"
        )
    else:
        click.echo(f"{file} holds no rows to import")
    click.echo("  columns: " + ", ".join(f"{f} <- {c}" for f, c in done.columns.items()))
    if done.ignored:
        click.echo("  not read: " + ", ".join(done.ignored))


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "kind", type=click.Choice(TABLE_FORMATS), help="Default: the file's suffix."
)
@reading
def export_command(engine: Engine, file: Path, kind: str | None) -> None:
    """Export the whole portfolio to a CSV or Excel file that `tiltag import` reads back.

    \b
    Example:
      tiltag export portefolje.xlsx
    """
    from workflow import export_initiatives

    count = export_initiatives(engine, file, kind)
    click.echo(f"Exported {count} initiatives to {file}")
