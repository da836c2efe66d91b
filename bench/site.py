"""Benchmark: building the handout site — cold, warm, one notebook changed — against Jupyter Book 1.

Baseline: Jupyter Book 1 (`jupyter-book<2`, `execute_notebooks: cache`) building the same student
notebooks, in the same run, from a throw-away virtual environment under build/ (not the project's pins;
the first run installs it). Its kernel is the project's own (`equitylab` importable), found through
JUPYTER_PATH.

Contenders, each in a fresh copy of the project's notebooks under build/bench-site/:
* `equitylab build-site` — the full site (student + instructor notebooks executed, pages, slides);
* `equitylab build-site`, student pages only (the same work as Jupyter Book: the student notebooks);
* Jupyter Book 1.
For each: cold (empty cache), warm (nothing changed), one notebook changed (a code cell appended to the
demo notebook). Goals (issue 11): cold ≤ 0.5× and warm ≤ 0.5× Jupyter Book's; warm ≤ 3 s; warm ≤ a
tenth of cold.

Run:  make bench   (or .venv/bin/python bench/site.py)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from equitylab.notebooks import build_notebooks, project_root

ROOT = project_root()
WORK = ROOT / "build" / "bench-site"
JB_VENV = ROOT / "build" / "bench-jupyterbook-venv"
PY = Path(sys.executable)


def _timed(cmd, **kw) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - t


def _project_copy(dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "curriculum").mkdir(parents=True)
    shutil.copytree(ROOT / "curriculum", dest / "curriculum", dirs_exist_ok=True)
    for nb in sorted(ROOT.glob("*/*.ipynb")):
        if nb.parent.name != "build":
            (dest / nb.parent.name).mkdir(exist_ok=True)
            shutil.copy2(nb, dest / nb.parent.name / nb.name)
    return dest


def _touch_demo(root: Path) -> None:
    path = next(root.glob("demo/*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("_bench_changed = True"))
    nbformat.write(nb, path)


def equitylab_runs(name: str, *extra: str) -> dict:
    root = _project_copy(WORK / name)
    env = dict(os.environ, EQUITYLAB_ROOT=str(root), EQUITYLAB_CACHE=str(root / "cache"))
    cmd = [PY.parent / "equitylab", "build-site", str(root / "_site"), *extra]
    times = {"cold": _timed(cmd, env=env), "warm": _timed(cmd, env=env)}
    _touch_demo(root)
    times["one changed"] = _timed(cmd, env=env)
    return times


def _jupyter_book() -> Path:
    exe = JB_VENV / "bin" / "jupyter-book"
    if not exe.exists():
        print("installing jupyter-book<2 into", JB_VENV, "(once) …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(JB_VENV)], check=True)
        subprocess.run([JB_VENV / "bin" / "pip", "install", "-q", "jupyter-book<2"], check=True)
    return exe


def jupyter_book_runs() -> dict:
    exe = _jupyter_book()
    book = WORK / "jupyter-book"
    shutil.rmtree(book, ignore_errors=True)
    build_notebooks(WORK / "jb-notebooks", ROOT)
    shutil.copytree(WORK / "jb-notebooks" / "student", book)
    chapters = sorted(p.relative_to(book).with_suffix("").as_posix() for p in book.glob("*/*.ipynb"))
    demo = next(c for c in chapters if c.startswith("demo/"))
    (book / "intro.md").write_text("# Equity Lab (benchmark copy)\n")
    (book / "_config.yml").write_text("title: Equity Lab\nexecute:\n  execute_notebooks: cache\n  timeout: 300\n"
                                      "only_build_toc_files: true\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                   + "".join(f"- file: {c}\n" for c in [demo] + [c for c in chapters if c != demo]))
    env = dict(os.environ, JUPYTER_PATH=str(PY.parents[1] / "share" / "jupyter"),
               EQUITYLAB_WORKSPACE=str(WORK / "jb-workspace"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    cmd = [exe, "build", str(book), "--quiet"]
    times = {"cold": _timed(cmd, env=env), "warm": _timed(cmd, env=env)}
    _touch_demo(book)
    times["one changed"] = _timed(cmd, env=env)
    return times


def main():
    from equitylab.notebooks import source_notebooks

    k = len(source_notebooks(ROOT))
    baseline = f"Jupyter Book 1 ({k} student notebooks, execute_notebooks: cache)"
    results = {
        f"equitylab build-site (full site: {2 * k} notebooks, pages, slides)": equitylab_runs("full"),
        f"equitylab build-site, student pages only ({k} notebooks)": equitylab_runs("student", "--student-only"),
        baseline: jupyter_book_runs(),
    }
    jb = results[baseline]
    print("\n| contender | cold s | warm s | one changed s | cold vs JB | warm vs JB | warm / cold |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, t in results.items():
        print(f"| {name} | {t['cold']:.1f} | {t['warm']:.1f} | {t['one changed']:.1f} | "
              f"{t['cold'] / jb['cold']:.2f}× | {t['warm'] / jb['warm']:.2f}× | {t['warm'] / t['cold']:.2f} |")


if __name__ == "__main__":
    main()
