"""Named checks: requirements written in Python that a definition refers to by name.

A check decides on the subject of a move (`workflow.core.requirements.Subject`: the initiative,
its definition, who acts and the facts they may look up). The format only needs to know the
checks' names, so it holds the registry, and the core judges with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workflow.base.vocabulary import Label

# What a check is given: a `workflow.core.requirements.Subject`, which stands above this layer.
Subject = Any

__all__ = ["NamedCheck", "get", "names", "register"]


@dataclass(frozen=True)
class NamedCheck:
    """A registered check: what it asserts, in words, and the function that decides it."""

    name: str
    label: Label
    decide: Callable[[Subject], bool]


_REGISTRY: dict[str, NamedCheck] = {}


def register(
    name: str, da: str, en: str
) -> Callable[[Callable[[Subject], bool]], Callable[[Subject], bool]]:
    """Register the decorated function as the check `name`, described by `da` / `en`."""

    def add(decide: Callable[[Subject], bool]) -> Callable[[Subject], bool]:
        if name in _REGISTRY:
            raise ValueError(f"check '{name}' is registered twice")
        _REGISTRY[name] = NamedCheck(name, Label(da, en), decide)
        return decide

    return add


def get(name: str) -> NamedCheck:
    """The check registered as `name`; KeyError if none is."""
    return _REGISTRY[name]


def names() -> list[str]:
    return sorted(_REGISTRY)


@register(
    "owner_is_project_owner",
    da="projektejeren har rollen projektejer",
    en="the owner holds the project owner role",
)
def owner_is_project_owner(subject: Subject) -> bool:
    owner_id = subject.initiative["owner_id"]
    return owner_id is not None and "project_owner" in subject.facts.roles_of(owner_id)
