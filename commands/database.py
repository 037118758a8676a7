"""Commands that create and upgrade the database."""

from __future__ import annotations

import click

from commands.common import (
    database_option,
)


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
