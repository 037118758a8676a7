"""The API's operations: list and show initiatives, check their moves, read their history and
records, move them, record a forum's decision, give a status, and the reports. Each parses the
request, calls the same public service function as the command line with the token's person as
the actor, and answers with its result as JSON."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import Response

from workflow import (
    BusinessCase,
    GivenStatus,
    Moved,
    MoveReport,
    Person,
    UnmetRequirementsError,
    advance,
    case_economics,
    check_moves,
    decide,
    get_initiative,
    give_status,
    iter_initiatives,
    parse_quarter,
    read_history,
    read_records,
    token_person,
)
from workflow.base.clock import FIRST_YEAR, LAST_YEAR
from workflow.render.initiatives import history_json, initiative_json
from workflow.reports.service import REPORTS, build_report, snapshot
from workflow.web.api.problems import KINDS, ApiRefused
from workflow.web.api.schemas import (
    MAX_ID,
    AdvanceIn,
    CheckOut,
    DecisionIn,
    HistoryEventOut,
    InitiativeOut,
    InitiativePage,
    MovedOut,
    MoveOut,
    Problem,
    RecordedOut,
    ReportOut,
    StatusIn,
    StatusOut,
)
from workflow.web.context import web

__all__ = ["router"]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AccessToken",
    description="A personal access token, made on the page /me/tokens: "
    "`Authorization: Bearer tiltag_...`.",
)


def _answer(status: int, text: str) -> dict[str, Any]:
    return {"model": Problem, "description": f"{KINDS[status][1]}: {text}"}


# Every operation may answer these; each operation names the others it may answer.
Answers = dict[int | str, dict[str, Any]]
_ALWAYS: Answers = {
    401: _answer(401, "no token, or a token unknown, revoked, expired or of a deactivated person"),
    413: _answer(413, "the request's body is larger than 256 KB"),
    422: _answer(422, "a parameter or the body is invalid; `errors` names the fields"),
    503: _answer(503, "the database cannot answer just now"),
}
_NOT_FOUND: Answers = {404: _answer(404, "no initiative with that id")}
_CHANGES: Answers = {
    400: _answer(400, "the body is not JSON (or not UTF-8)"),
    403: _answer(403, "the token's person may not do this (a role, their own initiative)"),
    404: _answer(404, "no initiative with that id"),
    409: _answer(409, "not possible now: the state, the records, or changed meanwhile"),
}

router = APIRouter(responses=_ALWAYS)


def token_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Person:
    """The person whose token the request carries, acting through the API.

    Raises:
        ApiRefused: no bearer token (401).
        TokenRefused: a token that acts for nobody (401).
    """
    if credentials is None or not credentials.credentials:
        raise ApiRefused(401, "no access token: give the header Authorization: Bearer TOKEN")
    app = web(request)
    return token_person(app.engine, credentials.credentials, app.clock)


Actor = Annotated[Person, Depends(token_actor)]
InitiativeId = Annotated[int, Path(ge=1, le=MAX_ID, description="The initiative's id.")]
_Filter = Query(min_length=1, max_length=100)


@router.get("/initiatives", summary="List initiatives")
def list_initiatives(
    request: Request,
    actor: Actor,
    state: Annotated[str | None, _Filter] = None,
    owner: Annotated[str | None, _Filter] = None,
    workflow: Annotated[str | None, _Filter] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> InitiativePage:
    """Initiatives by id, one page at a time, filtered by state, owner (a handle) and workflow."""
    app = web(request)
    found = [
        InitiativeOut(**initiative_json(i))
        for i in iter_initiatives(
            app.engine, state=state, owner=owner, workflow=workflow, offset=offset, limit=limit + 1
        )
    ]
    more = len(found) > limit
    return InitiativePage(
        items=found[:limit],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if more else None,
    )


@router.get("/initiatives/{initiative_id}", summary="Show an initiative", responses=_NOT_FOUND)
def show(request: Request, actor: Actor, initiative_id: InitiativeId) -> InitiativeOut:
    """One initiative, as `tiltag show ID --format json`."""
    return InitiativeOut(**initiative_json(get_initiative(web(request).engine, initiative_id)))


@router.get("/initiatives/{initiative_id}/check", summary="Check the moves", responses=_NOT_FOUND)
def check(request: Request, actor: Actor, initiative_id: InitiativeId) -> CheckOut:
    """Every move out of the initiative's state and what each still needs, for the token's
    person (as `tiltag check ID`)."""
    app = web(request)
    _, row, reports = check_moves(
        app.engine, app.registry, actor=actor, initiative_id=initiative_id
    )
    return CheckOut(
        initiative_id=initiative_id,
        state=row["state"],
        version=row["version"],
        actor=actor.handle,
        moves=[_move(report) for report in reports],
    )


def _move(report: MoveReport) -> MoveOut:
    t = report.transition
    return MoveOut.model_validate(
        {
            "move": t.trigger,
            "label": {"da": t.label.da, "en": t.label.en},
            "to_state": report.dest,
            "possible": report.possible,
            "requirements": [
                {
                    "kind": o.requirement.kind,
                    "met": o.met,
                    "words": {"da": o.words.da, "en": o.words.en},
                    "text": o.text,
                }
                for o in report.outcomes
            ],
        }
    )


@router.get(
    "/initiatives/{initiative_id}/history", summary="Read the history", responses=_NOT_FOUND
)
def history(request: Request, actor: Actor, initiative_id: InitiativeId) -> list[HistoryEventOut]:
    """Everything that happened to the initiative, oldest first (as `tiltag history ID --format
    json`), with the channel each event came through."""
    events = read_history(web(request).engine, initiative_id)
    return [HistoryEventOut(**event) for event in history_json(events)]


@router.get(
    "/initiatives/{initiative_id}/records",
    summary="Read the records",
    responses={
        **_NOT_FOUND,
        200: {
            "description": "The records filed, by kind; a business case with its computed "
            "economics.",
            "content": {
                "application/json": {
                    "example": {
                        "business_case": {
                            "investments": {"2010": 200000},
                            "computed": {"net_present_value": 1234567, "payback_years": 0.4},
                        }
                    }
                }
            },
        },
    },
)
def records(
    request: Request, actor: Actor, initiative_id: InitiativeId
) -> dict[str, dict[str, Any]]:
    """The initiative's records by kind (as `tiltag record show ID --format json`)."""
    app = web(request)
    found = read_records(app.engine, initiative_id)
    data = {kind: record.model_dump(mode="json") for kind, record in found.items()}
    case = found.get("business_case")
    if isinstance(case, BusinessCase):
        initiative = get_initiative(app.engine, initiative_id)
        definition = app.registry.get(initiative.workflow, initiative.workflow_version)
        economics = case_economics(case, definition)
        if economics is not None:
            data["business_case"]["computed"] = {
                "net_present_value": economics.net_present_value,
                "payback_years": economics.payback_years,
                "discount_rate": economics.discount_rate,
            }
    return data


@router.post("/initiatives/{initiative_id}/advance", summary="Make a move", responses=_CHANGES)
def move(request: Request, actor: Actor, initiative_id: InitiativeId, body: AdvanceIn) -> MovedOut:
    """Move the initiative (as `tiltag advance ID MOVE`): 403 when the move's requirements about
    who makes it are unmet, 409 when others are, or the initiative changed since
    `expected_version`."""
    app = web(request)
    try:
        moved = advance(
            app.engine,
            app.registry,
            actor=actor,
            initiative_id=initiative_id,
            trigger=body.move,
            clock=app.clock,
            comment=body.comment,
            expected_version=body.expected_version,
        )
    except UnmetRequirementsError as refused:
        if _refused_personally(request, actor, initiative_id, body.move):
            raise ApiRefused(403, str(refused)) from None
        raise
    return _moved(moved)


def _refused_personally(request: Request, actor: Person, initiative_id: int, move: str) -> bool:
    """Whether a move is refused because of who asks (a role or relation they lack)."""
    app = web(request)
    _, _, reports = check_moves(app.engine, app.registry, actor=actor, initiative_id=initiative_id)
    return any(
        not o.met and o.requirement.kind in ("role", "actor_is")
        for report in reports
        if report.transition.trigger == move
        for o in report.outcomes
    )


def _moved(moved: Moved) -> MovedOut:
    return MovedOut(
        initiative_id=moved.initiative_id,
        move=moved.trigger,
        from_state=moved.from_state,
        to_state=moved.to_state,
        version=moved.version,
        created=moved.created,
    )


@router.post(
    "/initiatives/{initiative_id}/decisions",
    summary="Record a forum's decision",
    status_code=201,
    responses=_CHANGES,
)
def decision(
    request: Request, actor: Actor, initiative_id: InitiativeId, body: DecisionIn
) -> RecordedOut:
    """Record the forum's decision at the gate the initiative is at (as `tiltag decide`); a
    reject or hold also moves it. Only a holder of the forum's role, and not the initiative's
    proposer or owner, may (403)."""
    app = web(request)
    recorded = decide(
        app.engine,
        app.registry,
        actor=actor,
        initiative_id=initiative_id,
        forum=body.forum,
        outcome=body.outcome,
        meeting_date=body.meeting_date,
        reference=body.reference,
        justification=body.justification,
        redo=body.redo,
        gate=body.gate,
        clock=app.clock,
    )
    return RecordedOut(
        decision_id=recorded.decision_id,
        initiative_id=recorded.initiative_id,
        gate=recorded.gate,
        forum=recorded.forum,
        outcome=recorded.outcome,
        version=recorded.version,
        moved=_moved(recorded.moved) if recorded.moved else None,
    )


@router.post(
    "/initiatives/{initiative_id}/statuses",
    summary="Give a status",
    status_code=201,
    responses=_CHANGES,
)
def status(
    request: Request, actor: Actor, initiative_id: InitiativeId, body: StatusIn
) -> StatusOut:
    """Give the initiative's status for a budget quarter (as `tiltag status give`): only its
    proposer, its owner, the task force or an admin may (403)."""
    app = web(request)
    try:
        quarter = parse_quarter(body.quarter) if body.quarter is not None else None
    except ValueError as exc:
        raise ApiRefused(422, str(exc), [("quarter", str(exc))]) from None
    given = give_status(
        app.engine,
        app.registry,
        actor=actor,
        initiative_id=initiative_id,
        light=body.light,
        text=body.text,
        clock=app.clock,
        realised_gains=body.realised_gains,
        spent=body.spent,
        quarter=quarter,
    )
    return _status(given)


def _status(given: GivenStatus) -> StatusOut:
    return StatusOut(
        initiative_id=given.initiative_id,
        quarter=str(given.quarter),
        light=given.light,
        text=given.text,
        realised_gains=(
            None
            if given.realised_gains is None
            else {str(y): a for y, a in given.realised_gains.items()}
        ),
        spent=given.spent,
        given_on=given.given_on,
        given_at=given.given_at,
        given_by=given.given_by,
        version=given.version,
    )


# The reports' names (`reports.service.REPORTS`), spelled out for the OpenAPI description.
ReportName = Literal["stalled", "quarterly", "gains", "portfolio", "adjustments", "catalogue"]


@router.get(
    "/reports/{name}",
    summary="Make a report",
    response_model=ReportOut,
    responses={
        200: {"content": {"application/json": {}}},
        404: _answer(404, "no such path (a report's name with a slash or a line break)"),
    },
)
def report(
    request: Request,
    actor: Actor,
    name: ReportName,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
    quarter: Annotated[int | None, Query(ge=1, le=4)] = None,
) -> Response:
    """The report as `tiltag report NAME --format json` writes it, in the token's person's
    language: stalled (no period), quarterly and portfolio (year and quarter), gains (year)."""
    taken = REPORTS[name][1]
    given = [p for p, v in (("year", year), ("quarter", quarter)) if v is not None]
    extra = [p for p in given if p not in taken]
    if extra:
        words = f"the {name} report takes no {' or '.join(extra)}"
        raise ApiRefused(422, words, [(p, words) for p in extra])
    from workflow.reports.data import write_json

    app = web(request)
    out = io.StringIO()
    with snapshot(app.engine) as conn:
        made = build_report(
            conn,
            name,
            registry=app.registry,
            schedule=app.schedule,
            targets=app.targets,
            clock=app.clock,
            year=year,
            quarter=quarter,
        )
        write_json(made, out, actor.language)
    return Response(out.getvalue(), media_type="application/json")
