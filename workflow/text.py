"""Check user-given text before it is stored: one-line fields, multi-line texts, their limits."""

from __future__ import annotations

import re

from workflow.errors import InvalidValueError

__all__ = ["clean_line", "clean_text"]

# C0 and C1 control characters, newlines included; a multi-line text allows \n and \t.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean_line(field: str, value: str, max_length: int = 200) -> str:
    """A one-line text: stripped, not empty, no newlines or control characters.

    Raises:
        InvalidValueError: empty, too long, or containing a control character.
    """
    value = value.strip()
    if not value:
        raise InvalidValueError(field, "must not be empty")
    if _CONTROL.search(value):
        raise InvalidValueError(field, "must be one line without control characters")
    if len(value) > max_length:
        raise InvalidValueError(
            field, f"must be at most {max_length} characters ({len(value)} given)"
        )
    return value


def clean_text(field: str, value: str, max_length: int = 20_000) -> str:
    """A multi-line text: stripped; newlines and tabs allowed, other control characters not.

    Raises:
        InvalidValueError: too long, or containing a control character.
    """
    value = value.replace("\r\n", "\n").strip()
    if _CONTROL_IN_TEXT.search(value):
        raise InvalidValueError(field, "must not contain control characters")
    if len(value) > max_length:
        raise InvalidValueError(
            field, f"must be at most {max_length} characters ({len(value)} given)"
        )
    return value
