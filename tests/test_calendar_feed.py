"""A person's private calendar feed: the deadlines it holds as the days of a quarter go by, the
`.ics` read back by the `icalendar` parser and held to RFC 5545, the secret address made,
renewed and refused, the feed served by a real `tiltag serve`, the page in Chromium with axe,
and the forums' meetings in `schedule.yaml`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest
from icalendar import Calendar
from sqlalchemy import Engine, select, update

from tests.helpers import PLAN, Desk
from tests.web_server import WebServer
from workflow.access.feeds import FeedRefused, feed_made_at, feed_person, make_feed, read_feed
from workflow.approvals.dossier import change_milestone
from workflow.base.calendar import Quarter, quarter_of
from workflow.base.clock import FixedClock
from workflow.base.errors import DefinitionError
from workflow.base.secrets import digest
from workflow.core.people import Person, set_language
from workflow.definitions.registry import DEFAULT_FOLDER, Registry
from workflow.schedule.config import Meeting, Schedule, load_schedule, parse_schedule
from workflow.schedule.deadlines import Deadline, deadlines_of
from workflow.schedule.ics import PRODID, render_calendar
from workflow.schedule.status import give_status
from workflow.storage.access_tables import CALENDAR_FEED, WEB_SESSION
from workflow.storage.core_tables import PERSON

SCHEDULE = load_schedule(DEFAULT_FOLDER)
PUBLIC = "https://tiltag.kommune.example.dk"
NOW = "2010-08-18T09:00"  # the web tests' clock: the third quarter
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _at(day: date, hour: int = 9) -> FixedClock:
    return FixedClock(datetime.combine(day, time(hour), tzinfo=UTC))


@pytest.fixture
def executing(desk: Desk, people: dict[str, Person]) -> int:
    """Ulla's initiative in execution since May 2010, its plan's first milestone Hanne's."""
    desk.clock.set(datetime(2010, 5, 3, 9, tzinfo=UTC))
    initiative = desk.propose(title="Fælles udbud af forsikring")
    desk.bring_to(initiative, "execution")
    plan = {**PLAN, "milestones": [{**PLAN["milestones"][0], "owner": "hanne"}]}
    plan["milestones"] += PLAN["milestones"][1:]
    desk.file(initiative, "plan", plan)
    return initiative


# The service, day by day


def test_a_quarter_day_by_day_shows_the_owners_deadlines_as_they_change(
    engine: Engine, registry: Registry, people: dict[str, Person], executing: int
) -> None:
    ulla = people["ulla"]
    day = date(2010, 7, 1)
    while day <= date(2010, 10, 4):
        clock = _at(day)
        if day == date(2010, 8, 2):  # the first milestone is reached
            change_milestone(
                engine,
                registry,
                actor=ulla,
                initiative_id=executing,
                number=1,
                done_on=day,
                clock=clock,
            )
        if day == date(2010, 9, 1):
            give_status(
                engine,
                registry,
                actor=ulla,
                initiative_id=executing,
                light="green",
                text="Udbuddet er sendt ud.",
                clock=clock,
            )
        found = deadlines_of(engine, registry, SCHEDULE, ulla, clock)
        current = quarter_of(day)
        statuses = [d for d in found if d.kind == "status"]
        assert [(d.key, d.day) for d in statuses] == [
            (f"status-{executing}-{q.year}Q{q.number}", SCHEDULE.calendar.status_deadline(q))
            for q in (current, current.next())
        ], day
        given = (
            date(2010, 9, 1) if current == Quarter(2010, 3) and day >= date(2010, 9, 1) else None
        )
        assert statuses[0].status_given_on == given, day
        assert statuses[1].status_given_on is None
        milestones = [d.key for d in found if d.kind == "milestone"]
        first = [f"milestone-{executing}-1"] if day < date(2010, 8, 2) else []
        assert milestones == [*first, f"milestone-{executing}-2", f"milestone-{executing}-3"], day
        assert not [d for d in found if d.kind == "meeting"]  # Ulla sits in no forum
        assert [d.day for d in found] == sorted(d.day for d in found)
        day += timedelta(days=1)
    assert SCHEDULE.calendar.status_deadline(Quarter(2010, 4)) == date(2010, 12, 1)


def test_a_milestone_owner_sees_it_and_a_forum_member_the_meetings_from_this_quarter(
    engine: Engine, registry: Registry, people: dict[str, Person], executing: int
) -> None:
    clock = _at(date(2010, 7, 20))
    hanne = deadlines_of(engine, registry, SCHEDULE, people["hanne"], clock)
    assert [(d.key, d.day, d.milestone) for d in hanne] == [
        (f"milestone-{executing}-1", date(2010, 8, 1), "Udbudsmateriale klar")
    ]
    jens = deadlines_of(engine, registry, SCHEDULE, people["jens"], clock)
    assert {d.kind for d in jens} == {"meeting", "agenda_deadline"}
    meetings = [d for d in jens if d.kind == "meeting"]
    assert meetings[0] == Deadline(
        "meeting", "meeting-chief_group-20100804", date(2010, 8, 4), forum="chief_group"
    )
    assert [d.day for d in meetings] == [
        m.day for m in SCHEDULE.meetings["chief_group"] if m.day >= date(2010, 7, 1)
    ]
    # Each meeting's agenda deadline, five working days before it, comes first.
    assert jens[0] == Deadline(
        "agenda_deadline",
        "agenda-chief_group-20100804",
        date(2010, 7, 28),
        forum="chief_group",
        meeting_day=date(2010, 8, 4),
    )
    carl = deadlines_of(engine, registry, SCHEDULE, people["carl"], clock)
    assert (carl[0].day, carl[0].start, carl[0].end) == (date(2010, 8, 26), time(18), time(21))


def test_an_initiative_that_has_ended_or_takes_no_status_gives_no_deadline(
    engine: Engine, registry: Registry, people: dict[str, Person], desk: Desk
) -> None:
    desk.propose()  # in screening, which asks no status
    assert deadlines_of(engine, registry, SCHEDULE, people["ulla"], _at(date(2010, 8, 18))) == []


# The .ics against RFC 5545


def _lines(ics: bytes) -> list[bytes]:
    assert ics.endswith(b"\r\n")
    return ics[:-2].split(b"\r\n")


def _parsed(ics: bytes) -> Calendar:
    """The file as a calendar app reads it, with what RFC 5545 requires of it checked."""
    assert all(len(line) <= 75 for line in _lines(ics))  # folded at 75 octets
    assert b"\n" not in ics.replace(b"\r\n", b"")  # every line ends in CRLF
    calendar = Calendar.from_ical(ics)
    assert calendar.name == "VCALENDAR"
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", PRODID)
    assert (str(calendar["CALSCALE"]), str(calendar["METHOD"])) == ("GREGORIAN", "PUBLISH")
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Copenhagen"
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (required, event)
        stamp = event.decoded("DTSTAMP")
        assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(0)
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    return calendar


def _feed(
    engine: Engine, registry: Registry, person: Person, clock: FixedClock, public: str | None
) -> bytes:
    found = deadlines_of(engine, registry, SCHEDULE, person, clock)
    return render_calendar(
        found, name=person.name, language=person.language, now=clock.now(), public_url=public
    )


def test_the_ics_holds_to_rfc_5545_with_all_day_deadlines_as_dates(
    engine: Engine, registry: Registry, people: dict[str, Person], executing: int
) -> None:
    clock = _at(date(2010, 8, 18))
    ics = _feed(engine, registry, people["ulla"], clock, PUBLIC)
    assert b"DTSTART;VALUE=DATE:20100916\r\n" in ics
    calendar = _parsed(ics)
    assert str(calendar["X-WR-CALNAME"]) == "Tiltag – frister for Ulla Krogh"
    assert calendar.walk("VTIMEZONE") == []  # no event has a time
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(
        [
            f"status-{executing}-2010Q3@tiltag.kommune.example.dk",
            f"status-{executing}-2010Q4@tiltag.kommune.example.dk",
            f"milestone-{executing}-1@tiltag.kommune.example.dk",
            f"milestone-{executing}-2@tiltag.kommune.example.dk",
            f"milestone-{executing}-3@tiltag.kommune.example.dk",
        ]
    )
    status = events[f"status-{executing}-2010Q3@tiltag.kommune.example.dk"]
    start, end = status.decoded("DTSTART"), status.decoded("DTEND")
    assert type(start) is date and type(end) is date  # dates, not times
    assert (start, end) == (date(2010, 9, 16), date(2010, 9, 17))
    assert status["DTSTART"].params["VALUE"] == "DATE"
    assert str(status["SUMMARY"]) == "Statusfrist 2010-Q3: Fælles udbud af forsikring"
    assert "16.09.2010" in str(status["DESCRIPTION"])
    assert str(status["URL"]) == f"{PUBLIC}/initiatives/{executing}"
    assert str(status["TRANSP"]) == "TRANSPARENT"
    assert status.decoded("DTSTAMP") == clock.now()
    milestone = events[f"milestone-{executing}-2@tiltag.kommune.example.dk"]
    assert str(milestone["SUMMARY"]) == "Milepæl: Tilbudsfrist (Fælles udbud af forsikring)"


def test_a_meeting_with_a_time_is_in_copenhagen_time_with_its_timezone(
    engine: Engine, registry: Registry, people: dict[str, Person]
) -> None:
    calendar = _parsed(_feed(engine, registry, people["carl"], _at(date(2010, 8, 18)), None))
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Copenhagen"]
    meeting = calendar.walk("VEVENT")[0]
    assert str(meeting["UID"]) == "meeting-city_council-20100826@tiltag"
    assert meeting["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    start = meeting.decoded("DTSTART")
    assert start.isoformat() == "2010-08-26T18:00:00+02:00"  # summer time
    assert meeting.decoded("DTEND") - start == timedelta(hours=3)
    assert "URL" not in meeting  # no public address known
    assert str(meeting["SUMMARY"]) == "Møde i Byrådet"
    winter = next(e for e in calendar.walk("VEVENT") if e.decoded("DTSTART").month == 11)
    assert winter.decoded("DTSTART").utcoffset() == timedelta(hours=1)


def test_the_uids_stay_while_the_stamp_moves_and_english_readers_get_english(
    engine: Engine, registry: Registry, people: dict[str, Person], executing: int
) -> None:
    ulla = set_language(engine, people["ulla"], "en")
    clock = _at(date(2010, 8, 18))
    first = _parsed(_feed(engine, registry, ulla, clock, PUBLIC))
    clock.advance(hours=6)
    second = _parsed(_feed(engine, registry, ulla, clock, PUBLIC))
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in second.walk("VEVENT")] and len(set(uids)) == len(uids)
    stamps = {e.decoded("DTSTAMP") for e in second.walk("VEVENT")}
    assert stamps == {clock.now()}
    assert str(first["X-WR-CALNAME"]) == "Tiltag – deadlines of Ulla Krogh"
    summaries = [str(e["SUMMARY"]) for e in first.walk("VEVENT")]
    assert "Status due 2010-Q3: Fælles udbud af forsikring" in summaries


# The secret address


def test_an_address_is_stored_as_a_hash_and_renewing_it_ends_the_old_one(
    engine: Engine, registry: Registry, people: dict[str, Person], clock: FixedClock
) -> None:
    ulla = people["ulla"]
    assert feed_made_at(engine, ulla) is None
    first = make_feed(engine, ulla, clock)
    with engine.connect() as conn:
        stored = conn.execute(select(CALENDAR_FEED)).all()
    assert [(r.person_id, r.token_hash) for r in stored] == [(ulla.id, digest(first))]
    assert feed_person(engine, first).handle == "ulla"
    clock.advance(days=1)
    second = make_feed(engine, ulla, clock)
    assert feed_made_at(engine, ulla) == clock.now()
    with pytest.raises(FeedRefused) as refused:
        feed_person(engine, first)
    assert refused.value.reason == "unknown"
    assert feed_person(engine, second).handle == "ulla"
    ics = read_feed(engine, registry, SCHEDULE, secret=second, clock=clock, public_url=None)
    assert _parsed(ics)["X-WR-CALNAME"] == "Tiltag – frister for Ulla Krogh"
    for wrong in ("", "x" * 5000, second[:-1]):
        with pytest.raises(FeedRefused):
            feed_person(engine, wrong)


def test_the_address_of_a_deactivated_person_gives_nothing(
    engine: Engine, people: dict[str, Person], clock: FixedClock
) -> None:
    secret = make_feed(engine, people["ulla"], clock)
    with engine.begin() as conn:
        conn.execute(
            update(PERSON)
            .where(PERSON.c.id == people["ulla"].id)
            .values(deactivated_at=clock.now())
        )
    with pytest.raises(FeedRefused) as refused:
        feed_person(engine, secret)
    assert refused.value.reason == "deactivated"


# The feed and the page served by `tiltag serve`


def _csrf(page: httpx2.Response) -> str:
    found = _CSRF.search(page.text)
    assert found, page.text
    return found[1]


def _signed_in(server: WebServer, handle: str) -> httpx2.Client:
    link = server.tiltag("web", "link", handle)
    assert link.returncode == 0, link.stderr
    client = httpx2.Client(base_url=server.url, timeout=20, follow_redirects=False)
    page = client.get(link.stdout.strip())
    assert client.post(page.url.path, data={"csrf": _csrf(page)}).status_code == 303
    return client


def _make_address(client: httpx2.Client, server: WebServer) -> str:
    page = client.get("/me/calendar")
    made = client.post("/me/calendar", data={"csrf": _csrf(page)}, headers={"Origin": server.url})
    assert made.status_code == 200, made.text
    found = re.search(r'id="address" value="([^"]+)"', made.text)
    assert found, made.text
    return found[1]


def _stored(engine: Engine) -> tuple[Any, ...]:
    with engine.connect() as conn:
        feeds = conn.execute(select(CALENDAR_FEED).order_by(CALENDAR_FEED.c.person_id)).all()
        sessions = conn.execute(select(WEB_SESSION).order_by(WEB_SESSION.c.id)).all()
    return tuple(map(tuple, feeds)), tuple(map(tuple, sessions))


def test_a_calendar_app_fetches_the_feed_from_a_real_server_and_renewing_ends_it(
    database_url: str,
    engine: Engine,
    people: dict[str, Person],
    executing: int,
    tmp_path: Path,
) -> None:
    with WebServer(database_url, tmp_path, now=NOW) as server:
        client = _signed_in(server, "ulla")
        page = client.get("/me/calendar")
        assert page.status_code == 200 and "<title>Kalender – Tiltag</title>" in page.text
        assert "Du har ingen kalenderadresse endnu." in page.text
        assert "Statusfrist 2010-Q3" in page.text  # what the feed holds
        refused = client.post("/me/calendar", data={}, headers={"Origin": server.url})
        assert refused.status_code == 403 and feed_made_at(engine, people["ulla"]) is None
        address = _make_address(client, server)
        assert re.fullmatch(rf"{server.url}/calendar/[\w-]{{43}}\.ics", address)
        again = client.get("/me/calendar")
        assert address not in again.text and "Din kalenderadresse blev lavet" in again.text

        with httpx2.Client(timeout=20) as app:  # a calendar app: no cookie, no session
            before = _stored(engine)
            fetched = [app.get(address) for _ in range(2)]
            assert _stored(engine) == before  # reading the feed changes nothing
            head = app.head(address)
        for answer in (*fetched, head):
            assert answer.status_code == 200
            assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
            assert answer.headers["cache-control"] == "private"
            assert "set-cookie" not in answer.headers
        calendars = [_parsed(answer.content) for answer in fetched]
        uids = [sorted(str(e["UID"]) for e in c.walk("VEVENT")) for c in calendars]
        assert uids[0] == uids[1] and f"status-{executing}-2010Q3@127.0.0.1" in uids[0]
        event = next(e for e in calendars[0].walk("VEVENT") if "2010Q3" in str(e["UID"]))
        assert str(event["URL"]) == f"{server.url}/initiatives/{executing}"

        renewed = _make_address(client, server)
        assert renewed != address
        with httpx2.Client(timeout=20) as app:
            old = app.get(address)
            assert (old.status_code, old.text) == (404, "Not found\n")
            assert old.headers["cache-control"] == "no-store"
            assert app.get(renewed).status_code == 200
            unknown = app.get(f"{server.url}/calendar/{'A' * 43}.ics")
            assert (unknown.status_code, unknown.text) == (404, "Not found\n")
        assert client.get("/me/calendar").status_code == 200


# The page in Chromium


@pytest.mark.slow
def test_the_calendar_page_in_a_browser_passes_axe_and_shows_the_address_once(
    database_url: str, people: dict[str, Person], executing: int, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    from tests.test_web_browser import _checked, _driver, _wait

    shots = tmp_path / "screenshots"
    shots.mkdir()
    browser = _driver()
    try:
        with WebServer(database_url, tmp_path, now=NOW) as server:
            link = server.tiltag("web", "link", "ulla", "--next", "/me/calendar")
            assert link.returncode == 0, link.stderr
            browser.get(link.stdout.strip())
            browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
            _wait(lambda: browser.title == "Kalender – Tiltag", "the calendar page")
            _checked(browser, shots, "calendar")
            menu = browser.find_element(By.CSS_SELECTOR, "nav a[href='/me/calendar']")
            assert menu.text == "Kalender"
            browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
            _wait(lambda: browser.find_elements(By.ID, "address"), "the new address")
            address = browser.find_element(By.ID, "address").get_attribute("value")
            assert address.startswith(f"{server.url}/calendar/")
            _checked(browser, shots, "calendar-made")
            subscribe = browser.find_element(By.PARTIAL_LINK_TEXT, "Abonnér")
            assert subscribe.get_attribute("href") == "webcal" + address.removeprefix("http")
            browser.get(f"{server.url}/me/calendar")
            assert address not in browser.page_source
            _checked(browser, shots, "calendar-renew")
    finally:
        browser.quit()


# The forums' meetings in schedule.yaml


def test_the_shipped_schedule_has_each_forums_meetings_of_2010_and_2011() -> None:
    for forum in ("chief_group", "economic_committee", "city_council"):
        years = {m.day.year for m in SCHEDULE.meetings[forum]}
        assert years == {2010, 2011}, forum
        days = [m.day for m in SCHEDULE.meetings[forum]]
        assert days == sorted(days)
        assert all(SCHEDULE.calendar.is_working_day(d) for d in days), forum
    assert Meeting(date(2010, 12, 1)) in SCHEDULE.meetings["chief_group"]
    assert Schedule().meetings == {}


def test_meetings_are_read_as_dates_or_dates_with_times() -> None:
    schedule = parse_schedule(
        "meetings:\n  chief_group: [2010-09-01, '2010-10-06 09:00-11:30']\n", "schedule.yaml"
    )
    assert schedule.meetings == {
        "chief_group": (
            Meeting(date(2010, 9, 1)),
            Meeting(date(2010, 10, 6), time(9), time(11, 30)),
        )
    }


@pytest.mark.parametrize(
    "text,error",
    [
        (
            "meetings:\n  chief_group: [2010-09-01, 2010-02-30]\n",
            "schedule.yaml:2: '2010-02-30' is not a valid timestamp",
        ),
        (
            "meetings:\n  chief_group:\n    - 2010-09-01\n    - '2010-02-30 09:00-11:00'\n",
            "schedule.yaml:4: a meeting of chief_group: 2010-02-30 is not a date (YYYY-MM-DD)",
        ),
        (
            "meetings:\n  chief_group:\n    - 1.9.2010\n",
            "schedule.yaml:3: a meeting of chief_group must be a date YYYY-MM-DD or a date with"
            " its time YYYY-MM-DD HH:MM-HH:MM (got '1.9.2010')",
        ),
        (
            "meetings:\n  chief_group:\n    - 2010-09-01 09:00\n",
            "schedule.yaml:3: a meeting of chief_group must be a date YYYY-MM-DD or a date with"
            " its time YYYY-MM-DD HH:MM-HH:MM (got '2010-09-01 09:00')",
        ),
        (
            "meetings:\n  chief_group:\n    - 2010-09-01 11:00-09:00\n",
            "schedule.yaml:3: a meeting of chief_group on 2010-09-01 must end after it starts",
        ),
        (
            "meetings:\n  chief_group:\n    - 2010-09-01\n    - 2010-09-01 09:00-10:00\n",
            "schedule.yaml:4: the meetings of chief_group name 2010-09-01 twice",
        ),
        (
            "meetings:\n  chief_group: 2010-09-01\n",
            "schedule.yaml:2: the meetings of chief_group must be a list of dates, e.g."
            " [2010-09-01, 2010-10-06 09:00-11:00]",
        ),
        (
            "meetings:\n  task_force: [2010-09-01]\n",
            "schedule.yaml:2: unknown key 'task_force' in meetings; allowed keys: chief_group,"
            " economic_committee, city_council",
        ),
        (
            "meetings:\n  city_council: [2101-01-05]\n",
            "schedule.yaml:2: a meeting of city_council on 2101-01-05 lies outside the years"
            " 2000-2100",
        ),
        ("meetings: [2010-09-01]\n", "schedule.yaml:1: meetings must be a mapping"),
    ],
)
def test_a_bad_meeting_gives_a_clear_error_with_its_line(text: str, error: str) -> None:
    with pytest.raises(DefinitionError) as refused:
        parse_schedule(text, "schedule.yaml")
    assert str(refused.value) == error
