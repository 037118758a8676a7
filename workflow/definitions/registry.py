"""Find the definition files in a folder and hand out each definition by name and version."""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

from workflow.base.errors import DefinitionError, UsageError
from workflow.definitions.loader import load_definition
from workflow.definitions.model import Definition

__all__ = [
    "DEFAULT_FOLDER",
    "SCHEDULE_FILE",
    "TARGETS_FILE",
    "Registry",
    "definitions_folder",
    "load_registry",
]

# The two files of a definitions folder that are the municipality's settings, not definitions:
# read by `workflow.schedule.config` and `workflow.reports.targets`.
SCHEDULE_FILE = "schedule.yaml"
TARGETS_FILE = "targets.yaml"
# The definitions shipped with tiltag: package data (`workflow/shipped`, in a checkout a link to
# the top-level `definitions/` folder).
DEFAULT_FOLDER = Path(str(files("workflow").joinpath("shipped"))).resolve()


def definitions_folder(explicit: str | None = None) -> Path:
    """The definitions folder: explicit, else $TILTAG_DEFINITIONS, else the shipped one."""
    return Path(explicit or os.environ.get("TILTAG_DEFINITIONS") or DEFAULT_FOLDER)


def definition_files(folder: Path) -> list[Path]:
    """The definition files in `folder`, sorted by name (not its `schedule.yaml` and
    `targets.yaml`, the municipality's settings)."""
    found = [*folder.glob("*.yaml"), *folder.glob("*.yml")]
    return sorted(path for path in found if path.name not in (SCHEDULE_FILE, TARGETS_FILE))


class Registry:
    """Every definition of one folder, by name and version."""

    def __init__(self, definitions: list[Definition]) -> None:
        self._by_key: dict[tuple[str, int], Definition] = {}
        for d in definitions:
            other = self._by_key.get((d.name, d.version))
            if other is not None:
                raise DefinitionError(d.path, None, f"{d.key} is also defined in {other.path}")
            self._by_key[(d.name, d.version)] = d
        names = {d.name for d in definitions}
        for d in definitions:
            for t in d.transitions:
                if t.creates is not None and t.creates not in names:
                    raise DefinitionError(
                        d.path,
                        t.line,
                        f"transition '{t.trigger}' creates initiatives in '{t.creates}', which "
                        f"no definition in the folder is called (have: {', '.join(sorted(names))})",
                    )

    def all(self) -> list[Definition]:
        return sorted(self._by_key.values(), key=lambda d: (d.name, d.version))

    def get(self, name: str, version: int) -> Definition:
        """The definition `name` at `version`.

        Raises:
            UsageError: no such definition in the folder.
        """
        try:
            return self._by_key[(name, version)]
        except KeyError:
            raise UsageError(
                f"definition {name}@{version} is not in the definitions folder "
                f"(have: {', '.join(d.key for d in self.all()) or 'none'})"
            ) from None

    def latest(self, name: str) -> Definition:
        """The newest version of `name`, used for new initiatives.

        Raises:
            UsageError: no definition has that name.
        """
        versions = [d for (n, _), d in self._by_key.items() if n == name]
        if not versions:
            raise UsageError(
                f"no definition named '{name}' (have: "
                f"{', '.join(sorted({d.name for d in self.all()})) or 'none'})"
            )
        return max(versions, key=lambda d: d.version)


@cache
def load_registry(folder: Path) -> Registry:
    """Load and check every definition file in `folder` (once per process).

    Raises:
        DefinitionError: a file is malformed.
        UsageError: the folder does not exist.
    """
    if not folder.is_dir():
        raise UsageError(f"definitions folder {folder} does not exist")
    return Registry([load_definition(p) for p in definition_files(folder)])
