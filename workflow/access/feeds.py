"""Private calendar feeds: each person may have one secret address of their deadlines as an
iCalendar file; only the hash of its secret is stored, and making a new one ends the old."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from workflow.base.clock import Clock
from workflow.base.errors import WorkflowError
from workflow.base.logs import get_logger
from workflow.base.secrets import digest, new_token
from workflow.core.people import Person, find_person_by_id
from workflow.definitions.registry import Registry
from workflow.schedule.config import Schedule
from workflow.schedule.deadlines import deadlines_of
from workflow.schedule.ics import render_calendar
from workflow.storage.access_tables import CALENDAR_FEED
from workflow.storage.core_tables import PERSON

__all__ = ["FeedRefused", "feed_made_at", "feed_person", "feed_url", "make_feed", "read_feed"]

# A secret is 43 characters (new_token); anything much longer is not one, and is not hashed.
_LONGEST = 100

log = get_logger("tiltag.web")


class FeedRefused(WorkflowError):
    """A calendar address that gives no calendar: unknown (renewed, or never made), or of a
    person who has been deactivated."""

    def __init__(self, reason: str) -> None:
        self.reason = reason  # unknown | deactivated
        super().__init__(f"the calendar address is {reason}")


def feed_url(base: str, secret: str) -> str:
    """The address a calendar app subscribes to."""
    return f"{base.rstrip('/')}/calendar/{secret}.ics"


def make_feed(engine: Engine, person: Person, clock: Clock) -> str:
    """A new secret for `person`'s calendar address; the one they had stops working at once.

    Raises:
        WorkflowError: the address was being made at the same moment elsewhere (try again).
    """
    secret = new_token()
    try:
        with engine.begin() as conn:
            renewed = conn.execute(
                delete(CALENDAR_FEED).where(CALENDAR_FEED.c.person_id == person.id)
            ).rowcount
            conn.execute(
                insert(CALENDAR_FEED).values(
                    person_id=person.id, token_hash=digest(secret), created_at=clock.now()
                )
            )
    except IntegrityError:
        raise WorkflowError(
            "the calendar address was being made at the same moment elsewhere; try again"
        ) from None
    log.info("calendar_feed_made", person=person.handle, renewed=bool(renewed))
    return secret


def feed_made_at(engine: Engine, person: Person) -> datetime | None:
    """When `person`'s calendar address was made, or None if they have none."""
    with engine.connect() as conn:
        made: datetime | None = conn.execute(
            select(CALENDAR_FEED.c.created_at).where(CALENDAR_FEED.c.person_id == person.id)
        ).scalar_one_or_none()
    return made


def feed_person(engine: Engine, secret: str) -> Person:
    """Whose calendar address has `secret`. Reading it changes nothing.

    Raises:
        FeedRefused: no address has the secret (never made, or renewed since), or its person
            has been deactivated.
    """
    if not secret or len(secret) > _LONGEST:
        raise FeedRefused("unknown")
    with engine.connect() as conn:
        row = conn.execute(
            select(CALENDAR_FEED.c.person_id, PERSON.c.deactivated_at)
            .join(PERSON, PERSON.c.id == CALENDAR_FEED.c.person_id)
            .where(CALENDAR_FEED.c.token_hash == digest(secret))
        ).first()
        if row is None:
            raise FeedRefused("unknown")
        if row.deactivated_at is not None:
            raise FeedRefused("deactivated")
        return find_person_by_id(conn, row.person_id)


def read_feed(
    engine: Engine,
    registry: Registry,
    schedule: Schedule,
    *,
    secret: str,
    clock: Clock,
    public_url: str | None,
) -> bytes:
    """The `.ics` of the person whose calendar address has `secret`, as of the clock, in their
    language; its events link to the web app at `public_url` when given.

    Raises:
        FeedRefused: as `feed_person`.
    """
    person = feed_person(engine, secret)
    deadlines = deadlines_of(engine, registry, schedule, person, clock)
    log.info("calendar_feed_read", person=person.handle, events=len(deadlines))
    return render_calendar(
        deadlines,
        name=person.name,
        language=person.language,
        now=clock.now(),
        public_url=public_url,
    )
