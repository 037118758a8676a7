"""Conditions on an initiative's state as SQL, per definition version: the states that ask a
quarterly status, that count the business case's gains, that have ended, that have benefits
follow-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_

from workflow.definitions.model import State
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import INITIATIVE

__all__ = ["benefits_states", "counting_states", "final_states", "in_states", "status_states"]


def in_states(
    registry: Registry, chosen: Callable[[State], bool], state: Any = None
) -> ColumnElement[bool]:
    """The initiative's state (`state`, default its current one) is one of those `chosen`."""
    column = INITIATIVE.c.state if state is None else state
    clauses = [
        and_(
            INITIATIVE.c.workflow == d.name,
            INITIATIVE.c.workflow_version == d.version,
            column.in_(names),
        )
        for d in registry.all()
        if (names := [s.name for s in d.states if chosen(s)])
    ]
    return or_(*clauses) if clauses else false()


def status_states(registry: Registry, state: Any = None) -> ColumnElement[bool]:
    """Its state asks a quarterly status."""
    return in_states(registry, lambda s: s.quarterly_status, state)


def final_states(registry: Registry, state: Any = None) -> ColumnElement[bool]:
    """It has ended: its state is final."""
    return in_states(registry, lambda s: s.final, state)


def counting_states(registry: Registry, state: Any = None) -> ColumnElement[bool]:
    """Its business case's expected gains count toward the targets (`counts_gains`)."""
    return in_states(registry, lambda s: s.counts_gains, state)


def benefits_states(registry: Registry, state: Any = None) -> ColumnElement[bool]:
    """It has ended as done, and its benefits are followed up (`benefits_follow_up`)."""
    return in_states(registry, lambda s: s.benefits_follow_up, state)
