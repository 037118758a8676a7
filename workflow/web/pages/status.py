"""The quarterly status form: where the reminder mail's link leads."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    InvalidValueError,
    Quarter,
    SignedIn,
    WorkflowError,
    get_initiative,
    give_status,
    may_change,
    read_statuses,
)
from workflow.base.vocabulary import LIGHTS
from workflow.web.context import asked_quarter, web
from workflow.web.forms import number, rows_of
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.people import Forbidden, Me

__all__ = ["router"]

router = pages()
# The service's names of what it refuses, and the form's fields they are shown beside.
_FIELDS = {
    "light": "light",
    "status text": "text",
    "spent": "spent",
    "realised_gains": "gains",
    "quarter": "quarter",
}


def _initiative(request: Request, me: SignedIn, initiative_id: int) -> Any:
    app = web(request)
    initiative = get_initiative(app.engine, initiative_id)
    if not may_change(me.person, initiative.proposer, initiative.owner):
        raise Forbidden(app.pages.say(request, "status.not_yours"))
    return initiative


def _page(
    request: Request,
    initiative: Any,
    quarter: Quarter,
    values: dict[str, str],
    rows: list[dict[str, str]],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    given = [s for s in read_statuses(app.engine, initiative.id) if s.quarter == quarter]
    return app.pages.render(
        request,
        "status.html",
        {
            "initiative": initiative,
            "behalf": app.behalf(request.state.signed_in.person, initiative),
            "quarter": quarter,
            "deadline": app.schedule.calendar.status_deadline(quarter),
            "given": given[-1] if given else None,
            "lights": LIGHTS,
            "values": values,
            "rows": rows,
            "errors": errors or {},
        },
        status=status,
    )


@router.get("/initiatives/{initiative_id}/status")
def status_form(
    request: Request, initiative_id: Id, me: Me, quarter: str | None = None
) -> Response:
    initiative = _initiative(request, me, initiative_id)
    return _page(request, initiative, asked_quarter(request, quarter), {}, [])


@router.post("/initiatives/{initiative_id}/status")
def give(request: Request, initiative_id: Id, me: Me, form: Form) -> Response:
    app = web(request)
    initiative = _initiative(request, me, initiative_id)
    quarter = asked_quarter(request, form_text(form, "quarter"))
    values = {name: form_text(form, name) for name in ("light", "text", "spent")}
    rows = rows_of(form, "gains", ("year", "amount"))
    try:
        give_status(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative.id,
            light=values["light"],
            text=values["text"],
            clock=app.clock,
            realised_gains={number(r["year"]): number(r["amount"]) for r in rows} or None,
            spent=number(values["spent"]) if values["spent"].strip() else None,
            quarter=quarter,
        )
    except InvalidValueError as refused:
        field = _FIELDS.get(refused.field, "text")
        message = app.pages.say(request, f"status.bad_{field}", problem=refused.problem)
        return _page(request, initiative, quarter, values, rows, {field: message}, 400)
    except WorkflowError as refused:  # it has ended, or changed meanwhile: the rule's words
        message = app.pages.say(request, "status.refused", problem=str(refused))
        return _page(request, initiative, quarter, values, rows, {"quarter": message}, 409)
    return RedirectResponse(f"/initiatives/{initiative.id}?done=status", status_code=303)
