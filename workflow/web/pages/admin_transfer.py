"""The admin's import and export: an inspiration list uploaded as a CSV or Excel file and
imported as `tiltag import` imports it (every bad row shown, nothing imported unless every row
is good), and the portfolio downloaded as `tiltag export` writes it."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi import Request
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response

from workflow import (
    Channel,
    ImportRefused,
    TableError,
    UsageError,
    export_initiatives,
    import_initiatives,
)
from workflow.base.clock import local_date
from workflow.base.files import TABLE_FORMATS
from workflow.web.context import web
from workflow.web.guard import UPLOADS, Form, pages
from workflow.web.people import Admin

__all__ = ["router"]

router = pages()
IMPORT = "/admin/import"
# The largest file taken: the route's body limit (the multipart frame around it is small).
UPLOAD_LIMIT = UPLOADS[IMPORT]
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_UNSAFE = re.compile(r"[^\w .()+-]")


@router.get(IMPORT)
def import_page(request: Request, me: Admin) -> Response:
    return _page(request)


@router.post(IMPORT)
def upload(request: Request, me: Admin, form: Form) -> Response:
    """Import the uploaded file: every row or none; what is wrong is shown, row by row."""
    app = web(request)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        return _page(request, problem=app.pages.say(request, "import.no_file"), status=400)
    name = _safe_name(file.filename)
    if Path(name).suffix.lower().lstrip(".") not in TABLE_FORMATS:
        return _page(request, problem=app.pages.say(request, "import.wrong_type"), status=400)
    data = file.file.read(UPLOAD_LIMIT + 1)
    if not data.strip():
        return _page(request, problem=app.pages.say(request, "import.empty"), status=400)
    kind = Path(name).suffix.lower().lstrip(".")
    if kind == "csv" and b"\x00" in data:  # a picture or a document renamed, not text
        return _page(request, problem=app.pages.say(request, "import.not_table"), status=400)
    with tempfile.TemporaryDirectory(prefix="tiltag-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        actor = replace(me.person, channel=Channel("web", f"upload {name}"[:200]))
        try:
            done = import_initiatives(
                app.engine,
                app.registry,
                actor=actor,
                path=path,
                clock=app.clock,
                encoding=_encoding(data),
            )
        except ImportRefused as refused:
            rows = len({b.row for b in refused.bad})
            return _page(request, name=name, bad=list(refused.bad), bad_rows=rows, status=400)
        except TableError as unreadable:
            problem = app.pages.say(request, "import.unreadable", problem=unreadable.problem)
            return _page(request, name=name, problem=problem, status=400)
        except UsageError:  # no column for the title
            return _page(
                request, name=name, problem=app.pages.say(request, "import.no_title"), status=400
            )
    if not done.ids:
        return _page(request, name=name, problem=app.pages.say(request, "import.no_rows"))
    return _page(request, name=name, imported=list(done.ids), status=200)


def _encoding(data: bytes) -> str:
    """UTF-8 if the file is that, else what a Danish Excel saves a CSV file in (Windows-1252):
    the web has no --encoding to give."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _safe_name(given: str) -> str:
    """The uploaded file's own name (no folders), in letters a file name can hold."""
    base = given.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:100]
    return cleaned or "upload"


def _page(
    request: Request,
    *,
    name: str | None = None,
    problem: str | None = None,
    bad: list[object] | None = None,
    bad_rows: int = 0,
    imported: list[int] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    return app.pages.render(
        request,
        "admin_import.html",
        {
            "name": name,
            "problem": problem,
            "bad": bad or [],
            "bad_rows": bad_rows,
            "imported": imported or [],
            "limit_mb": UPLOAD_LIMIT // (1024 * 1024),
            "section": "import",
        },
        status=status,
    )


@router.get("/admin/export")
def export_page(request: Request, me: Admin) -> Response:
    return web(request).pages.render(
        request, "admin_export.html", {"formats": TABLE_FORMATS, "section": "export"}
    )


@router.get("/admin/export/portfolio.{kind}")
def download(request: Request, me: Admin, kind: str) -> Response:
    """The portfolio as `tiltag export` writes it, sent from a file in a folder of its own that
    is removed once the file has been sent."""
    if kind not in TABLE_FORMATS:
        raise HTTPException(404)
    app = web(request)
    folder = Path(tempfile.mkdtemp(prefix="tiltag-export-"))
    try:
        path = folder / f"portfolio.{kind}"
        export_initiatives(app.engine, path, kind)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    name = f"tiltag-portefolje-{local_date(app.clock.now()).isoformat()}.{kind}"
    return FileResponse(
        path,
        media_type=_MEDIA[kind],
        filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
