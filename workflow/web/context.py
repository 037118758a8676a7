"""What every page of a web process shares: the database, the definitions, the schedule, the
clock, the settings and the page renderer; found from a request with `web(request)`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from starlette.requests import Request

from workflow import (
    Clock,
    Person,
    Quarter,
    Registry,
    Schedule,
    Targets,
    acts_for,
    list_people,
    local_date,
    names_of,
    parse_quarter,
    quarter_of,
)
from workflow.web.downloads import Jobs
from workflow.web.rendering import Pages
from workflow.web.settings import WebSettings

__all__ = ["Web", "asked_quarter", "web"]


@dataclass(frozen=True)
class Web:
    engine: Engine
    registry: Registry
    schedule: Schedule
    targets: Targets
    templates: Path  # the mail templates
    clock: Clock
    settings: WebSettings
    pages: Pages
    downloads: Jobs

    def names(self, *handles: str | None) -> dict[str, str]:
        """People's names by handle (a page names people, not handles)."""
        return names_of(self.engine, handles)

    def behalf(self, me: Person, initiative: Any) -> str | None:
        """The name of whom `me` acts for on `initiative` (the task force or an admin giving
        its status or filing its record for its owner), or None when it is their own."""
        handle = acts_for(me, initiative.proposer, initiative.owner)
        return None if handle is None else self.names(str(handle)).get(str(handle), str(handle))

    def admins(self) -> list[Person]:
        return [p for p in list_people(self.engine) if "admin" in p.roles]


def web(request: Request) -> Web:
    found: Web = request.app.state.web
    return found


def asked_quarter(request: Request, given: str | None) -> Quarter:
    """The budget quarter a form asks for (`2010-Q3`), else today's (Danish time)."""
    if given:
        try:
            return parse_quarter(given)
        except ValueError:
            pass
    return quarter_of(local_date(web(request).clock.now()))
