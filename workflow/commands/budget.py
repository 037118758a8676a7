"""Budget adjustments: the list the finance team confirms each quarter, and the confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.commands.common import COUNT, YEAR, acting, app, reading

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Person


@click.group()
def budget() -> None:
    """Budget adjustments of the gains that count (see docs/approvals.md)."""


@budget.command("list")
@click.option("--year", type=YEAR, help="Only this budget year.")
@click.option("--all", "everything", is_flag=True, help="Also those confirmed as they stand.")
@reading
def budget_list(engine: Engine, year: int | None, everything: bool) -> None:
    """The budget adjustments to confirm: the kroner each business case whose gains count takes
    back centrally, per budget year, beside what was confirmed (adjusted) before.

    \b
    Example:
      tiltag budget list --year 2011
    """
    from workflow import list_adjustments
    from workflow.render.approvals import adjustments_text

    found = list_adjustments(engine, app().registry(), year=year)
    click.echo(adjustments_text([a for a in found if everything or a.to_confirm], everything))


@budget.command("confirm")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("year", metavar="YEAR", type=YEAR)
@click.option("--account", help="The account it is posted on (default: the one before).")
@click.option("--amount", metavar="DKK", help="A correction: the amount to adjust instead.")
@click.option("--note", help="Why the amount differs from the expected (required then).")
@acting
def budget_confirm(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    year: int,
    account: str | None,
    amount: str | None,
    note: str | None,
) -> None:
    """Confirm the budget adjustment of initiative ID in budget year YEAR as expected, or
    correct it with --amount and --note (the finance team does this).

    \b
    Example:
      tiltag budget confirm 1 2011 --account 6.45.01 --as finn
      tiltag budget confirm 1 2012 --amount 1000000 --note "Præmien steg 2012" --as finn
    """
    from workflow import confirm_adjustment
    from workflow.base.formats import money

    current = app()
    done = confirm_adjustment(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        year=year,
        clock=current.writing_clock(engine),
        amount=amount.strip() if amount is not None else None,
        account=account,
        note=note,
    )
    click.echo(
        f"Initiative {initiative_id}, {year}: adjusted {money(done.adjusted or 0)} on account "
        f"{done.account} ({done.confirmed_in}; expected {money(done.expected)})"
    )
