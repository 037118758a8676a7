"""The layers of the package hold: every import of a `workflow` module goes down or sideways,
never up, and no modules import each other in a circle. Every import counts, also one inside a
function or under `TYPE_CHECKING`: a circle hidden there is still a circle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workflow"

# From the bottom up; a module may import from its own layer and the layers below it. The package
# itself (`workflow/__init__.py`, the public names) stands above the services it names and below
# the shells that use it.
LAYERS = (
    ("base",),
    ("definitions",),
    ("storage",),
    ("records",),
    ("core",),
    ("approvals",),
    ("schedule",),
    ("access",),
    ("reports", "transfer"),
    ("render",),
    ("demo",),
    ("",),
    ("commands", "web"),
    ("cli",),
)
RANK = {folder: rank for rank, folders in enumerate(LAYERS) for folder in folders}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or "shipped" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[str]:
    """The `workflow` modules a file imports, wherever in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workflow"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                yield name if name in MODULES else node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("workflow"))


GRAPH = {
    module: {name for name in _imports(path) if name in MODULES and name != module}
    for module, path in MODULES.items()
}


def _rank(module: str) -> int:
    parts = module.split(".")
    return RANK[parts[1] if len(parts) > 1 else ""]


def test_every_folder_of_the_package_has_its_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    folders |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert folders <= set(RANK), f"a folder without a layer: {sorted(folders - set(RANK))}"


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = sorted(
        f"{module} -> {name}"
        for module, names in GRAPH.items()
        for name in names
        if _rank(name) > _rank(module)
    )
    assert upward == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    circles = []
    for start in GRAPH:
        # A path back to `start` through its imports is a circle.
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        seen: set[str] = set()
        while stack:
            module, path = stack.pop()
            for name in GRAPH[module]:
                if name == start:
                    circles.append(" -> ".join((*path, start)))
                elif name not in seen:
                    seen.add(name)
                    stack.append((name, (*path, name)))
    assert circles == []


def test_the_walk_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    # The command modules import the public names inside their functions only; the package
    # imports the services it names under TYPE_CHECKING only.
    assert "workflow" in GRAPH["workflow.commands.approvals"]
    assert "workflow.approvals.decisions" in GRAPH["workflow"]
    assert "workflow.core.people" in GRAPH["workflow.render.initiatives"]


def test_the_shells_call_the_services_through_the_public_names() -> None:
    import workflow

    deep = sorted(
        f"{module} -> {name}"
        for module, names in GRAPH.items()
        if module.startswith(("workflow.commands", "workflow.web")) or module == "workflow.cli"
        for name in names
        if name.split(".")[1:2] in (["approvals"], ["core"], ["storage"], ["access"])
        or (module.startswith("workflow.web") and name.startswith("workflow.schedule"))
    )
    assert deep == []
    assert all(hasattr(workflow, name) for name in workflow.__all__)


def _map_rows() -> list[str]:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## Map of the folders and modules", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_the_architecture_page_maps_every_module() -> None:
    # A row names a module by its path (`workflow/core/moves.py`), or after the first path of
    # its folder by file name alone (`workflow/reports/text.py`, `data.py`).
    rows = _map_rows()

    def mapped(path: Path) -> bool:
        relative = path.relative_to(ROOT).as_posix()
        folder = relative.rsplit("/", 1)[0] + "/"
        return any(
            f"`{relative}`" in row or (f"`{folder}" in row and f"`{path.name}`" in row)
            for row in rows
        )

    unmapped = sorted(
        path.relative_to(ROOT).as_posix()
        for path in MODULES.values()
        if path.name != "__init__.py" or path.parent == PACKAGE
        if not mapped(path)
    )
    assert unmapped == []
    assert any("`workflow/storage/migrations/`" in row for row in rows)


def test_the_public_names_are_listed_alike_in_all_three_places() -> None:
    # `__all__` for readers and tools, `_WHERE` for the import when first used, and the imports
    # under TYPE_CHECKING for mypy: the same names, from the same modules.
    import workflow

    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    typed = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workflow.")
        for alias in node.names
    }
    assert sorted(workflow.__all__) == sorted(workflow._WHERE)
    assert typed == workflow._WHERE
