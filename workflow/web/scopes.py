"""A part of the portfolio as people choose it on a page (area, category, state, owner): read from
the address, offered as the filter form's choices, and written back into addresses, so a view can
be bookmarked and mailed. The overview and the list of initiatives share it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from workflow import Scope
from workflow.base.vocabulary import Label

__all__ = ["chosen_scope", "scope_context"]


def _chosen(value: str) -> str | None:
    value = value.strip()[:200]
    return value or None


def chosen_scope(area: str, category: str, state: str, owner: str) -> Scope:
    """The scope an address asks for; an empty field chooses everything."""
    return Scope(_chosen(area), _chosen(category), _chosen(state), _chosen(owner))


def scope_context(
    scope: Scope, choices: Any, label: Callable[[Label], str], action: str
) -> dict[str, Any]:
    """What the filter form (`_scope.html`) needs: the scope, the choices as (value, words), the
    form's address, and `scoped(name, value)`: the address of this view with one filter
    changed (on `path`, default the form's)."""
    chosen = {k: v for k, v in asdict(scope).items() if v is not None}

    def scoped(name: str, value: str, path: str = action) -> str:
        return f"{path}?{urlencode({**chosen, name: value})}"

    return {
        "scope": scope,
        "action": action,
        "filtered": bool(chosen),
        "choices": {
            "area": [(a, a) for a in choices.areas],
            "category": [(code, label(words)) for code, words in choices.categories],
            "state": [(name, label(words)) for name, words in choices.states],
            "owner": list(choices.owners),
        },
        "scoped": scoped,
        "query": urlencode(chosen),
    }
