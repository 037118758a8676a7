"""Commands on records and forum decisions: fill in and show records, tick milestones, record a
forum's decision, see what waits for a forum."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workflow.commands.common import COUNT, DAY, acting, app, field_pairs, reading, text_or_json

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workflow import Person
RECORD_KINDS = (
    "business_case",
    "organisation",
    "plan",
    "follow_up",
    "trial",
    "gains_report",
)
FORUM_CHOICES = ("chief_group", "economic_committee", "city_council")
OUTCOME_CHOICES = ("go", "reject", "hold", "recycle")


@click.group()
def record() -> None:
    """Records of an initiative: business case, organisation, plan, follow-up, trial."""


@record.command("set")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("kind", type=click.Choice(RECORD_KINDS))
@click.argument("pairs", metavar="[FIELD=VALUE]...", nargs=-1)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A YAML or JSON file with the whole record (replaces the one filed).",
)
@click.option(
    "--expect-version", type=COUNT, help="Refuse if the initiative is no longer at this version."
)
@acting
def record_set(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    kind: str,
    pairs: tuple[str, ...],
    file: Path | None,
    expect_version: int | None,
) -> None:
    """File a record from a file, or change some of its fields.

    FIELD=VALUE sets a field; FIELD.KEY=VALUE one entry of a mapping (a gain of one year); a
    list takes comma-separated names; an empty value clears. Amounts are whole DKK.

    \b
    Example:
      tiltag record set 3 business_case --file case.yaml --as ulla
      tiltag record set 3 business_case expected_gains.2012=7000000 --as ulla
    """
    from workflow import UsageError, read_record_file, set_record

    if file is None and not pairs:
        raise UsageError("give --file FILE or at least one FIELD=VALUE")
    current = app()
    filed, version = set_record(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        kind=kind,
        data=read_record_file(file) if file is not None else None,
        fields=field_pairs(pairs),
        clock=current.writing_clock(engine),
        expected_version=expect_version,
    )
    missing = filed.missing()
    still = (
        f"; still missing: {', '.join(label.en for label in missing)}" if missing else "; complete"
    )
    click.echo(f"Initiative {initiative_id}: {kind} filed (version {version}){still}")


@record.command("show")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("kind", type=click.Choice(RECORD_KINDS), required=False)
@text_or_json
@reading
def record_show(engine: Engine, initiative_id: int, kind: str | None, fmt: str) -> None:
    """Show the records of an initiative (or one of them), with the computed economics.

    \b
    Example:
      tiltag record show 3 business_case
    """
    import json

    from workflow import BusinessCase, case_economics, get_initiative, read_records
    from workflow.render.approvals import records_text

    records = read_records(engine, initiative_id)
    kinds = [kind] if kind else list(RECORD_KINDS)
    initiative = get_initiative(engine, initiative_id)
    definition = app().registry().get(initiative.workflow, initiative.workflow_version)
    case = records.get("business_case")
    economics = case_economics(case, definition) if isinstance(case, BusinessCase) else None
    if fmt == "json":
        data: dict[str, Any] = {
            k: records[k].model_dump(mode="json") for k in kinds if k in records
        }
        if "business_case" in data and economics is not None:
            data["business_case"]["computed"] = {
                "net_present_value": economics.net_present_value,
                "payback_years": economics.payback_years,
                "discount_rate": economics.discount_rate,
            }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"Tiltag {initiative.id}: {initiative.title}\n")
    click.echo(records_text(records, economics, kinds))


@click.group()
def milestone() -> None:
    """Milestones of an implementation plan: mark one done or re-plan it."""


@milestone.command("done")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("number", type=COUNT)
@click.option("--on", "on", type=DAY, help="When (default: today).")
@acting
def milestone_done(
    engine: Engine, actor: Person, initiative_id: int, number: int, on: date | None
) -> None:
    """Mark milestone NUMBER (as `record show ID plan` numbers them) done.

    \b
    Example:
      tiltag milestone done 3 2 --on 2010-11-30 --as ulla
    """
    from workflow import change_milestone, local_date

    current = app()
    clock = current.writing_clock(engine)
    done_on = on if on else local_date(clock.now())
    _, version = change_milestone(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        number=number,
        clock=clock,
        done_on=done_on,
    )
    click.echo(f"Initiative {initiative_id}: milestone {number} done {done_on} (version {version})")


@milestone.command("replan")
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("number", type=COUNT)
@click.option("--reason", required=True, help="Why it is moved out of the plan, or re-dated.")
@click.option("--due", type=DAY, help="A new due date.")
@acting
def milestone_replan(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    number: int,
    reason: str,
    due: date | None,
) -> None:
    """Re-plan milestone NUMBER explicitly (it no longer holds up completion).

    \b
    Example:
      tiltag milestone replan 3 4 --reason "Flyttet til drift i 2011" --as ulla
    """
    from workflow import change_milestone

    current = app()
    _, version = change_milestone(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        number=number,
        clock=current.writing_clock(engine),
        replanned=reason,
        due=due,
    )
    click.echo(f"Initiative {initiative_id}: milestone {number} re-planned (version {version})")


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@click.argument("forum", type=click.Choice(FORUM_CHOICES))
@click.argument("outcome", type=click.Choice(OUTCOME_CHOICES))
@click.option(
    "--meeting",
    required=True,
    type=DAY,
    help="The date of the meeting that decided.",
)
@click.option("--reference", required=True, help="Where it is minuted (referat, punkt).")
@click.option("--justification", required=True, help="Why.")
@click.option("--redo", help="For recycle: what must be redone.")
@click.option("--gate", help="Refuse unless the initiative is still at this gate (state).")
@acting
def decide(
    engine: Engine,
    actor: Person,
    initiative_id: int,
    forum: str,
    outcome: str,
    meeting: date,
    reference: str,
    justification: str,
    redo: str | None,
    gate: str | None,
) -> None:
    """Record FORUM's decision (go, reject, hold, recycle) at the initiative's gate.

    A reject or hold also moves the initiative (to rejected or on hold).

    \b
    Example:
      tiltag decide 3 chief_group go --meeting 2010-08-18 --as jens \\
        --reference "Chefgruppen 18.08.2010, pkt. 4" --justification "Optages i handlekataloget"
    """
    from workflow import decide as record_decision

    current = app()
    recorded = record_decision(
        engine,
        current.registry(),
        actor=actor,
        initiative_id=initiative_id,
        forum=forum,
        outcome=outcome,
        meeting_date=meeting,
        reference=reference,
        justification=justification,
        redo=redo,
        gate=gate,
        clock=current.writing_clock(engine),
    )
    moved = (
        f"; moved {recorded.moved.from_state} -> {recorded.moved.to_state}"
        if recorded.moved
        else ""
    )
    click.echo(
        f"Initiative {initiative_id}: {forum} {outcome} at {recorded.gate}{moved} "
        f"(version {recorded.version})"
    )


@click.command()
@click.argument("initiative_id", metavar="ID", type=COUNT)
@reading
def decisions(engine: Engine, initiative_id: int) -> None:
    """List the forum decisions recorded on an initiative.

    \b
    Example:
      tiltag decisions 3
    """
    from workflow import list_decisions
    from workflow.render.approvals import decisions_text

    click.echo(decisions_text(list_decisions(engine, initiative_id)))


@click.command()
@click.argument("forum", type=click.Choice(FORUM_CHOICES))
@text_or_json
@reading
def waiting(engine: Engine, forum: str, fmt: str) -> None:
    """What waits for FORUM's decision, and the meeting it goes to.

    The meeting is the forum's first in schedule.yaml whose agenda deadline has not passed.

    \b
    Example:
      tiltag waiting chief_group
    """
    import json

    from workflow import local_date, next_meeting, waiting_for
    from workflow.render.approvals import meeting_json, waiting_text
    from workflow.render.initiatives import initiative_json

    current = app()
    found = waiting_for(engine, current.registry(), forum)
    today = local_date(current.clock().now())
    meeting = next_meeting(current.schedule().meetings.get(forum, ()), today)
    if fmt == "json":
        goes_to = meeting_json(meeting)
        rows = [
            {
                **initiative_json(r),
                "gate": gate,
                **({"note": note} if note else {}),
                "meeting": goes_to,
            }
            for r, gate, note in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(waiting_text(forum, found, meeting))
