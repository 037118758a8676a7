"""A person's deadlines as an iCalendar file (RFC 5545) that calendar apps subscribe to: one
VEVENT per deadline with a UID that stays the same from one fetch to the next, all-day dates
as dates, meetings with a time in Europe/Copenhagen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from workflow.base.clock import LOCAL_TIME
from workflow.base.vocabulary import FORUMS
from workflow.base.vocabulary import Label as L
from workflow.schedule.deadlines import Deadline

__all__ = ["PRODID", "REFRESH", "render_calendar"]

PRODID = "-//tiltag//Frister//DA"
# How often a calendar app is asked to fetch the feed again (those that honour it).
REFRESH = timedelta(hours=6)

_TEXTS = {
    "name": L("Tiltag – frister for {name}", "Tiltag – deadlines of {name}"),
    "about": L(
        "Dine statusfrister, milepæle og møder i tiltag. Kalenderen opdateres af tiltag; ret"
        " i tiltag, ikke her.",
        "Your status deadlines, milestones and meetings in tiltag. Tiltag keeps the calendar"
        " up to date; change things in tiltag, not here.",
    ),
    "status": L("Statusfrist {quarter}: {title}", "Status due {quarter}: {title}"),
    "status.text": L(
        "Status for {quarter} på tiltag {id}, {title}, skal gives senest {day}.",
        "The status for {quarter} of initiative {id}, {title}, is due by {day}.",
    ),
    "status.given": L("Der er givet status {day}.", "A status was given {day}."),
    "status.missing": L("Der er ikke givet status endnu.", "No status has been given yet."),
    "milestone": L("Milepæl: {milestone} ({title})", "Milestone: {milestone} ({title})"),
    "milestone.text": L(
        "Milepælen »{milestone}« (fase: {phase}) i tiltag {id}, {title}, skal være nået {day}.",
        "The milestone “{milestone}” (phase: {phase}) of initiative {id}, {title}, is due {day}.",
    ),
    "meeting": L("Møde i {forum}", "Meeting of {forum}"),
    "meeting.text": L(
        "{forum} holder møde. Dagsordenen står i tiltag.",
        "A meeting of {forum}. The agenda is in tiltag.",
    ),
    "agenda": L("Dagsordensfrist: {forum} {meeting}", "Agenda deadline: {forum} {meeting}"),
    "agenda.text": L(
        "Sidste dag for sager til mødet i {forum} {meeting}. Dagsordenen står i tiltag.",
        "The last day for cases to reach {forum} for its meeting of {meeting}. The agenda is in"
        " tiltag.",
    ),
    "open": L("Åbn i tiltag: {url}", "Open in tiltag: {url}"),
}


def render_calendar(
    deadlines: Sequence[Deadline],
    *,
    name: str,
    language: str,
    now: datetime,
    public_url: str | None,
) -> bytes:
    """The `.ics` bytes of `deadlines` for the person `name`, in `language` (da or en), made at
    `now`; each event links to its page when the public address is known."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _say("name", language, name=name))
    calendar.add("x-wr-caldesc", _say("about", language))
    calendar.add("x-wr-timezone", str(LOCAL_TIME))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", f"PT{REFRESH // timedelta(hours=1)}H")  # Outlook's name
    host = (urlsplit(public_url).hostname if public_url else None) or "tiltag"
    stamp = now.replace(microsecond=0)
    for deadline in deadlines:
        calendar.add_component(_event(deadline, language, stamp, host, public_url))
    timed = [d.day for d in deadlines if d.start is not None]
    if timed:
        # The zone's rules for the years the events lie in (and a year on each side).
        first, last = date(min(timed).year - 1, 1, 1), date(max(timed).year + 2, 1, 1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())


def _event(
    deadline: Deadline, language: str, stamp: datetime, host: str, base: str | None
) -> Event:
    event = Event()
    event.add("uid", f"{deadline.key}@{host}")
    event.add("dtstamp", stamp)
    if deadline.start is None or deadline.end is None:
        event.add("dtstart", deadline.day)  # VALUE=DATE
        event.add("dtend", deadline.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    else:
        event.add("dtstart", datetime.combine(deadline.day, deadline.start, tzinfo=LOCAL_TIME))
        event.add("dtend", datetime.combine(deadline.day, deadline.end, tzinfo=LOCAL_TIME))
    summary, text = _words(deadline, language)
    url = _url(deadline, base)
    if url:
        text = f"{text}\n\n{_say('open', language, url=url)}"
        event.add("url", url)
    event.add("summary", summary)
    event.add("description", text)
    event.add("categories", ["tiltag"])
    return event


def _words(deadline: Deadline, language: str) -> tuple[str, str]:
    """The event's summary and description."""
    day = _day(deadline.day, language)
    values = {
        "id": deadline.initiative_id,
        "title": deadline.title,
        "quarter": deadline.quarter,
        "day": day,
        "milestone": deadline.milestone,
        "phase": deadline.phase,
    }
    if deadline.kind == "status":
        given = deadline.status_given_on
        state = (
            _say("status.given", language, day=_day(given, language))
            if given
            else _say("status.missing", language)
        )
        text = f"{_say('status.text', language, **values)} {state}"
        return _say("status", language, **values), text
    if deadline.kind == "milestone":
        return _say("milestone", language, **values), _say("milestone.text", language, **values)
    forum = FORUMS[deadline.forum or ""]
    words = forum.da if language == "da" else forum.en
    if deadline.kind == "agenda_deadline" and deadline.meeting_day is not None:
        meeting = _day(deadline.meeting_day, language)
        summary = _say("agenda", language, forum=words, meeting=meeting)
        return summary, _say("agenda.text", language, forum=words, meeting=meeting)
    text = _say("meeting.text", language, forum=words)
    return _say("meeting", language, forum=words), text[0].upper() + text[1:]


def _url(deadline: Deadline, base: str | None) -> str | None:
    if not base:
        return None
    if deadline.kind in ("meeting", "agenda_deadline"):
        return f"{base.rstrip('/')}/forums/{deadline.forum}"
    return f"{base.rstrip('/')}/initiatives/{deadline.initiative_id}"


def _day(day: date, language: str) -> str:
    return day.strftime("%d.%m.%Y") if language == "da" else day.isoformat()


def _say(key: str, language: str, **values: object) -> str:
    words = _TEXTS[key]
    return (words.da if language == "da" else words.en).format(**values)
