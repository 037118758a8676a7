"""Personal access tokens of the JSON API: made by a person on their page (the secret shown once,
only its hash stored), with a name and an expiry, revoked by that person; a presented token acts
as its person through the channel `api`, unless it is unknown, revoked, expired, or its person
has been deactivated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from workflow.base.clock import Clock
from workflow.base.errors import InvalidValueError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.secrets import digest, new_token
from workflow.base.text import clean_line
from workflow.core.people import Channel, Person, find_person_by_id
from workflow.storage.access_tables import ACCESS_TOKEN
from workflow.storage.core_tables import PERSON

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "TOKEN_PREFIX",
    "AccessToken",
    "MadeToken",
    "TokenRefused",
    "list_tokens",
    "make_token",
    "revoke_token",
    "token_person",
]

# A token works this many days unless its maker chooses fewer or more, at most MAX_DAYS.
DEFAULT_DAYS = 90
MAX_DAYS = 365
# Every secret starts so, so a secret scanner (and a person) can tell what a leaked one is.
TOKEN_PREFIX = "tiltag_"
NAME_LENGTH = 100
# `used_at` is written at most this often, so a busy script does not write on every request.
_TOUCH = timedelta(minutes=1)

log = get_logger("tiltag.api")


class TokenRefused(WorkflowError):
    """A token that acts for nobody: unknown (or someone else's), revoked, expired, or of a
    person who has been deactivated."""

    def __init__(self, reason: str) -> None:
        self.reason = reason  # unknown | revoked | expired | deactivated
        what = "its person is deactivated" if reason == "deactivated" else f"it is {reason}"
        super().__init__(f"the access token is refused: {what}")


@dataclass(frozen=True)
class AccessToken:
    """A token as its person sees it in their list (never its secret)."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None

    def works_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True)
class MadeToken:
    """A token just made, with its secret: shown this once and never again."""

    token: AccessToken
    secret: str


def make_token(
    engine: Engine, person: Person, *, name: str, clock: Clock, days: int = DEFAULT_DAYS
) -> MadeToken:
    """A new token of `person`, named `name`, working `days` days from now.

    Raises:
        InvalidValueError: an empty or too long name, or days outside 1-MAX_DAYS.
    """
    name = clean_line("token name", name, NAME_LENGTH)
    if not name:
        raise InvalidValueError("token name", "must not be empty")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidValueError("days", f"must be from 1 to {MAX_DAYS} (got {days})")
    secret = TOKEN_PREFIX + new_token()
    now = clock.now()
    expires = now + timedelta(days=days)
    with engine.begin() as conn:
        token_id = conn.execute(
            insert(ACCESS_TOKEN)
            .values(
                token_hash=digest(secret),
                person_id=person.id,
                name=name,
                created_at=now,
                expires_at=expires,
            )
            .returning(ACCESS_TOKEN.c.id)
        ).scalar_one()
    log.info("access_token_made", person=person.handle, token=token_id, days=days)
    return MadeToken(AccessToken(int(token_id), name, now, expires, None, None), secret)


def list_tokens(engine: Engine, person: Person) -> list[AccessToken]:
    """Every token `person` made, the newest first (revoked and expired ones too)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(ACCESS_TOKEN)
            .where(ACCESS_TOKEN.c.person_id == person.id)
            .order_by(ACCESS_TOKEN.c.id.desc())
        ).all()
    return [_token(row) for row in rows]


def revoke_token(engine: Engine, person: Person, token_id: int, clock: Clock) -> AccessToken:
    """Revoke `person`'s token `token_id`: it works no more (revoking it again changes nothing).

    Raises:
        TokenRefused: `person` has no token with that id.
    """
    with engine.begin() as conn:
        conn.execute(
            update(ACCESS_TOKEN)
            .where(
                ACCESS_TOKEN.c.id == token_id,
                ACCESS_TOKEN.c.person_id == person.id,
                ACCESS_TOKEN.c.revoked_at.is_(None),
            )
            .values(revoked_at=clock.now())
        )
        row = conn.execute(
            select(ACCESS_TOKEN).where(
                ACCESS_TOKEN.c.id == token_id, ACCESS_TOKEN.c.person_id == person.id
            )
        ).first()
    if row is None:
        raise TokenRefused("unknown")
    log.info("access_token_revoked", person=person.handle, token=token_id)
    return _token(row)


def token_person(engine: Engine, secret: str, clock: Clock) -> Person:
    """The person the token `secret` acts for, through the channel `api` with the token's name;
    notes when it was used.

    Raises:
        TokenRefused: unknown, revoked, expired, or its person is deactivated.
    """
    now = clock.now()
    with engine.connect() as conn:
        row = conn.execute(
            select(ACCESS_TOKEN, PERSON.c.deactivated_at)
            .join(PERSON, PERSON.c.id == ACCESS_TOKEN.c.person_id)
            .where(ACCESS_TOKEN.c.token_hash == digest(secret))
        ).first()
        if row is None:
            raise TokenRefused("unknown")
        if row.revoked_at is not None:
            raise TokenRefused("revoked")
        if row.expires_at <= now:
            raise TokenRefused("expired")
        if row.deactivated_at is not None:
            raise TokenRefused("deactivated")
        person = find_person_by_id(conn, row.person_id)
    if row.used_at is None or now - row.used_at > _TOUCH:
        with engine.begin() as conn:
            conn.execute(
                update(ACCESS_TOKEN).where(ACCESS_TOKEN.c.id == row.id).values(used_at=now)
            )
    return replace(person, channel=Channel("api", row.name))


def _token(row: Any) -> AccessToken:
    return AccessToken(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
    )
