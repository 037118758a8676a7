"""Check user-given text before it is stored: one-line fields, multi-line texts, their limits.

A one-line text may end up in a mail header (a name in To, a title in Subject). Mail software
decodes RFC 2047 encoded words (`=?utf-8?q?=0D=0A?=`) in headers, so a line holding one is
refused, as is one holding a control character as typed.
"""

from __future__ import annotations

import re

from workflow.base.errors import InvalidValueError

__all__ = [
    "ENCODED_WORD_REFUSED",
    "clean_email",
    "clean_line",
    "clean_text",
    "holds_encoded_word",
]

# C0 and C1 control characters, newlines included; a multi-line text allows \n and \t.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# An RFC 2047 encoded word: =?charset?encoding?text?=
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=")
ENCODED_WORD_REFUSED = "must not hold an encoded word (=?...?=): mail programs decode it"
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
    if holds_encoded_word(value):
        raise InvalidValueError(field, ENCODED_WORD_REFUSED)
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


def holds_encoded_word(value: str) -> bool:
    """Whether `value` holds an RFC 2047 encoded word (`=?charset?q?...?=`), which mail programs
    decode in a header: into a line break, say, or by a charset's own reading. No name or title
    needs one, so none is taken, whatever it decodes to."""
    return "=?" in value and _ENCODED_WORD.search(value) is not None
