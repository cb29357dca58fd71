"""The folders of extract/ are the pipeline's stages, and data flows one way: a module imports
only modules of its own stage or of the stages before it, and no import goes round in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

STAGES = ["core", "pages", "layout", "readers", "checks", "writers", "pipeline", "batch", "cli"]


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module of extract/ this file imports, at the top or inside a function."""
    mod = _module(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("extract"):
                names = [f"{target}.{a.name}" for a in node.names]
                out |= {n for n in names if _exists(n)} or {target}
                if not any(_exists(n) for n in names):
                    out.add(target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("extract")}
    return {m for m in out if m != mod}


def _exists(mod: str) -> bool:
    p = ROOT.joinpath(*mod.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def _stage(mod: str) -> int | None:
    parts = mod.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


GRAPH = {_module(p): _imports(p) for p in sorted((ROOT / "extract").rglob("*.py"))}


def test_every_module_lives_in_a_stage():
    assert all(_stage(m) is not None for m in GRAPH if m != "extract"), [m for m in GRAPH if _stage(m) is None]


def test_a_stage_never_imports_a_later_one():
    wrong = [(m, i) for m, deps in GRAPH.items() for i in deps
             if _stage(m) is not None and _stage(i) is not None and _stage(i) > _stage(m)]
    assert wrong == []


def test_no_import_cycle():
    seen, stack, cycles = set(), [], []

    def visit(m):
        if m in stack:
            cycles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for d in GRAPH.get(m, ()):
            visit(d)
        stack.pop()

    for m in GRAPH:
        visit(m)
    assert cycles == []
