"""Commands that create, upgrade and check the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from commands.common import database_option, reading

if TYPE_CHECKING:
    from sqlalchemy import Engine


@click.command()
@database_option
def init(database: str | None) -> None:
    """Create the database (or bring it up to date).

    \b
    Example:
      tiltag init --database ./tiltag.db
    """
    _upgrade(database, create=True)


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
    from workflow.stored_values import stored_problems

    found = 0
    for problem in stored_problems(engine):
        found += 1
        click.echo(str(problem))
    if not found:
        click.echo("No problems found.")
        return
    click.echo(f"{found} problem{'s' if found > 1 else ''} found.")
    raise click.exceptions.Exit(1)


def _upgrade(database: str | None, *, create: bool) -> None:
    from workflow.database import SCHEMA_REVISION, connect, location, schema_revision
    from workflow.schema import upgrade

    engine = connect(database, create=create)
    before = schema_revision(engine)
    upgrade(engine)
    where = location(engine)
    if before == SCHEMA_REVISION:
        click.echo(f"{where} is up to date (schema {SCHEMA_REVISION})")
    else:
        click.echo(f"{where} is ready (schema {before or 'none'} -> {SCHEMA_REVISION})")
