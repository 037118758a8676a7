"""One-time sign-in links: made for a person (asked for by mail, or printed by an operator),
usable once within 30 minutes, stored only as the hash of their token; requests for them are
rate-limited per address and per client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, select, update

from workflow.base.clock import LOCAL_TIME, Clock
from workflow.base.errors import WorkflowError
from workflow.base.logs import get_logger
from workflow.base.secrets import digest, new_token
from workflow.core.people import Person, find_person_by_id
from workflow.schedule.config import Schedule
from workflow.schedule.outbox import Mail, enqueue, mailbox
from workflow.schedule.templates import render_mail
from workflow.storage.access_tables import SIGN_IN_LINK, SIGN_IN_REQUEST
from workflow.storage.core_tables import PERSON
from workflow.storage.schedule_tables import OUTBOX

__all__ = [
    "LINK_LIFETIME",
    "PER_ADDRESS",
    "PER_CLIENT",
    "LinkRefused",
    "Redeemed",
    "TooManyRequests",
    "make_link",
    "redeem_link",
    "mail_link",
    "note_request",
    "sign_in_url",
]

LINK_LIFETIME = timedelta(minutes=30)
# At most this many requests for a link per address, and per client address, in a WINDOW.
PER_ADDRESS = 5
PER_CLIENT = 30
WINDOW = timedelta(minutes=15)
# Requests are kept this long for the limits, then deleted.
_KEPT = timedelta(days=1)

log = get_logger("tiltag.web")


class LinkRefused(WorkflowError):
    """A sign-in link that signs nobody in: unknown (or forged), used, expired, or made for a
    person whose access an admin has closed since."""

    def __init__(self, reason: str) -> None:
        self.reason = reason  # unknown | used | expired | closed
        super().__init__(f"the sign-in link is {reason}")


class TooManyRequests(WorkflowError):
    """Too many links asked for, for one address or from one client, in a short while."""

    def __init__(self) -> None:
        minutes = int(WINDOW.total_seconds() // 60)
        super().__init__(f"too many sign-in links asked for; try again in {minutes} minutes")


@dataclass(frozen=True)
class Redeemed:
    """Whom a link signed in, and where it leads."""

    person: Person
    next_path: str | None


def sign_in_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/sign-in/{token}"


def make_link(engine: Engine, person: Person, clock: Clock, next_path: str | None = None) -> str:
    """A new one-time link's token for `person`, leading to `next_path` after sign-in.

    Raises:
        WorkflowError: the person is deactivated.
    """
    if not person.active:
        raise WorkflowError(f"{person} is deactivated: no sign-in link is made for them")
    with engine.begin() as conn:
        return _make(conn, person, clock, next_path)


def _make(conn: Connection, person: Person, clock: Clock, next_path: str | None) -> str:
    token = new_token()
    now = clock.now()
    conn.execute(
        insert(SIGN_IN_LINK).values(
            token_hash=digest(token),
            person_id=person.id,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
            next_path=next_path,
        )
    )
    return token


def redeem_link(engine: Engine, token: str, clock: Clock) -> Redeemed:
    """Use the link `token`: whom it signs in. It cannot be used again.

    Raises:
        LinkRefused: no such link, or used, or expired, or its person is deactivated.
    """
    now = clock.now()
    with engine.begin() as conn:
        row = conn.execute(
            select(SIGN_IN_LINK).where(SIGN_IN_LINK.c.token_hash == digest(token))
        ).first()
        if row is None:
            raise LinkRefused("unknown")
        if row.used_at is not None:
            raise LinkRefused("used")
        if row.expires_at <= now:
            raise LinkRefused("expired")
        # The guard on used_at makes two browsers racing for one link end with one winner.
        won = conn.execute(
            update(SIGN_IN_LINK)
            .where(SIGN_IN_LINK.c.id == row.id, SIGN_IN_LINK.c.used_at.is_(None))
            .values(used_at=now)
        ).rowcount
        if won != 1:
            raise LinkRefused("used")
        person = find_person_by_id(conn, row.person_id)
    if not person.active:
        log.warning("sign_in_link_closed", person=person.handle)
        raise LinkRefused("closed")
    return Redeemed(person, row.next_path)


def note_request(engine: Engine, *, address: str, client: str, clock: Clock) -> bool:
    """Count a request for a link for `address` from `client`; whether a link may be made for
    the address now. The answer takes the same work whether anyone has the address or not.

    Raises:
        TooManyRequests: the client asked too often lately.
    """
    now = clock.now()
    address_hash = digest(address.strip().lower())
    client_key = digest(client)
    with engine.begin() as conn:
        conn.execute(delete(SIGN_IN_REQUEST).where(SIGN_IN_REQUEST.c.at < now - _KEPT))
        since = now - WINDOW
        if _count(conn, SIGN_IN_REQUEST.c.client == client_key, since) >= PER_CLIENT:
            log.warning("sign_in_rate_limited", client=client)
            raise TooManyRequests()
        asked = _count(conn, SIGN_IN_REQUEST.c.address_hash == address_hash, since)
        conn.execute(
            insert(SIGN_IN_REQUEST).values(at=now, address_hash=address_hash, client=client_key)
        )
    if asked >= PER_ADDRESS:
        # Others asking cannot keep a person from signing in: only their answer goes unsent.
        log.warning("sign_in_address_limited")
        return False
    return True


def mail_link(
    engine: Engine,
    *,
    address: str,
    base: str,
    schedule: Schedule,
    templates: Path,
    clock: Clock,
    next_path: str | None = None,
) -> int | None:
    """If exactly one person has `address` and is active, put a new link for them in the
    outbox; its mail's id (None if nobody or several people have the address, or its person is
    deactivated: the asker is told the same in every case)."""
    now = clock.now()
    address = address.strip().lower()
    with engine.begin() as conn:
        found = conn.execute(
            select(PERSON.c.id).where(func.lower(PERSON.c.email) == address).limit(2)
        ).all()
        if len(found) != 1:
            log.info("sign_in_link_not_sent", found=len(found))
            return None
        person = find_person_by_id(conn, found[0].id)
        if not person.active:
            log.info("sign_in_link_not_sent", found=1, deactivated=True)
            return None
        token = _make(conn, person, clock, next_path)
        mail = _mail(person, sign_in_url(base, token), schedule, templates, clock)
        enqueue(conn, mail, sender=schedule.sender, day=now.date(), now=now)
        mail_id = conn.execute(select(OUTBOX.c.id).where(OUTBOX.c.key == mail.key)).scalar_one()
    log.info("sign_in_link_mailed", person=person.handle)
    return int(mail_id)


def _count(conn: Connection, condition: ColumnElement[bool], since: datetime) -> int:
    return int(
        conn.execute(
            select(func.count())
            .select_from(SIGN_IN_REQUEST)
            .where(condition, SIGN_IN_REQUEST.c.at >= since)
        ).scalar_one()
    )


def _mail(person: Person, url: str, schedule: Schedule, templates: Path, clock: Clock) -> Mail:
    expires = (clock.now() + LINK_LIFETIME).astimezone(LOCAL_TIME)
    language = person.language
    context = {
        "recipient": {"name": person.name, "handle": person.handle},
        "action_url": url,
        "action_label": "Log ind" if language == "da" else "Sign in",
        "expires_text": expires.strftime("%H:%M"),
    }
    rendered = render_mail(templates, "sign_in", language, context)
    return Mail(
        key=f"sign_in/{digest(url)[:32]}",
        kind="sign_in",
        initiative_id=None,
        recipient_id=person.id,
        recipient=mailbox(person.name, person.email),
        address=person.email,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
    )
