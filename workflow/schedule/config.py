"""The municipality's schedule: its calendar and what the scheduler sends when, read strictly
from `schedule.yaml` in the definitions folder (the one file there that is not a definition)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from workflow.base.calendar import Quarter, WorkCalendar
from workflow.base.errors import InvalidValueError
from workflow.base.text import clean_email
from workflow.base.vocabulary import FORUMS
from workflow.definitions.registry import SCHEDULE_FILE
from workflow.definitions.strict_yaml import (
    Mapping,
    Sequence,
    StrictReader,
    parse_source,
    read_source,
    shown,
)
from workflow.schedule.meetings import Meeting, read_meetings

__all__ = [
    "SCHEDULE_FILE",
    "Meeting",
    "Schedule",
    "load_schedule",
    "load_schedule_file",
    "parse_schedule",
]


TOP_KEYS = (
    "language",
    "daily_run_at",
    "sender",
    "link",
    "smtp",
    "calendar",
    "status",
    "stalled",
    "milestones",
    "benefits",
    "meetings",
)
CALENDAR_KEYS = ("closed", "status_deadlines", "working_days_before_quarter_end")
STATUS_KEYS = ("remind_before", "overdue_after", "escalate_after")
STALLED_KEYS = ("digest_weekday", "no_status_quarters")
MILESTONE_KEYS = ("remind_before", "overdue_after")
BENEFITS_KEYS = ("every", "quarter", "remind_before", "overdue_after", "escalate_after")
# How often benefit owners are asked for the realised gains: once a year (in the quarter
# `benefits.quarter` names), every quarter, or never.
BENEFITS_EVERY = ("year", "quarter", "never")
# The mail server's settings a file may hold (the password only ever comes from the environment),
# and the environment variable each stands for; a variable that is set wins over the file.
SMTP_KEYS = {
    "host": "TILTAG_SMTP_HOST",
    "port": "TILTAG_SMTP_PORT",
    "security": "TILTAG_SMTP_SECURITY",
    "user": "TILTAG_SMTP_USER",
    "timeout": "TILTAG_SMTP_TIMEOUT",
    "retry_seconds": "TILTAG_SMTP_RETRY_SECONDS",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
LANGUAGES = ("da", "en")

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Schedule:
    """When status is due and what is sent when; every offset counts working days."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    language: str = "da"
    daily_run_at: time = time(6, 0)
    # The From address of every mail.
    sender: str = "tiltag@localhost"
    # Where the owner gives the status on the web, e.g. https://tiltag.example.dk; the mail
    # then links to {link}/initiatives/{id}/status. None: the mail gives the command only.
    link: str | None = None
    remind_before: tuple[int, ...] = (10, 3)
    overdue_after: int = 1
    escalate_after: int = 5
    digest_weekday: int = 0
    no_status_quarters: int = 2
    milestone_remind_before: int = 5
    milestone_overdue_after: int = 1
    # Benefits follow-up: how often its owners are asked, in which quarter when once a year,
    # and the offsets of its mail from that quarter's status deadline.
    benefits_every: str = "year"
    benefits_quarter: int = 4
    benefits_remind_before: tuple[int, ...] = (10, 3)
    benefits_overdue_after: int = 1
    benefits_escalate_after: int = 5
    # The mail server's settings from the file, as the environment variables they stand for.
    smtp: dict[str, str] = field(default_factory=dict)
    # The forums' meetings by forum (chief_group ...), in date order; a forum not listed has none.
    meetings: dict[str, tuple[Meeting, ...]] = field(default_factory=dict)
    path: str = ""


def load_schedule(folder: Path) -> Schedule:
    """The schedule of a definitions folder; the defaults if it has no `schedule.yaml`.

    Raises:
        DefinitionError: the file cannot be read or is not a valid schedule.
    """
    path = folder / SCHEDULE_FILE
    if not path.exists():
        return Schedule()
    return load_schedule_file(path)


def load_schedule_file(path: Path) -> Schedule:
    """Read and check one schedule file.

    Raises:
        DefinitionError: the file cannot be read or is not a valid schedule.
    """
    return parse_schedule(read_source(path), str(path))


def parse_schedule(text: str, path: str) -> Schedule:
    """Parse schedule text; `path` is only used in error messages."""
    return _Reader(path).schedule(parse_source(text, path))


class _Reader(StrictReader):
    def section(self, value: Any, what: str, line: int | None, allowed: tuple[str, ...]) -> Mapping:
        """A mapping of `allowed` keys; an absent section is an empty one."""
        if value is None:
            value = Mapping()
            value.key_lines = {}
            value.line = line or 1
        return self.mapping(value, what, line, allowed)

    def count(
        self, body: Mapping, key: str, what: str, default: int, least: int = 0, most: int = 60
    ) -> int:
        """A whole number of working days; at most 60 by default, less than a quarter, so what a
        quarter's deadline sets off stays within the quarters beside it."""
        if key not in body:
            return default
        value = body[key]
        if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
            self.fail(
                body.key_lines[key],
                f"{key} of {what} must be a whole number of working days from {least} to {most} "
                f"(got {shown(value)})",
            )
        return value

    def schedule(self, data: Any) -> Schedule:
        top = self.section(data, "the schedule", 1, TOP_KEYS)
        lines = top.key_lines
        language = top.get("language", "da")
        if language not in LANGUAGES:
            self.fail(lines["language"], f"language must be one of {', '.join(LANGUAGES)}")
        status = self.section(top.get("status"), "status", lines.get("status"), STATUS_KEYS)
        stalled = self.section(top.get("stalled"), "stalled", lines.get("stalled"), STALLED_KEYS)
        milestones = self.section(
            top.get("milestones"), "milestones", lines.get("milestones"), MILESTONE_KEYS
        )
        benefits = self.section(
            top.get("benefits"), "benefits", lines.get("benefits"), BENEFITS_KEYS
        )
        calendar = self.calendar(top.get("calendar"), lines.get("calendar"))
        return Schedule(
            calendar=calendar,
            language=language,
            daily_run_at=self.clock(top, "daily_run_at"),
            sender=self.sender(top),
            link=self.link(top),
            remind_before=self.offsets(status),
            overdue_after=self.count(status, "overdue_after", "status", 1, least=1),
            escalate_after=self.count(status, "escalate_after", "status", 5, least=1),
            digest_weekday=self.weekday(stalled),
            no_status_quarters=self.count(
                stalled, "no_status_quarters", "stalled", 2, least=1, most=8
            ),
            milestone_remind_before=self.count(milestones, "remind_before", "milestones", 5),
            milestone_overdue_after=self.count(
                milestones, "overdue_after", "milestones", 1, least=1
            ),
            benefits_every=self.every(benefits),
            benefits_quarter=self.count(benefits, "quarter", "benefits", 4, least=1, most=4),
            benefits_remind_before=self.offsets(benefits, "benefits"),
            benefits_overdue_after=self.count(benefits, "overdue_after", "benefits", 1, least=1),
            benefits_escalate_after=self.count(benefits, "escalate_after", "benefits", 5, least=1),
            smtp=self.smtp(top.get("smtp"), lines.get("smtp")),
            meetings=self.meetings(top.get("meetings"), lines.get("meetings"), calendar),
            path=self.path,
        )

    def smtp(self, value: Any, line: int | None) -> dict[str, str]:
        body = self.section(value, "smtp", line, tuple(SMTP_KEYS))
        settings: dict[str, str] = {}
        for key, given in body.items():
            where = body.key_lines[key]
            if key == "security" and given not in ("none", "starttls", "tls"):
                self.fail(
                    where, f"security of smtp must be none, starttls or tls (got {shown(given)})"
                )
            if key == "port" and not (isinstance(given, int) and 0 < given < 65536):
                self.fail(where, f"port of smtp must be a port number (got {shown(given)})")
            if key in ("timeout", "retry_seconds") and not (
                isinstance(given, int | float) and not isinstance(given, bool) and given > 0
            ):
                self.fail(
                    where, f"{key} of smtp must be a number of seconds above 0 (got {shown(given)})"
                )
            if key in ("host", "user") and not (isinstance(given, str) and given.strip()):
                self.fail(where, f"{key} of smtp must be a text (got {shown(given)})")
            settings[SMTP_KEYS[key]] = str(given)
        return settings

    def meetings(
        self, value: Any, line: int | None, calendar: WorkCalendar
    ) -> dict[str, tuple[Meeting, ...]]:
        """Per forum its meetings, with their agenda deadlines and figures (`meetings.py`)."""
        return read_meetings(self, self.section(value, "meetings", line, tuple(FORUMS)), calendar)

    def calendar(self, value: Any, line: int | None) -> WorkCalendar:
        body = self.section(value, "calendar", line, CALENDAR_KEYS)
        closed = self.closed(body)
        deadlines, lines = self.deadlines(body)
        calendar = WorkCalendar(
            closed=closed,
            deadlines=deadlines,
            # A quarter has some 60 working days: the rule's deadline stays well within it.
            working_days_before_quarter_end=self.count(
                body, "working_days_before_quarter_end", "calendar", 10, most=40
            ),
        )
        for quarter, day in deadlines.items():
            moved = calendar.status_deadline(quarter)
            if moved < quarter.first_day:
                self.fail(
                    lines[quarter],
                    f"the deadline of {quarter} ({day.isoformat()}) is not a working day, and "
                    f"the working day before it ({moved.isoformat()}) lies in the quarter before",
                )
        return calendar

    def closed(self, body: Mapping) -> tuple[tuple[int, int], ...]:
        """The days the municipality keeps closed every year, as (month, day)."""
        closed: list[tuple[int, int]] = []
        given = body.get("closed", Sequence())
        if not isinstance(given, Sequence):
            self.fail(body.key_lines["closed"], "closed must be a list of MM-DD days")
        for item, item_line in zip(given, getattr(given, "item_lines", []), strict=True):
            match = _MONTH_DAY.match(str(item))
            valid = match is not None and _is_month_day(int(match[1]), int(match[2]))
            if not valid or match is None:
                self.fail(item_line, f"a closed day must be MM-DD, e.g. 12-24 (got {shown(item)})")
            closed.append((int(match[1]), int(match[2])))
        return tuple(closed)

    def deadlines(self, body: Mapping) -> tuple[dict[Quarter, date], dict[Quarter, int]]:
        """The configured status deadlines, each within its quarter, and their lines."""
        deadlines: dict[Quarter, date] = {}
        lines: dict[Quarter, int] = {}
        dated = body.get("status_deadlines", Mapping())
        if not isinstance(dated, Mapping):
            self.fail(body.key_lines["status_deadlines"], "status_deadlines must be a mapping")
        for key, day in dated.items():
            key_line = dated.key_lines[key]
            match = _QUARTER.match(str(key))
            if match is None:
                self.fail(
                    key_line, f"a quarter must be written YYYY-QN, e.g. 2010-Q4 (got {shown(key)})"
                )
            quarter = Quarter(int(match[1]), int(match[2]))
            if not isinstance(day, date):
                self.fail(key_line, f"the deadline of {quarter} must be a date YYYY-MM-DD")
            if not quarter.first_day <= day <= quarter.last_day:
                self.fail(
                    key_line,
                    f"the deadline of {quarter} ({day.isoformat()}) lies outside the quarter: "
                    "a status counts for the quarter it is given in",
                )
            deadlines[quarter] = day
            lines[quarter] = key_line
        return deadlines, lines

    def offsets(self, status: Mapping, what: str = "status") -> tuple[int, ...]:
        if "remind_before" not in status:
            return (10, 3)
        value = status["remind_before"]
        line = status.key_lines["remind_before"]
        if not isinstance(value, Sequence):
            self.fail(line, f"remind_before of {what} must be a list of working days, e.g. [10, 3]")
        offsets = []
        for item in value:
            if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 60:
                self.fail(
                    line, f"remind_before of {what}: {shown(item)} is not 1 to 60 working days"
                )
            offsets.append(item)
        if len(set(offsets)) != len(offsets):
            self.fail(line, f"remind_before of {what} names a day twice")
        return tuple(sorted(offsets, reverse=True))

    def every(self, benefits: Mapping) -> str:
        value = benefits.get("every", "year")
        if value not in BENEFITS_EVERY:
            self.fail(
                benefits.key_lines.get("every"),
                f"every of benefits must be one of {', '.join(BENEFITS_EVERY)} "
                f"(got {shown(value)})",
            )
        return str(value)

    def clock(self, top: Mapping, key: str) -> time:
        if key not in top:
            return time(6, 0)
        match = _CLOCK.match(str(top[key]))
        if match is None:
            self.fail(top.key_lines[key], f"{key} must be a time HH:MM (got {shown(top[key])})")
        return time(int(match[1]), int(match[2]))

    def sender(self, top: Mapping) -> str:
        value: str = top.get("sender", "tiltag@localhost")
        if value == "tiltag@localhost":
            return value  # the default: mail for a server on this machine
        try:
            return clean_email("sender", value if isinstance(value, str) else "")
        except InvalidValueError:
            self.fail(
                top.key_lines.get("sender"),
                f"sender must be an email address (got {shown(value)})",
            )

    def link(self, top: Mapping) -> str | None:
        value = top.get("link")
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s]+", value):
            self.fail(
                top.key_lines["link"], f"link must be an http(s) address (got {shown(value)})"
            )
        return value.rstrip("/")

    def weekday(self, stalled: Mapping) -> int:
        value = stalled.get("digest_weekday", "monday")
        if value not in WEEKDAYS:
            self.fail(
                stalled.key_lines.get("digest_weekday"),
                f"digest_weekday must be one of {', '.join(WEEKDAYS)} (got {shown(value)})",
            )
        return WEEKDAYS.index(value)


def _is_month_day(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year: 02-29 is a day some years have
    except ValueError:
        return False
    return True
