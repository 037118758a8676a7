"""Every mail of the daily run goes only to people who are not deactivated, each in the person's
own language (else the schedule's); mail queued for someone deactivated since is withdrawn; the
task force hears of an initiative whose owner is deactivated. On SQLite and PostgreSQL, with a
real SMTP server on loopback."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from tests.conftest import Invoke
from tests.helpers import Desk
from tests.mailserver import MailServer
from tests.test_reminders import SCHEDULE, TEMPLATES, at
from workflow.core.initiatives import edit
from workflow.core.people import (
    add_person,
    deactivate_person,
    find_person,
    reactivate_person,
    set_language,
)
from workflow.schedule.daily import DayMail, run_day
from workflow.schedule.drafts import Queued, Skipped
from workflow.schedule.outbox import Mail
from workflow.schedule.sender import SendReport, SmtpSettings, send_outbox
from workflow.storage.core_tables import PERSON
from workflow.storage.schedule_tables import OUTBOX

REMINDER_DAY = date(2010, 11, 17)  # ten working days before Sorø's meeting on 1 December
DIGEST_DAY = date(2010, 11, 22)  # a Monday
DECISION_DAY = date(2010, 11, 23)  # the run after the chief group's decision of 22 November
OVERDUE_DAY = date(2010, 12, 2)
ESCALATION_DAY = date(2010, 12, 8)


@pytest.fixture
def cases(desk: Desk, engine: Engine) -> dict[str, int]:
    """Three initiatives, and Søren (a second project owner) and Tove (a second task force
    member) beside the cast:

    idea: Ulla's, proposed by Åse in June 2010 and still in screening (stalled after 90 days);
    ulla: Ulla's, in execution, its first milestone Søren's, due 24 November (reminded 17th);
    soeren: Søren's, in execution, its milestones on time. Neither has a status for 2010-Q4.
    """
    admin = desk.people["admin"]
    newcomers = (("soeren", "Søren Bæk", "project_owner"), ("tove", "Tove Lind", "task_force"))
    for handle, name, role in newcomers:
        desk.people[handle] = add_person(
            engine, handle=handle, name=name, email=f"{handle}@kommune.example.dk",
            roles=[role], actor=admin, clock=desk.clock,
        )  # fmt: skip
    desk.clock.set(datetime(2010, 6, 1, 9, 0, tzinfo=UTC))
    idea = desk.propose(title="Robotstøvsugere i ældreplejen")
    desk.clock.set(datetime(2010, 9, 1, 9, 0, tzinfo=UTC))
    ulla = desk.propose(title="Udbud af forsikring")
    desk.bring_to(ulla, "implementation_plan")
    desk.file(
        ulla,
        "plan",
        {
            "start": "2010-09-01",
            "description": "Udbud efter EU's regler.",
            "communication": "Nyhedsbrev.",
            "milestones": [
                {"phase": "Udbud", "title": "Tilbudsfrist", "due": "2010-11-24", "owner": "soeren"},
                {"phase": "Drift", "title": "Ny aftale i kraft", "due": "2011-03-01"},
            ],
            "tolerances": {"time_days": 30, "cost_percent": 10, "notify": ["hanne"]},
        },
    )
    desk.advance(ulla, "start", "ulla")
    soeren = desk.propose(title="Forebyggelse af sygefravær")
    desk.in_execution(soeren)
    edit(
        engine, desk.registry, actor=desk.people["hanne"], initiative_id=soeren,
        changes={"owner": "soeren"}, clock=desk.clock,
    )  # fmt: skip
    assert desk.clock.now().date() < REMINDER_DAY
    return {"idea": idea, "ulla": ulla, "soeren": soeren}


def decide(desk: Desk, day: date, schedule: Any = SCHEDULE) -> DayMail:
    """The daily run of `day`, at 06:00 that day."""
    desk.clock.set(at(day, 6))
    return run_day(desk.engine, desk.registry, schedule, TEMPLATES, day, desk.clock)


def send(desk: Desk, server: MailServer) -> SendReport:
    return send_outbox(
        desk.engine, SmtpSettings.from_env(server.env), schedule=SCHEDULE, clock=desk.clock
    )


def queued(engine: Engine, day: date) -> dict[tuple[str, str], Any]:
    """The mail decided for `day`, by kind and recipient's handle."""
    with engine.connect() as conn:
        rows = conn.execute(select(OUTBOX).where(OUTBOX.c.decided_for == day)).all()
    return {(row.kind, row.address.split("@")[0]): row for row in rows}


def deactivate(desk: Desk, handle: str) -> None:
    deactivate_person(desk.engine, handle=handle, actor=desk.people["admin"], clock=desk.clock)


def test_a_deactivated_owner_is_mailed_nothing_and_the_task_force_is_told(
    desk: Desk, engine: Engine, cases: dict[str, int], mail_server: MailServer
) -> None:
    desk.clock.set(datetime(2010, 11, 1, 9, 0, tzinfo=UTC))
    deactivate(desk, "soeren")
    deactivate(desk, "tove")

    decide(desk, REMINDER_DAY)
    reminders = queued(engine, REMINDER_DAY)
    # Ulla is reminded; Søren is not. Søren's milestone on Ulla's initiative goes to its owner.
    assert sorted(reminders) == [("milestone_reminder", "ulla"), ("status_reminder", "ulla")]
    assert reminders["status_reminder", "ulla"].initiative_id == cases["ulla"]
    milestone = reminders["milestone_reminder", "ulla"]
    assert milestone.key == (
        f"milestone_reminder/{cases['ulla']}/1/2010-11-24/{desk.people['ulla'].id}"
    )
    assert f"tiltag milestone done {cases['ulla']} 1 --as ulla" in milestone.body_text

    # The digest lists Søren's initiative, though nothing else holds it still; only to Hanne.
    decide(desk, DIGEST_DAY)
    digest = queued(engine, DIGEST_DAY)
    assert sorted(digest) == [("stalled_digest", "hanne")]
    body = digest["stalled_digest", "hanne"].body_text
    assert (
        f"- {cases['soeren']} Forebyggelse af sygefravær, projektejer Søren Bæk: "
        "projektejeren er deaktiveret (siden 2010-11-01) og får ingen påmindelser\n"
    ) in body
    assert f"- {cases['ulla']} " not in body

    decide(desk, OVERDUE_DAY)
    assert sorted(queued(engine, OVERDUE_DAY)) == [("status_overdue", "ulla")]

    # The escalation lists both, and says that Søren was not reminded.
    decide(desk, ESCALATION_DAY)
    escalation = queued(engine, ESCALATION_DAY)
    assert sorted(escalation) == [("status_escalation", "hanne")]
    lines = escalation["status_escalation", "hanne"].body_text.splitlines()
    ulla = f"- {cases['ulla']} Udbud af forsikring (Implementering), projektejer Ulla Krogh"
    assert ulla in lines
    assert (
        f"- {cases['soeren']} Forebyggelse af sygefravær (Implementering), projektejer Søren Bæk "
        "(deaktiveret: har ikke fået påmindelser)"
    ) in lines

    send(desk, mail_server)
    arrived = sorted({r.recipients[0] for r in mail_server.received})
    assert arrived == ["hanne@kommune.example.dk", "ulla@kommune.example.dk"]


def test_mail_queued_for_someone_deactivated_since_is_withdrawn(
    desk: Desk, engine: Engine, cases: dict[str, int], mail_server: MailServer
) -> None:
    decide(desk, REMINDER_DAY)
    assert sorted(queued(engine, REMINDER_DAY)) == [
        ("milestone_reminder", "soeren"),
        ("status_reminder", "soeren"),
        ("status_reminder", "ulla"),
    ]
    desk.clock.set(at(REMINDER_DAY, 7))
    deactivate(desk, "soeren")
    report = send(desk, mail_server)
    assert (report.sent, report.withdrawn, report.failed) == (1, 2, 0)
    assert [r.recipients for r in mail_server.received] == [["ulla@kommune.example.dk"]]
    mail = queued(engine, REMINDER_DAY)
    for kind in ("milestone_reminder", "status_reminder"):
        withdrawn = mail[kind, "soeren"]
        assert (withdrawn.state, withdrawn.last_error, withdrawn.sent_at) == (
            "withdrawn",
            "its recipient has been deactivated",
            None,
        )
    # Reactivated, Søren is not sent what was withdrawn: the day decided again queues nothing.
    reactivate_person(engine, handle="soeren", actor=desk.people["admin"], clock=desk.clock)
    assert decide(desk, REMINDER_DAY).enqueued == 0
    assert send(desk, mail_server).sent == 0


def test_decision_and_failure_notices_leave_deactivated_people_out(
    desk: Desk, engine: Engine, cases: dict[str, int], mail_server: MailServer
) -> None:
    desk.clock.set(at(DIGEST_DAY, 10))
    desk.go(cases["idea"])
    deactivate(desk, "aase")  # the idea's proposer
    deactivate(desk, "tove")
    mail_server.handler.unknown.add("ulla@kommune.example.dk")
    decide(desk, DECISION_DAY)
    assert sorted(queued(engine, DECISION_DAY)) == [("decision_notice", "ulla")]
    assert send(desk, mail_server).failed == 1
    decide(desk, date(2010, 11, 24))
    notices = queued(engine, date(2010, 11, 24))
    assert sorted(k for k in notices if k[0] == "mail_failures") == [
        ("mail_failures", "admin"),
        ("mail_failures", "hanne"),
    ]


def test_each_mail_is_in_its_recipients_own_language(
    desk: Desk, engine: Engine, cases: dict[str, int], mail_server: MailServer
) -> None:
    set_language(engine, desk.people["ulla"], "en")
    set_language(engine, desk.people["hanne"], "en")
    mail_server.handler.unknown.add("soeren@kommune.example.dk")  # for the notice of failures

    decide(desk, REMINDER_DAY)
    mail = queued(engine, REMINDER_DAY)
    ulla, soeren = mail["status_reminder", "ulla"], mail["status_reminder", "soeren"]
    assert ulla.subject == "Status due: Udbud af forsikring (Q4 2010)"
    assert "is due by 2010-12-01." in ulla.body_text
    assert "The initiative is at: Execution." in ulla.body_text
    assert '<html lang="en">' in ulla.body_html
    assert soeren.subject == "Husk status: Forebyggelse af sygefravær (4. kvartal 2010)"
    assert "Tiltaget er i fasen: Implementering." in soeren.body_text
    assert mail["milestone_reminder", "soeren"].subject == (
        "Milepæl nærmer sig: Tilbudsfrist (Udbud af forsikring)"
    )
    assert "skal være nået 24.11.2010" in mail["milestone_reminder", "soeren"].body_text
    send(desk, mail_server)
    arrived = {r.recipients[0]: r for r in mail_server.received}
    assert arrived["ulla@kommune.example.dk"].subject == ulla.subject
    assert arrived["ulla@kommune.example.dk"].text.startswith("Dear Ulla Krogh\r\n")

    decide(desk, DIGEST_DAY)
    digest = queued(engine, DIGEST_DAY)
    assert digest["stalled_digest", "hanne"].subject == "Stalled initiatives, week 47: 1"
    assert (
        "1 initiatives are stalled as of 2010-11-22:" in digest["stalled_digest", "hanne"].body_text
    )
    assert digest["stalled_digest", "tove"].subject == "Tiltag der står stille, uge 47: 1"
    assert "står stille pr. 22.11.2010:" in digest["stalled_digest", "tove"].body_text
    # Søren's address is unknown to the mail server: his two mails failed, and the next working
    # day decided tells the admins and the task force.
    assert digest["mail_failures", "hanne"].subject == "Mail that could not be sent: 2"
    assert digest["mail_failures", "tove"].subject == "Mail der ikke kunne sendes: 2"
    assert digest["mail_failures", "admin"].subject == "Mail der ikke kunne sendes: 2"

    desk.clock.set(at(DIGEST_DAY, 10))
    desk.go(cases["idea"])
    decide(desk, DECISION_DAY)
    decision = queued(engine, DECISION_DAY)
    assert decision["decision_notice", "ulla"].subject == (
        "The chief group has decided: Robotstøvsugere i ældreplejen (go)"
    )
    assert decision["decision_notice", "aase"].subject == (
        "Chefgruppen har besluttet: Robotstøvsugere i ældreplejen (godkendt)"
    )
    decide(desk, OVERDUE_DAY)
    assert queued(engine, OVERDUE_DAY)["status_overdue", "ulla"].subject == (
        "Status missing: Udbud af forsikring (Q4 2010)"
    )
    decide(desk, ESCALATION_DAY)
    escalation = queued(engine, ESCALATION_DAY)
    hanne, tove = escalation["status_escalation", "hanne"], escalation["status_escalation", "tove"]
    assert hanne.subject == "Status missing for Q4 2010: 2 initiatives"
    assert f"- {cases['ulla']} Udbud af forsikring (Execution), owner Ulla Krogh" in hanne.body_text
    assert tove.subject == "Status mangler for 4. kvartal 2010: 2 tiltag"
    assert (
        f"- {cases['ulla']} Udbud af forsikring (Implementering), projektejer Ulla Krogh"
        in tove.body_text
    )


def test_without_a_language_of_their_own_a_person_reads_the_schedules(
    desk: Desk, engine: Engine, cases: dict[str, int]
) -> None:
    set_language(engine, desk.people["soeren"], "da")  # chosen: Danish whatever the schedule's
    with engine.begin() as conn:  # a language no form writes, put straight into the database
        conn.execute(update(PERSON).where(PERSON.c.handle == "ulla").values(language="xx"))
    english = dataclasses.replace(SCHEDULE, language="en")
    desk.clock.set(at(REMINDER_DAY, 6))
    seen: list[Mail | Queued | Skipped] = []
    run_day(
        engine, desk.registry, english, TEMPLATES, REMINDER_DAY, desk.clock, dry_run=True,
        on_mail=seen.append,
    )  # fmt: skip
    subjects = {(m.kind, m.address): m.subject for m in seen if isinstance(m, Mail)}
    assert subjects == {
        ("status_reminder", "ulla@kommune.example.dk"): "Status due: Udbud af forsikring (Q4 2010)",
        ("status_reminder", "soeren@kommune.example.dk"): (
            "Husk status: Forebyggelse af sygefravær (4. kvartal 2010)"
        ),
        ("milestone_reminder", "soeren@kommune.example.dk"): (
            "Milepæl nærmer sig: Tilbudsfrist (Udbud af forsikring)"
        ),
    }


def test_a_language_chosen_after_the_mail_was_queued_queues_it_no_second_time(
    desk: Desk, engine: Engine, cases: dict[str, int]
) -> None:
    first = decide(desk, REMINDER_DAY)
    assert first.enqueued == 3
    set_language(engine, find_person(engine, "ulla"), "en")
    again = decide(desk, REMINDER_DAY)
    assert (again.decided, again.enqueued) == (3, 0)
    assert queued(engine, REMINDER_DAY)["status_reminder", "ulla"].subject.startswith("Husk")


def test_an_admin_sets_a_persons_language_on_the_command_line(
    run: Invoke, engine: Engine, people: dict[str, Any]
) -> None:
    changed = run("people", "edit", "ulla", "--language", "en", actor="admin")
    assert (changed.exit_code, changed.stdout) == (
        0,
        "Changed Ulla Krogh (ulla): ulla@kommune.example.dk, language en\n",
    )
    assert find_person(engine, "ulla").language == "en"
    unknown = run("people", "edit", "ulla", "--language", "fr", actor="admin")
    assert unknown.exit_code == 2
    assert "'fr' is not one of 'da', 'en'" in unknown.output
    nothing = run("people", "edit", "ulla", actor="admin")
    assert nothing.exit_code == 2
    assert "Error: give --name, --email or --language" in nothing.output
    refused = run("people", "edit", "ulla", "--language", "da", actor="ulla")
    assert (refused.exit_code, refused.output) == (
        1,
        "Error: only an admin may change people (give --as an admin)\n",
    )
    assert find_person(engine, "ulla").language == "en"
