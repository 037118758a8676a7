"""Every page is true: each console block of the README and of docs/*.md, run in order in a folder
of its own where a demo database is ready, prints what the page shows (a line `...` stands for
lines left out). A file the page shows with `$ cat FILE`, or in a block with `<!-- file: NAME -->`
just above it, is made from what it shows. A block
that needs what no page makes (a mail server, a second database, a file of its own) says so just
above it, with the reason: `<!-- not replayed: REASON -->`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHOWN = [p for p in PAGES if "```console" in p.read_text(encoding="utf-8")]
# Where the pages say they run; the test runs them in a folder of its own instead.
FOLDER = "/tmp/tiltag-docs"
FIRST_STEPS = "/tmp/tiltag-first-steps.db"
_SKIP = re.compile(r"<!-- not replayed: (.+?) -->\s*$")
_FILE = re.compile(r"<!-- file: ([\w.-]+) -->\s*$")


def files(page: Path) -> dict[str, str]:
    """The files the page shows in a block with `<!-- file: NAME -->` above it."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found = {}
    for n, line in enumerate(lines):
        named = _FILE.search(line)
        if named:
            start = next(k for k in range(n + 1, len(lines)) if lines[k].startswith("```"))
            end = next(k for k in range(start + 1, len(lines)) if lines[k].startswith("```"))
            found[named[1]] = "\n".join(lines[start + 1 : end]) + "\n"
    return found


@dataclass
class Block:
    """A console block: the line it starts on, its commands with what each shows, and why it is
    not replayed (None if it is)."""

    line: int
    steps: list[tuple[str, list[str]]]
    skipped: str | None


def blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    found, n = [], 0
    while n < len(lines):
        if lines[n].strip() != "```console":
            n += 1
            continue
        before = next((lines[k] for k in range(n - 1, -1, -1) if lines[k].strip()), "")
        skipped = _SKIP.search(before)
        start = n + 1
        steps: list[tuple[str, list[str]]] = []
        n += 1
        while lines[n].strip() != "```":
            if lines[n].startswith("$ "):
                command = lines[n][2:]
                while command.endswith("\\"):  # a command continued on the next line
                    n += 1
                    command = command[:-1] + lines[n].strip()
                steps.append((command, []))
            else:
                assert steps, f"{page.name}:{n + 1}: output before any command"
                steps[-1][1].append(lines[n])
            n += 1
        found.append(Block(start, steps, skipped[1] if skipped else None))
    return found


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is `shown`, where a line of only `...` stands for any lines."""
    if not shown:
        return not printed
    if shown[0].strip() == "...":
        return any(matches(shown[1:], printed[n:]) for n in range(len(printed) + 1))
    return bool(printed) and printed[0] == shown[0] and matches(shown[1:], printed[1:])


def _run(page: Path, folder: Path) -> list[tuple[Block, str, list[str], list[str]]]:
    """Run the page's replayed commands in one shell, in order; each with what it shows and
    what it printed (stdout and stderr as a terminal shows them, paths as the page writes them)."""
    replayed = [b for b in blocks(page) if b.skipped is None]
    steps = [(block, command, shown) for block in replayed for command, shown in block.steps]
    for name, text in files(page).items():
        (folder / name).write_text(text, encoding="utf-8")
    for _, command, shown in steps:
        shows = re.fullmatch(r"cat ([\w.-]+)", command)
        if shows and not (folder / shows[1]).exists():  # the page shows a file: make it
            (folder / shows[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
    script = "\n".join(
        f"{{ {_here(command, folder)}\n}} 2>&1\necho '--- step {n} ---'"
        for n, (_, command, _) in enumerate(steps)
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for name in ("TILTAG_USER", "TILTAG_DATABASE_URL", "TILTAG_NOW", "TILTAG_DEFINITIONS"):
        env.pop(name, None)
    done = subprocess.run(
        ["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    printed = re.split(r"^--- step \d+ ---\n", done.stdout, flags=re.MULTILINE)
    assert len(printed) == len(steps) + 1, done.stderr
    return [
        (block, command, shown, _as_shown(out, folder).splitlines())
        for (block, command, shown), out in zip(steps, printed, strict=False)
    ]


def _here(text: str, folder: Path) -> str:
    text = text.replace(FIRST_STEPS, str(folder / "first-steps.db")).replace(FOLDER, str(folder))
    return text.replace("/work/main", str(ROOT))


def _as_shown(text: str, folder: Path) -> str:
    text = text.replace(str(folder / "first-steps.db"), FIRST_STEPS)
    return text.replace(str(folder), FOLDER).replace(str(ROOT), "/work/main")


@pytest.mark.parametrize("page", SHOWN, ids=lambda p: p.name)
def test_every_console_block_prints_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    examples = tmp_path / "docs" / "examples"
    shutil.copytree(ROOT / "docs" / "examples", examples)
    subprocess.run(
        [Path(sys.executable).parent / "tiltag", "demo", "--database", "demo.db"],
        cwd=tmp_path, check=True, capture_output=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("TILTAG_")},
    )  # fmt: skip
    wrong = [
        f"{page.name}:{block.line}: $ {command}\n" + "\n".join(f"  {line}" for line in printed)
        for block, command, shown, printed in _run(page, tmp_path)
        if not matches(shown, printed)
    ]
    assert wrong == [], "\n".join(wrong)


def test_every_block_not_replayed_says_why() -> None:
    for page in PAGES:
        for block in blocks(page):
            assert block.skipped is None or len(block.skipped) > 10, f"{page.name}:{block.line}"
