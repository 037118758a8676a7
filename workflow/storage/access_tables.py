"""The tables of signing in: web sessions, one-time sign-in links, sign-in requests (for the rate
limits), single sign-on logins under way, the JSON API's personal access tokens and the private
calendar feeds. Only hashes of the secrets are stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table
from sqlmodel import Field, SQLModel

__all__ = [
    "ACCESS_TOKEN",
    "CALENDAR_FEED",
    "AccessTokenTable",
    "CalendarFeedTable",
    "SIGN_IN_LINK",
    "SIGN_IN_REQUEST",
    "SINGLE_SIGN_ON",
    "WEB_SESSION",
    "SignInLinkTable",
    "SignInRequestTable",
    "SingleSignOnTable",
    "WebSessionTable",
]


class WebSessionTable(SQLModel, table=True):
    """A signed-in browser: the hash of its cookie's id, whose it is and how they signed in."""

    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_person_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    method: str = Field(sa_column=Column(String(20), nullable=False))  # link | oidc
    created_at: datetime
    seen_at: datetime
    ended_at: datetime | None = None


class SignInLinkTable(SQLModel, table=True):
    """A one-time sign-in link: the hash of its token, for whom, until when, and where it leads."""

    __tablename__ = "sign_in_link"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    next_path: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))


class SignInRequestTable(SQLModel, table=True):
    """One request for a sign-in link, kept a day for the rate limits: the hash of the address
    asked for and the client that asked."""

    __tablename__ = "sign_in_request"
    __table_args__ = (
        Index("ix_sign_in_request_address", "address_hash", "at"),
        Index("ix_sign_in_request_client", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    address_hash: str = Field(sa_column=Column(String(64), nullable=False))
    client: str = Field(sa_column=Column(String(64), nullable=False))


class SingleSignOnTable(SQLModel, table=True):
    """A sign-in at the municipality's identity provider under way: the hash of its `state`, the
    nonce and PKCE verifier it must come back with, and where it leads."""

    __tablename__ = "single_sign_on"

    state_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    nonce: str = Field(sa_column=Column(String(64), nullable=False))
    code_verifier: str = Field(sa_column=Column(String(128), nullable=False))
    next_path: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    created_at: datetime


class AccessTokenTable(SQLModel, table=True):
    """A personal access token of the JSON API: the hash of its secret, whose it is, its name,
    until when it works, when it was last used and when it was revoked."""

    __tablename__ = "access_token"
    __table_args__ = (Index("ix_access_token_person_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id"), nullable=False))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


class CalendarFeedTable(SQLModel, table=True):
    """A person's private calendar feed: the hash of the secret in its address (one a person;
    renewing it replaces the row)."""

    __tablename__ = "calendar_feed"

    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id"), primary_key=True, autoincrement=False)
    )
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime


WEB_SESSION: Table = WebSessionTable.__table__  # type: ignore[attr-defined]
SIGN_IN_LINK: Table = SignInLinkTable.__table__  # type: ignore[attr-defined]
SIGN_IN_REQUEST: Table = SignInRequestTable.__table__  # type: ignore[attr-defined]
SINGLE_SIGN_ON: Table = SingleSignOnTable.__table__  # type: ignore[attr-defined]
ACCESS_TOKEN: Table = AccessTokenTable.__table__  # type: ignore[attr-defined]
CALENDAR_FEED: Table = CalendarFeedTable.__table__  # type: ignore[attr-defined]
