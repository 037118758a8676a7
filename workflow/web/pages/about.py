"""The pages around the work: the reader's language, the accessibility statement, and the
health check a proxy or a test waits for."""

from __future__ import annotations

import contextlib

from fastapi import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from workflow import (
    InvalidValueError,
    schema_revision,
    set_language,
)
from workflow.web.context import web
from workflow.web.guard import Form, form_text, pages
from workflow.web.people import Me, current, safe_next

__all__ = ["router"]

router = pages()


@router.post("/language")
def language(request: Request, me: Me, form: Form) -> Response:
    app = web(request)
    with contextlib.suppress(InvalidValueError):  # a language we do not have: nothing changes
        set_language(app.engine, me.person, form_text(form, "language"))
    return RedirectResponse(safe_next(form_text(form, "back")), status_code=303)


@router.get("/accessibility")
def accessibility(request: Request) -> Response:
    current(request)  # in the reader's language when signed in
    return web(request).pages.render(request, "accessibility.html")


@router.get("/health")
def health(request: Request) -> Response:
    """`ok` when the database answers at the schema this tiltag needs."""
    schema_revision(web(request).engine)
    return PlainTextResponse("ok")
