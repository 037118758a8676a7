"""Load a definition file strictly: safe YAML, known keys only, then frozen data with line numbers.

The stages are: parse (safe YAML, YAML 1.2 booleans, duplicate keys refused) -> read the shape
(unknown keys refused with the allowed ones listed) -> frozen dataclasses -> structural checks
(`workflow.structure`). Nothing in a file is ever evaluated as code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from workflow.definition import (
    PREVIOUS,
    Category,
    Definition,
    Requirement,
    State,
    Transition,
)
from workflow.errors import DefinitionError
from workflow.structure import check_structure
from workflow.vocabulary import Label

__all__ = ["load_definition", "parse_definition"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

TOP_KEYS = ("name", "version", "label", "description", "categories", "states", "transitions")
STATE_KEYS = ("label", "initial", "final", "stall_after_days", "description")
TRANSITION_KEYS = ("trigger", "source", "dest", "label", "requires", "description")
REQUIREMENT_KEYS = ("field", "role", "actor_is", "check", "comment", "any_of")
LABEL_KEYS = ("da", "en")
CATEGORY_KEYS = ("code", "label")


class _Mapping(dict[Any, Any]):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[Any, int]


class _Sequence(list[Any]):
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


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    result = _Mapping()
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


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> _Sequence:
    result = _Sequence(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_definition(path: str | Path) -> Definition:
    """Read, parse and check one definition file.

    Raises:
        DefinitionError: the file cannot be read or is not a valid definition.
    """
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(shown, None, f"cannot read the file: {exc}") from None
    return parse_definition(text, shown)


def parse_definition(text: str, path: str) -> Definition:
    """Parse definition text; `path` is only used in error messages."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader subclass
    except _DuplicateKey as exc:
        raise DefinitionError(path, exc.line, f"duplicate key '{exc.key}'") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise DefinitionError(path, line, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise DefinitionError(path, None, f"malformed YAML: {exc}") from None
    definition = _Reader(path).definition(data)
    check_structure(definition)
    return definition


class _Reader:
    """Turns parsed YAML into definition dataclasses, refusing anything unexpected."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, line: int | None, problem: str) -> NoReturn:
        raise DefinitionError(self.path, line, problem)

    def mapping(
        self,
        value: Any,
        what: str,
        line: int | None,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> _Mapping:
        if not isinstance(value, _Mapping):
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

    def name(self, value: Any, what: str, line: int | None) -> str:
        if not isinstance(value, str) or not _NAME.match(value):
            self.fail(
                line,
                f"{what} must be a lower-case name of letters, digits and _ (got {value!r})",
            )
        return value

    def text(self, value: Any, what: str, line: int | None) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(line, f"{what} must be a non-empty text (got {value!r})")
        return value

    def label(self, value: Any, what: str, line: int | None) -> Label:
        data = self.mapping(value, f"the label of {what}", line, LABEL_KEYS, LABEL_KEYS)
        return Label(
            da=self.text(data["da"], f"the Danish label of {what}", data.key_lines["da"]),
            en=self.text(data["en"], f"the English label of {what}", data.key_lines["en"]),
        )

    def names(self, value: Any, what: str, line: int | None) -> tuple[str, ...]:
        """One name or a non-empty list of names."""
        if isinstance(value, _Sequence):
            if not value:
                self.fail(line, f"{what} must not be an empty list")
            return tuple(
                self.name(v, what, ln) for v, ln in zip(value, value.item_lines, strict=True)
            )
        return (self.name(value, what, line),)

    def definition(self, data: Any) -> Definition:
        if data is None:
            self.fail(None, "the file is empty")
        top = self.mapping(data, "the definition", 1, TOP_KEYS, ("name", "version", "states"))
        name = self.name(top["name"], "name", top.key_lines["name"])
        version = top["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.fail(
                top.key_lines["version"], f"version must be a whole number >= 1 (got {version!r})"
            )
        label = (
            self.label(top["label"], "the definition", top.key_lines["label"])
            if "label" in top
            else Label(name, name)
        )
        states = self.states(top["states"], top.key_lines["states"])
        transitions = self.transitions(top.get("transitions"), top.key_lines.get("transitions", 1))
        categories = self.categories(top.get("categories"), top.key_lines.get("categories"))
        return Definition(
            name=name,
            version=version,
            label=label,
            path=self.path,
            states=states,
            transitions=transitions,
            categories=categories,
            description=self.description(top, "the definition"),
        )

    def states(self, value: Any, line: int) -> tuple[State, ...]:
        if not isinstance(value, _Mapping) or not value:
            self.fail(line, "states must be a non-empty mapping of state name to its settings")
        result = []
        for state_name, settings in value.items():
            key_line = value.key_lines[state_name]
            name = self.name(state_name, "a state name", key_line)
            if name == PREVIOUS:
                self.fail(key_line, f"'{PREVIOUS}' is reserved for returning transitions")
            what = f"state '{name}'"
            body = self.mapping(settings, what, key_line, STATE_KEYS, ("label",))
            stall = body.get("stall_after_days")
            if stall is not None and (
                not isinstance(stall, int) or isinstance(stall, bool) or stall < 1
            ):
                self.fail(
                    body.key_lines["stall_after_days"],
                    f"stall_after_days of {what} must be a whole number >= 1 (got {stall!r})",
                )
            result.append(
                State(
                    name=name,
                    label=self.label(body["label"], what, body.key_lines["label"]),
                    initial=self.flag(body, "initial", what),
                    final=self.flag(body, "final", what),
                    stall_after_days=stall,
                    description=self.description(body, what),
                    line=key_line,
                )
            )
        return tuple(result)

    def description(self, body: _Mapping, what: str) -> str:
        if "description" not in body:
            return ""
        return self.text(
            body["description"], f"the description of {what}", body.key_lines["description"]
        )

    def flag(self, body: _Mapping, key: str, what: str) -> bool:
        value = body.get(key, False)
        if not isinstance(value, bool):
            self.fail(body.key_lines[key], f"{key} of {what} must be true or false (got {value!r})")
        return value

    def transitions(self, value: Any, line: int) -> tuple[Transition, ...]:
        if value is None:
            return ()
        if not isinstance(value, _Sequence):
            self.fail(line, "transitions must be a list")
        result = []
        for item, item_line in zip(value, value.item_lines, strict=True):
            body = self.mapping(
                item,
                "a transition",
                item_line,
                TRANSITION_KEYS,
                ("trigger", "source", "dest", "label"),
            )
            trigger = self.name(body["trigger"], "trigger", body.key_lines["trigger"])
            what = f"transition '{trigger}'"
            dest = body["dest"]
            if not isinstance(dest, str):
                self.fail(body.key_lines["dest"], f"dest of {what} must be a state name")
            result.append(
                Transition(
                    trigger=trigger,
                    sources=self.names(
                        body["source"], f"source of {what}", body.key_lines["source"]
                    ),
                    dest=dest,
                    label=self.label(body["label"], what, body.key_lines["label"]),
                    requires=self.requirements(
                        body.get("requires"), what, body.key_lines.get("requires", item_line)
                    ),
                    description=self.description(body, what),
                    line=item_line,
                )
            )
        return tuple(result)

    def requirements(self, value: Any, what: str, line: int) -> tuple[Requirement, ...]:
        if value is None:
            return ()
        if not isinstance(value, _Sequence):
            self.fail(line, f"requires of {what} must be a list")
        return tuple(
            self.requirement(item, what, item_line)
            for item, item_line in zip(value, value.item_lines, strict=True)
        )

    def requirement(self, item: Any, what: str, line: int, nested: bool = False) -> Requirement:
        body = self.mapping(item, f"a requirement of {what}", line, REQUIREMENT_KEYS)
        if len(body) != 1:
            self.fail(
                line,
                f"a requirement of {what} must have exactly one of: {', '.join(REQUIREMENT_KEYS)}",
            )
        kind, value = next(iter(body.items()))
        key_line = body.key_lines[kind]
        if kind == "comment":
            if value is not True:
                self.fail(key_line, f"comment in {what} can only be 'true' (a comment is required)")
            return Requirement("comment", line=key_line)
        if kind == "any_of":
            if nested:
                self.fail(key_line, f"any_of in {what} cannot be nested in another any_of")
            if not isinstance(value, _Sequence) or len(value) < 2:
                self.fail(key_line, f"any_of in {what} must list at least two requirements")
            options = tuple(
                self.requirement(option, what, option_line, nested=True)
                for option, option_line in zip(value, value.item_lines, strict=True)
            )
            return Requirement("any_of", options=options, line=key_line)
        if kind == "check":
            return Requirement(
                "check", (self.name(value, f"check in {what}", key_line),), line=key_line
            )
        return Requirement(kind, self.names(value, f"{kind} in {what}", key_line), line=key_line)

    def categories(self, value: Any, line: int | None) -> tuple[Category, ...]:
        if value is None:
            return ()
        if not isinstance(value, _Sequence):
            self.fail(line, "categories must be a list")
        result = []
        seen: set[str] = set()
        for item, item_line in zip(value, value.item_lines, strict=True):
            body = self.mapping(item, "a category", item_line, CATEGORY_KEYS, CATEGORY_KEYS)
            code = self.name(body["code"], "a category code", body.key_lines["code"])
            if code in seen:
                self.fail(body.key_lines["code"], f"category '{code}' is declared twice")
            seen.add(code)
            result.append(
                Category(
                    code, self.label(body["label"], f"category '{code}'", body.key_lines["label"])
                )
            )
        return tuple(result)
