"""The task force's overview of the portfolio: pipeline, stalled cases, the quarter's status
lights and who has not given one, the gains against the targets; filtered by area, category,
state and owner, the filter in the address so a view can be bookmarked and mailed."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from workflow import task_force_overview
from workflow.base.vocabulary import LIGHTS
from workflow.reports.html import chart_svg
from workflow.web.context import web
from workflow.web.guard import pages
from workflow.web.people import Me, watcher
from workflow.web.scopes import chosen_scope, scope_context

__all__ = ["router"]

router = pages()


@router.get("/task-force")
def overview(
    request: Request,
    me: Me,
    area: str = "",
    category: str = "",
    state: str = "",
    owner: str = "",
) -> Response:
    watcher(request, me)
    app = web(request)
    scope = chosen_scope(area, category, state, owner)
    found = task_force_overview(
        app.engine, app.registry, app.schedule, app.targets, app.clock, scope
    )
    label = app.pages.label(request)
    return app.pages.render(
        request,
        "overview.html",
        {
            "o": found,
            "lights": LIGHTS,
            "chart": chart_svg(found.chart, label) if found.chart else None,
            **scope_context(scope, found.choices, label, "/task-force"),
        },
    )
