"""The action catalogue: one row per initiative selected for it, its figures per budget year
(expected, budget-adjusted, realised), the totals per area and each year against the target; as
the Economic Committee opens it in a spreadsheet."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import Engine

from tests.conftest import Invoke
from tests.helpers import Desk
from tests.reporting import build_year
from tests.test_report_files import DANISH_PROFILE, TARGETS
from tests.test_reports import plain
from workflow.approvals.adjustments import confirm_adjustment
from workflow.core.people import add_person
from workflow.reports.catalogue import catalogue_report
from workflow.reports.service import snapshot


def _catalogue(desk: Desk, engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with snapshot(engine) as conn:
        report = catalogue_report(conn, desk.registry, TARGETS, desk.clock)
        return {
            s.name: [
                tuple(c.name for c in s.columns),
                *(tuple(plain(v, "da") for v in row) for row in s.rows),
            ]
            for s in report.sections
        }


def test_the_catalogue_holds_the_selected_initiatives_with_their_years(
    desk: Desk, engine: Engine, people: Any
) -> None:
    ids = build_year(desk)
    finn = add_person(
        engine, handle="finn", name="Finn Juul", email="finn@kommune.example.dk",
        roles=["finance"], actor=people["admin"], clock=desk.clock,
    )  # fmt: skip
    confirm_adjustment(
        engine, desk.registry, actor=finn, initiative_id=ids["running"], year=2011,
        clock=desk.clock, amount=1_000_000, note="Færre gebyrer end ventet", account="6.45.01",
    )  # fmt: skip
    found = _catalogue(desk, engine)
    head, *rows = found["initiatives"]
    assert head[:6] == ("id", "title", "category", "area", "owner", "state")
    assert head[6:12] == (
        "expected_2010", "adjusted_2010", "realised_2010",
        "expected_2011", "adjusted_2011", "realised_2011",
    )  # fmt: skip
    by_id = {row[0]: row for row in rows}
    # Selected for it: the realised, running and case initiatives; not the idea still in
    # screening, the rejected one, nor the new proposal.
    assert sorted(by_id) == sorted((ids["realised"], ids["running"], ids["case"]))
    running = by_id[ids["running"]]
    assert running[3:6] == ("Økonomi", "ulla", "execution")  # codes; the workbook names them
    assert running[6:12] == (550_000, None, None, 1_150_000, 1_000_000, None)
    assert by_id[ids["realised"]][6:9] == (550_000, None, 550_000)
    areas = {row[0]: row[1:] for row in found["areas"][1:]}
    assert areas["Økonomi"][:6] == (1_100_000, None, 550_000, 2_300_000, 1_000_000, None)
    targets = {row[0]: row for row in found["targets"][1:]}
    assert targets[2011][:4] == (2011, 5_000_000, 2_300_000, 1_000_000)


def test_the_catalogue_opens_in_libreoffice(
    desk: Desk, engine: Engine, run: Invoke, tmp_path: Path
) -> None:
    ids = build_year(desk)
    book = tmp_path / "handlekatalog.xlsx"
    made = run("--now", "2010-10-13T09:00", "report", "catalogue", "--output", str(book))
    assert made.exit_code == 0, made.stderr
    profile = tmp_path / "profile" / "user"
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_text(DANISH_PROFILE, encoding="utf-8")
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,1030,true,true,true,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheets = sorted(p.name for p in tmp_path.glob("handlekatalog-*.csv"))
    assert sheets == [
        "handlekatalog-Mod målet.csv",
        "handlekatalog-Om rapporten.csv",
        "handlekatalog-Pr. område.csv",
        "handlekatalog-Tiltagene.csv",
    ]
    lines = (tmp_path / "handlekatalog-Tiltagene.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('"id";"titel";"kategori";"område";"projektejer";"tilstand";')
    running = next(line for line in lines if line.startswith(f"{ids['running']};"))
    assert running.split(";")[3:7] == [
        '"Økonomi"',
        '"Ulla Krogh"',
        '"Implementering"',
        "550.000 kr.",
    ]
    workbook = load_workbook(book, read_only=True)
    assert workbook.sheetnames[:3] == ["Tiltagene", "Pr. område", "Mod målet"]
