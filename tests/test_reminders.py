"""The daily run and the sender, over a whole budget year, against a real SMTP server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.helpers import Desk
from tests.mailserver import MailServer
from workflow.approvals.dossier import change_milestone, set_record
from workflow.base.clock import LOCAL_TIME, FixedClock, local_date
from workflow.core.people import add_person
from workflow.definitions.registry import DEFAULT_FOLDER, Registry
from workflow.schedule.config import load_schedule
from workflow.schedule.daily import run_day
from workflow.schedule.drafts import Queued, Skipped
from workflow.schedule.outbox import Mail
from workflow.schedule.sender import SmtpSettings, send_outbox
from workflow.schedule.status import give_status
from workflow.storage.core_tables import INITIATIVE
from workflow.storage.schedule_tables import OUTBOX

SCHEDULE = load_schedule(DEFAULT_FOLDER)
TEMPLATES = DEFAULT_FOLDER / "templates"
SENDER = SCHEDULE.sender


def at(day: date, hour: int) -> datetime:
    """`hour` o'clock on `day` in Denmark, as UTC."""
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TIME).astimezone(UTC)


def decide_and_send(
    engine: Engine, registry: Registry, clock: FixedClock, server: MailServer, day: date
) -> None:
    """What the scheduler does on `day`: decide at 06:00, then send."""
    clock.set(at(day, 6))
    run_day(engine, registry, SCHEDULE, TEMPLATES, day, clock)
    settings = SmtpSettings.from_env(server.env)
    send_outbox(engine, settings, schedule=SCHEDULE, clock=clock)


@pytest.fixture
def portfolio(desk: Desk, engine: Engine) -> dict[str, int]:
    """Three initiatives made in autumn 2009, and Søren, a second project owner.

    screening: proposed 2 Nov (stalls after 90 days); business_case: Søren's, since 9 Nov
    (stalls after 60); execution: Ulla's, since 7 Dec (stalls after 180), with a plan whose
    milestones fall due after Easter and after Christmas 2010.
    """
    desk.clock.set(datetime(2009, 11, 2, 9, 0, tzinfo=UTC))
    desk.people["soeren"] = add_person(
        engine,
        handle="soeren",
        name="Søren Bæk",
        email="soeren@kommune.example.dk",
        roles=["project_owner"],
        actor=desk.people["admin"],
        clock=desk.clock,
    )
    idea = desk.propose(title="Robotstøvsugere i ældreplejen")
    case = desk.propose(title="Forebyggelse af sygefravær", owner="soeren")
    desk.bring_to(case, "business_case")
    running = desk.propose(title="Udbud af forsikring")
    desk.bring_to(running, "execution")
    set_record(
        engine,
        desk.registry,
        actor=desk.people["ulla"],
        initiative_id=running,
        kind="plan",
        data={
            "start": "2009-12-07",
            "description": "Udbud efter EU's regler.",
            "communication": "Nyhedsbrev.",
            "milestones": [
                {"phase": "Udbud", "title": "Udbudsmateriale klar", "due": "2010-04-06"},
                {"phase": "Udbud", "title": "Tilbudsfrist", "due": "2010-12-27"},
            ],
            "tolerances": {"time_days": 30, "cost_percent": 10, "notify": ["hanne"]},
        },
        clock=desk.clock,
    )
    assert desk.clock.now().date() == date(2009, 12, 7)
    return {"idea": idea, "case": case, "running": running}


def test_a_budget_year_sends_exactly_the_mail_it_should(
    desk: Desk, engine: Engine, portfolio: dict[str, int], mail_server: MailServer
) -> None:
    running, case = portfolio["running"], portfolio["case"]
    clock = FixedClock(at(date(2010, 1, 1), 6))
    day = date(2010, 1, 1)
    while day <= date(2010, 12, 31):
        decide_and_send(engine, desk.registry, clock, mail_server, day)
        clock.set(at(day, 10))
        # Ulla gives her status on the morning of the quarter's first reminder; Søren only once,
        # on the day after the Q3 deadline, when the overdue notice came.
        if day in (date(2010, 3, 3), date(2010, 6, 2), date(2010, 9, 2), date(2010, 11, 17)):
            give_status(
                engine, desk.registry, actor=desk.people["ulla"], initiative_id=running,
                light="green", text="Udbuddet følger planen.", clock=clock,
            )  # fmt: skip
        if day == date(2010, 9, 17):
            give_status(
                engine, desk.registry, actor=desk.people["soeren"], initiative_id=case,
                light="amber", text="Business casen er forsinket.", clock=clock,
            )  # fmt: skip
        if day == date(2010, 4, 8):
            change_milestone(
                engine, desk.registry, actor=desk.people["ulla"], initiative_id=running,
                number=1, done_on=day, clock=clock,
            )  # fmt: skip
        day += timedelta(days=1)

    with engine.connect() as conn:
        rows = conn.execute(select(OUTBOX).order_by(OUTBOX.c.id)).all()
    assert {r.state for r in rows} == {"sent"}
    # Every mail decided reached the server exactly once, under its Message-ID.
    received = mail_server.received
    assert sorted(r.message["Message-ID"] for r in received) == sorted(r.message_id for r in rows)

    sent = [(r.decided_for, r.kind, r.recipient.split("<")[1].rstrip(">")) for r in rows]
    not_digests = [s for s in sent if s[1] != "stalled_digest"]
    ulla, soeren, hanne = (f"{h}@kommune.example.dk" for h in ("ulla", "soeren", "hanne"))
    assert not_digests == [
        # Q1 (deadline 17 March, by the rule): Ulla's status comes on the first reminder.
        (date(2010, 3, 3), "status_reminder", soeren),
        (date(2010, 3, 3), "status_reminder", ulla),
        (date(2010, 3, 12), "status_reminder", soeren),
        (date(2010, 3, 18), "status_overdue", soeren),
        (date(2010, 3, 24), "status_escalation", hanne),
        # Five working days before Tuesday 6 April: Easter takes 1, 2 and 5 April.
        (date(2010, 3, 25), "milestone_reminder", ulla),
        (date(2010, 4, 7), "milestone_overdue", ulla),
        # Q2 (16 June)
        (date(2010, 6, 2), "status_reminder", soeren),
        (date(2010, 6, 2), "status_reminder", ulla),
        (date(2010, 6, 11), "status_reminder", soeren),
        (date(2010, 6, 17), "status_overdue", soeren),
        (date(2010, 6, 23), "status_escalation", hanne),
        # Q3 (16 September): Søren answers the overdue notice, so no escalation.
        (date(2010, 9, 2), "status_reminder", soeren),
        (date(2010, 9, 2), "status_reminder", ulla),
        (date(2010, 9, 13), "status_reminder", soeren),
        (date(2010, 9, 17), "status_overdue", soeren),
        # Q4 (Sorø's meeting on 1 December)
        (date(2010, 11, 17), "status_reminder", soeren),
        (date(2010, 11, 17), "status_reminder", ulla),
        (date(2010, 11, 26), "status_reminder", soeren),
        (date(2010, 12, 2), "status_overdue", soeren),
        (date(2010, 12, 8), "status_escalation", hanne),
        # Before Monday 27 December: 24 December is closed, 25-26 a weekend.
        (date(2010, 12, 17), "milestone_reminder", ulla),
        (date(2010, 12, 28), "milestone_overdue", ulla),
    ]

    # One digest a week to the task force, on the first working day of the week, listing what
    # stood still that day: worked out here from the days each initiative entered its state.
    entered = _entered(engine)
    limits = {portfolio["idea"]: 90, case: 60, running: 180}
    expected = []
    for monday in (date(2010, 1, 4) + timedelta(weeks=n) for n in range(52)):
        first = next(
            d for d in (monday + timedelta(days=k) for k in range(5))
            if SCHEDULE.calendar.is_working_day(d)
        )  # fmt: skip
        stalled = [i for i, limit in limits.items() if (first - entered[i]).days > limit]
        if stalled:
            expected.append((first, len(stalled)))
    digests = [r for r in rows if r.kind == "stalled_digest"]
    assert [(r.decided_for, int(r.subject.rsplit(": ", 1)[1])) for r in digests] == expected
    assert {r.recipient for r in digests} == {"Hanne Ravn <hanne@kommune.example.dk>"}
    assert (date(2010, 4, 6), 2) in expected  # after Easter Monday
    assert (date(2010, 5, 25), 2) in expected  # after Whit Monday
    assert expected[0] == (date(2010, 1, 11), 1) and expected[-1] == (date(2010, 12, 27), 3)


def _entered(engine: Engine) -> dict[int, date]:
    with engine.connect() as conn:
        rows = conn.execute(select(INITIATIVE.c.id, INITIATIVE.c.entered_state_at)).all()
    return {row.id: local_date(row.entered_state_at) for row in rows}


def test_deciding_a_day_twice_enqueues_nothing_more(
    desk: Desk, engine: Engine, portfolio: dict[str, int]
) -> None:
    clock = FixedClock(at(date(2010, 3, 3), 6))
    first = run_day(engine, desk.registry, SCHEDULE, TEMPLATES, date(2010, 3, 3), clock)
    again = run_day(engine, desk.registry, SCHEDULE, TEMPLATES, date(2010, 3, 3), clock)
    assert (first.decided, first.enqueued) == (2, 2)
    assert (again.decided, again.enqueued) == (2, 0)
    seen: list[Mail | Queued | Skipped] = []
    dry = run_day(
        engine, desk.registry, SCHEDULE, TEMPLATES, date(2010, 3, 12), clock, dry_run=True,
        on_mail=seen.append,
    )  # fmt: skip
    assert (dry.decided, dry.enqueued) == (2, 0)
    assert [m.kind for m in seen] == ["status_reminder", "status_reminder"]
    with engine.connect() as conn:
        assert conn.execute(select(OUTBOX.c.key).order_by(OUTBOX.c.id)).scalars().all() == [
            f"status_reminder/2010-Q1/10/{portfolio['case']}/{desk.people['soeren'].id}",
            f"status_reminder/2010-Q1/10/{portfolio['running']}/{desk.people['ulla'].id}",
        ]


def _mail_of(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(OUTBOX).order_by(OUTBOX.c.id)).all())


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_kind_of_mail_renders_in_both_languages(
    desk: Desk, engine: Engine, portfolio: dict[str, int], language: str
) -> None:
    import dataclasses

    web = "https://tiltag.kommune.example.dk"
    schedule = dataclasses.replace(SCHEDULE, language=language, link=web)
    found: dict[str, Mail] = {}
    clock = FixedClock(at(date(2010, 3, 1), 6))
    for day in (date(2010, 3, 3), date(2010, 3, 18), date(2010, 3, 24), date(2010, 3, 25),
                date(2010, 3, 29), date(2010, 4, 7)):  # fmt: skip
        run_day(
            engine, desk.registry, schedule, TEMPLATES, day, clock, dry_run=True,
            on_mail=lambda mail: isinstance(mail, Mail) and found.setdefault(mail.kind, mail),
        )  # fmt: skip
    assert sorted(found) == [
        "milestone_overdue",
        "milestone_reminder",
        "stalled_digest",
        "status_escalation",
        "status_overdue",
        "status_reminder",
    ]
    words = {"da": ("Kære", "tiltag"), "en": ("Dear", "tiltag")}[language]
    for mail in found.values():
        assert mail.body_text.startswith(words[0]) and words[1] in mail.body_text
        assert "\n" not in mail.subject and mail.subject.strip() == mail.subject
        assert f'<html lang="{language}">' in mail.body_html
        # Every reminder and notice leads to the web app: the initiative's page, or its form.
        assert f"{web}/initiatives/" in mail.body_text, mail.kind
    milestone = found["milestone_reminder"]
    assert f'href="{web}/initiatives/{milestone.initiative_id}"' in milestone.body_html
    status = found["status_reminder"]
    assert f"{web}/initiatives/{status.initiative_id}/status?quarter=2010-Q1" in status.body_text
    if language == "en":
        assert (
            found["status_overdue"].subject
            == "Status missing: Forebyggelse af sygefravær (Q1 2010)"
        )
        assert "was due by 2010-03-17" in found["status_overdue"].body_text
        assert found["milestone_reminder"].subject == (
            "Milestone coming up: Udbudsmateriale klar (Udbud af forsikring)"
        )


def test_a_status_is_not_missed_where_none_was_asked(
    desk: Desk, engine: Engine, portfolio: dict[str, int]
) -> None:
    from workflow.schedule.stalled import find_stalled

    # The idea waited in screening (which asks no status) since November 2009; it reaches the
    # business case on 14 September 2010. Three weeks later it has not missed two quarters.
    desk.clock.set(at(date(2010, 9, 7), 9))
    idea = portfolio["idea"]
    desk.bring_to(idea, "business_case")
    with engine.connect() as conn:
        stalled = {s.id: s for s in find_stalled(conn, desk.registry, date(2010, 10, 4), 2)}
    assert idea not in stalled or all("kvartaler" not in r.da for r in stalled[idea].reasons)
    # Søren's case sat in the business case all along without a status: that is missed.
    assert any("ingen status i 2 kvartaler" in r.da for r in stalled[portfolio["case"]].reasons)


def test_a_catch_up_decides_the_missed_days_but_sends_no_stale_mail(
    desk: Desk, engine: Engine, portfolio: dict[str, int], run: Any
) -> None:
    from workflow.schedule.process import catch_up
    from workflow.storage.schedule_tables import DAY_RUN

    # The scheduler last decided Monday 1 March 2010 and is started again on Wednesday 7 April.
    with engine.begin() as conn:
        conn.execute(
            DAY_RUN.insert().values(
                day=date(2010, 3, 1), finished_at=at(date(2010, 3, 1), 6), enqueued=0
            )
        )
    days = catch_up(engine, DEFAULT_FOLDER, FixedClock(at(date(2010, 4, 7), 7)))
    assert [d.day for d in days] == [
        date(2010, 3, 2) + timedelta(days=n)
        for n in range((date(2010, 4, 7) - date(2010, 3, 2)).days + 1)
    ]
    mail = [(r.decided_for, r.kind, r.recipient.split(" <")[0]) for r in _mail_of(engine)]
    assert mail == [
        # The first quarter's status may still be given (late, in the second): the overdue
        # notice and the escalation go; the reminders before 17 March do not.
        (date(2010, 3, 18), "status_overdue", "Søren Bæk"),
        (date(2010, 3, 18), "status_overdue", "Ulla Krogh"),
        (date(2010, 3, 24), "status_escalation", "Hanne Ravn"),
        # This week's digest (Easter Monday moved it to Tuesday), not one for each week missed.
        (date(2010, 4, 6), "stalled_digest", "Hanne Ravn"),
        # The milestone due on 6 April: its notice, not the reminder before it.
        (date(2010, 4, 7), "milestone_overdue", "Ulla Krogh"),
    ]
    skipped: dict[str, int] = {}
    for day in days:
        for reason, count in day.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + count
    assert skipped == {
        "status_reminder: its deadline 2010-03-17 has passed": 4,
        "stalled_digest: the digest of 2010-W10 is past; only this week's is sent": 1,
        "stalled_digest: the digest of 2010-W11 is past; only this week's is sent": 1,
        "stalled_digest: the digest of 2010-W12 is past; only this week's is sent": 1,
        "stalled_digest: the digest of 2010-W13 is past; only this week's is sent": 1,
        "milestone_reminder: the milestone was due 2010-04-06": 1,
    }
    # `tiltag remind` on a day gone by says what it skipped and why: a summary, ...
    result = run("--now", "2010-04-07T07:00", "remind", "--as-of", "2010-03-12")
    assert result.exit_code == 0
    summary = [
        "2010-03-12: 0 mail decided, 0 newly queued; 2 mails skipped as stale:",
        "  2 status_reminder: its deadline 2010-03-17 has passed",
    ]
    assert result.stdout.splitlines() == summary
    # ... and with --list a line for each mail before it.
    listed = run("--now", "2010-04-07T07:00", "remind", "--as-of", "2010-03-12", "--list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[2:] == summary
    assert [line.split()[0] for line in lines[:2]] == ["status_reminder"] * 2
    assert all(
        line.endswith("(skipped as stale: its deadline 2010-03-17 has passed)")
        for line in lines[:2]
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_proposer_and_the_owner_hear_of_a_forums_decision_once(
    desk: Desk, engine: Engine, language: str
) -> None:
    import dataclasses

    schedule = dataclasses.replace(SCHEDULE, language=language, link="https://t.example.dk")
    initiative = desk.propose(title="Fælles indkøb")  # proposed by aase, owned by ulla
    desk.clock.set(at(date(2010, 8, 18), 14))
    desk.decide(initiative, "chief_group", "recycle", justification="Mangler tal.", redo="Beregn")
    decided: list[Mail | Queued | Skipped] = []
    day = date(2010, 8, 19)  # the morning after: the run that covers the afternoon before
    clock = FixedClock(at(day, 6))
    run_day(engine, desk.registry, schedule, TEMPLATES, day, clock, on_mail=decided.append)
    notices = [m for m in decided if isinstance(m, Mail) and m.kind == "decision_notice"]
    assert sorted(m.address for m in notices) == [
        "aase@kommune.example.dk",
        "ulla@kommune.example.dk",
    ]
    words = {"da": ("Chefgruppen har besluttet", "sendt tilbage", "Beregn"),
             "en": ("The chief group has decided", "sent back", "Beregn")}[language]  # fmt: skip
    assert notices[0].subject.startswith(words[0]) and words[1] in notices[0].subject
    assert "Mangler tal." in notices[0].body_text and words[2] in notices[0].body_text
    assert f"https://t.example.dk/initiatives/{initiative}" in notices[0].body_text
    run_day(engine, desk.registry, schedule, TEMPLATES, day, clock)  # the same day again
    later: list[Mail | Queued | Skipped] = []
    next_day = date(2010, 8, 20)
    run_day(engine, desk.registry, schedule, TEMPLATES, next_day, FixedClock(at(next_day, 6)),
            on_mail=later.append)  # fmt: skip
    assert [m for m in later if isinstance(m, Mail) and m.kind == "decision_notice"] == []
    with engine.connect() as conn:
        queued = conn.execute(select(OUTBOX.c.key).where(OUTBOX.c.kind == "decision_notice"))
        assert len(queued.all()) == 2
