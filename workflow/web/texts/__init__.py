"""Every text of the pages, in Danish and English, by the pages they belong to; a page shows
one language. A key stands in one part only."""

from __future__ import annotations

from workflow.base.vocabulary import Label
from workflow.web.texts import (
    admin,
    common,
    finance,
    forums,
    owners,
    personal,
    sign_in,
    task_force,
)

__all__ = ["TEXTS"]


def _merged(*parts: dict[str, Label]) -> dict[str, Label]:
    """The parts' texts in one table.

    Raises:
        ValueError: a key stands in two parts.
    """
    merged: dict[str, Label] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"text keys in two parts: {', '.join(sorted(twice))}")
        merged.update(part)
    return merged


TEXTS = _merged(
    common.TEXTS,
    sign_in.TEXTS,
    owners.TEXTS,
    personal.TEXTS,
    forums.TEXTS,
    admin.TEXTS,
    task_force.TEXTS,
    finance.TEXTS,
)
