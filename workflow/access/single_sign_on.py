"""Single sign-on over OpenID Connect: the authorization code flow with PKCE against the
municipality's identity provider, `state` and `nonce` checked, the ID token's signature, issuer,
audience and expiry verified, and a configured claim (the email address by default) mapped to a
person. What a sign-in under way must come back with is kept in the database, so any web process
can finish it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx2
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import Engine, delete, func, insert, select

from workflow.base.clock import Clock
from workflow.base.errors import UsageError, WorkflowError
from workflow.base.logs import get_logger
from workflow.base.secrets import digest
from workflow.core.people import Person, find_person_by_id
from workflow.storage.access_tables import SINGLE_SIGN_ON
from workflow.storage.core_tables import PERSON

__all__ = [
    "AccessClosed",
    "SignOnRefused",
    "SingleSignOn",
    "UnknownAccount",
    "begin_sign_on",
    "finish_sign_on",
]

# A sign-in at the provider must come back within this time.
PENDING = timedelta(minutes=10)
# The provider's metadata and keys are fetched again after this many seconds (keys rotate).
_METADATA_SECONDS = 3600
# Signature algorithms an ID token may use: never `none`, never a shared-secret HMAC.
_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# The claims a person may be found by, and the column each is compared with.
CLAIMS = {"email": PERSON.c.email, "preferred_username": PERSON.c.handle}

log = get_logger("tiltag.web")


class SignOnRefused(WorkflowError):
    """The identity provider's answer cannot sign anyone in (expired, forged, or not ours)."""


class UnknownAccount(WorkflowError):
    """The provider vouched for someone tiltag does not know."""

    def __init__(self, claim: str, value: str) -> None:
        self.claim = claim
        self.value = value
        super().__init__(f"nobody in tiltag has {claim} {value!r}")


class AccessClosed(WorkflowError):
    """The provider vouched for a person whose access an admin has closed (deactivated)."""

    def __init__(self, person: Person) -> None:
        self.person = person
        super().__init__(f"{person} is deactivated and cannot sign in")


@dataclass(frozen=True)
class SingleSignOn:
    """The identity provider and tiltag's registration with it. From the environment:
    TILTAG_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _CLAIM (email or preferred_username),
    _LABEL (the button's text)."""

    issuer: str
    client_id: str
    client_secret: str
    claim: str = "email"
    label: str = "Log ind med kommunens login"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> SingleSignOn | None:
        """The configured provider, or None if single sign-on is not configured.

        Raises:
            UsageError: configured in part, or with a claim tiltag cannot map.
        """
        issuer = env.get("TILTAG_OIDC_ISSUER", "").strip()
        client_id = env.get("TILTAG_OIDC_CLIENT_ID", "").strip()
        secret = env.get("TILTAG_OIDC_CLIENT_SECRET", "")
        if not (issuer or client_id or secret):
            return None
        if not (issuer and client_id and secret):
            raise UsageError(
                "single sign-on needs TILTAG_OIDC_ISSUER, TILTAG_OIDC_CLIENT_ID and "
                "TILTAG_OIDC_CLIENT_SECRET"
            )
        if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise UsageError(f"TILTAG_OIDC_ISSUER must be an https:// address (got {issuer!r})")
        claim = env.get("TILTAG_OIDC_CLAIM", "email")
        if claim not in CLAIMS:
            raise UsageError(
                f"TILTAG_OIDC_CLAIM must be one of {', '.join(CLAIMS)} (got {claim!r})"
            )
        label = env.get("TILTAG_OIDC_LABEL") or cls.label
        return cls(issuer.rstrip("/"), client_id, secret, claim, label)


@dataclass(frozen=True)
class _Provider:
    authorization_endpoint: str
    token_endpoint: str
    keys: KeySet
    fetched: float


_providers: dict[str, _Provider] = {}
# When the provider last could not be reached: asked again only after a minute.
_failed: dict[str, tuple[float, str]] = {}
_RETRY_SECONDS = 60
_lock = threading.Lock()


def _provider(config: SingleSignOn, *, fresh: bool = False) -> _Provider:
    """The provider's endpoints and signing keys, from its discovery document (cached a while)."""
    with _lock:
        known = _providers.get(config.issuer)
        if known and not fresh and time.monotonic() - known.fetched < _METADATA_SECONDS:
            return known
        failed = _failed.get(config.issuer)
        if failed and time.monotonic() - failed[0] < _RETRY_SECONDS:
            raise SignOnRefused(failed[1])
    try:
        with httpx2.Client(timeout=10) as http:
            found = http.get(f"{config.issuer}/.well-known/openid-configuration")
            found.raise_for_status()
            metadata = found.json()
            if metadata.get("issuer") != config.issuer:
                raise SignOnRefused("the identity provider names another issuer than configured")
            keys = http.get(metadata["jwks_uri"])
            keys.raise_for_status()
            provider = _Provider(
                metadata["authorization_endpoint"],
                metadata["token_endpoint"],
                KeySet.import_key_set(keys.json()),
                time.monotonic(),
            )
    except (httpx2.HTTPError, ValueError, KeyError, JoseError, SignOnRefused) as exc:
        reason = f"the identity provider cannot be reached or read: {exc}"
        with _lock:
            _failed[config.issuer] = (time.monotonic(), reason)
        raise SignOnRefused(reason) from None
    with _lock:
        _providers[config.issuer] = provider
        _failed.pop(config.issuer, None)
    return provider


def _client(config: SingleSignOn, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope="openid email profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=10,
    )


def begin_sign_on(
    engine: Engine,
    config: SingleSignOn,
    *,
    redirect_uri: str,
    clock: Clock,
    next_path: str | None = None,
) -> tuple[str, str]:
    """Start a sign-in at the provider: the address to send the browser to, and its `state`
    (which the browser must also carry in a cookie, so a sign-in started elsewhere is refused).

    Raises:
        SignOnRefused: the provider cannot be reached.
    """
    provider = _provider(config)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    with _client(config, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            provider.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier
        )
    now = clock.now()
    with engine.begin() as conn:
        conn.execute(delete(SINGLE_SIGN_ON).where(SINGLE_SIGN_ON.c.created_at < now - PENDING))
        conn.execute(
            insert(SINGLE_SIGN_ON).values(
                state_hash=digest(state),
                nonce=nonce,
                code_verifier=verifier,
                next_path=next_path,
                created_at=now,
            )
        )
    return str(url), state


def finish_sign_on(
    engine: Engine,
    config: SingleSignOn,
    *,
    redirect_uri: str,
    clock: Clock,
    state: str,
    code: str,
) -> tuple[Person, str | None]:
    """Finish the sign-in `state` with the provider's `code`: the person the ID token names, and
    where the sign-in leads. Each `state` is used once.

    Raises:
        SignOnRefused: unknown or expired state; the code or the ID token is refused.
        UnknownAccount: the token is good, but names nobody tiltag knows.
        AccessClosed: the token names a person who is deactivated.
    """
    now = clock.now()
    with engine.begin() as conn:
        pending = conn.execute(
            delete(SINGLE_SIGN_ON)
            .where(SINGLE_SIGN_ON.c.state_hash == digest(state))
            .returning(SINGLE_SIGN_ON)
        ).first()
    if pending is None or now - pending.created_at > PENDING:
        raise SignOnRefused("the sign-in is unknown or took too long; start again")
    provider = _provider(config)
    try:
        with _client(config, redirect_uri) as client:
            token = client.fetch_token(
                provider.token_endpoint, code=code, code_verifier=pending.code_verifier
            )
    except Exception as exc:  # authlib raises its own errors and httpx2's
        raise SignOnRefused(f"the identity provider refused the code: {exc}") from None
    claims = _verified_claims(config, provider, token, pending.nonce)
    return _person(engine, config, claims), pending.next_path


def _verified_claims(
    config: SingleSignOn, provider: _Provider, token: Mapping[str, Any], nonce: str
) -> Mapping[str, Any]:
    """The ID token's claims, its signature, issuer, audience, nonce and times checked. Its
    times are the provider's, on the real clock: a simulation database's moment is not theirs."""
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise SignOnRefused("the identity provider sent no ID token")
    try:
        try:
            decoded = jwt.decode(id_token, provider.keys, algorithms=_ALGORITHMS)
        except JoseError:  # signed with a key rotated in since the keys were fetched
            decoded = jwt.decode(id_token, _provider(config, fresh=True).keys, _ALGORITHMS)
        jwt.JWTClaimsRegistry(
            now=int(time.time()),
            leeway=60,
            iss={"essential": True, "value": config.issuer},
            aud={"essential": True, "value": config.client_id},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(decoded.claims)
        audience = decoded.claims.get("aud")
        if isinstance(audience, list) and decoded.claims.get("azp") != config.client_id:
            raise SignOnRefused("the ID token is meant for other parties too, not for tiltag")
    except JoseError as exc:
        raise SignOnRefused(f"the ID token is not valid: {exc}") from None
    return decoded.claims


def _person(engine: Engine, config: SingleSignOn, claims: Mapping[str, Any]) -> Person:
    value = claims.get(config.claim)
    if not isinstance(value, str) or not value.strip():
        raise SignOnRefused(f"the ID token carries no {config.claim}")
    if config.claim == "email" and claims.get("email_verified") is not True:
        # An address the provider has not verified could be anyone's: it names nobody.
        raise SignOnRefused("the identity provider has not verified the email address")
    if not value.isascii():  # a look-alike letter must not fold into someone else's address
        raise SignOnRefused(f"the {config.claim} is not plain ASCII")
    column = CLAIMS[config.claim]
    with engine.connect() as conn:
        found = conn.execute(
            select(PERSON.c.id).where(func.lower(column) == value.strip().lower()).limit(2)
        ).all()
        if len(found) != 1:
            log.warning("sign_on_unknown_account", claim=config.claim, found=len(found))
            raise UnknownAccount(config.claim, value)
        person = find_person_by_id(conn, found[0].id)
    if not person.active:
        log.warning("sign_on_access_closed", person=person.handle)
        raise AccessClosed(person)
    return person
