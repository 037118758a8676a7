"""Benefits follow-up: a realised initiative whose business case still expects gains is asked for
the realised gains once a year until its last gain year; its benefit owners are reminded and
told when overdue, the task force gets the escalation, in each person's language and never to
someone deactivated; the answers count in the gains report; the gains realisation report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import Engine, select

from tests.helpers import BUSINESS_CASE, Desk
from tests.mailserver import MailServer
from tests.test_reminders import SCHEDULE, TEMPLATES, at, decide_and_send
from workflow.approvals.dossier import set_record
from workflow.base.calendar import Quarter
from workflow.base.clock import FixedClock
from workflow.base.errors import InvalidValueError, NotAllowedError, WorkflowError
from workflow.core.people import deactivate_person, set_language
from workflow.definitions.registry import Registry
from workflow.schedule.benefits import give_benefits, read_benefits
from workflow.schedule.config import parse_schedule
from workflow.schedule.daily import run_day
from workflow.schedule.occasions import benefits_days
from workflow.storage.gain_queries import realised_rows
from workflow.storage.schedule_tables import OUTBOX

Invoke = Callable[..., Result]

# Ulla's gain in kroner runs to 2012; Birgit's hours freed run to 2011.
CASE = {
    **BUSINESS_CASE,
    "gains": [
        {"kind": "kroner", "years": {2010: 600_000, 2011: 1_200_000, 2012: 1_200_000}},
        {
            "kind": "time",
            "what": "Færre skadesager",
            "unit": "hours",
            "owner": "birgit",
            "years": {2010: 100, 2011: 400},
        },
    ],
}


@pytest.fixture
def realised(desk: Desk, engine: Engine, registry: Registry, people: Any, clock: FixedClock) -> int:
    """The insurance tender, realised in August 2010 with gains to come in 2011 and 2012."""
    initiative = desk.propose()
    desk.bring_to(initiative, "realised")
    desk.file(initiative, "business_case", CASE)  # Birgit's gain named after the gates
    return initiative


def _benefits_mail(server: MailServer) -> list[tuple[str, str, str]]:
    return [
        (m.recipients[0].split("@")[0], m.message["Subject"], m.message["Date"][5:16])
        for m in server.received
        if m.message["Subject"].split(":")[0]
        in (
            "Husk gevinstopfølgning",
            "Realiserede gevinster mangler",
            "Benefits follow-up due",
            "Realised gains missing",
            "Realiserede gevinster mangler for 2011",
            "Realiserede gevinster mangler for 2012",
        )
    ]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_a_year_of_benefits_follow_up_until_the_last_gain_year(
    realised: int,
    engine: Engine,
    registry: Registry,
    people: Any,
    clock: FixedClock,
    mail_server: MailServer,
) -> None:
    set_language(engine, people["birgit"], "en")
    for day in _days(date(2011, 1, 1), date(2011, 12, 31)):
        if day == date(2011, 12, 28):  # late, after the escalation
            clock.set(at(day, 10))
            give_benefits(
                engine,
                registry,
                actor=people["ulla"],
                initiative_id=realised,
                kroner=1_150_000,
                text="Præmierne for 2011 er gennemgået.",
                clock=clock,
            )
        decide_and_send(engine, registry, clock, mail_server, day)
    subject = "Udbud af forsikring (2011)"
    assert _benefits_mail(mail_server) == [
        ("ulla", f"Husk gevinstopfølgning: {subject}", "01 Dec 2011"),
        ("birgit", f"Benefits follow-up due: {subject}", "01 Dec 2011"),
        ("ulla", f"Husk gevinstopfølgning: {subject}", "12 Dec 2011"),
        ("birgit", f"Benefits follow-up due: {subject}", "12 Dec 2011"),
        ("ulla", f"Realiserede gevinster mangler: {subject}", "16 Dec 2011"),
        ("birgit", f"Realised gains missing: {subject}", "16 Dec 2011"),
        ("hanne", "Realiserede gevinster mangler for 2011: 1 tiltag", "22 Dec 2011"),
    ]
    # Deciding a day again queues nothing twice.
    again = run_day(engine, registry, SCHEDULE, TEMPLATES, date(2011, 12, 1), clock)
    assert (again.decided, again.enqueued) == (0, 0)  # answered since: nobody is asked
    again = run_day(engine, registry, SCHEDULE, TEMPLATES, date(2011, 12, 20), clock)
    assert again.enqueued == 0
    with engine.connect() as conn:
        keys = conn.execute(
            select(OUTBOX.c.key).where(OUTBOX.c.kind.like("benefits%")).order_by(OUTBOX.c.id)
        ).scalars()
        ulla, birgit, hanne = (people[h].id for h in ("ulla", "birgit", "hanne"))
        assert list(keys) == [
            f"benefits_reminder/2011/10/{realised}/{ulla}",
            f"benefits_reminder/2011/10/{realised}/{birgit}",
            f"benefits_reminder/2011/3/{realised}/{ulla}",
            f"benefits_reminder/2011/3/{realised}/{birgit}",
            f"benefits_overdue/2011/{realised}/{ulla}",
            f"benefits_overdue/2011/{realised}/{birgit}",
            f"benefits_escalation/2011/{hanne}",
        ]
        # The answer's kroner count as the year's realised gain; the follow-up's 2010 stands.
        rows = conn.execute(select(realised_rows()).order_by("year")).all()
    assert [(r.year, r.amount) for r in rows] == [(2010, 550_000), (2011, 1_150_000)]

    # 2012: only Ulla's gain runs on; her answer given after the reminder was queued, before it
    # was sent, withdraws it.
    mail_server.handler.received.clear()
    for day in _days(date(2012, 11, 15), date(2012, 12, 31)):
        if day == date(2012, 12, 6):
            clock.set(at(day, 6))
            run_day(engine, registry, SCHEDULE, TEMPLATES, day, clock)
            give_benefits(
                engine,
                registry,
                actor=people["ulla"],
                initiative_id=realised,
                kroner=1_000,
                clock=clock,
            )
        decide_and_send(engine, registry, clock, mail_server, day)
    assert _benefits_mail(mail_server) == [
        ("ulla", "Husk gevinstopfølgning: Udbud af forsikring (2012)", "27 Nov 2012"),
    ]
    with engine.connect() as conn:
        withdrawn = conn.execute(
            select(OUTBOX.c.state, OUTBOX.c.last_error).where(
                OUTBOX.c.key == f"benefits_reminder/2012/3/{realised}/{ulla}"
            )
        ).one()
    assert withdrawn.state == "withdrawn"
    assert "the realised gains for 2012 have been given since" in (withdrawn.last_error or "")

    # 2013: past the last gain year, nobody is asked, and no answer is taken.
    mail_server.handler.received.clear()
    for day in _days(date(2013, 11, 15), date(2013, 12, 31)):
        decide_and_send(engine, registry, clock, mail_server, day)
    assert _benefits_mail(mail_server) == []
    with pytest.raises(WorkflowError, match="expects no gains in 2013 or later"):
        give_benefits(
            engine, registry, actor=people["ulla"], initiative_id=realised, kroner=1, clock=clock
        )


def test_a_deactivated_benefit_owner_is_not_mailed_and_the_escalation_says_so(
    realised: int,
    engine: Engine,
    registry: Registry,
    people: Any,
    clock: FixedClock,
    mail_server: MailServer,
) -> None:
    deactivate_person(engine, handle="birgit", actor=people["admin"], clock=clock)
    for day in (date(2011, 12, 1), date(2011, 12, 22)):
        decide_and_send(engine, registry, clock, mail_server, day)
    assert [m[0] for m in _benefits_mail(mail_server)] == ["ulla", "hanne"]
    escalation = next(m for m in mail_server.received if m.recipients[0].startswith("hanne"))
    plain = escalation.message.get_body(("plain",))
    assert plain is not None
    body = plain.get_content()
    assert f"- {realised} Udbud af forsikring, gevinstejer Ulla Krogh (en gevinstejer er " in body


def test_who_may_give_the_realised_gains_and_what(
    realised: int, desk: Desk, engine: Engine, registry: Registry, people: Any, clock: FixedClock
) -> None:
    clock.set(at(date(2011, 6, 1), 9))
    given = give_benefits(
        engine,
        registry,
        actor=people["birgit"],
        initiative_id=realised,
        figures={2: 180},
        clock=clock,
    )
    assert (given.quarter, given.kroner, given.figures, given.given_by) == (
        Quarter(2011, 2),
        None,
        {2: 180},
        "birgit",
    )
    with pytest.raises(NotAllowedError):
        give_benefits(
            engine, registry, actor=people["jens"], initiative_id=realised, kroner=5, clock=clock
        )
    refusals: list[tuple[dict[str, Any], str]] = [
        ({"figures": {1: 5}}, "is a gain in kroner: give its realised kroner as the kroner"),
        ({"figures": {3: 5}}, "the business case has 2 gains (1 to 2)"),
        ({"kroner": -1}, "kroner"),
        ({}, "give the kroner or a gain's figure"),
        ({"kroner": 5, "quarter": Quarter(2010, 4)}, "are given from 2010-10-01 to 2011-03-31"),
    ]
    for values, words in refusals:
        with pytest.raises(InvalidValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
            give_benefits(
                engine,
                registry,
                actor=people["ulla"],
                initiative_id=realised,
                clock=clock,
                **values,
            )
    assert [a.given_by for a in read_benefits(engine, realised)] == ["birgit"]
    running = desk.propose(title="Udbud af revision")
    desk.bring_to(running, "execution")
    with pytest.raises(WorkflowError, match="in execution: realised gains are given this way"):
        give_benefits(
            engine, registry, actor=people["ulla"], initiative_id=running, kroner=5, clock=clock
        )


def test_the_command_line_gives_and_lists_the_realised_gains(realised: int, run: Invoke) -> None:
    now = ("--now", "2011-12-01T09:00")
    given = run(*now, "benefits", "give", str(realised), "--kroner", "1150000", actor="ulla")
    assert given.exit_code == 0, given.output
    assert given.stdout.startswith(
        f"Initiative {realised}: realised gains of 2011 given for 2011-Q4, 2011-12-01 (version "
    )
    listed = run(*now, "benefits", "list", str(realised))
    assert listed.stdout.splitlines()[1:] == ["    realiseret / realised: 1.150.000 kr."]
    bad = run(*now, "benefits", "give", str(realised), "--gain", "two=4", actor="ulla")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "Usage: cli benefits give [OPTIONS] ID\nTry 'cli benefits give --help' for help.\n\n"
        "Error: Invalid value for --gain: 'two=4' is not N=FIGURE\n",
    )
    late = run(
        "--now",
        "2013-02-01T09:00",
        "benefits",
        "give",
        str(realised),
        "--kroner",
        "1",
        actor="ulla",
    )
    assert (late.exit_code, late.stderr) == (
        1,
        f"Error: initiative {realised} expects no gains in 2013 or later (its last gain year is "
        "2012): its benefits follow-up has ended\n",
    )


def test_the_gains_realisation_report_is_filed_once_the_initiative_is_realised(
    realised: int, desk: Desk, engine: Engine, registry: Registry, people: Any, clock: FixedClock
) -> None:
    report = {
        "realised": [
            {"gain": 1, "years": {2010: 550_000, 2011: 1_150_000}},
            {"gain": 2, "years": {2011: 380}},
        ],
        "quality_effect": "Samme dækning; to færre selvrisici pr. år.",
        "lessons": "Forsikringsmægleren betalte sig selv hjem.",
        "verdict": "achieved",
    }
    record, _ = set_record(
        engine,
        registry,
        actor=people["ulla"],
        initiative_id=realised,
        kind="gains_report",
        data=report,
        clock=clock,
    )
    assert record.missing() == []
    with pytest.raises(InvalidValueError, match="there is no gain 3"):
        set_record(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=realised,
            kind="gains_report",
            data={**report, "realised": [{"gain": 3, "years": {2011: 1}}]},
            clock=clock,
        )
    running = desk.propose(title="Udbud af revision")
    desk.bring_to(running, "execution")
    with pytest.raises(WorkflowError, match="in execution: a gains realisation report is filed"):
        set_record(
            engine,
            registry,
            actor=people["ulla"],
            initiative_id=running,
            kind="gains_report",
            data=report,
            clock=clock,
        )


def test_the_schedule_asks_every_quarter_or_never_and_refuses_a_wrong_rhythm() -> None:
    quarterly = parse_schedule("benefits:\n  every: quarter\n  remind_before: [5]\n", "s.yaml")
    kinds = [o.kind for o in benefits_days(quarterly, Quarter(2011, 2))]
    assert kinds == ["benefits_reminder", "benefits_overdue", "benefits_escalation"]
    assert benefits_days(SCHEDULE, Quarter(2011, 2)) == []
    never = parse_schedule("benefits: {every: never}\n", "s.yaml")
    assert benefits_days(never, Quarter(2011, 4)) == []
    from workflow.base.errors import DefinitionError

    with pytest.raises(
        DefinitionError, match="every of benefits must be one of year, quarter, never"
    ):
        parse_schedule("benefits: {every: month}\n", "s.yaml")
    with pytest.raises(DefinitionError, match="quarter of benefits must be a whole number"):
        parse_schedule("benefits: {quarter: 5}\n", "s.yaml")
