"""The `tiltag` command: a thin click shell over the workflow package's service functions.

Only click and the standard library are imported at start; each command imports what it needs, so
`tiltag --help` never loads the database layer.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow.clock import Clock
    from workflow.people import PersonRecord
    from workflow.registry import Registry

FORMATS = ("table", "csv", "json")


@dataclass
class App:
    """What every command shares: where the definitions are and what time it is."""

    definitions: str | None
    now: datetime | None
    _registry: Registry | None = field(default=None, repr=False)

    def registry(self) -> Registry:
        from workflow.registry import definitions_folder, load_registry

        if self._registry is None:
            self._registry = load_registry(definitions_folder(self.definitions))
        return self._registry

    def clock(self) -> Clock:
        from workflow.clock import FixedClock, SystemClock

        return SystemClock() if self.now is None else FixedClock(self.now)


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    from workflow.clock import parse_instant

    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date or time") from None


class TiltagGroup(click.Group):
    """Turns every refusal into one 'Error:' line and its documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place errors become exit codes
            _fail(ctx, exc)


def _fail(ctx: click.Context, exc: Exception) -> NoReturn:
    from workflow.errors import WorkflowError

    if isinstance(exc, BrokenPipeError):
        # The reader went away (`tiltag list | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        ctx.exit(1)
    if isinstance(exc, WorkflowError):
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(exc.exit_code)
    if type(exc).__module__.startswith("sqlalchemy"):
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        click.echo(f"Error: database error: {detail}", err=True)
        ctx.exit(1)
    click.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
    ctx.exit(1)


def _app() -> App:
    return click.get_current_context().find_object(App)  # type: ignore[return-value]


def database_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--database",
        "database",
        envvar="TILTAG_DATABASE_URL",
        metavar="URL|PATH",
        help="SQLAlchemy URL or SQLite file (env TILTAG_DATABASE_URL; "
        "default ~/.local/share/tiltag/tiltag.db).",
    )(command)


def actor_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--as",
        "actor",
        envvar="TILTAG_USER",
        metavar="HANDLE",
        help="Who is acting (env TILTAG_USER).",
    )(command)


def _engine(database: str | None) -> Engine:
    from workflow.database import open_database

    return open_database(database)


def _actor(engine: Engine, handle: str | None) -> PersonRecord:
    from workflow.errors import UsageError
    from workflow.people import find_person

    if not handle:
        raise UsageError("who is acting? give --as HANDLE or set TILTAG_USER")
    return find_person(engine, handle)


def _field_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="FIELD=VALUE")
        changes[name.strip()] = value
    return changes


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
    callback=_parse_now,
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

    from workflow.logs import request_logging

    request_logging(log_format, getattr(logging, log_level.upper()))


def acting(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --as and --database and pass `engine` and `actor` instead."""

    @database_option
    @actor_option
    @functools.wraps(command)
    def wrapper(database: str | None, actor: str | None, **kwargs: Any) -> Any:
        engine = _engine(database)
        return command(engine=engine, actor=_actor(engine, actor), **kwargs)

    return wrapper


def reading(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --database and pass `engine` instead."""

    @database_option
    @functools.wraps(command)
    def wrapper(database: str | None, **kwargs: Any) -> Any:
        return command(engine=_engine(database), **kwargs)

    return wrapper


# --- database ---------------------------------------------------------------------------------


@cli.command()
@database_option
def init(database: str | None) -> None:
    """Create the database (or bring it up to date).

    \b
    Example:
      tiltag init --database ./tiltag.db
    """
    _upgrade(database, create=True)


@cli.group()
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


# --- definitions ------------------------------------------------------------------------------


@cli.group()
def definitions() -> None:
    """Workflow definitions: list, show and check them."""


@definitions.command("list")
def definitions_list() -> None:
    """List the definitions in the definitions folder.

    \b
    Example:
      tiltag definitions list
    """
    for d in _app().registry().all():
        click.echo(
            f"{d.key:<24}{len(d.states):>3} states {len(d.transitions):>3} transitions  {d.label}"
        )


@definitions.command("show")
@click.argument("name")
@click.option("--version", "version", type=int, help="Which version (default: the newest).")
def definitions_show(name: str, version: int | None) -> None:
    """Show a definition's states, transitions and requirements.

    \b
    Example:
      tiltag definitions show effektivisering
    """
    from workflow.render import definition_text

    registry = _app().registry()
    definition = registry.get(name, version) if version else registry.latest(name)
    click.echo(definition_text(definition))


@definitions.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def definitions_check(files: tuple[Path, ...]) -> None:
    """Check definition files (default: every file in the definitions folder).

    Stops with exit code 1 at the first bad file, naming the file, the line and the problem.

    \b
    Example:
      tiltag definitions check definitions/effektivisering.yaml
    """
    from workflow.errors import UsageError
    from workflow.loader import load_definition
    from workflow.registry import Registry, definition_files, definitions_folder

    if files:
        paths = list(files)
    else:
        folder = definitions_folder(_app().definitions)
        if not folder.is_dir():
            raise UsageError(f"definitions folder {folder} does not exist")
        paths = definition_files(folder)
    if not paths:
        raise click.UsageError("no definition files to check")
    loaded = []
    for path in paths:
        d = load_definition(path)
        loaded.append(d)
        click.echo(f"ok {path}: {d.key}, {len(d.states)} states, {len(d.transitions)} transitions")
    Registry(loaded)  # two files must not declare the same name@version


# --- people -----------------------------------------------------------------------------------


@cli.group()
def people() -> None:
    """People and their roles."""


@people.command("add")
@click.argument("handle")
@click.option("--name", required=True, help="Full name.")
@click.option("--email", required=True, help="Email address (reminders go here).")
@click.option("--role", "roles", multiple=True, help="A role; repeat for several.")
@database_option
@actor_option
def people_add(
    handle: str,
    name: str,
    email: str,
    roles: tuple[str, ...],
    database: str | None,
    actor: str | None,
) -> None:
    """Register a person. The first person needs no --as; after that, an admin adds people.

    \b
    Roles: proposer, project_owner, task_force, chief_group, economic_committee,
    city_council, admin.
    Example:
      tiltag people add jens --name "Jens Holm" --email jens@kommune.dk \
        --role chief_group --as admin
    """
    from workflow.people import add_person, list_people

    engine = _engine(database)
    # Anyone adds the first person, whoever TILTAG_USER names; after that the actor must exist.
    acting_person = _actor(engine, actor) if actor and list_people(engine) else None
    person = add_person(
        engine,
        handle=handle,
        name=name,
        email=email,
        roles=roles,
        actor=acting_person,
        clock=_app().clock(),
    )
    click.echo(f"Added {person}: {', '.join(sorted(person.roles)) or 'no roles'}")


@people.command("list")
@reading
def people_list(engine: Engine) -> None:
    """List everyone and their roles.

    \b
    Example:
      tiltag people list
    """
    from workflow.people import list_people
    from workflow.render import people_text

    click.echo(people_text(list_people(engine)))


# --- initiatives ------------------------------------------------------------------------------


@cli.command()
@click.argument("title")
@click.option("--description", default="", help="What the initiative is and why.")
@click.option("--category", help="Category code (see: tiltag definitions show NAME).")
@click.option("--area", help="Area or department.")
@click.option("--owner", help="Handle of the project owner, if known.")
@click.option(
    "--workflow", default="effektivisering", show_default=True, help="Definition to follow."
)
@acting
def propose(
    engine: Engine,
    actor: PersonRecord,
    title: str,
    description: str,
    category: str | None,
    area: str | None,
    owner: str | None,
    workflow: str,
) -> None:
    """Propose an initiative; it starts in the definition's initial state.

    \b
    Example:
      tiltag propose "Udbud af forsikring" --as aase --category indkoeb --area Økonomi
    """
    from workflow.initiatives import propose as propose_initiative

    app = _app()
    initiative_id = propose_initiative(
        engine,
        app.registry(),
        actor=actor,
        title=title,
        description=description,
        category=category,
        area=area,
        owner=owner,
        workflow=workflow,
        clock=app.clock(),
    )
    click.echo(f"Proposed initiative {initiative_id}: {title.strip()}")


@cli.command("list")
@click.option("--state", help="Only initiatives in this state.")
@click.option("--owner", help="Only initiatives owned by this handle.")
@click.option("--category", help="Only initiatives in this category.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@reading
def list_command(
    engine: Engine, state: str | None, owner: str | None, category: str | None, fmt: str
) -> None:
    """List initiatives (streamed, so any size of portfolio works).

    \b
    Example:
      tiltag list --state business_case --format csv > business_cases.csv
    """
    from workflow.initiatives import iter_initiatives
    from workflow.render import write_initiatives

    out = sys.stdout
    write_initiatives(
        iter_initiatives(engine, state=state, owner=owner, category=category), fmt, out
    )


@cli.command()
@click.argument("initiative_id", metavar="ID", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@reading
def show(engine: Engine, initiative_id: int, fmt: str) -> None:
    """Show one initiative.

    \b
    Example:
      tiltag show 3
    """
    from workflow.initiatives import get_initiative
    from workflow.render import initiative_text, record_json

    record = get_initiative(engine, initiative_id)
    if fmt == "json":
        click.echo(json.dumps(record_json(record), ensure_ascii=False, indent=2))
        return
    definition = _app().registry().get(record.workflow, record.workflow_version)
    click.echo(initiative_text(record, definition))


@cli.command()
@click.argument("initiative_id", metavar="ID", type=int)
@acting
def check(engine: Engine, actor: PersonRecord, initiative_id: int) -> None:
    """Show every move out of the current state and what each still needs, for the actor.

    \b
    Example:
      tiltag check 3 --as soeren
    """
    from workflow.engine import check_moves
    from workflow.initiatives import get_initiative
    from workflow.render import check_text

    definition, _, reports = check_moves(
        engine, _app().registry(), actor=actor, initiative_id=initiative_id
    )
    record = get_initiative(engine, initiative_id)
    click.echo(check_text(record, definition, actor, reports))


@cli.command()
@click.argument("initiative_id", metavar="ID", type=int)
@click.argument("trigger")
@click.option("--comment", help="Why; some moves require one (reject, hold, realise).")
@click.option(
    "--expect-version", type=int, help="Refuse if the initiative is no longer at this version."
)
@acting
def advance(
    engine: Engine,
    actor: PersonRecord,
    initiative_id: int,
    trigger: str,
    comment: str | None,
    expect_version: int | None,
) -> None:
    """Move an initiative with TRIGGER (see `tiltag check ID` for the possible moves).

    \b
    Example:
      tiltag advance 3 select --as jens --comment "Optaget på chefgruppemødet 18.08.2010"
    """
    from workflow.engine import advance as advance_initiative

    app = _app()
    moved = advance_initiative(
        engine,
        app.registry(),
        actor=actor,
        initiative_id=initiative_id,
        trigger=trigger,
        comment=comment,
        expected_version=expect_version,
        clock=app.clock(),
    )
    click.echo(
        f"Initiative {moved.initiative_id}: {moved.from_state} -> {moved.to_state} "
        f"(version {moved.version})"
    )


@cli.command()
@click.argument("initiative_id", metavar="ID", type=int)
@click.argument("pairs", metavar="FIELD=VALUE...", nargs=-1, required=True)
@click.option(
    "--expect-version", type=int, help="Refuse if the initiative is no longer at this version."
)
@acting
def edit(
    engine: Engine,
    actor: PersonRecord,
    initiative_id: int,
    pairs: tuple[str, ...],
    expect_version: int | None,
) -> None:
    """Change fields: title, description, category, owner, area (empty value clears).

    \b
    Example:
      tiltag edit 3 --as ulla description="Fælles udbud med Ringsted" owner=ulla
    """
    from workflow.initiatives import edit as edit_initiative

    app = _app()
    version = edit_initiative(
        engine,
        app.registry(),
        actor=actor,
        initiative_id=initiative_id,
        changes=_field_pairs(pairs),
        expected_version=expect_version,
        clock=app.clock(),
    )
    click.echo(f"Initiative {initiative_id} is at version {version}")


@cli.command()
@click.argument("initiative_id", metavar="ID", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@reading
def history(engine: Engine, initiative_id: int, fmt: str) -> None:
    """Show everything that happened to an initiative, oldest first.

    \b
    Example:
      tiltag history 3
    """
    from workflow.history import read_history
    from workflow.initiatives import get_initiative
    from workflow.render import history_json, history_text

    events = read_history(engine, initiative_id)
    if fmt == "json":
        click.echo(json.dumps(history_json(events), ensure_ascii=False, indent=2))
        return
    record = get_initiative(engine, initiative_id)
    definition = _app().registry().get(record.workflow, record.workflow_version)
    click.echo(history_text(events, definition))


@cli.command()
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

    registry = _app().registry()
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


def main() -> None:
    """Entry point of the `tiltag` console command."""
    cli(prog_name="tiltag")


if __name__ == "__main__":
    main()
