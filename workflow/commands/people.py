"""Commands on people and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.commands.common import (
    actor_option,
    app,
    database_option,
    open_engine,
    reading,
    resolve_actor,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


@click.group()
def people() -> None:
    """People and their roles."""


@people.command("add")
@click.argument("handle")
@click.option("--name", required=True, help="Full name.")
@click.option("--email", required=True, help="Email address.")
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
    from workflow import add_person, list_people

    engine = open_engine(database)
    # Anyone adds the first person, whoever TILTAG_USER names; after that the actor must exist.
    acting_person = resolve_actor(engine, actor) if actor and list_people(engine) else None
    person = add_person(
        engine,
        handle=handle,
        name=name,
        email=email,
        roles=roles,
        actor=acting_person,
        clock=app().writing_clock(engine),
    )
    click.echo(f"Added {person}: {', '.join(sorted(person.roles)) or 'no roles'}")


@people.command("edit")
@click.argument("handle")
@click.option("--name", help="The new full name.")
@click.option("--email", help="The new email address.")
@click.option(
    "--language",
    type=click.Choice(["da", "en"]),
    help="The language of their pages and mail.",
)
@database_option
@actor_option
def people_edit(
    handle: str,
    name: str | None,
    email: str | None,
    language: str | None,
    database: str | None,
    actor: str | None,
) -> None:
    """Change a person's name, email address or language (an admin does this).

    \b
    Example:
      tiltag people edit jens --email jens.holm@soroe.example.dk --as admin
      tiltag people edit jens --language en --as admin
    """
    from workflow import change_person

    if name is None and email is None and language is None:
        raise click.UsageError("give --name, --email or --language")
    engine = open_engine(database)
    app().writing_clock(engine)  # it writes: not at a claimed moment on a real database
    person = change_person(
        engine,
        handle=handle,
        actor=resolve_actor(engine, actor),
        name=name,
        email=email,
        language=language,
    )
    shown = f", language {person.language}" if language else ""
    click.echo(f"Changed {person}: {person.email}{shown}")


@people.command("deactivate")
@click.argument("handle")
@database_option
@actor_option
def people_deactivate(handle: str, database: str | None, actor: str | None) -> None:
    """Close a person's access (an admin does this): they cannot sign in, their open web
    sessions end, and their history, initiatives and decisions stay as they are. The
    initiatives they own keep them as owner: give them a new one with `tiltag edit ID --owner`.

    \b
    Example:
      tiltag people deactivate jens --as admin
    """
    from workflow import deactivate_person, end_sessions_of

    engine = open_engine(database)
    clock = app().writing_clock(engine)
    person = deactivate_person(
        engine, handle=handle, actor=resolve_actor(engine, actor), clock=clock
    )
    ended = end_sessions_of(engine, person, clock)
    click.echo(f"Deactivated {person}: {ended} open web sessions ended")


@people.command("reactivate")
@click.argument("handle")
@database_option
@actor_option
def people_reactivate(handle: str, database: str | None, actor: str | None) -> None:
    """Open a deactivated person's access again (an admin does this).

    \b
    Example:
      tiltag people reactivate jens --as admin
    """
    from workflow import reactivate_person

    engine = open_engine(database)
    clock = app().writing_clock(engine)
    person = reactivate_person(
        engine, handle=handle, actor=resolve_actor(engine, actor), clock=clock
    )
    click.echo(f"Reactivated {person}: they can sign in again")


@people.command("list")
@reading
def people_list(engine: Engine) -> None:
    """List everyone and their roles; a deactivated person is marked with the day.

    \b
    Example:
      tiltag people list
    """
    from workflow import list_people
    from workflow.render.initiatives import people_text

    click.echo(people_text(list_people(engine)))
