"""Who is asking: the signed-in person of a request (found through the session cookie), and the
refusals a page raises for someone not signed in or not allowed."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends
from starlette.requests import Request

from workflow import (
    SignedIn,
    signed_in,
)
from workflow.web.context import web
from workflow.web.guard import SESSION_COOKIE, read_cookie

__all__ = [
    "WATCHERS",
    "Admin",
    "Forbidden",
    "Me",
    "SignInNeeded",
    "current",
    "safe_next",
    "signed_in_admin",
    "signed_in_person",
    "watcher",
]


class SignInNeeded(Exception):
    """The page needs a signed-in person; the browser is sent to sign in and back."""

    def __init__(self, back: str) -> None:
        super().__init__(back)
        self.back = back

    @property
    def location(self) -> str:
        return f"/sign-in?next={quote(self.back, safe='')}"


class Forbidden(Exception):
    """The signed-in person may not do this (403); `message` says why, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def current(request: Request) -> SignedIn | None:
    """The request's signed-in person, or None; remembered on the request for the page."""
    token = read_cookie(request, SESSION_COOKIE)
    found = None
    if token:
        app = web(request)
        found = signed_in(app.engine, token, app.clock)
    request.state.signed_in = found
    return found


def signed_in_person(request: Request) -> SignedIn:
    """The request's signed-in person (a FastAPI dependency).

    Raises:
        SignInNeeded: nobody is signed in (or the session has ended).
    """
    found = current(request)
    if found is None:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(back if request.method == "GET" else "/")
    return found


# Who watches the whole portfolio: the overview, the reports, the outbox.
WATCHERS = frozenset({"task_force", "admin"})


def watcher(request: Request, me: SignedIn) -> None:
    """Refuse anyone but the task force and the admins.

    Raises:
        Forbidden: someone else asks.
    """
    if me.person.roles.isdisjoint(WATCHERS):
        raise Forbidden(web(request).pages.say(request, "overview.not_yours"))


# The signed-in person of a route (to sign in and back if nobody is).
Me = Annotated[SignedIn, Depends(signed_in_person)]


def signed_in_admin(request: Request) -> SignedIn:
    """The request's signed-in person, who holds the admin role (a FastAPI dependency).

    Raises:
        SignInNeeded: nobody is signed in.
        Forbidden: the person is not an admin.
    """
    found = signed_in_person(request)
    if "admin" not in found.person.roles:
        raise Forbidden(web(request).pages.say(request, "admin.only"))
    return found


# The signed-in admin of an admin's route (403 for anyone else).
Admin = Annotated[SignedIn, Depends(signed_in_admin)]


def safe_next(value: str | None) -> str:
    """Where to go after sign-in: a path on this site only (never another site's address)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(c in value for c in "\r\n\t") or len(value) > 500:
        return "/"
    return value
