"""Commands of the quarterly rhythm: give a status, see the calendar, decide a day's mail, look
after the outbox, run the scheduler."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from workflow.commands.common import (
    COUNT,
    DAY,
    YEAR,
    acting,
    app,
    database_option,
    open_engine,
    reading,
    text_or_json,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Occasion, Person
LIGHT_CHOICES = ("green", "amber", "red")


@click.group()
def status() -> None:
    """Quarterly status of an initiative: a traffic light and a text, dated."""


@status.command("give")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.option("--light", required=True, type=click.Choice(LIGHT_CHOICES), help="The traffic light.")
@click.option("--text", "text", required=True, help="Where the initiative stands, in a few lines.")
@click.option(
    "--gain",
    "gains",
    multiple=True,
    metavar="YEAR=DKK",
    help="Realised gains so far in a budget year (repeatable).",
)
@click.option(
    "--spent",
    metavar="DKK",
    help="What the initiative has cost so far, against its business case's investment.",
)
@click.option(
    "--quarter",
    metavar="YYYY-QN",
    help="The quarter the status is for: this one (the default) or, late, the one before.",
)
@acting
def status_give(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    light: str,
    text: str,
    gains: tuple[str, ...],
    spent: str | None,
    quarter: str | None,
) -> None:
    """Give the status of initiative ID for a budget quarter.

    The status counts for the quarter it is given in (Danish time), or for the one --quarter
    names: the quarter before may still be given, late. A second status for the same quarter is
    kept too, and the latest counts.

    \b
    Example:
      tiltag status give 3 --quarter 2010-Q3 --light green --text "Udbuddet er sendt ud" \
        --gain 2011=1500000 --as ulla
    """
    from workflow import give_status, parse_quarter

    try:
        chosen = parse_quarter(quarter) if quarter is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--quarter") from None
    current = app()
    given = give_status(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        light=light,
        text=text,
        clock=current.writing_clock(engine),
        realised_gains=_gains(gains) if gains else None,
        spent=spent.strip() if spent is not None else None,
        quarter=chosen,
    )
    click.echo(
        f"Initiative {initiative_id}: status {given.light} for {given.quarter}, "
        f"given {given.given_on.isoformat()} (version {given.version})"
    )


def _gains(pairs: tuple[str, ...]) -> dict[str, str]:
    gains: dict[str, str] = {}
    for pair in pairs:
        year, sep, amount = pair.partition("=")
        if not sep or not year.strip():
            raise click.BadParameter(f"{pair!r} is not YEAR=DKK", param_hint="--gain")
        if year.strip() in gains:
            raise click.BadParameter(f"the year {year.strip()} is given twice", param_hint="--gain")
        gains[year.strip()] = amount.strip()
    return gains


@status.command("list")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@text_or_json
@reading
def status_list(engine: Engine, initiative_id: int, fmt: str) -> None:
    """Every status given on initiative ID, oldest first.

    \b
    Example:
      tiltag status list 3
    """
    import json

    from workflow import read_statuses
    from workflow.render.schedule import status_text

    found = read_statuses(engine, initiative_id)
    if fmt == "json":
        rows = [
            {
                "quarter": str(s.quarter),
                "light": s.light,
                "text": s.text,
                "realised_gains": s.realised_gains,
                "spent": s.spent,
                "given_on": s.given_on.isoformat(),
                "given_by": s.given_by,
            }
            for s in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(status_text(found))


@click.command()
@click.option("--year", type=YEAR, help="Budget year (default: this year).")
def calendar(year: int | None) -> None:
    """The status deadlines of a budget year and the days mail goes out for them, and those of
    benefits follow-up.

    \b
    Example:
      tiltag calendar --year 2010
    """
    from workflow import Quarter, benefits_days, local_date, status_days

    current = app()
    schedule = current.schedule()
    year = year or local_date(current.clock().now()).year
    click.echo(f"Status deadlines {year} ({schedule.path or 'default schedule'}):")
    for number in range(1, 5):
        quarter = Quarter(year, number)
        days = status_days(schedule, quarter)
        deadline = days[-1].deadline
        assert deadline is not None
        source = "configured" if quarter in schedule.calendar.deadlines else "rule"

        def shown(kind: str, days: list[Occasion] = days) -> str:
            return ", ".join(o.day.isoformat() for o in days if o.kind == kind and o.day) or "none"

        click.echo(
            f"  {quarter}: {deadline.isoformat()} {deadline.strftime('%a')} ({source}); "
            f"reminders {shown('status_reminder')}; overdue {shown('status_overdue')}; "
            f"escalation {shown('status_escalation')}"
        )
    asked = [(q, d) for n in range(1, 5) if (d := benefits_days(schedule, q := Quarter(year, n)))]
    every = "every quarter" if schedule.benefits_every == "quarter" else "once a year"
    click.echo(f"Benefits follow-up {year} ({every if asked else 'never'}):")
    for quarter, days in asked:

        def said(kind: str, days: list[Occasion] = days) -> str:
            return ", ".join(o.day.isoformat() for o in days if o.kind == kind and o.day) or "none"

        click.echo(
            f"  {quarter}: by {days[-1].deadline}; reminders {said('benefits_reminder')}; "
            f"overdue {said('benefits_overdue')}; escalation {said('benefits_escalation')}"
        )


@click.command()
@click.option(
    "--as-of",
    "as_of",
    type=DAY,
    help="The day to decide (default: today in Denmark).",
)
@click.option("--dry-run", is_flag=True, help="Say what the day calls for; enqueue nothing.")
@click.option(
    "--list", "listed", is_flag=True, help="A line for every mail (default: the summary only)."
)
@reading
def remind(engine: Engine, as_of: date | None, dry_run: bool, listed: bool) -> None:
    """Decide a day's reminders, notices, escalations and digest, and put them in the outbox.

    The same run the scheduler makes every morning. Mail already in the outbox for the same
    initiative, kind, period and recipient is not enqueued again, so running it twice is harmless.
    A day still to come can only be looked at, with --dry-run. `tiltag outbox send` (or the
    scheduler) sends what is queued. It ends with one summary line; --list prints each mail
    first, as it is decided.

    \b
    Example:
      tiltag remind --as-of 2010-11-17 --dry-run --list
    """
    from workflow import local_date, run_day
    from workflow.render.schedule import day_text, mail_line

    current = app()
    clock = current.clock() if dry_run else current.writing_clock(engine)
    day = as_of if as_of else local_date(clock.now())
    day_mail = run_day(
        engine,
        current.registry(),
        current.schedule(),
        current.templates(),
        day,
        clock,
        dry_run=dry_run,
        on_mail=(lambda mail: click.echo(mail_line(mail))) if listed else None,
    )
    click.echo(day_text(day_mail, dry_run=dry_run))


@click.group()
def outbox() -> None:
    """Mail decided on: see it, send it, retry what failed."""


@outbox.command("list")
@click.option("--failed", is_flag=True, help="Only mail that failed for good.")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(["queued", "sending", "sent", "failed", "withdrawn"]),
    help="Only mail in this state (repeatable).",
)
@text_or_json
@reading
def outbox_list(engine: Engine, failed: bool, states: tuple[str, ...], fmt: str) -> None:
    """The outbox, oldest first.

    \b
    Example:
      tiltag outbox list --failed
    """
    import json

    from workflow import list_outbox
    from workflow.render.schedule import outbox_lines

    wanted = tuple(states) + (("failed",) if failed else ())
    rows = list_outbox(engine, wanted)
    if fmt == "json":
        click.echo("[", nl=False)
        for n, row in enumerate(rows):
            item = {
                "id": row.id,
                "kind": row.kind,
                "initiative": row.initiative_id,
                "to": row.recipient,
                "subject": row.subject,
                "state": row.state,
                "attempts": row.attempts,
                "decided_for": row.decided_for.isoformat(),
                "next_attempt_at": row.next_attempt_at.isoformat(),
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
                "last_error": row.last_error,
                "message_id": row.message_id,
            }
            click.echo(("," if n else "") + "\n  " + json.dumps(item, ensure_ascii=False), nl=False)
        click.echo("\n]")
        return
    for line in outbox_lines(rows):
        click.echo(line)


@outbox.command("retry")
@click.argument("ids", metavar="[ID]...", nargs=-1, type=COUNT)
@click.option("--all", "everything", is_flag=True, help="Every failed mail.")
@database_option
def outbox_retry(database: str | None, ids: tuple[int, ...], everything: bool) -> None:
    """Queue failed mail again, to be sent at the next run.

    \b
    Example:
      tiltag outbox retry 17 18
      tiltag outbox retry --all
    """
    from workflow import retry

    if bool(ids) == everything:
        raise click.UsageError("give the ids of failed mail, or --all")
    engine = open_engine(database)
    count = retry(engine, app().writing_clock(engine).now(), ids)
    click.echo(f"{count} mail queued again")


@outbox.command("send")
@reading
def outbox_send(engine: Engine) -> None:
    """Send the mail that is due now over SMTP (the schedule's `smtp:` and TILTAG_SMTP_*).

    What cannot be sent stays queued and is tried again later with a growing pause; after
    three days of failing (or a refusal for good) it is marked failed.

    \b
    Example:
      TILTAG_SMTP_HOST=smtp.kommune.dk TILTAG_SMTP_SECURITY=starttls tiltag outbox send
    """
    from workflow import SmtpSettings, send_outbox

    current = app()
    schedule = current.schedule()
    report = send_outbox(
        engine,
        SmtpSettings.configured(schedule.smtp),
        schedule=schedule,
        clock=current.writing_clock(engine),
    )
    click.echo(str(report))


@click.command("scheduler")
@database_option
def scheduler_command(database: str | None) -> None:
    """Run the scheduler: the daily run at the configured hour, sending every minute.

    Runs until stopped (Ctrl-C or SIGTERM). On start it first decides every day not decided
    yet, once each, in order; mail whose moment has passed meanwhile is skipped as stale. With
    --now its clock starts at that moment and runs on. See docs/scheduler.md for running it as
    a service.

    \b
    Example:
      TILTAG_DATABASE_URL=postgresql+psycopg://tiltag@db/tiltag tiltag scheduler
    """
    import signal
    import threading

    from workflow import get_logger

    stopping = threading.Event()  # a stop asked for while starting is kept
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stopping.set())
    get_logger("tiltag.scheduler").debug("scheduler_starting")
    from workflow.schedule.process import run

    current = app()
    run(database, current.definitions, current.now, stopping)
