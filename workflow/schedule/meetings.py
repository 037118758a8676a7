"""The forums' meetings from `schedule.yaml`: each meeting's day and time, its agenda deadline
(dagsordensfrist) and the day whose figures it sees; which meeting a case waiting for a forum
goes to; and a meeting in words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn

from workflow.base.calendar import WorkCalendar, quarter_of
from workflow.base.clock import FIRST_YEAR, LAST_YEAR
from workflow.base.errors import UnknownMeetingError
from workflow.base.vocabulary import FORUMS, Label
from workflow.definitions.strict_yaml import Mapping, Sequence, StrictReader, shown

__all__ = [
    "FIGURES_RULES",
    "Meeting",
    "find_meeting",
    "meeting_label",
    "next_meeting",
    "read_meetings",
]

# A meeting as text: its date, and perhaps its time from and to.
_MEETING = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?: ([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d))?$"
)
FORUM_KEYS = ("dates", "agenda_deadline", "figures")
MEETING_KEYS = ("date", "agenda_deadline", "figures")
# The rules for the day whose figures a meeting sees ("tal fra ultimo august").
FIGURES_RULES = ("end_of_previous_month", "end_of_previous_quarter")
# The most working days an agenda deadline may lie before its meeting (a quarter has some 60).
MOST_WORKING_DAYS = 60

MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True)
class Meeting:
    """A forum's meeting: its day, and its time (Danish) when the schedule gives one.

    `agenda_deadline` is the last day a case may reach the forum and still be on the meeting's
    agenda (a working day; None: the schedule gives none, so the meeting takes cases up to its
    day); `figures` is the last day whose figures the meeting sees (None: not configured).
    """

    day: date
    start: time | None = None
    end: time | None = None
    agenda_deadline: date | None = field(default=None, compare=False)
    figures: date | None = field(default=None, compare=False)

    @property
    def takes_cases_until(self) -> date:
        """The last day a case reaching the forum goes to this meeting."""
        return self.agenda_deadline or self.day

    @property
    def figures_through(self) -> date:
        """The last day whose figures the meeting sees: the configured day, else the day
        before the meeting."""
        return self.figures or self.day - timedelta(days=1)


def next_meeting(meetings: tuple[Meeting, ...], today: date) -> Meeting | None:
    """The meeting a case waiting for the forum on `today` goes to: the first whose agenda
    deadline has not passed (the deadline's own day still counts); None when none is left."""
    return next((m for m in meetings if m.takes_cases_until >= today), None)


def find_meeting(meetings: dict[str, tuple[Meeting, ...]], forum: str, day: date) -> Meeting:
    """The meeting of `forum` on `day` in the schedule.

    Raises:
        UnknownMeetingError: the schedule has no such meeting.
    """
    held = meetings.get(forum, ())
    for meeting in held:
        if meeting.day == day:
            return meeting
    raise UnknownMeetingError(forum, day, [m.day for m in held])


def long_day(day: date, language: str, *, year: bool = True) -> str:
    """`21. september 2010` (da) or `21 September 2010` (en); the year left out on request."""
    if language == "da":
        text = f"{day.day}. {MONTHS_DA[day.month - 1]}"
    else:
        text = f"{day.day} {MONTHS_EN[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def meeting_label(forum: str, meeting: Meeting) -> Label:
    """The meeting as people say it: `Økonomiudvalget 21. september 2010 (frist 7. september)`,
    the deadline's year only when it is not the meeting's."""
    texts = []
    for language, forum_name, deadline_word in (
        ("da", FORUMS[forum].da, "frist"),
        ("en", FORUMS[forum].en, "deadline"),
    ):
        text = f"{forum_name} {long_day(meeting.day, language)}"
        if meeting.agenda_deadline is not None:
            same_year = meeting.agenda_deadline.year == meeting.day.year
            shown_deadline = long_day(meeting.agenda_deadline, language, year=not same_year)
            text += f" ({deadline_word} {shown_deadline})"
        texts.append(text)
    return Label(texts[0], texts[1][0].upper() + texts[1][1:])


def read_meetings(
    reader: StrictReader, body: Mapping, calendar: WorkCalendar
) -> dict[str, tuple[Meeting, ...]]:
    """Per forum its meetings, from the `meetings:` section (already a mapping of forums)."""
    return {
        forum: _ForumReader(reader, forum, calendar).meetings(given, body.key_lines[forum])
        for forum, given in body.items()
    }


@dataclass(frozen=True)
class _Defaults:
    """A forum's defaults for its meetings: the working days before and the figures' rule."""

    working_days: int | None = None
    figures: str | None = None


class _ForumReader:
    def __init__(self, reader: StrictReader, forum: str, calendar: WorkCalendar) -> None:
        self.reader = reader
        self.forum = forum
        self.calendar = calendar

    def fail(self, line: int | None, problem: str) -> NoReturn:
        self.reader.fail(line, problem)

    def meetings(self, given: Any, line: int) -> tuple[Meeting, ...]:
        """A list of meetings, or a mapping with the list (`dates`) and the forum's defaults."""
        defaults = _Defaults()
        if isinstance(given, Mapping):
            body = self.reader.mapping(
                given, f"the meetings of {self.forum}", line, FORUM_KEYS, ("dates",)
            )
            defaults = _Defaults(
                self.working_days(body, for_one=False), self.figures_rule(body, for_one=False)
            )
            given, line = body["dates"], body.key_lines["dates"]
        if not isinstance(given, Sequence):
            self.fail(
                line,
                f"the meetings of {self.forum} must be a list of dates, e.g. [2010-09-01, "
                "2010-10-06 09:00-11:00]",
            )
        found: dict[date, Meeting] = {}
        for item, item_line in zip(given, given.item_lines, strict=True):
            meeting = self.meeting(item, item_line, defaults)
            if meeting.day in found:
                self.fail(item_line, f"the meetings of {self.forum} name {meeting.day} twice")
            found[meeting.day] = meeting
        return tuple(sorted(found.values()))

    def meeting(self, item: Any, line: int, defaults: _Defaults) -> Meeting:
        """One meeting: `2010-09-01`, `2010-09-01 09:00-11:00`, or a mapping with its `date`
        and its own agenda deadline or figures (a number of working days, a rule or a date)."""
        if not isinstance(item, Mapping):
            return self.settled(self.when(item, line), defaults)
        what = f"a meeting of {self.forum}"
        body = self.reader.mapping(item, what, line, MEETING_KEYS, ("date",))
        meeting = self.when(body["date"], body.key_lines["date"])
        own = _Defaults(
            self.working_days(body, for_one=True) or defaults.working_days,
            self.figures_rule(body, for_one=True) or defaults.figures,
        )
        meeting = self.settled(meeting, own)
        deadline, figures = body.get("agenda_deadline"), body.get("figures")
        if isinstance(deadline, date):
            line = body.key_lines["agenda_deadline"]
            meeting = replace(meeting, agenda_deadline=self.deadline_on(meeting, deadline, line))
        if isinstance(figures, date):
            line = body.key_lines["figures"]
            meeting = replace(meeting, figures=self.figures_on(meeting, figures, line))
        return meeting

    def settled(self, meeting: Meeting, defaults: _Defaults) -> Meeting:
        """`meeting` with its agenda deadline and figures by the rules of `defaults`."""
        deadline = (
            self.calendar.add_working_days(meeting.day, -defaults.working_days)
            if defaults.working_days is not None
            else None
        )
        figures = _figures(meeting.day, defaults.figures)
        return replace(meeting, agenda_deadline=deadline, figures=figures)

    def when(self, item: Any, line: int) -> Meeting:
        """The day of a meeting, and its time from and to if given."""
        what = f"a meeting of {self.forum}"
        if isinstance(item, date) and not isinstance(item, datetime):
            return self.within_years(Meeting(item), what, line)
        match = _MEETING.match(item.strip()) if isinstance(item, str) else None
        if match is None:
            self.fail(
                line,
                f"{what} must be a date YYYY-MM-DD or a date with its time "
                f"YYYY-MM-DD HH:MM-HH:MM (got {shown(item)})",
            )
        try:
            day = date.fromisoformat(match[1])
        except ValueError:
            self.fail(line, f"{what}: {match[1]} is not a date (YYYY-MM-DD)")
        if match[2] is None:
            return self.within_years(Meeting(day), what, line)
        start, end = time(int(match[2]), int(match[3])), time(int(match[4]), int(match[5]))
        if end <= start:
            self.fail(line, f"{what} on {day.isoformat()} must end after it starts")
        return self.within_years(Meeting(day, start, end), what, line)

    def within_years(self, meeting: Meeting, what: str, line: int) -> Meeting:
        if not FIRST_YEAR <= meeting.day.year <= LAST_YEAR:
            self.fail(
                line,
                f"{what} on {meeting.day.isoformat()} lies outside the years "
                f"{FIRST_YEAR}-{LAST_YEAR}",
            )
        return meeting

    def working_days(self, body: Mapping, *, for_one: bool) -> int | None:
        """The `agenda_deadline` as working days before the meeting; None if absent or a date
        (which only one meeting may have)."""
        if "agenda_deadline" not in body:
            return None
        value = body["agenda_deadline"]
        if for_one and isinstance(value, date) and not isinstance(value, datetime):
            return None
        whole = isinstance(value, int) and not isinstance(value, bool)
        if whole and 1 <= value <= MOST_WORKING_DAYS:
            return int(value)
        one = ", or the date of one meeting's deadline (YYYY-MM-DD)" if for_one else ""
        self.fail(
            body.key_lines["agenda_deadline"],
            f"agenda_deadline of {self.forum} must be a whole number of working days before the "
            f"meeting from 1 to {MOST_WORKING_DAYS}{one} (got {shown(value)})",
        )

    def figures_rule(self, body: Mapping, *, for_one: bool) -> str | None:
        """The `figures` as a rule's name; None if absent or a date (only of one meeting)."""
        if "figures" not in body:
            return None
        value = body["figures"]
        if for_one and isinstance(value, date) and not isinstance(value, datetime):
            return None
        if value in FIGURES_RULES:
            return str(value)
        one = " or the date of one meeting's figures (YYYY-MM-DD)" if for_one else ""
        self.fail(
            body.key_lines["figures"],
            f"figures of {self.forum} must be {' or '.join(FIGURES_RULES)}{one} "
            f"(got {shown(value)})",
        )

    def deadline_on(self, meeting: Meeting, day: date, line: int) -> date:
        """A deadline given as a date: before the meeting, moved onto a working day."""
        if day >= meeting.day:
            self.fail(
                line,
                f"the agenda deadline of the meeting of {self.forum} on {meeting.day} ({day}) "
                "must lie before the meeting",
            )
        return self.calendar.on_or_before(day)

    def figures_on(self, meeting: Meeting, day: date, line: int) -> date:
        if day >= meeting.day:
            self.fail(
                line,
                f"the figures of the meeting of {self.forum} on {meeting.day} ({day}) "
                "must be from before the meeting",
            )
        return day


def _figures(day: date, rule: str | None) -> date | None:
    """The last day whose figures a meeting on `day` sees, by the rule."""
    if rule == "end_of_previous_month":
        return day.replace(day=1) - timedelta(days=1)
    if rule == "end_of_previous_quarter":
        return quarter_of(day).first_day - timedelta(days=1)
    return None
