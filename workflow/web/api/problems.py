"""The API's errors as problem details (RFC 9457, `application/problem+json`): which status each
of the engine's refusals gets, with the command line's words as its `detail`; and the same for
what FastAPI or the guard refuses (a malformed request, an unknown path, a body too large)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from workflow import (
    ConcurrentChangeError,
    DatabaseError,
    ForumRoleError,
    IllegalMoveError,
    InvalidValueError,
    NotAllowedError,
    NotFoundError,
    SelfApprovalError,
    TokenRefused,
    UsageError,
    WorkflowError,
)
from workflow.base.logs import get_logger
from workflow.web.guard import API_PATH, MAX_BODY, cut_off

__all__ = [
    "API_PREFIX",
    "KINDS",
    "MEDIA_TYPE",
    "ApiRefused",
    "install",
    "is_api",
    "problem",
    "status_of",
]

API_PREFIX = API_PATH
MEDIA_TYPE = "application/problem+json"
# Each status the API answers with, its problem type's last word and its title.
KINDS: dict[int, tuple[str, str]] = {
    400: ("bad-request", "The request is malformed"),
    401: ("unauthorized", "A valid access token is needed"),
    403: ("forbidden", "Refused by the rules"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Not possible now"),
    413: ("too-large", "The request is too large"),
    422: ("invalid", "Invalid input"),
    500: ("server-error", "Something went wrong"),
    503: ("unavailable", "The database cannot answer just now"),
}
_WHO = (NotAllowedError, ForumRoleError, SelfApprovalError)
_NOW = (IllegalMoveError, ConcurrentChangeError)

log = get_logger("tiltag.api")


class ApiRefused(Exception):
    """A refusal of the API's own (no token, a malformed value): its status and words."""

    def __init__(
        self, status: int, detail: str, fields: Sequence[tuple[str, str]] = (), **extra: str
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.fields = tuple(fields)
        self.extra = extra


def is_api(path: str) -> bool:
    """Whether `path` (a request's whole path) is the API's."""
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def status_of(error: WorkflowError) -> int:
    """The HTTP status of one of the engine's refusals."""
    if isinstance(error, TokenRefused):
        return 401
    if isinstance(error, _WHO):
        return 403
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, DatabaseError):
        return 503
    if isinstance(error, InvalidValueError | UsageError):
        return 422
    if isinstance(error, _NOW):
        return 409
    # What is left refuses what the initiative's state or records do not allow now.
    return 409


def problem(
    request: Request,
    status: int,
    detail: str,
    fields: Sequence[tuple[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem details document for `request`."""
    kind, title = KINDS.get(status, KINDS[400])
    body: dict[str, Any] = {
        "type": f"urn:tiltag:problem:{kind}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None),
    }
    if fields:
        body["errors"] = [{"field": name, "problem": words} for name, words in fields]
    if status == 401:  # RFC 6750: how to authenticate (and, for a refused token, why not)
        headers = {"WWW-Authenticate": 'Bearer realm="tiltag"', **(headers or {})}
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def install(api: FastAPI) -> None:
    """Answer every error of `api` with a problem details document."""

    @api.exception_handler(WorkflowError)
    async def refused(request: Request, exc: WorkflowError) -> Response:
        fields: list[tuple[str, str]] = []
        if isinstance(exc, InvalidValueError):
            found = [(name, words.en) for name, words in exc.fields.items()]
            fields = found or [(exc.field, exc.problem)]
        status = status_of(exc)
        if status == 503:
            log.warning("api_database_error", request=request.state.request_id, error=str(exc))
            return problem(request, 503, "the database cannot answer just now; try again later")
        headers = None
        if isinstance(exc, TokenRefused):
            headers = {"WWW-Authenticate": 'Bearer realm="tiltag", error="invalid_token"'}
        return problem(request, status, str(exc), fields, headers)

    @api.exception_handler(ApiRefused)
    async def own(request: Request, exc: ApiRefused) -> Response:
        return problem(request, exc.status, exc.detail, exc.fields, exc.extra or None)

    @api.exception_handler(RequestValidationError)
    async def malformed(request: Request, exc: RequestValidationError) -> Response:
        fields = [(_where(e.get("loc", ())), str(e.get("msg", ""))) for e in exc.errors()]
        detail = "; ".join(f"{name}: {words}" for name, words in fields) or "invalid request"
        return problem(request, 422, f"invalid request: {detail}", fields)

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return http_problem(request, exc)

    @api.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return server_error(request, exc)


def http_problem(request: Request, exc: HTTPException) -> Response:
    """An HTTP error of the routing (404, 405) as a problem."""
    if cut_off(exc.__cause__):  # a body sent without its length, cut off while read
        return problem(request, 413, f"the request is larger than {MAX_BODY // 1024} KB")
    detail = {
        400: "the body is not JSON (or not UTF-8)",
        404: f"no such path: {request.url.path}",
        405: f"{request.method} is not allowed on {request.url.path}",
    }.get(exc.status_code, str(exc.detail))
    return problem(request, exc.status_code, detail, headers=dict(exc.headers or {}))


def server_error(request: Request, exc: Exception) -> Response:
    """What nothing handled: logged with the request's id, which the problem names."""
    request_id = getattr(request.state, "request_id", None)
    log.warning("api_error", request=request_id, path=request.url.path, exc_info=exc)
    return problem(request, 500, f"an unexpected error; quote the request id {request_id}")


def _where(location: Sequence[Any]) -> str:
    """`body.light` for FastAPI's ("body", "light")."""
    return ".".join(str(part) for part in location)
