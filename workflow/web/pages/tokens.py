"""A person's access tokens of the JSON API: make one (its secret shown on this one answer and
never again), see them all, revoke one."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from workflow import (
    InvalidValueError,
    MadeToken,
    TokenRefused,
    list_tokens,
    make_token,
    revoke_token,
)
from workflow.base.clock import local_date
from workflow.web.context import web
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.people import Me

__all__ = ["router"]

router = pages()
DEFAULT_DAYS = 90
PATH = "/me/tokens"


def _page(
    request: Request,
    me: Any,
    *,
    made: MadeToken | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    done = request.query_params.get("done", "")
    now = app.clock.now()
    rows = [
        {
            "id": token.id,
            "name": token.name,
            "created": local_date(token.created_at),
            "expires": local_date(token.expires_at),
            "used": token.used_at,
            "revoked": local_date(token.revoked_at) if token.revoked_at else None,
            "works": token.works_at(now),
        }
        for token in list_tokens(app.engine, me.person)
    ]
    return app.pages.render(
        request,
        "tokens.html",
        {
            "tokens": rows,
            "made": made,
            "expires": local_date(made.token.expires_at) if made else None,
            "values": values or {"days": str(DEFAULT_DAYS)},
            "errors": errors or {},
            "done": done if done == "revoked" else "",
        },
        status=status,
    )


@router.get(PATH)
def tokens(request: Request, me: Me) -> Response:
    return _page(request, me)


@router.post(PATH)
def make(request: Request, me: Me, form: Form) -> Response:
    app = web(request)
    values = {"name": form_text(form, "name"), "days": form_text(form, "days")}
    try:
        days = int(values["days"].strip() or DEFAULT_DAYS)
    except ValueError:
        days = 0  # refused below, with the words for days
    try:
        made = make_token(app.engine, me.person, name=values["name"], clock=app.clock, days=days)
    except InvalidValueError as refused:
        field = "days" if refused.field == "days" else "name"
        message = app.pages.say(request, f"tokens.bad_{field}")
        return _page(request, me, values=values, errors={field: message}, status=400)
    # The secret is on this answer only (never stored, never cached: the guard says no-store).
    return _page(request, me, made=made)


@router.post(PATH + "/{token_id}/revoke")
def revoke(request: Request, token_id: Id, me: Me, form: Form) -> Response:
    app = web(request)
    try:
        revoke_token(app.engine, me.person, token_id, app.clock)
    except TokenRefused:  # not one of theirs: as if there were no such token
        raise HTTPException(404) from None
    return RedirectResponse(PATH + "?done=revoked", status_code=303)
