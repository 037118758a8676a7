"""A real OpenID Connect provider on loopback for the tests: the certified npm package
`oidc-provider`, run by Node.js from tests/oidc/provider.mjs (its node_modules installed by
scripts/ensure-test-tools).

    with OidcProvider(redirect_uris=[...], accounts=[Account("alice", "a@x.dk", "Alice")]) as op:
        op.issuer, op.client_id, op.client_secret, op.discovery()

Sign-in there is a plain HTML form at {issuer}/interaction/<uid>: a text field `login` (an
account's sub or e-mail address) and a `password` field that takes anything. Consent is given
automatically. `sign_in_by_http` fills that form with plain HTTP, for tests without a browser."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx2

FOLDER = Path(__file__).resolve().parent / "oidc"
SCRIPT = FOLDER / "provider.mjs"
PACKAGE = FOLDER / "node_modules" / "oidc-provider" / "package.json"

AuthMethod = Literal["client_secret_basic", "client_secret_post"]


class OidcProviderError(RuntimeError):
    """The provider could not be started, died, or a sign-in did not go as a person's would."""


@dataclass(frozen=True)
class Account:
    """A person the provider knows. The login typed into its form is `sub` (or `email`)."""

    sub: str
    email: str
    name: str
    email_verified: bool = True


class OidcProvider:
    """One provider process with one confidential client (authorization code flow, PKCE S256
    required) and the given accounts. Use as a context manager, or start() and stop()."""

    def __init__(
        self,
        *,
        redirect_uris: Sequence[str],
        accounts: Iterable[Account],
        client_id: str = "tiltag",
        client_secret: str | None = None,
        token_endpoint_auth_method: AuthMethod = "client_secret_basic",
        post_logout_redirect_uris: Sequence[str] = (),
        startup_timeout: float = 30.0,
    ) -> None:
        self.redirect_uris = list(redirect_uris)
        self.accounts = list(accounts)
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.token_endpoint_auth_method: AuthMethod = token_endpoint_auth_method
        self.post_logout_redirect_uris = list(post_logout_redirect_uris)
        self.startup_timeout = startup_timeout
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def issuer(self) -> str:
        if not self.port:
            raise OidcProviderError("the provider is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def discovery(self) -> dict[str, Any]:
        """The provider's metadata (authorization_endpoint, token_endpoint, jwks_uri, ...)."""
        response = httpx2.get(self.discovery_url, timeout=10)
        response.raise_for_status()
        metadata: dict[str, Any] = response.json()
        return metadata

    @property
    def stderr(self) -> str:
        """What the provider has logged so far."""
        if self._folder is None:
            return ""
        path = Path(self._folder.name) / "stderr.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self) -> None:
        if self._process is not None:
            raise OidcProviderError("the provider is already started")
        node = shutil.which("node")
        if node is None:
            raise OidcProviderError("node is not installed: run scripts/ensure-test-tools")
        if not PACKAGE.exists():
            raise OidcProviderError(
                f"{PACKAGE.parent} is missing: run scripts/ensure-test-tools "
                "(npm ci --prefix tests/oidc)"
            )
        self._folder = tempfile.TemporaryDirectory(prefix="oidc-provider-")
        config = Path(self._folder.name) / "config.json"
        config.write_text(json.dumps(self._config()))
        # A port found free may be taken before node binds it: then try another, twice.
        for attempt in range(3):
            self.port = _free_port()
            self._spawn(node, config)
            try:
                self._wait_until_ready()
                return
            except _PortTaken:
                self._reap()
                if attempt == 2:
                    log = self.stderr
                    self._cleanup()
                    raise OidcProviderError(f"no free port found:\n{log}") from None
            except BaseException:
                self.stop()
                raise

    def stop(self) -> None:
        """Ends the process (SIGTERM, then SIGKILL after 10 s) and removes its files."""
        self._reap()
        self._cleanup()

    def __enter__(self) -> OidcProvider:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _config(self) -> dict[str, Any]:
        return {
            "client": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "redirect_uris": self.redirect_uris,
                "post_logout_redirect_uris": self.post_logout_redirect_uris,
                "token_endpoint_auth_method": self.token_endpoint_auth_method,
            },
            "accounts": [
                {
                    "sub": a.sub,
                    "email": a.email,
                    "name": a.name,
                    "email_verified": a.email_verified,
                }
                for a in self.accounts
            ],
        }

    def _spawn(self, node: str, config: Path) -> None:
        assert self._folder is not None
        if self._stderr is not None:
            self._stderr.close()
        self._stderr = open(Path(self._folder.name) / "stderr.log", "wb")  # noqa: SIM115
        self._process = subprocess.Popen(
            [node, str(SCRIPT), str(config), "--port", str(self.port), "--exit-with-stdin"],
            cwd=FOLDER,
            # stdin stays open: the provider exits when it closes, so it dies with the tests.
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env={**os.environ, "NODE_ENV": "test"},
        )

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        with httpx2.Client(timeout=2) as client:
            while True:
                code = self._process.poll()
                if code is not None:
                    if "EADDRINUSE" in self.stderr:
                        raise _PortTaken
                    raise OidcProviderError(
                        f"the OIDC provider exited with {code} while starting:\n{self.stderr}"
                    )
                try:
                    if client.get(self.discovery_url).status_code == 200:
                        return
                except httpx2.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise OidcProviderError(
                        f"the OIDC provider was not ready within {self.startup_timeout} s:\n"
                        f"{self.stderr}"
                    )
                time.sleep(0.05)

    def _reap(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdin is not None:
            process.stdin.close()

    def _cleanup(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        self.port = 0


class _PortTaken(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class _Form:
    action: str
    method: str
    fields: dict[str, str]


class _FormParser(HTMLParser):
    """The forms of a page, with the names and values of their input fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = attributes.get("method", "get").lower()
            self.forms.append(_Form(attributes.get("action", ""), method, {}))
        elif tag in ("input", "button", "textarea") and self.forms and "name" in attributes:
            if tag == "button" and attributes.get("type", "submit") != "submit":
                return
            self.forms[-1].fields.setdefault(attributes["name"], attributes.get("value", ""))


def sign_in_by_http(
    authorize_url: str, login: str, client: httpx2.Client, *, password: str = "secret"
) -> str:
    """Signs `login` in at the provider as a browser would, with plain HTTP: opens
    `authorize_url` (where the app sent the browser), follows the provider's redirects, fills
    and posts its sign-in form, and returns the URL the provider finally redirects to on the
    app's redirect_uri (`...?code=...&state=...&iss=...`, or `?error=...`), without opening it.

    `client` keeps the provider's cookies between the steps, and so the provider's session: a
    next sign-in with the same client is not asked for a login and signs the same person in
    again, whatever `login` says (unless the app sends prompt=login); use a fresh client for
    another person. Its own follow_redirects setting is not used. Raises OidcProviderError when
    the provider answers with an error page or shows the form again (an unknown login)."""
    redirect_uri = parse_qs(urlsplit(authorize_url).query).get("redirect_uri", [""])[0]
    if not redirect_uri:
        raise OidcProviderError(f"no redirect_uri in {authorize_url}")
    target = _on(redirect_uri)
    response = client.get(authorize_url, follow_redirects=False)
    logins = 0
    for _ in range(20):
        if response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            if _on(location) == target:
                return location
            response = client.get(location, follow_redirects=False)
            continue
        if response.status_code != 200:
            raise OidcProviderError(
                f"the provider answered {response.status_code} at {response.url}:\n"
                f"{response.text[:2000]}"
            )
        form = _one_form(response)
        if "login" in form.fields:
            logins += 1
            if logins > 1:
                raise OidcProviderError(f"the provider did not take the login {login!r}")
            form.fields["login"] = login
            if "password" in form.fields:
                form.fields["password"] = password
        # Any other form (a consent screen) is posted as it is: its submit button approves.
        action = urljoin(str(response.url), form.action or str(response.url))
        response = client.post(action, data=form.fields, follow_redirects=False)
    raise OidcProviderError(f"too many steps from {authorize_url}")


def _on(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc, parts.path


def _one_form(page: httpx2.Response) -> _Form:
    parser = _FormParser()
    parser.feed(page.text)
    forms = [form for form in parser.forms if form.method == "post"]
    if len(forms) != 1:
        raise OidcProviderError(f"expected one form at {page.url}, found:\n{page.text[:2000]}")
    return forms[0]
