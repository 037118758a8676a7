"""The task force's pages against a real `tiltag serve`: the overview and its filter in the
address, reports downloaded as `tiltag report` writes them (and made away from the request), the
outbox's failed mail retried, and a status given on an owner's behalf."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx2
from pypdf import PdfReader
from sqlalchemy import Engine, update

from tests.conftest import WEB_NOW as NOW
from tests.helpers import Desk
from tests.test_reminders import SCHEDULE, TEMPLATES
from tests.test_web import (
    csrf,
    post,
    signed_in,
)
from tests.web_server import WebServer
from workflow.base.clock import FixedClock
from workflow.core.history import read_history
from workflow.core.initiatives import get_initiative
from workflow.core.people import add_person, set_language
from workflow.schedule.daily import run_day
from workflow.schedule.outbox import list_outbox
from workflow.storage.schedule_tables import OUTBOX
from workflow.web.downloads import Jobs


def test_the_overview_is_the_task_force_s_and_its_filter_is_in_the_address(
    server: WebServer, desk: Desk
) -> None:
    ours = desk.propose(title="Fælles indkøb", area="Økonomi")
    other = desk.propose(title="Robotter i ældreplejen", area="Ældre")
    desk.bring_to(ours, "execution")
    for handle in ("ulla", "jens"):
        refused = signed_in(server, handle).get("/task-force")
        assert refused.status_code == 403
        assert "task forcen" in refused.text
    task_force = signed_in(server, "hanne")
    whole = task_force.get("/task-force")
    assert whole.status_code == 200
    assert "Fælles indkøb" in whole.text  # in execution without the quarter's status
    assert 'href="/task-force"' in whole.text
    part = task_force.get("/task-force", params={"area": "Ældre"})
    assert part.status_code == 200
    assert '<option value="Ældre" selected>' in part.text
    assert "Fælles indkøb" not in part.text
    listed = 'href="/initiatives?area=%C3%86ldre&amp;state=screening">1</a>'
    assert listed in part.text  # the pipeline's count leads to the list of those initiatives
    assert "Vis alle" in part.text
    nobody = task_force.get("/task-force", params={"owner": "<nobody>", "state": "x" * 500})
    assert nobody.status_code == 200
    assert "Ingen tiltag i dette udsnit." in nobody.text
    assert "<nobody>" not in nobody.text
    assert other


def fetched(client: httpx2.Client, made: httpx2.Response) -> httpx2.Response:
    """The file a report form made: at once, or from its progress page once it is ready."""
    assert made.status_code == 303, made.text
    job = made.headers["location"].split("/")[3]
    deadline = time.monotonic() + 60
    ready = ("Rapporten er klar.", "The report is ready.")  # in the asker's language
    while not any(words in (page := client.get(f"/reports/jobs/{job}")).text for words in ready):
        assert "kunne ikke laves" not in page.text, page.text
        assert "could not be made" not in page.text, page.text
        assert time.monotonic() < deadline, "the report was not made in a minute"
        threading.Event().wait(0.2)
    return client.get(f"/reports/jobs/{job}/file")


def test_every_initiative_is_listed_filtered_by_the_address_and_in_pages(
    server: WebServer, desk: Desk
) -> None:
    ids = [
        desk.propose(title=f"Forslag {n}", area="Ældre" if n % 2 else "Økonomi") for n in range(60)
    ]
    desk.bring_to(ids[0], "business_case")
    client = signed_in(server, "ulla")  # reading is open to everyone signed in
    first = client.get("/initiatives")
    assert first.status_code == 200
    assert re.findall(r"/initiatives/(\d+)\">", first.text) == [str(i) for i in ids[:50]]
    second = client.get("/initiatives", params={"page": "2"})
    assert re.findall(r"/initiatives/(\d+)\">", second.text) == [str(i) for i in ids[50:]]
    assert "Næste side" in first.text and "Næste side" not in second.text
    part = client.get("/initiatives", params={"area": "Ældre", "state": "screening"})
    shown = [int(n) for n in re.findall(r"/initiatives/(\d+)\">", part.text)]
    assert shown == [i for n, i in enumerate(ids) if n % 2]
    assert 'href="/initiatives?area=%C3%86ldre&amp;state=screening&amp;page=2"' not in part.text
    for odd in ({"page": "x"}, {"page": "0"}, {"page": "99999999"}, {"owner": "<b>"}):
        assert client.get("/initiatives", params=odd).status_code == 200


def test_a_report_downloads_as_tiltag_report_writes_it(server: WebServer, desk: Desk) -> None:
    ours = desk.propose(title="Fælles indkøb", area="Økonomi")
    desk.bring_to(ours, "execution")
    client = signed_in(server, "hanne")
    asked = {"report": "quarterly", "year": "2010", "quarter": "3", "fmt": "csv"}
    made = post(client, "/reports", asked)
    got = fetched(client, made)
    job = made.headers["location"].split("/")[3]
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert 'filename="tiltag-quarterly-2010-Q3.csv"' in got.headers["content-disposition"]
    written = server.tiltag(
        "report", "quarterly", "--year", "2010", "--quarter", "3", "--format", "csv", now=NOW
    )
    assert written.returncode == 0, written.stderr
    assert list(csv.reader(io.StringIO(got.text))) == list(csv.reader(io.StringIO(written.stdout)))
    as_json = post(client, "/reports", {**asked, "report": "stalled", "fmt": "json"})
    body = fetched(client, as_json).json()
    assert body["report"] == "stalled"
    # The PDF for the agenda, in the language of the person who asks: Danish, then English.
    as_pdf = fetched(client, post(client, "/reports", {**asked, "fmt": "pdf"}))
    assert as_pdf.headers["content-type"] == "application/pdf"
    first = PdfReader(io.BytesIO(as_pdf.content)).pages[0].extract_text()
    assert "Kvartalsrapport · 3. kvartal 2010" in first and "Quarterly" not in first
    set_language(desk.engine, desk.people["hanne"], "en")
    in_english = fetched(client, post(client, "/reports", asked))
    assert in_english.text.splitlines()[0].startswith("id,state,light,owner,expected 2010,")
    as_pdf = fetched(client, post(client, "/reports", {**asked, "fmt": "pdf"}))
    first = PdfReader(io.BytesIO(as_pdf.content)).pages[0].extract_text()
    assert "Quarterly report · Q3 2010" in first and "Kvartalsrapport" not in first
    # A job is its asker's: another member of the task force, or a guessed name, finds nothing.
    assert signed_in(server, "admin").get(f"/reports/jobs/{job}/file").status_code == 404
    assert client.get("/reports/jobs/nothing-here").status_code == 404


def test_a_report_asked_badly_is_refused_with_the_form_again(server: WebServer) -> None:
    client = signed_in(server, "hanne")
    for wrong in (
        {"report": "secrets", "fmt": "csv"},
        {"report": "gains", "fmt": "exe"},
        {"report": "gains", "fmt": "csv", "year": "1066"},
        {"report": "quarterly", "fmt": "csv", "year": "2010", "quarter": "9"},
    ):
        refused = post(client, "/reports", {"year": "", "quarter": "", **wrong})
        assert refused.status_code == 400, wrong
        assert 'role="alert"' in refused.text
    assert signed_in(server, "ulla").get("/reports").status_code == 403


def test_a_report_is_made_away_from_the_request_and_its_failure_is_told(tmp_path: Path) -> None:
    jobs = Jobs(tmp_path / "downloads")
    go = threading.Event()

    def slow(path: Path) -> None:
        assert go.wait(10)
        path.write_text("done", encoding="utf-8")

    now = datetime(2010, 9, 2, 12, tzinfo=UTC)
    job = jobs.start(7, "portfolio", "csv", "p.csv", now, slow)
    jobs.wait(job, 0.05)
    assert job.state(jobs.folder) == ("running", None)
    assert jobs.find(job.id, 7) == job
    assert jobs.find(job.id, 8) is None
    assert jobs.find("../../etc/passwd", 7) is None
    go.set()
    jobs.wait(job, 10)
    assert job.state(jobs.folder) == ("done", None)
    assert job.file(jobs.folder).read_text(encoding="utf-8") == "done"

    def broken(path: Path) -> None:
        raise OSError("the disk is full")

    failed = jobs.start(7, "portfolio", "csv", "p.csv", now, broken)
    jobs.wait(failed, 10)
    assert failed.state(jobs.folder) == ("failed", "the disk is full")
    assert not failed.file(jobs.folder).exists()


def test_failed_mail_is_listed_with_why_and_retried_from_the_outbox_page(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    desk.clock.set(datetime(2010, 9, 1, 7, tzinfo=UTC))
    ids = [desk.propose(title=f"Udbud {n}") for n in range(2)]
    for id_ in ids:
        desk.bring_to(id_, "execution")
    day = date(2010, 9, 2)
    clock = FixedClock(datetime(2010, 9, 2, 4, tzinfo=UTC))
    run_day(engine, desk.registry, SCHEDULE, TEMPLATES, day, clock)
    first, second, *_ = (r.id for r in list_outbox(engine))
    with engine.begin() as conn:
        conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_((first, second)))
            .values(state="failed", attempts=5, last_error="550 <ulla@...>: no such user")
        )
    client = signed_in(server, "hanne")
    page = client.get("/outbox")
    assert page.status_code == 200
    assert page.text.count("550 &lt;ulla@...&gt;: no such user") == 2
    nothing = post(client, "/outbox/retry", {}, page="/outbox")
    assert nothing.status_code == 400
    retried = post(client, "/outbox/retry", {"mail": str(first)}, page="/outbox")
    assert (retried.status_code, retried.headers["location"]) == (303, "/outbox?retried=1")
    states = {r.id: r.state for r in list_outbox(engine)}
    assert (states[first], states[second]) == ("queued", "failed")
    again = post(client, "/outbox/retry", {"mail": str(first)}, page="/outbox")
    assert again.status_code == 409  # no longer failed: someone retried it
    assert (
        post(client, "/outbox/retry", {"all": "1"}, page="/outbox").headers["location"]
        == "/outbox?retried=1"
    )
    assert {r.state for r in list_outbox(engine)} == {"queued"}
    assert signed_in(server, "ulla").get("/outbox").status_code == 403


def test_the_task_force_gives_a_status_for_the_owner_and_the_page_says_so(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    initiative = desk.propose()
    desk.bring_to(initiative, "execution")
    client = signed_in(server, "hanne")
    form = client.get(f"/initiatives/{initiative}/status")
    assert "Du handler på vegne af Ulla Krogh" in form.text
    given = client.post(
        f"/initiatives/{initiative}/status",
        data={"csrf": csrf(form), "light": "green", "text": "Ulla er på ferie."},
        headers={"Origin": server.url},
    )
    assert given.status_code == 303, given.text
    last = read_history(engine, initiative)[-1]
    assert (last.actor, last.on_behalf_of, last.channel) == ("hanne", "ulla", "web")
    page = client.get(f"/initiatives/{initiative}")
    assert "på vegne af Ulla Krogh" in page.text
    own = signed_in(server, "ulla").get(f"/initiatives/{initiative}/status")
    assert "på vegne af" not in own.text


def test_the_task_force_hands_an_initiative_to_another_owner_and_the_history_says_so(
    server: WebServer, desk: Desk, engine: Engine, clock: FixedClock
) -> None:
    add_person(engine, handle="soeren", name="Søren Bæk", email="soeren@kommune.example.dk",
               roles=["project_owner"], actor=desk.people["admin"], clock=clock)  # fmt: skip
    initiative = desk.propose(title="Fælles indkøb")
    client = signed_in(server, "hanne")
    form = client.get(f"/initiatives/{initiative}/facts")
    assert form.status_code == 200 and "Du handler på vegne af Ulla Krogh" in form.text
    assert '<option value="soeren">Søren Bæk</option>' in form.text
    values = {
        "title": "Fælles indkøb af kontorartikler",
        "description": "Ét udbud.",
        "category": "indkoeb",
        "area": "Økonomi",
        "owner": "soeren",
        "version": "1",
    }
    changed = post(client, f"/initiatives/{initiative}/facts", values)
    assert changed.status_code == 303, changed.text
    assert get_initiative(engine, initiative).owner == "soeren"
    events = [e for e in read_history(engine, initiative) if e.kind == "edit"]
    assert {(e.field, e.actor, e.on_behalf_of) for e in events} >= {
        ("owner", "hanne", "ulla"),
        ("title", "hanne", "ulla"),
    }
    stale = post(client, f"/initiatives/{initiative}/facts", {**values, "title": "Andet"})
    assert stale.status_code == 409 and "En anden har ændret tiltaget" in stale.text
    assert get_initiative(engine, initiative).title == "Fælles indkøb af kontorartikler"
    now = str(get_initiative(engine, initiative).version)
    bad = post(client, f"/initiatives/{initiative}/facts", {**values, "title": "", "version": now})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    assert signed_in(server, "jens").get(f"/initiatives/{initiative}/facts").status_code == 403
