"""Safe YAML with line numbers: YAML 1.2 booleans, duplicate keys refused, every mapping and list
remembering the line it stands on (for error messages that name the line).

The data is built from the parser's stream of events in one loop, without recursion: nesting
deeper than `MAX_DEPTH`, or aliases that would expand the data past `MAX_VALUES` values (a
"billion laughs"), are refused as soon as they are met, naming the line, so no file can exhaust
the stack, the memory or the time. Only plain data is built: a tag that would construct an object
is refused, and so is a merge key (`<<`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

__all__ = [
    "MAX_CHARACTERS",
    "MAX_DEPTH",
    "MAX_VALUES",
    "Mapping",
    "Sequence",
    "YamlError",
    "parse_source",
    "parse_yaml",
    "read_source",
    "shown",
]


# How deep mappings and lists may nest, and how many values and characters of text a file may
# hold once its aliases are expanded. A definition of 10,000 states holds about 250,000 values.
MAX_DEPTH = 64
MAX_VALUES = 1_000_000
MAX_CHARACTERS = 16 * 1024 * 1024


def shown(value: Any, limit: int = 60) -> str:
    """`value` as an error message shows it: a scalar's repr, cut short; only the kind of a
    mapping or a list (whose repr may be huge, or expand aliases without end)."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    try:
        text = repr(value[: limit + 1] if isinstance(value, str) else value)
    except ValueError:  # an integer of more digits than Python writes out
        return "a number of thousands of digits"
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


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_REPLACED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _StrictLoader(_Base):  # type: ignore[misc]
    """Safe YAML with YAML 1.2 booleans (`on`, `no`, `yes`, `off` stay strings) and without
    YAML 1.1's base-60 numbers (`1:30` stays a string; reading `1:1:1:...` as one number takes
    time that grows with the square of its length)."""

    yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] not in _REPLACED]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_COLLECTIONS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Open:
    """A mapping or list being built: its values and characters so far (aliases expanded), a key
    waiting for its value, its anchor."""

    __slots__ = ("anchor", "chars", "data", "key", "size")

    def __init__(self, data: Mapping | Sequence, anchor: str | None) -> None:
        self.data = data
        self.anchor = anchor
        self.key: tuple[Any, int] | None = None
        self.size = 1
        self.chars = 0


def _line(event: Any) -> int | None:
    mark = event.start_mark
    return None if mark is None else int(mark.line) + 1


class _Builder:
    """Plain data from the events of one YAML document."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.open: list[_Open] = []
        # anchor -> its value, and the values and characters it expands to
        self.anchored: dict[str, tuple[Any, int, int]] = {}
        self.root: Any = None
        self.done = False
        # The tag of a plain scalar depends on its text alone: a definition repeats its words
        # (label, da, en, trigger ...) thousands of times.
        self.tags: dict[tuple[str, Any], str] = {}

    def build(self) -> Any:
        loader = self.loader
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.add(self.scalar(event), 1, len(event.value), _line(event))
            elif kind is yaml.AliasEvent:
                if event.anchor not in self.anchored:
                    raise YamlError(_line(event), f"the alias *{event.anchor} names no anchor")
                value, size, chars = self.anchored[event.anchor]
                if size == 0:
                    raise YamlError(_line(event), f"the alias *{event.anchor} is inside itself")
                self.add(value, size, chars, _line(event))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                closed = self.open.pop()
                self.add(closed.data, closed.size, closed.chars, closed.data.line, closed.anchor)
            elif kind is yaml.DocumentStartEvent and self.done:
                raise YamlError(_line(event), "expected one document, found a second")
        return self.root

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            key = (event.value, event.implicit)
            tag = self.tags.get(key)
            if tag is None:
                tag = self.tags[key] = self.loader.resolve(
                    yaml.ScalarNode, event.value, event.implicit
                )
        if tag == _STR:
            value = event.value
        elif tag == _MERGE:
            raise YamlError(_line(event), "merge keys (<<) are not supported; write it out")
        else:
            construct = self.loader.yaml_constructors.get(tag)
            if construct is None:
                raise YamlError(_line(event), f"the tag {shown(tag)} is not allowed")
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                value = construct(self.loader, node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                raise YamlError(
                    _line(event), f"{shown(event.value)} is not a valid {tag.rsplit(':', 1)[-1]}"
                ) from None
        if event.anchor:
            self.anchored[event.anchor] = (value, 1, len(event.value))
        return value

    def start(self, event: Any, mapping: bool) -> None:
        if event.tag not in _PLAIN_COLLECTIONS:
            raise YamlError(_line(event), f"the tag {shown(event.tag)} is not allowed")
        if len(self.open) >= MAX_DEPTH:
            raise YamlError(_line(event), f"nested more than {MAX_DEPTH} levels deep")
        data: Mapping | Sequence
        if mapping:
            data = Mapping()
            data.key_lines = {}
        else:
            data = Sequence()
            data.item_lines = []
        data.line = _line(event) or 0
        if event.anchor:
            self.anchored[event.anchor] = (data, 0, 0)  # 0: still open
        self.open.append(_Open(data, event.anchor))

    def add(
        self, value: Any, size: int, chars: int, line: int | None, anchor: str | None = None
    ) -> None:
        """Put a finished value, which starts on `line` and expands to `size` values and `chars`
        characters of text, into the mapping or list holding it."""
        if anchor:
            self.anchored[anchor] = (value, size, chars)
        if not self.open:
            self.root, self.done = value, True
            return
        holder = self.open[-1]
        holder.size += size
        holder.chars += chars
        if holder.size > MAX_VALUES:
            raise YamlError(
                line,
                f"holds more than {MAX_VALUES:,} values once its aliases (*name) are expanded",
            )
        if holder.chars > MAX_CHARACTERS:
            raise YamlError(
                line,
                f"holds more than {MAX_CHARACTERS // 1024 // 1024} MB of text once its aliases "
                "(*name) are expanded",
            )
        data = holder.data
        if isinstance(data, Sequence):
            data.append(value)
            data.item_lines.append(line or 0)
        elif holder.key is None:
            if not isinstance(value, str | int):
                raise YamlError(line, f"a key must be a name or a number (got {shown(value)})")
            if value in data:
                raise YamlError(line, f"duplicate key '{value}'")
            holder.key = (value, line or 0)
        else:
            key, key_line = holder.key
            holder.key = None
            data[key] = value
            data.key_lines[key] = key_line


def parse_yaml(text: str) -> Any:
    """Parse YAML text into plain data whose mappings and lists know their lines.

    Raises:
        YamlError: malformed YAML, a duplicate key, a tag that would construct an object,
            nesting too deep or aliases that expand too far.
    """
    loader = _StrictLoader(text)
    try:
        return _Builder(loader).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(
            line, f"malformed YAML: {exc.problem or exc.context or 'malformed'}"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()


def read_source(path: str | Path) -> str:
    """The text of a definition or settings file (a regular file of at most DEFINITION_LIMIT).

    Raises:
        DefinitionError: the file cannot be read, is not a regular file, is too large, or is
            not UTF-8.
    """
    from workflow.base.errors import DefinitionError
    from workflow.base.files import DEFINITION_LIMIT, FileRefused, read_bounded

    try:
        data = read_bounded(Path(path), DEFINITION_LIMIT)
    except FileRefused as exc:
        raise DefinitionError(str(path), None, exc.problem) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DefinitionError(str(path), line, "the file is not UTF-8 text") from None


def parse_source(text: str, path: str) -> Any:
    """`parse_yaml` for a definition or settings file: a problem names the file and line.

    Raises:
        DefinitionError: malformed YAML, a duplicate key, a tag that would construct an object.
    """
    from workflow.base.errors import DefinitionError

    try:
        return parse_yaml(text)
    except YamlError as exc:
        raise DefinitionError(path, exc.line, exc.problem) from None


class StrictReader:
    """Reads parsed YAML into checked values, failing with the file and line of what is wrong."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, line: int | None, problem: str) -> NoReturn:
        from workflow.base.errors import DefinitionError

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
