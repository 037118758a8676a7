"""Reports to download, as `tiltag report` writes them: chosen on a form, made away from the
request (a big one shows its progress on a page of its own), fetched as a file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, RedirectResponse, Response

from workflow import SignedIn
from workflow.base.calendar import quarter_of
from workflow.base.clock import local_date
from workflow.reports.service import REPORTS, build_report, snapshot, write_report_file
from workflow.web.context import Web, web
from workflow.web.downloads import Job
from workflow.web.guard import Form, form_text, pages
from workflow.web.people import Me, watcher

__all__ = ["router"]

router = pages()
FORMATS = ("xlsx", "html", "pdf", "csv", "json")
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
# How long the asking request waits for a report before it shows the progress page instead.
QUICK_SECONDS = 2.0


def _form(
    request: Request, values: dict[str, str], error: str | None = None, status: int = 200
) -> Response:
    app = web(request)
    this_year = local_date(app.clock.now()).year
    return app.pages.render(
        request,
        "reports.html",
        {
            "reports": REPORTS,
            "formats": FORMATS,
            "years": range(this_year + 3, this_year - 6, -1),
            "values": values,
            "error": error,
        },
        status=status,
    )


@router.get("/reports")
def reports(request: Request, me: Me, report: str = "quarterly") -> Response:
    watcher(request, me)
    today = local_date(web(request).clock.now())
    chosen = report if report in REPORTS else "quarterly"
    quarter = str(quarter_of(today).number)
    return _form(request, {"report": chosen, "year": str(today.year), "quarter": quarter})


def _period(values: dict[str, str]) -> tuple[int | None, int | None]:
    """The year and quarter asked, as the report takes them.

    Raises:
        ValueError: not a year or a quarter.
    """
    takes = REPORTS[values["report"]][1]
    year = int(values["year"]) if "year" in takes and values["year"] else None
    quarter = int(values["quarter"]) if "quarter" in takes and values["quarter"] else None
    if (year is not None and not 2000 <= year <= 2100) or (
        quarter is not None and not 1 <= quarter <= 4
    ):
        raise ValueError("out of range")
    return year, quarter


@router.post("/reports")
def make_report(request: Request, me: Me, form: Form) -> Response:
    watcher(request, me)
    app = web(request)
    values = {k: form_text(form, k).strip()[:20] for k in ("report", "year", "quarter", "fmt")}
    if values["report"] not in REPORTS or values["fmt"] not in FORMATS:
        return _form(request, values, app.pages.say(request, "reports.choose"), 400)
    try:
        year, quarter = _period(values)
    except ValueError:
        return _form(request, values, app.pages.say(request, "reports.bad_period"), 400)
    period = "-".join(str(p) for p in (year, quarter and f"Q{quarter}") if p)
    name = f"tiltag-{values['report']}{'-' + period if period else ''}.{values['fmt']}"
    # The report in the language of the person who asks for it.
    language = me.person.language

    def write(path: Path) -> None:
        with snapshot(app.engine) as conn:
            made = build_report(
                conn,
                values["report"],
                registry=app.registry,
                schedule=app.schedule,
                targets=app.targets,
                clock=app.clock,
                year=year,
                quarter=quarter,
            )
            write_report_file(made, values["fmt"], path, None, language)

    job = app.downloads.start(
        me.person.id, values["report"], values["fmt"], name, app.clock.now(), write
    )
    app.downloads.wait(job, QUICK_SECONDS)
    if job.state(app.downloads.folder)[0] == "done":
        return RedirectResponse(f"/reports/jobs/{job.id}/file", status_code=303)
    return RedirectResponse(f"/reports/jobs/{job.id}", status_code=303)


def _job(request: Request, me: SignedIn, job_id: str) -> tuple[Web, Job]:
    """The person's download job.

    Raises:
        HTTPException: 404, no such job of theirs (forgotten after a day).
    """
    app = web(request)
    job = app.downloads.find(job_id, me.person.id)
    if job is None:
        raise HTTPException(404)
    return app, job


@router.get("/reports/jobs/{job_id}")
def progress(request: Request, me: Me, job_id: str) -> Response:
    watcher(request, me)
    app, job = _job(request, me, job_id)
    state, why = job.state(app.downloads.folder)
    started = datetime.fromisoformat(job.started_at)
    seconds = max(0, int((app.clock.now() - started).total_seconds()))
    part = request.headers.get("HX-Request") == "true"
    return app.pages.render(
        request,
        "_download.html" if part else "download.html",
        {
            "job": job,
            "state": state,
            "why": why,
            "seconds": seconds,
            "label_of": REPORTS[job.report][0],
        },
    )


@router.get("/reports/jobs/{job_id}/file")
def download(request: Request, me: Me, job_id: str) -> Response:
    watcher(request, me)
    app, job = _job(request, me, job_id)
    if job.state(app.downloads.folder)[0] != "done":
        return RedirectResponse(f"/reports/jobs/{job.id}", status_code=303)
    return FileResponse(
        job.file(app.downloads.folder),
        media_type=MEDIA[job.fmt],
        filename=job.file_name,
    )
