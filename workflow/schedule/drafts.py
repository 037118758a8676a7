"""Mail a day decided, before it is in the outbox: a `Draft` to write, `Queued` for mail whose key
is in the outbox already, `Skipped` for mail whose moment had passed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow.schedule.outbox import Mail
from workflow.schedule.templates import render_mail

__all__ = ["Draft", "Queued", "Skipped"]


@dataclass(frozen=True)
class Skipped:
    """Mail a day called for whose moment had passed when the day was decided: not sent."""

    key: str
    kind: str
    initiative_id: int | None
    recipient: str
    reason: str


@dataclass(frozen=True)
class Queued:
    """Mail a day called for that is in the outbox already under its key: not written again."""

    key: str
    kind: str
    initiative_id: int | None
    recipient: str


@dataclass(frozen=True)
class Draft:
    """Mail a day calls for, decided but not written yet: whom and what it is about, and what
    its template needs. Written only if its key is not in the outbox already."""

    key: str
    kind: str
    initiative_id: int | None
    recipient_id: int
    recipient: str  # "Name <address>"
    address: str
    template: str
    context: dict[str, Any]
    templates: Path
    language: str

    def write(self) -> Mail:
        """The mail rendered from its template."""
        rendered = render_mail(self.templates, self.template, self.language, self.context)
        return Mail(
            key=self.key,
            kind=self.kind,
            initiative_id=self.initiative_id,
            recipient_id=self.recipient_id,
            recipient=self.recipient,
            address=self.address,
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=rendered.html,
        )

    def queued(self) -> Queued:
        """What stands for it when its key is in the outbox already."""
        return Queued(self.key, self.kind, self.initiative_id, self.recipient)
