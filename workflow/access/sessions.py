"""Web sessions: a row per signed-in browser, found by the hash of its cookie's id, ended by
sign-out or by its time-outs. Any web process can read any session: nothing is kept in memory."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from workflow.base.clock import Clock
from workflow.base.logs import get_logger
from workflow.base.secrets import digest, new_token
from workflow.core.people import Channel, Person, find_person_by_id
from workflow.storage.access_tables import WEB_SESSION

__all__ = [
    "IDLE",
    "LIFETIME",
    "METHODS",
    "SignedIn",
    "end_session",
    "end_sessions_of",
    "open_session",
    "signed_in",
]

# A session ends after 30 minutes without a request, and after ten hours whatever happens.
IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=10)
# How a person signed in; the history names it beside the web channel.
METHODS = ("link", "sso")
# `seen_at` is written at most this often, so reading pages does not write on every request.
_TOUCH = timedelta(minutes=1)

log = get_logger("tiltag.web")


@dataclass(frozen=True)
class SignedIn:
    """The person of a session, acting on the web as signed in by `method`."""

    person: Person
    method: str
    started: datetime


def open_session(engine: Engine, person: Person, method: str, clock: Clock) -> str:
    """Start a session for `person` and return its id (the cookie's value, never stored)."""
    assert method in METHODS
    token = new_token()
    now = clock.now()
    with engine.begin() as conn:
        conn.execute(
            insert(WEB_SESSION).values(
                token_hash=digest(token),
                person_id=person.id,
                method=method,
                created_at=now,
                seen_at=now,
            )
        )
    log.info("signed_in", person=person.handle, method=method)
    return token


def signed_in(engine: Engine, token: str, clock: Clock) -> SignedIn | None:
    """Whose session `token` is, or None if it is unknown, ended or timed out, or its person
    has been deactivated since (deactivation ends their sessions too; this holds regardless)."""
    now = clock.now()
    with engine.connect() as conn:
        row = conn.execute(
            select(WEB_SESSION).where(WEB_SESSION.c.token_hash == digest(token))
        ).first()
        if row is None or row.ended_at is not None:
            return None
        if now - row.seen_at >= IDLE or now - row.created_at >= LIFETIME:
            return None
        person = find_person_by_id(conn, row.person_id)
    if not person.active:
        return None
    if now - row.seen_at > _TOUCH:
        with engine.begin() as conn:
            conn.execute(update(WEB_SESSION).where(WEB_SESSION.c.id == row.id).values(seen_at=now))
    acting = replace(person, channel=Channel("web", row.method))
    return SignedIn(acting, row.method, row.created_at)


def end_sessions_of(engine: Engine, person: Person, clock: Clock) -> int:
    """End every session of `person` (a lost laptop, a person who left); how many were open."""
    with engine.begin() as conn:
        ended: int = conn.execute(
            update(WEB_SESSION)
            .where(WEB_SESSION.c.person_id == person.id, WEB_SESSION.c.ended_at.is_(None))
            .values(ended_at=clock.now())
        ).rowcount
    log.info("signed_out_everywhere", person=person.handle, sessions=ended)
    return ended


def end_session(engine: Engine, token: str, clock: Clock) -> None:
    """End the session `token` for every browser and process that uses it."""
    with engine.begin() as conn:
        conn.execute(
            update(WEB_SESSION)
            .where(WEB_SESSION.c.token_hash == digest(token), WEB_SESSION.c.ended_at.is_(None))
            .values(ended_at=clock.now())
        )
