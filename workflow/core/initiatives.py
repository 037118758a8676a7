"""Initiatives as rows: propose one, read it, edit its fields, list the portfolio."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, select

from workflow.base.clock import Clock
from workflow.base.errors import (
    ConcurrentChangeError,
    InvalidValueError,
    NotAllowedError,
    NotFoundError,
)
from workflow.base.logs import get_logger
from workflow.base.text import clean_line, clean_text
from workflow.base.vocabulary import FIELDS
from workflow.core.history import append_event
from workflow.core.people import Person, find_person
from workflow.definitions.model import Definition
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE, PERSON
from workflow.storage.statements import (
    Link,
    insert_returning_id,
    select_initiative,
    update_initiative,
)

__all__ = [
    "Initiative",
    "as_record",
    "edit",
    "field_value",
    "get_initiative",
    "iter_initiatives",
    "iter_listing",
    "LISTING_COLUMNS",
    "create_initiative",
    "acts_for",
    "ensure_may_change",
    "load_row",
    "may_change",
    "propose",
    "proposal_values",
    "records_query",
    "write_initiative",
]

log = get_logger("tiltag.initiatives")

# Who may edit an initiative's fields besides its proposer and owner.
EDITOR_ROLES = frozenset({"task_force", "admin"})

_PROPOSER = PERSON.alias("proposer")
_OWNER = PERSON.alias("owner")


@dataclass(frozen=True)
class Initiative:
    """An initiative as stored, with its proposer's and owner's handles."""

    id: int
    title: str
    description: str
    category: str | None
    area: str | None
    proposer: str
    owner: str | None
    workflow: str
    workflow_version: int
    state: str
    previous_state: str | None
    entered_state_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int
    origin_id: int | None = None


def records_query() -> Select[Any]:
    """Initiatives with their proposer's and owner's handles, for `as_record`."""
    return (
        select(
            INITIATIVE,
            _PROPOSER.c.handle.label("proposer"),
            _OWNER.c.handle.label("owner"),
        )
        .join(_PROPOSER, _PROPOSER.c.id == INITIATIVE.c.proposer_id)
        .outerjoin(_OWNER, _OWNER.c.id == INITIATIVE.c.owner_id)
    )


def as_record(row: Any) -> Initiative:
    return Initiative(**{name: getattr(row, name) for name in _RECORD_FIELDS})


_RECORD_FIELDS = tuple(Initiative.__dataclass_fields__)


def get_initiative(engine: Engine, initiative_id: int) -> Initiative:
    """One initiative.

    Raises:
        NotFoundError: no initiative has that id.
    """
    with engine.connect() as conn:
        row = conn.execute(records_query().where(INITIATIVE.c.id == initiative_id)).first()
    if row is None:
        raise NotFoundError(initiative_id)
    return as_record(row)


def iter_initiatives(
    engine: Engine,
    *,
    state: str | None = None,
    owner: str | None = None,
    category: str | None = None,
    area: str | None = None,
    workflow: str | None = None,
    involving: int | None = None,
    batch_size: int = 1000,
    offset: int = 0,
    limit: int | None = None,
) -> Iterator[Initiative]:
    """Initiatives by id, streamed from the database in batches (memory stays flat); `involving`
    keeps those the person with that id proposed or owns; `offset` and `limit` give one page."""
    query = records_query().order_by(INITIATIVE.c.id).offset(offset or None).limit(limit)
    if involving is not None:
        query = query.where(
            (INITIATIVE.c.proposer_id == involving) | (INITIATIVE.c.owner_id == involving)
        )
    query = _filtered(query, state, owner, category, area, workflow)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(query)
        for row in result:
            yield as_record(row)


# What `iter_listing` gives of each initiative, in this order.
LISTING_COLUMNS = (
    "id", "state", "category", "owner", "area", "title", "workflow", "workflow_version",
    "version", "entered_state_at",
)  # fmt: skip


def iter_listing(
    engine: Engine,
    *,
    state: str | None = None,
    owner: str | None = None,
    category: str | None = None,
    batch_size: int = 1000,
) -> Iterator[tuple[Any, ...]]:
    """The columns of a listing (`LISTING_COLUMNS`) of the initiatives by id, as plain tuples,
    streamed: for writing a whole portfolio, where building an `Initiative` a row costs more
    than reading it."""
    query = (
        select(
            INITIATIVE.c.id,
            INITIATIVE.c.state,
            INITIATIVE.c.category,
            _OWNER.c.handle.label("owner"),
            INITIATIVE.c.area,
            INITIATIVE.c.title,
            INITIATIVE.c.workflow,
            INITIATIVE.c.workflow_version,
            INITIATIVE.c.version,
            INITIATIVE.c.entered_state_at,
        )  # fmt: skip
        .outerjoin(_OWNER, _OWNER.c.id == INITIATIVE.c.owner_id)
        .order_by(INITIATIVE.c.id)
    )
    query = _filtered(query, state, owner, category, None, None)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(query)
        for batch in result.partitions():
            yield from batch


def _filtered(
    query: Select[Any],
    state: str | None,
    owner: str | None,
    category: str | None,
    area: str | None,
    workflow: str | None,
) -> Select[Any]:
    """`query` keeping the initiatives that match each filter given."""
    if state is not None:
        query = query.where(INITIATIVE.c.state == state)
    if owner is not None:
        query = query.where(_OWNER.c.handle == owner)
    if category is not None:
        query = query.where(INITIATIVE.c.category == category)
    if area is not None:
        query = query.where(INITIATIVE.c.area == area)
    if workflow is not None:
        query = query.where(INITIATIVE.c.workflow == workflow)
    return query


def load_row(conn: Link, initiative_id: int) -> Mapping[str, Any]:
    """The initiative's stored columns for the rules to look at (no timestamps).

    Raises:
        NotFoundError: no initiative has that id.
    """
    row = select_initiative(conn, initiative_id)
    if row is None:
        raise NotFoundError(initiative_id)
    return row


def write_initiative(
    conn: Link, initiative_id: int, read_version: int, values: Mapping[str, Any]
) -> int:
    """Update the initiative if it is still at `read_version`; return its new version.

    Raises:
        ConcurrentChangeError: someone else changed it since it was read.
    """
    new_version = read_version + 1
    changed = update_initiative(
        conn, initiative_id, read_version, {**values, "version": new_version}
    )
    if changed != 1:
        raise ConcurrentChangeError(initiative_id, read_version)
    return new_version


def propose(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    title: str,
    description: str = "",
    category: str | None = None,
    area: str | None = None,
    owner: str | None = None,
    workflow: str = "effektivisering",
    clock: Clock,
) -> int:
    """Add a proposal in the initial state of the newest version of `workflow`; return its id.

    Raises:
        InvalidValueError: a field value is not acceptable.
        UnknownPersonError: the owner is not registered.
        UsageError: no definition has that name.
    """
    definition = registry.latest(workflow)
    values = proposal_values(
        definition, title=title, description=description, category=category, area=area
    )
    with engine.begin() as conn:
        values["owner_id"] = find_person(conn, owner).id if owner else None
        initiative_id = create_initiative(
            conn, definition, values, proposer_id=actor.id, actor=actor, now=clock.now()
        )
    log.info(
        "proposed",
        initiative=initiative_id,
        workflow=definition.key,
        state=definition.initial.name,
        actor=actor.handle,
    )
    return initiative_id


def proposal_values(
    definition: Definition,
    *,
    title: str,
    description: str = "",
    category: str | None = None,
    area: str | None = None,
) -> dict[str, Any]:
    """The checked columns of a new proposal (all but its people).

    Raises:
        InvalidValueError: a field value is not acceptable.
    """
    given = {"title": title, "description": description, "category": category, "area": area}
    return {name: field_value(definition, name, raw) for name, raw in given.items()}


def field_value(definition: Definition, name: str, raw: str | None) -> str | None:
    """The value to store of a text field (title, description, category, area), checked; an
    empty optional field is None.

    Raises:
        InvalidValueError: the value is not acceptable.
    """
    if name == "title":
        return clean_line("title", raw or "")
    if name == "description":
        return clean_text("description", raw or "")
    if name == "category":
        return _category(definition, raw)
    return clean_line(name, raw) if raw and raw.strip() else None


def create_initiative(
    conn: Link,
    definition: Definition,
    values: Mapping[str, Any],
    *,
    proposer_id: int,
    actor: Person,
    now: datetime,
    comment: str | None = None,
) -> int:
    """Insert an initiative in the definition's initial state and its `created` event."""
    state = definition.initial.name
    initiative_id = insert_returning_id(
        conn,
        INITIATIVE,
        {
            **values,
            "proposer_id": proposer_id,
            "workflow": definition.name,
            "workflow_version": definition.version,
            "state": state,
            "entered_state_at": now,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        },
    )
    append_event(
        conn,
        actor,
        initiative_id=initiative_id,
        at=now,
        kind="created",
        to_state=state,
        comment=comment,
        version=1,
    )
    return initiative_id


def may_change(actor: Person, proposer: int | str, owner: int | str | None) -> bool:
    """Whether `actor` may change an initiative: its proposer or owner (each given by id or by
    handle), the task force or an admin."""
    mine = actor.id in (proposer, owner) or actor.handle in (proposer, owner)
    return mine or not actor.roles.isdisjoint(EDITOR_ROLES)


def acts_for(actor: Person, proposer: int | str, owner: int | str | None) -> int | str | None:
    """For whom `actor` acts when changing an initiative they neither proposed nor own: its
    owner, else its proposer (as given: id or handle); None when it is their own."""
    if actor.id in (proposer, owner) or actor.handle in (proposer, owner):
        return None
    return owner if owner is not None else proposer


def ensure_may_change(actor: Person, row: Mapping[str, Any]) -> int | None:
    """Refuse anyone but the proposer, the owner, the task force or an admin; return for whom
    the actor acts when they are neither its proposer nor its owner (the owner, else the
    proposer), for the history to say so, else None.

    Raises:
        NotAllowedError: the actor may not change the initiative.
    """
    if may_change(actor, row["proposer_id"], row["owner_id"]):
        behalf = acts_for(actor, row["proposer_id"], row["owner_id"])
        return None if behalf is None else int(behalf)
    raise NotAllowedError(actor.handle, row["id"])


def edit(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    changes: Mapping[str, str],
    clock: Clock,
    expected_version: int | None = None,
) -> int:
    """Change fields of an initiative (an empty value clears an optional field); return its version.

    One event per changed field, all in one transaction with the new version.

    Raises:
        InvalidValueError: an unknown field or an unacceptable value.
        NotFoundError: no such initiative.
        NotAllowedError: the actor may not edit it.
        ConcurrentChangeError: it changed since `expected_version` (or since it was read).
    """
    unknown = [f for f in changes if f not in FIELDS]
    if unknown:
        raise InvalidValueError(
            unknown[0], f"not a field that can be edited; fields: {', '.join(FIELDS)}"
        )
    if not changes:
        raise InvalidValueError("changes", "give at least one FIELD=VALUE")
    now = clock.now()
    with engine.begin() as conn:
        row = load_row(conn, initiative_id)
        read_version = row["version"] if expected_version is None else expected_version
        if read_version != row["version"]:
            raise ConcurrentChangeError(initiative_id, read_version)
        behalf = ensure_may_change(actor, row)
        definition = registry.get(row["workflow"], row["workflow_version"])
        values: dict[str, Any] = {}
        shown: list[tuple[str, str | None, str | None]] = []
        for field, raw in changes.items():
            column, value, old, new = _converted(conn, definition, row, field, raw)
            if row[column] != value:
                values[column] = value
                shown.append((field, old, new))
        if not values:
            return int(row["version"])
        version = write_initiative(conn, initiative_id, read_version, {**values, "updated_at": now})
        for field, old, new in shown:
            append_event(
                conn,
                actor,
                initiative_id=initiative_id,
                at=now,
                kind="edit",
                field=field,
                old_value=old,
                new_value=new,
                version=version,
                on_behalf_of_id=behalf,
            )
    log.info(
        "edited",
        initiative=initiative_id,
        fields=[f for f, _, _ in shown],
        actor=actor.handle,
        version=version,
    )
    return version


def _converted(
    conn: Connection, definition: Definition, row: Mapping[str, Any], field: str, raw: str
) -> tuple[str, Any, str | None, str | None]:
    """(column, stored value, old shown value, new shown value) for one FIELD=VALUE."""
    if field == "owner":
        old_owner = row["owner_id"]
        old = None
        if old_owner is not None:
            old = conn.execute(select(PERSON.c.handle).where(PERSON.c.id == old_owner)).scalar()
        if not raw.strip():
            return "owner_id", None, old, None
        person = find_person(conn, raw.strip())
        return "owner_id", person.id, old, person.handle
    value = field_value(definition, field, raw)
    return field, value, row[field], value


def _category(definition: Definition, given: str | None) -> str | None:
    """The category's code, given as its code or its Danish or English label."""
    if given is None or not given.strip():
        return None
    given = given.strip()
    if not definition.categories:
        return clean_line("category", given, max_length=40)  # any code, as long as it fits
    if definition.category(given) is not None:
        return given
    wanted = given.casefold()
    for c in definition.categories:
        if wanted in (c.code.casefold(), c.label.da.casefold(), c.label.en.casefold()):
            return c.code
    raise InvalidValueError(
        "category",
        f"unknown category '{given}'; categories: "
        + ", ".join(c.code for c in definition.categories),
    )
