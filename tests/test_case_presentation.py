"""The case presentation (sagsfremstilling) of one initiative for a forum's agenda: the PDF read
back by pypdf, the HTML page in headless Chromium, the recommendation each gate and kind of
decision gives, and `tiltag report case`'s refusals."""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import Invoke
from tests.helpers import BUSINESS_CASE, RUN_TILTAG, Desk
from tests.reporting import move, on
from workflow.reports.case import CasePresentation, case_presentation
from workflow.reports.case_page import WORDS, write_case, write_case_file
from workflow.reports.service import snapshot

HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="document.title=1">'
# The gains of every kind: kroner taken back centrally (the initiative's owner's), hours freed
# (Hanne Ravn's), an indicator's targets from its baseline.
GAINS: list[dict[str, Any]] = [
    {"kind": "kroner", "what": "Lavere præmie", "years": {2010: 600_000, 2011: 1_200_000}},
    {"kind": "time", "unit": "hours", "what": "Sagsbehandling", "owner": "hanne",
     "years": {2011: 1_200}},
    {"kind": "quality", "what": "Digitale ansøgninger", "unit": "%", "baseline": 20,
     "years": {2011: 60, 2012: 85.5}},
]  # fmt: skip
# Net present value of the case at 4 %: 550.000 / 1,04 + 1.150.000 / 1,04² - 250.000 (the
# investment at the start of 2010) = 528.846,15 + 1.063.239,64 - 250.000.
NPV = "1.342.086 kr."
# Danish and English headings: none of one language may be in a page of the other.
HEADINGS = {
    "da": ("Baggrund", "Løsning", "Økonomi", "Risici", "Beslutningstype", "Indstilling"),
    "en": ("Background", "Solution", "Economics", "Risks", "Kind of decision", "Recommendation"),
}


def _waiting_for_the_committee(
    desk: Desk, kind: str = "economic_committee", risks: str = "Få tilbudsgivere på markedet.",
    **values: Any,
) -> int:  # fmt: skip
    """An initiative whose business case needs the Economic Committee (and with `kind`
    city_council, the City Council after it), the chief group's go given on it: the Economic
    Committee is asked now."""
    on(desk, date(2010, 6, 7))
    facts = {
        "title": "Digital refusion af sygedagpenge",
        "area": "Jobcenter",
        "category": "digitalisering",
        "description": "Arbejdsgivere søger i dag refusion på papir.",
    }
    initiative = desk.propose(**{**facts, **values})
    on(desk, date(2010, 6, 14))
    desk.go(initiative)
    move(desk, initiative, "select", "hanne")
    on(desk, date(2010, 6, 21))
    case = {
        **BUSINESS_CASE,
        "running_costs": {2010: 50_000, 2011: 50_000},
        "gains": GAINS,
        "decision_kind": kind,
        "risks": risks,
    }
    desk.file(initiative, "business_case", case)
    desk.decide(initiative, reference="Chefgruppen 21.06.2010, pkt. 3")
    on(desk, date(2010, 8, 18))
    return initiative


def _presentation(desk: Desk, initiative: int, **options: Any) -> CasePresentation:
    with snapshot(desk.engine) as conn:
        return case_presentation(
            conn, desk.registry, initiative, now=desk.clock.now(), today=date(2010, 8, 18),
            municipality="Sorø Kommune", **options,
        )  # fmt: skip


def _pdf_text(desk: Desk, initiative: int, language: str) -> tuple[int, str]:
    made = io.BytesIO()
    write_case(_presentation(desk, initiative), "pdf", made, language)
    reader = PdfReader(io.BytesIO(made.getvalue()))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_one_danish_page_with_the_case_its_figures_and_the_recommendation(
    desk: Desk,
) -> None:
    pages, text = _pdf_text(desk, _waiting_for_the_committee(desk), "da")
    assert pages == 1
    for seen in (
        "Sorø Kommune · Sagsfremstilling · Økonomiudvalget",
        "Digital refusion af sygedagpenge",
        "Jobcenter",
        "Ulla Krogh",  # the owner and the benefit owner of the kroner, by name
        "Hanne Ravn",
        "Digitalisering",
        "Analyse med udgangspunkt i en business case",
        "Arbejdsgivere søger i dag refusion på papir.",
        "Fælles udbud af kommunens forsikringer",  # the solution
        "Forlænge nuværende aftaler",  # the alternatives
        "hjemtages centralt",
        "600.000",
        "1.200.000",  # kroner of 2011, and 1.200 hours the same year
        "1.200",
        "85,5",
        "udgangspunkt 20",
        "250.000",
        "1.150.000",  # the net gain of 2011
        NPV,
        "4 % diskonteringsrente",
        "0,5 år",
        "Få tilbudsgivere på markedet.",
        "Kræver Økonomiudvalget",
        "Det indstilles, at Økonomiudvalget på grundlag af business casen godkender tiltaget, "
        "så det kan gå videre til Organisering.",
        "21.06.2010",
        "Chefgruppen 21.06.2010, pkt. 3",
        "godkendt",
        "Side 1 af 1",
    ):
        assert seen in " ".join(text.split()), seen
    for handle in ("ulla", "hanne"):
        assert handle not in text.split(), handle
    for english in HEADINGS["en"] + ("Page", "Net present value", "taken back"):
        assert english not in text, english


def test_the_english_pdf_has_english_words_only(desk: Desk) -> None:
    pages, text = _pdf_text(desk, _waiting_for_the_committee(desk), "en")
    flat = " ".join(text.split())
    assert pages == 1
    for seen in HEADINGS["en"] + (
        "Business case analysis",
        "Digitalisation",
        "taken back centrally",
        NPV,
        "It is recommended that the Economic Committee approves the initiative on the basis of "
        "the business case, so that it can go on to Organisation.",
        "2010-06-21",
        "Page 1 of 1",
    ):
        assert seen in flat, seen
    for danish in HEADINGS["da"] + ("Side", "Nettonutidsværdi", "hjemtages", "godkendt"):
        assert danish not in flat, danish


def test_the_recommendation_follows_the_gate_the_forums_turn_and_the_kind_of_decision(
    desk: Desk,
) -> None:
    proposal = desk.propose(title="Robotstøvsugere")
    assert _presentation(desk, proposal).recommendation.da == (
        "Det indstilles, at Chefgruppen godkender tiltaget, så det kan gå videre til Analyse med "
        "udgangspunkt i en business case."
    )
    council = _waiting_for_the_committee(desk, "city_council")
    chief = _presentation(desk, council, forum="chief_group")
    assert chief.recommendation.da == (
        "Det indstilles, at Chefgruppen tager orienteringen om tiltaget til efterretning."
    )  # its go is given: another forum decides now
    committee = _presentation(desk, council)
    assert committee.forum.da == "Økonomiudvalget"
    assert committee.recommendation.da == (
        "Det indstilles, at Økonomiudvalget på grundlag af business casen godkender tiltaget og "
        "anbefaler det over for Byrådet."
    )
    assert committee.recommendation.en == (
        "It is recommended that the Economic Committee approves the initiative on the basis of "
        "the business case and recommends it to the City Council."
    )
    assert [f.da for f in committee.forums_asked] == ["Chefgruppen", "Økonomiudvalget", "Byrådet"]
    desk.decide(council, "economic_committee")
    assert _presentation(desk, council).recommendation.da.endswith(
        "godkender tiltaget, så det kan gå videre til Organisering."
    )
    given = _presentation(desk, council, recommendation="  Det indstilles, at sagen udsættes.  ")
    assert (
        given.recommendation.da == given.recommendation.en == "Det indstilles, at sagen udsættes."
    )


def test_an_initiative_past_its_gates_is_presented_for_information(desk: Desk) -> None:
    initiative = _waiting_for_the_committee(desk)
    desk.decide(initiative, "economic_committee")
    move(desk, initiative, "approve_case", "ulla")
    shown = _presentation(desk, initiative)
    assert shown.forum.da == "Chefgruppen"
    assert "tager orienteringen om tiltaget til efterretning" in shown.recommendation.da
    assert [d.forum.da for d in shown.decisions] == [
        "Chefgruppen",
        "Chefgruppen",
        "Økonomiudvalget",
    ]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium, driven through its own ChromeDriver (nothing is downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,1300"):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    yield driver
    driver.quit()


def test_the_page_shows_what_people_typed_as_text_and_fetches_nothing(
    desk: Desk, tmp_path: Path, chromium: Any
) -> None:
    initiative = _waiting_for_the_committee(desk, title=HOSTILE[:200], risks=HOSTILE)
    page = tmp_path / "sag.html"
    write_case_file(_presentation(desk, initiative), "html", page, "da")
    assert "<script>" not in page.read_text(encoding="utf-8")
    chromium.get(page.as_uri())
    assert chromium.title == f"Sagsfremstilling: {HOSTILE[:200]}"
    assert chromium.execute_script("return document.documentElement.lang") == "da"
    seen = chromium.execute_script("return document.body.innerText")
    assert seen.count(HOSTILE) == 2  # the title and the risks, as typed
    counts = chromium.execute_script(
        "return [document.scripts.length, document.images.length,"
        " performance.getEntriesByType('resource').length]"
    )
    assert counts == [0, 0, 0]
    # Printed: A4 portrait, one page.
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    heading = chromium.execute_script(
        "return document.querySelector('h2').textContent + '|' +"
        " getComputedStyle(document.body).fontSize"
    )
    assert heading == "Baggrund|12px"  # 9 pt


def test_the_command_writes_the_file_whole_or_says_why_not(
    desk: Desk, run: Invoke, tmp_path: Path
) -> None:
    initiative = _waiting_for_the_committee(desk)
    folder = tmp_path / "out"
    folder.mkdir()
    pdf = folder / "sag.pdf"
    made = run("report", "case", str(initiative), "--output", str(pdf))
    assert made.exit_code == 0, made.output
    assert made.output == f"Wrote {pdf}: case presentation of initiative {initiative} (pdf)\n"
    assert "Økonomiudvalget" in PdfReader(pdf).pages[0].extract_text()
    html = run("report", "case", str(initiative), "--format", "html", "--language", "en")
    assert html.exit_code == 0
    assert html.output.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "It is recommended that the Economic Committee approves" in html.output
    given = run("report", "case", str(initiative), "--forum", "chief_group",
                "--recommendation", "Det indstilles, at sagen tages til efterretning.")  # fmt: skip
    assert "Sagsfremstilling · Chefgruppen" in given.output
    assert "Det indstilles, at sagen tages til efterretning." in given.output

    missing = folder / "ingen.pdf"
    unknown = run("report", "case", "999", "--output", str(missing))
    assert (unknown.exit_code, unknown.output) == (1, "Error: no initiative with id 999\n")
    assert not missing.exists()
    wrong = run("report", "case", str(initiative), "--format", "csv")
    assert wrong.exit_code == 2
    assert "'csv' is not one of 'html', 'pdf'" in wrong.output
    docx = run("report", "case", str(initiative), "--output", str(folder / "sag.docx"))
    assert (docx.exit_code, docx.output) == (
        2,
        "Error: which format is sag.docx? give --format html|pdf or a file ending in .html or "
        ".pdf\n",
    )
    forum = run("report", "case", str(initiative), "--forum", "task_force")
    assert forum.exit_code == 2
    assert [p.name for p in folder.iterdir()] == ["sag.pdf"]  # nothing half-written


def test_a_pdf_is_not_written_to_a_terminal(desk: Desk, database_url: str) -> None:
    initiative = _waiting_for_the_committee(desk)
    terminal, other_end = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUN_TILTAG, "report", "case", str(initiative),
             "--format", "pdf"],
            stdout=other_end, stderr=subprocess.PIPE, text=True, timeout=120,
            env={**os.environ, "TILTAG_DATABASE_URL": database_url},
        )  # fmt: skip
    finally:
        os.close(other_end)
        os.close(terminal)
    assert done.returncode == 2
    assert done.stderr == "Error: a PDF is not for the terminal: give --output FILE\n"


def test_every_heading_has_words_in_both_languages_that_differ_where_they_should() -> None:
    same = {key for key, label in WORDS.items() if label.da == label.en}
    assert same == {"forum", "reference"}
