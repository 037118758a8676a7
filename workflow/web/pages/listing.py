"""Every initiative, as `tiltag list` lists them: filtered by area, category, state and owner
(the filter in the address), 50 a page, each with its phase and owner by name. Reading is open to
everyone signed in."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from workflow import iter_initiatives, scope_choices
from workflow.web.context import web
from workflow.web.guard import pages
from workflow.web.people import Me
from workflow.web.scopes import chosen_scope, scope_context

__all__ = ["router"]

router = pages()
# Initiatives on one page of the list.
PAGE = 50
# The last page that can be asked for (500,000 initiatives).
LAST = 10_000


@router.get("/initiatives")
def listing(
    request: Request,
    me: Me,
    area: str = "",
    category: str = "",
    state: str = "",
    owner: str = "",
    page: str = "1",
) -> Response:
    app = web(request)
    scope = chosen_scope(area, category, state, owner)
    number = min(int(page), LAST) if page.isdigit() and int(page) > 0 else 1
    found = list(
        iter_initiatives(
            app.engine,
            area=scope.area,
            category=scope.category,
            state=scope.state,
            owner=scope.owner,
            offset=(number - 1) * PAGE,
            limit=PAGE + 1,
        )
    )
    shown = found[:PAGE]
    label = app.pages.label(request)
    return app.pages.render(
        request,
        "listing.html",
        {
            "initiatives": shown,
            "states": {
                (d.name, d.version, s.name): s.label for d in app.registry.all() for s in d.states
            },
            "names": app.names(*(i.owner for i in shown)),
            "number": number,
            "more": len(found) > PAGE,
            **scope_context(scope, scope_choices(app.engine, app.registry), label, "/initiatives"),
        },
    )
