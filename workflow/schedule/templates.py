"""Render a mail from the templates in `definitions/templates/`: a subject, plain text and HTML.

Each kind of mail has one template per language (`da/status.j2`, `en/status.j2` ...) with two
macros, `subject(m)` and `body(m)`. The plain text is the body as written; the HTML is `html.j2`
laid around the same text, escaped (autoescape), so what a title holds is shown, never run.
A template missing from a municipality's own folder (a kind of mail newer than its copy) is taken
from the shipped ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Rendered", "render_mail"]

_FOOTER = {
    "da": "Sendt automatisk af tiltag. Svar ikke på denne mail.",
    "en": "Sent automatically by tiltag. Do not reply to this mail.",
}
_ACTION = {"da": "Giv status", "en": "Give the status"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class _Paragraph:
    lines: tuple[str, ...]
    code: bool


def render_mail(folder: Path, template: str, language: str, context: dict[str, Any]) -> Rendered:
    """The subject, text and HTML of mail `template` in `language` for `context` (`m`)."""
    text_env, html_env = _environments(folder)
    name = f"{language}/{template}.j2"
    macros = text_env.get_template(name).module
    subject = " ".join(str(macros.subject(context)).split())  # one line, always
    text = str(macros.body(context)).strip() + "\n"
    html = html_env.get_template("html.j2").render(
        language=language,
        subject=subject,
        paragraphs=_paragraphs(text),
        action_url=context.get("action_url"),
        action_label=context.get("action_label") or _ACTION[language],
        footer=_FOOTER[language],
    )
    return Rendered(subject, text + "\n-- \n" + _FOOTER[language] + "\n", html)


def _paragraphs(text: str) -> list[_Paragraph]:
    """Blocks of text split at blank lines; an indented block is a command, shown as code."""
    found = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            code = all(line.startswith("    ") for line in lines)
            shown = tuple(line.strip() if code else line for line in lines)
            found.append(_Paragraph(shown, code))
    return found


@cache
def _environments(folder: Path) -> tuple[Any, Any]:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    from workflow.definitions.registry import DEFAULT_FOLDER

    def make(autoescape: bool) -> Environment:
        return Environment(
            loader=ChoiceLoader(
                [FileSystemLoader(str(folder)), FileSystemLoader(str(DEFAULT_FOLDER / "templates"))]
            ),
            autoescape=autoescape,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    return make(False), make(True)
