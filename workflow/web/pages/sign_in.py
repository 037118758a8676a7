"""Signing in and out: a one-time link by mail, the municipality's single sign-on, sign-out."""

from __future__ import annotations

from fastapi import BackgroundTasks, Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    AccessClosed,
    InvalidValueError,
    LinkRefused,
    Person,
    SignOnRefused,
    SmtpSettings,
    TooManyRequests,
    UnknownAccount,
    begin_sign_on,
    end_session,
    finish_sign_on,
    mail_link,
    note_request,
    open_session,
    redeem_link,
    send_now,
)
from workflow.base.logs import get_logger
from workflow.base.text import clean_email
from workflow.web.context import Web, web
from workflow.web.guard import SESSION_COOKIE, Form, cookie, form_text, pages, read_cookie
from workflow.web.people import current, safe_next

__all__ = ["router"]

router = pages()
SSO_COOKIE = "tiltag_sso"
# Where the identity provider sends the browser back (registered with it as the redirect URI).
CALLBACK = "/sign-in/sso/callback"
log = get_logger("tiltag.web")


@router.get("/sign-in")
def sign_in_page(request: Request, next: str | None = None, signed_out: str = "") -> Response:
    if current(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _page(request, safe_next(next), notice="signed_out" if signed_out else None)


def _page(
    request: Request,
    next_path: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    return app.pages.render(
        request,
        "sign_in.html",
        {
            "next": next_path,
            "values": values or {},
            "errors": errors or {},
            "notice": notice,
            "sso": app.settings.single_sign_on,
        },
        status=status,
    )


@router.post("/sign-in")
def ask_for_link(request: Request, form: Form, tasks: BackgroundTasks) -> Response:
    app = web(request)
    next_path = safe_next(form_text(form, "next"))
    address = form_text(form, "email").strip()
    try:
        address = clean_email("email", address)
    except InvalidValueError:
        return _page(
            request,
            next_path,
            values={"email": address[:320]},
            errors={"email": app.pages.say(request, "sign_in.bad_email")},
            status=400,
        )
    client = request.client.host if request.client else "unknown"
    try:
        allowed = note_request(app.engine, address=address, client=client, clock=app.clock)
    except TooManyRequests:
        return _page(request, next_path, notice="too_many", status=429)
    if allowed:
        # After the answer: whether anyone has the address takes no time the asker can see.
        tasks.add_task(_mail_link, app, address, next_path if next_path != "/" else None)
    return app.pages.render(request, "link_sent.html", {"address": address})


def _mail_link(app: Web, address: str, next_path: str | None) -> None:
    try:
        mail_id = mail_link(
            app.engine,
            address=address,
            base=app.settings.public_url,
            schedule=app.schedule,
            templates=app.templates,
            clock=app.clock,
            next_path=next_path,
        )
        if mail_id is not None:
            settings = SmtpSettings.configured(app.schedule.smtp)
            report = send_now(
                app.engine, settings, schedule=app.schedule, clock=app.clock, ids=[mail_id]
            )
            log.info("sign_in_mail", mail=mail_id, report=str(report))
    except Exception:  # a queued mail stays in the outbox; the scheduler's sender tries again
        log.warning("sign_in_mail_failed", exc_info=True)


@router.get("/sign-in/{token}")
def link_page(request: Request, token: str) -> Response:
    """A button, not a sign-in: a mail scanner that opens the link must not use it up."""
    return web(request).pages.render(request, "link_confirm.html", {"token": token[:100]})


@router.post("/sign-in/{token}")
def use_link(request: Request, token: str, form: Form) -> Response:
    app = web(request)
    try:
        redeemed = redeem_link(app.engine, token, app.clock)
    except LinkRefused as refused:
        return _page(request, "/", notice=f"link_{refused.reason}", status=400)
    return _signed_in(request, redeemed.person, "link", safe_next(redeemed.next_path))


def _signed_in(request: Request, person: Person, method: str, next_path: str) -> Response:
    """Start a new session (a new id, whatever the browser had before) and go on."""
    app = web(request)
    old = read_cookie(request, SESSION_COOKIE)
    if old:
        end_session(app.engine, old, app.clock)
    token = open_session(app.engine, person, method, app.clock)
    response = RedirectResponse(next_path, status_code=303)
    response.headers.append("Set-Cookie", cookie(SESSION_COOKIE, token, app.settings))
    return response


@router.get("/sign-in/sso/start")
def start_sign_on(request: Request, next: str | None = None) -> Response:
    app = web(request)
    config = app.settings.single_sign_on
    if config is None:
        return _page(request, "/", notice="sso_off", status=404)
    try:
        url, state = begin_sign_on(
            app.engine,
            config,
            redirect_uri=app.settings.public_url + CALLBACK,
            clock=app.clock,
            next_path=safe_next(next),
        )
    except SignOnRefused as refused:
        log.warning("sign_on_refused", reason=str(refused))
        return _page(request, "/", notice="sso_failed", status=502)
    response = RedirectResponse(url, status_code=303)
    response.headers.append("Set-Cookie", cookie(SSO_COOKIE, state, app.settings, max_age=600))
    return response


@router.get(CALLBACK)
def finish_sign_on_page(
    request: Request, state: str = "", code: str = "", error: str = ""
) -> Response:
    app = web(request)
    config = app.settings.single_sign_on
    started_here = read_cookie(request, SSO_COOKIE) or ""
    if config is None or error or not code or not state or state != started_here:
        log.warning("sign_on_refused", reason=error or "state does not match this browser")
        return _page(request, "/", notice="sso_failed", status=400)
    try:
        person, next_path = finish_sign_on(
            app.engine,
            config,
            redirect_uri=app.settings.public_url + CALLBACK,
            clock=app.clock,
            state=state,
            code=code,
        )
    except UnknownAccount as unknown:
        admins = app.admins()
        return app.pages.render(
            request, "unknown_account.html", {"value": unknown.value, "admins": admins}, status=403
        )
    except AccessClosed as closed:
        return app.pages.render(
            request,
            "access_closed.html",
            {"name": closed.person.name, "admins": [a for a in app.admins() if a.active]},
            status=403,
        )
    except SignOnRefused as refused:
        log.warning("sign_on_refused", reason=str(refused))
        return _page(request, "/", notice="sso_failed", status=400)
    response = _signed_in(request, person, "sso", safe_next(next_path))
    response.headers.append("Set-Cookie", cookie(SSO_COOKIE, "", app.settings, max_age=0))
    return response


@router.post("/sign-out")
def sign_out(request: Request, form: Form) -> Response:
    app = web(request)
    token = read_cookie(request, SESSION_COOKIE)
    if token:
        end_session(app.engine, token, app.clock)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.headers.append("Set-Cookie", cookie(SESSION_COOKIE, "", app.settings, max_age=0))
    return response
