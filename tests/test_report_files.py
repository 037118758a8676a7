"""The report files as people open them: the workbook in LibreOffice (a second, independent reader
of .xlsx) with Danish settings, the HTML page in headless Chromium, on screen and printed, and
the PDF read back by pypdf; each in one language."""

from __future__ import annotations

import base64
import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine

from tests.helpers import Desk
from tests.reporting import build_year, give, on
from workflow.definitions.registry import DEFAULT_FOLDER
from workflow.reports.quarterly import quarterly_report
from workflow.reports.service import snapshot, write_report_file
from workflow.reports.targets import load_targets
from workflow.schedule.config import load_schedule

TARGETS = load_targets(DEFAULT_FOLDER)
MEETINGS = load_schedule(DEFAULT_FOLDER).meetings
HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="document.title=1">'
FORMULA = '=HYPERLINK("http://evil.example/","Klik")'
MARKUP = "<b>fed</b> & </td></tr></table> &amp;"
# A LibreOffice profile that reads and shows numbers and dates as a Danish desktop does.
DANISH_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>da-DK</value></prop></item>
</oor:items>
"""


@pytest.fixture
def quarter(desk: Desk, engine: Engine, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The third quarter of the report tests' year, with two proposals whose titles attack
    whoever opens the files; made on 13 October."""
    ids = build_year(desk)
    on(desk, date(2010, 8, 20))
    hostile = desk.propose(title=HOSTILE)
    desk.propose(title=FORMULA)
    on(desk, date(2010, 9, 1))
    give(desk, hostile, light="red", text=MARKUP)
    give(
        desk, ids["running"], light="amber", text="Tilbudsfristen er rykket.", spent=300_000,
        realised_gains={2010: 100_000},
    )  # fmt: skip
    on(desk, date(2010, 10, 13))
    yield {"ids": ids, "folder": tmp_path}


def _made(desk: Desk, engine: Engine, fmt: str, path: Path, language: str = "da") -> Path:
    with snapshot(engine) as conn:
        report = quarterly_report(
            conn, desk.registry, TARGETS, desk.clock, 2010, 3, meetings=MEETINGS
        )
        write_report_file(report, fmt, path, None, language)
    return path


def test_the_workbook_opens_in_libreoffice_with_numbers_and_dates_the_danish_way(
    desk: Desk, engine: Engine, quarter: dict[str, Any]
) -> None:
    folder: Path = quarter["folder"]
    book = _made(desk, engine, "xlsx", folder / "kvartal.xlsx")
    profile = folder / "profile" / "user"
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_text(DANISH_PROFILE, encoding="utf-8")
    # Every sheet to CSV: ';' between cells, every text quoted, each cell as it is shown.
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,1030,true,true,true,false,false,-1",
            "--outdir",
            str(folder),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheets = sorted(p.name for p in folder.glob("kvartal-*.csv"))
    assert sheets == [
        "kvartal-Gevinster 2010.csv",
        "kvartal-Kvartalet i tal.csv",
        "kvartal-Om rapporten.csv",
        "kvartal-Tiltag.csv",
        "kvartal-Venter på beslutning.csv",
    ]
    lines = (folder / "kvartal-Tiltag.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('"id";"tilstand";"lys";"projektejer";"forventet 2010";')
    running = next(line for line in lines if "Udbud af bankforretninger" in line)
    # Numbers and dates are numbers and dates (not quoted), shown in Danish formats; texts are
    # texts, a formula's text too; the owner by name.
    assert running.startswith(
        f'{quarter["ids"]["running"]};"Implementering";"gul";"Ulla Krogh";'
        '550.000 kr.;100.000 kr.;01.09.2010;"Udbud af bankforretninger"'
    )
    assert any(line.split(";")[7] == f'"{FORMULA.replace(chr(34), chr(34) * 2)}"' for line in lines)
    gains = (folder / "kvartal-Gevinster 2010.csv").read_text(encoding="utf-8").splitlines()
    assert gains[1] == "2010;3.000.000 kr.;1.100.000 kr.;650.000 kr.;1.900.000 kr.;36,7%"
    # The header row stays in view and carries a filter; the cells' values are real numbers.
    workbook = load_workbook(book)
    for name in ("Kvartalet i tal", "Gevinster 2010", "Tiltag", "Venter på beslutning"):
        assert workbook[name].freeze_panes == "A2"
        assert workbook[name].auto_filter.ref is not None
    cells = {row[0].value: row for row in workbook["Tiltag"].iter_rows(min_row=2)}
    row = cells[quarter["ids"]["running"]]
    assert (row[4].value, row[4].number_format) == (550_000, '#,##0 "kr."')
    assert (row[6].value, row[6].number_format) == (datetime(2010, 9, 1), "dd.mm.yyyy")
    assert workbook["Gevinster 2010"]["F2"].value == pytest.approx(0.367)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, driven through its own ChromeDriver (nothing is downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,2000",
    ):  # fmt: skip
        options.add_argument(flag)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    yield driver
    driver.quit()


def test_the_page_shows_the_report_escaped_self_contained_and_printable(
    desk: Desk, engine: Engine, quarter: dict[str, Any], browser: Any
) -> None:
    page = _made(desk, engine, "html", quarter["folder"] / "kvartal.html")
    browser.get(page.as_uri())
    assert browser.title == "Kvartalsrapport · 3. kvartal 2010 · Sorø Kommune"
    assert browser.execute_script("return document.documentElement.lang") == "da"
    seen = browser.execute_script("return document.body.innerText")
    for text in (
        "Kvartalsrapport",
        "3. kvartal 2010 · pr. 30.09.2010",
        "Kvartalet i tal",
        "1.900.000 kr.",
        "36,7 %",
        "Tilbudsfristen er rykket.",
        "Implementering",
        "Ulla Krogh",
        "Venter på beslutning",
        HOSTILE,
        FORMULA,
        MARKUP,
    ):
        assert text in seen, text
    for english in ("Quarterly report", "as of", "The quarter in figures", "Awaiting", "amber"):
        assert english not in seen, english
    # What users typed is shown as text: it never becomes an element or runs.
    counts = browser.execute_script(
        "return [document.scripts.length, document.images.length,"
        " document.querySelectorAll('b').length,"
        " performance.getEntriesByType('resource').length]"
    )
    assert counts == [0, 0, 0, 0]  # and nothing was fetched from anywhere
    # The chart: target, expected and realised of 2010, as tall as their amounts.
    bars = browser.execute_script(
        "return [...document.querySelectorAll('rect.bar')].map("
        "r => [r.dataset.value, r.getBoundingClientRect().height])"
    )
    assert [int(v) for v, _ in bars] == [3_000_000, 1_100_000, 650_000]
    heights = [h for _, h in bars]
    assert heights[1] / heights[0] == pytest.approx(1_100_000 / 3_000_000, rel=0.01)
    assert heights[2] / heights[0] == pytest.approx(650_000 / 3_000_000, rel=0.01)
    # Printed: A4 across, the table heads repeated on every page.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    head = browser.execute_script(
        "return getComputedStyle(document.querySelector('thead')).display"
    )
    assert head == "table-header-group"
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    pdf = base64.b64decode(printed["data"])
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf)) >= 1


def test_the_csv_of_a_report_opens_in_a_spreadsheet_as_text(
    desk: Desk, engine: Engine, quarter: dict[str, Any]
) -> None:
    folder: Path = quarter["folder"]
    made = _made(desk, engine, "csv", folder / "kvartal.csv")
    rows = list(csv.reader(made.open(encoding="utf-8")))
    titles = [r[7] for r in rows[1:]]
    assert "'" + FORMULA in titles and HOSTILE in titles


def _pdf_text(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


# Words of the other language that must not be in a document's headings and labels.
ENGLISH = (
    "Quarterly report", "as of", "made", "initiatives", "owner", "state", "Awaiting", "meeting",
    "Page", "The quarter in figures", "Gains against", "amber", "green",
)  # fmt: skip
DANISH = (
    "Kvartalsrapport", "pr.", "lavet", "projektejer", "tilstand", "Venter på", "møde", "Side",
    "Kvartalet i tal", "Gevinster mod", "gul", "grøn",
)  # fmt: skip


def test_the_pdf_is_the_page_on_a4_with_its_title_and_page_numbers(
    desk: Desk, engine: Engine, quarter: dict[str, Any]
) -> None:
    folder: Path = quarter["folder"]
    ids = quarter["ids"]
    pdf, pages = _pdf_text(_made(desk, engine, "pdf", folder / "kvartal.pdf"))
    # A4 across (842 x 595 points), the report's title on every page, numbered "Side n af N".
    assert len(pages) >= 2
    for number, (page, text) in enumerate(zip(pdf.pages, pages, strict=True), start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            842,
            595,
        )
        assert "Kvartalsrapport · 3. kvartal 2010" in text
        assert f"Side {number} af {len(pages)}" in text
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Kvartalsrapport · 3. kvartal 2010 · Sorø Kommune"
    whole = "\n".join(pages)
    # One language: the Danish headings, none of the English ones.
    for danish in ("Kvartalet i tal", "Gevinster 2010", "Venter på beslutning", "projektejer"):
        assert danish in whole, danish
    for english in ENGLISH:
        assert not re.search(rf"\b{re.escape(english)}\b", whole), english
    # People by name, states and moves by the definition's labels, not handles or codes.
    assert "Ulla Krogh" in whole and not re.search(r"\bulla\b", whole)
    for code in ("execution", "follow_up", "business_case", "screening", "->"):
        assert code not in whole, code
    assert "Implementering afsluttet (Implementering → Opfølgning)" in " ".join(whole.split())
    # The waiting cases with the meeting they go to: the chief group's of 3 November.
    waiting = whole[whole.index("Venter på beslutning") :]
    cases = [line for line in waiting.splitlines() if line.startswith("Chefgruppen ")]
    assert "møde" in waiting and len(cases) == 4  # the two ideas and the two proposals
    assert waiting.count("03.11.2010") == 4
    # The chart is drawn: its scale and its year are text on the page.
    assert "mio. kr." in whole
    # What people typed is text, escaped in the page and shown as typed.
    assert MARKUP in " ".join(whole.split()) or "<b>fed</b>" in whole
    assert any(f"{ids['running']} Implementering" in page for page in pages)
    # A row and what happened to it in the quarter stand on the same page.
    for title, under in (
        ("Udbud af forsikring", "sket i kvartalet: "),
        ("Udbud af bankforretninger", "status: Tilbudsfristen er rykket. sket i kvartalet: "),
    ):
        holding = [" ".join(text.split()) for text in pages if title in text]
        assert holding[0].partition(title)[2].startswith(" " + under), title


def test_the_pdf_in_english_has_no_danish_labels(
    desk: Desk, engine: Engine, quarter: dict[str, Any]
) -> None:
    pdf, pages = _pdf_text(_made(desk, engine, "pdf", quarter["folder"] / "q3.pdf", "en"))
    whole = "\n".join(pages)
    assert "Page 1 of" in pages[0] and "Quarterly report · Q3 2010" in pages[0]
    for english in ("The quarter in figures", "Awaiting a decision", "owner", "meeting"):
        assert english in whole, english
    for danish in DANISH:
        assert not re.search(rf"(?<!\w){re.escape(danish)}(?!\w)", whole), danish
    assert "Execution completed (Execution → Follow-up)" in " ".join(whole.split())


def test_a_row_of_the_pdf_is_not_cut_across_pages(
    desk: Desk, engine: Engine, quarter: dict[str, Any]
) -> None:
    # Enough initiatives with long statuses for the table to run over several pages.
    on(desk, date(2010, 8, 2))
    for number in range(60):
        # Titles of one to five lines: rows of many heights, page breaks in many places.
        desk.propose(title=f"Tiltag nummer {number} " + "med en lang titel " * (1 + number % 8))
    on(desk, date(2010, 10, 13))
    _, pages = _pdf_text(_made(desk, engine, "pdf", quarter["folder"] / "lang.pdf"))
    assert len(pages) > 3
    # The initiatives' table: the pages up to the waiting cases (which list them again).
    table = []
    for text in pages:
        table.append(" ".join(text.partition("Venter på beslutning")[0].split()))
        if "Venter på beslutning" in text:
            break
    assert len(table) > 3
    for number in range(60):
        # A row (its title) on one page only, with what happened to it under it.
        holding = [n for n, text in enumerate(table) if f"Tiltag nummer {number} " in text]
        assert len(holding) == 1, (number, holding)
        row = table[holding[0]].partition(f"Tiltag nummer {number} ")[2]
        said = "med en lang titel " * (1 + number % 8) + "sket i kvartalet: 02.08.2010 foreslået"
        assert row.startswith(said), row
