"""The closed words tiltag understands: labels, people's roles and the initiative fields."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CHANNELS",
    "DECISION_KINDS",
    "FIELDS",
    "FORUMS",
    "LANGUAGES",
    "LIGHTS",
    "OUTCOMES",
    "RECORD_KINDS",
    "ROLES",
    "Label",
]


@dataclass(frozen=True)
class Label:
    """A text in Danish with its English beside it."""

    da: str
    en: str

    def __str__(self) -> str:
        return self.da if self.da == self.en else f"{self.da} / {self.en}"

    def text(self, language: str) -> str:
        """The text in `language` ("da" or "en")."""
        return self.en if language == "en" else self.da


ROLES: dict[str, Label] = {
    "proposer": Label("forslagsstiller", "proposer"),
    "project_owner": Label("projektejer", "project owner"),
    "task_force": Label("task force", "task force"),
    "chief_group": Label("chefgruppe", "chief group"),
    "economic_committee": Label("Økonomiudvalget", "Economic Committee"),
    "city_council": Label("Byrådet", "City Council"),
    "finance": Label("økonomi", "finance"),
    "admin": Label("administrator", "administrator"),
}

# Through what a person acts; each history event records it (an event made before channels were
# recorded has none).
CHANNELS: dict[str, Label] = {
    "web": Label("web", "web"),
    "cli": Label("kommandolinje", "command line"),
    "import": Label("import", "import"),
    "scheduler": Label("planlægger", "scheduler"),
    "api": Label("API", "API"),
}

# The languages of the pages and mails; a person's choice is stored on the person.
LANGUAGES: dict[str, Label] = {"da": Label("dansk", "Danish"), "en": Label("engelsk", "English")}

# Fields of an initiative that `edit` may change and a `field:` requirement may ask for.
FIELDS: dict[str, Label] = {
    "title": Label("titel", "title"),
    "description": Label("beskrivelse", "description"),
    "category": Label("kategori", "category"),
    "owner": Label("projektejer", "project owner"),
    "area": Label("område", "area"),
}

# The forums that decide at gates; a forum's decision is recorded by someone holding its role.
FORUMS: dict[str, Label] = {
    "chief_group": Label("Chefgruppen", "the chief group"),
    "economic_committee": Label("Økonomiudvalget", "the Economic Committee"),
    "city_council": Label("Byrådet", "the City Council"),
}

# What a forum can decide at a gate.
OUTCOMES: dict[str, Label] = {
    "go": Label("godkendt", "go"),
    "reject": Label("afvist", "rejected"),
    "hold": Label("sat i bero", "put on hold"),
    "recycle": Label("sendt tilbage", "sent back"),
}

# The kinds of decision a business case names; they decide which forums a gate needs.
DECISION_KINDS: dict[str, Label] = {
    "administrative": Label("rent administrativ", "purely administrative"),
    "economic_committee": Label("kræver Økonomiudvalget", "needs the Economic Committee"),
    "city_council": Label("kræver også Byrådet", "needs the City Council too"),
}

# The records an initiative may carry (their fields: workflow/records.py).
RECORD_KINDS = ("business_case", "organisation", "plan", "follow_up", "trial", "gains_report")

# The traffic light of a quarterly status.
LIGHTS: dict[str, Label] = {
    "green": Label("grøn", "green"),
    "amber": Label("gul", "amber"),
    "red": Label("rød", "red"),
}
