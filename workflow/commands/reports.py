"""The reports: stalled cases, the quarterly report, gains against the targets, the portfolio;
as a table, CSV, JSON, Excel, a printable HTML page or a PDF, in Danish or English."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workflow.base.vocabulary import FORUMS, LANGUAGES
from workflow.commands.common import YEAR, app, reading
from workflow.reports import BINARY, FORMATS

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from workflow.reports.model import Report


@click.group()
def report() -> None:
    """Reports for the task force and the committees (see docs/reports.md)."""


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format, --output, --section and --language; the command returns a function that builds
    its report on a connection, and this writes it."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        help="table, csv, json, xlsx, html or pdf (default: from the --output suffix, else table).",
    )
    @click.option(
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (it appears whole or not at all) instead of standard output.",
    )
    @click.option("--section", help="For csv: which section (default: the report's main one).")
    @click.option(
        "--language",
        type=click.Choice(tuple(LANGUAGES)),
        help="da or en: the one language of the report (default: schedule.yaml's language).",
    )
    @reading
    @functools.wraps(command)
    def wrapper(
        engine: Engine,
        fmt: str | None,
        output: Path | None,
        section: str | None,
        language: str | None,
        **kwargs: Any,
    ) -> None:
        from workflow import UsageError
        from workflow.reports.service import format_of, snapshot, write_report, write_report_file

        chosen = format_of(fmt, output)
        if chosen in BINARY and output is None and sys.stdout.isatty():
            what = "an xlsx workbook" if chosen == "xlsx" else "a PDF"
            raise UsageError(f"{what} is not for the terminal: give --output FILE")
        language = language or app().schedule().language
        build: Callable[[Connection], Report] = command(**kwargs)
        with snapshot(engine) as conn:
            made = build(conn)
            if output is None:
                stream = sys.stdout.buffer if chosen in BINARY else sys.stdout
                write_report(made, chosen, stream, section, language)
            else:
                write_report_file(made, chosen, output, section, language)
        if output is not None:
            period = f", {made.period.text(language)}" if made.period else ""
            click.echo(f"Wrote {output}: {made.title.text(language)}{period} ({chosen})")

    return wrapper


@report.command("stalled")
@_output_options
def report_stalled() -> Callable[[Connection], Report]:
    """Initiatives that stand still today: how long, whose, why, what they lack to move on.

    Stalled: too long in a state (its stall_after_days), no status for the schedule's
    no_status_quarters, an overdue milestone, or a tolerance of the plan exceeded.

    \b
    Example:
      tiltag report stalled
      tiltag report stalled --output stalled.xlsx
    """
    from workflow.reports.stalled_cases import stalled_report

    current = app()
    registry, schedule, clock = current.registry(), current.schedule(), current.clock()
    return lambda conn: stalled_report(conn, registry, schedule, clock)


@report.command("quarterly")
@click.option("--year", type=YEAR, help="Budget year (default: this year).")
@click.option("--quarter", type=click.IntRange(1, 4), help="Quarter 1-4 (default: this one).")
@click.option(
    "--meeting",
    metavar="FORUM:DATE",
    help="For this meeting in schedule.yaml: its quarter up to the day of its figures.",
)
@_output_options
def report_quarterly(
    year: int | None, quarter: int | None, meeting: str | None
) -> Callable[[Connection], Report]:
    """The quarterly report for the chief group and the Economic Committee.

    Per initiative its state at the end of the quarter, traffic light, latest status and its
    date, expected and realised gains of the year, what happened in the quarter; the quarter in
    figures; the year's gains against the target; what awaits each forum's decision now.

    With --meeting, the report a meeting sees: the figures up to the meeting's cut-off day in
    schedule.yaml ("tal fra ultimo august"), in that day's quarter.

    \b
    Example:
      tiltag report quarterly --year 2010 --quarter 3 --output kvartal.html
      tiltag report quarterly --meeting economic_committee:2010-10-19 --output oeu.html
    """
    from workflow.reports.quarterly import quarterly_report

    current = app()
    registry, targets, clock = current.registry(), current.targets(), current.clock()
    meetings = current.schedule().meetings
    through = None
    if meeting is not None:
        through = _figures_of(meeting, year is not None or quarter is not None)
    return lambda conn: quarterly_report(
        conn, registry, targets, clock, year, quarter, through, meetings=meetings
    )


def _figures_of(meeting: str, with_quarter: bool) -> date:
    """The last day whose figures the meeting named `FORUM:YYYY-MM-DD` sees.

    Raises:
        UsageError: not a forum and a date, or given with --year or --quarter.
        UnknownMeetingError: the schedule has no such meeting.
    """
    from workflow import UsageError, find_meeting

    if with_quarter:
        raise UsageError("--meeting names the quarter itself: leave out --year and --quarter")
    forum, _, day = meeting.partition(":")
    try:
        on = date.fromisoformat(day)
    except ValueError:
        on = None
    if forum not in FORUMS or on is None:
        raise UsageError(
            f"--meeting must be FORUM:YYYY-MM-DD, e.g. economic_committee:2010-09-21 "
            f"(forums: {', '.join(FORUMS)}; got {meeting[:60]!r})"
        )
    return find_meeting(app().schedule().meetings, forum, on).figures_through


@report.command("gains")
@click.option("--year", type=YEAR, help="Only this budget year (default: every year).")
@_output_options
def report_gains(year: int | None) -> Callable[[Connection], Report]:
    """Expected and realised gains against the targets, per year and per area.

    Expected: the net gains (gain less running cost) of the business cases of initiatives in a
    state that counts them. Realised: the follow-up's, else the latest a status reported.

    \b
    Example:
      tiltag report gains --format xlsx --output gevinster.xlsx
    """
    from workflow.reports.gains import gains_report

    current = app()
    registry, targets, clock = current.registry(), current.targets(), current.clock()
    return lambda conn: gains_report(conn, registry, targets, clock, year)


@report.command("adjustments")
@click.option("--year", type=YEAR, help="Budget year of the quarter (default: this year).")
@click.option("--quarter", type=click.IntRange(1, 4), help="Quarter 1-4 (default: this one).")
@_output_options
def report_adjustments(year: int | None, quarter: int | None) -> Callable[[Connection], Report]:
    """The quarter's budget adjustments for the finance system, and what is still to confirm.

    One row per initiative, budget year, area, account and amount posted in the quarter (a
    correction posts the difference).

    \b
    Example:
      tiltag report adjustments --year 2010 --quarter 3 --format xlsx --output tilpasninger.xlsx
    """
    from workflow.reports.adjustments import adjustments_report

    current = app()
    registry, clock = current.registry(), current.clock()
    return lambda conn: adjustments_report(conn, registry, clock, year, quarter)


@report.command("catalogue")
@_output_options
def report_catalogue() -> Callable[[Connection], Report]:
    """The action catalogue for the Economic Committee: each initiative selected for it, with
    its category, area, owner and state, and per budget year its expected, budget-adjusted and
    realised gains; the totals per area; each year against the target.

    \b
    Example:
      tiltag report catalogue --output handlekatalog.xlsx
    """
    from workflow.reports.catalogue import catalogue_report

    current = app()
    registry, targets, clock = current.registry(), current.targets(), current.clock()
    return lambda conn: catalogue_report(conn, registry, targets, clock)


@report.command("portfolio")
@click.option("--year", type=YEAR, help="As at the end of this budget year (default: now).")
@click.option("--quarter", type=click.IntRange(1, 4), help="As at the end of this quarter.")
@_output_options
def report_portfolio(year: int | None, quarter: int | None) -> Callable[[Connection], Report]:
    """Counts per state, category and area, and each lifecycle's pipeline.

    \b
    Example:
      tiltag report portfolio
      tiltag report portfolio --year 2010 --quarter 2 --format csv --section pipeline
    """
    from workflow.reports.portfolio import portfolio_report

    current = app()
    registry, clock = current.registry(), current.clock()
    return lambda conn: portfolio_report(conn, registry, clock, year, quarter)


@report.command("case")
@click.argument("initiative_id", type=int)
@click.option(
    "--forum",
    type=click.Choice(tuple(FORUMS)),
    help="The forum it is for (default: the one whose decision it waits for, else chief_group).",
)
@click.option("--recommendation", help="The recommendation, instead of the one proposed.")
@click.option("--format", "fmt", type=click.Choice(("html", "pdf")), help="html or pdf.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (it appears whole or not at all) instead of standard output.",
)
@click.option(
    "--language",
    type=click.Choice(tuple(LANGUAGES)),
    help="da or en (default: schedule.yaml's language).",
)
@reading
def report_case(
    engine: Engine,
    initiative_id: int,
    forum: str | None,
    recommendation: str | None,
    fmt: str | None,
    output: Path | None,
    language: str | None,
) -> None:
    """One initiative's case presentation (sagsfremstilling) for a forum's agenda.

    Its facts, background, solution and alternatives, economics (the gains per budget year and
    kind, investments, running costs, net present value, payback), risks, kind of decision, the
    recommendation to the forum and the decisions so far, on one A4 page.

    \b
    Example:
      tiltag report case 5 --output sag-5.pdf
      tiltag report case 5 --forum economic_committee --format html --language en
    """
    from workflow import UsageError
    from workflow.base.clock import local_date
    from workflow.reports.case import case_presentation
    from workflow.reports.case_page import case_format, write_case, write_case_file
    from workflow.reports.service import snapshot

    chosen = case_format(fmt, output)
    if chosen == "pdf" and output is None and sys.stdout.isatty():
        raise UsageError("a PDF is not for the terminal: give --output FILE")
    current = app()
    language = language or current.schedule().language
    now = current.clock().now()
    with snapshot(engine) as conn:
        case = case_presentation(
            conn,
            current.registry(),
            initiative_id,
            now=now,
            today=local_date(now),
            forum=forum,
            recommendation=recommendation,
            municipality=current.targets().municipality,
        )
    if output is None:
        write_case(case, chosen, sys.stdout.buffer if chosen == "pdf" else sys.stdout, language)
        return
    write_case_file(case, chosen, output, language)
    click.echo(f"Wrote {output}: case presentation of initiative {initiative_id} ({chosen})")
