"""The web app as people use it: `tiltag serve` as a real process, headless Chromium, the real
SMTP test server and a real OpenID Connect provider; axe-core on every page, the keyboard alone
on the main forms, two browsers on one business case."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.helpers import BUSINESS_CASE, Desk
from tests.mailserver import MailServer, Received
from tests.oidc_provider import Account, OidcProvider
from tests.web_server import WebServer
from workflow.approvals.decisions import list_decisions
from workflow.approvals.dossier import read_records, set_record
from workflow.core.history import read_history
from workflow.records.documents import BusinessCase
from workflow.schedule.benefits import read_benefits
from workflow.schedule.status import read_statuses

pytestmark = pytest.mark.slow
AXE = Path(__file__).resolve().parent / "web" / "vendor" / "axe.min.js"
REMINDER = "2010-09-02T06:30"  # the quarter's first reminder day (Danish working days)


def _driver() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1400",
        "--lang=da",
    ):  # fmt: skip
        options.add_argument(flag)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


@pytest.fixture
def browser() -> Iterator[Any]:
    driver = _driver()
    yield driver
    driver.quit()


def _wait(check: Callable[[], Any], what: str, timeout: float = 20) -> Any:
    """Poll until `check` gives something true (a page loaded, a mail arrived)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s for {what}")


def _mail_to(server: MailServer, address: str, subject: str) -> Received:
    return _wait(  # type: ignore[no-any-return]
        lambda: next(
            (
                m
                for m in server.received
                if m.recipients == [address] and m.subject.startswith(subject)
            ),
            None,
        ),
        f"a mail '{subject}' to {address}",
    )


def _titled(driver: Any, words: str) -> bool:
    return words in driver.title


def _left(browser: Any, text: str) -> bool:
    """Whether the page no longer holds `text` (a case decided has left the agenda)."""
    return text not in browser.page_source


def _link(mail: Received, pattern: str) -> str:
    found = re.search(pattern, mail.text)
    assert found, mail.text
    return found[0]


def _axe(browser: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => done(r.violations));"
    )
    return [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]} for v in result]


def _checked(browser: Any, shots: Path, name: str) -> None:
    """Every page: a title, Danish, no axe violation; its screenshot kept to look at."""
    assert browser.title.endswith("– Tiltag"), browser.title
    assert browser.find_element("css selector", "html").get_attribute("lang") == "da"
    assert _axe(browser) == [], name
    browser.save_screenshot(str(shots / f"{name}.png"))


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder


def test_an_owner_follows_the_reminder_signs_in_by_mail_and_gives_the_status(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    tmp_path: Path,
    mail_server: MailServer,
    browser: Any,
    shots: Path,
) -> None:
    from selenium.webdriver.common.by import By

    initiative = desk.propose(title="Fælles udbud af forsikring")
    desk.bring_to(initiative, "execution")
    with WebServer(database_url, tmp_path, now=REMINDER, env=mail_server.env) as server:
        for command in (("remind", "--as-of", "2010-09-02"), ("outbox", "send")):
            done = server.tiltag(*command)
            assert done.returncode == 0, done.stderr
        reminder = _mail_to(mail_server, "ulla@kommune.example.dk", "Husk status")
        status_link = _link(reminder, rf"{server.url}/initiatives/{initiative}/status\S*")
        assert status_link.endswith("?quarter=2010-Q3")

        browser.get(status_link)  # not signed in: the sign-in page, which leads back
        _wait(lambda: "Log ind" in browser.title, "the sign-in page")
        _checked(browser, shots, "sign-in")
        browser.find_element(By.ID, "email").send_keys("ulla@kommune.example.dk")
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        _wait(lambda: "Se din mail" in browser.title, "the page that says a link is sent")
        _checked(browser, shots, "link-sent")
        sign_in = _mail_to(mail_server, "ulla@kommune.example.dk", "Dit link")
        browser.get(_link(sign_in, rf"{server.url}/sign-in/[\w-]+"))
        _checked(browser, shots, "link-confirm")
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

        _wait(lambda: "Status for 2010-Q3" in browser.title, "the status form")
        _checked(browser, shots, "status-form")
        browser.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
        _wait(lambda: "Der er problemer" in browser.page_source, "the form's errors")
        _checked(browser, shots, "status-form-errors")
        browser.find_element(By.ID, "light-amber").click()
        browser.find_element(By.ID, "text").send_keys("Tilbudsfristen er rykket en uge.")
        browser.find_element(By.ID, "spent").send_keys("125.000")
        browser.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
        _wait(lambda: "Din status er gemt" in browser.page_source, "the initiative's page")
        _checked(browser, shots, "initiative")

        statuses = server.tiltag("status", "list", str(initiative)).stdout
        assert "2010-Q3" in statuses and "Tilbudsfristen er rykket en uge." in statuses
        report = tmp_path / "kvartal.csv"
        made = server.tiltag("report", "quarterly", "--output", str(report), now="2010-09-30T12:00")
        assert made.returncode == 0, made.stderr
        assert "Tilbudsfristen er rykket en uge." in report.read_text(encoding="utf-8-sig")
        given = read_statuses(engine, initiative)[-1]
        assert (given.light, given.given_by, given.spent) == ("amber", "ulla", 125_000)
        event = read_history(engine, initiative)[-1]
        assert (event.channel, event.channel_detail, event.actor) == ("web", "link", "ulla")

        browser.get(server.url + "/")
        _checked(browser, shots, "mine")
        pages = ("/propose", "/accessibility", f"/initiatives/{initiative}/records/plan", "/nope")
        for page in pages:
            browser.get(server.url + page)
            _checked(browser, shots, page.strip("/").replace("/", "-"))


def test_a_benefit_owner_follows_the_benefits_reminder_and_gives_the_realised_gains(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    tmp_path: Path,
    mail_server: MailServer,
    browser: Any,
    shots: Path,
) -> None:
    from selenium.webdriver.common.by import By

    initiative = desk.propose(title="Fælles udbud af forsikring")
    desk.bring_to(initiative, "realised")  # in August 2010, with gains to come in 2011 and 2012
    with WebServer(database_url, tmp_path, now="2011-12-01T06:30", env=mail_server.env) as server:
        for command in (("remind", "--as-of", "2011-12-01"), ("outbox", "send")):
            done = server.tiltag(*command)
            assert done.returncode == 0, done.stderr
        reminder = _mail_to(mail_server, "ulla@kommune.example.dk", "Husk gevinstopfølgning")
        link = _link(reminder, rf"{server.url}/initiatives/{initiative}/benefits\S*")
        assert link.endswith("?quarter=2011-Q4")

        browser.get(link)
        _wait(lambda: "Log ind" in browser.title, "the sign-in page")
        browser.find_element(By.ID, "email").send_keys("ulla@kommune.example.dk")
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        sign_in = _mail_to(mail_server, "ulla@kommune.example.dk", "Dit link")
        browser.get(_link(sign_in, rf"{server.url}/sign-in/[\w-]+"))
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

        _wait(lambda: "Realiserede gevinster 2011" in browser.title, "the benefits form")
        _checked(browser, shots, "benefits-form")
        browser.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
        _wait(lambda: "Der er problemer" in browser.page_source, "the form's errors")
        _checked(browser, shots, "benefits-form-errors")
        browser.find_element(By.ID, "kroner").send_keys("1.150.000")
        browser.find_element(By.ID, "text").send_keys("Præmierne for 2011 er gennemgået.")
        browser.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
        _wait(lambda: "De realiserede gevinster er gemt" in browser.page_source, "the page")
        _checked(browser, shots, "initiative-benefits")

        given = read_benefits(engine, initiative)[-1]
        assert (given.year, given.kroner, given.given_by) == (2011, 1_150_000, "ulla")
        event = read_history(engine, initiative)[-1]
        assert (event.kind, event.channel, event.actor) == ("benefits", "web", "ulla")
        browser.get(server.url + "/")
        assert "Gevinstopfølgning 2011" not in browser.page_source  # answered: not asked
        _checked(browser, shots, "mine-benefits")


def test_the_same_through_the_municipalitys_single_sign_on(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    tmp_path: Path,
    browser: Any,
    shots: Path,
) -> None:
    from selenium.webdriver.common.by import By

    initiative = desk.propose()
    desk.bring_to(initiative, "execution")
    server = WebServer(database_url, tmp_path, now=REMINDER)
    accounts = [
        Account("u-1001", "ulla@kommune.example.dk", "Ulla Krogh"),
        Account("u-2002", "lone@kommune.example.dk", "Lone Vik"),
    ]
    callback = f"{server.url}/sign-in/sso/callback"
    with OidcProvider(redirect_uris=[callback], accounts=accounts) as provider:
        server.env.update(
            TILTAG_OIDC_ISSUER=provider.issuer,
            TILTAG_OIDC_CLIENT_ID=provider.client_id,
            TILTAG_OIDC_CLIENT_SECRET=provider.client_secret,
        )
        with server:
            browser.get(f"{server.url}/initiatives/{initiative}/status?quarter=2010-Q3")
            _wait(lambda: "Log ind" in browser.title, "the sign-in page")
            _checked(browser, shots, "sign-in-sso")
            browser.find_element(By.LINK_TEXT, "Log ind med kommunens login").click()
            _wait(lambda: browser.find_elements(By.ID, "login"), "the provider's login form")
            browser.find_element(By.ID, "login").send_keys("lone@kommune.example.dk")
            browser.find_element(By.ID, "submit").click()
            _wait(lambda: "ikke bruger af tiltag" in browser.title, "the page for a stranger")
            assert "Admin" in browser.page_source  # whom to ask
            _checked(browser, shots, "unknown-account")

            browser.delete_all_cookies()
            browser.get(f"{server.url}/initiatives/{initiative}/status?quarter=2010-Q3")
            browser.find_element(By.LINK_TEXT, "Log ind med kommunens login").click()
            _wait(lambda: browser.find_elements(By.ID, "login"), "the provider's login form")
            browser.find_element(By.ID, "login").send_keys("ulla@kommune.example.dk")
            browser.find_element(By.ID, "submit").click()
            _wait(lambda: "Status for 2010-Q3" in browser.title, "the status form")
            browser.find_element(By.ID, "light-green").click()
            browser.find_element(By.ID, "text").send_keys("Alt kører.")
            browser.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
            _wait(lambda: "Din status er gemt" in browser.page_source, "the initiative's page")
    event = read_history(engine, initiative)[-1]
    assert (event.kind, event.actor, event.channel, event.channel_detail) == (
        "status",
        "ulla",
        "web",
        "sso",
    )


def test_the_status_form_works_with_the_keyboard_alone(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    tmp_path: Path,
    browser: Any,
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    initiative = desk.propose()
    desk.bring_to(initiative, "execution")
    with WebServer(database_url, tmp_path, now=REMINDER) as server:
        browser.get(
            server.tiltag(
                "web", "link", "ulla", "--next", f"/initiatives/{initiative}/status"
            ).stdout.strip()
        )
        keys = ActionChains(browser)

        def tab_to(element_id: str) -> None:
            for _ in range(60):
                keys.send_keys(Keys.TAB).perform()
                if browser.switch_to.active_element.get_attribute("id") == element_id:
                    return
            raise AssertionError(f"Tab never reached #{element_id}")

        def tab_to_button(text: str) -> None:
            for _ in range(60):
                keys.send_keys(Keys.TAB).perform()
                active = browser.switch_to.active_element
                if active.tag_name == "button" and active.text.strip() == text:
                    return
            raise AssertionError(f"Tab never reached the button {text!r}")

        tab_to_button("Log ind")
        keys.send_keys(Keys.ENTER).perform()
        _wait(lambda: "Status for" in browser.title, "the status form")
        tab_to("light-green")
        keys.send_keys(Keys.ARROW_DOWN).perform()  # the next light in the group: amber
        tab_to("text")
        keys.send_keys("Skrevet med tastaturet alene.").perform()
        tab_to_button("Giv status")
        keys.send_keys(Keys.ENTER).perform()
        _wait(lambda: "Din status er gemt" in browser.page_source, "the initiative's page")

        browser.get(f"{server.url}/propose")
        tab_to("title")
        keys.send_keys("Forslag skrevet med tastaturet").perform()
        tab_to("description")
        keys.send_keys("Uden mus.").perform()
        tab_to_button("Send forslaget")
        keys.send_keys(Keys.ENTER).perform()
        _wait(lambda: "Tak for forslaget" in browser.page_source, "the new initiative's page")
        assert browser.title.endswith("Forslag skrevet med tastaturet – Tiltag")
    given = read_statuses(engine, initiative)[-1]
    assert (given.light, given.text) == ("amber", "Skrevet med tastaturet alene.")


def test_two_browsers_on_one_business_case_the_second_sees_the_change_and_loses_nothing(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    registry: Any,
    tmp_path: Path,
    browser: Any,
    shots: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    initiative = desk.propose()
    desk.bring_to(initiative, "business_case")
    set_record(
        engine, registry, actor=people["ulla"], initiative_id=initiative, kind="business_case",
        clock=desk.clock, data=BUSINESS_CASE,
    )  # fmt: skip
    second = _driver()
    try:
        with WebServer(database_url, tmp_path, now="2010-08-18T10:00") as server:
            form = f"/initiatives/{initiative}/records/business_case"
            for driver, handle in ((browser, "ulla"), (second, "hanne")):
                driver.get(server.tiltag("web", "link", handle, "--next", form).stdout.strip())
                driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
                _wait(partial(_titled, driver, "Business case"), "the business case form")
            # htmx adds a row in place (the page stays, what was typed too), focus in the row.
            second.execute_script("window.stayed = true")
            second.find_element(By.ID, "risks").send_keys(" ")
            rows = len(second.find_elements(By.CSS_SELECTOR, "#gains tbody tr"))
            second.find_element(By.CSS_SELECTOR, "#gains button[name=add_row]").click()
            _wait(
                lambda: len(second.find_elements(By.CSS_SELECTOR, "#gains tbody tr")) == rows + 1,
                "a row more",
            )
            assert second.execute_script("return window.stayed") is True
            added = f"gains-{rows - 1}"
            assert second.switch_to.active_element.get_attribute("id") == f"{added}-choice"
            # A gain in time: the row's kind chosen, what, a year and its hours typed.
            Select(second.find_element(By.ID, f"{added}-choice")).select_by_visible_text(
                "Tid, timer"
            )
            for column, typed in (("what", "Færre skadesager"), ("year", "2011"), ("value", "400")):
                second.find_element(By.ID, f"{added}-{column}").send_keys(typed)
            second.find_element(By.ID, "risks").clear()
            second.find_element(By.ID, "risks").send_keys(
                "Få tilbudsgivere; mægleren kan melde fra."
            )
            second.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
            _wait(lambda: "Gemt." in second.page_source, "the second browser's save")

            browser.find_element(By.ID, "target").clear()
            browser.find_element(By.ID, "target").send_keys("3,4 mio. kr. fra 2011")
            browser.find_element(By.CSS_SELECTOR, "main form button.button-primary").click()
            _wait(lambda: "En anden har ændret tiltaget" in browser.page_source, "the conflict")
            assert "Ændret af Hanne Ravn" in browser.page_source
            assert (
                browser.find_element(By.ID, "target").get_attribute("value")
                == "3,4 mio. kr. fra 2011"
            )
            _checked(browser, shots, "record-conflict")
    finally:
        second.quit()
    case = read_records(engine, initiative)["business_case"]
    assert isinstance(case, BusinessCase)
    assert case.risks == "Få tilbudsgivere; mægleren kan melde fra."
    assert case.target == BUSINESS_CASE["target"]
    assert [(g.kind, g.unit, g.what, g.owner, g.years) for g in case.gains] == [
        ("kroner", "", "", "ulla", {2010: 600_000, 2011: 1_200_000, 2012: 1_200_000}),
        ("time", "hours", "Færre skadesager", "ulla", {2011: 400}),
    ]


def test_a_forum_member_decides_from_the_agenda_in_the_browser(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    tmp_path: Path,
    browser: Any,
    shots: Path,
    mail_server: MailServer,
) -> None:
    """Three decisions of one meeting from the agenda; the command line shows them with the web
    channel, and the next morning's mail tells the proposer."""
    from selenium.webdriver.common.by import By

    cases = [desk.propose(title=t) for t in ("Fælles indkøb", "Digital post", "Robotplæneklippere")]
    outcomes = ("go", "reject", "hold")
    with WebServer(database_url, tmp_path, now="2010-08-18T10:00", env=mail_server.env) as server:
        link = server.tiltag("web", "link", "jens", "--next", "/forums/chief_group")
        browser.get(link.stdout.strip())
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        _wait(lambda: "Dagsorden" in browser.title, "the agenda")
        _checked(browser, shots, "agenda")
        browser.find_element(By.ID, f"reference-{cases[0]}").send_keys("Chefgruppen, pkt. 4")
        for case, outcome in zip(cases, outcomes, strict=True):
            browser.find_element(By.ID, f"outcome-{case}-{outcome}").click()
            browser.find_element(By.ID, f"justification-{case}").send_keys(f"Besluttet: {outcome}.")
            browser.find_element(By.CSS_SELECTOR, f"form[action$='/{case}'] button").click()
            _wait(partial(_left, browser, f'/decisions/{case}"'), f"the agenda without {case}")
            assert "Beslutningen er registreret" in browser.page_source
            if case != cases[-1]:  # the meeting is kept for the next case
                kept = browser.find_element(By.ID, f"reference-{cases[-1]}").get_attribute("value")
                assert kept == "Chefgruppen, pkt. 4"
        _checked(browser, shots, "agenda-after")
        decisions = server.tiltag("decisions", str(cases[1]))
        assert decisions.stdout.splitlines()[0].endswith(
            "afvist / rejected  (Chefgruppen, pkt. 4; jens)  [web: link]"
        ), decisions.stdout
        next_morning = "2010-08-19T06:30"
        for command in (("remind", "--as-of", "2010-08-19"), ("outbox", "send")):
            done = server.tiltag(*command, now=next_morning)
            assert done.returncode == 0, done.stderr
        aase = "aase@kommune.example.dk"

        def to_proposer() -> list[str]:
            found = [m.subject for m in mail_server.received if m.recipients == [aase]]
            return sorted(found) if len(found) == 3 else []

        told = _wait(to_proposer, "the proposer's three mails")
        assert told == [
            "Chefgruppen har besluttet: Digital post (afvist)",
            "Chefgruppen har besluttet: Fælles indkøb (godkendt)",
            "Chefgruppen har besluttet: Robotplæneklippere (sat i bero)",
        ]
    for case, outcome in zip(cases, outcomes, strict=True):
        decision = list_decisions(engine, case)[-1]
        assert (decision.outcome, decision.reference, decision.meeting_date.isoformat()) == (
            outcome,
            "Chefgruppen, pkt. 4",
            "2010-08-18",
        )
        assert decision.channel == "web"


def test_the_task_force_s_pages_pass_axe_and_a_report_downloads_in_the_browser(
    database_url: str,
    people: Any,
    desk: Desk,
    engine: Engine,
    tmp_path: Path,
    browser: Any,
    shots: Path,
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    initiative = desk.propose(title="Fælles indkøb", area="Økonomi")
    desk.bring_to(initiative, "execution")
    made, fetched = tmp_path / "made", tmp_path / "fetched"
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(fetched)}
    )
    env = {"TILTAG_DOWNLOADS": str(made)}
    with WebServer(database_url, tmp_path, now="2010-08-18T10:00", env=env) as server:
        link = server.tiltag("web", "link", "hanne", "--next", "/task-force")
        browser.get(link.stdout.strip())
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        _wait(lambda: "Overblik" in browser.title, "the overview")
        _checked(browser, shots, "overview")
        browser.find_element(By.ID, "area").send_keys("Økonomi")
        browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
        _wait(lambda: "area=%C3%98konomi" in browser.current_url, "the filter in the address")
        _checked(browser, shots, "overview-filtered")
        for path, name in (
            ("/outbox", "outbox"),
            ("/initiatives?area=%C3%98konomi", "listing"),
            (f"/initiatives/{initiative}/facts", "facts"),
            (f"/initiatives/{initiative}/status", "status-on-behalf"),
            ("/reports", "reports"),
        ):
            browser.get(server.url + path)
            _checked(browser, shots, name)
        # By the keyboard alone: the arrow keys choose a report and a file type, Tab reaches the
        # button, Enter presses it.
        browser.find_element(By.ID, "report-quarterly").send_keys(Keys.ARROW_UP)
        assert browser.find_element(By.ID, "report-stalled").is_selected()
        browser.find_element(By.ID, "fmt-xlsx").send_keys(Keys.ARROW_DOWN)
        assert browser.find_element(By.ID, "fmt-html").is_selected()
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        assert focused.get_attribute("type") == "submit", focused.get_attribute("outerHTML")
        focused.send_keys(Keys.ENTER)
        # A small report comes at once as a file, the form stays; its job page says it is ready.
        got = _wait(lambda: list(fetched.glob("tiltag-stalled.html")), "the downloaded report")
        assert "Fælles indkøb" in got[0].read_text(encoding="utf-8")
        (job,) = made.glob("*.job")
        browser.get(f"{server.url}/reports/jobs/{job.stem}")
        assert "Rapporten er klar." in browser.page_source
        _checked(browser, shots, "download")
