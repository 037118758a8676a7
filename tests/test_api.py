"""The JSON API over HTTP, against `tiltag serve` as a real process: personal access tokens made
and revoked on the person's page, the token's person acting under the same rules (the history
names the channel `api`), problem details for every error and never a page, and a schemathesis
run against the OpenAPI description."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import Engine, select, update

from tests.helpers import Desk
from tests.test_web import browser, post, signed_in
from tests.web_server import WebServer
from workflow.access.tokens import (
    TokenRefused,
    list_tokens,
    make_token,
    revoke_token,
    token_person,
)
from workflow.base.clock import FixedClock
from workflow.base.errors import InvalidValueError
from workflow.base.secrets import digest
from workflow.core.initiatives import get_initiative
from workflow.core.people import Channel
from workflow.storage.access_tables import ACCESS_TOKEN
from workflow.storage.core_tables import PERSON

NOW = "2010-08-18T09:00"  # the server's clock (a simulation database)
_SECRET = re.compile(r'id="secret" name="secret" value="(tiltag_[\w-]+)"')
PROBLEM = "application/problem+json"


@pytest.fixture
def server(database_url: str, people: Any, tmp_path: Path) -> Iterator[WebServer]:
    with WebServer(database_url, tmp_path, now=NOW) as running:
        yield running


def made_on_the_page(client: httpx2.Client, name: str, days: str = "90") -> str:
    """Make a token on /me/tokens as the signed-in person; its secret as the page shows it."""
    page = post(client, "/me/tokens", {"name": name, "days": days})
    assert page.status_code == 200, page.text
    found = _SECRET.search(page.text)
    assert found, page.text
    return found[1]


def api(server: WebServer, token: str | None) -> httpx2.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx2.Client(base_url=f"{server.url}/api/v1", headers=headers, timeout=20)


def problem(answer: httpx2.Response, status: int) -> dict[str, Any]:
    """The problem details document of an answer with `status`."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM, answer.headers
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:tiltag:problem:") and body["title"]
    assert body["instance"] == answer.request.url.path
    return body


def test_a_token_made_on_the_page_is_shown_once_stored_as_a_hash_and_acts_for_its_person(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    initiative = desk.propose()
    client = signed_in(server, "jens")
    listed = client.get("/me/tokens")
    assert listed.status_code == 200 and "<h1>Adgangsnøgler</h1>" in listed.text
    assert 'href="/me/tokens"' in listed.text  # the frame links to the page
    secret = made_on_the_page(client, "økonomisystemet")
    assert "vises kun denne ene gang" in post(client, "/me/tokens", {"name": "x"}).text
    again = client.get("/me/tokens")
    assert secret not in again.text and "økonomisystemet" in again.text
    assert "Aldrig" in again.text  # not used yet
    with engine.connect() as conn:
        stored = conn.execute(select(ACCESS_TOKEN.c.token_hash, ACCESS_TOKEN.c.name)).all()
    assert (digest(secret), "økonomisystemet") in stored
    assert all(secret not in row.token_hash for row in stored)

    with api(server, secret) as jens:
        decided = jens.post(
            f"/initiatives/{initiative}/decisions",
            json={
                "forum": "chief_group",
                "outcome": "go",
                "meeting_date": "2010-08-18",
                "reference": "Chefgruppen 18.08.2010, pkt. 4",
                "justification": "Optages i handlekataloget",
            },
        )
        assert decided.status_code == 201, decided.text
        assert decided.json()["forum"] == "chief_group" and decided.json()["moved"] is None
        check = jens.get(f"/initiatives/{initiative}/check").json()
        select_move = next(m for m in check["moves"] if m["move"] == "select")
        assert check["actor"] == "jens" and select_move["possible"] is True
        moved = jens.post(
            f"/initiatives/{initiative}/advance", json={"move": "select", "expected_version": 2}
        )
        assert moved.status_code == 200, moved.text
        assert moved.json() == {
            "initiative_id": initiative,
            "move": "select",
            "from_state": "screening",
            "to_state": "business_case",
            "version": 3,
            "created": None,
        }
        shown = jens.get(f"/initiatives/{initiative}").json()
        assert (shown["state"], shown["version"], shown["owner"]) == ("business_case", 3, "ulla")
        events = jens.get(f"/initiatives/{initiative}/history").json()
        assert (events[-1]["channel"], events[-1]["channel_detail"]) == ("api", "økonomisystemet")
        listed_api = jens.get("/initiatives", params={"state": "business_case"}).json()
        assert [i["id"] for i in listed_api["items"]] == [initiative]
        assert listed_api["next_offset"] is None
        assert jens.get("/initiatives", params={"workflow": "proevehandling"}).json()["items"] == []
        assert jens.get(f"/initiatives/{initiative}/records").json() == {}
        report = jens.get("/reports/portfolio")
        assert report.status_code == 200 and report.json()["report"] == "portfolio"
    history = server.tiltag("history", str(initiative))
    assert history.returncode == 0, history.stderr
    assert "select: screening -> business_case  [api: økonomisystemet]" in history.stdout
    assert "Senest brugt" in client.get("/me/tokens").text
    with engine.connect() as conn:
        used = conn.execute(select(ACCESS_TOKEN.c.used_at)).scalars().all()
    assert any(u is not None for u in used)


def test_a_revoked_an_expired_a_forged_token_and_a_deactivated_person_are_refused(
    server: WebServer, desk: Desk, engine: Engine, people: Any
) -> None:
    initiative = desk.propose()
    client = signed_in(server, "ulla")
    revoked = made_on_the_page(client, "regneark")
    kept = made_on_the_page(client, "rapporter")
    with engine.connect() as conn:
        token_id = conn.execute(
            select(ACCESS_TOKEN.c.id).where(ACCESS_TOKEN.c.token_hash == digest(revoked))
        ).scalar_one()
    with api(server, revoked) as before:
        assert before.get(f"/initiatives/{initiative}").status_code == 200
    done = post(client, f"/me/tokens/{token_id}/revoke", {}, "/me/tokens")
    assert (done.status_code, done.headers["location"]) == (303, "/me/tokens?done=revoked")
    assert "Tilbagekaldt 18.08.2010" in client.get("/me/tokens").text
    # Someone else cannot revoke ulla's token: as if there were none.
    other = signed_in(server, "jens")
    assert post(other, f"/me/tokens/{token_id + 1}/revoke", {}, "/me/tokens").status_code == 404
    # Made two days before the server's now, for one day.
    two_days_ago = FixedClock(datetime(2010, 8, 16, 9, 0, tzinfo=UTC))
    expired = make_token(engine, people["ulla"], name="gammel", clock=two_days_ago, days=1).secret

    answers = {}
    for name, token in (
        ("none", None),
        ("revoked", revoked),
        ("expired", expired),
        ("forged", kept + "x"),
    ):
        with api(server, token) as someone:
            answers[name] = problem(someone.get(f"/initiatives/{initiative}"), 401)
            challenge = someone.get("/initiatives").headers["www-authenticate"]
            invalid = ', error="invalid_token"' if token else ""
            assert challenge == f'Bearer realm="tiltag"{invalid}'

    assert answers["none"]["detail"] == (
        "no access token: give the header Authorization: Bearer TOKEN"
    )
    assert answers["revoked"]["detail"] == "the access token is refused: it is revoked"
    assert answers["expired"]["detail"] == "the access token is refused: it is expired"
    assert answers["forged"]["detail"] == "the access token is refused: it is unknown"
    with api(server, kept) as ulla:
        assert ulla.get(f"/initiatives/{initiative}").status_code == 200
        with engine.begin() as conn:
            conn.execute(
                update(PERSON)
                .where(PERSON.c.handle == "ulla")
                .values(deactivated_at=datetime(2010, 8, 18, 8, 0, tzinfo=UTC))
            )
        gone = problem(ulla.get(f"/initiatives/{initiative}"), 401)
    assert gone["detail"] == "the access token is refused: its person is deactivated"


def test_the_page_refuses_a_token_without_a_name_or_with_too_many_days(server: WebServer) -> None:
    client = signed_in(server, "ulla")
    nameless = post(client, "/me/tokens", {"name": " ", "days": "90"})
    too_long = post(client, "/me/tokens", {"name": "regneark", "days": "366"})
    assert nameless.status_code == too_long.status_code == 400
    assert "Skriv et navn på højst 100 tegn" in nameless.text
    assert "Skriv et antal dage fra 1 til 365" in too_long.text
    assert 'id="secret"' not in nameless.text + too_long.text


def test_the_token_service_bounds_its_tokens_and_revokes_only_ones_own(
    engine: Engine, people: Any, clock: FixedClock
) -> None:
    ulla, jens = people["ulla"], people["jens"]
    for name, days, field in (("", 90, "token name"), ("x" * 101, 90, "token name")) + (
        ("regneark", 0, "days"),
        ("regneark", 366, "days"),
    ):
        with pytest.raises(InvalidValueError) as refused:
            make_token(engine, ulla, name=name, clock=clock, days=days)
        assert refused.value.field == field
    first = make_token(engine, ulla, name="regneark", clock=clock)
    second = make_token(engine, ulla, name="rapporter", clock=clock, days=365)
    assert first.token.expires_at == clock.now() + timedelta(days=90)
    assert first.secret != second.secret and first.secret.startswith("tiltag_")
    assert [t.name for t in list_tokens(engine, ulla)] == ["rapporter", "regneark"]
    assert list_tokens(engine, jens) == []
    with pytest.raises(TokenRefused) as refused_other:
        revoke_token(engine, jens, first.token.id, clock)
    assert str(refused_other.value) == "the access token is refused: it is unknown"
    acting = token_person(engine, first.secret, clock)
    assert (acting.handle, acting.channel) == ("ulla", Channel("api", "regneark"))
    revoked = revoke_token(engine, ulla, first.token.id, clock)
    later = FixedClock(clock.now() + timedelta(hours=1))
    assert revoke_token(engine, ulla, first.token.id, later).revoked_at == revoked.revoked_at
    with pytest.raises(TokenRefused):
        token_person(engine, first.secret, clock)
    assert token_person(engine, second.secret, clock).handle == "ulla"


def test_every_refusal_is_a_problem_with_the_command_lines_words(
    server: WebServer, desk: Desk, engine: Engine, people: Any
) -> None:
    initiative = desk.propose()
    one_year = FixedClock(datetime(2010, 8, 18, 8, 0, tzinfo=UTC))
    jens = make_token(engine, people["jens"], name="t", clock=one_year).secret
    ulla = make_token(engine, people["ulla"], name="t", clock=one_year).secret
    base = f"/initiatives/{initiative}"
    with api(server, jens) as client:
        missing = problem(client.get("/initiatives/999"), 404)
        assert missing["detail"] == "no initiative with id 999"
        assert problem(client.get("/nothing/here"), 404)["type"] == "urn:tiltag:problem:not-found"
        assert problem(client.delete("/initiatives"), 405)["detail"].startswith("DELETE")
        illegal = problem(client.post(f"{base}/advance", json={"move": "realise"}), 409)
        assert illegal["detail"] == (
            f"initiative {initiative} is in state screening; 'realise' is not a move from there. "
            "Valid moves: select, reject, hold, withdraw"
        )
        unmet = problem(client.post(f"{base}/advance", json={"move": "select"}), 409)
        assert unmet["detail"].startswith(f"initiative {initiative} cannot select")
        stale = client.post(f"{base}/advance", json={"move": "hold", "expected_version": 9})
        assert "changed since you read it" in problem(stale, 409)["detail"]
        # Not his initiative: the status is refused by who he is.
        refused = client.post(f"{base}/statuses", json={"light": "green", "text": "Går fint"})
        assert problem(refused, 403)["detail"] == (
            f"jens may not change initiative {initiative}: only its proposer, its owner, the task "
            "force or an admin may"
        )
        bad = problem(client.post(f"{base}/statuses", json={"light": "blue", "text": "x"}), 422)
        assert [e["field"] for e in bad["errors"]] == ["body.light"]
        assert problem(client.get("/initiatives", params={"limit": 0}), 422)["errors"]
        assert problem(client.get("/reports/stalled", params={"year": 2010}), 422)["detail"] == (
            "the stalled report takes no year"
        )
        huge = client.post(f"{base}/statuses", json={"light": "green", "text": "x" * 300_000})
        assert problem(huge, 413)["detail"] == "the request is larger than 256 KB"
        streamed = client.post(  # no Content-Length: cut off while it is read
            f"{base}/statuses",
            content=iter([b'{"light": "green", "text": "', b"x" * 300_000, b'"}']),
            headers={"Content-Type": "application/json"},
        )
        assert problem(streamed, 413)["detail"] == "the request is larger than 256 KB"
    with api(server, ulla) as client:
        personal = problem(client.post(f"{base}/advance", json={"move": "select"}), 403)
        assert personal["detail"].endswith("requires the role task force or chief group")
        empty = client.post(f"{base}/statuses", json={"light": "green", "text": "  "})
        assert problem(empty, 422)["errors"] == [
            {"field": "status text", "problem": "must not be empty"}
        ]
        given = client.post(f"{base}/statuses", json={"light": "green", "text": "Går fint"})
        assert given.status_code == 201 and given.json()["quarter"] == "2010-Q3"
        late = client.post(
            f"{base}/statuses", json={"light": "green", "text": "Går fint", "quarter": "2010-Q9"}
        )
        assert problem(late, 422)["errors"][0]["field"] == "quarter"
    assert get_initiative(engine, initiative).state == "screening"
    with httpx2.Client(base_url=server.url, timeout=20) as plain:
        bare = plain.get("/api/v1")
        assert "html" not in bare.headers.get("content-type", "")
        assert problem(plain.get("/api/v1", follow_redirects=True), 404)
        # The API sets no cookie; the pages still do.
        assert "set-cookie" not in plain.get("/api/v1/openapi.json").headers
        assert "set-cookie" in plain.get("/sign-in").headers


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_fault_of_tiltags_is_a_problem_with_the_request_id_not_a_page(
    server: WebServer, desk: Desk, engine: Engine, people: Any
) -> None:
    initiative = desk.propose()
    clock = FixedClock(datetime(2010, 8, 18, 8, 0, tzinfo=UTC))
    token = make_token(engine, people["ulla"], name="t", clock=clock).secret
    with engine.begin() as conn:  # a table gone from under the server: not a refusal
        conn.exec_driver_sql("ALTER TABLE record RENAME TO record_away")
    with api(server, token) as client:
        fault = client.get(f"/initiatives/{initiative}/records")
    body = problem(fault, 500)
    assert body["detail"] == f"an unexpected error; quote the request id {body['request_id']}"
    assert body["request_id"] == fault.headers["x-request-id"]
    assert "record_away" not in fault.text and "Traceback" not in fault.text


def test_the_openapi_description_is_the_apis_only(server: WebServer) -> None:
    with browser(server) as client:
        described = client.get("/api/v1/openapi.json")
        assert client.get("/openapi.json").status_code == 404
        assert client.get("/api/v1/docs").headers["content-type"] == PROBLEM
    assert described.status_code == 200
    schema = described.json()
    assert schema["servers"] == [{"url": "/api/v1"}]
    assert sorted(schema["paths"]) == [
        "/initiatives",
        "/initiatives/{initiative_id}",
        "/initiatives/{initiative_id}/advance",
        "/initiatives/{initiative_id}/check",
        "/initiatives/{initiative_id}/decisions",
        "/initiatives/{initiative_id}/history",
        "/initiatives/{initiative_id}/records",
        "/initiatives/{initiative_id}/statuses",
        "/reports/{name}",
    ]
    advance = schema["paths"]["/initiatives/{initiative_id}/advance"]["post"]
    assert sorted(advance["responses"]) == [
        *("200", "400", "401", "403", "404", "409", "413", "422", "503")
    ]
    assert list(advance["responses"]["409"]["content"]) == [PROBLEM]
    assert schema["components"]["securitySchemes"]["AccessToken"]["scheme"] == "bearer"


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_tokens_page_in_a_browser_is_accessible_and_shows_the_secret_once(
    server: WebServer, engine: Engine, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    from tests.test_web_browser import _checked, _driver, _wait

    shots = tmp_path / "screenshots"
    shots.mkdir()
    driver = _driver()
    try:
        driver.get(server.tiltag("web", "link", "ulla", "--next", "/me/tokens").stdout.strip())
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        _wait(lambda: "Adgangsnøgler" in driver.title, "the tokens page")
        _checked(driver, shots, "tokens-empty")
        driver.find_element(By.ID, "days").clear()
        driver.find_element(By.CSS_SELECTOR, "form[action='/me/tokens'] button").click()
        _wait(lambda: "Skriv et navn" in driver.page_source, "the refused form")
        _checked(driver, shots, "tokens-refused")
        driver.find_element(By.ID, "name").send_keys("Økonomisystemet")
        driver.find_element(By.ID, "days").send_keys("30")
        driver.find_element(By.CSS_SELECTOR, "form[action='/me/tokens'] button").click()
        _wait(lambda: driver.find_elements(By.ID, "secret"), "the new token")
        secret = driver.find_element(By.ID, "secret").get_attribute("value")
        assert secret.startswith("tiltag_") and "17.09.2010" in driver.page_source
        _checked(driver, shots, "tokens-made")
        with api(server, secret) as client:
            assert client.get("/initiatives").status_code == 200
        driver.get(f"{server.url}/me/tokens")
        assert secret not in driver.page_source
        driver.find_element(By.CSS_SELECTOR, "form[action$='/revoke'] button").click()
        _wait(lambda: "tilbagekaldt" in driver.page_source, "the revoked token")
        _checked(driver, shots, "tokens-revoked")
    finally:
        driver.quit()
    with engine.connect() as conn:
        assert conn.execute(select(ACCESS_TOKEN.c.revoked_at)).scalar_one() is not None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_schemathesis_finds_no_server_error_and_every_answer_as_described(
    server: WebServer, desk: Desk, engine: Engine, people: Any
) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings, strategies
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    for title in ("Udbud af forsikring", "Fælles indkøb"):
        desk.propose(title=title)
    clock = FixedClock(datetime(2010, 8, 18, 8, 0, tzinfo=UTC))
    token = make_token(engine, people["hanne"], name="schemathesis", clock=clock).secret
    schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results) == 9
    for operation in operations:
        cases = strategies.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        # Bounded and the same every run: few examples, derandomized, no example database.
        @given(case=cases)
        @settings(
            max_examples=40,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_described(case: Any) -> None:
            case.call_and_validate(
                base_url=f"{server.url}/api/v1",
                headers={"Authorization": f"Bearer {token}"},
                checks=checks,
            )

        answers_as_described()


def test_the_api_names_every_report_the_service_makes() -> None:
    from typing import get_args

    from workflow.reports.service import REPORTS
    from workflow.web.api.routes import ReportName

    assert set(get_args(ReportName)) == set(REPORTS)
