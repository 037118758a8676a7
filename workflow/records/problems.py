"""What is wrong with a record, in words: pydantic's errors as sentences naming the field."""

from __future__ import annotations

from typing import Any

from workflow.base.vocabulary import Label
from workflow.definitions.strict_yaml import shown

__all__ = ["field_problems", "problem_text"]

# The problems a form shows beside a field, in Danish and English (pydantic's error types).
_WORDS = {
    "greater_than_equal": Label("må ikke være under {ge}", "must not be below {ge}"),
    "less_than_equal": Label("må ikke være over {le}", "must not be above {le}"),
    "int_parsing": Label("skal være et helt tal", "must be a whole number"),
    "int_from_float": Label("skal være et helt tal", "must be a whole number"),
    "int_type": Label("skal være et helt tal", "must be a whole number"),
    "date_from_datetime_parsing": Label("skal være en dato (dd.mm.åååå)", "must be a date"),
    "date_parsing": Label("skal være en dato (dd.mm.åååå)", "must be a date"),
    "date_type": Label("skal være en dato (dd.mm.åååå)", "must be a date"),
    "string_pattern_mismatch": Label(
        "skal være én linje uden kontroltegn", "must be one line without control characters"
    ),
    "string_too_long": Label(
        "må højst være {max_length} tegn", "must be at most {max_length} characters"
    ),
    "too_long": Label("må højst have {max_length} rækker", "must have at most {max_length} rows"),
    "bool_amount": Label("skal være et tal", "must be a number"),
    "control_characters": Label(
        "må ikke indeholde kontroltegn", "must not contain control characters"
    ),
    "literal_error": Label("vælg en af mulighederne", "choose one of the options"),
    "missing": Label("skal udfyldes", "must be filled in"),
    "duplicate_year": Label("angiver året {year} to gange", "gives the year {year} twice"),
}


def field_problems(errors: list[Any]) -> dict[str, Label]:
    """pydantic's errors about a record by the field they concern (its first name in the path;
    "" for the record as a whole), in words; the first problem of a field is kept."""
    found: dict[str, Label] = {}
    for error in errors:
        field = str(error["loc"][0]) if error["loc"] else ""
        words = _WORDS.get(error["type"])
        context = error.get("ctx", {})
        if words is None:
            message = str(error["msg"]).removeprefix("Value error, ")
            words = Label(message, message)
        else:
            words = Label(words.da.format(**context), words.en.format(**context))
        found.setdefault(field, words)
    return found


# Errors about a record (or a part of it) as a whole, not about one value of it.
_OF_THE_WHOLE = ("value_error", "investment_year", "old_and_new")


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
    if error["type"] in _OF_THE_WHOLE:
        return f"{kind}{'.' + where if where else ''}: {message.removeprefix('Value error, ')}"
    if error["type"] == "extra_forbidden":
        return f"{kind}.{where} {message}"
    if isinstance(given, dict | list):
        return f"{kind}.{where} {message}"
    if of_key:
        return f"{kind}.{where}: the year {message} (got {shown(given)})"
    return f"{kind}.{where} {message} (got {shown(given)})"
