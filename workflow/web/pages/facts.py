"""The facts of an initiative changed in the browser, as `tiltag edit` changes them: title,
description, category, area and owner (handing an initiative to another owner). For its
proposer, its owner, the task force and the admins; the history says who, and for whom."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    ConcurrentChangeError,
    InvalidValueError,
    SignedIn,
    edit,
    get_initiative,
    list_people,
    may_change,
)
from workflow.web.context import web
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.people import Forbidden, Me

__all__ = ["router"]

router = pages()
FIELDS = ("title", "description", "category", "area", "owner")


def _initiative(request: Request, me: SignedIn, initiative_id: int) -> Any:
    app = web(request)
    initiative = get_initiative(app.engine, initiative_id)
    if not may_change(me.person, initiative.proposer, initiative.owner):
        raise Forbidden(app.pages.say(request, "facts.not_yours"))
    return initiative


def _page(
    request: Request,
    me: SignedIn,
    initiative: Any,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    label = app.pages.label(request)
    definition = app.registry.get(initiative.workflow, initiative.workflow_version)
    owners = [
        p
        for p in list_people(app.engine)
        if ("project_owner" in p.roles and p.active) or p.handle == initiative.owner
    ]
    return app.pages.render(
        request,
        "facts.html",
        {
            "initiative": initiative,
            "behalf": app.behalf(me.person, initiative),
            "values": values,
            "errors": errors or {},
            "categories": [(c.code, label(c.label)) for c in definition.categories],
            "owners": [(p.handle, p.name) for p in sorted(owners, key=lambda p: p.name)],
        },
        status=status,
    )


@router.get("/initiatives/{initiative_id}/facts")
def facts_form(request: Request, initiative_id: Id, me: Me) -> Response:
    initiative = _initiative(request, me, initiative_id)
    values = {name: getattr(initiative, name) or "" for name in FIELDS}
    return _page(request, me, initiative, {**values, "version": str(initiative.version)})


@router.post("/initiatives/{initiative_id}/facts")
def change_facts(request: Request, initiative_id: Id, me: Me, form: Form) -> Response:
    app = web(request)
    initiative = _initiative(request, me, initiative_id)
    values = {name: form_text(form, name).strip() for name in (*FIELDS, "version")}
    read = int(values["version"]) if values["version"].isdigit() else initiative.version
    try:
        edit(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative_id,
            changes={name: values[name] for name in FIELDS},
            clock=app.clock,
            expected_version=read,
        )
    except InvalidValueError as refused:
        field = refused.field if refused.field in FIELDS else "title"
        message = app.pages.say(request, "facts.bad", problem=refused.problem)
        return _page(request, me, initiative, values, {field: message}, 400)
    except ConcurrentChangeError:
        message = app.pages.say(request, "facts.changed")
        fresh = get_initiative(app.engine, initiative_id)
        return _page(request, me, fresh, values, {"title": message}, 409)
    return RedirectResponse(f"/initiatives/{initiative_id}?done=facts", status_code=303)
