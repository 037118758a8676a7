"""The outbox for the task force and the admins: the mail that failed and why, retried with a
button (as `tiltag outbox retry`), and the mail waiting to go."""

from __future__ import annotations

from itertools import islice

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import WorkflowError, list_outbox, retry
from workflow.web.context import web
from workflow.web.guard import Form, pages
from workflow.web.people import Me, watcher

__all__ = ["router"]

router = pages()
# How many mails of each kind the page lists.
SHOWN = 200


def _page(request: Request, error: str | None = None, status: int = 200) -> Response:
    app = web(request)
    failed = list(islice(list_outbox(app.engine, ("failed",)), SHOWN + 1))
    waiting = list(islice(list_outbox(app.engine, ("queued", "sending")), SHOWN + 1))
    return app.pages.render(
        request,
        "outbox.html",
        {
            "failed": failed[:SHOWN],
            "waiting": waiting[:SHOWN],
            "more": len(failed) > SHOWN or len(waiting) > SHOWN,
            "error": error,
            "retried": request.query_params.get("retried"),
        },
        status=status,
    )


@router.get("/outbox")
def outbox(request: Request, me: Me) -> Response:
    watcher(request, me)
    return _page(request)


@router.post("/outbox/retry")
def retry_mail(request: Request, me: Me, form: Form) -> Response:
    watcher(request, me)
    app = web(request)
    chosen = form.getlist("mail")
    if "all" not in form and not chosen:
        return _page(request, app.pages.say(request, "outbox.choose"), 400)
    try:
        ids = [] if "all" in form else [int(str(i)) for i in chosen]
        count = retry(app.engine, app.clock.now(), ids)
    except (ValueError, WorkflowError):  # a mail retried meanwhile, or a forged id
        return _page(request, app.pages.say(request, "outbox.gone"), 409)
    return RedirectResponse(f"/outbox?retried={count}", status_code=303)
