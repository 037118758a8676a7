"""The records an initiative carries, as validated documents with the words to say what is missing.

Business case, organisation, implementation plan, follow-up and (for trials) the trial itself.
Each is a pydantic model: amounts are whole DKK and never negative, budget years lie in a sane
range, milestones fall on or after the plan's start. `missing()` names the fields a gate needs that
are still empty, in Danish and English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from workflow.base.clock import FIRST_YEAR, LAST_YEAR
from workflow.base.errors import InvalidValueError
from workflow.base.text import ENCODED_WORD_REFUSED, holds_encoded_word
from workflow.base.vocabulary import DECISION_KINDS, RECORD_KINDS, Label
from workflow.records.problems import field_problems, problem_text

__all__ = [
    "DECISION_KINDS",
    "RECORD_TYPES",
    "VERDICTS",
    "BusinessCase",
    "DESTINATIONS",
    "FollowUp",
    "GAIN_KINDS",
    "Gain",
    "GainsReport",
    "MilestoneSpec",
    "Organisation",
    "Plan",
    "RealisedGain",
    "RecordModel",
    "TIME_UNITS",
    "Tolerances",
    "Trial",
    "validate_amount",
    "validate_gains",
    "validate_record",
]

# Newlines and tabs are allowed in a multi-line text; no other control character is.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _not_a_bool(value: Any) -> Any:
    """`true` is not an amount, though Python counts it as 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_amount", "must be a number, not yes/no")
    return value


def _without_control_characters(value: str) -> str:
    value = value.replace("\r\n", "\n")
    if _CONTROL_IN_TEXT.search(value):
        raise PydanticCustomError("control_characters", "must not contain control characters")
    return value


def _no_encoded_word(value: str) -> str:
    """A line may go into a mail's subject, where mail programs decode an encoded word."""
    if holds_encoded_word(value):
        raise PydanticCustomError("encoded_word", ENCODED_WORD_REFUSED)
    return value


def _distinct_years(value: Any) -> Any:
    """Refuse a year given twice under two spellings (2011 and "2011"): one would be lost."""
    if isinstance(value, dict):
        seen: set[str] = set()
        for key in value:
            year = str(key).strip()
            if year.lstrip("+").isdigit():  # "2011", " 2011", "+2011" and "02011" are one year
                year = str(int(year))
            if year in seen:
                raise PydanticCustomError(
                    "duplicate_year", "gives the year {year} twice", {"year": year}
                )
            seen.add(year)
    return value


Amount = Annotated[int, BeforeValidator(_not_a_bool), Field(ge=0, le=10**12, strict=False)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
# A date in the same sane range as the budget years.
Day = Annotated[date, Field(ge=date(FIRST_YEAR, 1, 1), le=date(LAST_YEAR, 12, 31))]
YearAmounts = Annotated[dict[Year, Amount], BeforeValidator(_distinct_years)]
# The most entries a list of a record holds (people of a group, milestones of a plan).
MAX_ITEMS = 200
Percent = Annotated[float, BeforeValidator(_not_a_bool), Field(ge=0, le=1000)]
Text = Annotated[str, Field(max_length=20_000), AfterValidator(_without_control_characters)]
Line = Annotated[
    str,
    Field(max_length=200, pattern=r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"),
    AfterValidator(_no_encoded_word),
]

VERDICTS: dict[str, Label] = {
    "achieved": Label("målene er nået", "goals achieved"),
    "partly_achieved": Label("målene er delvist nået", "goals partly achieved"),
    "not_achieved": Label("målene er ikke nået", "goals not achieved"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class RecordModel(_Strict):
    """Common ground of the records: which fields a gate needs, and their labels."""

    KIND: ClassVar[str]
    LABEL: ClassVar[Label]
    # field name -> its label; a record is complete when none of these is empty
    REQUIRED: ClassVar[dict[str, Label]]

    def missing(self) -> list[Label]:
        """The labels of the required fields that are still empty."""
        return [label for name, label in self.REQUIRED.items() if _empty(getattr(self, name))]


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str | list | dict | tuple):
        return len(value) == 0
    if isinstance(value, Tolerances):
        return not value.complete()
    return False


GAIN_KINDS: dict[str, Label] = {
    "kroner": Label("kroner", "kroner"),
    "time": Label("tid", "time"),
    "quality": Label("kvalitet", "quality"),
}
DESTINATIONS: dict[str, Label] = {
    "central": Label("hjemtages centralt", "taken back centrally"),
    "area": Label("bliver i området", "kept in the area"),
}
TIME_UNITS: dict[str, Label] = {
    "hours": Label("timer", "hours"),
    "fte": Label("årsværk", "full-time equivalents"),
}
# A gain's figure of a year: kroner, hours, full-time equivalents or an indicator's value; a
# whole number is kept as one (600000, not 600000.0).
Figure = Annotated[
    float,
    BeforeValidator(_not_a_bool),
    Field(ge=0, le=10**12, allow_inf_nan=False),
    PlainSerializer(lambda v: int(v) if float(v).is_integer() else v),
]
YearFigures = Annotated[dict[Year, Figure], BeforeValidator(_distinct_years)]


class Gain(_Strict):
    """One expected gain of a business case, per budget year.

    `kroner`: a net saving in whole DKK a year, taken back centrally (into the common target) or
    kept in the area. `time`: hours or full-time equivalents freed a year (`unit`). `quality`: an
    indicator (`what`) measured in `unit`, from `baseline` to the target of each year.
    `owner` is the benefit owner's handle (filed as the initiative's owner where none is named).
    """

    kind: Literal["kroner", "time", "quality"] = "kroner"
    what: Line = ""
    owner: Line | None = None
    destination: Literal["central", "area"] = "central"
    unit: Line = ""
    baseline: Figure | None = None
    years: YearFigures = Field(default_factory=dict)

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Gain:
        if self.kind == "kroner":
            fractions = sorted(y for y, v in self.years.items() if v != int(v))
            if fractions:
                raise ValueError(f"a gain in kroner is whole kroner (see {fractions[0]})")
            if self.unit or self.baseline is not None:
                raise ValueError("a gain in kroner takes no unit or baseline")
        elif self.kind == "time" and self.unit not in TIME_UNITS:
            raise ValueError(f"a gain in time is counted in {' or '.join(TIME_UNITS)}")
        elif self.kind == "quality" and (not self.what or not self.unit or self.baseline is None):
            raise ValueError("a quality gain names its indicator (what), unit and baseline")
        return self

    def kroner(self) -> dict[int, int]:
        """The whole kroner of each year (none unless a gain in kroner)."""
        return {y: int(v) for y, v in self.years.items()} if self.kind == "kroner" else {}


def _old_form(data: Any) -> Any:
    """A business case written before gains had kinds: `investment` in `investment_year` (else
    the first year with a gain), `running_cost` a year for each year with a gain, and
    `expected_gains` in kroner, taken back centrally, as the new form says the same."""
    old = ("investment", "investment_year", "running_cost", "expected_gains")
    if not isinstance(data, dict) or not any(name in data for name in old):
        return data
    both = [name for name in ("investments", "running_costs", "gains") if name in data]
    if both:
        given = next(name for name in old if name in data)
        raise PydanticCustomError(
            "old_and_new",
            "gives both {old} and {new}: give investments, running_costs and gains only",
            {"old": given, "new": both[0]},
        )
    new = {k: v for k, v in data.items() if k not in old}
    gains = data.get("expected_gains") or {}
    if not isinstance(gains, dict):
        return data  # let the old field's own error say what is wrong
    years = sorted(gains, key=lambda y: str(y))
    start = data.get("investment_year") or (years[0] if years else None)
    if data.get("investment"):
        if start is None:
            raise PydanticCustomError(
                "investment_year", "an investment needs its year (investments, per budget year)"
            )
        new["investments"] = {start: data["investment"]}
    if data.get("running_cost"):
        new["running_costs"] = {y: data["running_cost"] for y in years}
    if gains:
        new["gains"] = [{"kind": "kroner", "years": gains}]
    return new


class BusinessCase(RecordModel):
    """Sorø's template: what, alternatives, does it pay, how is it followed up, who."""

    KIND: ClassVar[str] = "business_case"
    LABEL: ClassVar[Label] = Label("business case", "business case")

    solution: Text = ""
    alternatives: Text = ""
    investments: YearAmounts = Field(default_factory=dict)
    running_costs: YearAmounts = Field(default_factory=dict)
    gains: list[Gain] = Field(default_factory=list, max_length=MAX_ITEMS)
    quality_effect: Text = ""
    risks: Text = ""
    indicator: Line = ""
    baseline: Line = ""
    target: Line = ""
    responsible: Line = ""
    involved: Text = ""
    decision_kind: Literal["administrative", "economic_committee", "city_council"] | None = None

    REQUIRED: ClassVar[dict[str, Label]] = {
        "solution": Label("ny løsning", "new solution"),
        "alternatives": Label("alternativer", "alternatives"),
        "risks": Label("risici", "risks"),
        "indicator": Label("indikator", "indicator"),
        "baseline": Label("udgangspunkt", "baseline"),
        "target": Label("mål", "target"),
        "responsible": Label("ansvarlig", "responsible"),
        "involved": Label("involverede", "involved"),
        "decision_kind": Label("beslutningstype", "kind of decision"),
    }

    @model_validator(mode="before")
    @classmethod
    def _from_the_old_form(cls, data: Any) -> Any:
        return _old_form(data)

    @model_validator(mode="after")
    def _gains_from_the_first_investment(self) -> BusinessCase:
        first = min(self.investments, default=None)
        early = sorted({y for g in self.gains for y in g.years if first and y < first})
        if early:
            raise ValueError(
                f"gains are expected in {', '.join(map(str, early))}, before the first "
                f"investment ({first})"
            )
        return self

    @property
    def investment(self) -> int:
        """Every year's investment together, DKK."""
        return sum(self.investments.values())

    def kroner(self, destination: str | None = None) -> dict[int, int]:
        """The gains in kroner of each year (of one destination, or all), before running costs."""
        total: dict[int, int] = {}
        for gain in self.gains:
            if destination is None or gain.destination == destination:
                for year, amount in gain.kroner().items():
                    total[year] = total.get(year, 0) + amount
        return dict(sorted(total.items()))

    def net_kroner(self) -> dict[int, tuple[int, int]]:
        """Each year's net gain as (taken back centrally, kept in the area), DKK.

        The running costs are paid from what would go to the centre first (the area keeps what
        runs the new solution), the rest from what the area keeps.
        """
        central, area = self.kroner("central"), self.kroner("area")
        net = {}
        for year in sorted(set(central) | set(area) | set(self.running_costs)):
            cost = self.running_costs.get(year, 0)
            to_centre = central.get(year, 0)
            paid = min(cost, to_centre)
            net[year] = (to_centre - paid, area.get(year, 0) - (cost - paid))
        return net

    @property
    def last_gain_year(self) -> int | None:
        """The last budget year any gain is expected in."""
        return max((y for g in self.gains for y in g.years), default=None)

    def missing(self) -> list[Label]:
        labels = super().missing()
        # Fredericia: the effect must always be visible, economic or quality.
        if not any(g.years for g in self.gains) and not self.quality_effect:
            labels.append(
                Label("forventet gevinst eller kvalitetseffekt", "expected gains or quality effect")
            )
        return labels


class Organisation(RecordModel):
    """Who carries the project besides its owner."""

    KIND: ClassVar[str] = "organisation"
    LABEL: ClassVar[Label] = Label("organisering", "organisation")

    project_leader: Line = ""
    steering_group: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    project_group: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    stakeholder_group: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)

    REQUIRED: ClassVar[dict[str, Label]] = {
        "project_leader": Label("projektleder", "project leader"),
        "project_group": Label("projektgruppe", "project group"),
    }


class MilestoneSpec(_Strict):
    """One milestone of a plan; `owner` is a person's handle."""

    phase: Line
    title: Line
    due: Day
    owner: Line | None = None
    done_on: Day | None = None
    replanned: Text | None = None

    @property
    def open(self) -> bool:
        return self.done_on is None and not self.replanned


class Tolerances(_Strict):
    """Deviation management: how far time, cost and gains may slip, and who is told."""

    time_days: Annotated[int, BeforeValidator(_not_a_bool), Field(ge=0, le=3650)] | None = None
    cost_dkk: Amount | None = None
    cost_percent: Percent | None = None
    gains_percent: Percent | None = None
    notify: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)

    def complete(self) -> bool:
        has_cost = self.cost_dkk is not None or self.cost_percent is not None
        return self.time_days is not None and has_cost and bool(self.notify)


class Plan(RecordModel):
    """The implementation plan: description, communication, milestones and tolerances."""

    KIND: ClassVar[str] = "plan"
    LABEL: ClassVar[Label] = Label("implementeringsplan", "implementation plan")

    start: Day | None = None
    description: Text = ""
    communication: Text = ""
    milestones: list[MilestoneSpec] = Field(default_factory=list, max_length=MAX_ITEMS)
    tolerances: Tolerances = Field(default_factory=Tolerances)

    REQUIRED: ClassVar[dict[str, Label]] = {
        "start": Label("startdato", "start date"),
        "description": Label("projektbeskrivelse", "project description"),
        "communication": Label("kommunikationsplan", "communication plan"),
        "milestones": Label("milepæle", "milestones"),
        "tolerances": Label(
            "afvigelsesstyring (tid, økonomi, hvem underrettes)",
            "deviation tolerances (time, cost, who is told)",
        ),
    }

    @model_validator(mode="after")
    def _milestones_after_start(self) -> Plan:
        if self.start is not None:
            for number, m in enumerate(self.milestones, start=1):
                if m.due < self.start:
                    raise ValueError(
                        f"milestone {number} ({m.title}) is due {m.due.isoformat()}, before the "
                        f"plan starts ({self.start.isoformat()})"
                    )
                if m.done_on is not None and m.done_on < self.start:
                    raise ValueError(
                        f"milestone {number} ({m.title}) is marked done {m.done_on.isoformat()}, "
                        f"before the plan starts ({self.start.isoformat()})"
                    )
        return self


class FollowUp(RecordModel):
    """Were the goals met? Realised gains per year, the quality effect, a verdict."""

    KIND: ClassVar[str] = "follow_up"
    LABEL: ClassVar[Label] = Label("opfølgning", "follow-up")

    realised_gains: YearAmounts = Field(default_factory=dict)
    quality_effect_achieved: Text = ""
    verdict: Literal["achieved", "partly_achieved", "not_achieved"] | None = None

    # Realised gains are required where the business case expected gains (see requirements).
    REQUIRED: ClassVar[dict[str, Label]] = {
        "quality_effect_achieved": Label("opnået kvalitetseffekt", "quality effect achieved"),
        "verdict": Label("konklusion", "verdict"),
    }


class Trial(RecordModel):
    """A trial (prøvehandling): its purpose, how it meets the published criteria, its period."""

    KIND: ClassVar[str] = "trial"
    LABEL: ClassVar[Label] = Label("prøvehandling", "trial")

    purpose: Text = ""
    # criterion code (from the definition) -> how the trial meets it
    criteria: dict[Line, Text] = Field(default_factory=dict)
    start: Day | None = None
    end: Day | None = None

    REQUIRED: ClassVar[dict[str, Label]] = {
        "purpose": Label("formål", "purpose"),
        "criteria": Label("kriterier", "criteria"),
        "start": Label("start", "start"),
        "end": Label("slutdato", "end date"),
    }

    @model_validator(mode="after")
    def _ends_after_start(self) -> Trial:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                f"the trial ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})"
            )
        return self


class RealisedGain(_Strict):
    """What one gain of the business case realised: its number there (1 for the first) and its
    figure of each budget year, in the gain's own kind and unit."""

    gain: Annotated[int, BeforeValidator(_not_a_bool), Field(ge=1, le=MAX_ITEMS)]
    years: YearFigures = Field(default_factory=dict)


class GainsReport(RecordModel):
    """The gains realisation report (gevinstrealiseringsrapport), about a year after execution:
    what each gain realised per year against what the business case expected, the quality
    effect, the lessons, and a verdict. Filed on an initiative in benefits follow-up."""

    KIND: ClassVar[str] = "gains_report"
    LABEL: ClassVar[Label] = Label("gevinstrealiseringsrapport", "gains realisation report")

    realised: list[RealisedGain] = Field(default_factory=list, max_length=MAX_ITEMS)
    quality_effect: Text = ""
    lessons: Text = ""
    verdict: Literal["achieved", "partly_achieved", "not_achieved"] | None = None

    REQUIRED: ClassVar[dict[str, Label]] = {
        "realised": Label("realiserede gevinster", "realised gains"),
        "quality_effect": Label("opnået kvalitetseffekt", "quality effect achieved"),
        "lessons": Label("erfaringer", "lessons"),
        "verdict": Label("konklusion", "verdict"),
    }

    @model_validator(mode="after")
    def _each_gain_once(self) -> GainsReport:
        numbers = [r.gain for r in self.realised]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"gain {twice[0]} is given twice")
        return self


RECORD_TYPES: dict[str, type[RecordModel]] = {
    cls.KIND: cls for cls in (BusinessCase, Organisation, Plan, FollowUp, Trial, GainsReport)
}
assert tuple(RECORD_TYPES) == RECORD_KINDS


def validate_record(kind: str, data: dict[str, Any]) -> RecordModel:
    """A record of `kind` from plain data.

    Raises:
        InvalidValueError: unknown kind, unknown field, or a value out of bounds (each error named
            by its path, e.g. `business_case.expected_gains.1899`).
    """
    model = RECORD_TYPES.get(kind)
    if model is None:
        raise InvalidValueError(
            "record", f"unknown kind '{kind}'; kinds: {', '.join(RECORD_TYPES)}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [problem_text(kind, error) for error in exc.errors()]
        raise InvalidValueError(kind, "; ".join(problems), field_problems(exc.errors())) from None


_GAINS: TypeAdapter[dict[int, int]] = TypeAdapter(YearAmounts)


def validate_gains(name: str, given: Mapping[Any, Any]) -> dict[int, int]:
    """Gains per budget year outside a record (a status's realised gains), checked the same way.

    Raises:
        InvalidValueError: a year out of range, an amount negative or not a whole number.
    """
    try:
        return _GAINS.validate_python(dict(given))
    except ValidationError as exc:
        problems = [problem_text(name, error) for error in exc.errors()]
        raise InvalidValueError(name, "; ".join(problems)) from None


_AMOUNT: TypeAdapter[int] = TypeAdapter(Amount)


def validate_amount(name: str, given: Any) -> int:
    """One amount in whole DKK outside a record (what a status says was spent), checked the same
    way as a record's.

    Raises:
        InvalidValueError: negative, too large or not a whole number.
    """
    try:
        return _AMOUNT.validate_python(given)
    except ValidationError as exc:
        problem = problem_text(name, exc.errors()[0]).removeprefix(f"{name}. ")
        raise InvalidValueError(name, problem) from None
