"""Pages from the templates in `workflow/web/templates/`, in the reader's language: Jinja2 with
autoescape on every page, so what a person typed is shown and never run."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from workflow.base.clock import LOCAL_TIME
from workflow.base.vocabulary import FORUMS, Label
from workflow.web.guard import csrf_of
from workflow.web.texts import TEXTS

__all__ = ["Pages", "amount", "day", "moment", "say"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def day(value: date | None, language: str) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if language == "da" else value.isoformat()


def moment(value: datetime | None, language: str) -> str:
    if value is None:
        return ""
    local = value.astimezone(LOCAL_TIME)
    return local.strftime("%d.%m.%Y kl. %H:%M" if language == "da" else "%Y-%m-%d %H:%M")


def amount(value: int | None, language: str) -> str:
    """Whole kroner as people write them: `1.250.000 kr.` in Danish, `DKK 1,250,000` in English."""
    if value is None:
        return ""
    if language == "da":
        return f"{value:,}".replace(",", ".") + " kr."
    return f"DKK {value:,}"


def say(key: str, language: str, **values: Any) -> str:
    """The text `key` in `language`, with `values` put in."""
    words = TEXTS[key]
    text = words.da if language == "da" else words.en
    return text.format(**values) if values else text


def pick(language: str, words: Label | None) -> str:
    """A label's text in `language`."""
    if words is None:
        return ""
    return words.da if language == "da" else words.en


class Pages:
    """Renders a page for a request in the language of the person reading it."""

    def __init__(self, folder: Path = TEMPLATES) -> None:
        self.env = Environment(
            loader=FileSystemLoader(folder),
            autoescape=True,
            undefined=StrictUndefined,
            auto_reload=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    @staticmethod
    def language(request: Request) -> str:
        signed_in = getattr(request.state, "signed_in", None)
        return signed_in.person.language if signed_in else "da"

    def say(self, request: Request, key: str, **values: Any) -> str:
        """The text `key` in the language of the person reading."""
        return say(key, self.language(request), **values)

    def label(self, request: Request) -> Callable[[Label | None], str]:
        """A function giving a label's text in the language of the person reading."""
        return functools.partial(pick, self.language(request))

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int = 200,
        language: str | None = None,
    ) -> HTMLResponse:
        signed_in = getattr(request.state, "signed_in", None)
        lang = language or self.language(request)

        html = self.env.get_template(name).render(
            {
                "lang": lang,
                "t": lambda key, **values: say(key, lang, **values),
                "label": functools.partial(pick, lang),
                "day": lambda value: day(value, lang),
                "moment": lambda value: moment(value, lang),
                "amount": lambda value: amount(value, lang),
                "me": signed_in.person if signed_in else None,
                "forum_labels": FORUMS,
                "csrf": csrf_of(request),
                "request_id": request.state.request_id,
                "path": request.url.path,
                **(context or {}),
            }
        )
        return HTMLResponse(html, status_code=status)
