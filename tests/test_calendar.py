"""Danish working days, status deadlines, and the schedule file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow.base.calendar import Quarter, WorkCalendar, quarter_of
from workflow.base.errors import DefinitionError
from workflow.cli import cli
from workflow.schedule.config import load_schedule, parse_schedule
from workflow.schedule.occasions import occasions

ROOT = Path(__file__).resolve().parent.parent
CALENDAR = WorkCalendar(closed=((12, 24), (12, 31)))


@pytest.mark.parametrize(
    "day,working",
    [
        (date(2010, 4, 1), False),  # skærtorsdag
        (date(2010, 4, 2), False),  # langfredag
        (date(2010, 4, 5), False),  # 2. påskedag
        (date(2010, 4, 6), True),
        (date(2010, 4, 30), False),  # store bededag
        (date(2023, 5, 5), False),  # store bededag, the last year it was a holiday
        (date(2024, 4, 26), True),  # the Friday it would have been
        (date(2010, 5, 13), False),  # Kristi himmelfart
        (date(2010, 5, 24), False),  # 2. pinsedag
        (date(2010, 6, 4), True),
        (date(2010, 12, 24), False),  # juleaften: closed by the municipality's schedule
        (date(2010, 12, 27), True),
        (date(2010, 12, 31), False),  # nytårsaften: closed
        (date(2011, 1, 1), False),  # nytårsdag (a Saturday too)
        (date(2010, 11, 20), False),  # a Saturday
        (date(2010, 11, 21), False),  # a Sunday
        (date(2010, 11, 22), True),
    ],
)
def test_working_days_follow_the_danish_calendar(day: date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


def test_working_days_are_counted_across_easter_and_christmas() -> None:
    # Five working days before Tuesday 6 April 2010 skips the four Easter holidays and a weekend.
    assert CALENDAR.add_working_days(date(2010, 4, 6), -5) == date(2010, 3, 25)
    assert CALENDAR.add_working_days(date(2010, 3, 31), 1) == date(2010, 4, 6)
    # After Thursday 23 December 2010: 24 (closed), 25-26 (weekend, holidays), so Monday 27.
    assert CALENDAR.add_working_days(date(2010, 12, 23), 1) == date(2010, 12, 27)
    assert CALENDAR.add_working_days(date(2010, 12, 30), 1) == date(2011, 1, 3)
    assert CALENDAR.add_working_days(date(2010, 12, 25), 0) == date(2010, 12, 23)
    assert len(list(CALENDAR.working_days(date(2010, 12, 20), date(2011, 1, 7)))) == 13


def test_a_status_deadline_is_a_configured_date_or_the_rule_and_never_a_closed_day() -> None:
    calendar = WorkCalendar(
        closed=((12, 24),),
        deadlines={Quarter(2010, 4): date(2010, 12, 1), Quarter(2011, 2): date(2011, 6, 5)},
        working_days_before_quarter_end=10,
    )
    assert calendar.status_deadline(Quarter(2010, 4)) == date(2010, 12, 1)
    # 5 June 2011 is a Sunday (and Grundlovsdag): moved to the working day before.
    assert calendar.status_deadline(Quarter(2011, 2)) == date(2011, 6, 3)
    # The rule: ten working days before the last working day of the quarter (31 March 2010).
    assert calendar.status_deadline(Quarter(2010, 1)) == date(2010, 3, 17)
    # Q4 2010: the last working day is 30 December when the 31st is closed, and the ten days
    # back skip Christmas Eve and the Christmas weekend.
    assert CALENDAR.status_deadline(Quarter(2010, 4)) == date(2010, 12, 15)
    assert WorkCalendar().status_deadline(Quarter(2010, 4)) == date(2010, 12, 17)


def test_quarters() -> None:
    assert quarter_of(date(2010, 12, 31)) == Quarter(2010, 4)
    assert Quarter(2010, 4).next() == Quarter(2011, 1)
    assert Quarter(2011, 1).previous() == Quarter(2010, 4)
    assert (Quarter(2010, 2).first_day, Quarter(2010, 2).last_day) == (
        date(2010, 4, 1),
        date(2010, 6, 30),
    )
    assert str(Quarter(2010, 3)) == "2010-Q3"


def test_the_shipped_schedule_holds_soroes_2010_meeting() -> None:
    schedule = load_schedule(ROOT / "definitions")
    assert schedule.calendar.status_deadline(Quarter(2010, 4)) == date(2010, 12, 1)
    assert schedule.remind_before == (10, 3)
    kinds = {
        day: [o.kind for o in occasions(schedule, day)]
        for day in schedule.calendar.working_days(date(2010, 11, 1), date(2010, 12, 31))
        if occasions(schedule, day)
    }
    assert kinds == {
        date(2010, 11, 1): ["stalled_digest"],
        date(2010, 11, 8): ["stalled_digest"],
        date(2010, 11, 15): ["stalled_digest"],
        date(2010, 11, 17): ["status_reminder", "benefits_reminder"],
        date(2010, 11, 22): ["stalled_digest"],
        date(2010, 11, 26): ["status_reminder", "benefits_reminder"],
        date(2010, 11, 29): ["stalled_digest"],
        date(2010, 12, 2): ["status_overdue", "benefits_overdue"],
        date(2010, 12, 6): ["stalled_digest"],
        date(2010, 12, 8): ["status_escalation", "benefits_escalation"],
        date(2010, 12, 13): ["stalled_digest"],
        date(2010, 12, 20): ["stalled_digest"],
        date(2010, 12, 27): ["stalled_digest"],
    }


def test_the_digest_moves_to_the_next_working_day_of_its_week() -> None:
    schedule = load_schedule(ROOT / "definitions")
    # Easter Monday 5 April 2010: the digest goes on Tuesday the 6th, once that week.
    week = [date(2010, 4, d) for d in range(5, 10)]
    assert [d for d in week if any(o.kind == "stalled_digest" for o in occasions(schedule, d))] == [
        date(2010, 4, 6)
    ]


@pytest.mark.parametrize(
    "text,line,problem",
    [
        (
            "colour: blue\n",
            1,
            "unknown key 'colour' in the schedule; allowed keys: language, "
            "daily_run_at, sender, link, smtp, calendar, status, stalled, milestones, benefits, "
            "meetings",
        ),
        (
            "calendar:\n  status_deadlines:\n    2010-Q4: 2011-01-05\n",
            3,
            "the deadline of 2010-Q4 (2011-01-05) lies outside the quarter: a status counts for "
            "the quarter it is given in",
        ),
        (
            "calendar:\n  status_deadlines:\n    2010-4: 2010-12-01\n",
            3,
            "a quarter must be written YYYY-QN, e.g. 2010-Q4 (got '2010-4')",
        ),
        (
            "calendar:\n  closed: ['12-32']\n",
            2,
            "a closed day must be MM-DD, e.g. 12-24 (got '12-32')",
        ),
        (
            "status:\n  remind_before: [10, 0]\n",
            2,
            "remind_before of status: 0 is not 1 to 60 working days",
        ),
        (
            "status:\n  overdue_after: 0\n",
            2,
            "overdue_after of status must be a whole number of working days from 1 to 60 (got 0)",
        ),
        (
            "stalled:\n  digest_weekday: sunday\n",
            2,
            "digest_weekday must be one of monday, tuesday, wednesday, thursday, friday "
            "(got 'sunday')",
        ),
        ("daily_run_at: '25:00'\n", 1, "daily_run_at must be a time HH:MM (got '25:00')"),
        ("language: fr\n", 1, "language must be one of da, en"),
        ("sender: nobody\n", 1, "sender must be an email address (got 'nobody')"),
        (
            "smtp:\n  security: ssl\n",
            2,
            "security of smtp must be none, starttls or tls (got 'ssl')",
        ),
        (
            "smtp:\n  password: hemmelig\n",
            2,
            "unknown key 'password' in smtp; allowed keys: host, "
            "port, security, user, timeout, retry_seconds",
        ),
        ("calendar: [1\n", 2, "malformed YAML"),
        (
            "calendar:\n  status_deadlines:\n    2012-Q3: 2012-07-01\n",
            3,
            "the deadline of 2012-Q3 (2012-07-01) is not a working day, and the working day "
            "before it (2012-06-29) lies in the quarter before",
        ),
        (
            "calendar:\n  working_days_before_quarter_end: 70\n",
            2,
            "working_days_before_quarter_end of calendar must be a whole number of working days "
            "from 0 to 40 (got 70)",
        ),
        (
            "status:\n  escalate_after: 130\n",
            2,
            "escalate_after of status must be a whole number of working days from 1 to 60 "
            "(got 130)",
        ),
    ],
)
def test_a_bad_schedule_names_its_file_and_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_schedule(text, "schedule.yaml")
    assert str(caught.value).startswith(f"schedule.yaml:{line}: {problem}")


def test_definitions_check_checks_the_schedule_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["definitions", "check"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"ok {ROOT / 'definitions' / 'schedule.yaml'}: schedule, 1 configured status deadlines, "
        "reminders 10, 3 working days before"
    )
    bad = tmp_path / "schedule.yaml"
    bad.write_text("status:\n  escalate_after: soon\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["definitions", "check", str(bad)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {bad}:2: escalate_after of status must be a whole number of working days from "
        "1 to 60 (got 'soon')\n",
    )


def test_the_calendar_command_shows_a_year() -> None:
    result = CliRunner().invoke(cli, ["calendar", "--year", "2010"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-3:] == [
        "  2010-Q4: 2010-12-01 Wed (configured); reminders 2010-11-17, 2010-11-26; overdue "
        "2010-12-02; escalation 2010-12-08",
        "Benefits follow-up 2010 (once a year):",
        "  2010-Q4: by 2010-12-01; reminders 2010-11-17, 2010-11-26; overdue 2010-12-02; "
        "escalation 2010-12-08",
    ]


def test_the_mail_server_may_be_set_in_the_schedule_and_the_environment_wins() -> None:
    from workflow.schedule.sender import SmtpSettings

    schedule = parse_schedule(
        "smtp:\n  host: smtp.soroe.dk\n  port: 587\n  security: starttls\n  user: tiltag\n",
        "schedule.yaml",
    )
    assert SmtpSettings.configured(schedule.smtp, {}) == SmtpSettings(
        host="smtp.soroe.dk", port=587, security="starttls", user="tiltag"
    )
    env = {"TILTAG_SMTP_HOST": "relay.soroe.dk", "TILTAG_SMTP_PASSWORD": "hemmelig", "HOME": "/"}
    settings = SmtpSettings.configured(schedule.smtp, env)
    assert (settings.host, settings.port, settings.password) == ("relay.soroe.dk", 587, "hemmelig")


def test_no_status_reminder_falls_before_its_quarter_begins() -> None:
    schedule = parse_schedule(
        "calendar:\n  closed: ['12-24', '12-31']\n  status_deadlines:\n    2011-Q1: 2011-01-14\n",
        "schedule.yaml",
    )
    reminders = [
        (day, o.offset)
        for day in schedule.calendar.working_days(date(2010, 12, 1), date(2011, 1, 31))
        for o in occasions(schedule, day)
        if o.kind == "status_reminder" and o.quarter == Quarter(2011, 1)
    ]
    # Ten working days before 14 January is 30 December, in the fourth quarter: left out.
    assert schedule.calendar.add_working_days(date(2011, 1, 14), -10) == date(2010, 12, 30)
    assert reminders == [(date(2011, 1, 11), 3)]


def test_no_overdue_notice_after_its_quarter_ends_but_the_escalation_goes() -> None:
    from workflow.schedule.occasions import status_days

    # With the rule at 0 working days, Q3 2010's deadline is its last working day, 30 September.
    schedule = parse_schedule("calendar:\n  working_days_before_quarter_end: 0\n", "s.yaml")
    days = {o.kind: o.day for o in status_days(schedule, Quarter(2010, 3))}
    assert "status_overdue" not in days  # 1 October: a status then counts for Q4
    assert days["status_escalation"] == date(2010, 10, 7)


def test_the_calendar_command_shows_the_days_that_apply(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "definitions"
    shutil.copytree(ROOT / "definitions", folder)
    (folder / "schedule.yaml").write_text(
        "calendar:\n  closed: ['12-24', '12-31']\n  status_deadlines:\n    2011-Q1: 2011-01-14\n",
        encoding="utf-8",
    )
    shown = CliRunner().invoke(cli, ["--definitions", str(folder), "calendar", "--year", "2011"])
    assert shown.stdout.splitlines()[1] == (
        "  2011-Q1: 2011-01-14 Fri (configured); reminders 2011-01-11; overdue 2011-01-17; "
        "escalation 2011-01-21"
    )
