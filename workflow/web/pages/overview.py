"""The task force's overview of the portfolio: pipeline, stalled cases, the quarter's status
lights and who has not given one, the gains against the targets; filtered by area, category,
state and owner, the filter in the address so a view can be bookmarked and mailed."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from fastapi import Request
from starlette.responses import Response

from workflow import Scope, task_force_overview
from workflow.base.vocabulary import LIGHTS
from workflow.reports.html import chart_svg
from workflow.web.context import web
from workflow.web.guard import pages
from workflow.web.people import Me, watcher

__all__ = ["router"]

router = pages()


def _chosen(value: str) -> str | None:
    value = value.strip()[:200]
    return value or None


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
    scope = Scope(_chosen(area), _chosen(category), _chosen(state), _chosen(owner))
    found = task_force_overview(
        app.engine, app.registry, app.schedule, app.targets, app.clock, scope
    )
    label = app.pages.label(request)
    chosen = {k: v for k, v in asdict(scope).items() if v is not None}
    offered = found.choices
    return app.pages.render(
        request,
        "overview.html",
        {
            "o": found,
            "lights": LIGHTS,
            "chart": chart_svg(found.chart, label) if found.chart else None,
            "filtered": bool(chosen),
            "choices": {
                "area": [(a, a) for a in offered.areas],
                "category": [(code, label(words)) for code, words in offered.categories],
                "state": [(name, label(words)) for name, words in offered.states],
                "owner": list(offered.owners),
            },
            # The address of this view with one filter changed.
            "scoped": lambda name, value: urlencode({**chosen, name: value}),
        },
    )
