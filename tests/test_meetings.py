"""The forums' meeting calendar: each meeting's agenda deadline (working days before it, Danish
holidays and closed days skipped, or a date) and the day whose figures it sees, read from
`schedule.yaml` with line numbers in every refusal; the meeting a waiting case goes to, across
the deadline day, in `tiltag waiting` and on the forum's agenda page; the quarterly report for
a meeting, as of its figures; and the agenda deadlines in the forum members' calendar feeds."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar
from sqlalchemy import Engine

from tests.helpers import BUSINESS_CASE, Desk
from tests.test_web import signed_in
from tests.web_server import WebServer
from workflow.base.clock import FixedClock
from workflow.base.errors import DefinitionError, UnknownMeetingError
from workflow.cli import cli
from workflow.core.people import Person
from workflow.definitions.registry import DEFAULT_FOLDER, Registry
from workflow.reports.model import Coded, Report
from workflow.reports.quarterly import quarterly_report
from workflow.reports.service import snapshot
from workflow.reports.targets import load_targets
from workflow.schedule.config import Schedule, load_schedule, parse_schedule
from workflow.schedule.deadlines import deadlines_of
from workflow.schedule.ics import render_calendar
from workflow.schedule.meetings import Meeting, find_meeting, meeting_label, next_meeting

SHIPPED = load_schedule(DEFAULT_FOLDER)
TARGETS = load_targets(DEFAULT_FOLDER)

# Økonomiudvalget's autumn with its agenda deadline ten working days before, and its figures
# from the end of the month before; one meeting with its own deadline and figures.
CALENDAR = """\
calendar:
  closed: ["12-24", "12-31"]
meetings:
  economic_committee:
    agenda_deadline: 10
    figures: end_of_previous_month
    dates:
      - 2010-09-21 16:00-18:00
      - 2010-10-19 16:00-18:00
      - {date: 2010-11-16, agenda_deadline: 2010-10-30, figures: 2010-08-31}
  chief_group: [2010-09-01, 2010-10-06]
"""


def _meetings(text: str, forum: str = "economic_committee") -> tuple[Meeting, ...]:
    return parse_schedule(text, "schedule.yaml").meetings[forum]


# Reading the calendar


def test_the_short_forms_stay_valid_without_a_deadline_or_figures() -> None:
    meetings = _meetings("meetings:\n  chief_group: [2010-09-01, 2010-10-06 09:00-11:00]\n",
                         "chief_group")  # fmt: skip
    assert meetings == (Meeting(date(2010, 9, 1)), Meeting(date(2010, 10, 6), time(9), time(11)))
    assert [(m.agenda_deadline, m.figures) for m in meetings] == [(None, None), (None, None)]
    # No deadline: cases go up to the meeting's day; no figures: up to the day before it.
    assert meetings[0].takes_cases_until == date(2010, 9, 1)
    assert meetings[0].figures_through == date(2010, 8, 31)


def test_a_forums_defaults_and_a_meetings_own_deadline_and_figures() -> None:
    september, october, november = _meetings(CALENDAR)
    # Ten working days before Tuesday 21 September: Tuesday 7 September.
    assert (september.agenda_deadline, september.figures) == (date(2010, 9, 7), date(2010, 8, 31))
    assert (september.start, september.end) == (time(16), time(18))
    assert (october.agenda_deadline, october.figures) == (date(2010, 10, 5), date(2010, 9, 30))
    # 30 October 2010 is a Saturday: the deadline is the Friday before.
    assert (november.agenda_deadline, november.figures) == (date(2010, 10, 29), date(2010, 8, 31))


@pytest.mark.parametrize(
    "day,working_days,deadline",
    [
        # Easter 2010: Maundy Thursday 1 April, Good Friday 2 April, Easter Monday 5 April.
        ("2010-04-07", 3, date(2010, 3, 30)),
        # Christmas: the 24th closed, the 25th and 26th holidays, then a weekend.
        ("2010-12-28", 2, date(2010, 12, 23)),
        # Store Bededag (the fourth Friday after Easter) up to 2023: 30 April 2010.
        ("2010-05-03", 1, date(2010, 4, 29)),
        ("2024-04-29", 1, date(2024, 4, 26)),  # abolished: 26 April 2024 is a working day
        # A Monday meeting, one working day before: the Friday.
        ("2010-09-06", 1, date(2010, 9, 3)),
    ],
)
def test_the_agenda_deadline_counts_working_days_past_holidays_and_weekends(
    day: str, working_days: int, deadline: date
) -> None:
    text = (
        'calendar:\n  closed: ["12-24"]\nmeetings:\n  city_council:\n'
        f"    agenda_deadline: {working_days}\n    dates: [{day}]\n"
    )
    (meeting,) = _meetings(text, "city_council")
    assert meeting.agenda_deadline == deadline


def test_the_figures_rules() -> None:
    text = (
        "meetings:\n  chief_group:\n    figures: end_of_previous_quarter\n"
        "    dates: [2010-10-06, 2010-12-01, {date: 2011-01-05, figures: end_of_previous_month}]\n"
    )
    assert [m.figures for m in _meetings(text, "chief_group")] == [
        date(2010, 9, 30),
        date(2010, 9, 30),
        date(2010, 12, 31),
    ]


def test_the_shipped_schedule_gives_soroes_autumn_2010_its_deadlines_and_figures() -> None:
    chief = {m.day: m for m in SHIPPED.meetings["chief_group"]}
    # Seed 003: the status meetings of 6 October and 1 December, on the figures from the end of
    # August and of October; five working days to get a case on the agenda.
    assert chief[date(2010, 10, 6)].figures == date(2010, 8, 31)
    assert chief[date(2010, 12, 1)].figures == date(2010, 10, 31)
    assert chief[date(2010, 10, 6)].agenda_deadline == date(2010, 9, 29)
    committee = {m.day: m for m in SHIPPED.meetings["economic_committee"]}
    assert committee[date(2010, 9, 21)].agenda_deadline == date(2010, 9, 7)
    assert committee[date(2010, 9, 21)].figures == date(2010, 8, 31)
    assert all(m.agenda_deadline is None for m in SHIPPED.meetings["city_council"])


@pytest.mark.parametrize(
    "text,error",
    [
        (
            "meetings:\n  chief_group:\n    agenda_deadline: 0\n    dates: [2010-09-01]\n",
            "schedule.yaml:3: agenda_deadline of chief_group must be a whole number of working "
            "days before the meeting from 1 to 60 (got 0)",
        ),
        (
            "meetings:\n  chief_group:\n    agenda_deadline: ten\n    dates: [2010-09-01]\n",
            "schedule.yaml:3: agenda_deadline of chief_group must be a whole number of working "
            "days before the meeting from 1 to 60 (got 'ten')",
        ),
        (
            "meetings:\n  chief_group:\n    agenda_deadline: 2010-08-25\n    dates: [2010-09-01]\n",
            "schedule.yaml:3: agenda_deadline of chief_group must be a whole number of working "
            "days before the meeting from 1 to 60 (got datetime.date(2010, 8, 25))",
        ),
        (
            "meetings:\n  chief_group:\n    dates:\n      - 2010-09-01\n"
            "      - {date: 2010-10-06,\n         agenda_deadline: 2010-10-06}\n",
            "schedule.yaml:6: the agenda deadline of the meeting of chief_group on 2010-10-06 "
            "(2010-10-06) must lie before the meeting",
        ),
        (
            "meetings:\n  chief_group:\n    dates:\n"
            "      - {date: 2010-10-06, agenda_deadline: 61}\n",
            "schedule.yaml:4: agenda_deadline of chief_group must be a whole number of working "
            "days before the meeting from 1 to 60, or the date of one meeting's deadline "
            "(YYYY-MM-DD) (got 61)",
        ),
        (
            "meetings:\n  chief_group:\n    figures: ultimo august\n    dates: [2010-09-01]\n",
            "schedule.yaml:3: figures of chief_group must be end_of_previous_month or "
            "end_of_previous_quarter (got 'ultimo august')",
        ),
        (
            "meetings:\n  chief_group:\n    dates:\n      - date: 2010-10-06\n"
            "        figures: 2010-10-07\n",
            "schedule.yaml:5: the figures of the meeting of chief_group on 2010-10-06 "
            "(2010-10-07) must be from before the meeting",
        ),
        (
            "meetings:\n  chief_group:\n    agenda_deadline: 5\n",
            "schedule.yaml:3: the meetings of chief_group lacks the required key 'dates'",
        ),
        (
            "meetings:\n  chief_group:\n    deadline: 5\n    dates: [2010-09-01]\n",
            "schedule.yaml:3: unknown key 'deadline' in the meetings of chief_group; allowed "
            "keys: dates, agenda_deadline, figures",
        ),
        (
            "meetings:\n  chief_group:\n    dates:\n      - {day: 2010-10-06}\n",
            "schedule.yaml:4: unknown key 'day' in a meeting of chief_group; allowed keys: "
            "date, agenda_deadline, figures",
        ),
        (
            "meetings:\n  chief_group:\n    dates:\n      - {figures: 2010-08-31}\n",
            "schedule.yaml:4: a meeting of chief_group lacks the required key 'date'",
        ),
        (
            "meetings:\n  chief_group:\n    dates:\n      - 2010-10-06\n"
            "      - {date: 2010-10-06, figures: 2010-08-31}\n",
            "schedule.yaml:5: the meetings of chief_group name 2010-10-06 twice",
        ),
        (
            "meetings:\n  chief_group:\n    dates: 2010-10-06\n",
            "schedule.yaml:3: the meetings of chief_group must be a list of dates, e.g."
            " [2010-09-01, 2010-10-06 09:00-11:00]",
        ),
    ],
)
def test_bad_meeting_settings_are_refused_with_their_line(text: str, error: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_schedule(text, "schedule.yaml")
    assert str(caught.value) == error


# Which meeting a case goes to


def test_a_case_goes_to_the_first_meeting_whose_agenda_deadline_has_not_passed() -> None:
    september, october, november = _meetings(CALENDAR)
    meetings = (september, october, november)
    assert next_meeting(meetings, date(2010, 8, 18)) == september
    assert next_meeting(meetings, date(2010, 9, 7)) == september  # the deadline's own day
    assert next_meeting(meetings, date(2010, 9, 8)) == october  # the day after
    assert next_meeting(meetings, date(2010, 9, 21)) == october  # on the meeting's day
    assert next_meeting(meetings, date(2010, 10, 29)) == november
    assert next_meeting(meetings, date(2010, 10, 30)) is None  # none left
    assert next_meeting((), date(2010, 8, 18)) is None
    # Without a deadline a meeting takes cases up to its own day.
    chief = _meetings(CALENDAR, "chief_group")
    assert next_meeting(chief, date(2010, 9, 1)) == chief[0]
    assert next_meeting(chief, date(2010, 9, 2)) == chief[1]


def test_a_meeting_in_words() -> None:
    september, _, november = _meetings(CALENDAR)
    label = meeting_label("economic_committee", september)
    assert label.da == "Økonomiudvalget 21. september 2010 (frist 7. september)"
    assert label.en == "The Economic Committee 21 September 2010 (deadline 7 September)"
    assert meeting_label("economic_committee", november).da == (
        "Økonomiudvalget 16. november 2010 (frist 29. oktober)"
    )
    january = Meeting(date(2011, 1, 4), agenda_deadline=date(2010, 12, 21))
    assert meeting_label("chief_group", january).da == (
        "Chefgruppen 4. januar 2011 (frist 21. december 2010)"
    )
    assert (
        meeting_label("city_council", Meeting(date(2010, 9, 30))).da == "Byrådet 30. september 2010"
    )


def test_a_meeting_not_in_the_schedule_is_refused_with_the_nearest() -> None:
    meetings = parse_schedule(CALENDAR, "schedule.yaml").meetings
    assert find_meeting(meetings, "economic_committee", date(2010, 9, 21)).day == date(2010, 9, 21)
    with pytest.raises(UnknownMeetingError) as caught:
        find_meeting(meetings, "economic_committee", date(2010, 9, 22))
    assert str(caught.value) == (
        "economic_committee has no meeting on 2010-09-22 in the schedule (schedule.yaml, "
        "meetings:); the nearest: 2010-09-21 and 2010-10-19"
    )
    with pytest.raises(UnknownMeetingError, match="; it has no meetings there$"):
        find_meeting(meetings, "city_council", date(2010, 9, 30))
    assert Schedule().meetings == {}


# On the command line, on SQLite and PostgreSQL


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The shipped definitions with CALENDAR as their schedule."""
    copy = tmp_path / "definitions"
    shutil.copytree(DEFAULT_FOLDER, copy)
    (copy / "schedule.yaml").write_text(CALENDAR, encoding="utf-8")
    return copy


def _tiltag(database_url: str, folder: Path, now: str, *args: str) -> Result:
    env = {
        "TILTAG_DATABASE_URL": database_url,
        "TILTAG_DEFINITIONS": str(folder),
        "TILTAG_NOW": f"{now}T09:00:00+00:00",
    }
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def _at_the_committee(desk: Desk) -> int:
    """A case whose business case the Economic Committee decides, the chief group's go given."""
    id_ = desk.propose(title="Udbud af revision")
    desk.bring_to(id_, "business_case")
    desk.file(id_, "business_case", {**BUSINESS_CASE, "decision_kind": "economic_committee"})
    desk.go(id_)
    return id_


def test_waiting_says_the_meeting_across_the_deadline_day(
    desk: Desk, database_url: str, folder: Path
) -> None:
    case = _at_the_committee(desk)
    on_the_day = _tiltag(database_url, folder, "2010-09-07", "waiting", "economic_committee")
    assert on_the_day.exit_code == 0, on_the_day.output
    assert on_the_day.stdout.splitlines()[:2] == [
        "Venter på Økonomiudvalget / waiting for the Economic Committee: 1",
        "Næste møde / next meeting: Økonomiudvalget 21. september 2010 (frist 7. september)",
    ]
    assert on_the_day.stdout.splitlines()[2].startswith(f"  {case:<5} business_case ")
    after = _tiltag(database_url, folder, "2010-09-08", "waiting", "economic_committee")
    assert after.stdout.splitlines()[1] == (
        "Næste møde / next meeting: Økonomiudvalget 19. oktober 2010 (frist 5. oktober)"
    )
    rows = json.loads(
        _tiltag(
            database_url, folder, "2010-09-08", "waiting", "economic_committee", "--format", "json"
        ).stdout
    )
    assert [(r["id"], r["meeting"]) for r in rows] == [
        (
            case,
            {
                "date": "2010-10-19",
                "start": "16:00",
                "end": "18:00",
                "agenda_deadline": "2010-10-05",
                "figures_through": "2010-09-30",
            },
        )
    ]


def test_waiting_says_so_plainly_when_no_meeting_is_to_come(
    desk: Desk, database_url: str, folder: Path
) -> None:
    desk.propose(title="Ny idé")
    for forum, now in (("city_council", "2010-09-08"), ("chief_group", "2010-10-07")):
        shown = _tiltag(database_url, folder, now, "waiting", forum)
        assert shown.exit_code == 0
        assert shown.stdout.splitlines()[1] == (
            "Næste møde / next meeting: intet kommende møde i mødekalenderen / no meeting to come "
            "in the schedule"
        )
    rows = json.loads(
        _tiltag(
            database_url, folder, "2010-10-07", "waiting", "chief_group", "--format", "json"
        ).stdout
    )
    assert [r["meeting"] for r in rows] == [None]


# The quarterly report for a meeting


def _moved_in_september(desk: Desk) -> int:
    """A proposal of 18 August that the chief group selects on 10 September."""
    id_ = desk.propose(title="Udbud af revision")
    desk.clock.set(datetime(2010, 9, 10, 9, tzinfo=UTC))
    desk.go(id_)
    desk.advance(id_, "select", "hanne", wait=False)
    desk.clock.set(datetime(2010, 10, 10, 9, tzinfo=UTC))
    return id_


def test_the_quarterly_report_for_a_meeting_is_as_of_its_figures(
    desk: Desk, engine: Engine
) -> None:
    id_ = _moved_in_september(desk)

    def state(report: Report) -> str:
        rows = {row[0]: row for row in report.section("initiatives").rows}
        coded = rows[id_][1]
        assert isinstance(coded, Coded)
        return coded.code

    with snapshot(engine) as conn:
        meetings = SHIPPED.meetings
        whole = quarterly_report(
            conn, desk.registry, TARGETS, desk.clock, 2010, 3, meetings=meetings
        )
        assert state(whole) == "business_case"
        cut = quarterly_report(
            conn, desk.registry, TARGETS, desk.clock, through=date(2010, 8, 31), meetings=meetings
        )
        assert state(cut) == "screening"  # as it stood at the end of August
        # The quarter's moves and decisions up to the figures' day only.
        assert list(cut.section("overview").rows)[0][6:] == (0, 0)
    assert cut.as_of == datetime(2010, 8, 31, 22, tzinfo=UTC)  # midnight in Denmark
    assert cut.through == date(2010, 8, 31)
    assert cut.period is not None
    assert (cut.period.da, cut.period.en) == (
        "3. kvartal 2010, tal til og med 31.08.2010",
        "Q3 2010, figures through 2010-08-31",
    )


def test_report_quarterly_meeting_on_the_command_line(
    desk: Desk, database_url: str, folder: Path
) -> None:
    _moved_in_september(desk)
    made = _tiltag(
        database_url,
        folder,
        "2010-10-10",
        "report", "quarterly", "--meeting", "economic_committee:2010-09-21", "--format", "json",
        "--language", "en",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    head = json.loads(made.stdout)
    assert (head["through"], head["period"]) == (
        "2010-08-31",
        "Q3 2010, figures through 2010-08-31",
    )
    own = _tiltag(
        database_url, folder, "2010-12-10", "report", "quarterly", "--meeting",
        "economic_committee:2010-11-16", "--format", "json",
    )  # fmt: skip
    assert json.loads(own.stdout)["through"] == "2010-08-31"  # the meeting's own figures
    missing = _tiltag(
        database_url, folder, "2010-10-10", "report", "quarterly", "--meeting",
        "economic_committee:2010-09-22",
    )  # fmt: skip
    assert (missing.exit_code, missing.stderr) == (
        1,
        "Error: economic_committee has no meeting on 2010-09-22 in the schedule (schedule.yaml, "
        "meetings:); the nearest: 2010-09-21 and 2010-10-19\n",
    )
    wrong = _tiltag(
        database_url, folder, "2010-10-10", "report", "quarterly", "--meeting", "ØU 21.09.2010"
    )
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "Error: --meeting must be FORUM:YYYY-MM-DD, e.g. economic_committee:2010-09-21 (forums: "
        "chief_group, economic_committee, city_council; got 'ØU 21.09.2010')\n",
    )
    both = _tiltag(
        database_url, folder, "2010-10-10", "report", "quarterly", "--quarter", "3",
        "--meeting", "economic_committee:2010-09-21",
    )  # fmt: skip
    assert (both.exit_code, both.stderr) == (
        2,
        "Error: --meeting names the quarter itself: leave out --year and --quarter\n",
    )
    ahead = _tiltag(
        database_url, folder, "2010-08-18", "report", "quarterly", "--meeting",
        "economic_committee:2010-11-16",
    )  # fmt: skip
    assert ahead.exit_code == 0  # its figures' day (31 August) has not ended: up to now
    assert "3. kvartal 2010, tal til og med 31.08.2010" in ahead.stdout


# On the forum's agenda page


def test_the_agenda_page_says_the_meeting_the_cases_go_to(server: WebServer, desk: Desk) -> None:
    _at_the_committee(desk)
    page = signed_in(server, "birgit").get("/forums/economic_committee")
    assert page.status_code == 200
    # The shipped schedule on 18 August 2010: the meeting of 21 September, ten working days.
    assert (
        "Næste møde: Økonomiudvalget 21. september 2010 (frist 7. september). Sager, der venter "
        "nu, kommer på dets dagsorden." in page.text
    )


# In the calendar feed


def test_a_forum_member_has_each_meetings_agenda_deadline_in_the_feed(
    engine: Engine, registry: Registry, people: dict[str, Person]
) -> None:
    schedule = parse_schedule(CALENDAR, "schedule.yaml")
    clock = FixedClock(datetime(2010, 9, 8, 9, tzinfo=UTC))
    found = deadlines_of(engine, registry, schedule, people["birgit"], clock)
    # From the first day of the quarter: the September meeting's deadline has passed but stays.
    assert [(d.kind, d.key, d.day) for d in found] == [
        ("agenda_deadline", "agenda-economic_committee-20100921", date(2010, 9, 7)),
        ("meeting", "meeting-economic_committee-20100921", date(2010, 9, 21)),
        ("agenda_deadline", "agenda-economic_committee-20101019", date(2010, 10, 5)),
        ("meeting", "meeting-economic_committee-20101019", date(2010, 10, 19)),
        ("agenda_deadline", "agenda-economic_committee-20101116", date(2010, 10, 29)),
        ("meeting", "meeting-economic_committee-20101116", date(2010, 11, 16)),
    ]
    feed = Calendar.from_ical(
        render_calendar(
            found, name="Birgit", language="da", now=clock.now(), public_url="https://t.dk"
        )
    )
    event = feed.walk("VEVENT")[0]
    assert str(event["UID"]) == "agenda-economic_committee-20100921@t.dk"
    assert event.decoded("DTSTART") == date(2010, 9, 7)  # all day
    assert str(event["SUMMARY"]) == "Dagsordensfrist: Økonomiudvalget 21.09.2010"
    assert str(event["URL"]) == "https://t.dk/forums/economic_committee"
    # Nobody outside the forum sees them.
    assert deadlines_of(engine, registry, schedule, people["jens"], clock)[0].forum == "chief_group"
