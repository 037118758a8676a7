"""The record forms: which fields each kind of record shows, how a record becomes the texts of a
form, and how a posted form becomes the record's data again. The record's own rules (in
`workflow.records`) judge the data; a form only turns texts into the shapes the rules read."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from workflow.base.vocabulary import DECISION_KINDS, Label
from workflow.records.documents import VERDICTS

__all__ = [
    "GAIN_CHOICES",
    "GAIN_COLUMNS",
    "MILESTONE_COLUMNS",
    "RECORD_FORMS",
    "Field",
    "as_data",
    "as_date",
    "as_texts",
    "form_texts",
    "number",
    "rows_of",
]

# The most rows a table of a form takes (gains per year, milestones).
MAX_ROWS = 200
_DANISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


@dataclass(frozen=True)
class Field:
    """One field of a record form. `kind`: line, text, amount, number, year, date, choice,
    lines (one entry per line), years (a table of years and amounts), gains (a business case's
    gains, a row per gain and year) or milestones."""

    name: str
    label: Label
    kind: str
    hint: Label | None = None
    choices: Mapping[str, Label] | None = None
    part: str | None = None  # the part of the record it belongs to (`tolerances`)

    @property
    def key(self) -> str:
        """The name of its input in the form."""
        return f"{self.part}.{self.name}" if self.part else self.name


_AMOUNT_HINT = Label("Hele kroner, fx 250000", "Whole kroner, e.g. 250000")
_LINES_HINT = Label("Én pr. linje", "One per line")
_GAINS_HINT = Label(
    "Én række pr. gevinst og år. Gevinstejeren er projektejeren, hvis ingen er angivet; enhed og "
    "udgangspunkt kun for kvalitet.",
    "One row per gain and year. The benefit owner is the project owner unless named; unit and "
    "baseline for quality only.",
)
# A gain's kind as the form's one choice: kroner with their destination, time with its unit.
GAIN_CHOICES: dict[str, Label] = {
    "kroner/central": Label("Kroner, hjemtages centralt", "Kroner, taken back centrally"),
    "kroner/area": Label("Kroner, bliver i området", "Kroner, kept in the area"),
    "time/hours": Label("Tid, timer", "Time, hours"),
    "time/fte": Label("Tid, årsværk", "Time, full-time equivalents"),
    "quality/": Label("Kvalitet", "Quality"),
}
GAIN_COLUMNS = ("choice", "what", "unit", "baseline", "owner", "year", "value")

RECORD_FORMS: dict[str, tuple[Field, ...]] = {
    "business_case": (
        Field("solution", Label("Ny løsning", "New solution"), "text"),
        Field("alternatives", Label("Alternativer", "Alternatives"), "text"),
        Field(
            "investments", Label("Investering pr. budgetår", "Investment per budget year"), "years"
        ),
        Field(
            "running_costs",
            Label("Driftsudgifter pr. budgetår", "Running costs per budget year"),
            "years",
        ),
        Field("gains", Label("Forventede gevinster", "Expected gains"), "gains", _GAINS_HINT),
        Field("quality_effect", Label("Kvalitetseffekt", "Quality effect"), "text"),
        Field("risks", Label("Risici", "Risks"), "text"),
        Field("indicator", Label("Indikator", "Indicator"), "line"),
        Field("baseline", Label("Udgangspunkt", "Baseline"), "line"),
        Field("target", Label("Mål", "Target"), "line"),
        Field("responsible", Label("Ansvarlig", "Responsible"), "line"),
        Field("involved", Label("Involverede", "Involved"), "text"),
        Field(
            "decision_kind",
            Label("Beslutningstype", "Kind of decision"),
            "choice",
            choices=DECISION_KINDS,
        ),
    ),
    "organisation": (
        Field("project_leader", Label("Projektleder", "Project leader"), "line"),
        Field("steering_group", Label("Styregruppe", "Steering group"), "lines", _LINES_HINT),
        Field("project_group", Label("Projektgruppe", "Project group"), "lines", _LINES_HINT),
        Field(
            "stakeholder_group",
            Label("Interessentgruppe", "Stakeholder group"),
            "lines",
            _LINES_HINT,
        ),
    ),
    "plan": (
        Field("start", Label("Startdato", "Start date"), "date"),
        Field("description", Label("Projektbeskrivelse", "Project description"), "text"),
        Field("communication", Label("Kommunikationsplan", "Communication plan"), "text"),
        Field("milestones", Label("Milepæle", "Milestones"), "milestones"),
        Field(
            "time_days",
            Label("Tolerance for tid (dage)", "Time tolerance (days)"),
            "number",
            part="tolerances",
        ),
        Field(
            "cost_dkk",
            Label("Tolerance for økonomi (kr.)", "Cost tolerance (DKK)"),
            "amount",
            part="tolerances",
        ),
        Field(
            "cost_percent",
            Label("Tolerance for økonomi (%)", "Cost tolerance (%)"),
            "number",
            part="tolerances",
        ),
        Field(
            "gains_percent",
            Label("Tolerance for gevinster (%)", "Gains tolerance (%)"),
            "number",
            part="tolerances",
        ),
        Field(
            "notify",
            Label("Hvem underrettes ved afvigelser", "Who is told of deviations"),
            "lines",
            _LINES_HINT,
            part="tolerances",
        ),
    ),
    "follow_up": (
        Field(
            "realised_gains",
            Label("Realiserede gevinster pr. budgetår", "Realised gains per budget year"),
            "years",
        ),
        Field(
            "quality_effect_achieved",
            Label("Opnået kvalitetseffekt", "Quality effect achieved"),
            "text",
        ),
        Field("verdict", Label("Konklusion", "Verdict"), "choice", choices=VERDICTS),
    ),
}
MILESTONE_COLUMNS = ("phase", "title", "due", "owner", "done_on", "replanned")


def as_texts(fields: tuple[Field, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    """A record's data as the texts of its form (tables as lists of rows)."""
    texts: dict[str, Any] = {}
    for field in fields:
        value = (data.get(field.part) or {}).get(field.name) if field.part else data.get(field.name)
        if field.kind == "years":
            texts[field.key] = [
                {"year": str(year), "amount": str(amount)}
                for year, amount in sorted((value or {}).items(), key=lambda kv: int(kv[0]))
            ]
        elif field.kind == "gains":
            texts[field.key] = [row for gain in value or [] for row in _gain_rows(gain)]
        elif field.kind == "milestones":
            texts[field.key] = [
                {column: _shown(column, m.get(column)) for column in MILESTONE_COLUMNS}
                for m in value or []
            ]
        elif field.kind == "lines":
            texts[field.key] = "\n".join(value or [])
        else:
            texts[field.key] = _shown(field.kind, value)
    return texts


def _gain_rows(gain: Mapping[str, Any]) -> list[dict[str, str]]:
    """A gain as the form's rows: one a year (one without a year if it has none)."""
    unit = gain.get("unit") or ""
    choice = (
        f"kroner/{gain.get('destination') or 'central'}"
        if gain["kind"] == "kroner"
        else f"time/{unit}"
        if gain["kind"] == "time"
        else "quality/"
    )
    common = {
        "choice": choice,
        "what": gain.get("what") or "",
        "unit": unit if gain["kind"] == "quality" else "",
        "baseline": _shown("number", gain.get("baseline")),
        "owner": gain.get("owner") or "",
    }
    years = sorted((gain.get("years") or {}).items(), key=lambda kv: int(kv[0])) or [("", "")]
    return [common | {"year": str(y), "value": _shown("number", v)} for y, v in years]


def _shown(kind: str, value: Any) -> str:
    """A value as the form shows it: a date as people write it (`01.09.2010`)."""
    if value is None:
        return ""
    if kind == "number" and isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if kind in ("date", "due", "done_on"):
        try:
            return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    return str(value)


def rows_of(
    form: FormData, key: str, columns: tuple[str, ...], typed: tuple[str, ...] | None = None
) -> list[dict[str, str]]:
    """The rows of table `key` as posted (`key-3-year` ...), rows with nothing typed in the
    `typed` columns (default: any column; a choice always has a value) left out."""
    rows = []
    for n in range(MAX_ROWS + 1):
        row = {c: _text(form, f"{key}-{n}-{c}").strip() for c in columns}
        if any(row[c] for c in typed or columns):
            rows.append(row)
    return rows


def form_texts(fields: tuple[Field, ...], form: FormData) -> dict[str, Any]:
    """What the person typed, as the texts of the form (to show it again)."""
    texts: dict[str, Any] = {}
    for field in fields:
        if field.kind == "years":
            texts[field.key] = rows_of(form, field.key, ("year", "amount"))
        elif field.kind == "gains":
            texts[field.key] = rows_of(form, field.key, GAIN_COLUMNS, GAIN_COLUMNS[1:])
        elif field.kind == "milestones":
            texts[field.key] = rows_of(form, field.key, MILESTONE_COLUMNS)
        else:
            texts[field.key] = _text(form, field.key)
    return texts


def as_data(fields: tuple[Field, ...], texts: Mapping[str, Any]) -> dict[str, Any]:
    """The record's data from the texts of its form: an empty text is an empty field; a number
    or a date that cannot be read is passed on as typed, for the record's rules to refuse."""
    data: dict[str, Any] = {}
    for field in fields:
        value = _value(field, texts.get(field.key))
        if field.part:
            data.setdefault(field.part, {})[field.name] = value
        elif value is not None:
            data[field.name] = value
    return data


def _value(field: Field, text: Any) -> Any:
    if field.kind == "years":
        return {number(r["year"]): number(r["amount"]) for r in text or []}
    if field.kind == "gains":
        return _gains(text or [])
    if field.kind == "milestones":
        return [
            {
                "phase": r["phase"],
                "title": r["title"],
                "due": as_date(r["due"]),
                "owner": r["owner"] or None,
                "done_on": as_date(r["done_on"]) if r["done_on"] else None,
                "replanned": r["replanned"] or None,
            }
            for r in text or []
        ]
    text = (text or "").strip() if field.kind != "text" else (text or "")
    if field.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if not text.strip():
        return [] if field.kind == "lines" else None if field.kind != "text" else ""
    if field.kind in ("amount", "year", "number"):
        return number(text)
    if field.kind == "date":
        return as_date(text)
    return text


def _gains(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The gains of the form's rows: rows alike but for the year make one gain."""
    gains: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[c] for c in GAIN_COLUMNS[:5])
        kind, _, how = row["choice"].partition("/")
        gain = gains.setdefault(
            key,
            {
                "kind": kind,
                "what": row["what"],
                "owner": row["owner"] or None,
                "unit": how if kind == "time" else row["unit"],
                "baseline": number(row["baseline"]) if row["baseline"] else None,
                "years": {},
            }
            | ({"destination": how} if kind == "kroner" else {}),
        )
        if row["year"] or row["value"]:
            gain["years"][number(row["year"])] = number(row["value"])
    return list(gains.values())


def number(text: str) -> Any:
    """`1.250.000` and `1 250 000` as 1250000; a decimal comma as a point; else as typed."""
    plain = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", plain):
        plain = plain.replace(".", "")
    if re.fullmatch(r"-?\d+,\d+", plain):
        plain = plain.replace(",", ".")
    return plain


def as_date(text: str) -> str:
    """`18.08.2010` as `2010-08-18`; anything else as typed (ISO dates pass as they are)."""
    found = _DANISH_DATE.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text.strip()


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""
