"""People and their roles: register them, find them, and know who is acting."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    bindparam,
    delete,
    func,
    insert,
    not_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from workflow.base.clock import Clock
from workflow.base.errors import InvalidValueError, UnknownPersonError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.text import clean_email, clean_line
from workflow.base.vocabulary import LANGUAGES, ROLES
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE, PERSON, PERSON_ROLE
from workflow.storage.state_queries import final_states
from workflow.storage.statements import Link, Query

__all__ = [
    "Channel",
    "Person",
    "PersonRefused",
    "add_person",
    "change_person",
    "deactivate_person",
    "find_person",
    "find_person_by_id",
    "list_people",
    "names_of",
    "open_initiatives_owned",
    "person_problems",
    "reactivate_person",
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


class PersonRefused(WorkflowError):
    """A change to people that is not allowed; `reason` names which rule refused it (taken,
    not_admin, closed_actor, own_admin, yourself, already_deactivated, already_active)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class Person:
    """A person as the engine sees them: who they are, which roles they hold, the language they
    read, when an admin deactivated them (if they did), and (as an actor) the channel they act
    through; the shell that knows it sets it."""

    id: int
    handle: str
    name: str
    email: str
    roles: frozenset[str]
    language: str = "da"
    channel: Channel | None = None
    deactivated_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Whether they may sign in and act (an admin has not deactivated them)."""
        return self.deactivated_at is None

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
    language: str = "da",
) -> Person:
    """Register a person. The first person may be added by anyone; later ones only by an admin.

    Raises:
        InvalidValueError: a malformed handle, name, email, role or language.
        PersonRefused: the handle is taken, or the actor may not add people.
    """
    _handle(handle)
    name = clean_line("name", name)
    email = clean_email("email", email)
    wanted = _known_roles(roles)
    language = _language(language)
    with engine.begin() as conn:
        anyone = conn.execute(select(func.count()).select_from(PERSON)).scalar_one() > 0
        if anyone:
            _admin(actor, "add people")
        try:
            person_id = conn.execute(
                insert(PERSON).values(
                    handle=handle,
                    name=name,
                    email=email,
                    created_at=clock.now(),
                    language=None if language == "da" else language,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        except IntegrityError:
            raise PersonRefused(
                "taken", f"a person with handle '{handle}' already exists"
            ) from None
        if wanted:
            conn.execute(insert(PERSON_ROLE), [{"person_id": person_id, "role": r} for r in wanted])
    log.info("person_added", handle=handle, roles=wanted, actor=actor.handle if actor else None)
    return Person(person_id, handle, name, email, frozenset(wanted), language)


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
    return Person(
        row.id,
        row.handle,
        row.name,
        row.email,
        roles,
        row.language or "da",
        deactivated_at=row.deactivated_at,
    )


def _known_roles(roles: Iterable[str]) -> list[str]:
    """The roles, sorted and each once.

    Raises:
        InvalidValueError: a role tiltag does not know.
    """
    wanted = sorted(set(roles))
    unknown = [r for r in wanted if r not in ROLES]
    if unknown:
        raise InvalidValueError(
            "role", f"unknown role {', '.join(unknown)}; known roles: {', '.join(ROLES)}"
        )
    return wanted


def person_problems(
    *,
    name: str,
    email: str,
    roles: Iterable[str],
    language: str,
    handle: str | None = None,
) -> dict[str, str]:
    """What is wrong with each field of a person (by field: handle, name, email, role,
    language), by the rules `add_person` and `change_person` apply; empty if nothing is. A form
    shows them all at once, where the services stop at the first."""
    checks: list[tuple[str, Any]] = [
        ("name", lambda: clean_line("name", name)),
        ("email", lambda: clean_email("email", email)),
        ("role", lambda: _known_roles(roles)),
        ("language", lambda: _language(language)),
    ]
    if handle is not None:
        checks.insert(0, ("handle", lambda: _handle(handle)))
    problems = {}
    for field, check in checks:
        try:
            check()
        except InvalidValueError as exc:
            problems[field] = exc.problem
    return problems


def _handle(handle: str) -> str:
    if not _HANDLE.match(handle):
        raise InvalidValueError(
            "handle", f"{handle!r} must be 1-64 lower-case letters, digits, '.', '_' or '-'"
        )
    return handle


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidValueError(
            "language", f"must be one of {', '.join(LANGUAGES)} (got {language[:20]!r})"
        )
    return language


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
    language = _language(language)
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
    roles: Iterable[str] | None = None,
    language: str | None = None,
) -> Person:
    """Change a person's name, email address, roles (all of them, as given) or language (an
    admin's task). An admin cannot take the admin role from themselves.

    Raises:
        InvalidValueError: a malformed name or email, an unknown role or language, or nothing
            given.
        UnknownPersonError: nobody has that handle.
        PersonRefused: the actor is not an admin, or would remove their own admin role.
    """
    _admin(actor, "change people")
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = clean_line("name", name)
    if email is not None:
        changes["email"] = clean_email("email", email)
    if language is not None:
        changes["language"] = _language(language)
    wanted = None if roles is None else _known_roles(roles)
    if not changes and wanted is None:
        raise InvalidValueError("person", "give a new name, email, roles or language")
    if wanted is not None and handle == actor.handle and "admin" not in wanted:
        raise PersonRefused(
            "own_admin", "an admin cannot remove their own admin role; ask another admin"
        )
    with engine.begin() as conn:
        person = find_person(conn, handle)
        if changes:
            conn.execute(update(PERSON).where(PERSON.c.id == person.id).values(**changes))
        if wanted is not None and set(wanted) != person.roles:
            conn.execute(delete(PERSON_ROLE).where(PERSON_ROLE.c.person_id == person.id))
            if wanted:
                conn.execute(
                    insert(PERSON_ROLE), [{"person_id": person.id, "role": r} for r in wanted]
                )
        changed = find_person(conn, handle)
    fields = sorted(changes) + (["roles"] if changed.roles != person.roles else [])
    log.info("person_changed", handle=handle, fields=fields, actor=actor.handle)
    return changed


def _admin(actor: Person | None, what: str) -> None:
    """Refuse unless `actor` is an active admin."""
    if actor is None or "admin" not in actor.roles:
        raise PersonRefused("not_admin", f"only an admin may {what} (give --as an admin)")
    if not actor.active:
        raise PersonRefused("closed_actor", f"{actor.handle} is deactivated and may not {what}")


def deactivate_person(engine: Engine, *, handle: str, actor: Person, clock: Clock) -> Person:
    """Close a person's access (an admin's task): they can no longer sign in or act, and
    everything they did, own and decided stays as it is. The shell ends their open sessions.

    Raises:
        UnknownPersonError: nobody has that handle.
        PersonRefused: the actor is not an admin or is the person; already deactivated.
    """
    _admin(actor, "deactivate people")
    if handle == actor.handle:
        raise PersonRefused("yourself", "an admin cannot deactivate themselves; ask another admin")
    with engine.begin() as conn:
        person = find_person(conn, handle)
        if not person.active:
            raise PersonRefused("already_deactivated", f"{person} is already deactivated")
        now = clock.now()
        conn.execute(update(PERSON).where(PERSON.c.id == person.id).values(deactivated_at=now))
    log.info("person_deactivated", handle=handle, actor=actor.handle)
    return replace(person, deactivated_at=now)


def reactivate_person(engine: Engine, *, handle: str, actor: Person, clock: Clock) -> Person:
    """Open a deactivated person's access again (an admin's task).

    Raises:
        UnknownPersonError: nobody has that handle.
        PersonRefused: the actor is not an admin; the person is active.
    """
    _admin(actor, "reactivate people")
    with engine.begin() as conn:
        person = find_person(conn, handle)
        if person.active:
            raise PersonRefused("already_active", f"{person} is active; nothing to reactivate")
        conn.execute(update(PERSON).where(PERSON.c.id == person.id).values(deactivated_at=None))
    log.info("person_reactivated", handle=handle, actor=actor.handle, at=clock.now().isoformat())
    return replace(person, deactivated_at=None)


def open_initiatives_owned(engine: Engine, registry: Registry) -> dict[int, int]:
    """How many initiatives that have not ended each person owns, by person id (none: left out)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(INITIATIVE.c.owner_id, func.count())
            .where(INITIATIVE.c.owner_id.is_not(None), not_(final_states(registry)))
            .group_by(INITIATIVE.c.owner_id)
        )
        return {owner: count for owner, count in rows}
