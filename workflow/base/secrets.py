"""The secrets of signing in: random tokens, the hashes they are stored as, and the CSRF token
derived from a session's secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["csrf_token", "digest", "new_token", "same"]


def new_token() -> str:
    """A random token of 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, so a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def csrf_token(secret: str) -> str:
    """The CSRF token of the forms of a browser whose secret (session id or pre-session cookie)
    is `secret`: it cannot be made without the secret, and needs no storing."""
    return hmac.new(secret.encode("utf-8"), b"tiltag csrf", hashlib.sha256).hexdigest()


def same(given: str, expected: str) -> bool:
    """Whether two secrets are equal, in time that does not tell how much of them is."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))
