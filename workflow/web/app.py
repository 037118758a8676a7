"""The web app: built from the settings, with the pages' routers, the static files, the guard
of every request, and pages for every error (with the request's id, never a stack trace)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from workflow import (
    DatabaseError,
    NotFoundError,
    definitions_folder,
    load_registry,
    load_schedule,
    load_targets,
    open_database,
)
from workflow.base.logs import get_logger
from workflow.web.api import create_api
from workflow.web.api.problems import API_PREFIX, http_problem, is_api, server_error
from workflow.web.context import Web
from workflow.web.downloads import Jobs
from workflow.web.guard import Guard, Refused
from workflow.web.pages import (
    about,
    admin_people,
    admin_transfer,
    benefits,
    budget,
    calendar,
    facts,
    forums,
    initiatives,
    listing,
    outbox,
    overview,
    presentation,
    proposals,
    records,
    reports,
    sign_in,
    status,
    tokens,
)
from workflow.web.people import Forbidden, SignInNeeded
from workflow.web.rendering import TEMPLATES, Pages
from workflow.web.settings import WebSettings

__all__ = ["PAGES", "STATIC", "create_app", "from_env"]

STATIC = TEMPLATES.parent / "static"
# A web process answers up to 40 requests at once (its thread pool), each reading in turn.
CONNECTIONS = 20
# The pages' modules, each with its router.
PAGES = (
    sign_in,
    listing,
    initiatives,
    status,
    benefits,
    records,
    facts,
    proposals,
    forums,
    presentation,
    admin_people,
    admin_transfer,
    overview,
    reports,
    outbox,
    budget,
    calendar,
    tokens,
    about,
)
log = get_logger("tiltag.web")


def create_app(settings: WebSettings) -> FastAPI:
    """The app for `settings`: its database opened, its definitions and schedule loaded."""
    folder = definitions_folder(settings.definitions)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.web = Web(
        engine=open_database(settings.database, connections=CONNECTIONS),
        registry=load_registry(folder),
        schedule=load_schedule(folder),
        targets=load_targets(folder),
        templates=folder / "templates",
        clock=settings.clock(),
        settings=settings,
        pages=Pages(),
        downloads=Jobs(settings.download_folder()),
    )
    for module in PAGES:
        app.include_router(module.router)
    app.mount(API_PREFIX, create_api(app.state.web))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _errors(app)
    app.add_middleware(Guard, settings=settings, on_error=_unexpected)
    return app


def from_env() -> FastAPI:
    """The app of a web worker, from the environment `tiltag serve` gave it."""
    return create_app(WebSettings.from_env())


def _error_page(
    request: Request, status: int, heading: str, message: str, *, offer_sign_in: bool = False
) -> Response:
    pages: Pages = request.app.state.web.pages
    return pages.render(
        request,
        "error.html",
        {
            "heading": pages.say(request, heading),
            "message": message,
            "offer_sign_in": offer_sign_in,
        },
        status=status,
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    """What no page handled: logged with the request's id, which the page shows."""
    if is_api(request.url.path):
        return server_error(request, exc)
    log.warning("web_error", request=request.state.request_id, path=request.url.path, exc_info=exc)
    pages: Pages = request.app.state.web.pages
    return _error_page(request, 500, "error.unexpected", pages.say(request, "error.later"))


def _errors(app: FastAPI) -> None:
    @app.exception_handler(SignInNeeded)
    async def sign_in_first(request: Request, exc: SignInNeeded) -> Response:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error_page(request, 403, "error.forbidden", exc.message)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        pages: Pages = request.app.state.web.pages
        message = pages.say(request, f"error.{exc.reason}")
        return _error_page(request, exc.status, "error.refused", message, offer_sign_in=True)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        pages: Pages = request.app.state.web.pages
        return _error_page(request, 404, "error.not_found", pages.say(request, "error.no_such"))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if is_api(request.url.path):  # /api/v1 itself, outside the API's own app
            return http_problem(request, exc)
        pages: Pages = request.app.state.web.pages
        key = "error.not_found" if exc.status_code == 404 else "error.refused"
        return _error_page(request, exc.status_code, key, pages.say(request, "error.no_such"))

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, exc: RequestValidationError) -> Response:
        pages: Pages = request.app.state.web.pages
        return _error_page(request, 400, "error.refused", pages.say(request, "error.malformed"))

    @app.exception_handler(DatabaseError)
    async def database(request: Request, exc: DatabaseError) -> Response:
        log.warning("web_database_error", request=request.state.request_id, error=str(exc))
        pages: Pages = request.app.state.web.pages
        return _error_page(request, 503, "error.unavailable", pages.say(request, "error.later"))
