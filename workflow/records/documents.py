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
    "FollowUp",
    "MilestoneSpec",
    "Organisation",
    "Plan",
    "RecordModel",
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


class BusinessCase(RecordModel):
    """Sorø's template: what, alternatives, does it pay, how is it followed up, who."""

    KIND: ClassVar[str] = "business_case"
    LABEL: ClassVar[Label] = Label("business case", "business case")

    solution: Text = ""
    alternatives: Text = ""
    investment: Amount = 0
    investment_year: Year | None = None
    running_cost: Amount = 0
    expected_gains: YearAmounts = Field(default_factory=dict)
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

    @model_validator(mode="after")
    def _gains_from_the_investment_year(self) -> BusinessCase:
        early = sorted(
            y for y in self.expected_gains if self.investment_year and y < self.investment_year
        )
        if early:
            raise ValueError(
                f"gains are expected in {', '.join(map(str, early))}, before the investment year "
                f"({self.investment_year})"
            )
        return self

    def missing(self) -> list[Label]:
        labels = super().missing()
        # Fredericia: the effect must always be visible, economic or quality.
        if not self.expected_gains and not self.quality_effect:
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


RECORD_TYPES: dict[str, type[RecordModel]] = {
    cls.KIND: cls for cls in (BusinessCase, Organisation, Plan, FollowUp, Trial)
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
