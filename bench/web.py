"""The web app under load: 20 clients at once on PostgreSQL, against a baseline in the same server.

A portfolio of N initiatives with a year of history (the one `bench/reports.py` writes, with
OWNERS project owners, so a person has a handful of initiatives) is copied into a PostgreSQL
database made for simulation, and one uvicorn process serves the web app on it as of 13 October
2010, with two endpoints added for the benchmark only: they run the same reads as the initiative
page and Mine tiltag with bare psycopg (20 connections, as the app's pool) and render nothing
(the baseline). 20 clients, each signed
in as a random owner over its own keep-alive connection, then fetch the initiative page of random
initiatives and Mine tiltag and give statuses, and in turns of the same length fetch the two
baseline endpoints, so load on the machine hits both alike. Then the same for the task force's
overview and the chief group's agenda (20 clients signed in as a task force member and a chief
group member), whose baseline replays with bare psycopg the very statements the page ran (caught
from the engine while the page was made once; a statement the page streamed is streamed and its
first batch read, as the page did). Last, the quarterly report of every initiative is
downloaded as CSV from the web (made in the background, fetched as a file) against `tiltag report`
writing the same file. Printed: p50/p95/p99 and requests per second of each, the pages' p95
against the baseline's (goal for the overview and the agenda: under 100 ms and at most 3x), the
download's time against the command's, and the server's peak memory at each size.

    .venv/bin/python bench/web.py [--sizes 10000 100000] [--seconds 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import queue
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import httpx2
import psycopg
import reports
from children import checked, flat
from sqlalchemy import event

BIN = Path(sys.executable).parent
TILTAG = str(BIN / "tiltag")
NOW = "2010-10-13T09:00"
SERVER = os.environ.get("TILTAG_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
NAME = "tiltag_bench_web"
CLIENTS = 20
# Owners of the portfolio: 100,000 initiatives give each about five.
OWNERS = 20_000
TABLES = ("person", "person_role", "initiative", "event", "record", "gain", "milestone",
          "decision", "status_update")  # fmt: skip


def build(size: int, folder: Path) -> str:
    """The portfolio of `size` in a new PostgreSQL database made for simulation; its URL."""
    reports.OWNERS = OWNERS
    lite = folder / f"web-{size}.db"
    reports.portfolio(lite, size)
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{NAME}"')
    url = f"{SERVER}/{NAME}"
    checked(
        [
            TILTAG,
            "init",
            "--simulation",
            "--database",
            url.replace("postgresql:", "postgresql+psycopg:"),
        ]
    )
    source = sqlite3.connect(lite)
    with psycopg.connect(url) as target:
        for table in TABLES:
            names = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            with target.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(names)} FROM {table}"):
                    copy.write_row(row)
            if "id" in names:
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        target.execute("INSERT INTO person_role (person_id, role) VALUES (1, 'task_force')")
        target.execute("ANALYZE")
    source.close()
    return url.replace("postgresql:", "postgresql+psycopg:")


# --- The server: the web app with the two baseline endpoints, run by this script as a child. ---


def serve(port: int) -> None:
    import uvicorn
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from workflow.web.app import from_env

    app = from_env()
    # As many connections as the web app's pool, so the baseline waits no more for one.
    pool: queue.Queue[psycopg.Connection[Any]] = queue.Queue()
    for _ in range(20):
        pool.put(psycopg.connect(os.environ["TILTAG_DATABASE_URL"].replace("+psycopg", "")))

    def reads(sql: list[tuple[str, Any, int | None]]) -> PlainTextResponse:
        """Run the statements in one transaction; one the page streamed (a server-side cursor)
        is streamed too, and only the batch the page read first is read."""
        size = 0
        conn = pool.get()
        try:
            with conn.transaction():
                for n, (statement, values, batch) in enumerate(sql):
                    if batch is None:
                        size += len(conn.execute(statement, values).fetchall())
                        continue
                    with conn.cursor(name=f"replay{n}") as streamed:
                        streamed.execute(statement, values)
                        size += len(streamed.fetchmany(batch))
        finally:
            pool.put(conn)
        return PlainTextResponse(str(size))

    def initiative(request: Any) -> PlainTextResponse:
        n = int(request.path_params["n"])
        return reads([
            ("SELECT i.*, p.name, o.name FROM initiative i JOIN person p ON p.id = i.proposer_id "
             "LEFT JOIN person o ON o.id = i.owner_id WHERE i.id = %s", (n,), None),
            ("SELECT e.*, p.handle, p.name FROM event e JOIN person p ON p.id = e.actor_id "
             "WHERE e.initiative_id = %s ORDER BY e.id", (n,), None),
            ("SELECT * FROM record WHERE initiative_id = %s", (n,), None),
            ("SELECT * FROM gain WHERE initiative_id = %s", (n,), None),
            ("SELECT * FROM milestone WHERE initiative_id = %s", (n,), None),
            ("SELECT * FROM decision WHERE initiative_id = %s", (n,), None),
            ("SELECT s.*, p.handle FROM status_update s JOIN person p ON p.id = s.given_by "
             "WHERE s.initiative_id = %s", (n,), None),
        ])  # fmt: skip

    def mine(request: Any) -> PlainTextResponse:
        person = int(request.path_params["person"])
        return reads([
            ("SELECT i.*, p.handle, o.handle FROM initiative i JOIN person p ON p.id = "
             "i.proposer_id LEFT JOIN person o ON o.id = i.owner_id WHERE i.proposer_id = %s "
             "OR i.owner_id = %s", (person, person), None),
            ("SELECT s.* FROM status_update s JOIN initiative i ON i.id = s.initiative_id "
             "WHERE i.owner_id = %s", (person,), None),
            ("SELECT d.* FROM decision d JOIN initiative i ON i.id = d.initiative_id "
             "WHERE i.owner_id = %s", (person,), None),
        ])  # fmt: skip

    def replay(request: Any) -> PlainTextResponse:
        return reads(CAUGHT[request.path_params["name"]])

    app.router.routes.insert(0, Route("/baseline/initiative/{n}", initiative))
    app.router.routes.insert(0, Route("/baseline/mine/{person}", mine))
    app.router.routes.insert(0, Route("/baseline/replay/{name}", replay))
    event.listen(app.state.web.engine, "before_cursor_execute", _catch)
    uvicorn.run(_catching(app), host="127.0.0.1", port=port, log_level="warning")


# The statements a page ran, by name, caught once for its baseline to replay.
# A statement, its parameters, and the batch the page streamed it in (None: read whole).
Caught = tuple[str, Any, int | None]
CAUGHT: dict[str, list[Caught]] = {}
_CATCHING: ContextVar[list[Caught] | None] = ContextVar("catching", default=None)


def _catch(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, *_: Any) -> None:
    caught = _CATCHING.get()
    if caught is not None:
        options = context.execution_options
        batch = options.get("yield_per", 1000) if options.get("stream_results") else None
        caught.append((statement, parameters, batch))


def _catching(app: Any) -> Any:
    """The app, catching the statements of a request that asks with `x-catch: NAME`."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        name = dict(scope.get("headers", [])).get(b"x-catch") if scope["type"] == "http" else None
        if name is None:
            await app(scope, receive, send)
            return
        caught: list[Caught] = []
        token = _CATCHING.set(caught)
        try:
            await app(scope, receive, send)
        finally:
            _CATCHING.reset(token)
        CAUGHT[name.decode()] = caught

    return wrapped


# --- The load. ---


def sessions(url: str, count: int) -> list[tuple[int, str, str, list[int]]]:
    """`count` signed-in owners: (person id, session cookie, CSRF token, initiatives taking a
    status now), made through the service functions."""
    from workflow import FixedClock, find_person_by_id, open_database, open_session, parse_instant
    from workflow.base.secrets import csrf_token

    engine = open_database(url)
    clock = FixedClock(parse_instant(NOW))
    found = []
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        owners = [r[0] for r in conn.execute(
            "SELECT owner_id FROM initiative WHERE state IN ('business_case', 'organisation', "
            "'implementation_plan', 'execution', 'follow_up') GROUP BY owner_id"
        )]  # fmt: skip
        for person_id in random.sample(owners, count):
            owned = [r[0] for r in conn.execute(
                "SELECT id FROM initiative WHERE owner_id = %s AND state IN ('business_case', "
                "'organisation', 'implementation_plan', 'execution', 'follow_up')", (person_id,)
            )]  # fmt: skip
            with engine.connect() as c:
                person = find_person_by_id(c, person_id)
            token = open_session(engine, person, "link", clock)
            found.append((person_id, token, csrf_token(token), owned))
    engine.dispose()
    return found


async def client(
    base: str, who: tuple[int, str, str, list[int]], size: int, until: float, baseline: bool,
    times: dict[str, list[float]],
) -> None:  # fmt: skip
    person, token, csrf, owned = who
    cookies = {"tiltag_session": token}
    async with httpx2.AsyncClient(base_url=base, cookies=cookies, timeout=30) as http:
        while time.perf_counter() < until:
            pick = random.random()
            if pick < 0.4:
                kind = "initiative"
                path = f"/baseline/initiative/{random.randint(1, size)}" if baseline else (
                    f"/initiatives/{random.randint(1, size)}")  # fmt: skip
                request = http.get(path)
            elif pick < 0.8 or baseline:
                kind = "mine"
                request = http.get(f"/baseline/mine/{person}" if baseline else "/")
            else:
                kind = "status"
                form = {
                    "csrf": csrf,
                    "light": "green",
                    "text": "Som planlagt.",
                    "quarter": "2010-Q4",
                }
                request = http.post(f"/initiatives/{random.choice(owned)}/status", data=form,
                                    headers={"Origin": base})  # fmt: skip
            started = time.perf_counter()
            answer = await request
            elapsed = time.perf_counter() - started
            if answer.status_code not in (200, 303):
                raise SystemExit(f"{kind}: {answer.status_code} {answer.text[:300]}")
            times.setdefault(("baseline " if baseline else "") + kind, []).append(elapsed)


async def load(base: str, who: list[Any], size: int, seconds: float, baseline: bool,
               times: dict[str, list[float]]) -> None:  # fmt: skip
    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(base, w, size, until, baseline, times) for w in who))


# The watchers' pages: what each fetches, and the name its caught statements are replayed by.
WATCHED = {"overview": "/task-force", "agenda": "/forums/chief_group"}


def watchers(url: str, count: int) -> list[tuple[str, str]]:
    """`count` sessions, alternately of the task force member (person 1: the overview) and the
    chief group member (person 2: the agenda): (what they watch, session cookie)."""
    from workflow import FixedClock, find_person_by_id, open_database, open_session, parse_instant

    engine = open_database(url)
    clock = FixedClock(parse_instant(NOW))
    with engine.connect() as c:
        people = {"overview": find_person_by_id(c, 1), "agenda": find_person_by_id(c, 2)}
    found = []
    for n in range(count):
        kind = "overview" if n % 2 == 0 else "agenda"
        found.append((kind, open_session(engine, people[kind], "link", clock)))
    engine.dispose()
    return found


async def watch(base: str, who: tuple[str, str], until: float, baseline: bool,
                times: dict[str, list[float]]) -> None:  # fmt: skip
    kind, token = who
    path = f"/baseline/replay/{kind}" if baseline else WATCHED[kind]
    async with httpx2.AsyncClient(
        base_url=base, cookies={"tiltag_session": token}, timeout=60
    ) as http:
        while time.perf_counter() < until:
            started = time.perf_counter()
            answer = await http.get(path)
            elapsed = time.perf_counter() - started
            if answer.status_code != 200:
                raise SystemExit(f"{kind}: {answer.status_code} {answer.text[:300]}")
            times.setdefault(("baseline " if baseline else "") + kind, []).append(elapsed)


async def watching(base: str, who: list[Any], seconds: float, baseline: bool,
                   times: dict[str, list[float]]) -> None:  # fmt: skip
    until = time.perf_counter() + seconds
    await asyncio.gather(*(watch(base, w, until, baseline, times) for w in who))


def catch(base: str, who: list[tuple[str, str]]) -> None:
    """Have the server catch the statements of each watched page once."""
    for kind in WATCHED:
        token = next(t for k, t in who if k == kind)
        answer = httpx2.get(f"{base}{WATCHED[kind]}", cookies={"tiltag_session": token},
                            headers={"x-catch": kind}, timeout=120)  # fmt: skip
        if answer.status_code != 200:
            raise SystemExit(f"{kind}: {answer.status_code}")


def download(base: str, token: str, url: str, folder: Path) -> tuple[float, float, int]:
    """The quarterly report as CSV: (seconds through the web, seconds by `tiltag report`, rows)."""
    from workflow.base.secrets import csrf_token

    cookies = {"tiltag_session": token}
    form = {"csrf": csrf_token(token), "report": "quarterly", "year": "2010", "quarter": "4",
            "fmt": "csv"}  # fmt: skip
    started = time.perf_counter()
    with httpx2.Client(base_url=base, cookies=cookies, timeout=600) as http:
        answer = http.post("/reports", data=form, headers={"Origin": base})
        location = answer.headers["location"]
        while not location.endswith("/file"):
            page = http.get(location, headers={"HX-Request": "true"})
            if "/file" in page.text:
                location += "/file"
            elif "alert-error" in page.text:
                raise SystemExit(f"the download failed: {page.text[:300]}")
            else:
                time.sleep(0.2)  # polling the job's progress, as its page does
        rows = 0
        with http.stream("GET", location) as got:
            for chunk in got.iter_lines():
                rows += bool(chunk)
    web = time.perf_counter() - started
    started = time.perf_counter()
    out = folder / "quarterly.csv"
    checked([TILTAG, "--now", NOW, "report", "quarterly", "--year", "2010", "--quarter", "4",
             "--output", str(out), "--database", url])  # fmt: skip
    return web, time.perf_counter() - started, rows - 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def peak_rss_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(found[1]) / 1024 if found else 0.0


def measure(
    url: str, size: int, seconds: float, rounds: int, folder: Path
) -> tuple[dict[str, Any], float]:
    port = free_port()
    env = {
        **os.environ,
        "TILTAG_DATABASE_URL": url,
        "TILTAG_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    offset = clock_offset()
    env["TILTAG_WEB_OFFSET"] = str(offset)
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx2.get(f"{base}/health", timeout=2).text == "ok":
                    break
            except httpx2.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)  # polling the health check
        who = sessions(url, CLIENTS)
        times: dict[str, list[float]] = {}
        asyncio.run(load(base, who, size, 2, False, {}))  # warm up
        walls = {"pages": 0.0, "baseline pages": 0.0, "watched": 0.0, "baseline watched": 0.0}
        for _ in range(rounds):
            for baseline in (False, True):
                started = time.perf_counter()
                asyncio.run(load(base, who, size, seconds, baseline, times))
                walls["baseline pages" if baseline else "pages"] += time.perf_counter() - started
        watching_who = watchers(url, CLIENTS)
        catch(base, watching_who)
        asyncio.run(watching(base, watching_who, 2, False, {}))  # warm up
        for _ in range(rounds):
            for baseline in (False, True):
                started = time.perf_counter()
                asyncio.run(watching(base, watching_who, seconds, baseline, times))
                key = "baseline watched" if baseline else "watched"
                walls[key] += time.perf_counter() - started
        rss = peak_rss_mb(child.pid)
        fetched = download(base, watching_who[0][1], url, folder)
        rss_download = peak_rss_mb(child.pid)
    finally:
        child.terminate()
        child.wait()
    return {"times": times, "walls": walls, "download": (*fetched, rss_download)}, rss


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def clock_offset() -> float:
    from datetime import UTC, datetime

    from workflow import parse_instant

    return (parse_instant(NOW) - datetime.now(UTC)).total_seconds()


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    random.seed(2010)
    memory: dict[int, float] = {}
    downloads: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="tiltag-bench-") as tmp:
        for size in args.sizes:
            url = build(size, Path(tmp))
            found, memory[size] = measure(url, size, args.seconds, args.rounds, Path(tmp))
            times, walls = found["times"], found["walls"]
            print(f"{size:,} initiatives".replace(",", ".") + f", {CLIENTS} clients, "
                  f"{args.rounds} × {args.seconds:.0f} s each side, on PostgreSQL")  # fmt: skip
            print(
                f"   {'what':<22}{'requests':>9}{'per s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
            )
            for kind in ("initiative", "mine", "status", "baseline initiative", "baseline mine",
                         "overview", "agenda", "baseline overview", "baseline agenda"):  # fmt: skip
                got = times.get(kind, [])
                if not got:
                    continue
                side = "baseline " if kind.startswith("baseline") else ""
                wall = walls[side + ("watched" if kind.split()[-1] in WATCHED else "pages")]
                print(f"   {kind:<22}{len(got):>9}{len(got) / wall:>8.1f}"
                      f"{percentile(got, 0.5):>8.1f}{percentile(got, 0.95):>8.1f}"
                      f"{percentile(got, 0.99):>8.1f}")  # fmt: skip
            for kind in ("initiative", "mine", "overview", "agenda"):
                p95 = percentile(times[kind], 0.95)
                ratio = p95 / percentile(times[f"baseline {kind}"], 0.95)
                goal = ""
                if kind in WATCHED:
                    met = p95 < 100 and ratio <= 3
                    goal = f"  (goal: p95 < 100 ms and ≤ ×3: {'PASS' if met else 'MISS'})"
                print(f"   p95 of {kind} against its baseline: ×{ratio:.2f}{goal}")
            web, command, rows, rss_download = found["download"]
            print(f"   the quarterly report as CSV, {rows:,} rows: downloaded in {web:.1f} s, "
                  f"tiltag report {command:.1f} s (×{web / command:.2f}); the server's peak "
                  f"memory after it {rss_download:.1f} MB")  # fmt: skip
            downloads[size] = rss_download
            print(f"   the server's peak memory: {memory[size]:.1f} MB")
    if len(downloads) > 1:
        small, large = min(downloads), max(downloads)
        level = flat(downloads[small], downloads[large])
        print(f"memory with the download {small} → {large}: {downloads[small]:.1f} → "
              f"{downloads[large]:.1f} MB, {'flat' if level else 'NOT flat'}")  # fmt: skip
    if len(memory) > 1:
        small, large = min(memory), max(memory)
        level = flat(memory[small], memory[large])
        print(f"memory {small} → {large}: {memory[small]:.1f} → {memory[large]:.1f} MB, "
              f"{'flat' if level else 'NOT flat'}")  # fmt: skip
    print(f"reproduce: .venv/bin/python bench/web.py --sizes {' '.join(map(str, args.sizes))}")


if __name__ == "__main__":
    main()
