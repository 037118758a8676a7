"""Safe YAML with line numbers: YAML 1.2 booleans, duplicate keys refused, every mapping and list
remembering the line it stands on (for error messages that name the line)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

__all__ = [
    "Mapping",
    "Sequence",
    "YamlError",
    "parse_source",
    "parse_yaml",
    "read_source",
    "shown",
]


def shown(value: Any, limit: int = 60) -> str:
    """`value` as an error message shows it: its repr, cut short (a value may be huge)."""
    if isinstance(value, Mapping | Sequence | dict | list):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class YamlError(Exception):
    """The text is not the YAML we accept; `line` is 1-based (None if unknown)."""

    def __init__(self, line: int | None, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


class Mapping(dict[Any, Any]):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[Any, int]


class Sequence(list[Any]):
    """A YAML sequence that remembers where it and each of its items stand."""

    line: int = 0
    item_lines: list[int]


class _DuplicateKey(Exception):
    def __init__(self, line: int, key: object) -> None:
        self.line = line
        self.key = key


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc]
    """Safe YAML with YAML 1.2 booleans: `on`, `no`, `yes`, `off` stay strings."""

    yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int):
            raise _DuplicateKey(line, f"unsupported key {key!r}")
        if key in result:
            raise _DuplicateKey(line, key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str) -> Any:
    """Parse YAML text into plain data whose mappings and lists know their lines.

    Raises:
        YamlError: malformed YAML, a duplicate key, or a tag that would construct an object.
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader subclass
    except _DuplicateKey as exc:
        raise YamlError(exc.line, f"duplicate key '{exc.key}'") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(
            line, f"malformed YAML: {exc.problem or exc.context or 'malformed'}"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"malformed YAML: {exc}") from None


def read_source(path: str | Path) -> str:
    """The text of a definition or settings file.

    Raises:
        DefinitionError: the file cannot be read, or is not UTF-8.
    """
    from workflow.errors import DefinitionError

    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(str(path), None, f"cannot read the file: {exc}") from None


def parse_source(text: str, path: str) -> Any:
    """`parse_yaml` for a definition or settings file: a problem names the file and line.

    Raises:
        DefinitionError: malformed YAML, a duplicate key, a tag that would construct an object.
    """
    from workflow.errors import DefinitionError

    try:
        return parse_yaml(text)
    except YamlError as exc:
        raise DefinitionError(path, exc.line, exc.problem) from None


class StrictReader:
    """Reads parsed YAML into checked values, failing with the file and line of what is wrong."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, line: int | None, problem: str) -> NoReturn:
        from workflow.errors import DefinitionError

        raise DefinitionError(self.path, line, problem)

    def mapping(
        self,
        value: Any,
        what: str,
        line: int | None,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> Mapping:
        """`value` as a mapping with only `allowed` keys (listed if one is not) and every
        `required` one."""
        if not isinstance(value, Mapping):
            self.fail(line, f"{what} must be a mapping")
        for key in value:
            if key not in allowed:
                self.fail(
                    value.key_lines[key],
                    f"unknown key '{key}' in {what}; allowed keys: {', '.join(allowed)}",
                )
        for key in required:
            if key not in value:
                self.fail(value.line, f"{what} lacks the required key '{key}'")
        return value
