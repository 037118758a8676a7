"""The JSON of the API: what each operation takes and answers, as pydantic models with examples,
so the OpenAPI description FastAPI generates tells a client what to send and what comes back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AdvanceIn",
    "CheckOut",
    "DecisionIn",
    "FieldProblem",
    "HistoryEventOut",
    "InitiativeOut",
    "InitiativePage",
    "MoveOut",
    "MovedOut",
    "Problem",
    "RecordedOut",
    "ReportOut",
    "RequirementOut",
    "StatusIn",
    "StatusOut",
    "Words",
]

# What an integer column holds: ids and versions.
MAX_ID = 2**31 - 1
_MOMENT = "2010-08-18T09:00:00+00:00"


class _In(BaseModel):
    """A request body: unknown keys are refused, so a misspelt one is not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Words(BaseModel):
    """A text in Danish with its English beside it."""

    da: str = Field(examples=["Udvælg til handlekataloget"])
    en: str = Field(examples=["Select for the action catalogue"])


class InitiativeOut(BaseModel):
    """An initiative as stored, with its proposer's and owner's handles (as `tiltag show --format
    json` writes it)."""

    id: int = Field(examples=[3])
    title: str = Field(examples=["Udbud af forsikring"])
    description: str = Field(examples=["Fælles udbud af kommunens forsikringer."])
    category: str | None = Field(examples=["indkoeb"])
    area: str | None = Field(examples=["Økonomi"])
    proposer: str = Field(examples=["aase"])
    owner: str | None = Field(examples=["ulla"])
    workflow: str = Field(examples=["effektivisering"])
    workflow_version: int = Field(examples=[1])
    state: str = Field(examples=["idea"])
    previous_state: str | None = Field(examples=[None])
    entered_state_at: datetime = Field(examples=[_MOMENT])
    created_at: datetime = Field(examples=[_MOMENT])
    updated_at: datetime = Field(examples=[_MOMENT])
    version: int = Field(examples=[1])
    origin_id: int | None = Field(default=None, examples=[None])


class InitiativePage(BaseModel):
    """One page of initiatives by id; `next_offset` asks for the next page (null on the last)."""

    items: list[InitiativeOut]
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])
    next_offset: int | None = Field(examples=[None])


class RequirementOut(BaseModel):
    """One requirement of a move, judged for the token's person now."""

    kind: str = Field(examples=["record"])
    met: bool = Field(examples=[False])
    words: Words
    text: str = Field(
        examples=["forretningsplan udfyldt / business case filed"],
        description="Both languages, as `tiltag check` shows it.",
    )


class MoveOut(BaseModel):
    """A move out of the current state: where it leads and what it still needs."""

    move: str = Field(examples=["select"])
    label: Words
    to_state: str = Field(examples=["business_case"])
    possible: bool = Field(
        examples=[False], description="Whether it would succeed now (a comment given with it)."
    )
    requirements: list[RequirementOut]


class CheckOut(BaseModel):
    """Every move out of an initiative's state, judged as if the token's person made it now."""

    initiative_id: int = Field(examples=[3])
    state: str = Field(examples=["idea"])
    version: int = Field(examples=[1])
    actor: str = Field(examples=["jens"])
    moves: list[MoveOut]


class HistoryEventOut(BaseModel):
    """One event of the history, oldest first (as `tiltag history --format json` writes it);
    `channel` is `api` and `channel_detail` the token's name for what a token did."""

    id: int = Field(examples=[7])
    at: datetime = Field(examples=[_MOMENT])
    actor: str = Field(examples=["jens"])
    kind: str = Field(examples=["transition"])
    trigger: str | None = Field(examples=["select"])
    from_state: str | None = Field(examples=["idea"])
    to_state: str | None = Field(examples=["business_case"])
    field: str | None = Field(examples=[None])
    old_value: str | None = Field(examples=[None])
    new_value: str | None = Field(examples=[None])
    comment: str | None = Field(examples=["Optaget på chefgruppemødet"])
    version: int = Field(examples=[2])
    actor_name: str = Field(examples=["Jens Holm"])
    channel: str | None = Field(examples=["api"])
    channel_detail: str | None = Field(examples=["økonomisystemet"])


class AdvanceIn(_In):
    """A move to make: its name (see `check`), a comment where the move asks for one, and the
    version the caller saw (refused with 409 if the initiative has changed since)."""

    move: str = Field(min_length=1, max_length=100, examples=["select"])
    comment: str | None = Field(
        default=None, max_length=20_000, examples=["Optaget på chefgruppemødet 18.08.2010"]
    )
    expected_version: int | None = Field(default=None, ge=1, le=MAX_ID, examples=[1])


class MovedOut(BaseModel):
    """What a move did."""

    initiative_id: int = Field(examples=[3])
    move: str = Field(examples=["select"])
    from_state: str = Field(examples=["idea"])
    to_state: str = Field(examples=["business_case"])
    version: int = Field(examples=[2])
    created: int | None = Field(
        examples=[None], description="The initiative the move started (a scaled trial), if any."
    )


class DecisionIn(_In):
    """A forum's decision at the gate the initiative is at (as `tiltag decide` takes it)."""

    forum: Literal["chief_group", "economic_committee", "city_council"] = Field(
        examples=["chief_group"]
    )
    outcome: Literal["go", "reject", "hold", "recycle"] = Field(examples=["go"])
    meeting_date: date = Field(examples=["2010-08-18"])
    reference: str = Field(max_length=200, examples=["Chefgruppen 18.08.2010, pkt. 4"])
    justification: str = Field(max_length=20_000, examples=["Optages i handlekataloget"])
    redo: str | None = Field(default=None, max_length=20_000, examples=[None])
    gate: str | None = Field(
        default=None,
        max_length=100,
        examples=["business_case"],
        description="Refused (409) unless the initiative is still at this gate.",
    )


class RecordedOut(BaseModel):
    """What recording a decision did; a reject or hold also moved the initiative."""

    decision_id: int = Field(examples=[4])
    initiative_id: int = Field(examples=[3])
    gate: str = Field(examples=["business_case"])
    forum: str = Field(examples=["chief_group"])
    outcome: str = Field(examples=["go"])
    version: int = Field(examples=[5])
    moved: MovedOut | None = None


class StatusIn(_In):
    """A quarter's status (as `tiltag status give` takes it)."""

    light: Literal["green", "amber", "red"] = Field(examples=["green"])
    text: str = Field(max_length=20_000, examples=["Udbuddet er sendt ud"])
    realised_gains: dict[str, int] | None = Field(
        default=None,
        examples=[{"2011": 1500000}],
        description="Realised gains so far per budget year, whole DKK.",
    )
    spent: int | None = Field(default=None, examples=[250000], description="Whole DKK.")
    quarter: str | None = Field(
        default=None,
        max_length=20,
        examples=["2010-Q3"],
        description="YYYY-QN: this quarter (the default) or, late, the one before.",
    )


class StatusOut(BaseModel):
    """A status as given (as `tiltag status list --format json` writes one)."""

    initiative_id: int = Field(examples=[3])
    quarter: str = Field(examples=["2010-Q3"])
    light: str = Field(examples=["green"])
    text: str = Field(examples=["Udbuddet er sendt ud"])
    realised_gains: dict[str, int] | None = Field(examples=[{"2011": 1500000}])
    spent: int | None = Field(examples=[250000])
    given_on: date = Field(examples=["2010-08-18"])
    given_at: datetime = Field(examples=[_MOMENT])
    given_by: str = Field(examples=["ulla"])
    version: int = Field(examples=[3])


class ReportColumn(BaseModel):
    name: str = Field(examples=["id"])
    label: str = Field(examples=["tilstand"])
    kind: str = Field(examples=["coded"])


class ReportSection(BaseModel):
    name: str = Field(examples=["stalled"])
    title: str = Field(examples=["Tiltag der står stille"])
    columns: list[ReportColumn]
    rows: list[dict[str, Any]] = Field(examples=[[{"id": 3, "state": "business_case"}]])


class ReportOut(BaseModel):
    """A report as `tiltag report NAME --format json` writes it: what it is, then each section
    with its columns and its rows as objects (codes, whole DKK, ISO dates); its labels in one
    language, the reader's."""

    report: str = Field(examples=["stalled"])
    language: str = Field(examples=["da"])
    title: str = Field(examples=["Tiltag der står stille"])
    municipality: str = Field(examples=["Næstved Kommune"])
    period: str | None = Field(default=None, examples=["3. kvartal 2010"])
    as_of: datetime = Field(examples=[_MOMENT])
    through: date = Field(examples=["2010-08-18"])
    generated_at: datetime = Field(examples=[_MOMENT])
    sections: list[ReportSection]


class FieldProblem(BaseModel):
    """What is wrong with one field of the request."""

    field: str = Field(examples=["light"])
    problem: str = Field(examples=["must be one of green, amber, red (got 'blue')"])


class Problem(BaseModel):
    """A problem details document (RFC 9457); `detail` is the command line's error message."""

    type: str = Field(examples=["urn:tiltag:problem:conflict"])
    title: str = Field(examples=["The move is not possible now"])
    status: int = Field(examples=[409])
    detail: str = Field(
        examples=[
            "initiative 3 cannot select (idea -> business_case): a project owner is named (owner)"
        ]
    )
    instance: str = Field(examples=["/api/v1/initiatives/3/advance"])
    request_id: str | None = Field(default=None, examples=["4f2a9c1d03be"])
    errors: list[FieldProblem] | None = Field(
        default=None, description="Of a 422: each field refused, where the request says which."
    )
