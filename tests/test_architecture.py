"""The package's import graph: no cycle between modules, and no stage importing a stage above it.

Every ``import`` counts, wherever it is written (module level, inside a function, under TYPE_CHECKING): an
import hidden in a function is still a dependency, and is how a cycle hides. The stages, lowest first, follow
the pipeline read -> classify -> forms (extract, check) -> store -> serve; a module may import its own stage
and the stages below it.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import edgarsift

PACKAGE = Path(edgarsift.__file__).parent
ROOT = "edgarsift"

# Stages, lowest first; a module's stage is its first name below ``edgarsift``.
LAYERS: list[set[str]] = [
    {"errors", "config", "limits", "records"},  # the contract and settings everything shares
    {"text"},
    {"read"},
    {"classify"},
    # the arithmetic each family's checks (forms/*/checks.py) are written with: below the families that call it
    {"check"},
    {"forms"},
    {"pipeline", "batch", "evaluate"},  # one filing / many files / scoring, on top of the families
    {"store", "fetch"},
    {"serve"},
    {"__init__", "__main__"},  # the package's public face and its command line
]
RANK = {stage: rank for rank, stages in enumerate(LAYERS) for stage in stages}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} (line {self.line})"


def module_name(path: Path) -> str:
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


# A compiled module counts by its stub (read/_xmlscan.pyi): importing it depends on it, not on its package
MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
                            + sorted(p for p in PACKAGE.rglob("*.pyi") if not p.with_suffix(".py").exists())}


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute module a relative ``from`` import names."""
    if level == 0:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports_of(module: str) -> list[Edge]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(), str(path))
    is_package = path.name == "__init__.py"
    edges: list[Edge] = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            # "from .forms import registry" imports the module forms.registry; "from .records import Record" the
            # module records
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            # "import edgarsift.store.sql" depends on that module; a name outside the package is not ours
            while target and target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            edge = Edge(module, target, node.lineno)
            if target in MODULES and target != module and edge not in edges:
                edges.append(edge)
    return edges


EDGES = [edge for module in MODULES for edge in imports_of(module)]


def cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def upward(edges: list[Edge]) -> list[Edge]:
    return [e for e in edges if RANK[stage(e.target)] > RANK[stage(e.source)]]


def test_every_module_has_a_stage():
    assert {stage(m) for m in MODULES} - set(RANK) == set()


def test_the_walk_sees_imports_in_functions_and_relative_imports():
    """The walk itself: known arrows of the package, one of them written inside a function."""
    have = {(e.source, e.target) for e in EDGES}
    assert ("edgarsift.pipeline", "edgarsift.forms.registry") in have  # "from .forms.registry import …"
    assert ("edgarsift.forms.registry", "edgarsift.forms.schedule13") in have  # "from .schedule13 import FAMILY"
    assert ("edgarsift.store.sql", "edgarsift.store.schema") in have
    assert ("edgarsift", "edgarsift.store.frames") in have  # inside edgarsift.open()


@pytest.mark.parametrize("edges,expected", [
    ([Edge("a", "b", 1), Edge("b", "c", 2), Edge("c", "a", 3)], [["a", "b", "c"]]),
    ([Edge("a", "b", 1), Edge("b", "c", 2)], []),
])
def test_cycle_finder(edges, expected):
    assert cycles(edges) == expected


def test_an_upward_arrow_is_found():
    assert upward([Edge("edgarsift.read.pdf", "edgarsift.store.sql", 7), Edge("edgarsift.store.sql", "edgarsift.read", 8)]) \
        == [Edge("edgarsift.read.pdf", "edgarsift.store.sql", 7)]


def test_no_import_cycle():
    assert cycles(EDGES) == []


def test_no_stage_imports_a_stage_above_it():
    assert [str(e) for e in upward(EDGES)] == []
