"""The web's safety rules, applied to every request: security headers, a request id, a limit on
every body, the browser's secret for CSRF tokens, and the check of every state-changing request
(its CSRF token and its Origin)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workflow.base.secrets import csrf_token, new_token, same
from workflow.web.settings import WebSettings

__all__ = [
    "BROWSER_COOKIE",
    "MAX_BODY",
    "SESSION_COOKIE",
    "UPLOADS",
    "DONE",
    "FEEDS",
    "Form",
    "Guard",
    "Id",
    "Refused",
    "browser_secret",
    "checked_form",
    "cut_off",
    "csrf_of",
    "named",
    "body_limit",
    "pages",
    "read_cookie",
]

SESSION_COOKIE = "tiltag_session"
# A random secret per browser before it signs in: the CSRF tokens of the sign-in forms come
# from it, and a single sign-on started in it must come back to it.
BROWSER_COOKIE = "tiltag_browser"
# The largest request body taken, before anything parses it (a business case is a few KB).
MAX_BODY = 256 * 1024
# The routes that take a file, and the largest body each takes: an inspiration list as CSV or
# Excel is tens of KB for hundreds of rows; 5 MB holds tens of thousands.
UPLOADS = {"/admin/import": 5 * 1024 * 1024}
# Where the JSON API is (`web.api`): its errors are problem details, not pages.
API_PATH = "/api/v1"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
# The calendar feeds: fetched by calendar apps, which keep no cookie, so they are given none.
FEEDS = "/calendar/"
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


class Refused(Exception):
    """A request that is refused before it reaches a page: `status` and a message key."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _TooLarge(Exception):
    pass


def body_limit(path: str) -> int:
    """The largest request body taken on `path`: MAX_BODY, or more on an upload's route."""
    return UPLOADS.get(path, MAX_BODY)


def cut_off(exc: BaseException | None) -> bool:
    """Whether `exc` is the guard cutting a body off at its limit (as FastAPI's parsing of a
    body reports it: the cause of its 400)."""
    return isinstance(exc, _TooLarge)


class _Limited:
    """The request body as received, refused (`_TooLarge`) once it passes `limit`."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.received = 0

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                raise _TooLarge()
        return message


class Guard:
    """ASGI middleware: every response gets the security headers and the request's id; every
    request body is cut off at its route's `body_limit` (413); a browser without a cookie gets
    its secret."""

    def __init__(
        self,
        app: ASGIApp,
        settings: WebSettings,
        on_error: Callable[[Request, Exception], Awaitable[Response]],
    ) -> None:
        self.app = app
        self.settings = settings
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:12]
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        fresh = None
        held = _cookies(scope).keys()
        # The JSON API and the calendar feeds read no cookie, so they are given none.
        api = scope["path"] == API_PATH or scope["path"].startswith(API_PATH + "/")
        browser = not api and not scope["path"].startswith(FEEDS)
        cookies = {named(SESSION_COOKIE, self.settings), named(BROWSER_COOKIE, self.settings)}
        if browser and not cookies & held:
            fresh = state["browser_secret"] = new_token()
        limit = body_limit(scope["path"])
        declared = _declared_length(scope, limit)
        if declared is not None and declared > limit:
            await _too_large(send, request_id, limit, scope["path"] if api else None)
            return
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                self.add_headers(headers, request_id, fresh, scope["path"])
            await send(message)

        try:
            await self.app(scope, _Limited(receive, limit), guarded_send)
        except _TooLarge:
            await _too_large(send, request_id, limit, scope["path"] if api else None)
        except Exception as exc:  # what no page handled: a page with the request's id
            if started:
                raise
            response = await self.on_error(Request(scope), exc)
            await response(scope, receive, guarded_send)

    def add_headers(
        self, headers: MutableHeaders, request_id: str, fresh: str | None, path: str
    ) -> None:
        headers["Content-Security-Policy"] = _CSP
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["X-Request-Id"] = request_id
        # A page for one person is kept by nobody; the design system's files may be. A response
        # that says itself how it may be kept (a calendar feed: by its reader) keeps its say.
        if "cache-control" not in headers:
            static = path.startswith("/static/")
            headers["Cache-Control"] = "public, max-age=86400" if static else "no-store"
        if self.settings.secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if fresh is not None:
            headers.append("Set-Cookie", cookie(BROWSER_COOKIE, fresh, self.settings))


def named(name: str, settings: WebSettings) -> str:
    """A cookie's name as sent: behind TLS with the `__Host-` prefix, which browsers accept only
    from this very host (Secure, Path=/, no Domain), so a sibling subdomain cannot plant it."""
    return f"__Host-{name}" if settings.secure else name


def read_cookie(request: Request, name: str) -> str | None:
    """The value of cookie `name` (as `named`), None when missing or empty."""
    return request.cookies.get(named(name, request.app.state.settings)) or None


def cookie(name: str, value: str, settings: WebSettings, max_age: int | None = None) -> str:
    """A Set-Cookie value: HttpOnly, SameSite=Lax, Secure unless plain http on loopback."""
    parts = [f"{named(name, settings)}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if settings.secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


def _cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies as the pages read them (Starlette's parser); empty ones left out."""
    found: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            found.update(cookie_parser(value.decode("latin-1")))
    return {name: value for name, value in found.items() if value}


def _declared_length(scope: Scope, limit: int) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return limit + 1
    return None


async def _too_large(send: Send, request_id: str, limit: int, api_path: str | None) -> None:
    said = f"the request is larger than {limit // 1024} KB"
    body = f"{said[0].upper()}{said[1:]} (request {request_id}).".encode()
    kind = b"text/plain; charset=utf-8"
    if api_path is not None:  # a problem details document (RFC 9457), as the API's errors
        kind = b"application/problem+json"
        body = json.dumps(
            {
                "type": "urn:tiltag:problem:too-large",
                "title": "The request is too large",
                "status": 413,
                "detail": said,
                "instance": api_path,
                "request_id": request_id,
            }
        ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", request_id.encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def browser_secret(request: Request) -> str:
    """The secret the CSRF tokens of this browser's forms come from: its session's id when it
    has one, else its browser cookie (set on this very response if it had none)."""
    return _secret(request) or request.state.browser_secret


def _secret(request: Request) -> str | None:
    return read_cookie(request, SESSION_COOKIE) or read_cookie(request, BROWSER_COOKIE)


def csrf_of(request: Request) -> str:
    return csrf_token(browser_secret(request))


async def checked_form(request: Request) -> FormData:
    """The form of a state-changing request whose Origin is this site and whose CSRF token is
    this browser's; of any other request, nothing. Only an upload's route takes a file (one).

    Raises:
        Refused: 403 for a foreign Origin or a missing or wrong token; 400 for a body that is
            not a form.
    """
    if request.method in _SAFE:
        return FormData()
    settings: WebSettings = request.app.state.settings
    origin = request.headers.get("origin")
    if origin is not None and origin != settings.origin:
        raise Refused(403, "origin")
    upload = request.url.path in UPLOADS
    try:
        form = await request.form(
            max_files=1 if upload else 0, max_fields=1000, max_part_size=MAX_BODY
        )
    except _TooLarge:
        raise
    except Exception:  # python-multipart's errors for a body that is not a form
        raise Refused(400, "malformed") from None
    given = form.get("csrf")
    secret = _secret(request)
    if not isinstance(given, str) or not secret or not same(given, csrf_token(secret)):
        raise Refused(403, "csrf")
    return form


# A route's posted form, checked (a route of `pages()` is checked even without it).
Form = Annotated[FormData, Depends(checked_form)]


# A number in a path (an initiative's id, a milestone's): what an integer column holds.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
# The notices a page shows after a change (`?done=status`); any other is ignored.
DONE = frozenset({"moved", "status", "benefits", "record", "milestone", "proposed", "facts"})


def pages() -> APIRouter:
    """A router whose every state-changing route is checked (CSRF token, Origin) before it
    runs, whether the route reads the form or not."""
    return APIRouter(dependencies=[Depends(checked_form)])


def form_text(form: FormData, name: str) -> str:
    value: Any = form.get(name, "")
    return value if isinstance(value, str) else ""
