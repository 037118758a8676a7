"""Budget adjustments: the kroner a counting business case takes back centrally, per budget
year, confirmed or corrected by the finance team each quarter, and the quarter's postings for the
finance system."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from tests.conftest import Invoke
from tests.helpers import BUSINESS_CASE, Desk, snapshot
from tests.test_web import post, signed_in
from tests.web_server import WebServer
from workflow.approvals.adjustments import (
    FinanceOnlyError,
    adjustments,
    confirm_adjustment,
    list_adjustments,
    postings,
)
from workflow.base.calendar import Quarter
from workflow.base.errors import InvalidValueError, NotFoundError
from workflow.core.people import Person, add_person, deactivate_person
from workflow.reports.gains import gains_report
from workflow.reports.targets import Targets

SPLIT_CASE: dict[str, Any] = {
    **BUSINESS_CASE,
    "running_costs": {2011: 100_000},
    "gains": [
        {"kind": "kroner", "years": {2011: 600_000, 2012: 800_000}},
        {"kind": "kroner", "destination": "area", "years": {2011: 200_000, 2013: 50_000}},
    ],
}


@pytest.fixture
def finn(engine: Engine, people: dict[str, Person], desk: Desk) -> Person:
    """Finn of the finance team."""
    return add_person(
        engine,
        handle="finn",
        name="Finn Juul",
        email="finn@kommune.example.dk",
        roles=["finance"],
        actor=people["admin"],
        clock=desk.clock,
    )


def _counting(desk: Desk, case: dict[str, Any] = SPLIT_CASE, **values: Any) -> int:
    """An initiative launched on its business case: its gains count."""
    id_ = desk.propose(**values)
    desk.bring_to(id_, "business_case")
    desk.file(id_, "business_case", case)
    desk.go(id_)
    desk.advance(id_, "approve_case", "ulla")
    return id_


def _confirm(desk: Desk, finn: Person, id_: int, year: int, **given: Any) -> Any:
    return confirm_adjustment(
        desk.engine,
        desk.registry,
        actor=finn,
        initiative_id=id_,
        year=year,
        clock=desk.clock,
        **given,
    )


def test_the_kroner_taken_back_centrally_of_a_counting_case_are_to_confirm(
    desk: Desk, engine: Engine
) -> None:
    counting = _counting(desk)
    waiting = desk.propose(title="Endnu ikke valgt")
    desk.bring_to(waiting, "business_case")
    desk.file(waiting, "business_case", SPLIT_CASE)  # no go yet: its gains do not count
    found = list_adjustments(engine, desk.registry)
    # 2011: 600.000 kr. centrally less the running cost of 100.000 kr.; the area's kroner none.
    assert [(a.initiative_id, a.year, a.expected, a.adjusted, a.to_confirm) for a in found] == [
        (counting, 2011, 500_000, None, True),
        (counting, 2012, 800_000, None, True),
    ]
    assert list_adjustments(engine, desk.registry, year=2012)[0].area == "Økonomi"


def test_confirmed_as_expected_then_corrected_with_a_reason(
    desk: Desk, engine: Engine, finn: Person
) -> None:
    id_ = _counting(desk)
    done = _confirm(desk, finn, id_, 2011, account="6.45.01")
    assert (done.adjusted, done.account, done.confirmed_in) == (
        500_000,
        "6.45.01",
        Quarter(2010, 3),
    )
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        _confirm(desk, finn, id_, 2012, amount=700_000, account="6.45.01")
    assert str(caught.value) == (
        "invalid note: the amount 700000 differs from the expected 800000: say why with a note"
    )
    for given, problem in (
        ({"account": " "}, "invalid account: give the account the adjustment is posted on"),
        ({"account": "x" * 41}, "invalid account: at most 40 characters"),
        ({"account": "1", "amount": "-5", "note": "x"}, "invalid amount: must not be below 0 "
         "(got '-5')"),
        ({"account": "1", "amount": True, "note": "x"}, "invalid amount: must be a number, not "
         "yes/no (got True)"),
    ):  # fmt: skip
        with pytest.raises(InvalidValueError) as refused:
            _confirm(desk, finn, id_, 2012, **given)
        assert str(refused.value) == problem
    with pytest.raises(InvalidValueError):
        _confirm(desk, finn, id_, 2014, account="1")  # no adjustment that year
    with pytest.raises(NotFoundError):
        _confirm(desk, finn, 999, 2011, account="1")
    assert snapshot(engine) == before
    corrected = _confirm(desk, finn, id_, 2012, amount="700000", note="Præmien steg", account="1")
    assert (corrected.adjusted, corrected.expected, corrected.account) == (700_000, 800_000, "1")
    assert not any(a.to_confirm for a in list_adjustments(engine, desk.registry))


def test_only_an_active_member_of_the_finance_team_confirms(
    desk: Desk, engine: Engine, finn: Person, people: dict[str, Person]
) -> None:
    id_ = _counting(desk)
    before = snapshot(engine)
    for who in (people["hanne"], people["admin"]):
        with pytest.raises(FinanceOnlyError) as caught:
            _confirm(desk, who, id_, 2011, account="1")
    assert str(caught.value) == (
        "admin may not confirm budget adjustments: only the finance team may (the role finance)"
    )
    gone = deactivate_person(engine, handle="finn", actor=people["admin"], clock=desk.clock)
    with pytest.raises(FinanceOnlyError):
        _confirm(desk, gone, id_, 2011, account="1")
    assert snapshot(engine) == before


def test_a_case_that_no_longer_counts_is_to_confirm_again_at_nought(
    desk: Desk, engine: Engine, finn: Person
) -> None:
    id_ = _counting(desk)
    _confirm(desk, finn, id_, 2011, account="6.45.01")
    desk.advance(id_, "hold", "hanne", "Afventer budgetforliget.")
    with engine.connect() as conn:
        held = adjustments(conn, desk.registry, initiative_id=id_)
    # 2011 was adjusted by 500.000 kr.; on hold the case's gains no longer count.
    assert [(a.year, a.expected, a.adjusted, a.to_confirm) for a in held] == [
        (2011, 0, 500_000, True)
    ]
    undone = _confirm(desk, finn, id_, 2011)  # the account confirmed before
    assert (undone.adjusted, undone.account) == (0, "6.45.01")


def test_the_quarters_postings_take_a_correction_and_a_new_account_as_the_finance_system_needs(
    desk: Desk, engine: Engine, finn: Person, run: Invoke
) -> None:
    id_ = _counting(desk, title="Udbud af forsikring")
    _confirm(desk, finn, id_, 2011, account="6.45.01")
    _confirm(desk, finn, id_, 2012, account="6.45.01")
    desk.clock.set(datetime(2010, 10, 4, 9, tzinfo=UTC))  # the fourth quarter
    _confirm(desk, finn, id_, 2011, amount=450_000, note="Lavere præmie", account="6.45.01")
    _confirm(desk, finn, id_, 2012, account="6.45.02")
    with engine.connect() as conn:
        third = [(p.year, p.account, p.amount) for p in postings(conn, Quarter(2010, 3))]
        fourth = [(p.year, p.account, p.amount, p.note) for p in postings(conn, Quarter(2010, 4))]
    assert third == [(2011, "6.45.01", 500_000), (2012, "6.45.01", 800_000)]
    assert fourth == [
        (2011, "6.45.01", -50_000, "Lavere præmie"),  # the difference
        (2012, "6.45.01", -800_000, None),  # off the old account
        (2012, "6.45.02", 800_000, None),  # onto the new
    ]
    result = run(
        "--now", "2010-10-05T09:00", "report", "adjustments", "--quarter", "4", "--format", "csv"
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [
        (r["tiltag"], r["budgetår"], r["område"], r["konto"], r["beløb"], r["bekræftet af"])
        for r in rows
    ] == [
        (str(id_), "2011", "Økonomi", "6.45.01", "-50000", "Finn Juul"),
        (str(id_), "2012", "Økonomi", "6.45.01", "-800000", "Finn Juul"),
        (str(id_), "2012", "Økonomi", "6.45.02", "800000", "Finn Juul"),
    ]


def test_the_gains_report_shows_what_was_adjusted_beside_expected_and_realised(
    desk: Desk, engine: Engine, finn: Person
) -> None:
    id_ = _counting(desk)
    _confirm(desk, finn, id_, 2011, amount=450_000, note="Lavere præmie", account="1")
    with engine.connect() as conn:
        report = gains_report(conn, desk.registry, Targets(), desk.clock, 2011)
        (row,) = report.section("years").rows
    assert dict(zip([c.name for c in report.section("years").columns], row, strict=True)) | {
        "target": None
    } == {
        "year": 2011, "target": None, "expected": 500_000, "adjusted": 450_000, "realised": 0,
        "expected_gap": None, "realised_gap": None, "expected_share": None,
        "realised_share": None,
    }  # fmt: skip


def test_the_quarters_file_opens_as_a_workbook(
    desk: Desk, engine: Engine, finn: Person, run: Invoke, tmp_path: Any
) -> None:
    id_ = _counting(desk)
    _confirm(desk, finn, id_, 2011, account="6.45.01")
    path = tmp_path / "tilpasninger.xlsx"
    result = run("report", "adjustments", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(path, read_only=True)
    sheets = book.sheetnames
    posted = [row for row in book[sheets[0]].iter_rows(values_only=True) if row[0] == id_]
    assert [(r[1], r[3], r[4]) for r in posted] == [(2011, "6.45.01", 500_000)]


def test_the_command_line_lists_and_confirms(
    desk: Desk, engine: Engine, finn: Person, run: Invoke
) -> None:
    id_ = _counting(desk)
    listed = run("budget", "list")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines()[1].split()[:4] == [f"{id_}*", "2011", "500.000", "kr."]
    done = run("budget", "confirm", str(id_), "2011", "--account", "6.45.01", actor="finn")
    assert (done.exit_code, done.stdout) == (
        0,
        f"Initiative {id_}, 2011: adjusted 500.000 kr. on account 6.45.01 (2010-Q3; expected "
        "500.000 kr.)\n",
    )
    refused = run("budget", "confirm", str(id_), "2012", "--account", "1", actor="hanne")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: hanne may not confirm budget adjustments: only the finance team may (the role "
        "finance)\n",
    )
    assert run("budget", "confirm", str(id_), "1999", actor="finn").exit_code == 2
    assert run("budget", "list").stdout.count("*") == 1  # 2012 still to confirm


def test_the_finance_team_confirms_on_its_page(
    server: WebServer, desk: Desk, engine: Engine, finn: Person
) -> None:
    id_ = _counting(desk, title="Udbud <af> forsikring")
    client = signed_in(server, "finn")
    page = client.get("/budget")
    assert page.status_code == 200
    assert "Udbud &lt;af&gt; forsikring" in page.text and "<af>" not in page.text
    refused = post(client, f"/budget/{id_}/2011", {"account": "", "amount": ""}, page="/budget")
    assert refused.status_code == 400
    assert "give the account the adjustment is posted on" in refused.text
    done = post(
        client,
        f"/budget/{id_}/2012",
        {"account": "6.45.01", "amount": "700.000", "note": "Præmien steg"},
        page="/budget",
    )
    assert (done.status_code, done.headers["location"]) == (303, f"/budget?done={id_}-2012")
    adjusted = {a.year: a.adjusted for a in list_adjustments(engine, desk.registry)}
    assert adjusted == {2011: None, 2012: 700_000}
    file = client.get("/budget/file?fmt=csv")
    assert file.status_code == 200
    assert file.text.splitlines()[1].startswith(f"{id_},2012,Økonomi,6.45.01,700000,")
    # Without the form's token nothing is confirmed; nobody else has the page.
    forged = client.post(f"/budget/{id_}/2011", data={"account": "1"})
    assert forged.status_code == 403
    assert signed_in(server, "hanne").get("/budget").status_code == 403
    assert signed_in(server, "hanne").get("/budget/file").status_code == 403
