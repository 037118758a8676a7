"""The reports over a year of initiatives, on SQLite and PostgreSQL: what each finds, as of when,
and how it is written for people (tables) and tools (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from tests.conftest import Invoke
from tests.helpers import BUSINESS_CASE, FOLLOW_UP, PLAN, Desk
from tests.reporting import build_year, give, move, on
from workflow.base.errors import UsageError
from workflow.base.vocabulary import Label
from workflow.definitions.registry import DEFAULT_FOLDER
from workflow.reports.gains import gains_report
from workflow.reports.model import Coded, Report
from workflow.reports.portfolio import portfolio_report
from workflow.reports.quarterly import quarterly_report
from workflow.reports.service import snapshot, write_report
from workflow.reports.stalled_cases import stalled_report
from workflow.reports.targets import load_targets, parse_targets
from workflow.schedule.config import load_schedule

TARGETS = load_targets(DEFAULT_FOLDER)
SCHEDULE = load_schedule(DEFAULT_FOLDER)


@pytest.fixture
def year(desk: Desk) -> dict[str, int]:
    """The year of `tests.reporting.build_year`, then: a status in September, the Economic
    Committee's go on 5 October and the case launched on 12 October; it is now 13 October."""
    ids = build_year(desk)
    on(desk, date(2010, 9, 1))
    give(
        desk, ids["running"], light="amber", text="Tilbudsfristen er rykket.", spent=300_000,
        realised_gains={2010: 100_000},
    )  # fmt: skip
    on(desk, date(2010, 10, 5))
    desk.go(ids["case"], "economic_committee")
    on(desk, date(2010, 10, 12))
    move(desk, ids["case"], "approve_case", "ulla")
    on(desk, date(2010, 10, 13))
    return ids


def plain(value: Any, language: str = "da") -> Any:
    """A cell as a test compares it: a coded value's code, a text for people in `language`."""
    if isinstance(value, Coded):
        return value.code
    return value.text(language) if isinstance(value, Label) else value


def rows(report: Report, section: str, language: str = "da") -> list[tuple[Any, ...]]:
    return [tuple(plain(v, language) for v in row) for row in report.section(section).rows]


def both(report: Report, section: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The section's rows (read once: they stream) in Danish and in English."""
    read = list(report.section(section).rows)
    return (
        [tuple(plain(v, "da") for v in row) for row in read],
        [tuple(plain(v, "en") for v in row) for row in read],
    )


def quarterly(desk: Desk, conn: Any, year: int | None = None, quarter: int | None = None) -> Report:
    """The quarterly report with the shipped schedule's meetings."""
    return quarterly_report(
        conn, desk.registry, TARGETS, desk.clock, year, quarter, meetings=SCHEDULE.meetings
    )


def test_the_quarterly_report_describes_the_quarter_as_it_ended(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    with snapshot(engine) as conn:
        report = quarterly(desk, conn, 2010, 3)
        assert report.as_of == datetime(2010, 9, 30, 22, 0, tzinfo=UTC)  # midnight in Denmark
        assert (report.period.da, report.period.en) == ("3. kvartal 2010", "Q3 2010")  # type: ignore[union-attr]
        # Green, amber, red, no status where one was asked (the case); new; moves; decisions.
        assert rows(report, "overview") == [(5, 0, 1, 0, 1, 1, 4, 0)]
        # The year's target; expected net where the state at the quarter's end counts it (the
        # realised and the running one, not the case); realised: the follow-up's 550.000 and
        # the 100.000 the status reported.
        assert rows(report, "gains") == [(2010, 3_000_000, 1_100_000, 650_000, 1_900_000, 36.7)]
        initiatives, english = both(report, "initiatives")
        # The rejected one ended in the second quarter; the case was still at its gate.
        assert [(r[0], r[1]) for r in initiatives] == [
            (year["realised"], "realised"),
            (year["running"], "execution"),
            (year["case"], "business_case"),
            (year["idea"], "screening"),
            (year["new"], "screening"),
        ]
        running = initiatives[1]
        assert running[2:9] == (
            "amber", "ulla", 550_000, 100_000, date(2010, 9, 1), "Udbud af bankforretninger",
            "Tilbudsfristen er rykket.",
        )  # fmt: skip
        # The moves by the definition's labels, the states too, in one language at a time.
        assert initiatives[0][9] == (
            "05.07.2010 Igangsæt implementering (Implementeringsplan → Implementering); "
            "12.07.2010 Implementering afsluttet (Implementering → Opfølgning); "
            "19.07.2010 Gevinster realiseret (Opfølgning → Realiseret)"
        )
        assert english[0][9] == (
            "2010-07-05 Start execution (Implementation plan → Execution); "
            "2010-07-12 Execution completed (Execution → Follow-up); "
            "2010-07-19 Gains realised (Follow-up → Realised)"
        )
        assert initiatives[2][8:] == ("ingen status", "")
        assert english[2][8] == "no status"
        assert initiatives[4][9] == "02.08.2010 foreslået"
        # People by name where people read them, by handle where tools do.
        owner = report.section("initiatives").columns[3]
        assert owner.name == "owner" and owner.kind == "coded"
        # What awaits each forum now (13 October): the chief group, the two ideas; both go to
        # its meeting of 3 November (that of 6 October took cases until 29 September).
        assert rows(report, "waiting") == [
            ("chief_group", year["idea"], "screening", "ulla", date(2010, 6, 7),
             date(2010, 11, 3), "Robotstøvsugere i ældreplejen"),
            ("chief_group", year["new"], "screening", "ulla", date(2010, 8, 2),
             date(2010, 11, 3), "Græsslåningsrobotter"),
        ]  # fmt: skip


def test_the_current_quarter_is_described_as_of_now(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    with snapshot(engine) as conn:
        report = quarterly(desk, conn)
        assert report.as_of == desk.clock.now()
        assert report.period is not None and report.period.en == "Q4 2010"
        initiatives = {r[0]: r for r in rows(report, "initiatives")}
        # The realised one ended in the quarter before; nobody has given a Q4 status yet.
        assert sorted(initiatives) == sorted(
            [year["running"], year["case"], year["idea"], year["new"]]
        )
        assert initiatives[year["case"]][1] == "organisation"
        assert initiatives[year["case"]][9] == (
            "05.10.2010 Økonomiudvalget: godkendt; "
            "12.10.2010 Igangsæt på grundlag af business casen "
            "(Analyse med udgangspunkt i en business case → Organisering)"
        )
        assert rows(report, "overview") == [(4, 0, 0, 0, 2, 0, 1, 1)]
        # Now the case counts too.
        assert rows(report, "gains")[0][2] == 1_650_000


def test_a_quarter_or_year_that_has_not_begun_is_refused(desk: Desk, engine: Engine) -> None:
    with snapshot(engine) as conn, pytest.raises(UsageError) as caught:
        quarterly(desk, conn, 2010, 4)
    assert str(caught.value) == "2010-Q4 has not begun (today is 2010-08-18)"
    with snapshot(engine) as conn, pytest.raises(UsageError, match="^2011 has not begun"):
        portfolio_report(conn, desk.registry, desk.clock, 2011)


def test_the_stalled_report_says_why_and_what_is_missing(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    with snapshot(engine) as conn:
        report = stalled_report(conn, desk.registry, SCHEDULE, desk.clock)
        found, english = both(report, "stalled")
    assert [(r[0], r[1], r[2], r[3]) for r in found] == [
        (year["running"], "execution", "ulla", 100),
        (year["idea"], "screening", "ulla", 128),
    ]
    running, idea = found
    assert running[5].split("; ") == [
        "2 milepæle over tid, den ældste med 73 dage",
        "tidstolerancen er overskredet: 73 dage mod 30",
        "økonomitolerancen er overskredet: forbrugt 300.000 kr. af 250.000 kr. (tolerance +10 %)",
    ]
    assert english[0][5].split("; ") == [
        "2 milestones overdue, the oldest by 73 days",
        "time tolerance exceeded: 73 days against 30",
        "cost tolerance exceeded: spent 300.000 kr. of 250.000 kr. (tolerance +10 %)",
    ]
    # The words of `tiltag check`, for the step forward (by its label); who may make it is not
    # what is missing.
    assert running[6:] == (
        "Implementering afsluttet",
        "åbne milepæle: 1. Udbudsmateriale klar, 2. Tilbudsfrist, 3. Nye policer i kraft",
    )
    assert idea[5:] == (
        "128 dage i Screening af potentielle tiltag (grænse 90)",
        "Optag i handlekataloget",
        "mangler beslutning: Chefgruppen",
    )
    assert english[1][5:] == (
        "128 days at Screening of potential initiatives (limit 90)",
        "Select for the action catalogue",
        "missing decision: the chief group",
    )


def test_a_year_that_ended_short_of_its_gains_exceeds_the_gains_tolerance(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    running = year["running"]
    plan = {**PLAN, "start": "2010-06-01"}
    plan["tolerances"] = {**plan["tolerances"], "gains_percent": 15, "cost_percent": 30}
    desk.file(running, "plan", {**plan, "milestones": [
        {**m, "done_on": "2010-10-13"} if n < 2 else m for n, m in enumerate(PLAN["milestones"])
    ]})  # fmt: skip
    on(desk, date(2011, 1, 10))
    with snapshot(engine) as conn:
        before = {r[0]: r[5] for r in rows(stalled_report(conn, desk.registry, SCHEDULE,
                                                            desk.clock), "stalled")}  # fmt: skip
    # 2010 has ended: 100.000 kr. reported against 550.000 kr. expected, more than 15 % short;
    # 300.000 kr. spent is within 30 % of the investment.
    assert before[running].split("; ")[-1] == (
        "gevinsttolerancen er overskredet for 2010: realiseret 100.000 kr. mod forventet netto "
        "550.000 kr."
    )
    assert "økonomitolerancen" not in before[running]
    give(desk, running, light="green", text="Indhentet.", realised_gains={2010: 500_000})
    with snapshot(engine) as conn:
        after = {r[0]: r[5] for r in rows(stalled_report(conn, desk.registry, SCHEDULE,
                                                           desk.clock), "stalled")}  # fmt: skip
    assert "gevinsttolerancen" not in after.get(running, "")


def test_a_cost_tolerance_in_kroner_allows_that_much_over_the_investment(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    running = year["running"]
    plan = {**PLAN, "start": "2010-06-01"}
    plan["tolerances"] = {"time_days": 30, "cost_dkk": 20_000, "notify": ["hanne"]}
    desk.file(running, "plan", plan)

    def cost_reason() -> list[str]:
        with snapshot(engine) as conn:
            found = rows(stalled_report(conn, desk.registry, SCHEDULE, desk.clock), "stalled")
        reasons = next(r[5] for r in found if r[0] == running).split("; ")
        return [r for r in reasons if r.startswith("økonomi")]

    give(desk, running, light="green", text="Inden for rammen.", spent=270_000)
    assert cost_reason() == []  # 250.000 kr. and the 20.000 kr. allowed
    give(desk, running, light="amber", text="Lidt over.", spent=270_001)
    assert cost_reason() == [
        "økonomitolerancen er overskredet: forbrugt 270.001 kr. af 250.000 kr. (tolerance "
        "+20.000 kr.)"
    ]


def test_the_gains_report_per_year_and_area(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    with snapshot(engine) as conn:
        report = gains_report(conn, desk.registry, TARGETS, desk.clock, None)
    assert rows(report, "years") == [
        (2010, 3_000_000, 1_650_000, 0, 650_000, 1_350_000, 2_350_000, 55.0, 21.7),
        (2011, 5_000_000, 3_450_000, 0, 0, 1_550_000, 5_000_000, 69.0, 0.0),
        (2012, 7_000_000, 3_450_000, 0, 0, 3_550_000, 7_000_000, 49.3, 0.0),
        (2013, 10_000_000, 0, 0, 0, 10_000_000, 10_000_000, 0.0, 0.0),
    ]
    assert rows(report, "areas")[:2] == [
        (2010, None, 550_000, 0, None, "Jobcenter"),
        (2010, None, 1_100_000, 650_000, None, "Økonomi"),
    ]
    assert report.charts[0].groups[0] == ("2010", (3_000_000, 1_650_000, 650_000))


def test_a_follow_up_says_what_was_realised_before_a_status_does(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    running = year["running"]
    for number in (1, 2, 3):
        desk.done(running, number)
    move(desk, running, "complete", "ulla")

    def realised_2010() -> int:
        with snapshot(engine) as conn:
            report = gains_report(conn, desk.registry, TARGETS, desk.clock, 2010)
        return int(rows(report, "years")[0][4])

    assert realised_2010() == 550_000 + 100_000  # the status's 100.000 kr.
    desk.file(running, "follow_up", {**FOLLOW_UP, "realised_gains": {2010: 420_000}})
    assert realised_2010() == 550_000 + 420_000  # the follow-up's, not both


def _keeps_in_the_area(desk: Desk) -> int:
    """An initiative of Social, launched 2 August 2010, whose case keeps 300.000 kr. of its 2010
    gain in the area and takes 100.000 kr. back centrally; its status says 200.000 kr. realised."""
    on(desk, date(2010, 8, 2))
    social = desk.propose(title="Hjemmetræning", area="Social")
    desk.bring_to(social, "business_case")
    gains = [
        {"kind": "kroner", "destination": "area", "years": {2010: 300_000}},
        {"kind": "kroner", "years": {2010: 100_000}},
        {"kind": "time", "unit": "fte", "years": {2010: 1.5}},
    ]
    desk.file(social, "business_case", {**BUSINESS_CASE, "running_costs": {}, "gains": gains})
    desk.go(social)
    move(desk, social, "approve_case", "ulla")
    give(desk, social, light="green", text="Godt i gang.", realised_gains={2010: 200_000})
    return social


def test_fredericia_counts_kept_kroner_toward_the_areas_own_target_and_the_rest_centrally(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    _keeps_in_the_area(desk)
    targets = parse_targets(
        "municipality: Fredericia Kommune\nyears:\n  2010:\n    percent_of_budget: 1\n"
        "    decentral_share: 50\n    budgets: {økonomi: 100000000, Social: 200000000}\n",
        "targets.yaml",
    )
    with snapshot(engine) as conn:
        report = gains_report(conn, desk.registry, targets, desk.clock, 2010)
    # Social keeps 300.000 kr. toward its own half-percent; its realised 200.000 kr. split as its
    # expected kroner are (3/4 kept). Økonomi keeps nothing: every kroner of its initiatives
    # (and Jobcenter's, which has no target of its own) goes to the central target.
    areas, english = both(report, "areas")
    assert areas == [
        (2010, 1_000_000, 300_000, 150_000, 700_000, "Social"),
        (2010, 500_000, 0, 0, 500_000, "økonomi"),
        (2010, 1_500_000, 1_750_000, 700_000, -250_000, "centralt"),
    ]
    assert english[2][5] == "central"
    assert rows(report, "years")[0][:5] == (2010, 3_000_000, 2_050_000, 0, 850_000)


def test_kroner_kept_in_an_area_without_a_target_count_toward_none(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    _keeps_in_the_area(desk)
    with snapshot(engine) as conn:
        report = gains_report(conn, desk.registry, TARGETS, desk.clock, 2010)
    # Sorø's target is central: Social's 100.000 kr. taken back count, its 300.000 kr. kept not.
    assert rows(report, "years")[0][:5] == (2010, 3_000_000, 1_750_000, 0, 700_000)
    areas, english = both(report, "areas")
    assert areas == [
        (2010, None, 550_000, 0, None, "Jobcenter"),
        (2010, None, 100_000, 50_000, None, "Social"),
        (2010, None, 300_000, 150_000, None, "Social (i området)"),
        (2010, None, 1_100_000, 650_000, None, "Økonomi"),
    ]
    assert english[2][5] == "Social (kept in the area)"


def test_the_portfolio_as_the_quarter_ended(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    with snapshot(engine) as conn:
        report = portfolio_report(conn, desk.registry, desk.clock, 2010, 3)
        assert rows(report, "pipeline")[:7] == [
            ("effektivisering", "screening", 2, 6, 0),
            ("effektivisering", "business_case", 1, 3, 550_000),
            ("effektivisering", "organisation", 0, 2, 0),
            ("effektivisering", "implementation_plan", 0, 2, 0),
            ("effektivisering", "execution", 1, 2, 550_000),
            ("effektivisering", "follow_up", 0, 1, 0),
            ("effektivisering", "realised", 1, 1, 550_000),
        ]
        # The trial lifecycle has no initiatives: no pipeline, no chart.
        assert len(report.charts) == 1
        states = {(w, s): n for w, s, n in rows(report, "states") if n}
        assert states == {
            ("effektivisering", "screening"): 2,
            ("effektivisering", "business_case"): 1,
            ("effektivisering", "execution"): 1,
            ("effektivisering", "realised"): 1,
            ("effektivisering", "rejected"): 1,
        }
        assert rows(report, "categories") == [("indkoeb", 4, 6)]
        assert rows(report, "areas") == [
            (0, 1, "Borgerservice"), (1, 1, "Jobcenter"), (1, 1, "Teknik"), (1, 1, "Ældre"),
            (1, 2, "Økonomi"),
        ]  # fmt: skip
        now = portfolio_report(conn, desk.registry, desk.clock)
        assert now.period is None
        assert ("effektivisering", "organisation", 1) in rows(now, "states")


def test_a_report_reads_the_database_as_it_was_when_it_began(
    desk: Desk, engine: Engine, year: dict[str, int]
) -> None:
    with snapshot(engine) as conn:
        first = rows(portfolio_report(conn, desk.registry, desk.clock), "states")
        desk.propose(title="Kommer efter rapporten")  # committed on another connection
        again = rows(portfolio_report(conn, desk.registry, desk.clock), "states")
    assert again == first
    with snapshot(engine) as conn:
        later = rows(portfolio_report(conn, desk.registry, desk.clock), "states")
    assert ("effektivisering", "screening", 3) in later


def _written(report: Report, fmt: str, section: str | None = None, language: str = "da") -> str:
    out = io.StringIO()
    write_report(report, fmt, out, section, language)
    return out.getvalue()


def test_a_report_as_a_table_csv_and_json(desk: Desk, engine: Engine, year: dict[str, int]) -> None:
    with snapshot(engine) as conn:
        table = _written(gains_report(conn, desk.registry, TARGETS, desk.clock, 2011), "table")
        english = _written(
            gains_report(conn, desk.registry, TARGETS, desk.clock, 2011), "table", None, "en"
        )
        as_csv = _written(gains_report(conn, desk.registry, TARGETS, desk.clock, None), "csv")
        areas = _written(
            gains_report(conn, desk.registry, TARGETS, desk.clock, 2011), "csv", "areas", "en"
        )
        as_json = json.loads(_written(quarterly(desk, conn, 2010, 3), "json"))
    assert table == (
        "Gevinster mod målet — Sorø Kommune\n"
        "2011 · pr. 2010-10-13 · lavet 2010-10-13 09:00 UTC\n"
        "\n"
        "== Pr. år ==\n"
        "   ÅR           MÅL FORVENTET NETTO BUDGETTILPASSET    REALISERET MANGLER TIL MÅLET "
        "REALISERET MANGLER FORVENTET AF MÅL REALISERET AF MÅL\n"
        " 2011     5.000.000       3.450.000               0             0         1.550.000     "
        "     5.000.000             69 %               0 %\n"
        "\n"
        "== Pr. område ==\n"
        "   ÅR           MÅL FORVENTET NETTO    REALISERET MANGLER TIL MÅLET OMRÅDE\n"
        " 2011             -       1.150.000             0                 - Jobcenter\n"
        " 2011             -       2.300.000             0                 - Økonomi\n"
    )
    assert english.splitlines()[:5] == [
        "Gains against the target — Sorø Kommune",
        "2011 · as of 2010-10-13 · made 2010-10-13 09:00 UTC",
        "",
        "== Per year ==",
        " YEAR        TARGET  EXPECTED NET BUDGET ADJUSTED      REALISED SHORT OF TARGET "
        "REALISED SHORT EXPECTED OF TARGET REALISED OF TARGET",
    ]
    assert list(csv.reader(io.StringIO(as_csv)))[:2] == [
        ["år", "mål", "forventet netto", "budgettilpasset", "realiseret", "mangler til målet",
         "realiseret mangler", "forventet af mål", "realiseret af mål"],
        ["2010", "3000000", "1650000", "0", "650000", "1350000", "2350000", "55.0", "21.7"],
    ]  # fmt: skip
    assert areas.splitlines()[:2] == [
        "year,target,expected net,realised,short of target,area",
        "2011,,1150000,0,,Jobcenter",
    ]
    assert as_json["report"] == "quarterly" and as_json["language"] == "da"
    assert (as_json["title"], as_json["period"]) == ("Kvartalsrapport", "3. kvartal 2010")
    assert as_json["as_of"] == "2010-09-30T22:00:00+00:00"
    sections = {s["name"]: s for s in as_json["sections"]}
    assert list(sections) == ["overview", "gains", "initiatives", "waiting"]
    assert sections["waiting"]["title"] == "Venter på beslutning"
    # For tools: codes and handles, whole DKK, ISO dates; the labels in one language.
    running = sections["initiatives"]["rows"][1]
    assert running["state"] == "execution" and running["light"] == "amber"
    assert running["owner"] == "ulla"
    assert running["status_date"] == "2010-09-01" and running["expected"] == 550_000
    assert sections["gains"]["columns"][2] == {
        "name": "expected", "label": "forventet netto", "kind": "money",
    }  # fmt: skip
    assert sections["waiting"]["rows"][0]["meeting"] == "2010-11-03"


def test_a_text_that_would_be_a_formula_stays_text_in_csv(desk: Desk, engine: Engine) -> None:
    desk.propose(title='=HYPERLINK("http://evil.example/","Klik")')
    desk.clock.set(datetime(2010, 12, 1, 9, 0, tzinfo=UTC))
    with snapshot(engine) as conn:
        out = _written(stalled_report(conn, desk.registry, SCHEDULE, desk.clock), "csv")
    cells = list(csv.reader(io.StringIO(out)))[1]
    assert cells[4] == '\'=HYPERLINK("http://evil.example/","Klik")'


def test_the_report_commands(run: Invoke, desk: Desk, year: dict[str, int], tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    def report(*args: str) -> Any:
        return run("--now", "2010-10-13T09:00", "report", *args)

    shown = report("quarterly", "--year", "2010", "--quarter", "3")
    assert shown.exit_code == 0, shown.stderr
    # schedule.yaml says Danish; --language en says English. One language either way.
    assert shown.stdout.startswith("Kvartalsrapport — Sorø Kommune\n")
    assert "== Venter på beslutning ==" in shown.stdout and "Awaiting" not in shown.stdout
    english = report("quarterly", "--year", "2010", "--quarter", "3", "--language", "en")
    assert english.stdout.startswith("Quarterly report — Sorø Kommune\nQ3 2010 · as of ")
    assert "== Awaiting a decision ==" in english.stdout and "Venter" not in english.stdout
    target = tmp_path / "kvartal.html"
    written = report("quarterly", "--year", "2010", "--quarter", "3", "--output", str(target))
    assert written.stdout == f"Wrote {target}: Kvartalsrapport, 3. kvartal 2010 (html)\n"
    assert target.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="da">')
    stalled = report("stalled", "--format", "csv")
    assert stalled.stdout.splitlines()[0] == (
        "id,tilstand,projektejer,dage i tilstanden,titel,hvorfor,næste skridt,"
        "mangler for at komme videre"
    )
    assert stalled.stdout.splitlines()[1].startswith(
        f"{year['running']},Implementering,Ulla Krogh,100,"
    )
    assert report("portfolio", "--format", "json").exit_code == 0
    piped = report("gains", "--format", "xlsx")  # into a pipe: the workbook's bytes
    book = load_workbook(io.BytesIO(piped.stdout_bytes))
    assert book.sheetnames == ["Pr. år", "Pr. område", "Om rapporten"]
    assert book["Pr. år"]["B2"].value == 3_000_000
    assert [c.value for c in book["Pr. år"][1]][:3] == ["år", "mål", "forventet netto"]
    piped = report("gains", "--format", "xlsx", "--language", "en")
    book = load_workbook(io.BytesIO(piped.stdout_bytes))
    assert book.sheetnames == ["Per year", "Per area", "About the report"]
    assert [c.value for c in book["Per year"][1]][:3] == ["year", "target", "expected net"]
    # Wrong usage: exit code 2, and an existing file is left as it was.
    target.write_text("before", encoding="utf-8")
    for args, message in [
        (("quarterly", "--year", "2010"), "Error: --year needs --quarter: which quarter of the "
         "year?"),
        (("quarterly", "--year", "2011", "--quarter", "1"),
         "Error: 2011-Q1 has not begun (today is 2010-10-13)"),
        (("gains", "--format", "csv", "--section", "people"),
         "Error: the gains report has no section 'people'; sections: years, areas"),
        (("gains", "--section", "areas"),
         "Error: --section picks the one section CSV writes; other formats write all"),
        (("gains", "--output", str(tmp_path / "gains.doc")),
         "Error: which format is gains.doc? give --format table|csv|json|xlsx|html|pdf or a file "
         "ending in .txt, .csv, .json, .xlsx, .html, .pdf"),
        (("gains", "--language", "fr"),
         "Error: Invalid value for '--language': 'fr' is not one of 'da', 'en'."),
        (("gains", "--output", str(tmp_path / "missing" / "gains.csv")),
         f"Error: cannot write {tmp_path / 'missing' / 'gains.csv'}: No such file or directory"),
        (("quarterly", "--quarter", "4", "--format", "csv", "--section", "nothing", "--output",
          str(target)), "Error: the quarterly report has no section 'nothing'; sections: "
         "overview, gains, initiatives, waiting"),
    ]:  # fmt: skip
        result = report(*args)
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, message), args
    assert target.read_text(encoding="utf-8") == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kvartal.html"]
    assert report("stalled", "--year", "2010").exit_code == 2


def test_reports_use_the_targets_of_the_definitions_folder(
    run: Invoke, desk: Desk, year: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "definitions"
    shutil.copytree(DEFAULT_FOLDER, folder)
    (folder / "targets.yaml").write_text(
        "municipality: Ringsted Kommune\nyears:\n  2010: {target: 1000000}\n", encoding="utf-8"
    )
    result = run("--definitions", str(folder), "--now", "2010-10-13", "report", "gains",
                 "--format", "csv")  # fmt: skip
    assert result.stdout.splitlines()[1].startswith("2010,1000000,1650000,0,650000,-650000,")
    (folder / "targets.yaml").write_text("years:\n  2010: {target: lots}\n", encoding="utf-8")
    broken = run("--definitions", str(folder), "report", "gains")
    assert (broken.exit_code, broken.stderr) == (
        1,
        f"Error: {folder / 'targets.yaml'}:2: target of 2010 must be a whole number of DKK, "
        "0 or more (got 'lots')\n",
    )
