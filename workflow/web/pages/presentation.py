"""An initiative's case presentation (sagsfremstilling) as a file, PDF or HTML, in the reader's
language, for anyone who may read the initiative's page; linked from it and from each case on a
forum's agenda."""

from __future__ import annotations

from threading import BoundedSemaphore

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from workflow.base.clock import local_date
from workflow.base.vocabulary import FORUMS
from workflow.reports.case import case_presentation
from workflow.reports.case_page import case_bytes
from workflow.reports.service import snapshot
from workflow.web.context import web
from workflow.web.guard import Id, pages
from workflow.web.people import Me

__all__ = ["router"]

router = pages()
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
# WeasyPrint takes a tenth of a second and some 100 MB a PDF: two at a time a process, the others
# wait their turn (as the report downloads do), so a burst of clicks cannot exhaust the memory.
LAYING_OUT = BoundedSemaphore(2)


@router.get("/initiatives/{initiative_id}/case.{fmt}")
def presentation(
    request: Request, initiative_id: Id, fmt: str, me: Me, forum: str = ""
) -> Response:
    """The file, as `tiltag report case ID --format FMT` writes it; `forum` names the forum
    whose agenda it is for (another value is passed over: the forum it waits for is taken)."""
    if fmt not in MEDIA:
        raise HTTPException(404)
    app = web(request)
    now = app.clock.now()
    with snapshot(app.engine) as conn:
        case = case_presentation(
            conn,
            app.registry,
            initiative_id,
            now=now,
            today=local_date(now),
            forum=forum if forum in FORUMS else None,
            municipality=app.targets.municipality,
        )
    with LAYING_OUT:
        made = case_bytes(case, fmt, me.person.language)
    name = f"sagsfremstilling-{initiative_id}.{fmt}"
    return Response(
        made,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
