"""The OpenID Connect provider harness on its own, without the app: a client signs a person in
by the authorization code flow with PKCE, as the app will, and checks the ID token it gets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx2
import pytest
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.oidc_provider import Account, OidcProvider, OidcProviderError, sign_in_by_http

REDIRECT_URI = "http://127.0.0.1:8765/auth/callback"  # the app is not there: never opened
ALICE = Account(sub="alice", email="alice@example.dk", name="Alice Andersen")
BO = Account(sub="bo", email="bo@example.dk", name="Bo Berg")


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider(redirect_uris=[REDIRECT_URI], accounts=[ALICE, BO]) as running:
        yield running


def _authorize_url(metadata: dict[str, Any], client_id: str, **extra: str) -> tuple[str, str]:
    """An authorization URL with PKCE (S256), state and nonce; and its code verifier."""
    verifier = generate_token(48)
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email profile",
        "state": generate_token(20),
        "nonce": generate_token(20),
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
        **extra,
    }
    return f"{metadata['authorization_endpoint']}?{urlencode(query)}", verifier


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _exchange(provider: OidcProvider, code: str, verifier: str) -> dict[str, Any]:
    response = httpx2.post(
        provider.discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(provider.client_id, provider.client_secret),  # client_secret_basic
        timeout=10,
    )
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def test_sign_in_by_authorization_code_with_pkce(provider: OidcProvider) -> None:
    metadata = provider.discovery()
    assert metadata["issuer"] == provider.issuer
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    url, verifier = _authorize_url(metadata, provider.client_id)
    sent = _query(url)

    with httpx2.Client(timeout=10) as browser:
        back = sign_in_by_http(url, "alice", browser)

    assert back.startswith(REDIRECT_URI + "?")
    answer = _query(back)
    assert answer["state"] == sent["state"]
    assert answer["iss"] == provider.issuer
    tokens = _exchange(provider, answer["code"], verifier)
    assert tokens["token_type"] == "Bearer"

    keys = KeySet.import_key_set(httpx2.get(metadata["jwks_uri"], timeout=10).json())
    token = jwt.decode(tokens["id_token"], keys, algorithms=["RS256"])
    claims = CodeIDToken(
        token.claims,
        token.header,
        options={
            "iss": {"essential": True, "value": provider.issuer},
            "aud": {"essential": True, "value": provider.client_id},
            "exp": {"essential": True},
        },
        params={"nonce": sent["nonce"], "client_id": provider.client_id},
    )
    claims.validate()
    assert claims["sub"] == "alice"
    assert claims["email"] == "alice@example.dk"
    assert claims["email_verified"] is True
    assert claims["name"] == "Alice Andersen"

    userinfo = httpx2.get(
        metadata["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert userinfo["email"] == "alice@example.dk"


def test_the_login_may_be_the_email_address(provider: OidcProvider) -> None:
    url, verifier = _authorize_url(provider.discovery(), provider.client_id)
    with httpx2.Client(timeout=10) as browser:
        back = sign_in_by_http(url, "Bo@Example.dk", browser)
    tokens = _exchange(provider, _query(back)["code"], verifier)
    assert jwt.decode(tokens["id_token"], _keys(provider)).claims["sub"] == "bo"


def test_an_unknown_login_is_refused(provider: OidcProvider) -> None:
    url, _ = _authorize_url(provider.discovery(), provider.client_id)
    with httpx2.Client(timeout=10) as browser, pytest.raises(OidcProviderError, match="nobody"):
        sign_in_by_http(url, "nobody", browser)


def test_a_second_sign_in_in_the_same_browser_asks_nothing(provider: OidcProvider) -> None:
    metadata = provider.discovery()
    with httpx2.Client(timeout=10) as browser:
        sign_in_by_http(_authorize_url(metadata, provider.client_id)[0], "alice", browser)
        url, verifier = _authorize_url(metadata, provider.client_id)
        again = browser.get(url, follow_redirects=False)  # straight back, no form
        assert again.headers["location"].startswith(REDIRECT_URI + "?code=")
        url, verifier = _authorize_url(metadata, provider.client_id, prompt="login")
        back = sign_in_by_http(url, "bo", browser)  # the form again: another person
    tokens = _exchange(provider, _query(back)["code"], verifier)
    assert jwt.decode(tokens["id_token"], _keys(provider)).claims["sub"] == "bo"


def test_pkce_is_required(provider: OidcProvider) -> None:
    url, _ = _authorize_url(provider.discovery(), provider.client_id)
    query = _query(url)
    del query["code_challenge"], query["code_challenge_method"]
    plain = f"{url.split('?')[0]}?{urlencode(query)}"
    with httpx2.Client(timeout=10) as browser:
        back = sign_in_by_http(plain, "alice", browser)
    assert _query(back)["error"] == "invalid_request"
    assert "PKCE" in _query(back)["error_description"]


def test_the_code_needs_the_right_verifier(provider: OidcProvider) -> None:
    url, _ = _authorize_url(provider.discovery(), provider.client_id)
    with httpx2.Client(timeout=10) as browser:
        code = _query(sign_in_by_http(url, "alice", browser))["code"]
    response = httpx2.post(
        provider.discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": generate_token(48),
        },
        auth=(provider.client_id, provider.client_secret),
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_dead_provider_is_told_with_its_log() -> None:
    broken = OidcProvider(redirect_uris=["not a uri"], accounts=[ALICE])
    with pytest.raises(OidcProviderError, match="exited with") as raised:
        broken.start()
    assert "redirect_uris" in str(raised.value)
    assert broken.port == 0


def _keys(provider: OidcProvider) -> KeySet:
    jwks = httpx2.get(provider.discovery()["jwks_uri"], timeout=10).json()
    return KeySet.import_key_set(jwks)
