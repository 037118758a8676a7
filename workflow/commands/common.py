"""What every command shares: the app object, the common options, opening the database, the actor.

Only click and the standard library are imported here; the workflow package is imported inside
the functions, when a command runs.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workflow.base.limits import FIRST_YEAR, LAST_YEAR  # constants only

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Clock, Person, Registry, Schedule, Targets
FORMATS = ("table", "csv", "json")
# Ids, versions and numbers: positive, and within what every database's integer column holds.
COUNT = click.IntRange(1, 2**31 - 1)
# `--format text|json` of the commands that show one thing.
text_or_json = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@dataclass
class App:
    """What every command shares: where the definitions are and what time it is."""

    definitions: str | None
    now: datetime | None
    _registry: Registry | None = field(default=None, repr=False)

    def registry(self) -> Registry:
        from workflow import definitions_folder, load_registry

        if self._registry is None:
            self._registry = load_registry(definitions_folder(self.definitions))
        return self._registry

    def schedule(self) -> Schedule:
        from workflow import definitions_folder, load_schedule

        return load_schedule(definitions_folder(self.definitions))

    def targets(self) -> Targets:
        from workflow import definitions_folder, load_targets

        return load_targets(definitions_folder(self.definitions))

    def templates(self) -> Path:
        from workflow import definitions_folder

        return definitions_folder(self.definitions) / "templates"

    def clock(self) -> Clock:
        """The clock of a command that only reads: `--now` if given, else the wall clock."""
        from workflow import FixedClock, SystemClock

        return SystemClock() if self.now is None else FixedClock(self.now)

    def writing_clock(self, engine: Engine) -> Clock:
        """The clock of a command that writes: `--now` only on a database made for simulation.

        Raises:
            UsageError: `--now` on a real database.
        """
        from workflow import ensure_may_write_at

        ensure_may_write_at(engine, self.now)
        return self.clock()


class Day(click.ParamType[date]):
    """A date YYYY-MM-DD within the years tiltag keeps."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date YYYY-MM-DD", param, ctx)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fail(
                f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}", param, ctx
            )
        return day


DAY = Day()
YEAR = click.IntRange(FIRST_YEAR, LAST_YEAR)


def parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    from workflow import parse_instant

    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def app() -> App:
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


def open_engine(database: str | None) -> Engine:
    from workflow import open_database

    return open_database(database)


def resolve_actor(engine: Engine, handle: str | None) -> Person:
    """The person `--as` names, acting on the command line as the operating-system user.

    Raises:
        UsageError: nobody named.
        PersonRefused: the person is deactivated: they act nowhere, as they sign in nowhere.
    """
    from workflow import Channel, PersonRefused, UsageError, find_person

    if not handle:
        raise UsageError("who is acting? give --as HANDLE or set TILTAG_USER")
    person = find_person(engine, handle)
    if not person.active:
        raise PersonRefused("closed_actor", f"{person} is deactivated and may not act")
    return replace(person, channel=Channel("cli", system_user()))


def system_user() -> str:
    """The operating-system user running this command (its uid where it has no name)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return str(os.getuid())


def field_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="FIELD=VALUE")
        if name.strip() in changes:
            raise click.BadParameter(f"{name.strip()} is given twice", param_hint="FIELD=VALUE")
        changes[name.strip()] = value
    return changes


def acting(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --as and --database and pass `engine` and `actor` instead."""

    @database_option
    @actor_option
    @functools.wraps(command)
    def wrapper(database: str | None, actor: str | None, **kwargs: Any) -> Any:
        engine = open_engine(database)
        return command(engine=engine, actor=resolve_actor(engine, actor), **kwargs)

    return wrapper


def reading(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --database and pass `engine` instead."""

    @database_option
    @functools.wraps(command)
    def wrapper(database: str | None, **kwargs: Any) -> Any:
        return command(engine=open_engine(database), **kwargs)

    return wrapper
