"""What is wrong with a record, in words: pydantic's errors as sentences naming the field."""

from __future__ import annotations

from typing import Any

from workflow.definitions.strict_yaml import shown

__all__ = ["problem_text"]


def problem_text(kind: str, error: Any) -> str:
    """One error of pydantic's about a record (or its gains, or an amount) as one sentence that
    names the field by its path: `business_case.investment must not be below 0 (got -5)`."""
    loc = [str(part) for part in error["loc"]]
    of_key = loc[-1:] == ["[key]"]  # the key of a mapping: the year of a gain
    where = ".".join(loc[:-1] if of_key else loc)
    given = error.get("input")
    kinds = {
        "greater_than_equal": "must not be below {ge}",
        "less_than_equal": "must not be above {le}",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "extra_forbidden": "is not a field of this record",
        "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
        "date_parsing": "must be a date (YYYY-MM-DD)",
        "string_pattern_mismatch": "must be one line without control characters",
        "bool_amount": "must be a number, not yes/no",
        "control_characters": "must not contain control characters",
    }
    template = kinds.get(error["type"])
    message = template.format(**error.get("ctx", {})) if template else error["msg"]
    if error["type"] == "value_error":
        return f"{kind}: {message.removeprefix('Value error, ')}"
    if error["type"] == "extra_forbidden":
        return f"{kind}.{where} {message}"
    if isinstance(given, dict | list):
        return f"{kind}.{where} {message}"
    if of_key:
        return f"{kind}.{where}: the year {message} (got {shown(given)})"
    return f"{kind}.{where} {message} (got {shown(given)})"
