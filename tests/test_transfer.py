"""Import of inspiration lists and export of the portfolio, on SQLite and PostgreSQL: columns
mapped, every bad row reported with nothing imported, and an export that an import reads back."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import Engine

from tests.conftest import PEOPLE, Invoke
from tests.helpers import Desk, snapshot
from workflow.base.clock import FixedClock
from workflow.base.errors import UsageError, WorkflowError
from workflow.core.history import read_history
from workflow.core.initiatives import get_initiative, iter_initiatives
from workflow.core.people import Person, add_person
from workflow.definitions.registry import Registry
from workflow.storage.database import connect
from workflow.transfer.import_export import ImportRefused, export_initiatives, import_initiatives
from workflow.transfer.spreadsheets import TableError, read_table

LIST = (
    "Forslag;Beskrivelse;Kategori;Område;Projektejer;Bemærkninger\n"
    "Robotstøvsugere i ældreplejen;Frigør tid til omsorg.;Ændrede arbejdsgange;Ældre;"
    "ulla@kommune.example.dk;Fra Høje-Taastrup\n"
    ";;;;;\n"
    '"Digitale ambassadører";"Kolleger hjælper kolleger;\nog borgere.";digitalisering;'
    "Borgerservice;;\n"
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _import(desk: Desk, path: Path, by: str = "hanne", **options: Any) -> Any:
    return import_initiatives(
        desk.engine, desk.registry, actor=desk.people[by], path=path, clock=desk.clock, **options
    )


def test_an_inspiration_list_is_imported_with_its_columns_mapped(
    desk: Desk, engine: Engine, tmp_path: Path
) -> None:
    path = _write(tmp_path / "inspirationsliste.csv", LIST)
    done = _import(desk, path, mapping={"Forslag": "title"})
    assert (done.rows, done.ids, done.dry_run) == (2, (1, 2), False)
    assert done.columns == {
        "title": "Forslag", "description": "Beskrivelse", "category": "Kategori",
        "area": "Område", "owner": "Projektejer",
    }  # fmt: skip
    assert done.ignored == ("Bemærkninger",)
    robots, ambassadors = get_initiative(engine, 1), get_initiative(engine, 2)
    assert (robots.title, robots.category, robots.area, robots.owner, robots.proposer) == (
        "Robotstøvsugere i ældreplejen", "arbejdsgange", "Ældre", "ulla", "hanne",
    )  # fmt: skip
    assert (robots.state, robots.workflow) == ("screening", "effektivisering")
    assert ambassadors.description == "Kolleger hjælper kolleger;\nog borgere."
    assert ambassadors.owner is None
    created = read_history(engine, 1)[0]
    assert (created.kind, created.actor, created.comment) == (
        "created", "hanne", "importeret fra / imported from inspirationsliste.csv, række / row 2",
    )  # fmt: skip


def test_every_bad_row_is_reported_and_nothing_is_imported(
    desk: Desk, engine: Engine, tmp_path: Path
) -> None:
    desk.propose(title="Udbud af forsikring")
    path = _write(
        tmp_path / "liste.csv",
        "titel,kategori,projektejer,workflow\n"
        "Udbud af revision,indkoeb,ulla,\n"
        ",indkoeb,,\n"
        "Bedre kaffe,kaffe,nobody,\n"
        "udbud af  FORSIKRING,,,\n"
        "Udbud af revision,,,\n"
        f"{'x' * 201},,,\n"
        "Prøv det,,,forsøg\n",
    )
    before = snapshot(engine)
    for dry_run in (True, False):
        with pytest.raises(ImportRefused) as caught:
            _import(desk, path, dry_run=dry_run)
        assert str(caught.value).splitlines() == [
            f"{path}: 5 of 7 rows cannot be imported"
            + (" (dry run)" if dry_run else ", so none was"),
            "  row 3, titel: must not be empty",
            "  row 4, kategori: unknown category 'kaffe'; categories: afbureaukratisering, "
            "digitalisering, indkoeb, sygefravaer, arbejdsgange, strukturtilpasninger, "
            "budgetgennemgang, samarbejder, andre",
            "  row 4, projektejer: no person with the handle or email 'nobody' (see: tiltag "
            "people list)",
            "  row 5, titel: already in the portfolio as initiative 1",
            "  row 7, titel: must be at most 200 characters (201 given)",
            "  row 8, workflow: no definition named 'forsøg' (have: effektivisering, "
            "proevehandling)",
        ]
        assert snapshot(engine) == before


def test_a_quote_of_the_text_itself_stays_and_a_free_category_fits_its_column(
    desk: Desk, engine: Engine, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "liste.csv",
        "title,workflow,category\n"
        "'Nej tak' til papir,effektivisering,\n"
        f"En prøvehandling,proevehandling,{'k' * 41}\n",
    )
    with pytest.raises(ImportRefused) as caught:
        _import(desk, path)
    assert str(caught.value).splitlines()[1:] == [
        "  row 3, category: must be at most 40 characters (41 given)"
    ]
    _write(path, "title\n'Nej tak' til papir\n")
    _import(desk, path)
    assert get_initiative(engine, 1).title == "'Nej tak' til papir"


def test_a_dry_run_checks_everything_and_imports_nothing(
    desk: Desk, engine: Engine, tmp_path: Path
) -> None:
    path = _write(tmp_path / "liste.csv", LIST)
    before = snapshot(engine)
    done = _import(desk, path, mapping={"Forslag": "title"}, dry_run=True)
    assert (done.rows, done.ids) == (2, ())
    assert snapshot(engine) == before


def test_only_the_task_force_or_an_admin_may_import(desk: Desk, tmp_path: Path) -> None:
    path = _write(tmp_path / "liste.csv", "title\nEt tiltag\n")
    with pytest.raises(WorkflowError) as caught:
        _import(desk, path, by="ulla")
    assert str(caught.value) == "ulla may not import: only the task force or an admin may"
    assert _import(desk, path, by="admin").ids == (1,)


def test_an_import_that_fails_part_way_leaves_nothing(
    desk: Desk, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workflow.transfer.import_export
    from workflow.core.initiatives import create_initiative as real

    made: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> int:
        if len(made) == 2:
            raise OSError("disk full")  # what no test can make happen on the third insert
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(workflow.transfer.import_export, "create_initiative", failing)
    path = _write(tmp_path / "liste.csv", "title\nEt\nTo\nTre\nFire\n")
    before = snapshot(engine)
    with pytest.raises(OSError, match="disk full"):
        _import(desk, path)
    assert len(made) == 2 and snapshot(engine) == before


def test_a_csv_file_saved_by_a_danish_excel(desk: Desk, engine: Engine, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "liste.csv", "Titel;Område\nSygefravær;HR\nSkolestruktur;Børn\n", "cp1252"
    )
    with pytest.raises(TableError) as caught:
        _import(desk, path)
    assert str(caught.value) == (
        f"{path}: line 1 is not utf-8-sig text; a file Excel saved as plain CSV is often "
        "cp1252: give --encoding cp1252"
    )
    assert _import(desk, path, encoding="cp1252").ids == (1, 2)
    assert get_initiative(engine, 2).area == "Børn"


def test_an_excel_sheet_is_imported(desk: Desk, engine: Engine, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Noter"  # type: ignore[union-attr]
    book.active.append(["Ikke listen"])  # type: ignore[union-attr]
    sheet = book.create_sheet("Inspirationsliste")
    sheet.append(["Tiltag", "Beskrivelse", "Kategori", "Forslagsstiller"])
    sheet.append([2019, "Tal som titel.", "Andre", "aase"])
    sheet.append(["=1+1 er en tekst", None, None, "AASE@kommune.example.dk"])
    sheet.append([None, None, None, None])
    sheet["A3"].data_type = "s"
    path = tmp_path / "liste.xlsx"
    book.save(path)
    with pytest.raises(TableError) as caught:
        _import(desk, path, sheet="Liste")
    assert str(caught.value) == f"{path}: no sheet 'Liste'; sheets: Noter, Inspirationsliste"
    done = _import(desk, path, sheet="Inspirationsliste")
    assert [(r.title, r.category, r.proposer) for r in iter_initiatives(engine)] == [
        ("2019", "andre", "aase"),
        ("=1+1 er en tekst", None, "aase"),
    ]
    assert done.ids == (1, 2)


def test_a_file_without_a_title_column_or_not_a_table(desk: Desk, tmp_path: Path) -> None:
    path = _write(tmp_path / "liste.csv", "Navn,Område\nEt,HR\n")
    with pytest.raises(UsageError) as caught:
        _import(desk, path)
    assert str(caught.value) == (
        f"{path}: no column for the title; columns: Navn, Område; name one with --map COLUMN=title"
    )
    with pytest.raises(UsageError, match="--map Titel=title: .* has no column 'Titel'"):
        _import(desk, path, mapping={"Titel": "title"})
    with pytest.raises(UsageError, match="^--map Navn=name: no such field; fields: title, "):
        _import(desk, path, mapping={"Navn": "name"})
    fake = _write(tmp_path / "liste.xlsx", "title\nEt\n")
    with pytest.raises(TableError, match=r"liste.xlsx: not an Excel workbook \(.xlsx\)"):
        _import(desk, fake)
    ragged = _write(tmp_path / "ragged.csv", f"title\nEt, men med komma\nTo\n{'x' * 201}\n")
    with pytest.raises(ImportRefused) as refused:
        _import(desk, ragged)
    assert str(refused.value).splitlines() == [
        f"{ragged}: 2 of 3 rows cannot be imported, so none was",
        "  row 2, -: 2 cells, but the header names 1 columns",
        "  row 4, title: must be at most 200 characters (201 given)",
    ]


def _portfolio(desk: Desk) -> None:
    """Initiatives with every field an import reads, and some without; two of one title."""
    desk.propose(title="Udbud af forsikring", description="To linjer:\nden anden.")
    desk.propose(title="Udbud af forsikring", category="andre", area="Social")
    desk.propose(title="'Nej tak' til papir", category="digitalisering")
    desk.propose(title="-10 % på papir", category=None, area=None, owner=None)
    desk.propose(title="'Citat' og \"anførsler\", komma; semikolon", by="ulla")
    desk.propose("proevehandling", title="Visitation tættere på institutionerne")
    desk.bring_to(1, "organisation")
    desk.propose("proevehandling", title="Med en kategori", category="lang-kode-fra-egen-liste")


def _export(engine: Engine, path: Path) -> list[list[str]]:
    """Export, and read the file back as an import reads it."""
    export_initiatives(engine, path)
    table = read_table(path)
    return [list(table.header), *[list(cells) for _, cells in table.rows]]


def _fresh(folder: Path, template: Path, clock: FixedClock) -> tuple[Engine, dict[str, Any]]:
    """A new SQLite database with the tests' cast."""
    path = folder / "fresh.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, path)
    engine = connect(str(path))
    people: dict[str, Person] = {}
    for handle, (name, roles) in PEOPLE.items():
        people[handle] = add_person(
            engine, handle=handle, name=name, email=f"{handle}@kommune.example.dk", roles=roles,
            actor=people.get("admin"), clock=clock,
        )  # fmt: skip
    return engine, people


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_imports_back_as_it_was(
    desk: Desk, engine: Engine, tmp_path: Path, sqlite_template: Path, suffix: str
) -> None:
    _portfolio(desk)
    exported = _export(engine, tmp_path / f"portefolje{suffix}")
    assert exported[0] == [
        "id", "title", "description", "category", "area", "owner", "proposer", "workflow",
        "state", "created",
    ]  # fmt: skip
    titles = [r[1] for r in exported[1:]]
    # Read back without the quote that kept a text from being a formula; a quote of its own stays.
    assert titles[:4] == [
        "Udbud af forsikring", "Udbud af forsikring", "'Nej tak' til papir", "-10 % på papir",
    ]  # fmt: skip
    if suffix == ".csv":
        raw = list(csv.reader(io.StringIO((tmp_path / "portefolje.csv").read_text("utf-8"))))
        assert [r[1] for r in raw[3:5]] == ["''Nej tak' til papir", "'-10 % på papir"]
    other, people = _fresh(tmp_path, sqlite_template, desk.clock)
    done = import_initiatives(
        other, desk.registry, actor=people["hanne"], path=tmp_path / f"portefolje{suffix}",
        clock=desk.clock,
    )  # fmt: skip
    assert done.ignored == ()
    again = _export(other, tmp_path / f"igen{suffix}")
    # Everything an import reads comes back; the states are the engine's to make.
    assert [r[1:8] for r in again] == [r[1:8] for r in exported]
    assert {r[8] for r in again[1:]} == {"screening", "proposed"}
    other.dispose()


TITLES = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
DESCRIPTIONS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), whitelist_characters="\n"),
    max_size=80,
).map(lambda t: t.replace("\r", "").strip())


def test_random_texts_survive_an_export_and_an_import(
    registry: Registry, tmp_path: Path, sqlite_template: Path
) -> None:
    clock = FixedClock(datetime(2010, 8, 18, 9, 0, tzinfo=UTC))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(TITLES, DESCRIPTIONS, st.sampled_from(["", "Økonomi", "=SUM(A1)", "'x"])),
            min_size=1,
            max_size=4,
        ),
        st.sampled_from([".csv", ".xlsx"]),
    )
    def round_trip(rows: list[tuple[str, str, str]], suffix: str) -> None:
        folder = tmp_path / "a"
        folder.mkdir(exist_ok=True)
        source, people = _fresh(folder, sqlite_template, clock)
        desk = Desk(source, registry, people, clock)
        for title, description, area in rows:
            desk.propose(title=title, description=description, area=area or None)
        exported = _export(source, tmp_path / f"ud{suffix}")
        target, cast = _fresh(tmp_path, sqlite_template, clock)
        import_initiatives(
            target, registry, actor=cast["hanne"], path=tmp_path / f"ud{suffix}", clock=clock
        )
        assert [r[1:8] for r in _export(target, tmp_path / f"ind{suffix}")] == [
            r[1:8] for r in exported
        ]
        assert [r.title for r in iter_initiatives(target)] == [t for t, _, _ in rows]
        source.dispose()
        target.dispose()

    round_trip()


def test_the_import_and_export_commands(run: Invoke, desk: Desk, tmp_path: Path) -> None:
    path = _write(tmp_path / "liste.csv", LIST)
    checked = run("import", str(path), "--map", "Forslag=title", "--dry-run", actor="hanne")
    assert (checked.exit_code, checked.stdout) == (
        0,
        f"2 rows of {path} can be imported (dry run: nothing was imported)\n"
        "  columns: title <- Forslag, description <- Beskrivelse, category <- Kategori, "
        "area <- Område, owner <- Projektejer\n"
        "  not read: Bemærkninger\n",
    )
    done = run("import", str(path), "--map", "Forslag=title", actor="hanne")
    assert done.stdout.splitlines()[0] == f"Imported 2 initiatives from {path} (ids 1-2)"
    again = run("import", str(path), "--map", "Forslag=title", actor="hanne")
    assert again.exit_code == 1
    assert again.stderr.splitlines()[:2] == [
        f"Error: {path}: 2 of 2 rows cannot be imported, so none was",
        "  row 2, Forslag: already in the portfolio as initiative 1",
    ]
    assert run("import", str(path), "--map", "Forslag", actor="hanne").exit_code == 2
    assert run("import", str(tmp_path / "none.csv"), actor="hanne").exit_code == 2
    out = tmp_path / "portefolje.xlsx"
    exported = run("export", str(out))
    assert (exported.exit_code, exported.stdout) == (0, f"Exported 2 initiatives to {out}\n")
    wrong = run("export", str(tmp_path / "portefolje.ods"))
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        f"Error: {tmp_path / 'portefolje.ods'}: give a .csv or .xlsx file (or --format csv|xlsx)\n",
    )
