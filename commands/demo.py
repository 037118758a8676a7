"""The demo command: a portfolio of real initiatives, built and shown."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from commands.common import (
    app,
)

if TYPE_CHECKING:
    pass


@click.command()
@click.option(
    "--database",
    metavar="URL|PATH",
    default="tiltag-demo.db",
    show_default=True,
    help="Where to build the demo; an existing SQLite file there is replaced.",
)
def demo(database: str) -> None:
    """Build a demo portfolio of real initiatives and show it.

    \b
    Example:
      tiltag demo --database /tmp/demo.db
    """
    from workflow.database import location
    from workflow.demo import new_demo_database, run_demo
    from workflow.engine import check_moves
    from workflow.history import read_history
    from workflow.initiatives import get_initiative, iter_initiatives
    from workflow.people import find_person
    from workflow.render import check_text, history_text, people_text, write_initiatives

    registry = app().registry()
    engine = new_demo_database(database)
    result = run_demo(engine, registry)
    shown = result.initiative_ids[1]
    owner = find_person(engine, "ulla")
    out = sys.stdout

    where = location(engine)
    click.echo(f"Demo database: {where}\n")
    click.echo("== Personer / people ==")
    click.echo(people_text(result.people))
    click.echo(
        f"\n== Portefølje / portfolio ({len(result.initiative_ids)} initiatives, "
        f"{result.moves} moves) =="
    )
    write_initiatives(iter_initiatives(engine), "table", out)
    click.echo(f"\n== tiltag check {shown} --as {owner.handle} ==")
    definition, _, reports = check_moves(engine, registry, actor=owner, initiative_id=shown)
    click.echo(check_text(get_initiative(engine, shown), definition, owner, reports))
    click.echo(f"\n== tiltag history {shown} ==")
    click.echo(history_text(read_history(engine, shown), definition))
    click.echo(f"\nExplore further: TILTAG_DATABASE_URL={where} tiltag list")
