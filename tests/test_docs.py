"""The pages that show commands with their output are true: every console block of
docs/reports.md, run in order on a new demo database, prints what the page says (a line `...`
stands for lines left out)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _blocks(page: Path) -> list[tuple[str, list[str]]]:
    """Every `$ command` of the page's console blocks with the lines shown under it."""
    text = page.read_text(encoding="utf-8")
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def _matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is `shown`, where a line of only `...` stands for any lines."""
    if not shown:
        return not printed
    if shown[0].strip() == "...":
        return any(_matches(shown[1:], printed[n:]) for n in range(len(printed) + 1))
    return bool(printed) and printed[0] == shown[0] and _matches(shown[1:], printed[1:])


def test_the_reports_page_shows_what_the_commands_print(tmp_path: Path) -> None:
    examples = tmp_path / "docs" / "examples"
    examples.mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "examples" / "inspirationsliste.csv", examples)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for name in ("TILTAG_USER", "TILTAG_DATABASE_URL", "TILTAG_NOW", "TILTAG_DEFINITIONS"):
        env.pop(name, None)
    subprocess.run(
        ["tiltag", "demo", "--database", "demo.db"], cwd=tmp_path, env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    steps = _blocks(ROOT / "docs" / "reports.md")
    assert len(steps) >= 12
    for command, shown in steps:
        if command.startswith("export "):
            env.update(tuple(pair.split("=", 1)) for pair in command.split()[1:])  # type: ignore[misc]
            continue
        written = re.fullmatch(r"cat (\S+)", command)
        if written:  # the page shows a file: make it
            (tmp_path / written[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["bash", "-c", command + " 2>&1"], cwd=tmp_path, env=env, capture_output=True,
            text=True,
        )  # fmt: skip
        assert _matches(shown, done.stdout.splitlines()), (command, done.stdout)
