"""The package's shape: layers point one way, no import circles, light import, size limits.

Imports inside functions count as arrows too (they are found by walking the whole syntax tree).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "equitylab"

#: layer -> the layers it may import. ``_validate`` is a leaf shared by all; the top-level facades
#: (``equitylab/__init__.py``, ``equitylab/datasets.py``) sit above everything.
ALLOWED = {
    "data": {"_validate"},
    "stats": {"_validate", "data"},
    "report": {"_validate", "data", "stats"},
    "checking": set(),
    "organization": {"_validate", "data", "stats", "report", "checking"},
    "course": {"_validate", "data", "stats", "report", "checking", "organization"},
}


def _modules() -> dict[str, Path]:
    mods = {}
    for p in PACKAGE.rglob("*.py"):
        name = ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        mods[name.removesuffix(".__init__")] = p
    return mods


def _edges() -> dict[str, set[str]]:
    mods = _modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, p in mods.items():
        pkg = m if p.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = [f"{target}.{a.name}" for a in node.names]
                found = [n for n in names if n in mods] or ([target] if target in mods else [])
            elif isinstance(node, ast.Import):
                found = [a.name for a in node.names if a.name in mods]
            else:
                continue
            edges[m].update(f for f in found if f != m)
    return edges


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(top)"


def test_layers_point_one_way():
    wrong = []
    for a, targets in _edges().items():
        la = _layer(a)
        if la not in ALLOWED:
            continue
        for b in targets:
            lb = _layer(b)
            if lb != la and lb not in ALLOWED[la]:
                wrong.append(f"{a} imports {b} ({la} -> {lb})")
    assert not wrong, "\n".join(wrong)


def test_statistics_never_import_the_synthetic_data():
    bad = [f"{a} -> {b}" for a, bs in _edges().items() if _layer(a) == "stats" for b in bs if ".synthetic" in b]
    assert not bad


def test_no_import_circles():
    edges = _edges()
    # a package's __init__ re-exporting its children is not an arrow back up
    for m in edges:
        edges[m] = {b for b in edges[m] if not m.startswith(b + ".")}
    state: dict[str, int] = {}
    cycles = []

    def visit(u, stack):
        state[u] = 1
        stack.append(u)
        for v in edges[u]:
            if state.get(v) == 1:
                cycles.append(" -> ".join(stack[stack.index(v):] + [v]))
            elif not state.get(v):
                visit(v, stack)
        stack.pop()
        state[u] = 2

    for m in sorted(edges):
        if not state.get(m):
            visit(m, [])
    assert not cycles, cycles


def test_sizes():
    long_files, long_functions = [], []
    for p in PACKAGE.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            long_files.append(f"{p.relative_to(PACKAGE)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 100:
                long_functions.append(f"{p.relative_to(PACKAGE)}:{node.name} {node.end_lineno - node.lineno + 1}")
    assert not long_files, long_files
    assert not long_functions, long_functions


def test_import_is_light():
    code = ("import sys, equitylab as el; "
            "heavy = [m for m in ('matplotlib', 'matplotlib.pyplot', 'scipy', 'duckdb', 'nbformat', 'ipywidgets') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"import equitylab loaded {out}"


@pytest.mark.parametrize("name", ["stratify", "aggregate", "from_aggregate", "disparity", "excess_events",
                                  "dashboard", "check", "exercises", "progress", "room", "Feedback",
                                  "datasets", "real", "standards", "plots", "swot", "assess", "plan",
                                  "workspace", "extract", "privacy", "pledge", "curriculum"])
def test_public_names_reachable(name):
    import equitylab as el

    assert getattr(el, name) is not None
    assert name in dir(el)


def test_old_module_paths_still_import():
    from equitylab.real import standardize  # noqa: F401
    from equitylab.privacy import mask_counts  # noqa: F401
    from equitylab.swot import SWOT  # noqa: F401
    import equitylab.plots  # noqa: F401
