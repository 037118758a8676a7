"""The benefits follow-up form: where the benefits reminder's link leads, for the realised gains
of an initiative that has ended as done."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    BusinessCase,
    InvalidValueError,
    Quarter,
    SignedIn,
    WorkflowError,
    asked_by,
    benefit_owners,
    get_initiative,
    give_benefits,
    may_change,
    read_benefits,
    read_records,
)
from workflow.records.documents import GAIN_KINDS
from workflow.web.context import asked_quarter, web
from workflow.web.forms import number
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.people import Forbidden, Me

__all__ = ["router"]

router = pages()


def _initiative(request: Request, me: SignedIn, initiative_id: int) -> tuple[Any, Any]:
    """The initiative and its business case, if the signed-in person may give its gains: a
    benefit owner of it, or whoever may change it."""
    app = web(request)
    initiative = get_initiative(app.engine, initiative_id)
    case = read_records(app.engine, initiative_id).get("business_case")
    case = case if isinstance(case, BusinessCase) else None
    owners = {g.owner for g in case.gains} if case is not None else set()
    if me.person.handle not in owners and not may_change(
        me.person, initiative.proposer, initiative.owner
    ):
        raise Forbidden(app.pages.say(request, "benefits.not_yours"))
    return initiative, case


def _page(
    request: Request,
    initiative: Any,
    case: BusinessCase | None,
    quarter: Quarter,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    given = [a for a in read_benefits(app.engine, initiative.id) if a.year == quarter.year]
    gains = case.gains if case is not None else []
    return app.pages.render(
        request,
        "benefits.html",
        {
            "initiative": initiative,
            "behalf": app.behalf(request.state.signed_in.person, initiative)
            if request.state.signed_in.person.handle not in benefit_owners(case, quarter.year)
            else None,
            "quarter": quarter,
            "deadline": app.schedule.calendar.status_deadline(asked_by(app.schedule, quarter)),
            "given": given[-1] if given else None,
            "expected_kroner": case.kroner().get(quarter.year) if case is not None else None,
            "has_kroner": any(g.kind == "kroner" for g in gains),
            "last_gain_year": case.last_gain_year if case is not None else None,
            "gain_kinds": GAIN_KINDS,
            "others": [(n, g) for n, g in enumerate(gains, start=1) if g.kind != "kroner"],
            "values": values,
            "errors": errors or {},
        },
        status=status,
    )


@router.get("/initiatives/{initiative_id}/benefits")
def benefits_form(
    request: Request, initiative_id: Id, me: Me, quarter: str | None = None
) -> Response:
    initiative, case = _initiative(request, me, initiative_id)
    return _page(request, initiative, case, asked_quarter(request, quarter), {})


@router.post("/initiatives/{initiative_id}/benefits")
def give(request: Request, initiative_id: Id, me: Me, form: Form) -> Response:
    app = web(request)
    initiative, case = _initiative(request, me, initiative_id)
    quarter = asked_quarter(request, form_text(form, "quarter"))
    gains = case.gains if case is not None else []
    names = ["kroner", "text", *(f"gain-{n}" for n in range(1, len(gains) + 1))]
    values = {name: form_text(form, name) for name in names}
    figures: dict[int, Any] = {}
    for n in range(1, len(gains) + 1):
        typed = values[f"gain-{n}"].strip()
        if typed and gains[n - 1].kind != "kroner":
            try:
                figures[n] = float(number(typed))
            except ValueError:
                message = app.pages.say(request, "benefits.bad_figure", problem=typed)
                return _page(
                    request, initiative, case, quarter, values, {f"gain-{n}": message}, 400
                )
    try:
        give_benefits(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative.id,
            kroner=number(values["kroner"]) if values["kroner"].strip() else None,
            figures=figures,
            text=values["text"],
            clock=app.clock,
            quarter=quarter,
        )
    except InvalidValueError as refused:
        field = _field(refused.field)
        key = "benefits.bad_figure" if field.startswith("gain-") else f"benefits.bad_{field}"
        if refused.field == "realised gains":  # nothing typed
            key = "benefits.bad_nothing"
        message = app.pages.say(request, key, problem=refused.problem)
        return _page(request, initiative, case, quarter, values, {field: message}, 400)
    except WorkflowError as refused:  # not in follow-up, or changed meanwhile: the rule's words
        message = app.pages.say(request, "benefits.refused", problem=str(refused))
        return _page(request, initiative, case, quarter, values, {"quarter": message}, 409)
    return RedirectResponse(f"/initiatives/{initiative.id}?done=benefits", status_code=303)


def _field(refused: str) -> str:
    """The form's field a refusal of the service is shown beside."""
    if refused.startswith("gain "):
        return "gain-" + refused.removeprefix("gain ")
    return {"kroner": "kroner", "text": "text", "quarter": "quarter"}.get(refused, "kroner")
