"""A year of initiatives for the report tests: moves, decisions, records, statuses and milestones
through 2010 on the test clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tests.helpers import BUSINESS_CASE, PLAN, Desk
from workflow.schedule.status import give_status


def on(desk: Desk, day: date) -> None:
    """Set the test clock to 09:00 UTC on `day`."""
    desk.clock.set(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))


def move(desk: Desk, initiative_id: int, trigger: str, by: str, comment: str | None = None) -> None:
    """Move on the test clock's day (`Desk.advance` waits a week first)."""
    desk.advance(initiative_id, trigger, by, comment, wait=False)


def give(desk: Desk, initiative_id: int, **status: Any) -> None:
    """Ulla gives a status on the test clock's day."""
    give_status(
        desk.engine,
        desk.registry,
        actor=desk.people["ulla"],
        initiative_id=initiative_id,
        clock=desk.clock,
        **status,
    )


def build_year(desk: Desk) -> dict[str, int]:
    """Six initiatives in 2010, all Ulla's.

    - realised (Økonomi): proposed 7 June, selected 14 June, launched 21 June, organised and
      planned 28 June, in execution 5 July, its milestones done, completed 12 July and realised
      19 July; its follow-up says 550.000 kr. realised in 2010; its case expects 600.000 kr. in
      2010 less 50.000 kr. running cost.
    - running (Økonomi): like it until execution on 5 July; its first milestone (due 1 August)
      stays open; its plan allows 30 days and 10 % of the 250.000 kr. investment.
    - case (Jobcenter): selected 14 June; its business case (filed 21 June) needs the Economic
      Committee; the chief group says go on 21 June.
    - idea (Ældre): proposed 7 June, never selected.
    - rejected (Borgerservice): rejected by the chief group on 14 June.
    - new (Teknik): proposed 2 August.
    """
    on(desk, date(2010, 6, 7))
    ids = {
        "realised": desk.propose(title="Udbud af forsikring"),
        "running": desk.propose(title="Udbud af bankforretninger"),
        "case": desk.propose(title="Digital refusion af sygedagpenge", area="Jobcenter"),
        "idea": desk.propose(title="Robotstøvsugere i ældreplejen", area="Ældre"),
        "rejected": desk.propose(title="Digitale ambassadører", area="Borgerservice"),
    }
    on(desk, date(2010, 6, 14))
    desk.decide(ids["rejected"], "chief_group", "reject", justification="Dækkes andetsteds.")
    for key in ("realised", "running", "case"):
        desk.go(ids[key])
        move(desk, ids[key], "select", "hanne")
    on(desk, date(2010, 6, 21))
    desk.file(
        ids["case"], "business_case", {**BUSINESS_CASE, "decision_kind": "economic_committee"}
    )
    desk.go(ids["case"])
    for key in ("realised", "running"):
        desk.file(ids[key], "business_case")
        desk.go(ids[key])
        move(desk, ids[key], "approve_case", "ulla")
    on(desk, date(2010, 6, 28))
    for key in ("realised", "running"):
        desk.file(ids[key], "organisation")
        move(desk, ids[key], "organise", "ulla")
        desk.file(ids[key], "plan", {**PLAN, "start": "2010-06-01"})
    on(desk, date(2010, 7, 5))
    for key in ("realised", "running"):
        move(desk, ids[key], "start", "ulla")
    for number in (1, 2, 3):
        desk.done(ids["realised"], number)
    on(desk, date(2010, 7, 12))
    move(desk, ids["realised"], "complete", "ulla")
    desk.file(ids["realised"], "follow_up")
    on(desk, date(2010, 7, 19))
    move(desk, ids["realised"], "realise", "hanne", "Gevinsten for 2010 er hentet.")
    on(desk, date(2010, 8, 2))
    ids["new"] = desk.propose(title="Græsslåningsrobotter", area="Teknik")
    return ids
