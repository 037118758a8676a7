"""The reports over a large portfolio: wall time and peak memory of `tiltag report`.

A portfolio of N initiatives (default 10,000 and 100,000), each with a year of history, is
written in bulk into a file made by `tiltag init`: 200 owners; the states of the lifecycle in
turn (with some rejected and some on hold); per initiative its proposal in 2010, a move a month
up to its state, the chief group's go before each gate, its records (business case, organisation,
plan, follow-up) as far as it came, their gains and milestones (some overdue), and a status every
quarter it spent in a state that asks one, some saying what was spent. About 13 events an
initiative. Then, each in a child process of its own, on 13 October 2010:

- the floor: bare `sqlite3` and `csv` writing the same columns as `tiltag list --format csv`;
- `tiltag list --format csv`: the baseline of the reports, every initiative streamed once;
- every report (stalled, quarterly of the third quarter, gains, portfolio) in every format that
  writes a file for a tool or a person (CSV, JSON, an Excel workbook, an HTML page);
- apart, the quarterly report as a PDF (WeasyPrint lays out the whole document in memory, so
  it is neither streamed nor flat): at its own, smaller sizes (`--pdf-sizes`, default 1,000 and
  5,000), with its pages and file size.

Reported: seconds and peak RSS of each, the ratio of each to the baseline at the same size, and
whether memory stays flat from the smaller portfolio to the larger; for the largest size a
`GOAL` line per target with its ratio and PASS or MISS.

    .venv/bin/python bench/reports.py [--sizes 10000 100000] [--dir DIR] [--quick] [--repeats N]
                                      [--pdf-sizes 1000 5000]

With `--dir`, a portfolio written there before by the same version of this script is used again
(writing 100,000 takes minutes). `--quick` is `--sizes 1000 5000`. With `--repeats N` every
command runs N times in turn and keeps its fastest time: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from children import FLAT_RATIO, FLAT_SLACK_MB, Run, checked, flat

BIN = Path(sys.executable).parent
TILTAG = str(BIN / "tiltag")
NOW = "2010-10-13T09:00"
OWNERS = 200
# The lifecycle's main line; the portfolio's states go through it in turn, with the side ones.
LINE = (
    ("screening", None),
    ("business_case", "select"),
    ("organisation", "approve_case"),
    ("implementation_plan", "organise"),
    ("execution", "start"),
    ("follow_up", "complete"),
    ("realised", "realise"),
)
STATUS_STATES = {"business_case", "organisation", "implementation_plan", "execution", "follow_up"}
CASE = {
    "solution": "Fælles udbud.", "alternatives": "Ingen.", "investment": 250000,
    "investment_year": 2010, "running_cost": 50000,
    "expected_gains": {"2010": 600000, "2011": 1200000, "2012": 1200000},
    "quality_effect": "", "risks": "Få tilbud.", "indicator": "Præmie", "baseline": "4,8 mio.",
    "target": "3,6 mio.", "responsible": "Ejer", "involved": "Indkøb",
    "decision_kind": "administrative",
}  # fmt: skip
ORGANISATION = {"project_leader": "Karen", "steering_group": [], "project_group": ["Indkøb"],
                "stakeholder_group": []}  # fmt: skip
MILESTONES = (("Udbud", "Materiale klar", "2010-06-01"), ("Udbud", "Tilbudsfrist", "2010-09-01"),
              ("Drift", "I drift", "2011-01-01"))  # fmt: skip
PLAN = {
    "start": "2010-01-01", "description": "Udbud.", "communication": "Nyhedsbrev.",
    "milestones": [{"phase": p, "title": t, "due": d, "owner": None, "done_on": None,
                    "replanned": None} for p, t, d in MILESTONES],
    "tolerances": {"time_days": 30, "cost_dkk": None, "cost_percent": 10, "gains_percent": 15,
                   "notify": ["hanne"]},
}  # fmt: skip
FOLLOW_UP = {"realised_gains": {"2010": 500000}, "quality_effect_achieved": "Som ventet.",
             "verdict": "achieved"}  # fmt: skip
QUARTER = ("--year", "2010", "--quarter", "3")
# The reports with the period each is made for, and the formats written.
REPORTS = (("stalled", ()), ("quarterly", QUARTER), ("gains", ()), ("portfolio", ()))
FORMATS = ("csv", "json", "xlsx", "html")
BARE = "bare sqlite3+csv"
LIST = "tiltag list"
EXPORT = "tiltag export xlsx"
CATALOGUE = "report catalogue xlsx"
# The action catalogue against the export of the same portfolio to Excel.
CATALOGUE_TARGET = 2.0
# What the report is timed against, and the most it may take.
LIST_TARGET = 3.0
REPORT_TARGET = 2.0
# Written into a portfolio's note: a portfolio of another version is written anew.
PORTFOLIO_VERSION = 1


def commands() -> list[tuple[str, list[str], str | None]]:
    """(name, tiltag's arguments, the file written or None for stdout), list first."""
    found: list[tuple[str, list[str], str | None]] = [(LIST, ["list", "--format", "csv"], None)]
    for report, period in REPORTS:
        for fmt in FORMATS:
            to_file = f"{report}.{fmt}" if fmt in ("xlsx", "html") else None
            found.append(
                (f"report {report} {fmt}", ["report", report, *period, "--format", fmt], to_file)
            )
    found.append((EXPORT, ["export", "--format", "xlsx"], "export.xlsx"))
    found.append((CATALOGUE, ["report", "catalogue", "--format", "xlsx"], "catalogue.xlsx"))
    return found


# The columns of `tiltag list --format csv`, read and written with nothing in between.
BARE_QUERY = (
    "SELECT i.id, i.state, i.category, p.handle, i.area, i.title, i.workflow, "
    "i.workflow_version, i.version, i.entered_state_at FROM initiative i "
    "LEFT JOIN person p ON p.id = i.owner_id ORDER BY i.id"
)


def bare_dump(path: str) -> None:
    """The floor: `tiltag list --format csv`'s columns by bare sqlite3 and csv, to stdout."""
    import csv

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    writer = csv.writer(sys.stdout)
    writer.writerow(["id", "state", "category", "owner", "area", "title", "workflow", "version",
                     "entered_state_at"])  # fmt: skip
    cursor = conn.execute(BARE_QUERY)
    while batch := cursor.fetchmany(1000):
        writer.writerows(
            (i, s, c, o, a, t, f"{w}@{wv}", v, e) for i, s, c, o, a, t, w, wv, v, e in batch
        )
    conn.close()


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _moves(n: int) -> tuple[str, Sequence[tuple[str | None, str, str]]]:
    """Initiative n's final state and its moves: (trigger, from, to) in order."""
    kind = n % 9
    if kind == 7:  # rejected at the business case
        return "rejected", [("select", "screening", "business_case"),
                            ("reject", "business_case", "rejected")]  # fmt: skip
    steps: list[tuple[str | None, str, str]]
    if kind == 8:  # put on hold in execution
        steps = [(t, LINE[i - 1][0], s) for i, (s, t) in enumerate(LINE[1:5], 1)]
        return "on_hold", [*steps, ("hold", "execution", "on_hold")]
    steps = [(t, LINE[i - 1][0], s) for i, (s, t) in enumerate(LINE[1 : kind + 1], 1)]
    return LINE[kind][0], steps


# Each record, and the state in which it is filed (on leaving which it is there).
RECORDS = (
    ("business_case", json.dumps(CASE), "business_case"),
    ("organisation", json.dumps(ORGANISATION), "organisation"),
    ("plan", json.dumps(PLAN), "implementation_plan"),
    ("follow_up", json.dumps(FOLLOW_UP), "follow_up"),
)
LIGHTS = ("green", "amber", "red")
AREAS = ("Økonomi", "Social", "Teknik", "Ældre")


def _rows(initiatives: int) -> Iterator[tuple[str, tuple[object, ...]]]:
    """Every row of the portfolio: (table, values)."""
    for n in range(1, initiatives + 1):
        owner = 3 + n % OWNERS
        created = datetime(2010, 1, 1, 9) + timedelta(days=n % 40)
        state, steps = _moves(n)
        version = 1
        # (at, kind, trigger, from, to, field, new value, comment, version)
        events: list[tuple[Any, ...]] = [
            (created, "created", None, None, "screening", None, None, None, 1)
        ]
        at = created
        reached = {"screening"}
        for trigger, source, dest in steps:
            at += timedelta(days=30)
            if source in ("screening", "business_case"):
                version += 1
                meeting = _day(at - timedelta(days=1))
                yield "decision", (
                    n, source, "chief_group", "go", meeting, "Chefgruppen", "Godkendt.", 2,
                    _stamp(at), version,
                )  # fmt: skip
                events.append(
                    (at, "decision", None, None, None, "chief_group", "go", None, version)
                )
            for kind, document, filed_in in RECORDS:
                if source == filed_in:
                    version += 1
                    events.append((at, "record", None, None, None, kind, document, None, version))
            version += 1
            events.append((at, "transition", trigger, source, dest, None, None, None, version))
            reached.add(dest)
        entered = at
        for kind, document, filed_in in RECORDS:
            if filed_in in reached:
                yield "record", (n, kind, document, _stamp(entered), owner)
        if "business_case" in reached:
            for year in (2010, 2011, 2012):
                yield "gain", (n, "expected", year, 1_200_000 if year > 2010 else 600_000)
        if "follow_up" in reached:
            yield "gain", (n, "realised", 2010, 500_000)
        if "implementation_plan" in reached:
            done = "follow_up" in reached
            for position, (phase, title, due) in enumerate(MILESTONES, 1):
                row = (n, position, phase, title, due, owner, due if done else None)
                yield "milestone", row
        # A status every quarter spent in a state that asks one (two of three owners give it).
        if state in STATUS_STATES and n % 3:
            for quarter in range(quarter_of(entered), 4):
                given = datetime(2010, 3 * quarter - 1, 15, 9)
                version += 1
                spent = 200_000 + (n % 5) * 30_000 if state == "execution" else None
                light = LIGHTS[n % 3]
                status = (n, 2010, quarter, light, "Som planlagt.", _day(given), _stamp(given))
                yield "status_update", (*status, owner, spent)
                field = f"2010-Q{quarter}"
                events.append((given, "status", None, None, None, field, light, "Som planlagt.",
                               version))  # fmt: skip
                if spent is not None and quarter == 3:
                    yield "gain", (n, "reported", 2010, 350_000)
        title = f"Tiltag nummer {n}: fælles udbud af kommunens forsikringer"
        category, area = ("indkoeb", "digitalisering", "andre")[n % 3], AREAS[n % 4]
        previous = steps[-1][1] if steps else None
        yield "initiative", (
            n, title, category, area, owner, state, previous, _stamp(entered), _stamp(created),
            _stamp(at), version,
        )  # fmt: skip
        for moment, *rest in events:
            kind, trigger, source, dest, field, value, comment, number = rest
            yield "event", (
                n, _stamp(moment), owner, kind, trigger, source, dest, field, value, comment,
                number,
            )  # fmt: skip


def quarter_of(moment: datetime) -> int:
    return (moment.month - 1) // 3 + 1


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


INSERTS = {
    "initiative": "INSERT INTO initiative (id, title, description, category, area, proposer_id, "
    "owner_id, workflow, workflow_version, state, previous_state, entered_state_at, created_at, "
    "updated_at, version) VALUES (?, ?, 'Fælles udbud.', ?, ?, 1, ?, 'effektivisering', 1, ?, ?, "
    "?, ?, ?, ?)",
    "event": "INSERT INTO event (initiative_id, at, actor_id, kind, trigger, from_state, "
    "to_state, field, new_value, comment, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "record": "INSERT INTO record (initiative_id, kind, data, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?)",
    "gain": "INSERT INTO gain (initiative_id, kind, year, amount) VALUES (?, ?, ?, ?)",
    "milestone": "INSERT INTO milestone (initiative_id, position, phase, title, due, owner_id, "
    "done_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "decision": "INSERT INTO decision (initiative_id, gate, forum, outcome, meeting_date, "
    "reference, justification, decided_by, recorded_at, version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "status_update": "INSERT INTO status_update (initiative_id, year, quarter, light, text, "
    "given_on, given_at, given_by, spent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


def portfolio(path: Path, initiatives: int) -> dict[str, int]:
    """The portfolio at `path`: written anew unless this version wrote it there; how many rows
    each table got."""
    note = path.with_suffix(".json")
    if path.exists() and note.exists():
        kept = json.loads(note.read_text())
        if kept.get("version") == PORTFOLIO_VERSION and kept.get("initiatives") == initiatives:
            return dict(kept["counts"])
    note.unlink(missing_ok=True)
    counts = _write_portfolio(path, initiatives)
    note.write_text(json.dumps({"version": PORTFOLIO_VERSION, "initiatives": initiatives,
                                "counts": counts}))  # fmt: skip
    return counts


def _write_portfolio(path: Path, initiatives: int) -> dict[str, int]:
    """Write the portfolio; return how many rows each table got."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    checked([TILTAG, "init", "--database", str(path)])
    stamp = "2009-12-01 09:00:00.000000"
    counts: dict[str, int] = {}
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        people = [(1, "aase", "Åse Møller", "aase@kommune.example.dk", stamp),
                  (2, "jens", "Jens Holm", "jens@kommune.example.dk", stamp)]  # fmt: skip
        people += [(n, f"ejer{n}", f"Projektejer {n}", f"ejer{n}@kommune.example.dk", stamp)
                   for n in range(3, 3 + OWNERS)]  # fmt: skip
        conn.executemany(
            "INSERT INTO person (id, handle, name, email, created_at) VALUES (?, ?, ?, ?, ?)",
            people,
        )
        conn.executemany(
            "INSERT INTO person_role (person_id, role) VALUES (?, ?)",
            [(1, "proposer"), (2, "chief_group")]
            + [(n, "project_owner") for n in range(3, 3 + OWNERS)],
        )
        batch: dict[str, list[tuple[object, ...]]] = {table: [] for table in INSERTS}
        for table, values in _rows(initiatives):
            batch[table].append(values)
            if len(batch[table]) >= 20_000:
                conn.executemany(INSERTS[table], batch[table])
                counts[table] = counts.get(table, 0) + len(batch[table])
                batch[table].clear()
        for table, rows in batch.items():
            conn.executemany(INSERTS[table], rows)
            counts[table] = counts.get(table, 0) + len(rows)
        conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the reports read the file, not a long WAL
    conn.close()
    return counts


def measure(path: Path, folder: Path, repeats: int) -> list[tuple[str, Run]]:
    """The floor, then each command, each a child process; all of them `repeats` times in turn,
    each kept with its fastest time and its highest peak memory (the machine is shared)."""
    env = {**os.environ, "TILTAG_DATABASE_URL": str(path), "TILTAG_NOW": NOW}
    argvs: list[tuple[str, list[str], dict[str, str] | None]] = [
        (BARE, [sys.executable, __file__, "--bare-dump", str(path)], None)
    ]
    for name, args, output in commands():
        if name == EXPORT:  # it takes its file as an argument
            argv = [TILTAG, *args, str(folder / str(output))]
        else:
            argv = [TILTAG, *args] + (["--output", str(folder / output)] if output else [])
        argvs.append((name, argv, env))
    runs: dict[str, list[Run]] = {name: [] for name, _, _ in argvs}
    for _ in range(repeats):
        for name, argv, environment in argvs:
            runs[name].append(checked(argv, env=environment))
    return [
        (
            name,
            replace(
                min(found, key=lambda r: r.seconds),
                peak_rss_mb=max(r.peak_rss_mb for r in found),
            ),
        )
        for name, found in runs.items()
    ]


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def goals(results: dict[int, list[tuple[str, Run]]]) -> list[str]:
    """The GOAL lines: at the largest size, the listing against the floor and each report
    against the listing; memory from the smallest size to the largest."""
    large = max(results)
    runs = dict(results[large])
    lines = []
    ratio = runs[LIST].seconds / runs[BARE].seconds
    lines.append(
        f"GOAL reports: tiltag list vs bare sqlite3+csv  x{ratio:.2f}  "
        f"(target <= {LIST_TARGET})  {_verdict(ratio <= LIST_TARGET)}"
    )
    ratio = runs[CATALOGUE].seconds / runs[EXPORT].seconds
    lines.append(
        f"GOAL reports: {CATALOGUE} vs {EXPORT}  x{ratio:.2f}  (target <= {CATALOGUE_TARGET})  "
        f"{_verdict(ratio <= CATALOGUE_TARGET)}"
    )
    for name, run in results[large]:
        if name.startswith("report ") and name != CATALOGUE:
            ratio = run.seconds / runs[LIST].seconds
            lines.append(
                f"GOAL reports: {name} vs list  x{ratio:.2f}  (target <= {REPORT_TARGET})  "
                f"{_verdict(ratio <= REPORT_TARGET)}"
            )
    small = min(results)
    if small == large:
        lines.append("GOAL reports: memory flat  (one size only: give two)  MISS")
        return lines
    pairs = [(dict(results[small])[name], run) for name, run in results[large] if name != BARE]
    worst_little, worst_big = max(pairs, key=lambda p: p[1].peak_rss_mb / p[0].peak_rss_mb)
    grown = worst_big.peak_rss_mb - worst_little.peak_rss_mb
    ratio = worst_big.peak_rss_mb / worst_little.peak_rss_mb
    every = all(flat(little.peak_rss_mb, big.peak_rss_mb) for little, big in pairs)
    lines.append(
        f"GOAL reports: memory flat {small} -> {large}  x{ratio:.2f} ({grown:+.1f} MB)  "
        f"(target <= x{FLAT_RATIO:.2f} or <= +{FLAT_SLACK_MB:.0f} MB)  {_verdict(every)}"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="small sizes: 1000 and 5000")
    parser.add_argument("--dir", type=Path, help="where the files go (default: a temp dir)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each command (best kept)")
    parser.add_argument(
        "--pdf-sizes", type=int, nargs="*", default=[1000, 5000], help="the PDF's sizes (none: 0)"
    )
    parser.add_argument("--bare-dump", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_dump:
        bare_dump(args.bare_dump)
        return
    sizes = [1000, 5000] if args.quick else sorted(set(args.sizes))
    results: dict[int, list[tuple[str, Run]]] = {}
    rows: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="tiltag-bench-") as tmp:
        folder: Path = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            path = folder / f"reports-{size}.db"
            rows[size] = portfolio(path, size)
            results[size] = measure(path, folder, args.repeats)
            files = {out: (folder / out).stat().st_size for _, _, out in commands() if out}
        pdfs = [pdf_run(folder, size) for size in sorted(set(args.pdf_sizes)) if size > 0]
    _print(results, rows, files)
    _print_pdfs(pdfs)
    for line in goals(results):
        print(line)
    again = f" --repeats {args.repeats}" if args.repeats > 1 else ""
    print(
        f"reproduce: .venv/bin/python bench/reports.py --sizes {' '.join(map(str, sizes))}{again}"
    )


def pdf_run(folder: Path, size: int) -> tuple[int, Run, int, int]:
    """The quarterly report as a PDF of a portfolio of `size`: its run, pages and bytes."""
    from pypdf import PdfReader

    path = folder / f"reports-{size}.db"
    portfolio(path, size)
    out = folder / f"quarterly-{size}.pdf"
    env = {**os.environ, "TILTAG_DATABASE_URL": str(path), "TILTAG_NOW": NOW}
    argv = [TILTAG, "report", "quarterly", *QUARTER, "--format", "pdf", "--output", str(out)]
    run = checked(argv, env=env)
    return size, run, len(PdfReader(out).pages), out.stat().st_size


def _print_pdfs(pdfs: list[tuple[int, Run, int, int]]) -> None:
    if not pdfs:
        return
    print("   the quarterly report as a PDF (laid out whole: not streamed, memory grows):")
    for size, run, pages, size_bytes in pdfs:
        print(
            f"   {size:>11}  {'report quarterly pdf':<26}{run.seconds:>9.2f}"
            f"{run.peak_rss_mb:>8.1f}   {pages} pages, {size_bytes / 1e6:.1f} MB, "
            f"{run.seconds / pages * 1000:.0f} ms a page"
        )


def _print(
    results: dict[int, list[tuple[str, Run]]],
    rows: dict[int, dict[str, int]],
    files: dict[str, int],
) -> None:
    print(f"tiltag report on {NOW} (each a child process; its best wall time and highest peak RSS)")
    for size, counts in rows.items():
        shown = "; ".join(f"{table} {count:,}".replace(",", ".") for table, count in counts.items())
        print(f"   {size:,}".replace(",", ".") + f" initiatives: {shown}")
    print(f"   {'initiatives':>11}  {'what':<26}{'seconds':>9}{'MB':>8}{'x list':>9}")
    for size, found in results.items():
        baseline = dict(found)[LIST].seconds
        for name, run in found:
            print(
                f"   {size:>11}  {name:<26}{run.seconds:>9.2f}{run.peak_rss_mb:>8.1f}"
                f"{run.seconds / baseline:>9.2f}"
            )
    small, large = min(results), max(results)
    if small != large:
        print(f"   time {large} vs {small} (x{large // small} initiatives) and memory:")
        for (name, big), (_, little) in zip(results[large], results[small], strict=True):
            grown = big.peak_rss_mb - little.peak_rss_mb
            ratio = big.peak_rss_mb / little.peak_rss_mb
            level = flat(little.peak_rss_mb, big.peak_rss_mb)
            print(
                f"     {name:<26} time x{big.seconds / little.seconds:5.1f}   memory "
                f"x{ratio:.2f} ({grown:+.1f} MB): {'flat' if level else 'NOT flat'}"
            )
    print("   files at the largest size: " + ", ".join(
        f"{name} {size / 1e6:.1f} MB" for name, size in files.items()
    ))  # fmt: skip


if __name__ == "__main__":
    main()
