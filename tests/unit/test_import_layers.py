"""The import graph: no module imports itself back through others, and each layer imports only those below it.

The graph is read from the source with `ast` (imports inside functions count: a lazy import is still a cycle), over
the library, the API, the training scripts and the Lambda handlers.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO_ROOT = Path(__file__).resolve().parents[2]
# (folder holding the top-level package, package): the code whose imports are checked.
PACKAGES = ((REPO_ROOT / "src", "cinelake"), (REPO_ROOT, "api_service"), (REPO_ROOT, "model_export"))
HANDLERS = REPO_ROOT / "functions"
# Lowest first; a module may import its own layer and those below. A name matches a module and its submodules.
LAYERS = (
    ("kernel", ("cinelake", "cinelake.config", "cinelake.errors")),
    ("domain", ("cinelake.domain", "cinelake.events", "cinelake.ask")),
    ("adapters", ("cinelake.adapters", "cinelake.sim")),
    ("services", ("cinelake.services",)),
    ("composition root", ("cinelake.bootstrap",)),
    ("entrypoints", ("cinelake.cli", "cinelake.local", "api_service", "model_export", "functions")),
)


def source_modules() -> Iterator[tuple[str, Path, bool]]:
    """(dotted name, file, is a package) of every module checked; a handler is `functions.<name>.app`."""
    for root, package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            yield ".".join(parts[:-1] if is_package else parts), path, is_package
    for path in sorted(HANDLERS.glob("*/app.py")):
        yield f"functions.{path.parent.name}.app", path, False


def imported_names(tree: ast.AST, package: str) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, `level - 1` folders up
                parents = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parents, base] if base else parents)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Each checked module and the checked modules it imports (`from a import b` counts as `a.b` if that is one)."""
    modules = {name: (path, is_package) for name, path, is_package in source_modules()}
    graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        targets = set()
        for imported in imported_names(ast.parse(path.read_text(encoding="utf-8")), package):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        for target in graph[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def layer_of(module: str) -> int:
    matches = [
        (len(prefix), rank)
        for rank, (_, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    assert matches, f"{module} is in no layer: add it to LAYERS"
    return max(matches)[1]  # the longest prefix names it


def test_no_module_imports_itself_back():
    graph = import_graph()
    reach = {module: reachable(graph, module) for module in graph}
    cycles = {frozenset({a} | {b for b in reach[a] if a in reach[b]}) for a in graph if a in reach[a]}
    assert sorted(sorted(cycle) for cycle in cycles) == []


def test_each_layer_imports_only_its_own_and_those_below():
    graph = import_graph()
    upward = sorted(
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in graph.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )
    assert upward == []
