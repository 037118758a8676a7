"""Commands that create, upgrade and check the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.commands.common import database_option, reading

if TYPE_CHECKING:
    from sqlalchemy import Engine


@click.command()
@click.option(
    "--simulation",
    is_flag=True,
    help="Make a new database for simulation: commands that write may then take --now.",
)
@database_option
def init(database: str | None, simulation: bool) -> None:
    """Create the database (or bring it up to date).

    A real database takes only the real time for what is written; one made with --simulation
    also takes --now, to play a budget year or rehearse a quarter.

    \b
    Example:
      tiltag init --database ./tiltag.db
      tiltag --now 2010-08-18T09:00 init --simulation --database ./rehearsal.db
    """
    _upgrade(database, create=True, simulation=simulation)


@click.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@database_option
def db_upgrade(database: str | None) -> None:
    """Apply the migrations this version of tiltag brings.

    \b
    Example:
      tiltag db upgrade --database postgresql://tiltag@db/tiltag
    """
    _upgrade(database, create=False)


@db.command("check")
@reading
def db_check(engine: Engine) -> None:
    """Find stored values that today's rules refuse (exit code 1 if there are any).

    Names, addresses and titles written before a rule existed, or straight into the database,
    that a mail header would carry as two lines or two addresses. Each is listed with the
    command that mends it.

    \b
    Example:
      tiltag db check
    """
    from workflow import stored_problems

    found = 0
    for problem in stored_problems(engine):
        found += 1
        click.echo(str(problem))
    if not found:
        click.echo("No problems found.")
        return
    click.echo(f"{found} problem{'s' if found > 1 else ''} found.")
    raise click.exceptions.Exit(1)


def _upgrade(database: str | None, *, create: bool, simulation: bool = False) -> None:
    from workflow import (
        SCHEMA_REVISION,
        connect,
        location,
        make_for_simulation,
        schema_revision,
        upgrade,
    )

    engine = connect(database, create=create)
    before = schema_revision(engine)
    upgrade(engine)
    if simulation:
        make_for_simulation(engine)
    where = location(engine) + (" (for simulation)" if simulation else "")
    if before == SCHEMA_REVISION:
        click.echo(f"{where} is up to date (schema {SCHEMA_REVISION})")
    else:
        click.echo(f"{where} is ready (schema {before or 'none'} -> {SCHEMA_REVISION})")
