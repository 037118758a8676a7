"""The report files as people open them: the workbook in LibreOffice (a second, independent reader
of .xlsx) with Danish settings, and the HTML page in headless Chromium, on screen and printed."""

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
from sqlalchemy import Engine

from tests.helpers import Desk
from tests.reporting import build_year, give, on
from workflow.definitions.registry import DEFAULT_FOLDER
from workflow.reports.quarterly import quarterly_report
from workflow.reports.service import snapshot, write_report_file
from workflow.reports.targets import load_targets

TARGETS = load_targets(DEFAULT_FOLDER)
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


def _made(desk: Desk, engine: Engine, fmt: str, path: Path) -> Path:
    with snapshot(engine) as conn:
        report = quarterly_report(conn, desk.registry, TARGETS, desk.clock, 2010, 3)
        write_report_file(report, fmt, path, None)
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
    assert lines[0].startswith('"id";"tilstand / state";"lys / light";')
    running = next(line for line in lines if "Udbud af bankforretninger" in line)
    # Numbers and dates are numbers and dates (not quoted), shown in Danish formats; texts are
    # texts, a formula's text too.
    assert running.startswith(
        f'{quarter["ids"]["running"]};"Implementering / Execution";"gul / amber";"ulla";'
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
    seen = browser.execute_script("return document.body.innerText")
    for text in (
        "Kvartalsrapport / Quarterly report",
        "3. kvartal 2010 / Q3 2010 · pr. 30.09.2010 / as of 2010-09-30",
        "Kvartalet i tal / The quarter in figures",
        "1.900.000 kr.",
        "36,7 %",
        "Tilbudsfristen er rykket.",
        "grøn / green",
        "Venter på beslutning / Awaiting a decision",
        HOSTILE,
        FORMULA,
        MARKUP,
    ):
        assert text in seen, text
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
