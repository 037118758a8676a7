"""An initiative's records: file them (whole or field by field), read them back, tick milestones.

A record is kept whole as a JSON document in `record`, which is what is read back. Its yearly
gains are also written as rows of `gain`, and a plan's milestones as rows of `milestone`, in the
same transaction: those tables are projections for reports and reminders to sum, sort and filter
in the database. Every change is one transaction that bumps the initiative's version and appends
a `record` event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from sqlalchemy import (
    Connection,
    Engine,
    delete,
    insert,
)

from workflow.approvals.record_rules import (
    check_against_definition,
    check_gains_report,
    keep_what_was_approved,
)
from workflow.base.clock import Clock, local_date
from workflow.base.errors import InvalidValueError, UnknownPersonError
from workflow.base.files import RECORD_LIMIT, FileRefused, read_bounded
from workflow.base.logs import get_logger
from workflow.core.history import append_event
from workflow.core.initiatives import ensure_may_change, load_row, write_initiative
from workflow.core.people import Person, find_person, find_person_by_id
from workflow.definitions.model import Definition
from workflow.definitions.registry import Registry
from workflow.definitions.strict_yaml import MAX_DEPTH, YamlError, parse_yaml, shown
from workflow.records.documents import (
    RECORD_TYPES,
    BusinessCase,
    FollowUp,
    Gain,
    MilestoneSpec,
    Plan,
    RecordModel,
    validate_record,
)
from workflow.records.finance import Economics, economics
from workflow.records.reading import read_record
from workflow.storage.record_tables import ECONOMICS, GAIN, MILESTONE, RECORD

__all__ = [
    "case_economics",
    "change_milestone",
    "merge_fields",
    "read_record_file",
    "read_records",
    "set_record",
]

log = get_logger("tiltag.records")


def read_record_file(path: Path) -> dict[str, Any]:
    """The fields of a record file: YAML, or JSON if its name ends in .json; a regular file of
    at most RECORD_LIMIT bytes, nested at most MAX_DEPTH deep.

    Raises:
        InvalidValueError: the file cannot be read or parsed, or holds no mapping (naming the
            line, never printing the content).
    """
    try:
        text = read_bounded(path, RECORD_LIMIT).decode("utf-8")
    except FileRefused as exc:
        raise InvalidValueError(str(path), exc.problem) from None
    except UnicodeDecodeError:
        raise InvalidValueError(str(path), "the file is not UTF-8 text") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else parse_yaml(text)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            str(path), f"line {exc.lineno}: malformed JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise InvalidValueError(str(path), f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # a number of thousands of digits, say
        raise InvalidValueError(str(path), f"not a record file: {shown(str(exc))}") from None
    except YamlError as exc:
        raise InvalidValueError(str(path), f"line {exc.line}: {exc.problem}") from None
    if not isinstance(data, dict):
        raise InvalidValueError(str(path), "must hold a mapping of field names to values")
    if _depth(data) > MAX_DEPTH:
        raise InvalidValueError(str(path), f"nested more than {MAX_DEPTH} levels deep")
    return dict(data)


def _depth(value: Any) -> int:
    """How deep mappings and lists nest in `value` (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack += [
                    (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
                ]
    return deepest


def read_records(engine: Engine, initiative_id: int) -> dict[str, RecordModel]:
    """Every record filed for the initiative, by kind.

    Raises:
        NotFoundError: no such initiative.
    """
    with engine.connect() as conn:
        load_row(conn, initiative_id)
        found = {kind: read_record(conn, initiative_id, kind) for kind in RECORD_TYPES}
    return {kind: record for kind, record in found.items() if record is not None}


def set_record(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    kind: str,
    clock: Clock,
    data: Mapping[str, Any] | None = None,
    fields: Mapping[str, str] | None = None,
    expected_version: int | None = None,
) -> tuple[RecordModel, int]:
    """File the record of `kind`; return it and the initiative's new version.

    `data` is a whole record, replacing the one before; `fields` are FIELD=VALUE changes (see
    `merge_fields`) applied on top of `data`, or of the record filed now, read in the same
    transaction as the write.

    Raises:
        InvalidValueError: the result is not a valid record of that kind.
        NotFoundError, WorkflowError, ConcurrentChangeError: as for `initiatives.edit`.
    """

    def build(current: RecordModel | None) -> Mapping[str, Any]:
        if data is None and not fields:
            raise InvalidValueError(kind, "give a whole record or at least one field to change")
        base = validate_record(kind, dict(data)) if data is not None else current
        if fields:
            return merge_fields(base, kind, fields)
        assert base is not None
        return base.model_dump(mode="json")

    return _file(engine, registry, actor, initiative_id, kind, build, clock, expected_version)


def _file(
    engine: Engine,
    registry: Registry,
    actor: Person,
    initiative_id: int,
    kind: str,
    build: Callable[[RecordModel | None], Mapping[str, Any]],
    clock: Clock,
    expected_version: int | None,
) -> tuple[RecordModel, int]:
    """Read the record filed now, `build` the new one from it and file that, in one transaction.

    The initiative's version is checked before anything is written, so a change made by someone
    else after the read refuses this one instead of being overwritten.
    """
    now = clock.now()
    refused = {"initiative": initiative_id, "record": kind, "actor": actor.handle}
    with log.refusals("record_refused", **refused), engine.begin() as conn:
        row = load_row(conn, initiative_id)
        read_version = row["version"] if expected_version is None else expected_version
        behalf = ensure_may_change(actor, row)
        before = read_record(conn, initiative_id, kind)
        record = _with_benefit_owners(conn, validate_record(kind, dict(build(before))), row)
        definition = registry.get(row["workflow"], row["workflow_version"])
        check_against_definition(definition, record)
        check_gains_report(conn, definition, row, record)
        keep_what_was_approved(conn, definition, row, before, record)
        version = write_initiative(conn, initiative_id, read_version, {"updated_at": now})
        _store(conn, initiative_id, record, actor, now)
        append_event(
            conn,
            actor,
            initiative_id=initiative_id,
            at=now,
            kind="record",
            field=kind,
            old_value=_as_json(before),
            new_value=_as_json(record),
            version=version,
            on_behalf_of_id=behalf,
        )
    log.info(
        "record_filed", initiative=initiative_id, record=kind, actor=actor.handle, version=version
    )
    return record, version


def merge_fields(
    current: RecordModel | None, kind: str, pairs: Mapping[str, str]
) -> dict[str, Any]:
    """The data of `current` with FIELD=VALUE changes applied.

    `name=value` sets a field (an empty value clears it); `name.key=value` sets one entry of a
    mapping such as `investments.2011=500000` (an empty value removes it) or one field of a
    part such as `tolerances.time_days=30`; a list field takes comma-separated values. A gain of
    a business case is set field by field as `gains.N.FIELD=VALUE` or `gains.N.years.YEAR=VALUE`
    (N from 1; one past the last adds a gain; `gains.N=` removes it).

    Raises:
        InvalidValueError: the field is not part of the record.
    """
    model = RECORD_TYPES.get(kind)
    if model is None:
        validate_record(kind, {})  # raises with the list of kinds
        raise AssertionError("unreachable")
    data = current.model_dump(mode="json") if current is not None else {}
    for dotted, value in pairs.items():
        name, _, key = dotted.partition(".")
        field = model.model_fields.get(name)
        where = f"{kind}.{dotted}"
        if field is None or name == "milestones":
            known = ", ".join(n for n in model.model_fields if n != "milestones")
            raise InvalidValueError(
                f"{kind}.{name}", f"not a field that can be set this way; fields: {known}"
            )
        if name == "gains":
            data[name] = _set_gain(list(data.get(name) or []), key, value, where)
        elif key:
            data[name] = _set_key(field.annotation, dict(data.get(name) or {}), key, value, where)
        else:
            data[name] = _parsed(field, value)
    return data


def _set_key(part: Any, entries: dict[str, Any], key: str, value: str, where: str) -> Any:
    """One entry of a mapping, or one field of a part (a model, whose mapping fields take one
    entry more: `years.2011`), set from the command line."""
    if isinstance(part, type) and issubclass(part, BaseModel):
        name, _, entry = key.partition(".")
        inner = part.model_fields.get(name)
        if inner is None:
            raise InvalidValueError(where, f"not a field; fields: {', '.join(part.model_fields)}")
        if entry:
            entries[name] = _set_key(None, dict(entries.get(name) or {}), entry, value, where)
        else:
            entries[name] = _parsed(inner, value)
    elif value.strip():
        entries[key] = value.strip()
    else:
        entries.pop(key, None)
    return entries


def _set_gain(gains: list[Any], key: str, value: str, where: str) -> list[Any]:
    """The business case's gains with `gains.N[.FIELD[.YEAR]]=VALUE` applied."""
    number, _, rest = key.partition(".")
    if not number.isdigit() or not 1 <= int(number) <= len(gains) + 1:
        raise InvalidValueError(
            where,
            f"give gains.N.FIELD=VALUE or gains.N.years.YEAR=VALUE, with N one of the gains "
            f"(1-{len(gains)}) or {len(gains) + 1} to add one",
        )
    n = int(number)
    if not rest:
        if value.strip():
            raise InvalidValueError(where, "a gain is set field by field; gains.N= removes it")
        return gains[: n - 1] + gains[n:]
    if n > len(gains):
        gains.append({})
    gains[n - 1] = _set_key(Gain, dict(gains[n - 1]), rest, value, where)
    return gains


def _parsed(field: FieldInfo, value: str) -> Any:
    """A command-line value for `field`: a list from comma-separated parts, empty as the default."""
    if get_origin(field.annotation) is list or field.annotation is list:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value.strip() or field.get_default(call_default_factory=True)


def change_milestone(
    engine: Engine,
    registry: Registry,
    *,
    actor: Person,
    initiative_id: int,
    number: int,
    clock: Clock,
    done_on: date | None = None,
    replanned: str | None = None,
    due: date | None = None,
) -> tuple[RecordModel, int]:
    """Mark milestone `number` (1-based) done, or re-plan it with a reason (and a new due date).

    Raises:
        InvalidValueError: no plan, no such milestone, a done date in the future, a blank reason.
    """

    def build(plan: RecordModel | None) -> Mapping[str, Any]:
        if done_on is not None and done_on > local_date(clock.now()):
            raise InvalidValueError(
                "milestone",
                f"done on {done_on.isoformat()} is in the future; mark it when it is done",
            )
        if replanned is not None and not replanned.strip():
            raise InvalidValueError("milestone", "a re-plan needs a reason")
        if not isinstance(plan, Plan):
            raise InvalidValueError(
                "plan", f"initiative {initiative_id} has no implementation plan"
            )
        if not 1 <= number <= len(plan.milestones):
            raise InvalidValueError(
                "milestone", f"initiative {initiative_id} has milestones 1-{len(plan.milestones)}"
            )
        milestones = [m.model_dump(mode="json") for m in plan.milestones]
        changed = milestones[number - 1]
        if done_on is not None:
            changed["done_on"] = done_on.isoformat()
        if replanned is not None:
            changed["replanned"] = replanned
        if due is not None:
            changed["due"] = due.isoformat()
        return {**plan.model_dump(mode="json"), "milestones": milestones}

    return _file(engine, registry, actor, initiative_id, "plan", build, clock, None)


def case_economics(record: BusinessCase, definition: Definition) -> Economics | None:
    """The computed net present value and payback of a business case."""
    return economics(
        investments=record.investments,
        running_costs=record.running_costs,
        kroner=record.kroner(),
        discount_rate=definition.settings.discount_rate,
    )


def _with_benefit_owners(
    conn: Connection, record: RecordModel, row: Mapping[str, Any]
) -> RecordModel:
    """A business case whose every gain names its benefit owner: the initiative's owner where
    none is named.

    Raises:
        InvalidValueError: a benefit owner is no one's handle.
    """
    if not isinstance(record, BusinessCase) or not record.gains:
        return record
    for number, gain in enumerate(record.gains):
        if gain.owner is not None:
            try:
                find_person(conn, gain.owner)
            except UnknownPersonError as exc:
                raise InvalidValueError(f"business_case.gains.{number}.owner", str(exc)) from None
    if all(gain.owner is not None for gain in record.gains) or row["owner_id"] is None:
        return record
    owner = find_person_by_id(conn, row["owner_id"]).handle
    gains = [g if g.owner else g.model_copy(update={"owner": owner}) for g in record.gains]
    return record.model_copy(update={"gains": gains})


def _store(
    conn: Connection,
    initiative_id: int,
    record: RecordModel,
    actor: Person,
    now: datetime,
) -> None:
    kind = record.KIND
    document = record.model_dump(mode="json")
    where = (RECORD.c.initiative_id == initiative_id) & (RECORD.c.kind == kind)
    conn.execute(delete(RECORD).where(where))
    conn.execute(
        insert(RECORD).values(
            initiative_id=initiative_id,
            kind=kind,
            data=document,
            updated_at=now,
            updated_by=actor.id,
        )
    )
    if isinstance(record, BusinessCase):
        _store_case_figures(conn, initiative_id, record)
    elif isinstance(record, FollowUp):
        realised = ((y, a, None) for y, a in record.realised_gains.items())
        _store_gains(conn, initiative_id, "realised", realised)
    elif isinstance(record, Plan):
        conn.execute(delete(MILESTONE).where(MILESTONE.c.initiative_id == initiative_id))
        if record.milestones:
            conn.execute(
                insert(MILESTONE),
                [
                    _milestone_row(conn, initiative_id, n, m)
                    for n, m in enumerate(record.milestones, 1)
                ],
            )


def _store_gains(
    conn: Connection, initiative_id: int, kind: str, gains: Iterable[tuple[int, int, int | None]]
) -> None:
    """The initiative's gain rows of `kind`: (year, amount, the part taken back centrally)."""
    conn.execute(delete(GAIN).where(GAIN.c.initiative_id == initiative_id, GAIN.c.kind == kind))
    rows = [
        {"initiative_id": initiative_id, "kind": kind, "year": y, "amount": a, "central": c}
        for y, a, c in gains
    ]
    if rows:
        conn.execute(insert(GAIN), rows)


def _store_case_figures(conn: Connection, initiative_id: int, case: BusinessCase) -> None:
    """A business case's expected net gains a year (with the part taken back centrally) and its
    investments and last gain year, for the reports and reminders."""
    net = case.net_kroner()
    _store_gains(conn, initiative_id, "expected", ((y, c + a, c) for y, (c, a) in net.items()))
    conn.execute(delete(ECONOMICS).where(ECONOMICS.c.initiative_id == initiative_id))
    conn.execute(
        insert(ECONOMICS).values(
            initiative_id=initiative_id,
            investment=case.investment,
            last_gain_year=case.last_gain_year,
        )
    )


def _milestone_row(
    conn: Connection, initiative_id: int, position: int, m: MilestoneSpec
) -> dict[str, Any]:
    return {
        "initiative_id": initiative_id,
        "position": position,
        "phase": m.phase,
        "title": m.title,
        "due": m.due,
        "owner_id": find_person(conn, m.owner).id if m.owner else None,
        "done_on": m.done_on,
        "replanned": m.replanned,
    }


def _as_json(record: RecordModel | None) -> str | None:
    if record is None:
        return None
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
