"""Commands on workflow definitions: list, show and check them."""

from __future__ import annotations

from pathlib import Path

import click

from workflow.commands.common import COUNT, app


@click.group()
def definitions() -> None:
    """Workflow definitions: list, show and check them."""


@definitions.command("list")
def definitions_list() -> None:
    """List the definitions in the definitions folder.

    \b
    Example:
      tiltag definitions list
    """
    for d in app().registry().all():
        click.echo(
            f"{d.key:<24}{len(d.states):>3} states {len(d.transitions):>3} transitions  {d.label}"
        )


@definitions.command("show")
@click.argument("name")
@click.option("--version", "version", type=COUNT, help="Which version (default: the newest).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "mermaid"]),
    default="text",
    show_default=True,
    help="mermaid: the lifecycle as a Mermaid state diagram.",
)
def definitions_show(name: str, version: int | None, fmt: str) -> None:
    """Show a definition's states, gates, transitions and requirements (or its diagram).

    \b
    Example:
      tiltag definitions show effektivisering
      tiltag definitions show proevehandling --format mermaid
    """
    from workflow.render.approvals import mermaid
    from workflow.render.initiatives import definition_text

    registry = app().registry()
    definition = registry.get(name, version) if version else registry.latest(name)
    click.echo(mermaid(definition) if fmt == "mermaid" else definition_text(definition))


@definitions.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def definitions_check(files: tuple[Path, ...]) -> None:
    """Check definition files (default: every file in the definitions folder).

    Files given are checked together with the rest of the definitions folder: a `creates:` may
    name a definition there.

    Stops with exit code 1 at the first bad file, naming the file, the line and the problem.

    \b
    Example:
      tiltag definitions check definitions/effektivisering.yaml
    """
    from workflow import (
        SCHEDULE_FILE,
        TARGETS_FILE,
        Registry,
        UsageError,
        definition_files,
        definitions_folder,
        load_definition,
        load_schedule_file,
        load_targets_file,
    )

    if files:
        paths = list(files)
    else:
        folder = definitions_folder(app().definitions)
        if not folder.is_dir():
            raise UsageError(f"definitions folder {folder} does not exist")
        paths = definition_files(folder)
        paths = [p for p in (folder / SCHEDULE_FILE, folder / TARGETS_FILE) if p.exists()] + paths
    if not paths:
        raise click.UsageError("no definition files to check")
    for path in paths:
        if path.name == SCHEDULE_FILE:
            schedule = load_schedule_file(path)
            click.echo(
                f"ok {path}: schedule, {len(schedule.calendar.deadlines)} configured status "
                f"deadlines, reminders {', '.join(map(str, schedule.remind_before))} working "
                "days before"
            )
        elif path.name == TARGETS_FILE:
            targets = load_targets_file(path)
            years = ", ".join(map(str, sorted(targets.years)))
            click.echo(f"ok {path}: targets for {years}")
    paths = [path for path in paths if path.name not in (SCHEDULE_FILE, TARGETS_FILE)]
    loaded = []
    for path in paths:
        d = load_definition(path)
        loaded.append(d)
        click.echo(f"ok {path}: {d.key}, {len(d.states)} states, {len(d.transitions)} transitions")
    # Two files must not declare the same name@version, and `creates:` must name a definition:
    # files given alone are checked together with the folder's, which they stand in for.
    given = {d.key for d in loaded} | {path.resolve() for path in paths}
    folder = definitions_folder(app().definitions)
    others = [
        load_definition(path)
        for path in (definition_files(folder) if files and folder.is_dir() else [])
        if path.resolve() not in given
    ]
    Registry(loaded + [d for d in others if d.key not in given])
