"""Benchmark: execution time of every student notebook and its slowest cell.

Goal (issue: session notebooks): each notebook runs top to bottom in under 15 s, no cell over 2 s.
Baseline: an empty notebook (kernel start-up and shutdown only), so the ratio shows the notebook's own cost.
Run:  make bench   (or .venv/bin/python bench/notebooks.py)
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from equitylab.notebooks import build_notebooks, project_root


def run(nb, cwd):
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    t = time.perf_counter()
    client.execute()
    return time.perf_counter() - t


def cell_seconds(cell):
    ex = cell.metadata.get("execution", {})
    start, end = ex.get("iopub.execute_input"), ex.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def main():
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EQUITYLAB_WORKSPACE"] = str(Path(tmp) / "ws")
        build_notebooks(Path(tmp) / "nb", project_root())
        empty = nbformat.v4.new_notebook()
        empty.cells = [nbformat.v4.new_code_cell("pass")]
        base = min(run(empty, tmp) for _ in range(2))
        print(f"baseline (empty notebook, kernel start/stop): {base:.2f} s")
        print(f"{'notebook':<48} {'total s':>8} {'cells s':>8} {'slowest cell s':>15} {'vs empty':>9}  goal")
        for path in sorted((Path(tmp) / "nb" / "student").rglob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            total = run(nb, path.parent)
            cells = [cell_seconds(c) for c in nb.cells if c.cell_type == "code"]
            ok = sum(cells) < 15 and max(cells) < 2
            print(f"{str(path.relative_to(Path(tmp) / 'nb' / 'student')):<48} {total:8.2f} {sum(cells):8.2f} "
                  f"{max(cells):15.2f} {total / base:8.1f}x  {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
