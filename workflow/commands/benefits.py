"""Commands of benefits follow-up: give the gains an initiative that has ended realised in a
budget year, and list what was given."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.commands.common import COUNT, acting, app, reading, text_or_json

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Person


@click.group()
def benefits() -> None:
    """Benefits follow-up: the realised gains of an initiative that has ended as done."""


@benefits.command("give")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.option("--kroner", metavar="DKK", help="The kroner realised in the budget year so far.")
@click.option(
    "--gain",
    "gains",
    multiple=True,
    metavar="N=FIGURE",
    help="The realised figure of the business case's time or quality gain N (repeatable).",
)
@click.option("--text", "text", default="", help="A comment on the figures.")
@click.option(
    "--quarter",
    metavar="YYYY-QN",
    help="The quarter the answer is for: this one (the default) or, late, the one before.",
)
@acting
def benefits_give(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    kroner: str | None,
    gains: tuple[str, ...],
    text: str,
    quarter: str | None,
) -> None:
    """Give the gains initiative ID realised in the budget year of a quarter.

    The initiative is done (realised) while its business case expects gains in that year or
    later. The answer counts for the quarter it is given in, or the one --quarter names (the
    quarter before may still be given, late); its kroner are the year's reported gains.

    \b
    Example:
      tiltag benefits give 1 --quarter 2011-Q4 --kroner 1150000 --as ulla
    """
    from workflow import give_benefits, parse_quarter

    try:
        chosen = parse_quarter(quarter) if quarter is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--quarter") from None
    current = app()
    given = give_benefits(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        kroner=kroner.strip() if kroner is not None else None,
        figures=_figures(gains),
        text=text,
        clock=current.writing_clock(engine),
        quarter=chosen,
    )
    click.echo(
        f"Initiative {initiative_id}: realised gains of {given.year} given for {given.quarter}, "
        f"{given.given_on.isoformat()} (version {given.version})"
    )


def _figures(pairs: tuple[str, ...]) -> dict[int, float]:
    figures: dict[int, float] = {}
    for pair in pairs:
        number, sep, value = pair.partition("=")
        try:
            gain, figure = int(number), float(value)
        except ValueError:
            raise click.BadParameter(f"{pair!r} is not N=FIGURE", param_hint="--gain") from None
        if not sep or gain < 1:
            raise click.BadParameter(f"{pair!r} is not N=FIGURE", param_hint="--gain")
        if gain in figures:
            raise click.BadParameter(f"gain {gain} is given twice", param_hint="--gain")
        figures[gain] = figure
    return figures


@benefits.command("list")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@text_or_json
@reading
def benefits_list(engine: Engine, initiative_id: int, fmt: str) -> None:
    """Every answer given in the benefits follow-up of initiative ID, oldest first.

    \b
    Example:
      tiltag benefits list 1
    """
    import json

    from workflow import read_benefits
    from workflow.render.schedule import benefits_text

    found = read_benefits(engine, initiative_id)
    if fmt == "json":
        rows = [
            {
                "quarter": str(a.quarter),
                "year": a.year,
                "kroner": a.kroner,
                "figures": {str(n): f for n, f in a.figures.items()},
                "text": a.text,
                "given_on": a.given_on.isoformat(),
                "given_by": a.given_by,
            }
            for a in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(benefits_text(found))
