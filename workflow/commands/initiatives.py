"""Commands on initiatives: propose, list, show, check, advance, edit, history."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from workflow.commands.common import (
    COUNT,
    FORMATS,
    acting,
    app,
    field_pairs,
    reading,
    text_or_json,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Person


@click.command()
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
    actor: Person,
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
    from workflow import propose as propose_initiative

    current = app()
    initiative_id = propose_initiative(
        engine,
        current.registry(),
        actor=actor,
        title=title,
        description=description,
        category=category,
        area=area,
        owner=owner,
        workflow=workflow,
        clock=current.writing_clock(engine),
    )
    click.echo(f"Proposed initiative {initiative_id}: {title.strip()}")


@click.command("list")
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
    out = sys.stdout
    if fmt == "json":
        from workflow import iter_initiatives
        from workflow.render.initiatives import write_initiatives

        write_initiatives(
            iter_initiatives(engine, state=state, owner=owner, category=category), fmt, out
        )
        return
    from workflow import iter_listing
    from workflow.render.initiatives import write_listing

    write_listing(iter_listing(engine, state=state, owner=owner, category=category), fmt, out)


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@text_or_json
@reading
def show(engine: Engine, initiative_id: int, fmt: str) -> None:
    """Show one initiative.

    \b
    Example:
      tiltag show 3
    """
    import json

    from workflow import get_initiative
    from workflow.render.initiatives import initiative_json, initiative_text

    initiative = get_initiative(engine, initiative_id)
    if fmt == "json":
        click.echo(json.dumps(initiative_json(initiative), ensure_ascii=False, indent=2))
        return
    definition = app().registry().get(initiative.workflow, initiative.workflow_version)
    click.echo(initiative_text(initiative, definition))


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@acting
def check(engine: Engine, actor: Person, initiative_id: int) -> None:
    """Show every move out of the current state and what each still needs, for the actor.

    \b
    Example:
      tiltag check 3 --as soeren
    """
    from workflow import check_moves, get_initiative
    from workflow.render.initiatives import check_text

    definition, _, reports = check_moves(
        engine, app().registry(), actor=actor, initiative_id=initiative_id
    )
    initiative = get_initiative(engine, initiative_id)
    click.echo(check_text(initiative, definition, actor, reports))


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("trigger")
@click.option("--comment", help="Why; some moves require one (reject, hold, realise).")
@click.option(
    "--expect-version", type=COUNT, help="Refuse if the initiative is no longer at this version."
)
@acting
def advance(
    engine: Engine,
    actor: Person,
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
    from workflow import advance as advance_initiative

    current = app()
    moved = advance_initiative(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        trigger=trigger,
        comment=comment,
        expected_version=expect_version,
        clock=current.writing_clock(engine),
    )
    click.echo(
        f"Initiative {moved.initiative_id}: {moved.from_state} -> {moved.to_state} "
        f"(version {moved.version})"
    )


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("pairs", metavar="FIELD=VALUE...", nargs=-1, required=True)
@click.option(
    "--expect-version", type=COUNT, help="Refuse if the initiative is no longer at this version."
)
@acting
def edit(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    pairs: tuple[str, ...],
    expect_version: int | None,
) -> None:
    """Change fields: title, description, category, owner, area (empty value clears).

    \b
    Example:
      tiltag edit 3 --as ulla description="Fælles udbud med Ringsted" owner=ulla
    """
    from workflow import edit as edit_initiative

    current = app()
    version = edit_initiative(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        changes=field_pairs(pairs),
        expected_version=expect_version,
        clock=current.writing_clock(engine),
    )
    click.echo(f"Initiative {initiative_id} is at version {version}")


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@text_or_json
@reading
def history(engine: Engine, initiative_id: int, fmt: str) -> None:
    """Show everything that happened to an initiative, oldest first.

    \b
    Example:
      tiltag history 3
    """
    import json

    from workflow import get_initiative, read_history
    from workflow.render.initiatives import history_json, history_text

    events = read_history(engine, initiative_id)
    if fmt == "json":
        click.echo(json.dumps(history_json(events), ensure_ascii=False, indent=2))
        return
    initiative = get_initiative(engine, initiative_id)
    definition = app().registry().get(initiative.workflow, initiative.workflow_version)
    click.echo(history_text(events, definition))
