"""The web commands: serve the web app, and print a one-time sign-in link."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import click

from workflow.commands.common import app, database_option, open_engine

_PUBLIC = click.option(
    "--public-url",
    envvar="TILTAG_PUBLIC_URL",
    metavar="URL",
    help="The address people reach the web app at, as links in mail start "
    "(env TILTAG_PUBLIC_URL; default: the schedule's link, else http://HOST:PORT).",
)


def _public_url(given: str | None, host: str = "127.0.0.1", port: int = 8000) -> str:
    if given:
        return given.rstrip("/")
    link = app().schedule().link
    shown = f"[{host}]" if ":" in host else host
    return (link or f"http://{shown}:{port}").rstrip("/")


@click.command()
@database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Web processes; they share the database, sessions and all.",
)
@_PUBLIC
def serve(database: str | None, host: str, port: int, workers: int, public_url: str | None) -> None:
    """Serve the web app with uvicorn until stopped (Ctrl-C or SIGTERM).

    Behind a reverse proxy with TLS, give --public-url https://...; see docs/web.md. With
    --now (a simulation database only) the web's clock starts at that moment and runs on.

    \b
    Example:
      tiltag serve --database tiltag.db --port 8000
    """
    import uvicorn

    from workflow import SingleSignOn, ensure_may_write_at

    current = app()
    engine = open_engine(database)  # refuses a missing database or schema now, not per request
    ensure_may_write_at(engine, current.now)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    SingleSignOn.from_env()  # refuses a half configuration now
    public = _public_url(public_url, host, port)
    os.environ.update(TILTAG_DATABASE_URL=url, TILTAG_PUBLIC_URL=public)
    if current.definitions:
        os.environ["TILTAG_DEFINITIONS"] = current.definitions
    if current.now is not None:
        offset = current.now - datetime.now(UTC)
        os.environ["TILTAG_WEB_OFFSET"] = str(offset.total_seconds())
    click.echo(f"tiltag serves {public} (listening on {host}:{port}, {workers} worker(s))")
    uvicorn.run(
        "workflow.web.app:from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("TILTAG_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        log_level="warning",
        server_header=False,
    )


@click.group()
def web() -> None:
    """The web app's operator tasks."""


@web.command("sign-out")
@click.argument("handle")
@database_option
def sign_out(handle: str, database: str | None) -> None:
    """End every web session of HANDLE at once (a lost laptop, a person who left).

    \b
    Example:
      tiltag web sign-out ulla
    """
    from workflow import end_sessions_of, find_person

    current = app()
    engine = open_engine(database)
    person = find_person(engine, handle)
    ended = end_sessions_of(engine, person, current.writing_clock(engine))
    click.echo(f"{person}: {ended} session(s) ended")


@web.command()
@click.argument("handle")
@database_option
@_PUBLIC
@click.option("--next", "next_path", metavar="PATH", help="Where the link leads after sign-in.")
def link(handle: str, database: str | None, public_url: str | None, next_path: str | None) -> None:
    """Print a one-time sign-in link for HANDLE (30 minutes, usable once).

    For the first admin, and for installations without mail.

    \b
    Example:
      tiltag web link admin --public-url https://tiltag.kommune.dk
    """
    from workflow import find_person, make_link, sign_in_url

    current = app()
    engine = open_engine(database)
    person = find_person(engine, handle)
    token = make_link(engine, person, current.writing_clock(engine), next_path)
    click.echo(sign_in_url(_public_url(public_url), token))
