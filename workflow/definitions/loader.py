"""Load a definition file strictly: safe YAML, known keys only, then frozen data with line numbers.

The stages are: parse (safe YAML, YAML 1.2 booleans, duplicate keys refused) -> read the shape
(unknown keys refused with the allowed ones listed) -> frozen dataclasses -> structural checks
(`workflow.definitions.structure`). Nothing in a file is ever evaluated as code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workflow.base.vocabulary import Label
from workflow.definitions.model import (
    PREVIOUS,
    Category,
    Definition,
    Gate,
    GateForum,
    Requirement,
    Settings,
    State,
    Transition,
)
from workflow.definitions.strict_yaml import (
    Mapping,
    Sequence,
    StrictReader,
    parse_source,
    read_source,
    shown,
)
from workflow.definitions.structure import check_structure

__all__ = ["load_definition", "parse_definition"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

TOP_KEYS = (
    "name",
    "version",
    "label",
    "description",
    "settings",
    "categories",
    "criteria",
    "states",
    "gates",
    "transitions",
)
STATE_KEYS = (
    "label",
    "initial",
    "final",
    "stall_after_days",
    "quarterly_status",
    "counts_gains",
    "benefits_follow_up",
    "description",
)
TRANSITION_KEYS = ("trigger", "source", "dest", "label", "requires", "description", "creates")
REQUIREMENT_KEYS = (
    "field",
    "role",
    "actor_is",
    "check",
    "comment",
    "any_of",
    "decisions",
    "record",
    "milestones",
)
# The requirements that take one fixed value: what it is, what is said when another is given,
# and the requirement's values.
_FIXED: dict[str, tuple[object, str, tuple[str, ...]]] = {
    "comment": (True, "can only be 'true' (a comment is required)", ()),
    "decisions": (True, "can only be 'true' (the gate's decisions)", ()),
    "milestones": ("done", "can only be 'done'", ("done",)),
}
SETTINGS_KEYS = ("self_approval", "discount_rate")
GATE_KEYS = ("decisions", "on_reject", "on_hold")
DECISION_KEYS = ("forum", "when_decision_kind")
LABEL_KEYS = ("da", "en")
CATEGORY_KEYS = ("code", "label")


def load_definition(path: str | Path) -> Definition:
    """Read, parse and check one definition file.

    Raises:
        DefinitionError: the file cannot be read or is not a valid definition.
    """
    return parse_definition(read_source(path), str(path))


def parse_definition(text: str, path: str) -> Definition:
    """Parse definition text; `path` is only used in error messages."""
    definition = _Reader(path).definition(parse_source(text, path))
    check_structure(definition)
    return definition


class _Reader(StrictReader):
    """Turns parsed YAML into definition dataclasses, refusing anything unexpected."""

    def name(self, value: Any, what: str, line: int | None) -> str:
        if not isinstance(value, str) or not _NAME.match(value):
            self.fail(
                line,
                f"{what} must be a lower-case name of letters, digits and _ (got {shown(value)})",
            )
        return value

    def text(self, value: Any, what: str, line: int | None) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(line, f"{what} must be a non-empty text (got {shown(value)})")
        return value

    def label(self, value: Any, what: str, line: int | None) -> Label:
        data = self.mapping(value, f"the label of {what}", line, LABEL_KEYS, LABEL_KEYS)
        return Label(
            da=self.text(data["da"], f"the Danish label of {what}", data.key_lines["da"]),
            en=self.text(data["en"], f"the English label of {what}", data.key_lines["en"]),
        )

    def names(self, value: Any, what: str, line: int | None) -> tuple[str, ...]:
        """One name or a non-empty list of names."""
        if isinstance(value, Sequence):
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
                top.key_lines["version"],
                f"version must be a whole number >= 1 (got {shown(version)})",
            )
        label = (
            self.label(top["label"], "the definition", top.key_lines["label"])
            if "label" in top
            else Label(name, name)
        )
        states = self.states(top["states"], top.key_lines["states"])
        transitions = self.transitions(top.get("transitions"), top.key_lines.get("transitions", 1))
        categories = self.categories(top.get("categories"), top.key_lines.get("categories"))
        criteria = self.categories(top.get("criteria"), top.key_lines.get("criteria"), "criterion")
        return Definition(
            name=name,
            version=version,
            label=label,
            path=self.path,
            states=states,
            transitions=transitions,
            categories=categories,
            description=self.description(top, "the definition"),
            settings=self.settings(top.get("settings"), top.key_lines.get("settings")),
            gates=self.gates(top.get("gates"), top.key_lines.get("gates")),
            criteria=criteria,
        )

    def states(self, value: Any, line: int) -> tuple[State, ...]:
        if not isinstance(value, Mapping) or not value:
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
                    f"stall_after_days of {what} must be a whole number >= 1 (got {shown(stall)})",
                )
            if self.flag(body, "final", what) and self.flag(body, "quarterly_status", what):
                self.fail(
                    body.key_lines["quarterly_status"],
                    f"{what} is final: nothing moves there, so no quarterly status is asked",
                )
            result.append(
                State(
                    name=name,
                    label=self.label(body["label"], what, body.key_lines["label"]),
                    initial=self.flag(body, "initial", what),
                    final=self.flag(body, "final", what),
                    stall_after_days=stall,
                    quarterly_status=self.flag(body, "quarterly_status", what),
                    counts_gains=self.flag(body, "counts_gains", what),
                    benefits_follow_up=self.flag(body, "benefits_follow_up", what),
                    description=self.description(body, what),
                    line=key_line,
                )
            )
        return tuple(result)

    def description(self, body: Mapping, what: str) -> str:
        if "description" not in body:
            return ""
        return self.text(
            body["description"], f"the description of {what}", body.key_lines["description"]
        )

    def flag(self, body: Mapping, key: str, what: str) -> bool:
        value = body.get(key, False)
        if not isinstance(value, bool):
            self.fail(
                body.key_lines[key], f"{key} of {what} must be true or false (got {shown(value)})"
            )
        return value

    def transitions(self, value: Any, line: int) -> tuple[Transition, ...]:
        if value is None:
            return ()
        if not isinstance(value, Sequence):
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
                    creates=(
                        self.name(body["creates"], f"creates of {what}", body.key_lines["creates"])
                        if "creates" in body
                        else None
                    ),
                )
            )
        return tuple(result)

    def requirements(self, value: Any, what: str, line: int) -> tuple[Requirement, ...]:
        if value is None:
            return ()
        if not isinstance(value, Sequence):
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
        if kind in _FIXED:
            expected, problem, values = _FIXED[kind]
            if value is not expected if isinstance(expected, bool) else value != expected:
                self.fail(key_line, f"{kind} in {what} {problem}")
            return Requirement(kind, values, line=key_line)
        if kind == "any_of":
            return self.any_of(value, what, key_line, nested)
        if kind in ("check", "record"):
            return Requirement(
                kind, (self.name(value, f"{kind} in {what}", key_line),), line=key_line
            )
        return Requirement(kind, self.names(value, f"{kind} in {what}", key_line), line=key_line)

    def any_of(self, value: Any, what: str, line: int, nested: bool) -> Requirement:
        if nested:
            self.fail(line, f"any_of in {what} cannot be nested in another any_of")
        if not isinstance(value, Sequence) or len(value) < 2:
            self.fail(line, f"any_of in {what} must list at least two requirements")
        options = tuple(
            self.requirement(option, what, option_line, nested=True)
            for option, option_line in zip(value, value.item_lines, strict=True)
        )
        return Requirement("any_of", options=options, line=line)

    def categories(
        self, value: Any, line: int | None, what: str = "category"
    ) -> tuple[Category, ...]:
        if value is None:
            return ()
        if not isinstance(value, Sequence):
            self.fail(line, f"each {what} must be an item of a list")
        result = []
        seen: set[str] = set()
        for item, item_line in zip(value, value.item_lines, strict=True):
            body = self.mapping(item, f"a {what}", item_line, CATEGORY_KEYS, CATEGORY_KEYS)
            code = self.name(body["code"], f"a {what} code", body.key_lines["code"])
            if code in seen:
                self.fail(body.key_lines["code"], f"{what} '{code}' is declared twice")
            seen.add(code)
            result.append(
                Category(
                    code, self.label(body["label"], f"{what} '{code}'", body.key_lines["label"])
                )
            )
        return tuple(result)

    def settings(self, value: Any, line: int | None) -> Settings:
        if value is None:
            return Settings()
        body = self.mapping(value, "settings", line, SETTINGS_KEYS)
        self_approval = self.flag(body, "self_approval", "settings")
        rate = body.get("discount_rate", Settings.discount_rate)
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
            self.fail(
                body.key_lines.get("discount_rate", line),
                f"discount_rate must be a number from 0 up to 1, e.g. 0.04 (got {shown(rate)})",
            )
        return Settings(self_approval=self_approval, discount_rate=float(rate))

    def gates(self, value: Any, line: int | None) -> tuple[Gate, ...]:
        if value is None:
            return ()
        if not isinstance(value, Mapping):
            self.fail(line, "gates must be a mapping of state name to the decisions there")
        result = []
        for state_name, settings in value.items():
            key_line = value.key_lines[state_name]
            state = self.name(state_name, "a gate's state", key_line)
            what = f"gate '{state}'"
            body = self.mapping(settings, what, key_line, GATE_KEYS, ("decisions",))
            decisions = body["decisions"]
            if not isinstance(decisions, Sequence) or not decisions:
                self.fail(
                    body.key_lines["decisions"], f"decisions of {what} must be a non-empty list"
                )
            result.append(
                Gate(
                    state=state,
                    decisions=tuple(
                        self.forum_decision(item, what, item_line)
                        for item, item_line in zip(decisions, decisions.item_lines, strict=True)
                    ),
                    on_reject=self.trigger_name(body, "on_reject", what, key_line),
                    on_hold=self.trigger_name(body, "on_hold", what, key_line),
                    line=key_line,
                )
            )
        return tuple(result)

    def trigger_name(self, body: Mapping, key: str, what: str, line: int) -> str:
        default = key.removeprefix("on_")
        return self.name(body.get(key, default), f"{key} of {what}", body.key_lines.get(key, line))

    def forum_decision(self, item: Any, what: str, line: int) -> GateForum:
        body = self.mapping(item, f"a decision of {what}", line, DECISION_KEYS, ("forum",))
        kinds = body.get("when_decision_kind")
        return GateForum(
            forum=self.name(body["forum"], f"forum of {what}", body.key_lines["forum"]),
            when_decision_kind=(
                self.names(
                    kinds, f"when_decision_kind of {what}", body.key_lines["when_decision_kind"]
                )
                if kinds is not None
                else ()
            ),
            line=body.key_lines["forum"],
        )
