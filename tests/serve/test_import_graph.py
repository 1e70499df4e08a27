"""serve/ imports without cycles: every relative import of a serve module, at module level or inside a
function (an import inside a function must not hide a cycle either), read from the source."""
from __future__ import annotations

import ast
from pathlib import Path

import edgarsift.serve

SERVE = Path(edgarsift.serve.__file__).parent


def serve_imports() -> dict[str, set[str]]:
    modules = {p.stem for p in SERVE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name in modules:
        deps: set[str] = set()
        for node in ast.walk(ast.parse((SERVE / f"{name}.py").read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module] if node.module else [a.name for a in node.names]
                deps |= {t.split(".")[0] for t in targets} & modules
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
                deps.add("__import__")  # a dynamic import the walk cannot follow: not allowed
        graph[name] = deps
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        for dep in sorted(graph.get(node, ())):
            if dep in path:
                return path[path.index(dep):] + [dep]
            if dep not in done:
                found = visit(dep, path + [dep])
                if found:
                    return found
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start, [start])
        if found:
            return found
    return None


def test_the_walk_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


def test_serve_has_no_import_cycle_and_no_dynamic_import():
    graph = serve_imports()
    assert {"api", "service", "review", "cli", "cli_common"} <= set(graph)
    assert not any("__import__" in deps for deps in graph.values())
    assert cycle_in(graph) is None
    assert "api" not in graph["review"] and "api" not in graph["api_history"]
    assert "cli" not in graph["cli_serve"] and "cli" not in graph["cli_fetch"] and "cli" not in graph["cli_store"]
