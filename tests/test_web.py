"""The web app over HTTP, against `tiltag serve` as a real process: signing in, sessions, the
actor of a web action, and each security rule of docs/web.md."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import Engine, insert, select

from tests.helpers import Desk
from tests.mailserver import MailServer
from tests.web_server import WebServer
from workflow.access.links import PER_CLIENT
from workflow.approvals.decisions import list_decisions
from workflow.approvals.dossier import read_records
from workflow.base.clock import FixedClock
from workflow.base.secrets import digest
from workflow.core.history import read_history
from workflow.core.people import Person, add_person
from workflow.schedule.status import read_statuses
from workflow.storage.access_tables import SIGN_IN_LINK, WEB_SESSION
from workflow.storage.record_tables import RECORD

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf(page: httpx2.Response) -> str:
    found = _CSRF.search(page.text)
    assert found, page.text
    return found[1]


def browser(server: WebServer) -> httpx2.Client:
    return httpx2.Client(base_url=server.url, timeout=20, follow_redirects=False)


def signed_in(server: WebServer, handle: str) -> httpx2.Client:
    """A client signed in as `handle` through a one-time link."""
    link = server.tiltag("web", "link", handle)
    assert link.returncode == 0, link.stderr
    client = browser(server)
    page = client.get(link.stdout.strip())
    done = client.post(page.url.path, data={"csrf": csrf(page)})
    assert done.status_code == 303, done.text
    return client


def post(client: httpx2.Client, path: str, data: dict[str, str], page: str | None = None) -> Any:
    """Post a form the way its page would: with the page's CSRF token and this site's Origin."""
    token = csrf(client.get(page or path))
    headers = {"Origin": str(client.base_url).rstrip("/")}
    return client.post(path, data={"csrf": token, **data}, headers=headers)


def test_every_response_carries_the_security_headers(server: WebServer) -> None:
    with browser(server) as client:
        page = client.get("/sign-in")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in page.headers  # plain http on loopback
    assert re.fullmatch(r"[0-9a-f]{12}", page.headers["x-request-id"])
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert '<html lang="da">' in page.text


def test_a_page_needs_a_signed_in_person(server: WebServer) -> None:
    with browser(server) as client:
        answer = client.get("/initiatives/1/status?quarter=2010-Q3")
    assert answer.status_code == 303
    assert (
        answer.headers["location"]
        == "/sign-in?next=%2Finitiatives%2F1%2Fstatus%3Fquarter%3D2010-Q3"
    )


def test_a_mailed_link_signs_in_once_and_the_session_is_new(
    server: WebServer, mail_server: MailServer, engine: Engine
) -> None:
    with browser(server) as client:
        form = client.get("/sign-in?next=/propose")
        sent = post(
            client, "/sign-in", {"email": "Ulla@Kommune.example.dk", "next": "/propose"}, "/sign-in"
        )
        assert sent.status_code == 200 and "Se din mail" in sent.text
        mail = _wait_for_mail(mail_server, 1)[0]
        assert mail.subject == "Dit link til at logge ind i tiltag"
        link = re.search(r"http://\S+/sign-in/[\w-]+", mail.text)
        assert link, mail.text
        token = link[0].rsplit("/", 1)[1]
        with engine.connect() as conn:  # only its hash is stored
            stored = conn.execute(select(SIGN_IN_LINK.c.token_hash)).scalars().all()
        assert stored == [digest(token)]
        confirm = client.get(link[0])  # a scanner opening the link does not use it up
        assert confirm.status_code == 200
        used = client.post(f"/sign-in/{token}", data={"csrf": csrf(confirm)})
        assert (used.status_code, used.headers["location"]) == (303, "/propose")
        session = used.cookies.get("tiltag_session")
        assert session and "HttpOnly" in used.headers["set-cookie"]
        assert client.get("/propose").status_code == 200
        again = client.post(f"/sign-in/{token}", data={"csrf": csrf(client.get(link[0]))})
        assert again.status_code == 400 and "allerede brugt" in again.text
    assert form.status_code == 200


def test_the_answer_is_the_same_for_an_unknown_address_and_nothing_is_sent(
    server: WebServer, mail_server: MailServer
) -> None:
    with browser(server) as client:
        known = post(client, "/sign-in", {"email": "ulla@kommune.example.dk"}, "/sign-in")
        unknown = post(client, "/sign-in", {"email": "nobody@kommune.example.dk"}, "/sign-in")
    assert known.status_code == unknown.status_code == 200

    def shown(page: httpx2.Response, address: str) -> str:
        main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
        return main.replace(address, "ADDRESS")

    assert shown(known, "ulla@kommune.example.dk") == shown(unknown, "nobody@kommune.example.dk")
    assert [m.recipients for m in _wait_for_mail(mail_server, 1)] == [["ulla@kommune.example.dk"]]


def test_requests_for_links_are_rate_limited_per_client_and_per_address(
    server: WebServer, mail_server: MailServer
) -> None:
    with browser(server) as client:
        answers = [
            post(client, "/sign-in", {"email": "jens@kommune.example.dk"}, "/sign-in").status_code
            for _ in range(6)
        ]
        for n in range(PER_CLIENT - 6):
            post(client, "/sign-in", {"email": f"x{n}@kommune.example.dk"}, "/sign-in")
        refused = post(client, "/sign-in", {"email": "ulla@kommune.example.dk"}, "/sign-in")
    # The address's sixth request is answered the same and sends nothing; the client's 31st: 429.
    assert answers == [200] * 6
    assert refused.status_code == 429 and "Prøv igen om 15 minutter" in refused.text
    _wait_for_mail(mail_server, 5)
    assert [m.recipients for m in mail_server.received] == [["jens@kommune.example.dk"]] * 5


def test_an_expired_or_forged_link_is_refused_with_a_page_that_offers_a_new_one(
    server: WebServer,
) -> None:
    link = server.tiltag("web", "link", "ulla").stdout.strip()
    later = server.tiltag("web", "link", "ulla", now="2010-08-18T08:00").stdout.strip()
    with browser(server) as client:
        for given, word in ((later, "udløbet"), (link + "x", "kan ikke bruges")):
            page = client.get(given)
            refused = client.post(page.url.path, data={"csrf": csrf(page)})
            assert refused.status_code == 400
            assert word in refused.text and 'action="/sign-in"' in refused.text
            assert "tiltag_session" not in refused.cookies


def test_a_state_change_without_the_csrf_token_or_from_another_site_changes_nothing(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    initiative = desk.propose(title="Fælles indkøb")
    client = signed_in(server, "ulla")
    page = client.get(f"/initiatives/{initiative}/status")
    form = {"light": "green", "text": "Går fint", "quarter": "2010-Q3"}
    path = f"/initiatives/{initiative}/status"
    without = client.post(path, data=form)
    wrong = client.post(path, data={**form, "csrf": "forged"})
    foreign = client.post(
        path, data={**form, "csrf": csrf(page)}, headers={"Origin": "https://evil.example"}
    )
    assert [r.status_code for r in (without, wrong, foreign)] == [403, 403, 403]
    assert "Intet er ændret" in without.text and "Fejlnummer" in without.text
    assert read_statuses(engine, initiative) == []
    ok = client.post(path, data={**form, "csrf": csrf(page)}, headers={"Origin": server.url})
    assert ok.status_code == 303
    assert [s.light for s in read_statuses(engine, initiative)] == ["green"]


def test_the_actor_is_the_signed_in_person_never_a_field(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    initiative = desk.propose()
    client = signed_in(server, "ulla")
    done = post(
        client,
        f"/initiatives/{initiative}/status",
        {
            "light": "amber",
            "text": "Forsinket",
            "actor": "jens",
            "as": "jens",
            "quarter": "2010-Q3",
        },
    )
    assert done.status_code == 303
    event = read_history(engine, initiative)[-1]
    assert (event.kind, event.actor, event.channel, event.channel_detail) == (
        "status",
        "ulla",
        "web",
        "link",
    )
    shown = server.tiltag("history", str(initiative)).stdout.splitlines()[-2]
    assert shown.endswith("status 2010-Q3: gul / amber  [web: link]")


def test_a_person_who_may_not_act_gets_403_and_sees_no_button(
    server: WebServer, desk: Desk, engine: Engine, people: dict[str, Person], clock: FixedClock
) -> None:
    initiative = desk.propose()
    add_person(  # an employee, neither proposer nor owner, in no forum
        engine,
        handle="mette",
        name="Mette Lund",
        email="mette@kommune.example.dk",
        roles=[],
        actor=people["admin"],
        clock=clock,
    )
    client = signed_in(server, "mette")
    page = client.get(f"/initiatives/{initiative}")
    assert page.status_code == 200
    assert f"/initiatives/{initiative}/status" not in page.text
    assert "/moves/" not in page.text and "/records/" not in page.text
    assert client.get(f"/initiatives/{initiative}/status").status_code == 403
    refused = post(
        client,
        f"/initiatives/{initiative}/status",
        {"light": "red", "text": "x"},
        f"/initiatives/{initiative}",
    )
    assert refused.status_code == 403
    moved = post(
        client, f"/initiatives/{initiative}/moves/select", {}, f"/initiatives/{initiative}"
    )
    assert moved.status_code == 403
    assert read_statuses(engine, initiative) == []
    assert [e.kind for e in read_history(engine, initiative)] == ["created"]


def test_every_user_text_is_escaped(server: WebServer, desk: Desk) -> None:
    hostile = "<script>alert(1)</script>"
    initiative = desk.propose(title=hostile, description=hostile, area=hostile)
    client = signed_in(server, "ulla")
    for path in ("/", f"/initiatives/{initiative}", f"/initiatives/{initiative}/status"):
        page = client.get(path)
        assert page.status_code == 200
        assert hostile not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_sign_out_ends_the_session_for_every_browser_that_holds_it(server: WebServer) -> None:
    client = signed_in(server, "ulla")
    cookie = client.cookies["tiltag_session"]
    other = browser(server)
    other.cookies.set("tiltag_session", cookie)
    assert other.get("/").status_code == 200
    assert post(client, "/sign-out", {}, "/").status_code == 303
    assert other.get("/").status_code == 303  # to sign in


def test_oversized_malformed_and_missing_fields_get_a_clear_answer_and_change_nothing(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    initiative = desk.propose()
    client = signed_in(server, "ulla")
    path = f"/initiatives/{initiative}/status"
    huge = client.post(
        path, content=b"x" * 300_000, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert huge.status_code == 413
    garbled = client.post(
        path, content=b"\xff\xfe--", headers={"Content-Type": "multipart/form-data; boundary=zz"}
    )
    assert garbled.status_code in (400, 403)
    empty = post(client, path, {"light": "", "text": ""})
    assert empty.status_code == 400
    assert "Vælg grøn, gul eller rød" in empty.text
    bad_gains = post(
        client,
        path,
        {"light": "green", "text": "Fint", "gains-0-year": "1899", "gains-0-amount": "-5"},
    )
    assert bad_gains.status_code == 400 and "Fint" in bad_gains.text  # what was typed is kept
    assert read_statuses(engine, initiative) == []
    assert client.get("/initiatives/999999").status_code == 404
    assert client.get("/initiatives/abc").status_code == 400


def test_sessions_live_in_the_database_and_serve_every_process(
    server: WebServer, engine: Engine
) -> None:
    client = signed_in(server, "ulla")
    with engine.connect() as conn:
        rows = conn.execute(select(WEB_SESSION.c.token_hash, WEB_SESSION.c.method)).all()
    assert [(r.token_hash, r.method) for r in rows] == [
        (digest(client.cookies["tiltag_session"]), "link")
    ]


def _wait_for_mail(server: MailServer, count: int, timeout: float = 20) -> list[Any]:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(server.received) >= count:
            return server.received
        time.sleep(0.05)  # polling the mail server, not waiting a fixed time
    raise AssertionError(f"{len(server.received)} mails arrived, not {count}")


def test_an_unexpected_error_shows_a_page_with_the_request_id_and_no_stack_trace(
    server: WebServer, desk: Desk, engine: Engine, people: dict[str, Person], clock: FixedClock
) -> None:
    initiative = desk.propose()
    with engine.begin() as conn:  # a record written by hand, which no page can read
        conn.execute(
            insert(RECORD).values(
                initiative_id=initiative,
                kind="organisation",
                data={"not a field": 1},
                updated_at=clock.now(),
                updated_by=people["ulla"].id,
            )
        )
    client = signed_in(server, "ulla")
    page = client.get(f"/initiatives/{initiative}")
    assert page.status_code == 500
    request_id = page.headers["x-request-id"]
    assert f"Fejlnummer: {request_id}" in page.text and "Intet er gemt" in page.text
    assert "Traceback" not in page.text and "pydantic" not in page.text
    assert "content-security-policy" in page.headers
    assert request_id in server.log.read_text(encoding="utf-8")


def test_a_person_reads_the_pages_in_the_language_they_chose(server: WebServer) -> None:
    client = signed_in(server, "ulla")
    assert "<h1>Mine tiltag</h1>" in client.get("/").text
    chosen = post(client, "/language", {"language": "en", "back": "/"}, "/")
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/")
    page = client.get("/")
    assert '<html lang="en">' in page.text and "<h1>My initiatives</h1>" in page.text
    assert "Mine tiltag" not in page.text.split("<main", 1)[1]  # one language at a time
    refused = post(client, "/language", {"language": "fr", "back": "https://evil.example/"}, "/")
    assert (refused.status_code, refused.headers["location"]) == (303, "/")


def test_an_owner_marks_a_milestone_done_and_replans_another_with_a_reason(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    initiative = desk.propose()
    desk.bring_to(initiative, "execution")
    client = signed_in(server, "ulla")
    page = f"/initiatives/{initiative}"
    assert "Marker som nået" in client.get(page).text
    done = post(client, f"{page}/milestones/1", {"done": "1"}, page)
    bad = post(
        client,
        f"{page}/milestones/2",
        {"replanned": "Leverandøren er forsinket", "due": "31.13.2010"},
        page,
    )
    assert bad.status_code == 400 and "ikke en dato" in bad.text
    moved = post(
        client,
        f"{page}/milestones/2",
        {"replanned": "Leverandøren er forsinket", "due": "01.12.2010"},
        page,
    )
    assert (done.status_code, moved.status_code) == (303, 303)
    plan = read_records(engine, initiative)["plan"]
    first, second = plan.milestones[:2]  # type: ignore[attr-defined]
    assert first.done_on is not None and first.done_on.isoformat() == "2010-08-18"
    assert (
        second.replanned == "Leverandøren er forsinket" and second.due.isoformat() == "2010-12-01"
    )


def test_every_state_changing_route_checks_the_csrf_token_and_origin() -> None:
    from fastapi.routing import APIRoute

    from workflow.web.app import PAGES
    from workflow.web.guard import checked_form

    routes = [r for module in PAGES for r in module.router.routes if isinstance(r, APIRoute)]
    posting = [r for r in routes if "POST" in (r.methods or set())]
    assert len(posting) >= 8
    for route in posting:
        assert checked_form in [d.call for d in route.dependant.dependencies], route.path


def test_odd_cookies_queries_and_ids_get_a_page_not_an_error(server: WebServer) -> None:
    with browser(server) as client:
        junk = client.get("/sign-in", headers={"Cookie": "x=a b; tiltag_browser=; tiltag_session="})
        assert junk.status_code == 200 and "Log ind" in junk.text
    client = signed_in(server, "ulla")
    assert client.get("/?done=xyz").status_code == 200
    assert client.get("/initiatives/99999999999999999999999").status_code == 400
    page = client.get("/")
    assert page.headers["cache-control"] == "no-store"  # a page for one person is not kept
    style = client.get("/static/dkfds/css/dkfds.min.css")
    assert style.status_code == 200 and "max-age" in style.headers["cache-control"]


def test_an_operator_signs_a_person_out_everywhere(server: WebServer) -> None:
    first, second = signed_in(server, "ulla"), signed_in(server, "ulla")
    done = server.tiltag("web", "sign-out", "ulla")
    assert (done.returncode, done.stdout) == (0, "Ulla Krogh (ulla): 2 session(s) ended\n")
    assert first.get("/").status_code == second.get("/").status_code == 303


@pytest.mark.parametrize("kind", ["business_case", "organisation", "plan", "follow_up"])
def test_a_record_comes_back_unchanged_through_its_form(kind: str) -> None:
    from tests.helpers import COMPLETE
    from workflow.records.documents import validate_record
    from workflow.web.forms import RECORD_FORMS, as_data, as_texts

    record = validate_record(kind, COMPLETE[kind])
    texts = as_texts(RECORD_FORMS[kind], record.model_dump(mode="json"))
    assert validate_record(kind, as_data(RECORD_FORMS[kind], texts)) == record


def test_behind_tls_cookies_are_secure_host_only_and_hsts_is_sent(
    database_url: str, people: Any, tmp_path: Path
) -> None:
    public = "https://tiltag.kommune.example.dk"
    server = WebServer(database_url, tmp_path, env={"TILTAG_PUBLIC_URL": public})
    with server, browser(server) as client:
        page = client.get("/sign-in")
        cookie = page.headers["set-cookie"]
        secret = cookie.split(";", 1)[0]  # a browser sends it back over TLS only
        form = {"csrf": csrf(page), "email": "ulla@kommune.example.dk"}
        sent = {
            origin: client.post(
                "/sign-in", data=form, headers={"Origin": origin, "Cookie": secret}
            ).status_code
            for origin in (public, server.url)
        }
    assert cookie.startswith("__Host-tiltag_browser=") and "; Secure" in cookie
    assert "Path=/" in cookie and "Domain" not in cookie
    assert page.headers["strict-transport-security"].startswith("max-age=")
    assert sent == {public: 200, server.url: 403}  # a form must come from the public address


def test_a_chief_group_member_records_a_meetings_decisions_from_the_agenda(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    first, second = desk.propose(title="Fælles indkøb"), desk.propose(title="Digital post")
    client = signed_in(server, "jens")
    agenda = client.get("/forums/chief_group")
    assert (
        agenda.status_code == 200
        and "Fælles indkøb" in agenda.text
        and "Digital post" in agenda.text
    )
    meeting = {"meeting": "18.08.2010", "reference": "Chefgruppen 18.08.2010"}
    done = post(
        client,
        f"/forums/chief_group/decisions/{first}",
        {
            **meeting,
            "outcome": "go",
            "justification": "Optages i handlekataloget.",
            "gate": "screening",
        },
        "/forums/chief_group",
    )
    assert done.status_code == 303, re.findall(r'alert-text">([^<]*)', done.text)
    back = client.get(done.headers["location"])
    # The meeting is kept for the next case; the decided one has left the agenda.
    assert 'value="18.08.2010"' in back.text and 'value="Chefgruppen 18.08.2010"' in back.text
    assert "Fælles indkøb" not in back.text and "Beslutningen er registreret" in back.text
    refused = post(
        client,
        f"/forums/chief_group/decisions/{second}",
        {**meeting, "outcome": "recycle", "justification": "Mangler tal.", "gate": "screening"},
        "/forums/chief_group",
    )
    assert refused.status_code == 409 and "Mangler tal." not in [
        d.justification for d in list_decisions(engine, second)
    ]
    decision = list_decisions(engine, first)[-1]
    assert (decision.forum, decision.outcome, decision.decided_by) == ("chief_group", "go", "jens")
    assert read_history(engine, first)[-1].channel == "web"


def test_a_long_agenda_comes_in_pages_the_meeting_kept_from_page_to_page(
    server: WebServer, desk: Desk
) -> None:
    waiting = [desk.propose(title=f"Sag nummer {n}") for n in range(1, 23)]
    client = signed_in(server, "jens")
    first = client.get("/forums/chief_group", params={"reference": "ØU pkt. 7"})
    shown = re.findall(r"Sag nummer (\d+)</a>", first.text)
    assert shown == [str(n) for n in range(1, 21)]
    after = re.search(r'href="/forums/chief_group(\?after=[^"]+)"', first.text)
    assert after, first.text
    second = client.get("/forums/chief_group" + after[1].replace("&amp;", "&"))
    assert re.findall(r"Sag nummer (\d+)</a>", second.text) == ["21", "22"]
    assert 'value="ØU pkt. 7"' in second.text and "Næste sager" not in second.text
    # Deciding on the second page comes back to it.
    done = post(
        client,
        f"/forums/chief_group/decisions/{waiting[21]}",
        {"meeting": "18.08.2010", "reference": "ØU pkt. 7", "outcome": "reject",
         "justification": "Dækkes andetsteds.", "gate": "screening", "after": str(waiting[19])},
        "/forums/chief_group",
    )  # fmt: skip
    assert done.status_code == 303
    assert f"after={waiting[19]}" in done.headers["location"]
    assert re.findall(r"Sag nummer (\d+)</a>", client.get(done.headers["location"]).text) == ["21"]
    assert client.get("/forums/chief_group", params={"after": "x' OR 1=1"}).status_code == 200


def test_the_agenda_has_no_form_for_ones_own_initiative_and_refuses_the_request(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    own = desk.propose(owner="jens")
    client = signed_in(server, "jens")
    agenda = client.get("/forums/chief_group")
    assert f"/forums/chief_group/decisions/{own}" not in agenda.text
    assert "Du kan ikke beslutte om et tiltag" in agenda.text
    refused = post(
        client,
        f"/forums/chief_group/decisions/{own}",
        {"meeting": "18.08.2010", "reference": "x", "outcome": "go", "justification": "y"},
        "/forums/chief_group",
    )
    assert refused.status_code == 403 and list_decisions(engine, own) == []
    outsider = signed_in(server, "aase")
    assert outsider.get("/forums/chief_group").status_code == 403


def test_the_demos_links_sign_in_to_the_web_app_it_names(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.helpers import RUN_TILTAG

    database = tmp_path / "demo.db"
    shown = subprocess.run(
        [sys.executable, "-c", RUN_TILTAG, "demo", "--database", str(database)],
        capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("TILTAG_")},
    ).stdout  # fmt: skip
    serve = re.search(r"The web app on the demo: tiltag --now (\S+) serve", shown)
    links = re.findall(r"http://127\.0\.0\.1:8000(/sign-in/[\w-]+)", shown)
    assert serve and len(links) == 2
    with WebServer(str(database), tmp_path, now=serve[1]) as server:
        for path, name in zip(links, ("Søren Bæk", "Jens Holm"), strict=True):
            with browser(server) as client:
                page = client.get(path)
                done = client.post(path, data={"csrf": csrf(page)}, headers={"Origin": server.url})
                assert done.status_code == 303, re.findall(r'alert-text">([^<]*)', done.text)
                assert name in client.get("/").text


def test_the_benefits_form_takes_a_benefit_owner_and_refuses_the_rest(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    from workflow.schedule.benefits import read_benefits

    realised = desk.propose(title="Udbud af forsikring")
    desk.bring_to(realised, "realised")
    case = read_records(engine, realised)["business_case"].model_dump(mode="json")
    case["gains"][0]["owner"] = "birgit"  # a benefit owner who is not the initiative's owner
    desk.file(realised, "business_case", case)
    running = desk.propose(title="Udbud af revision")
    path = f"/initiatives/{realised}/benefits"

    carl = signed_in(server, "carl")  # neither benefit owner nor owner
    assert carl.get(path).status_code == 403
    assert post(carl, path, {"kroner": "5"}, f"/initiatives/{realised}").status_code == 403

    birgit = signed_in(server, "birgit")
    assert path in birgit.get(f"/initiatives/{realised}").text  # her button
    assert birgit.get(path).status_code == 200
    assert birgit.post(path, data={"kroner": "5", "csrf": "forged"}).status_code == 403
    bad = post(birgit, path, {"kroner": "12,5"}, path)
    assert bad.status_code == 400 and "Skriv beløbet i hele kroner" in bad.text
    assert 'value="12,5"' in bad.text  # what she typed is kept
    given = post(birgit, path, {"kroner": "550.000", "text": "Præmierne"}, path)
    assert given.status_code == 303
    assert [(a.kroner, a.given_by) for a in read_benefits(engine, realised)] == [
        (550_000, "birgit")
    ]

    ulla = signed_in(server, "ulla")
    ended = post(ulla, f"/initiatives/{running}/benefits", {"kroner": "5"}, path)
    assert ended.status_code == 409 and "benefits follow-up" in ended.text
    assert read_benefits(engine, running) == []
