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
_DICT_ATTRIBUTES = frozenset(dir(dict))


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
    compiled = _compiled(folder)
    macros = compiled.macros(f"{language}/{template}.j2")
    subject = " ".join(str(macros.subject(context)).split())  # one line, always
    text = str(macros.body(context)).strip() + "\n"
    html = compiled.html.render(
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


class _Compiled:
    """The templates of one folder, each compiled once, when first used.

    A process renders tens of thousands of mails from a handful of templates, and templates do
    not change while it runs, so jinja2 is not asked to look at the files again (`auto_reload`
    off) and each template's macros are kept.
    """

    def __init__(self, folder: Path) -> None:
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

        from workflow.definitions.registry import DEFAULT_FOLDER

        class MailEnvironment(Environment):
            """Reads `m.name` of a mail's values (a dict) as the item, first.

            jinja2 tries an attribute before an item, and on a dict that try raises and catches
            an AttributeError for every value a mail shows. A name a dict has as an attribute
            (`items`, `get` ...) is still looked up the way jinja2 does, so what a template can
            reach is unchanged.
            """

            def getattr(self, obj: Any, attribute: str) -> Any:
                if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                    try:
                        return obj[attribute]
                    except KeyError:
                        pass
                return super().getattr(obj, attribute)

        def make(autoescape: bool) -> Environment:
            return MailEnvironment(
                loader=ChoiceLoader(
                    [
                        FileSystemLoader(str(folder)),
                        FileSystemLoader(str(DEFAULT_FOLDER / "templates")),
                    ]
                ),
                autoescape=autoescape,
                undefined=StrictUndefined,
                keep_trailing_newline=True,
                auto_reload=False,
            )

        self._text = make(False)
        self.html = make(True).get_template("html.j2")
        self._macros: dict[str, Any] = {}

    def macros(self, name: str) -> Any:
        """The module of template `name`: its `subject` and `body` macros."""
        found = self._macros.get(name)
        if found is None:
            found = self._macros[name] = self._text.get_template(name).module
        return found


@cache
def _compiled(folder: Path) -> _Compiled:
    return _Compiled(folder)
