"""A person's calendar: the page where they make (or renew) the secret address of their
deadlines, and that address itself, which calendar apps fetch without signing in."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from fastapi import Request
from starlette.responses import PlainTextResponse, Response

from workflow import (
    FeedRefused,
    SignedIn,
    WorkflowError,
    deadlines_of,
    feed_made_at,
    feed_url,
    make_feed,
    read_feed,
)
from workflow.web.context import web
from workflow.web.guard import Form, pages
from workflow.web.people import Me

__all__ = ["PAGE", "router"]

router = pages()
# The page's address; a link to it may stand in any menu.
PAGE = "/me/calendar"
# How many of the coming deadlines the page lists.
SHOWN = 12


def _page(
    request: Request, me: SignedIn, secret: str | None = None, *, busy: bool = False
) -> Response:
    app = web(request)
    base = app.settings.public_url
    coming = deadlines_of(app.engine, app.registry, app.schedule, me.person, app.clock)
    address = feed_url(base, secret) if secret else None
    return app.pages.render(
        request,
        "calendar.html",
        {
            "made_at": feed_made_at(app.engine, me.person),
            "address": address,
            "subscribe": _webcal(address) if address else None,
            "coming": coming[:SHOWN],
            "more": max(0, len(coming) - SHOWN),
            "busy": busy,
        },
        status=409 if busy else 200,
    )


def _webcal(address: str) -> str:
    """The address as a webcal: link, which a phone or Outlook opens as a subscription."""
    return urlunsplit(("webcal", *urlsplit(address)[1:]))


@router.get(PAGE)
def calendar(request: Request, me: Me) -> Response:
    return _page(request, me)


@router.post(PAGE)
def make_address(request: Request, me: Me, form: Form) -> Response:
    """A new address, shown on this answer only (it is stored as a hash): not a redirect, so
    the secret never stands in a URL the browser keeps."""
    app = web(request)
    try:
        secret = make_feed(app.engine, me.person, app.clock)
    except WorkflowError:  # made at the same moment in another browser
        return _page(request, me, busy=True)
    return _page(request, me, secret)


@router.api_route("/calendar/{secret}.ics", methods=["GET", "HEAD"])
def feed(request: Request, secret: str) -> Response:
    """The calendar of whoever holds the address; the secret is the authority, and reading it
    changes nothing. An unknown address is a plain 404 that says no more."""
    app = web(request)
    try:
        body = read_feed(
            app.engine,
            app.registry,
            app.schedule,
            secret=secret,
            clock=app.clock,
            public_url=app.settings.public_url,
        )
    except FeedRefused:
        return PlainTextResponse("Not found\n", status_code=404)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "private",
            "Content-Disposition": 'inline; filename="tiltag.ics"',
        },
    )
