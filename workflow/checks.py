"""Named checks: requirements written in Python that a definition refers to by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workflow.vocabulary import Label

if TYPE_CHECKING:
    from workflow.requirements import Subject

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
