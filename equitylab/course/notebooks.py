"""Student and instructor notebooks from one source, and the handout site.

Authoring convention (nbgrader's markers)
----------------------------------------
* In a code cell, solution code sits between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``. The student version replaces the block: each variable the block
  assigns becomes ``name = ...  # YOUR ANSWER HERE`` (so the ``check`` after it says
  "Not attempted" instead of failing), and any other code becomes ``...  # YOUR CODE HERE``.
* A cell tagged ``instructor`` (faculty notes, discussion prompts with answers, the
  room view) appears only in the instructor version.
* Everything else is the same in both versions. Outputs are always stripped.

``equitylab build-notebooks OUT`` writes ``OUT/student/<session>/…`` and
``OUT/instructor/<session>/…``; ``equitylab build-site OUT`` executes the student
notebooks with papermill and renders them with nbconvert into a small static site.
"""
from __future__ import annotations

import copy
import html
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat

from .curriculum import NOTEBOOK_DIRS, agenda, project_root, schedule_html, sessions, source_notebooks  # noqa: F401

__all__ = ["NOTEBOOK_DIRS", "source_notebooks", "to_student", "to_instructor", "build_notebooks", "build_site",
           "SOLUTION_BEGIN", "SOLUTION_END", "INSTRUCTOR_TAG"]

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
INSTRUCTOR_TAG = "instructor"
_ASSIGN = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=(?!=)")


def _strip(cell):
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    cell.metadata.pop("execution", None)
    return cell


def _student_source(source: str) -> str:
    lines = source.splitlines()
    out, block, inside = [], [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(SOLUTION_BEGIN):
            inside, block = True, []
            indent = line[: len(line) - len(line.lstrip())]
            continue
        if stripped.startswith(SOLUTION_END):
            inside = False
            names = []
            for b in block:
                m = _ASSIGN.match(b)
                if m and m.group(1) == indent and m.group(2) not in names:
                    names.append(m.group(2))
            if names:
                out += [f"{indent}{n} = ...  # YOUR ANSWER HERE" for n in names]
            else:
                out.append(f"{indent}...  # YOUR CODE HERE")
            continue
        if inside:
            block.append(line)
        else:
            out.append(line)
    if inside:
        raise ValueError(f"A '{SOLUTION_BEGIN}' has no matching '{SOLUTION_END}' in:\n{source[:300]}")
    return "\n".join(out)


def to_student(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version: solutions replaced, instructor cells removed, outputs stripped."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if INSTRUCTOR_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code" and SOLUTION_BEGIN in cell.source:
            cell.source = _student_source(cell.source)
        cells.append(_strip(cell))
    nb.cells = cells
    nb.metadata.setdefault("equitylab", {})["version"] = "student"
    return nb


def to_instructor(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The instructor version: as written, outputs stripped, faculty cells marked."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        _strip(cell)
        if INSTRUCTOR_TAG in cell.metadata.get("tags", []) and cell.cell_type == "markdown" \
                and not cell.source.lstrip().startswith("> **Faculty"):
            cell.source = "> **Faculty note**\n>\n" + "\n".join("> " + l for l in cell.source.splitlines())
    nb.metadata.setdefault("equitylab", {})["version"] = "instructor"
    return nb


def build_notebooks(out: str | os.PathLike, root: Path | None = None) -> list[Path]:
    """Write student and instructor versions of every source notebook under ``out``."""
    root = Path(root or project_root())
    out = Path(out)
    written = []
    for src in source_notebooks(root):
        nb = nbformat.read(src, as_version=4)
        rel = src.relative_to(root)
        for version, fn in (("student", to_student), ("instructor", to_instructor)):
            dest = out / version / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(fn(nb), dest)
            written.append(dest)
        for extra in src.parent.iterdir():  # data files next to the notebook travel with it
            if extra.is_file() and extra.suffix.lower() in (".csv", ".parquet", ".png", ".json"):
                for version in ("student", "instructor"):
                    shutil.copy2(extra, out / version / rel.parent / extra.name)
    return written


def notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Untitled"


@contextmanager
def kernel_environment(**env: str):
    """Set environment variables for kernels started inside the block, and restore them after."""
    before = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def execute(src: Path, dest: Path, parameters: dict | None = None, timeout: int = 300) -> None:
    """Execute a notebook with papermill, in its own folder, with a throw-away workspace."""
    import papermill as pm

    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as ws:
        # the kernel inherits the environment: a throw-away workspace, and inline figures
        with kernel_environment(EQUITYLAB_WORKSPACE=ws, MPLBACKEND="module://matplotlib_inline.backend_inline"):
            pm.execute_notebook(str(src), str(dest), parameters=parameters or {}, cwd=str(src.parent),
                                kernel_name="python3", progress_bar=False, execution_timeout=timeout,
                                log_output=False)


def render_html(executed: Path, dest: Path) -> None:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    nb = nbformat.read(executed, as_version=4)
    # A static page has no kernel behind its widgets: show each widget's plain-text description
    # (Equity Lab's editors say what they do live) and load no widget scripts from the web.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    body, _ = exporter.from_notebook_node(nb)
    banner = ("<div style='background:#fff6e0;border-bottom:2px solid #E69F00;padding:6px 14px;font:14px sans-serif'>"
              "<a href='../index.html'>← Equity Lab handout</a> · All patient, staff and hospital data in this "
              "handout are <b>synthetic</b> (fictional).</div>")
    body = re.sub(r"(<body[^>]*>)", r"\1" + banner, body, count=1)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(body, encoding="utf-8")


def build_site(out: str | os.PathLike = "_site", root: Path | None = None) -> Path:
    """Execute every student notebook (papermill) and render it (nbconvert) into a static site."""
    root = Path(root or project_root())
    out = Path(out)
    work = Path(tempfile.mkdtemp(prefix="equitylab-build-"))
    try:
        build_notebooks(work, root)
        entries = []
        for src in sorted((work / "student").rglob("*.ipynb")):
            rel = src.relative_to(work / "student")
            executed = out / "notebooks" / rel
            print(f"executing {rel} …", flush=True)
            execute(src, executed)
            page = out / rel.with_suffix(".html")
            render_html(executed, page)
            nb = nbformat.read(executed, as_version=4)
            entries.append((rel, notebook_title(nb), nb.metadata.get("equitylab", {})))
        _write_index(out, entries, root)
        _write_agenda(out, root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"site written to {out}/index.html")
    return out / "index.html"


def _write_index(out: Path, entries, root: Path) -> None:
    order = {d: i for i, d in enumerate(NOTEBOOK_DIRS)}
    entries = sorted(entries, key=lambda e: (order.get(e[0].parts[0], 99), str(e[0])))
    items = []
    for rel, title, meta in entries:
        minutes = meta.get("minutes") if isinstance(meta, dict) else None
        mins = ""
        if isinstance(minutes, dict):
            mins = f" <small>({sum(int(v) for v in minutes.values())} min)</small>"
        items.append(f"<li><a href='{html.escape(str(rel.with_suffix('.html')))}'>{html.escape(title)}</a>{mins} "
                     f"<small>· <a href='notebooks/{html.escape(str(rel))}'>notebook</a></small></li>")
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Equity Lab — #123forEquity training handout</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:820px;margin:2em auto;padding:0 1em;color:#222}}
h1{{color:#0072B2}} .note{{background:#fff6e0;border-left:5px solid #E69F00;padding:.6em 1em}} li{{margin:.4em 0}}</style>
</head><body>
<h1>Equity Lab</h1>
<p>A hands-on handout for the Equity of Care / #123forEquity training symposium: collecting, stratifying and
using race, ethnicity and language (REaL) data, assessing your organization, and planning action.</p>
<p class="note">All patient, staff and hospital data here are <b>synthetic</b> — generated by Equity Lab for
teaching. Benchmark panels are calibrated to published survey figures, which each page cites.</p>
<h2>Sessions</h2>
<ol>{''.join(items)}</ol>
<p>The day's schedule, with teaching and exercise minutes per part: <a href="agenda.html">agenda</a>.</p>
<p><small>Built with papermill and nbconvert from the student notebooks.</small></p>
</body></html>"""
    (out / "index.html").write_text(page, encoding="utf-8")


def _write_agenda(out: Path, root: Path) -> None:
    """agenda.html: the schedule computed from curriculum/agenda.yml and the notebooks' metadata."""

    table = agenda(root)
    rows, clock = [], 0
    for s in sessions(root):
        parts = table[table["session"] == s["number"]]
        rows.append(f"<tr class='s'><td colspan='4'><b>Session {s['number']} — {html.escape(s['title'])}</b><br>"
                    f"<small>{html.escape(s['description'])}</small></td></tr>")
        if parts.empty:
            rows.append("<tr><td></td><td colspan='3'><i>notebook not written yet</i></td></tr>")
        for _, p in parts.iterrows():
            start = clock
            clock += int(p["teaching"]) + int(p["exercises"])
            ext = "" if p.get("core", True) else " <i>(extension)</i>"
            rows.append(f"<tr><td>{start // 60}:{start % 60:02d}</td><td>{html.escape(p['part'])}{ext}</td>"
                        f"<td>{p['teaching']}</td><td>{p['exercises']}</td></tr>")
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Equity Lab — agenda</title>
<style>body{{font:15px/1.45 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}}
td,th{{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}} tr.s td{{background:#e8f1fa}}</style>
</head><body><p><a href="index.html">← Equity Lab handout</a></p><h1>Agenda</h1>{schedule_html(root)}
<p>Minutes are read from each session notebook's metadata; the clock starts at 0:00 (add breaks locally).</p>
<table><tr><th>Starts</th><th>Part</th><th>Teaching min</th><th>Exercise min</th></tr>{''.join(rows)}</table>
<p>Total: {clock // 60} h {clock % 60:02d} min.</p></body></html>"""
    (out / "agenda.html").write_text(page, encoding="utf-8")
