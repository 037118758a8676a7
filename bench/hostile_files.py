"""Files that try to crash or exhaust tiltag, each run as the `tiltag` command a person would run.

Every hostile file must be refused with exit code 1 in under 2 s and 200 MB; a valid definition
of 10,000 states (with one move of 10,000 sources) must be checked in under 2 s. Each case is
printed with its wall time, its ratio to a plain `tiltag definitions check` of the shipped
lifecycle measured in the same run (what any command costs to start), and its peak memory.

    .venv/bin/python bench/hostile_files.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

from children import Run, run

BIN = Path(sys.executable).parent
TILTAG = str(BIN / "tiltag")
SHIPPED = Path(__file__).resolve().parent.parent / "definitions"
SECONDS, MEGABYTES = 2.0, 200.0

LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
)


def big_definition(states: int) -> str:
    """A valid lifecycle: a line of `states` steps, and one move out of every one of them."""
    lines = ["name: big", "version: 1", "states:"]
    for i in range(states):
        lines += [f"  s{i}:", f"    label: {{da: Trin {i}, en: Step {i}}}"]
        if not i:
            lines.append("    initial: true")
    lines += ["  done:", "    label: {da: Slut, en: End}", "    final: true", "transitions:"]
    for i in range(states - 1):
        lines += [f"  - trigger: next\n    source: s{i}\n    dest: s{i + 1}"]
        lines.append("    label: {da: Videre, en: Next}")
    every = ", ".join(f"s{i}" for i in range(states))
    lines += [f"  - trigger: finish\n    source: [{every}]\n    dest: done"]
    lines.append("    label: {da: Afslut, en: Finish}")
    return "\n".join(lines) + "\n"


def gated_definition(states: int) -> str:
    """A valid lifecycle of `states` steps, each a gate of the chief group, each move asking its
    decisions."""
    lines = ["name: gated", "version: 1", "states:"]
    for i in range(states):
        lines += [f"  s{i}:", f"    label: {{da: Trin {i}, en: Step {i}}}"]
        if not i:
            lines.append("    initial: true")
    lines += ["  done:", "    label: {da: Slut, en: End}", "    final: true", "gates:"]
    lines += [f"  s{i}:\n    decisions:\n      - forum: chief_group" for i in range(states)]
    lines.append("transitions:")
    for i in range(states):
        dest = f"s{i + 1}" if i + 1 < states else "done"
        lines += [f"  - trigger: next\n    source: s{i}\n    dest: {dest}"]
        lines += ["    label: {da: Videre, en: Next}", "    requires:", "      - decisions: true"]
    for trigger in ("reject", "hold"):
        every = ", ".join(f"s{i}" for i in range(states))
        lines += [f"  - trigger: {trigger}\n    source: [{every}]\n    dest: done"]
        lines += [f"    label: {{da: {trigger}, en: {trigger}}}"]
    return "\n".join(lines) + "\n"


def zip_bomb(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(1024):
                sheet.write(b" " * (1024 * 1024))
    path.write_bytes(buffer.getvalue())


def cases(folder: Path) -> dict[str, tuple[list[str], int]]:
    """Each case: the command, and the exit code it must end with."""

    def write(name: str, text: str) -> str:
        (folder / name).write_text(text, encoding="utf-8")
        return str(folder / name)

    record = [TILTAG, "record", "set", "1", "business_case", "--as", "ulla", "--file"]
    with (folder / "huge.yaml").open("w", encoding="utf-8") as huge:
        # Written in pieces: this process stays small, and the children's peaks are their own.
        huge.write("# ")
        for _ in range(100):
            huge.write("x" * 1_000_000)
        huge.write("\n")
    os.mkfifo(folder / "pipe.yaml")
    os.mkfifo(folder / "pipe.csv")
    zip_bomb(folder / "bomb.xlsx")
    shipped = (SHIPPED / "proevehandling.yaml").read_text(encoding="utf-8")
    return {
        "record file nested 50,000 deep (YAML)": (
            [*record, write("deep.yaml", "solution: " + "[" * 50_000 + "]" * 50_000)],
            1,
        ),
        "record file nested 5,000 deep (YAML)": (
            [*record, write("deep5k.yaml", "solution: " + "[" * 5_000 + "]" * 5_000)],
            1,
        ),
        "record file nested 50,000 deep (JSON)": (
            [*record, write("deep.json", '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}")],
            1,
        ),
        "record file: /dev/zero": ([*record, "/dev/zero"], 1),
        "record file: a pipe nobody writes to": ([*record, str(folder / "pipe.yaml")], 1),
        "record file: an alias bomb": ([*record, write("bomb.yaml", LAUGHS + "solution: *i\n")], 1),
        "definition: an alias bomb under description": (
            [
                TILTAG,
                "definitions",
                "check",
                write(
                    "laughs.yaml",
                    LAUGHS + shipped.replace("description:", "description: *i\nx:", 1),
                ),
            ],
            1,
        ),
        "definition: 100 MB": (
            [TILTAG, "definitions", "check", str(folder / "huge.yaml")],
            1,
        ),
        "import: a pipe nobody writes to": (
            [TILTAG, "import", str(folder / "pipe.csv"), "--as", "hanne"],
            1,
        ),
        "import: a workbook that unpacks to 1 GB": (
            [TILTAG, "import", str(folder / "bomb.xlsx"), "--as", "hanne"],
            1,
        ),
        "record file: a base-60 number of 500,000 parts": (
            [*record, write("sexa.yaml", "description: 1" + ":1" * 500_000 + "\n")],
            1,
        ),
        "valid definition of 10,000 states": (
            [TILTAG, "definitions", "check", write("big.yaml", big_definition(10_000))],
            0,
        ),
        "valid definition of 10,000 gates": (
            [TILTAG, "definitions", "check", write("gated.yaml", gated_definition(10_000))],
            0,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        demo = folder / "demo.db"
        env = {**os.environ, "TILTAG_DATABASE_URL": str(demo)}
        env.pop("TILTAG_NOW", None)
        if run([TILTAG, "demo", "--database", str(demo)], env=env).returncode:
            sys.exit("the demo database could not be made")
        baseline_argv = [TILTAG, "definitions", "check", str(SHIPPED / "effektivisering.yaml")]
        measured: dict[str, list[Run]] = {}
        todo = {"baseline: definitions check, shipped lifecycle": (baseline_argv, 0)}
        todo.update(cases(folder))
        for _ in range(runs):  # interleaved, so that the machine's load hits all alike
            for label, (argv, _code) in todo.items():
                measured.setdefault(label, []).append(run(argv, env=env))
        base = statistics.median(r.seconds for r in measured[next(iter(todo))])
        failed = False
        print(f"{'case':<46} {'exit':>4} {'median s':>9} {'x base':>7} {'peak MB':>8}  verdict")
        for label, (_argv, code) in todo.items():
            results = measured[label]
            seconds = statistics.median(r.seconds for r in results)
            peak = max(r.peak_rss_mb for r in results)
            codes = {r.returncode for r in results}
            ok = codes == {code} and seconds < SECONDS and peak < MEGABYTES
            failed |= not ok
            print(
                f"{label:<46} {'/'.join(map(str, sorted(codes))):>4} {seconds:>9.2f} "
                f"{seconds / base:>7.2f} {peak:>8.1f}  {'met' if ok else 'NOT met'}"
            )
            if codes != {code}:
                print("    " + results[-1].stderr.strip().splitlines()[-1][:200])
        print(f"targets: exit code as shown, under {SECONDS:.0f} s and {MEGABYTES:.0f} MB each")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
