"""People and their roles: register them, find them, and know who is acting."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Engine, Integer, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from workflow.base.clock import Clock
from workflow.base.errors import InvalidValueError, UnknownPersonError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.text import clean_email, clean_line
from workflow.base.vocabulary import LANGUAGES, ROLES
from workflow.storage.core_tables import PERSON, PERSON_ROLE
from workflow.storage.statements import Link, Query

__all__ = [
    "Channel",
    "Person",
    "add_person",
    "change_person",
    "find_person",
    "find_person_by_id",
    "list_people",
    "names_of",
    "roles_of",
    "set_language",
]

_HANDLE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

log = get_logger("tiltag.people")

_ROLES = Query(
    lambda: select(PERSON_ROLE.c.role).where(
        PERSON_ROLE.c.person_id == bindparam("person_id", type_=Integer)
    )
)


@dataclass(frozen=True)
class Channel:
    """Through what a person acts now (one of CHANNELS), and its detail: how they signed in on
    the web, or the operating-system user that ran the command line."""

    kind: str
    detail: str | None = None


@dataclass(frozen=True)
class Person:
    """A person as the engine sees them: who they are, which roles they hold, the language they
    read, and (as an actor) the channel they act through; the shell that knows it sets it."""

    id: int
    handle: str
    name: str
    email: str
    roles: frozenset[str]
    language: str = "da"
    channel: Channel | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.handle})"


def add_person(
    engine: Engine,
    *,
    handle: str,
    name: str,
    email: str,
    roles: Iterable[str],
    actor: Person | None,
    clock: Clock,
) -> Person:
    """Register a person. The first person may be added by anyone; later ones only by an admin.

    Raises:
        InvalidValueError: a malformed handle, name, email or role.
        WorkflowError: the handle is taken, or the actor may not add people.
    """
    if not _HANDLE.match(handle):
        raise InvalidValueError(
            "handle", f"{handle!r} must be 1-64 lower-case letters, digits, '.', '_' or '-'"
        )
    name = clean_line("name", name)
    email = clean_email("email", email)
    wanted = sorted(set(roles))
    unknown = [r for r in wanted if r not in ROLES]
    if unknown:
        raise InvalidValueError(
            "role", f"unknown role {', '.join(unknown)}; known roles: {', '.join(ROLES)}"
        )
    with engine.begin() as conn:
        anyone = conn.execute(select(func.count()).select_from(PERSON)).scalar_one() > 0
        if anyone and (actor is None or "admin" not in actor.roles):
            raise WorkflowError("only an admin may add people (give --as an admin)")
        try:
            person_id = conn.execute(
                insert(PERSON).values(handle=handle, name=name, email=email, created_at=clock.now())
            ).inserted_primary_key[0]  # type: ignore[index]
        except IntegrityError:
            raise WorkflowError(f"a person with handle '{handle}' already exists") from None
        if wanted:
            conn.execute(insert(PERSON_ROLE), [{"person_id": person_id, "role": r} for r in wanted])
    log.info("person_added", handle=handle, roles=wanted, actor=actor.handle if actor else None)
    return Person(person_id, handle, name, email, frozenset(wanted))


def find_person(conn: Connection | Engine, handle: str) -> Person:
    """The person with `handle`.

    Raises:
        UnknownPersonError: nobody has that handle.
    """
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return find_person(c, handle)
    row = conn.execute(select(PERSON).where(PERSON.c.handle == handle)).first()
    if row is None:
        raise UnknownPersonError(handle)
    return _person(row, roles_of(conn, row.id))


def find_person_by_id(conn: Connection, person_id: int) -> Person:
    """The person with id `person_id`.

    Raises:
        UnknownPersonError: nobody has that id (any longer).
    """
    row = conn.execute(select(PERSON).where(PERSON.c.id == person_id)).first()
    if row is None:
        raise UnknownPersonError(f"#{person_id}")
    return _person(row, roles_of(conn, row.id))


def _person(row: Any, roles: frozenset[str]) -> Person:
    return Person(row.id, row.handle, row.name, row.email, roles, row.language or "da")


def names_of(engine: Engine, handles: Iterable[str | None]) -> dict[str, str]:
    """People's names by handle, in one query (a handle nobody has is left out)."""
    wanted = sorted({h for h in handles if h})
    if not wanted:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(PERSON.c.handle, PERSON.c.name).where(PERSON.c.handle.in_(wanted))
        )
        return {handle: name for handle, name in rows}


def roles_of(conn: Link, person_id: int) -> frozenset[str]:
    return frozenset(role for (role,) in _ROLES.all(conn, person_id=person_id))


def list_people(engine: Engine) -> list[Person]:
    """Everyone, by handle."""
    with engine.connect() as conn:
        roles: dict[int, set[str]] = defaultdict(set)
        for person_id, role in conn.execute(select(PERSON_ROLE.c.person_id, PERSON_ROLE.c.role)):
            roles[person_id].add(role)
        rows = conn.execute(select(PERSON).order_by(PERSON.c.handle)).all()
    return [_person(r, frozenset(roles[r.id])) for r in rows]


def set_language(engine: Engine, person: Person, language: str) -> Person:
    """The language a person reads their pages and mail in, chosen by themselves.

    Raises:
        InvalidValueError: not one of LANGUAGES.
    """
    if language not in LANGUAGES:
        raise InvalidValueError(
            "language", f"must be one of {', '.join(LANGUAGES)} (got {language[:20]!r})"
        )
    with engine.begin() as conn:
        conn.execute(update(PERSON).where(PERSON.c.id == person.id).values(language=language))
    return replace(person, language=language)


def change_person(
    engine: Engine,
    *,
    handle: str,
    actor: Person,
    name: str | None = None,
    email: str | None = None,
) -> Person:
    """Change a person's name or email address (an admin's task).

    Raises:
        InvalidValueError: a malformed name or email, or neither given.
        UnknownPersonError: nobody has that handle.
        WorkflowError: the actor is not an admin.
    """
    if "admin" not in actor.roles:
        raise WorkflowError("only an admin may change people (give --as an admin)")
    changes = {}
    if name is not None:
        changes["name"] = clean_line("name", name)
    if email is not None:
        changes["email"] = clean_email("email", email)
    if not changes:
        raise InvalidValueError("person", "give a new name or email")
    with engine.begin() as conn:
        person = find_person(conn, handle)
        conn.execute(update(PERSON).where(PERSON.c.id == person.id).values(**changes))
        changed = find_person(conn, handle)
    log.info("person_changed", handle=handle, fields=sorted(changes), actor=actor.handle)
    return changed
