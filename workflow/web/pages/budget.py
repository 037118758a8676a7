"""The finance team's page: the budget adjustments to confirm, each confirmed as expected or
corrected with a reason (as `tiltag budget confirm`), and the quarter's file for the finance
system (as `tiltag report adjustments`)."""

from __future__ import annotations

from io import BytesIO, StringIO

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import SignedIn, WorkflowError, confirm_adjustment, list_adjustments
from workflow.base.calendar import quarter_of
from workflow.base.clock import local_date
from workflow.reports.adjustments import adjustments_report
from workflow.reports.service import snapshot, write_report
from workflow.web.context import web
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.people import Forbidden, Me

__all__ = ["router"]

router = pages()
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _finance(request: Request, me: SignedIn) -> None:
    """Refuse anyone but the finance team.

    Raises:
        Forbidden: someone else asks.
    """
    if "finance" not in me.person.roles:
        raise Forbidden(web(request).pages.say(request, "budget.not_yours"))


def _page(request: Request, error: str | None = None, status: int = 200) -> Response:
    app = web(request)
    found = list_adjustments(app.engine, app.registry)
    return app.pages.render(
        request,
        "budget.html",
        {
            "to_confirm": [a for a in found if a.to_confirm],
            "confirmed": [a for a in found if not a.to_confirm],
            "error": error,
            "done": request.query_params.get("done"),
            "quarter": quarter_of(local_date(app.clock.now())),
        },
        status=status,
    )


@router.get("/budget")
def budget(request: Request, me: Me) -> Response:
    _finance(request, me)
    return _page(request)


@router.post("/budget/{initiative_id}/{year}")
def confirm(request: Request, initiative_id: Id, year: Id, me: Me, form: Form) -> Response:
    _finance(request, me)
    app = web(request)
    amount = form_text(form, "amount").strip().replace(".", "").replace(" ", "")
    try:
        confirm_adjustment(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative_id,
            year=year,
            clock=app.clock,
            amount=amount or None,
            account=form_text(form, "account"),
            note=form_text(form, "note").strip() or None,
        )
    except WorkflowError as refused:
        return _page(request, str(refused), 400)
    return RedirectResponse(f"/budget?done={initiative_id}-{year}", status_code=303)


@router.get("/budget/file")
def budget_file(request: Request, me: Me, fmt: str = "csv") -> Response:
    _finance(request, me)
    app = web(request)
    chosen = fmt if fmt in _MEDIA else "csv"
    quarter = quarter_of(local_date(app.clock.now()))
    language = app.pages.language(request)
    with snapshot(app.engine) as conn:
        made = adjustments_report(conn, app.registry, app.clock, quarter.year, quarter.number)
        if chosen == "xlsx":
            binary = BytesIO()
            write_report(made, chosen, binary, None, language)
            body = binary.getvalue()
        else:
            text = StringIO()
            write_report(made, chosen, text, None, language)
            body = text.getvalue().encode("utf-8")
    name = f"tiltag-budgettilpasninger-{quarter.year}-Q{quarter.number}.{chosen}"
    return Response(
        body,
        media_type=_MEDIA[chosen],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
