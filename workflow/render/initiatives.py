"""Service results as text for people and CSV/JSON for tools; writes only to given streams."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from workflow.base.clock import local_date
from workflow.base.formats import (
    SPREADSHEET_QUOTED,
    amount,
    channel_text,
    money,
    spreadsheet_safe,
    when,
)
from workflow.base.vocabulary import FORUMS, LIGHTS, OUTCOMES
from workflow.definitions.model import Definition, Gate, Requirement, State

if TYPE_CHECKING:  # at run time only the objects are needed, not their modules
    from workflow.core.history import HistoryEvent
    from workflow.core.initiatives import Initiative
    from workflow.core.moves import MoveReport
    from workflow.core.people import Person

__all__ = [
    "LIST_COLUMNS",
    "amount",
    "check_text",
    "definition_text",
    "history_text",
    "initiative_text",
    "money",
    "people_text",
    "initiative_json",
    "write_initiatives",
    "write_listing",
]

LIST_COLUMNS = ("id", "state", "category", "owner", "area", "title")
_WIDTHS = {"id": 6, "state": 20, "category": 20, "owner": 12, "area": 16}


def _state_label(definition: Definition | None, state: str) -> str:
    if definition is None or not definition.has_state(state):
        return state
    return f"{state} ({definition.state(state).label})"


def initiative_text(initiative: Initiative, definition: Definition) -> str:
    category = definition.category(initiative.category) if initiative.category else None
    lines = [
        f"Tiltag {initiative.id}: {initiative.title}",
        f"  tilstand / state:      {_state_label(definition, initiative.state)}"
        f" since {when(initiative.entered_state_at)}",
        "  kategori / category:   "
        + (f"{initiative.category} ({category.label})" if category else initiative.category or "-"),
        f"  område / area:         {initiative.area or '-'}",
        f"  forslagsstiller / proposer: {initiative.proposer}",
        f"  projektejer / owner:   {initiative.owner or '-'}",
        f"  workflow:              {initiative.workflow}@{initiative.workflow_version}",
        *(
            [f"  udsprunget af / grew out of: {initiative.origin_id}"]
            if initiative.origin_id
            else []
        ),
        f"  oprettet / created:    {when(initiative.created_at)}",
        f"  version:               {initiative.version}",
    ]
    if initiative.description:
        lines += ["", "  " + initiative.description.replace("\n", "\n  ")]
    return "\n".join(lines)


def check_text(
    initiative: Initiative, definition: Definition, actor: Person, reports: list[MoveReport]
) -> str:
    lines = [
        f"Tiltag {initiative.id}: {initiative.title}",
        f"  tilstand / state: {_state_label(definition, initiative.state)}",
        f"  som / as: {actor}",
        "",
    ]
    if not reports:
        lines.append("  Ingen videre skridt: sluttilstand / No further moves: final state")
    for report in reports:
        t = report.transition
        verdict = "kan / possible" if report.possible else "kan ikke endnu / not yet"
        lines.append(f"  {t.trigger} -> {report.dest}  ({t.label})  [{verdict}]")
        for outcome in report.outcomes:
            # [*]: a comment is required, given with the move itself
            mark = "*" if outcome.requirement.kind == "comment" else "x" if outcome.met else " "
            lines.append(f"    [{mark}] {outcome.text}")
    return "\n".join(lines)


def history_text(events: list[HistoryEvent], definition: Definition | None) -> str:
    lines = []
    for e in events:
        head = f"{when(e.at)}  v{e.version:<3} {e.actor:<12} "
        if e.kind == "created":
            body = f"oprettet / created in {_state_label(definition, e.to_state or '')}"
        elif e.kind == "transition":
            body = f"{e.trigger}: {e.from_state} -> {e.to_state}"
        elif e.kind == "decision":
            forum = FORUMS.get(e.field or "")
            outcome = OUTCOMES.get(e.new_value or "")
            body = (
                f"beslutning / decision: {forum.da if forum else e.field}: {outcome or e.new_value}"
            )
        elif e.kind == "record":
            body = f"{e.field}: {_record_change(e.old_value, e.new_value)}"
        elif e.kind == "status":
            light = LIGHTS.get(e.new_value or "")
            body = f"status {e.field}: {light or e.new_value}"
        elif e.kind == "benefits":
            given = e.new_value or ""
            kroner = money(int(given)) if given.isdigit() else "-"
            body = f"gevinstopfølgning / benefits follow-up {e.field}: {kroner}"
        else:
            body = f"{e.field}: {_quoted(e.old_value)} -> {_quoted(e.new_value)}"
        lines.append(head + body + _channel(e))
        if e.comment:
            lines.append(" " * len(head) + "  « " + e.comment.replace("\n", " ") + " »")
    return "\n".join(lines)


def _channel(event: HistoryEvent) -> str:
    behalf = f"  (for {event.on_behalf_of})" if event.on_behalf_of else ""
    return behalf + channel_text(event.channel, event.channel_detail)


def _record_change(old: str | None, new: str | None) -> str:
    if old is None:
        return "udfyldt / filed"
    before, after = json.loads(old), json.loads(new or "{}")
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return f"ændret / changed: {', '.join(changed) or '-'}"


def _quoted(value: str | None) -> str:
    if value is None or value == "":
        return "-"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return json.dumps(shown, ensure_ascii=False)


def people_text(people: list[Person]) -> str:
    lines = [f"{'HANDLE':<14}{'NAME':<28}{'EMAIL':<32}ROLES"]
    for p in people:
        roles = ", ".join(sorted(p.roles))
        if p.deactivated_at is not None:
            roles += f"  [deactivated {local_date(p.deactivated_at).isoformat()}]"
        lines.append(f"{p.handle:<14}{_fit(p.name, 27):<28}{_fit(p.email, 31):<32}{roles}")
    return "\n".join(lines)


def definition_text(definition: Definition) -> str:
    lines = [
        f"{definition.key}: {definition.label}   ({definition.path})",
        "",
        "Tilstande / states:",
        *map(_state_line, definition.states),
    ]
    if definition.gates:
        lines += ["", "Porte / gates (who must say go):", *map(_gate_line, definition.gates)]
    if definition.criteria:
        lines += ["", "Kriterier / criteria:"]
        lines += [f"  {c.code:<26}{c.label}" for c in definition.criteria]
    settings = definition.settings
    lines += [
        "",
        "Regler / settings:",
        f"  self_approval         {'yes' if settings.self_approval else 'no'}"
        " (may a proposer or owner decide at their own gate)",
        f"  discount_rate         {settings.discount_rate:.1%}"
        " (net present value of business cases)",
    ]
    lines += ["", "Skridt / transitions:"]
    for t in definition.transitions:
        creates = f"  [creates an initiative in {t.creates}]" if t.creates else ""
        lines.append(f"  {t.trigger}: {', '.join(t.sources)} -> {t.dest}  ({t.label}){creates}")
        lines += [f"      requires {_requirement(r)}" for r in t.requires]
    if definition.categories:
        lines += ["", "Kategorier / categories:"]
        lines += [f"  {c.code:<22}{c.label}" for c in definition.categories]
    return "\n".join(lines)


def _state_line(s: State) -> str:
    marks = [m for m, on in (("initial", s.initial), ("final", s.final)) if on]
    if s.stall_after_days:
        marks.append(f"stalled after {s.stall_after_days} days")
    if s.quarterly_status:
        marks.append("quarterly status")
    if s.counts_gains:
        marks.append("gains count")
    extra = f"  [{', '.join(marks)}]" if marks else ""
    return f"  {s.name:<22}{s.label}{extra}"


def _gate_line(gate: Gate) -> str:
    forums = [
        d.forum + (f" if {' or '.join(d.when_decision_kind)}" if d.when_decision_kind else "")
        for d in gate.decisions
    ]
    moves = []
    if gate.on_reject != "reject":
        moves.append(f"a reject fires {gate.on_reject}")
    if gate.on_hold != "hold":
        moves.append(f"a hold fires {gate.on_hold}")
    extra = f"  [{', '.join(moves)}]" if moves else ""
    return f"  {gate.state:<22}{'; '.join(forums)}{extra}"


def _requirement(r: Requirement) -> str:
    if r.kind == "any_of":
        return "any of: " + " | ".join(_requirement(o) for o in r.options)
    if r.kind in ("comment", "decisions"):
        return r.kind
    return f"{r.kind}: {', '.join(r.values)}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(initiative: Initiative) -> dict[str, Any]:
    return {column: getattr(initiative, column) for column in LIST_COLUMNS}


def write_initiatives(initiatives: Iterable[Initiative], fmt: str, out: TextIO) -> int:
    """Write initiatives as they stream in (table, csv or json); return how many were written."""
    writer = {"table": _write_table, "csv": _write_csv, "json": _write_json}[fmt]
    return writer(iter(initiatives), out)


def _write_table(initiatives: Iterator[Initiative], out: TextIO) -> int:
    # Fixed widths, so the first row can be written before the last is read.
    header = "".join(f"{c.upper():<{_WIDTHS[c]}}" for c in LIST_COLUMNS[:-1]) + "TITLE"
    out.write(header + "\n")
    count = 0
    for initiative in initiatives:
        row = _row(initiative)
        cells = [f"{row['id']:<{_WIDTHS['id']}}"]
        for column in LIST_COLUMNS[1:-1]:
            width = _WIDTHS[column]
            cells.append(f"{_fit(str(row[column] or '-'), width - 1):<{width}}")
        out.write("".join(cells) + row["title"] + "\n")
        count += 1
    return count


def _write_csv(initiatives: Iterator[Initiative], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow([*LIST_COLUMNS, "workflow", "version", "entered_state_at"])
    count = 0
    for initiative in initiatives:
        writer.writerow(
            [
                *(spreadsheet_safe(getattr(initiative, c)) for c in LIST_COLUMNS),
                f"{initiative.workflow}@{initiative.workflow_version}",
                initiative.version,
                initiative.entered_state_at.isoformat(),
            ]
        )
        count += 1
    return count


def write_listing(rows: Iterable[tuple[Any, ...]], fmt: str, out: TextIO) -> int:
    """Write the rows of `iter_listing` as they stream in (table or csv), as `write_initiatives`
    writes the same initiatives; return how many were written."""
    writer = {"table": _listing_table, "csv": _listing_csv}[fmt]
    return writer(iter(rows), out)


def _listing_table(rows: Iterator[tuple[Any, ...]], out: TextIO) -> int:
    header = "".join(f"{c.upper():<{_WIDTHS[c]}}" for c in LIST_COLUMNS[:-1]) + "TITLE"
    out.write(header + "\n")
    widths = [_WIDTHS[column] for column in LIST_COLUMNS[1:-1]]
    count = 0
    for initiative_id, state, category, owner, area, title, *_ in rows:
        cells = [f"{initiative_id:<{_WIDTHS['id']}}"]
        for value, width in zip((state, category, owner, area), widths, strict=True):
            cells.append(f"{_fit(str(value or '-'), width - 1):<{width}}")
        out.write("".join(cells) + title + "\n")
        count += 1
    return count


def _listing_csv(rows: Iterator[tuple[Any, ...]], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow([*LIST_COLUMNS, "workflow", "version", "entered_state_at"])
    count = 0
    for (
        initiative_id,
        state,
        category,
        owner,
        area,
        title,
        workflow,
        wf_version,
        version,
        at,
    ) in rows:
        writer.writerow(
            (
                initiative_id,
                _safe(state),
                _safe(category),
                _safe(owner),
                _safe(area),
                _safe(title),
                f"{workflow}@{wf_version}",
                version,
                at.isoformat(),
            )  # fmt: skip
        )
        count += 1
    return count


def _safe(text: str | None) -> str:
    """`spreadsheet_safe` for a text column, without its checks of the value's type."""
    if not text:
        return ""
    return "'" + text if text[0] in SPREADSHEET_QUOTED else text


def _write_json(initiatives: Iterator[Initiative], out: TextIO) -> int:
    out.write("[")
    count = 0
    for initiative in initiatives:
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(initiative_json(initiative), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def initiative_json(initiative: Initiative) -> dict[str, Any]:
    """An initiative as a JSON-ready dict (times in ISO 8601)."""
    return _json_ready(initiative)


def history_json(events: list[HistoryEvent]) -> list[dict[str, Any]]:
    return [_json_ready(e) for e in events]


def _json_ready(item: Any) -> dict[str, Any]:
    # Plain getattr over the dataclass fields: asdict() deep-copies and is 40x slower per row.
    result = {}
    for name in item.__dataclass_fields__:
        value = getattr(item, name)
        result[name] = value.isoformat() if isinstance(value, datetime) else value
    return result
