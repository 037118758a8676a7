"""The people a plan names are told, once, when its time or cost tolerance is exceeded."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from structlog.testing import capture_logs

from tests.helpers import BUSINESS_CASE, PLAN, Desk
from tests.mailserver import MailServer
from tests.test_reminders import SCHEDULE, TEMPLATES, at
from workflow.core.people import deactivate_person, set_language
from workflow.schedule.daily import DayMail, no_longer_called_for, run_day
from workflow.schedule.sender import SmtpSettings, send_outbox
from workflow.schedule.stalled import find_stalled
from workflow.schedule.status import give_status
from workflow.storage.schedule_tables import OUTBOX

WEB = "https://tiltag.kommune.example.dk"
LINKED = dataclasses.replace(SCHEDULE, link=WEB)
# Due on Monday 3 May 2010: 30 days late on 2 June, 31 on 3 June.
UDBUD_DUE = "2010-05-03"


def plan(**tolerances: Any) -> dict[str, Any]:
    """A plan of two milestones with the tolerances given (hanne and ulla told by default)."""
    return {
        "start": "2010-02-01",
        "description": "Udbud efter EU's regler.",
        "communication": "Nyhedsbrev.",
        "milestones": [
            {"phase": "Udbud", "title": "Udbud", "due": UDBUD_DUE},
            {"phase": "Drift", "title": "Ny aftale i kraft", "due": "2010-12-01"},
        ],
        "tolerances": {"notify": ["hanne", "ulla"], **tolerances},
    }


@pytest.fixture
def running(desk: Desk) -> int:
    """Ulla's initiative in execution since early 2010, with a business case investing
    1.000.000 kr. and a plan whose first milestone is due 3 May 2010 (30 days' tolerance)."""
    desk.clock.set(datetime(2010, 1, 4, 9, 0, tzinfo=UTC))
    id_ = desk.propose(title="Udbud af forsikring")
    desk.bring_to(id_, "execution")
    desk.file(id_, "business_case", {**BUSINESS_CASE, "investments": {2010: 1_000_000}})
    desk.file(id_, "plan", plan(time_days=30, cost_dkk=100_000))
    return id_


def decide(desk: Desk, day: date, schedule: Any = LINKED) -> DayMail:
    """The daily run of `day`, at 06:00 that day."""
    desk.clock.set(at(day, 6))
    return run_day(desk.engine, desk.registry, schedule, TEMPLATES, day, desk.clock)


def told(engine: Engine) -> list[Any]:
    """The tolerance mail in the outbox, in the order it was queued."""
    with engine.connect() as conn:
        query = select(OUTBOX).where(OUTBOX.c.kind.like("tolerance_%")).order_by(OUTBOX.c.id)
        return list(conn.execute(query).all())


def to(row: Any) -> str:
    return str(row.recipient.split("<")[1].rstrip(">").split("@")[0])


def spend(desk: Desk, id_: int, spent: int) -> None:
    """Ulla's status saying what the initiative has cost so far."""
    desk.clock.advance(hours=3)
    give_status(
        desk.engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_,
        light="amber", text="Dyrere end ventet.", spent=spent, clock=desk.clock,
    )  # fmt: skip


def test_a_milestone_late_beyond_the_time_tolerance_is_told_once(
    desk: Desk, engine: Engine, running: int, mail_server: MailServer
) -> None:
    decide(desk, date(2010, 6, 2))  # 30 days late: at the tolerance, not beyond it
    assert told(engine) == []

    decide(desk, date(2010, 6, 3))
    mail = told(engine)
    assert [(m.kind, to(m), m.decided_for) for m in mail] == [
        ("tolerance_time", "hanne", date(2010, 6, 3)),
        ("tolerance_time", "ulla", date(2010, 6, 3)),
    ]
    hanne = mail[0]
    assert hanne.key == f"tolerance_time/{running}/1/{UDBUD_DUE}/{desk.people['hanne'].id}"
    assert hanne.subject == "Tidstolerancen er overskredet: Udbud af forsikring"
    assert hanne.body_text.startswith("Kære Hanne Ravn\n\n")
    assert (
        f'Tidstolerancen i implementeringsplanen for tiltag {running} "Udbud af forsikring" er '
        'overskredet: milepælen "Udbud" (nr. 1) er 31 dage forsinket; tolerancen er 30 dage. '
        "Den skulle være nået 03.05.2010."
    ) in hanne.body_text
    assert f"eller på {WEB}/initiatives/{running}\n" in hanne.body_text
    assert f'href="{WEB}/initiatives/{running}"' in hanne.body_html

    # Later days, and the same day again, tell nobody anew.
    assert decide(desk, date(2010, 6, 3)).enqueued == 0
    decide(desk, date(2010, 6, 4))
    decide(desk, date(2010, 6, 7))
    assert len(told(engine)) == 2

    report = send_outbox(
        engine, SmtpSettings.from_env(mail_server.env), schedule=LINKED, clock=desk.clock
    )
    assert report.sent >= 2
    arrived = [r for r in mail_server.received if "tolerancen" in r.subject]
    assert sorted(r.recipients[0] for r in arrived) == [
        "hanne@kommune.example.dk",
        "ulla@kommune.example.dk",
    ]
    assert arrived[0].subject == "Tidstolerancen er overskredet: Udbud af forsikring"
    assert "er 31 dage forsinket; tolerancen er 30 dage" in arrived[0].text


def test_a_new_due_date_late_again_is_told_again_and_a_milestone_done_is_not_told(
    desk: Desk, engine: Engine, running: int
) -> None:
    decide(desk, date(2010, 6, 3))
    assert len(told(engine)) == 2
    # The plan is revised: the milestone is due on 1 July now (and the second is done early).
    revised = plan(time_days=30, cost_dkk=100_000)
    revised["milestones"][0]["due"] = "2010-07-01"
    revised["milestones"][1] |= {"due": "2010-06-01", "done_on": "2010-06-01"}
    desk.clock.advance(hours=1)
    desk.file(running, "plan", revised)
    decide(desk, date(2010, 7, 30))  # 29 days late
    assert len(told(engine)) == 2
    decide(desk, date(2010, 8, 2))  # 32 days late: a new excess
    mail = told(engine)
    assert [(to(m), m.key.split("/")[3]) for m in mail[2:]] == [
        ("hanne", "2010-07-01"),
        ("ulla", "2010-07-01"),
    ]
    assert "er 32 dage forsinket; tolerancen er 30 dage" in mail[2].body_text


def test_a_told_milestone_done_before_the_mail_goes_is_withdrawn(
    desk: Desk, engine: Engine, running: int
) -> None:
    decide(desk, date(2010, 6, 3))
    key = told(engine)[0].key
    with engine.connect() as conn:
        assert no_longer_called_for(conn, "tolerance_time", key, date(2010, 6, 3), SCHEDULE) is None
    desk.clock.advance(hours=1)
    desk.done(running, 1)
    with engine.connect() as conn:
        reason = no_longer_called_for(conn, "tolerance_time", key, date(2010, 6, 3), SCHEDULE)
    assert reason == "the milestone has been done or re-planned since"


def test_spending_beyond_the_kroner_tolerance_is_told_once_per_budget(
    desk: Desk, engine: Engine, running: int
) -> None:
    desk.clock.set(at(date(2010, 4, 6), 6))
    spend(desk, running, 1_100_000)  # 100.000 kr. over: at the tolerance, not beyond it
    decide(desk, date(2010, 4, 7))
    assert told(engine) == []

    spend(desk, running, 1_350_000)
    decide(desk, date(2010, 4, 8))
    mail = told(engine)
    assert [(m.kind, to(m)) for m in mail] == [
        ("tolerance_cost", "hanne"),
        ("tolerance_cost", "ulla"),
    ]
    assert mail[0].key == f"tolerance_cost/{running}/1000000/100000/-/{desk.people['hanne'].id}"
    assert mail[0].subject == "Økonomitolerancen er overskredet: Udbud af forsikring"
    assert (
        "er overskredet: forbrug 1.350.000 kr. mod budget 1.000.000 kr.: 350.000 kr. over; "
        "tolerancen er 100.000 kr."
    ) in mail[0].body_text
    decide(desk, date(2010, 4, 9))
    spend(desk, running, 1_400_000)  # the same excess, grown: not told again
    decide(desk, date(2010, 4, 12))
    assert len(told(engine)) == 2

    # A revised business case sets a new budget; still exceeded, it is told again.
    desk.file(running, "business_case", {**BUSINESS_CASE, "investments": {2010: 1_200_000}})
    decide(desk, date(2010, 4, 13))
    mail = told(engine)
    assert len(mail) == 4
    assert (
        "forbrug 1.400.000 kr. mod budget 1.200.000 kr.: 200.000 kr. over; "
        "tolerancen er 100.000 kr."
    ) in mail[2].body_text
    # A revised plan allows more: nothing is exceeded, nothing told.
    desk.file(running, "plan", plan(time_days=30, cost_dkk=250_000))
    decide(desk, date(2010, 4, 14))
    assert len(told(engine)) == 4


def test_spending_beyond_the_percent_tolerance_is_told(
    desk: Desk, engine: Engine, running: int
) -> None:
    desk.file(running, "plan", plan(time_days=30, cost_percent=10))
    desk.clock.set(at(date(2010, 4, 6), 6))
    spend(desk, running, 1_100_000)  # exactly 10 % over
    decide(desk, date(2010, 4, 7))
    assert told(engine) == []
    spend(desk, running, 1_100_001)
    decide(desk, date(2010, 4, 8))
    mail = told(engine)
    assert [to(m) for m in mail] == ["hanne", "ulla"]
    assert mail[0].key.split("/")[2:5] == ["1000000", "-", "10"]
    assert (
        "forbrug 1.100.001 kr. mod budget 1.000.000 kr.: 100.001 kr. over; "
        "tolerancen er 10 % (100.000 kr.)"
    ) in mail[0].body_text


def test_of_two_cost_tolerances_the_stricter_is_the_one_told(
    desk: Desk, engine: Engine, running: int
) -> None:
    desk.file(running, "plan", plan(time_days=30, cost_dkk=300_000, cost_percent=5))
    desk.clock.set(at(date(2010, 4, 6), 6))
    spend(desk, running, 1_060_000)
    decide(desk, date(2010, 4, 7))
    assert "60.000 kr. over; tolerancen er 5 % (50.000 kr.)" in told(engine)[0].body_text
    # The stalled cases see the same excess.
    with engine.connect() as conn:
        stalled = list(find_stalled(conn, desk.registry, date(2010, 4, 7), 2))
    assert any("økonomitolerancen" in r.da for s in stalled for r in s.reasons)


def test_names_that_find_nobody_or_a_deactivated_person_are_left_out(
    desk: Desk, engine: Engine, running: int
) -> None:
    deactivate_person(engine, handle="carl", actor=desk.people["admin"], clock=desk.clock)
    named = plan(time_days=30, cost_dkk=100_000)
    named["tolerances"]["notify"] = ["hanne", "nobody", "carl", "chief_group", "ulla", "hanne"]
    desk.file(running, "plan", named)
    with capture_logs() as logs:
        decide(desk, date(2010, 6, 3))
    # carl is deactivated; chief_group is a role: jens holds it; nobody is nobody.
    assert [to(m) for m in told(engine)] == ["hanne", "jens", "ulla"]
    unknown = [e for e in logs if e["event"] == "tolerance_notify_unknown"]
    assert unknown == [
        {
            "event": "tolerance_notify_unknown",
            "log_level": "warning",
            "initiative": running,
            "name": "nobody",
        }
    ]


def test_each_person_is_told_in_their_own_language(
    desk: Desk, engine: Engine, running: int
) -> None:
    set_language(engine, desk.people["ulla"], "en")
    desk.clock.set(at(date(2010, 6, 2), 6))
    spend(desk, running, 1_350_000)
    decide(desk, date(2010, 6, 3))
    mail = {(m.kind, to(m)): m for m in told(engine)}
    assert sorted(mail) == [
        ("tolerance_cost", "hanne"),
        ("tolerance_cost", "ulla"),
        ("tolerance_time", "hanne"),
        ("tolerance_time", "ulla"),
    ]
    time, cost = mail["tolerance_time", "ulla"], mail["tolerance_cost", "ulla"]
    assert time.subject == "Time tolerance exceeded: Udbud af forsikring"
    assert time.body_text.startswith("Dear Ulla Krogh\n\n")
    assert (
        'milestone "Udbud" (no. 1) is 31 days late; the tolerance is 30 days. '
        "It was due 2010-05-03."
    ) in time.body_text
    assert f"or at {WEB}/initiatives/{running}\n" in time.body_text
    assert '<html lang="en">' in time.body_html
    assert cost.subject == "Cost tolerance exceeded: Udbud af forsikring"
    assert (
        "spent DKK 1,350,000 against a budget of DKK 1,000,000: DKK 350,000 over; "
        "the tolerance is DKK 100,000."
    ) in cost.body_text
    assert mail["tolerance_time", "hanne"].subject.startswith("Tidstolerancen")
    # With English as the schedule's language, a person who chose none reads English too (the
    # outbox emptied: mail queued already is not written again).
    with engine.begin() as conn:
        conn.execute(delete(OUTBOX))
    english = dataclasses.replace(LINKED, language="en")
    seen: list[Any] = []
    run_day(
        engine, desk.registry, english, TEMPLATES, date(2010, 6, 4), desk.clock, dry_run=True,
        on_mail=seen.append,
    )  # fmt: skip
    assert {m.subject for m in seen if m.kind == "tolerance_time"} == {
        "Time tolerance exceeded: Udbud af forsikring"
    }


def test_an_initiative_that_has_ended_tells_nobody(
    desk: Desk, engine: Engine, running: int
) -> None:
    tolerances = {"time_days": 30, "cost_dkk": 100_000, "notify": ["hanne"]}
    desk.file(running, "plan", {**PLAN, "tolerances": tolerances})
    desk.clock.set(at(date(2010, 6, 2), 6))
    spend(desk, running, 1_350_000)
    seen: list[Any] = []
    run_day(
        engine, desk.registry, LINKED, TEMPLATES, date(2010, 6, 2), desk.clock, dry_run=True,
        on_mail=seen.append,
    )  # fmt: skip
    assert [m.kind for m in seen if m.kind.startswith("tolerance")] == ["tolerance_cost"]
    for trigger, by, comment in (("complete", "ulla", None), ("realise", "hanne", "Nået.")):
        desk.prepare(running, trigger)
        desk.advance(running, trigger, by, comment)
    decide(desk, date(2010, 9, 1))  # realised: still over budget, but it has ended
    assert told(engine) == []
