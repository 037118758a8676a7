"""Check user-given text before it is stored: one-line fields, multi-line texts, their limits.

A one-line text may end up in a mail header (a name in To, a title in Subject). Mail software
decodes RFC 2047 encoded words (`=?utf-8?q?=0D=0A?=`) in headers, so a line is refused when what
it decodes to holds a control character, not only when it holds one as typed.
"""

from __future__ import annotations

import re

from workflow.errors import InvalidValueError

__all__ = ["clean_email", "clean_line", "clean_text", "hides_control_characters"]

# C0 and C1 control characters, newlines included; a multi-line text allows \n and \t.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# A plain address, as one mail header and one SMTP recipient: no commas, quotes, brackets,
# spaces or encoded words that could make it two addresses or a header of its own.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/^_`{|}~-]+)*"
    r"@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


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
    if hides_control_characters(value):
        raise InvalidValueError(
            field, "must not hold an encoded word (=?...?=) that decodes to a control character"
        )
    if len(value) > max_length:
        raise InvalidValueError(
            field, f"must be at most {max_length} characters ({len(value)} given)"
        )
    return value


def clean_email(field: str, value: str) -> str:
    """A plain email address (`name@kommune.dk`), stripped.

    Raises:
        InvalidValueError: not one plain address.
    """
    value = value.strip()
    local = value.partition("@")[0]
    if len(value) > 254 or len(local) > 64 or not _EMAIL.fullmatch(value):
        raise InvalidValueError(field, f"{value[:80]!r} is not an email address")
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


def hides_control_characters(value: str) -> bool:
    """Whether `value`, read as a mail header reads it (encoded words decoded), holds a control
    character: a line break there would start a header of its own."""
    if "=?" not in value:
        return False  # no encoded word: what is typed is what a header shows
    from email.policy import default

    try:
        decoded = str(default.header_factory("subject", value))
    except Exception:  # noqa: BLE001 - what a mail library cannot parse is not a safe header
        return True
    return bool(_CONTROL.search(decoded))
