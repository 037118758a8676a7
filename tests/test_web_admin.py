"""The admin in the browser, against `tiltag serve` as a real process: people and their roles,
deactivation closing every way in (sessions, links, single sign-on) while the history stays, the
upload of an inspiration list (every bad row shown, all or nothing) and the portfolio's export;
who may see these pages, the CSRF check, and axe-core on each page."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import Engine, select

from tests.conftest import WEB_NOW as NOW
from tests.helpers import Desk
from tests.mailserver import MailServer
from tests.oidc_provider import Account, OidcProvider
from tests.test_web import (
    browser,
    csrf,
    post,
    signed_in,
)
from tests.test_web_browser import _axe, _driver, _wait
from tests.web_server import WebServer
from workflow.core.history import read_history
from workflow.core.initiatives import iter_initiatives
from workflow.core.people import find_person
from workflow.storage.access_tables import WEB_SESSION
from workflow.storage.schedule_tables import OUTBOX

ADMIN_PAGES = (
    "/admin/people",
    "/admin/people/new",
    "/admin/people/jens",
    "/admin/people/jens/deactivate",
    "/admin/import",
    "/admin/export",
    "/admin/export/portfolio.csv",
)


def _upload(client: httpx2.Client, name: str, data: bytes, media: str = "text/csv") -> Any:
    token = csrf(client.get("/admin/import"))
    return client.post(
        "/admin/import",
        data={"csrf": token},
        files={"file": (name, data, media)},
        headers={"Origin": str(client.base_url).rstrip("/")},
    )


def _main(page: httpx2.Response) -> str:
    return page.text.split("<main", 1)[1].split("</main>", 1)[0]


def test_only_an_admin_sees_the_admin_pages_and_their_link(server: WebServer) -> None:
    with browser(server) as nobody:
        assert nobody.get("/admin/people").headers["location"].startswith("/sign-in?next=")
    ulla = signed_in(server, "ulla")
    admin = signed_in(server, "admin")
    for path in ADMIN_PAGES:
        refused = ulla.get(path)
        assert refused.status_code == 403, path
        assert "Kun en administrator" in refused.text
        assert admin.get(path).status_code == 200, path
    assert 'href="/admin/people"' not in ulla.get("/").text
    assert 'href="/admin/people"' in admin.get("/").text
    # A form posted by someone who is not an admin changes nothing, token or not.
    tried = post(ulla, "/admin/people/jens", {"name": "J", "email": "j@x.dk"}, "/propose")
    assert tried.status_code == 403
    assert "Jens Holm" in admin.get("/admin/people/jens").text


def test_a_change_without_the_csrf_token_is_refused(server: WebServer, engine: Engine) -> None:
    admin = signed_in(server, "admin")
    origin = {"Origin": server.url}
    person = {"handle": "karin", "name": "Karin Lund", "email": "karin@kommune.example.dk"}
    refused = [
        admin.post("/admin/people/new", data=person, headers=origin),
        admin.post("/admin/people/jens/deactivate", data={"csrf": "forged"}, headers=origin),
        admin.post(
            "/admin/import", files={"file": ("a.csv", b"titel\nX\n", "text/csv")}, headers=origin
        ),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert "karin" not in {p.handle for p in _everyone(engine)}
    assert find_person(engine, "jens").active
    assert list(iter_initiatives(engine)) == []


def _everyone(engine: Engine) -> list[Any]:
    from workflow.core.people import list_people

    return list_people(engine)


def test_an_admin_adds_a_person_on_the_page_who_then_signs_in_with_a_link(
    server: WebServer, engine: Engine
) -> None:
    admin = signed_in(server, "admin")
    bad = post(
        admin,
        "/admin/people/new",
        {"handle": "Karin Lund", "name": "", "email": "karin", "roles": "chief_group"},
    )
    assert bad.status_code == 400
    shown = _main(bad)
    for field in ("handle", "name", "email"):  # every problem at once, each beside its field
        assert f'href="#{field}"' in shown, field
    assert shown.count('aria-invalid="true"') == 3
    assert 'value="Karin Lund"' in shown  # what was typed is kept
    taken = post(admin, "/admin/people/new", {"handle": "jens", "name": "J", "email": "j@x.dk"})
    assert taken.status_code == 400 and "Brugernavnet er taget" in taken.text
    for data, words in (
        ({"name": ""}, "Skriv personens navn"),
        ({"email": "karin"}, "Skriv en mailadresse"),
        ({"roles": "mayor"}, "Vælg blandt de kendte roller"),
    ):
        good = {"handle": "karin", "name": "Karin Lund", "email": "karin@kommune.example.dk"}
        page = post(admin, "/admin/people/new", {**good, **data})
        assert page.status_code == 400 and words in page.text, data
    added = admin.post(
        "/admin/people/new",
        data={
            "csrf": csrf(admin.get("/admin/people/new")),
            "handle": "karin",
            "name": "Karin Lund",
            "email": "karin@kommune.example.dk",
            "roles": ["chief_group", "city_council"],
            "language": "en",
        },
        headers={"Origin": server.url},
    )
    assert (added.status_code, added.headers["location"]) == (
        303,
        "/admin/people/karin?done=added",
    )
    karin = find_person(engine, "karin")
    assert (karin.name, karin.roles, karin.language, karin.active) == (
        "Karin Lund",
        frozenset({"chief_group", "city_council"}),
        "en",
        True,
    )
    listed = admin.get("/admin/people?q=karin")
    assert "Karin Lund" in listed.text and "Jens Holm" not in listed.text
    assert "chefgruppe, Byrådet" in listed.text  # roles in Danish
    client = signed_in(server, "karin")
    assert client.get("/").status_code == 200
    assert '<html lang="en">' in client.get("/").text


def test_an_admin_changes_roles_but_not_their_own_admin_role(
    server: WebServer, engine: Engine
) -> None:
    admin = signed_in(server, "admin")
    changed = post(
        admin,
        "/admin/people/jens",
        {"name": "Jens Holm", "email": "jens.holm@kommune.example.dk", "roles": "task_force"},
    )
    assert (changed.status_code, changed.headers["location"]) == (
        303,
        "/admin/people/jens?done=changed",
    )
    jens = find_person(engine, "jens")
    assert (jens.email, jens.roles) == ("jens.holm@kommune.example.dk", frozenset({"task_force"}))
    own = post(admin, "/admin/people/admin", {"name": "Admin", "email": "admin@kommune.example.dk"})
    assert own.status_code == 400
    assert "Du kan ikke fjerne din egen rolle som administrator" in own.text
    assert find_person(engine, "admin").roles == frozenset({"admin"})
    yourself = admin.get("/admin/people/admin/deactivate")
    assert yourself.status_code == 403 and "Du kan ikke lukke din egen adgang" in yourself.text
    assert "/admin/people/admin/deactivate" not in admin.get("/admin/people/admin").text


def test_deactivating_ends_the_session_refuses_links_and_keeps_the_history(
    server: WebServer, desk: Desk, engine: Engine, mail_server: MailServer
) -> None:
    initiative = desk.propose(title="Fælles udbud af rengøring")  # owned by ulla
    before = read_history(engine, initiative)
    ulla_id = find_person(engine, "ulla").id
    ulla = signed_in(server, "ulla")
    assert ulla.get("/").status_code == 200
    waiting_link = server.tiltag("web", "link", "ulla").stdout.strip()
    admin = signed_in(server, "admin")
    confirm = admin.get("/admin/people/ulla/deactivate")
    assert confirm.status_code == 200 and "Personen ejer 1 åbne tiltag" in confirm.text
    done = admin.post(
        "/admin/people/ulla/deactivate",
        data={"csrf": csrf(confirm)},
        headers={"Origin": server.url},
    )
    assert (done.status_code, done.headers["location"]) == (
        303,
        "/admin/people/ulla?done=deactivated",
    )
    assert not find_person(engine, "ulla").active
    # Her open session has ended, on every request.
    assert ulla.get("/").headers["location"].startswith("/sign-in")
    with engine.connect() as conn:
        ended = conn.execute(
            select(WEB_SESSION.c.ended_at).where(WEB_SESSION.c.person_id == ulla_id)
        ).all()
    assert len(ended) == 1 and ended[0].ended_at is not None
    # A link made before is refused; no new one is made or mailed.
    with browser(server) as client:
        page = client.get(waiting_link)
        refused = client.post(page.url.path, data={"csrf": csrf(page)})
        assert refused.status_code == 400 and "din adgang til tiltag er lukket" in refused.text
        assert "tiltag_session" not in refused.cookies
        asked = post(client, "/sign-in", {"email": "ulla@kommune.example.dk"}, "/sign-in")
        assert asked.status_code == 200 and "Se din mail" in asked.text  # the same answer
        post(client, "/sign-in", {"email": "jens@kommune.example.dk"}, "/sign-in")
    _wait(lambda: mail_server.received, "the mail to jens")
    with engine.connect() as conn:
        sent_to = conn.execute(select(OUTBOX.c.address).where(OUTBOX.c.kind == "sign_in")).all()
    assert [a for (a,) in sent_to] == ["jens@kommune.example.dk"]
    made = server.tiltag("web", "link", "ulla")
    assert made.returncode == 1 and "is deactivated" in made.stderr
    # Her history and her initiative stay; the people page says what she still owns.
    assert read_history(engine, initiative) == before
    listed = admin.get("/admin/people?q=ulla")
    assert "Lukket" in listed.text and "Giv tiltagene en ny projektejer" in listed.text
    # Her page lists it, each with the way to hand it to another owner.
    page = admin.get("/admin/people/ulla")
    assert f'href="/initiatives/{initiative}/facts"' in page.text
    # Reactivated, she signs in again.
    again = post(admin, "/admin/people/ulla/reactivate", {}, "/admin/people/ulla/reactivate")
    assert again.headers["location"] == "/admin/people/ulla?done=reactivated"
    assert signed_in(server, "ulla").get("/").status_code == 200


def test_the_command_line_deactivates_and_lists_a_person_as_deactivated(
    server: WebServer, engine: Engine
) -> None:
    ulla = signed_in(server, "ulla")
    done = server.tiltag("people", "deactivate", "ulla", "--as", "admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Deactivated Ulla Krogh (ulla): 1 open web sessions ended"
    assert ulla.get("/").status_code == 303
    listed = server.tiltag("people", "list").stdout
    assert "project_owner  [deactivated 2010-08-18]" in listed
    twice = server.tiltag("people", "deactivate", "ulla", "--as", "admin")
    assert (twice.returncode, twice.stderr.strip()) == (
        1,
        "Error: Ulla Krogh (ulla) is already deactivated",
    )
    # Deactivated, she acts nowhere: not on the command line either.
    proposed = server.tiltag("propose", "Fælles vikarpulje", "--as", "ulla")
    assert (proposed.returncode, proposed.stderr.strip()) == (
        1,
        "Error: Ulla Krogh (ulla) is deactivated and may not act",
    )
    back = server.tiltag("people", "reactivate", "ulla", "--as", "admin")
    assert back.stdout.strip() == "Reactivated Ulla Krogh (ulla): they can sign in again"


BAD_LIST = (
    "titel;beskrivelse;kategori;projektejer\n"
    "Fælles vikarpulje;Én pulje for alle skoler;arbejdsgange;ulla\n"
    ";Uden titel;indkoeb;ulla\n"
    "Digital post;Send breve digitalt;ukendt;nobody\n"
).encode()


def test_an_upload_with_bad_rows_shows_each_and_imports_nothing(
    server: WebServer, engine: Engine
) -> None:
    admin = signed_in(server, "admin")
    refused = _upload(admin, "inspiration.csv", BAD_LIST)
    assert refused.status_code == 400
    assert "2 rækker i inspiration.csv kan ikke importeres" in refused.text
    table = _main(refused).split('id="bad-rows"', 1)[1].split("</table>", 1)[0]
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    assert [(r[0], r[1]) for r in rows] == [("3", "titel"), ("4", "kategori"), ("4", "projektejer")]
    assert "no person with the handle or email &#39;nobody&#39;" in rows[2][2]
    assert list(iter_initiatives(engine)) == []


def test_a_good_upload_imports_every_row_with_links_and_the_web_as_its_channel(
    server: WebServer, engine: Engine
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet: Any = book.active
    sheet.append(["Forslag", "Beskrivelse", "Kategori", "Projektejer"])
    sheet.append(["Fælles vikarpulje", "Én pulje", "arbejdsgange", "ulla"])
    sheet.append(["Digital post", "Breve digitalt", "digitalisering", "ulla@kommune.example.dk"])
    data = io.BytesIO()
    book.save(data)
    admin = signed_in(server, "admin")
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    done = _upload(admin, "C:\\Users\\hanne\\Liste 2010.xlsx", data.getvalue(), media)
    assert done.status_code == 200, done.text
    assert "2 forslag er importeret fra Liste 2010.xlsx" in done.text
    imported = list(iter_initiatives(engine))
    assert [(i.title, i.owner, i.proposer) for i in imported] == [
        ("Fælles vikarpulje", "ulla", "admin"),
        ("Digital post", "ulla", "admin"),
    ]
    for initiative in imported:
        assert f'href="/initiatives/{initiative.id}"' in done.text
        event = read_history(engine, initiative.id)[0]
        assert (event.actor, event.channel, event.channel_detail) == (
            "admin",
            "web",
            "upload Liste 2010.xlsx",
        )
        assert "Liste 2010.xlsx" in (event.comment or "")
        page = admin.get(f"/initiatives/{initiative.id}")  # the history names the upload
        assert page.status_code == 200 and "(upload Liste 2010.xlsx)" in page.text
    again = _upload(admin, "Liste 2010.xlsx", data.getvalue(), media)  # nothing twice
    assert again.status_code == 400 and "already in the portfolio" in again.text
    assert len(list(iter_initiatives(engine))) == 2


def test_a_file_that_is_no_inspiration_list_gets_a_clear_message(
    server: WebServer, engine: Engine
) -> None:
    admin = signed_in(server, "admin")
    for name, data, words in (
        ("liste.docx", b"PK\x03\x04", "Vælg en .csv- eller .xlsx-fil"),
        ("liste.csv", b"", "Filen er tom"),
        ("liste.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "ikke et regneark"),
        ("liste.xlsx", b"titel\nX\n", "kan ikke læses som et regneark"),
        ("liste.csv", b"navn;beskrivelse\nX;Y\n", "ingen kolonne til titlen"),
        ("liste.csv", "titel;kategori\nBørnehus;indkoeb\n".encode("cp1252"), None),
    ):
        page = _upload(admin, name, data)
        if words is None:  # a CSV file a Danish Excel saved (Windows-1252) is read as such
            assert page.status_code == 200, page.text
            assert [i.title for i in iter_initiatives(engine)] == ["Børnehus"]
            continue
        assert page.status_code == 400, name
        assert words in page.text, (name, _main(page))
    chosen = admin.post(
        "/admin/import",
        data={"csrf": csrf(admin.get("/admin/import"))},
        headers={"Origin": server.url},
    )
    assert chosen.status_code == 400 and "Vælg en fil" in chosen.text
    # Above the 256 KB of every other form, an upload is read (and judged row by row) ...
    rows = "".join(f"Tiltag {n};{'Beskrivelse. ' * 80};nobody\n" for n in range(300))
    large = ("titel;beskrivelse;projektejer\n" + rows).encode()
    assert 256 * 1024 < len(large) < 5 * 1024 * 1024
    judged = _upload(admin, "stor.csv", large)
    assert judged.status_code == 400 and "300 rækker i stor.csv" in judged.text
    # ... up to 5 MB: a larger body is refused before anything parses it.
    too_large = _upload(admin, "stor.csv", b"titel\n" + b"x" * (5 * 1024 * 1024))
    assert too_large.status_code == 413
    assert [i.title for i in iter_initiatives(engine)] == ["Børnehus"]


def test_the_export_downloads_what_tiltag_export_writes(
    server: WebServer, desk: Desk, tmp_path: Path
) -> None:
    desk.propose(title="Fælles udbud af forsikring")
    desk.propose(title="=1+1 er ikke en formel", category="digitalisering")
    admin = signed_in(server, "admin")
    for kind in ("csv", "xlsx"):
        written = tmp_path / f"cli.{kind}"
        assert server.tiltag("export", str(written)).returncode == 0
        download = admin.get(f"/admin/export/portfolio.{kind}")
        assert download.status_code == 200
        assert download.headers["content-disposition"] == (
            f'attachment; filename="tiltag-portefolje-2010-08-18.{kind}"'
        )
        if kind == "csv":
            assert download.content == written.read_bytes()
        else:
            assert _cells(download.content) == _cells(written.read_bytes())
    assert admin.get("/admin/export/portfolio.pdf").status_code == 404


def _cells(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.mark.slow
def test_the_admin_pages_pass_axe_in_chromium(
    database_url: str, people: Any, desk: Desk, engine: Engine, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    desk.propose()
    shots = Path(tmp_path / "screenshots")
    shots.mkdir()
    server = WebServer(database_url, tmp_path, now=NOW)
    accounts = [Account("u-1001", "ulla@kommune.example.dk", "Ulla Krogh")]
    driver = _driver()
    try:
        with OidcProvider(
            redirect_uris=[f"{server.url}/sign-in/sso/callback"], accounts=accounts
        ) as provider:
            server.env.update(
                TILTAG_OIDC_ISSUER=provider.issuer,
                TILTAG_OIDC_CLIENT_ID=provider.client_id,
                TILTAG_OIDC_CLIENT_SECRET=provider.client_secret,
            )
            with server:
                _admin_pages(driver, server, shots, tmp_path)
                driver.delete_all_cookies()
                driver.get(f"{server.url}/sign-in")
                driver.find_element(By.LINK_TEXT, "Log ind med kommunens login").click()
                _wait(lambda: driver.find_elements(By.ID, "login"), "the provider's form")
                driver.find_element(By.ID, "login").send_keys("ulla@kommune.example.dk")
                driver.find_element(By.ID, "submit").click()
                _wait(lambda: "adgang til tiltag er lukket" in driver.title, "access closed")
                _checked(driver, shots, "access-closed")
                assert not driver.find_elements(By.CSS_SELECTOR, "form[action='/sign-out']")
    finally:
        driver.quit()


def _checked(driver: Any, shots: Path, name: str) -> None:
    assert driver.title.endswith("– Tiltag"), driver.title
    assert driver.find_element("css selector", "html").get_attribute("lang") == "da"
    assert _axe(driver) == [], name
    driver.save_screenshot(str(shots / f"{name}.png"))


def _admin_pages(driver: Any, server: WebServer, shots: Path, folder: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server.tiltag("web", "link", "admin").stdout.strip())
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    _wait(lambda: "Mine tiltag" in driver.title, "the front page")
    driver.find_element(By.LINK_TEXT, "Administration").click()
    _wait(lambda: "Personer og roller" in driver.title, "the people page")
    _checked(driver, shots, "admin-people")
    driver.find_element(By.LINK_TEXT, "Tilføj en person").click()
    _wait(lambda: "Tilføj en person" in driver.title, "the form to add a person")
    _checked(driver, shots, "admin-new")
    driver.find_element(By.ID, "handle").send_keys("Karin")
    driver.find_element(By.ID, "role-chief_group").click()
    driver.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
    _wait(lambda: driver.find_elements(By.CSS_SELECTOR, ".alert-error"), "the errors")
    _checked(driver, shots, "admin-new-errors")
    driver.find_element(By.ID, "handle").clear()
    driver.find_element(By.ID, "handle").send_keys("karin")
    driver.find_element(By.ID, "name").send_keys("Karin Lund")
    driver.find_element(By.ID, "email").send_keys("karin@kommune.example.dk")
    driver.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
    _wait(lambda: "Personen er tilføjet" in driver.page_source, "the new person's page")
    _checked(driver, shots, "admin-person")
    driver.get(f"{server.url}/admin/people/ulla")
    driver.find_element(By.LINK_TEXT, "Luk adgangen").click()
    _wait(lambda: "Luk adgangen for Ulla Krogh" in driver.title, "the confirmation")
    _checked(driver, shots, "admin-confirm")
    driver.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
    _wait(lambda: "Adgangen er lukket" in driver.page_source, "the closed person's page")
    _checked(driver, shots, "admin-person-closed")
    driver.get(f"{server.url}/admin/people")
    _checked(driver, shots, "admin-people-closed")
    driver.find_element(By.LINK_TEXT, "Importér inspirationsliste").click()
    _wait(lambda: "Importér" in driver.title, "the import page")
    _checked(driver, shots, "admin-import")
    bad = folder / "inspiration.csv"
    bad.write_bytes(BAD_LIST)
    driver.find_element(By.ID, "file").send_keys(str(bad))
    driver.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
    _wait(lambda: driver.find_elements(By.ID, "bad-rows"), "the bad rows")
    _checked(driver, shots, "admin-import-bad")
    driver.find_element(By.LINK_TEXT, "Eksportér porteføljen").click()
    _wait(lambda: "Eksportér" in driver.title, "the export page")
    _checked(driver, shots, "admin-export")
