"""The `tiltag` command: a thin click shell over the workflow package's service functions.

Only click and the standard library are imported at start; each command imports what it needs, so
`tiltag --help` never loads the database layer.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import Any, NoReturn

import click

from workflow.commands import (
    approvals,
    benefits,
    budget,
    database,
    definitions,
    demo,
    initiatives,
    people,
    reports,
    schedule,
    transfer,
    web,
)
from workflow.commands.common import App, parse_now


class TiltagGroup(click.Group):
    """Turns every refusal into one 'Error:' line and its documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # the one place errors become exit codes
            _fail(ctx, exc)


def _fail(ctx: click.Context, exc: Exception) -> NoReturn:
    from workflow import WorkflowError, database_detail

    if isinstance(exc, BrokenPipeError):
        # The reader went away (`tiltag list | head`): it had what it wanted; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        ctx.exit(0)
    if isinstance(exc, WorkflowError):
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(exc.exit_code)
    if type(exc).__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg"):
        # SQLAlchemy's errors wrap the driver's; the statements of a move raise the driver's own.
        click.echo(f"Error: database error: {database_detail(exc)}", err=True)
        ctx.exit(1)
    click.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
    ctx.exit(1)


@click.group(cls=TiltagGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--definitions",
    envvar="TILTAG_DEFINITIONS",
    metavar="DIR",
    help="Folder of workflow definitions (env TILTAG_DEFINITIONS; default: the shipped ones).",
)
@click.option(
    "--now",
    envvar="TILTAG_NOW",
    metavar="ISO",
    callback=parse_now,
    help="Act as if it were this date/time, for simulations (env TILTAG_NOW).",
)
@click.option(
    "--log-format",
    type=click.Choice(["console", "json"]),
    default="console",
    show_default=True,
    help="How log events are written to stderr.",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="warning",
    show_default=True,
    help="The least important log events shown (transitions are 'info').",
)
@click.version_option("0.1.0", prog_name="tiltag")
@click.pass_context
def cli(
    ctx: click.Context,
    definitions: str | None,
    now: datetime | None,
    log_format: str,
    log_level: str,
) -> None:
    """tiltag: run municipal efficiency initiatives from idea to realised gain.

    \b
    Example:
      tiltag init
      tiltag propose "Robotstøvsugere i ældreplejen" --category arbejdsgange --as aase
      tiltag list --state screening
    """
    ctx.obj = App(definitions=definitions, now=now)
    _configure_logging(log_format, log_level)


def _configure_logging(log_format: str, log_level: str) -> None:
    import logging

    from workflow import request_logging

    request_logging(log_format, getattr(logging, log_level.upper()))


for command in (
    database.init,
    database.db,
    definitions.definitions,
    people.people,
    initiatives.propose,
    initiatives.list_command,
    initiatives.show,
    initiatives.check,
    initiatives.advance,
    initiatives.edit,
    initiatives.history,
    approvals.record,
    approvals.milestone,
    approvals.decide,
    approvals.decisions,
    approvals.waiting,
    budget.budget,
    schedule.status,
    benefits.benefits,
    schedule.calendar,
    schedule.remind,
    schedule.outbox,
    schedule.scheduler_command,
    web.serve,
    web.web,
    reports.report,
    transfer.import_command,
    transfer.export_command,
    demo.demo,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the `tiltag` console command."""
    cli(prog_name="tiltag")


if __name__ == "__main__":
    main()
