"""Signing in as services, on a fixed clock: sessions and their time-outs, one-time links, the
rate limits, and single sign-on against a real OpenID Connect provider (and ID tokens forged or
out of date, refused)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import Engine, select

from tests.oidc_provider import Account, OidcProvider, sign_in_by_http
from workflow.access.links import (
    LINK_LIFETIME,
    PER_CLIENT,
    LinkRefused,
    TooManyRequests,
    mail_link,
    make_link,
    note_request,
    redeem_link,
)
from workflow.access.sessions import IDLE, LIFETIME, end_session, open_session, signed_in
from workflow.access.single_sign_on import (
    SignOnRefused,
    SingleSignOn,
    UnknownAccount,
    _Provider,
    _verified_claims,
    begin_sign_on,
    finish_sign_on,
)
from workflow.base.clock import FixedClock
from workflow.base.errors import UsageError
from workflow.core.people import Person, change_person
from workflow.definitions.registry import DEFAULT_FOLDER
from workflow.schedule.config import load_schedule
from workflow.storage.schedule_tables import OUTBOX

SCHEDULE = load_schedule(DEFAULT_FOLDER)
TEMPLATES = DEFAULT_FOLDER / "templates"
CALLBACK = "http://127.0.0.1:8000/sign-in/sso/callback"


def test_a_session_ends_when_idle_after_its_lifetime_and_at_sign_out(
    engine: Engine, people: dict[str, Person], clock: FixedClock
) -> None:
    token = open_session(engine, people["ulla"], "link", clock)
    found = signed_in(engine, token, clock)
    assert found is not None and found.person.handle == "ulla"
    assert (found.person.channel.kind, found.person.channel.detail) == ("web", "link")  # type: ignore[union-attr]
    clock.advance(seconds=IDLE.total_seconds() - 1)
    assert signed_in(engine, token, clock) is not None  # a request keeps it alive
    clock.advance(seconds=IDLE.total_seconds() + 1)
    assert signed_in(engine, token, clock) is None  # idle too long

    kept = open_session(engine, people["ulla"], "sso", clock)
    for _ in range(int(LIFETIME / (IDLE / 2))):
        clock.advance(seconds=IDLE.total_seconds() / 2)
        if signed_in(engine, kept, clock) is None:
            break
    assert signed_in(engine, kept, clock) is None  # used all along, but ten hours are over

    ended = open_session(engine, people["ulla"], "link", clock)
    end_session(engine, ended, clock)
    assert signed_in(engine, ended, clock) is None
    assert signed_in(engine, "not a session", clock) is None


def test_a_link_works_once_within_its_lifetime(
    engine: Engine, people: dict[str, Person], clock: FixedClock
) -> None:
    token = make_link(engine, people["ulla"], clock, "/propose")
    redeemed = redeem_link(engine, token, clock)
    assert (redeemed.person.handle, redeemed.next_path) == ("ulla", "/propose")
    with pytest.raises(LinkRefused, match="used"):
        redeem_link(engine, token, clock)
    late = make_link(engine, people["ulla"], clock)
    clock.advance(seconds=LINK_LIFETIME.total_seconds())
    with pytest.raises(LinkRefused, match="expired"):
        redeem_link(engine, late, clock)
    with pytest.raises(LinkRefused, match="unknown"):
        redeem_link(engine, token[:-1], clock)


def test_asking_for_a_link_mails_one_person_only_and_is_rate_limited_per_client(
    engine: Engine, people: dict[str, Person], clock: FixedClock
) -> None:
    def ask(address: str, client: str = "10.0.0.1") -> int | None:
        if not note_request(engine, address=address, client=client, clock=clock):
            return None
        return mail_link(
            engine, address=address, base="https://t.example.dk", schedule=SCHEDULE,
            templates=TEMPLATES, clock=clock,
        )  # fmt: skip

    mail = ask(" ULLA@kommune.example.dk ")
    assert mail is not None
    with engine.connect() as conn:
        row = conn.execute(select(OUTBOX).where(OUTBOX.c.id == mail)).one()
    assert (row.kind, row.address, row.state) == ("sign_in", "ulla@kommune.example.dk", "queued")
    assert "https://t.example.dk/sign-in/" in row.body_text
    assert ask("nobody@kommune.example.dk") is None
    # Others asking for jens's address cannot keep jens out: the sixth is told the same, unsent.
    asked = [ask("jens@kommune.example.dk", f"10.1.0.{n}") for n in range(6)]
    assert [m is not None for m in asked] == [True] * 5 + [False]
    # An address two people share signs nobody in.
    change_person(engine, handle="jens", email="ulla@kommune.example.dk", actor=people["admin"])
    assert ask("ulla@kommune.example.dk", "10.0.0.2") is None
    for n in range(PER_CLIENT):
        ask(f"someone{n}@kommune.example.dk", "10.0.0.3")
    with pytest.raises(TooManyRequests):
        ask("other@kommune.example.dk", "10.0.0.3")
    clock.advance(minutes=16)
    assert ask("aase@kommune.example.dk", "10.0.0.3") is not None  # the window has passed


def test_a_sent_sign_in_mail_keeps_no_copy_of_its_link(
    engine: Engine, people: dict[str, Person], clock: FixedClock, mail_server: Any
) -> None:
    from workflow.schedule.sender import SmtpSettings, send_now

    mail = mail_link(
        engine, address="ulla@kommune.example.dk", base="https://t.example.dk",
        schedule=SCHEDULE, templates=TEMPLATES, clock=clock,
    )  # fmt: skip
    assert mail is not None
    settings = SmtpSettings.from_env(mail_server.env)
    assert send_now(engine, settings, schedule=SCHEDULE, clock=clock, ids=[mail]).sent == 1
    assert "https://t.example.dk/sign-in/" in mail_server.received[0].text
    with engine.connect() as conn:
        row = conn.execute(select(OUTBOX).where(OUTBOX.c.id == mail)).one()
    assert row.state == "sent" and "sign-in/" not in row.body_text + row.body_html


@pytest.fixture(scope="module")
def provider() -> Any:
    accounts = [Account("u-1", "ulla@kommune.example.dk", "Ulla Krogh")]
    accounts.append(Account("u-9", "stranger@kommune.example.dk", "Stranger"))
    with OidcProvider(redirect_uris=[CALLBACK], accounts=accounts) as running:
        yield running


def _config(provider: OidcProvider) -> SingleSignOn:
    found = SingleSignOn.from_env(
        {
            "TILTAG_OIDC_ISSUER": provider.issuer,
            "TILTAG_OIDC_CLIENT_ID": provider.client_id,
            "TILTAG_OIDC_CLIENT_SECRET": provider.client_secret,
        }
    )
    assert found is not None
    return found


def _through_provider(engine: Engine, config: SingleSignOn, login: str, clock: FixedClock) -> Any:
    url, state = begin_sign_on(engine, config, redirect_uri=CALLBACK, clock=clock, next_path="/x")
    query = parse_qs(urlsplit(url).query)
    assert (
        query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"] == [state]
    )
    with httpx2.Client(timeout=10) as browser:
        back = sign_in_by_http(url, login, browser)
    answer = parse_qs(urlsplit(back).query)
    assert answer["state"] == [state]
    return state, answer["code"][0]


def test_single_sign_on_maps_the_email_claim_to_a_person_once_per_state(
    engine: Engine, people: dict[str, Person], clock: FixedClock, provider: OidcProvider
) -> None:
    config = _config(provider)
    state, code = _through_provider(engine, config, "ulla@kommune.example.dk", clock)
    person, next_path = finish_sign_on(
        engine, config, redirect_uri=CALLBACK, clock=clock, state=state, code=code
    )
    assert (person.handle, next_path) == ("ulla", "/x")
    with pytest.raises(SignOnRefused, match="unknown"):  # a state is used once
        finish_sign_on(engine, config, redirect_uri=CALLBACK, clock=clock, state=state, code=code)
    state, code = _through_provider(engine, config, "stranger@kommune.example.dk", clock)
    with pytest.raises(UnknownAccount, match="stranger@kommune.example.dk"):
        finish_sign_on(engine, config, redirect_uri=CALLBACK, clock=clock, state=state, code=code)
    state, _ = _through_provider(engine, config, "ulla@kommune.example.dk", clock)
    with pytest.raises(SignOnRefused, match="refused the code"):
        finish_sign_on(engine, config, redirect_uri=CALLBACK, clock=clock, state=state, code="x")


def test_a_sign_on_must_come_back_within_ten_minutes(
    engine: Engine, people: dict[str, Person], clock: FixedClock, provider: OidcProvider
) -> None:
    config = _config(provider)
    state, code = _through_provider(engine, config, "ulla@kommune.example.dk", clock)
    clock.advance(minutes=11)
    with pytest.raises(SignOnRefused, match="took too long"):
        finish_sign_on(engine, config, redirect_uri=CALLBACK, clock=clock, state=state, code=code)


CONFIG = SingleSignOn("https://login.kommune.example.dk", "tiltag", "secret")
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
PROVIDER = _Provider("https://x/auth", "https://x/token", KeySet([KEY]), time.monotonic())


def _token(key: Any = KEY, algorithm: str = "RS256", **claims: Any) -> dict[str, str]:
    now = int(time.time())
    body = {
        "iss": CONFIG.issuer, "aud": "tiltag", "sub": "u-1", "email": "ulla@kommune.example.dk",
        "iat": now, "exp": now + 300, "nonce": "n-1", **claims,
    }  # fmt: skip
    return {"id_token": jwt.encode({"alg": algorithm, "kid": "k1"}, body, key)}


def test_an_unverified_or_look_alike_address_names_nobody(
    engine: Engine, people: dict[str, Person]
) -> None:
    from workflow.access.single_sign_on import _person

    verified = {"email": "ulla@kommune.example.dk", "email_verified": True}
    assert _person(engine, CONFIG, verified).handle == "ulla"
    for claims in (
        {"email": "ulla@kommune.example.dk"},
        {"email": "ulla@kommune.example.dk", "email_verified": False},
        {"email": "ulla@\u212aommune.example.dk", "email_verified": True},  # a Kelvin sign
    ):
        with pytest.raises(SignOnRefused):
            _person(engine, CONFIG, claims)


def test_an_id_token_is_verified_before_anyone_is_signed_in() -> None:
    assert _verified_claims(CONFIG, PROVIDER, _token(), "n-1")["email"] == "ulla@kommune.example.dk"
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    refused = {
        "signed by another key": _token(key=stranger),
        "another issuer": _token(iss="https://evil.example"),
        "another audience": _token(aud="someone-else"),
        "expired": _token(exp=int(time.time()) - 120),
        "another nonce": _token(nonce="n-2"),
        "meant for another party too": _token(aud=["tiltag", "evil"], azp="evil"),
        "no token": {},
    }
    for why, token in refused.items():
        with pytest.raises(SignOnRefused):
            _verified_claims(CONFIG, PROVIDER, token, "n-1")
            pytest.fail(why)


def test_a_half_or_unsafe_single_sign_on_configuration_is_refused() -> None:
    assert SingleSignOn.from_env({}) is None
    for env in (
        {"TILTAG_OIDC_ISSUER": "https://login.example.dk"},
        {
            "TILTAG_OIDC_ISSUER": "http://login.example.dk",
            "TILTAG_OIDC_CLIENT_ID": "a",
            "TILTAG_OIDC_CLIENT_SECRET": "b",
        },
        {
            "TILTAG_OIDC_ISSUER": "https://login.example.dk",
            "TILTAG_OIDC_CLIENT_ID": "a",
            "TILTAG_OIDC_CLIENT_SECRET": "b",
            "TILTAG_OIDC_CLAIM": "sub",
        },
    ):
        with pytest.raises(UsageError):
            SingleSignOn.from_env(env)
