"""Proposing an initiative (or a trial): anyone signed in may."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    InvalidValueError,
    UsageError,
    propose,
)
from workflow.web.context import web
from workflow.web.guard import Form, form_text, pages
from workflow.web.people import Me

__all__ = ["router"]

router = pages()
_FIELDS = ("workflow", "title", "description", "category", "area")


def _page(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    label = app.pages.label(request)
    definitions = [app.registry.latest(n) for n in sorted({d.name for d in app.registry.all()})]
    categories = {c.code: label(c.label) for d in definitions for c in d.categories}
    return app.pages.render(
        request,
        "propose.html",
        {
            "values": values,
            "errors": errors or {},
            "workflows": [(d.name, label(d.label)) for d in definitions],
            "categories": sorted(categories.items(), key=lambda kv: kv[1]),
        },
        status=status,
    )


@router.get("/propose")
def propose_form(request: Request, me: Me) -> Response:
    return _page(request, {})


@router.post("/propose")
def propose_initiative(request: Request, me: Me, form: Form) -> Response:
    app = web(request)
    values = {name: form_text(form, name) for name in _FIELDS}
    try:
        initiative_id = propose(
            app.engine,
            app.registry,
            actor=me.person,
            title=values["title"],
            description=values["description"],
            category=values["category"] or None,
            area=values["area"] or None,
            workflow=values["workflow"] or "effektivisering",
            clock=app.clock,
        )
    except InvalidValueError as refused:
        field = refused.field if refused.field in _FIELDS else "title"
        message = app.pages.say(request, f"propose.bad_{field}", problem=refused.problem)
        return _page(request, values, {field: message}, 400)
    except UsageError:
        message = app.pages.say(request, "propose.bad_workflow", problem=values["workflow"])
        return _page(request, values, {"workflow": message}, 400)
    return RedirectResponse(f"/initiatives/{initiative_id}?done=proposed", status_code=303)
