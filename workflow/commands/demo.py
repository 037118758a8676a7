"""The demo command: a portfolio of real initiatives, built and shown."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time

import click

from workflow.commands.common import (
    app,
)

# Where `tiltag serve` answers by default.
DEMO_WEB = "http://127.0.0.1:8000"


@click.command()
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
    from workflow import (
        LOCAL_TIME,
        REMINDER_DAY,
        BusinessCase,
        FixedClock,
        Mail,
        Queued,
        Skipped,
        case_economics,
        check_moves,
        find_person,
        get_initiative,
        iter_initiatives,
        list_decisions,
        location,
        make_link,
        new_demo_database,
        next_meeting,
        read_history,
        read_records,
        read_statuses,
        run_day,
        run_demo,
        sign_in_url,
        waiting_for,
    )
    from workflow.render.approvals import decisions_text, records_text, waiting_text
    from workflow.render.initiatives import check_text, history_text, people_text, write_initiatives
    from workflow.render.schedule import day_text, mail_line, status_text
    from workflow.reports.gains import gains_report
    from workflow.reports.service import snapshot, write_report
    from workflow.reports.stalled_cases import stalled_report

    current = app()
    out = sys.stdout
    registry = current.registry()
    engine = new_demo_database(database)
    result = run_demo(engine, registry)
    realised, at_gate = result.initiative_ids[0], result.initiative_ids[4]
    owner = find_person(engine, "soeren")

    where = location(engine)
    click.echo(f"Demo database: {where}\n")
    click.echo("== Personer / people ==")
    click.echo(people_text(result.people))
    click.echo(
        f"\n== tiltag list: portefølje / portfolio ({len(result.initiative_ids)} proposals, "
        f"{result.steps} decisions, records and moves) =="
    )
    write_initiatives(iter_initiatives(engine), "table", sys.stdout)

    definition = registry.latest("effektivisering")
    records = read_records(engine, realised)
    case = records["business_case"]
    assert isinstance(case, BusinessCase)
    click.echo(f"\n== tiltag record show {realised} business_case ==")
    click.echo(records_text(records, case_economics(case, definition), ["business_case"]))
    click.echo(f"\n== tiltag decisions {realised} ==")
    click.echo(decisions_text(list_decisions(engine, realised)))
    click.echo(f"\n== tiltag history {realised} ==")
    click.echo(history_text(read_history(engine, realised), definition))

    click.echo(f"\n== tiltag check {at_gate} --as {owner.handle} ==")
    definition, _, reports = check_moves(engine, registry, actor=owner, initiative_id=at_gate)
    click.echo(check_text(get_initiative(engine, at_gate), definition, owner, reports))
    click.echo("\n== tiltag waiting chief_group ==")
    # The meeting the cases go to, as of the demo's day.
    goes_to = next_meeting(current.schedule().meetings.get("chief_group", ()), REMINDER_DAY)
    waiting = waiting_for(engine, registry, "chief_group")
    click.echo(waiting_text("chief_group", waiting, goes_to))

    scaled = [r for r in iter_initiatives(engine) if r.workflow == "effektivisering"][-1]
    click.echo(f"\n== tiltag history {scaled.id}: the trial scaled into the main lifecycle ==")
    click.echo(history_text(read_history(engine, scaled.id), definition))

    running = result.initiative_ids[1]
    click.echo(f"\n== tiltag status list {running} ==")
    click.echo(status_text(read_statuses(engine, running)))
    day = REMINDER_DAY.isoformat()
    click.echo(f"\n== tiltag remind --as-of {day}: the quarter's first reminders ==")
    decided: list[Mail | Queued | Skipped] = []
    day_mail = run_day(
        engine,
        registry,
        current.schedule(),
        current.templates(),
        REMINDER_DAY,
        FixedClock(datetime.combine(REMINDER_DAY, time(6), tzinfo=LOCAL_TIME)),
        on_mail=decided.append,
    )
    click.echo("\n".join([*map(mail_line, decided), day_text(day_mail)]))
    first = next(mail for mail in decided if isinstance(mail, Mail))
    click.echo(f"\n== {first.subject} ==")
    click.echo(first.body_text, nl=False)

    # The realised tender still expects gains until its last gain year: asked once a year.
    asked_on = date(REMINDER_DAY.year + 1, 12, 1)
    click.echo(
        f"\n== tiltag remind --as-of {asked_on} --dry-run: initiative {realised} is realised, "
        f"its gains expected until {case.last_gain_year}: benefits follow-up =="
    )
    ahead: list[Mail | Queued | Skipped] = []
    run_day(
        engine,
        registry,
        current.schedule(),
        current.templates(),
        asked_on,
        FixedClock(datetime.combine(REMINDER_DAY, time(6), tzinfo=LOCAL_TIME)),
        dry_run=True,
        on_mail=ahead.append,
    )
    click.echo("\n".join(mail_line(m) for m in ahead if m.kind.startswith("benefits")))

    noon = FixedClock(datetime.combine(REMINDER_DAY, time(12), tzinfo=LOCAL_TIME))
    schedule = current.schedule()
    with snapshot(engine) as conn:
        click.echo(f"\n== tiltag report stalled: what the task force chases on {day} ==")
        stalled = stalled_report(conn, registry, schedule, noon)
        write_report(stalled, "table", out, None, schedule.language)
        click.echo("\n== tiltag report gains: the strategy's targets against the gains ==")
        gains = gains_report(conn, registry, current.targets(), noon, None)
        write_report(gains, "table", out, None, schedule.language)
    click.echo(
        f"\nExplore further: TILTAG_DATABASE_URL={where} tiltag list\n"
        f"The quarter's report as a page: TILTAG_DATABASE_URL={where} "
        f"tiltag --now {day}T12:00 report quarterly --output kvartal.html"
    )
    # The web app as of the moment the line below gives `--now` (noon UTC): each link works
    # once, for the first 30 minutes the app's clock runs from there.
    served = FixedClock(datetime.combine(REMINDER_DAY, time(12), tzinfo=UTC))
    click.echo(
        f"\nThe web app on the demo: tiltag --now {day}T12:00 serve --database {where}\n"
        "Then, within 30 minutes, sign in with a one-time link:"
    )
    for handle, role in (("soeren", "projektejer"), ("jens", "chefgruppen")):
        person = find_person(engine, handle)
        token = make_link(engine, person, served)
        click.echo(f"  {person.name} ({role}): {sign_in_url(DEMO_WEB, token)}")
