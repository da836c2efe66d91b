"""The handout site: every notebook executed (cached, in parallel) and rendered into ``_site/``.

``build_site(out)`` writes, into a temporary folder that replaces ``out`` only when everything has
worked (a failing notebook leaves the previous site intact):

* ``index.html`` (start page), ``agenda.html``, one page per notebook keeping its name
  (``session1_pledge/session1_pledge.html``) with the student ``.ipynb`` beside it;
* ``instructor/`` — not linked from the student pages: the instructor notebooks rendered, the answer
  key, the facilitator guide per session (``curriculum/facilitator/*.md``) and the slides, with
  reveal.js bundled in ``instructor/reveal/``.

Example
-------
>>> from equitylab.course.site import binder_url
>>> binder_url("session1_pledge/session1_pledge.ipynb", "org/equitylab")
'https://mybinder.org/v2/gh/org/equitylab/HEAD?labpath=student%2Fsession1_pledge%2Fsession1_pledge.ipynb'
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..report import a11y
from . import stamp
from .curriculum import NOTEBOOK_DIRS, project_root, sessions, source_notebooks
from .stamp import NotebookFailed, library_hash

# nbformat, nbconvert, papermill and pandas are imported inside the functions that use them, so that a
# rebuild with nothing changed (stamp.up_to_date) finishes before any of them loads.

__all__ = ["build_site", "binder_url", "NotebookFailed", "Entry"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Where the Binder image keeps the student notebooks (the repository's ``postBuild`` moves them there and
#: removes the sources): the "Launch in Binder" link opens ``student/<session>/<notebook>.ipynb``.
BINDER_NOTEBOOKS = "student"
STATIC = Path(__file__).resolve().parent / "static"
_HEADING = re.compile(r'<h([23])[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


@dataclass
class Entry:
    """One notebook of the site: where it lives, its title, metadata and objectives."""

    rel: Path                      # e.g. session1_pledge/session1_pledge.ipynb
    title: str
    meta: dict
    student: dict                  # the notebooks (nbformat.NotebookNode)
    instructor: dict
    intro: str = ""                # the first markdown cell (questions, objectives)
    executed: dict = field(default_factory=dict)   # version -> executed notebook path (in the cache)
    contexts: dict = field(default_factory=dict)   # page kind -> what the page shows (see _contexts)

    @property
    def page(self) -> str:
        return self.rel.with_suffix(".html").as_posix()

    @property
    def folder(self) -> str:
        return self.rel.parts[0]

    @property
    def session(self):
        return self.meta.get("session")


def binder_url(rel: str, repo: str | None) -> str | None:
    """The "Launch in Binder" address of a notebook's student copy, or None without a repository.

    ``repo`` is ``owner/name`` on GitHub (optionally ``owner/name/ref``) or a full Binder URL
    ending in the ref (``https://mybinder.org/v2/gh/owner/name/main``).
    """
    if not repo:
        return None
    base = repo if repo.startswith(("http://", "https://")) else \
        "https://mybinder.org/v2/gh/" + (repo if repo.count("/") >= 2 else repo + "/HEAD")
    return f"{base.rstrip('/')}?labpath={quote(f'{BINDER_NOTEBOOKS}/{rel}', safe='')}"


def _binder_repo(root: Path) -> str | None:
    """``$EQUITYLAB_BINDER_REPO`` (``make site BINDER_REPO=owner/name``), else the git remote on GitHub."""
    repo = os.environ.get("EQUITYLAB_BINDER_REPO", "").strip()
    if repo:
        return repo
    try:
        url = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True,
                             text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"(?:https://github\.com/|git@github\.com:)([^/]+/[^/]+?)(?:\.git)?$", url)
    return m.group(1) if m else None


def notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Untitled"


def _entries(root: Path) -> list[Entry]:
    import nbformat

    from .transforms import to_instructor, to_student

    order = {d: i for i, d in enumerate(NOTEBOOK_DIRS)}
    out = []
    for src in source_notebooks(root):
        nb = nbformat.read(src, as_version=4)
        rel = src.relative_to(root)
        student, instructor = to_student(nb, name=str(rel)), to_instructor(nb, name=str(rel))
        intro = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
        out.append(Entry(rel, notebook_title(nb), dict(nb.metadata.get("equitylab", {})), student, instructor, intro))
    return sorted(out, key=lambda e: (order.get(e.folder, 99), str(e.rel)))


def _jobs(entries: list[Entry], root: Path, instructor: bool, pages_dir: Path) -> list:
    """Student (and instructor) notebook of every entry; each renders its pages as soon as it has run."""
    from functools import partial

    from .execute import Job

    jobs = []
    for e in entries:
        specs = [("student", e.contexts["student"])]
        jobs.append(Job(f"{e.rel} (student)", e.student, root / e.rel.parent, after=partial(prerender, specs, pages_dir)))
        if instructor:
            specs = [("instructor", e.contexts["instructor"]), ("slides", e.contexts["slides"])]
            jobs.append(Job(f"{e.rel} (instructor)", e.instructor, root / e.rel.parent,
                            env={"EQUITYLAB_ROLE": "instructor"}, after=partial(prerender, specs, pages_dir)))
    return jobs


def _static_widgets(nb) -> None:
    """A static page has no kernel behind its widgets: keep each widget's plain-text description."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)


def _contents(body: str) -> str:
    items = []
    for level, anchor, text in _HEADING.findall(body):
        label = re.sub(r"<[^>]+>", "", text).replace("¶", "").strip()
        items.append(f'<li class="el-h{level}"><a href="#{anchor}">{label}</a></li>')
    return "".join(items)


@lru_cache(maxsize=None)
def _exporter(template: str, reveal_prefix: str = ""):
    """One nbconvert exporter per template and process, reused for every page (its Jinja templates compile once).

    The notebook is validated once, after all preprocessors (``optimistic_validation``), not after each of
    them: nbformat compiles its schema validator on every validation (0.4 s a page, measured).
    """
    from nbconvert import HTMLExporter, SlidesExporter

    if template == "slides":
        exporter = SlidesExporter(template_name="slides", extra_template_basedirs=[str(TEMPLATES)],
                                  reveal_url_prefix=reveal_prefix, reveal_theme="white", exclude_input=True)
    else:
        exporter = HTMLExporter(template_name=template, extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    exporter.optimistic_validation = True
    return exporter


def render_page(executed: Path, context: dict) -> str:
    """One notebook page with the handout template (no script or stylesheet from another host)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    _static_widgets(nb)
    nb.metadata["title"] = context["title"]
    body, _ = _exporter("handout").from_notebook_node(nb, resources={"equitylab": context})
    body = body.replace("<!--EL-CONTENTS (filled from the rendered headings)-->", _contents(body), 1)
    return a11y.table_regions(body)


def render_slides(executed: Path, title: str, reveal_prefix: str, notes: dict | None = None) -> str:
    """Slides (reveal.js, bundled) from the cells' slide metadata (:func:`pages.mark_slides` fills it in),
    with ``notes`` (:func:`guides.slide_notes`) as every slide's speaker notes."""
    import nbformat

    from . import pages

    nb = nbformat.read(executed, as_version=4)
    _static_widgets(nb)
    pages.mark_slides(nb, notes)
    nb.metadata["title"] = title
    page = {"assets": "../../assets/", "favicon": a11y.FAVICON}
    body, _ = _exporter("slides", reveal_prefix).from_notebook_node(nb, resources={"equitylab": page})
    return body


class _PageCache:
    """Rendered pages keyed by what they are made from (executed notebook, template, context)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def get(self, kind: str, executed: Path, context: dict, render) -> str:
        key = hashlib.sha256(json.dumps([kind, executed.name, context, library_hash()], sort_keys=True,
                                        default=str).encode()).hexdigest()[:32]
        path = self.folder / f"{key}.html"
        if path.exists():
            return path.read_text(encoding="utf-8")
        text = render()
        path.write_text(text, encoding="utf-8")
        return text


def _download(nb, filename: str) -> dict:
    """A link that downloads the student notebook, also from file:// (a data: URL with ``download``)."""
    import nbformat

    data = base64.b64encode(nbformat.writes(nb).encode("utf-8")).decode("ascii")
    return {"href": f"data:application/x-ipynb+json;base64,{data}", "filename": filename}


def _slide_notes(e: Entry, root: Path) -> dict:
    """The speaker notes of a notebook's slides, from its guide and its parts' minutes (:func:`guides.slide_notes`)."""
    from .curriculum import session_timing
    from .guides import guide_path, slide_notes

    guide = guide_path(e.folder, root)
    return slide_notes(session_timing(e.folder, root),
                       guide.read_text(encoding="utf-8") if guide else "", e.title)


def _answer_notes(entries: list[Entry], root: Path) -> list[dict]:
    """The answer key, computed once: it is the answer key page, and each exercise's answer and why (with what the
    guide says about where participants get stuck) go into the speaker notes of its slide."""
    from .answerkey import answer_key

    from .guides import guide_path, stuck_points

    key = answer_key(entries)
    notes = {r["id"]: (r["number"], f"**Exercise {r['number'] or r['id']} — answer:** "
                       f"{r['answer'] or '(a reflection: not graded)'}\n\n**How:** {r['how']}\n\n"
                       f"**Common wrong answer:** {r['wrong']}") for section in key for r in section["rows"]}
    for e in entries:
        asked = " ".join(c.source for c in e.instructor.cells if c.cell_type == "code")
        guide = guide_path(e.folder, root)
        stuck = stuck_points(guide.read_text(encoding="utf-8")) if guide else {}
        e.contexts["slides"]["notes"]["exercises"] = {
            k: text + (f"\n\n**Where participants get stuck (guide):** {stuck[number]}" if number in stuck else "")
            for k, (number, text) in notes.items() if k in asked}
    return key


def _contexts(entries: list[Entry], binder: str | None, root: Path) -> None:
    """Fill in each entry's page contexts (what its student page, instructor page and slides show)."""
    from . import pages

    for i, e in enumerate(entries):
        depth = "../" * (len(e.rel.parts) - 1)
        nav = {"prev": None, "next": {"href": depth + "agenda.html", "title": "Agenda"}}
        if i > 0:
            nav["prev"] = {"href": depth + entries[i - 1].page, "title": entries[i - 1].title}
        if i + 1 < len(entries):
            nav["next"] = {"href": depth + entries[i + 1].page, "title": entries[i + 1].title}
        student = {"title": f"{e.title} — Equity Lab", "home": depth + "index.html", "section": e.title,
                   "assets": depth + "assets/", "favicon": a11y.FAVICON, "skip_link": a11y.SKIP_LINK,
                   "description": pages.plain_intro(e.intro), "binder": binder_url(e.rel.as_posix(), binder),
                   "download": _download(e.student, e.rel.name), "extra_links": [], **nav,
                   "default_alt": f"Figure from “{e.title}” (synthetic data)",
                   "footer": "Equity Lab handout · built with papermill and nbconvert from the student notebook · "
                             "all data synthetic."}
        instructor = dict(
            student, title=f"{e.title} — instructor version", home=depth + "index.html", binder=None,
            assets="../" + depth + "assets/",
            download=_download(e.instructor, e.rel.stem + "_instructor.ipynb"), prev=None, next=None,
            extra_links=[{"href": depth + f"guide/{e.folder}.html", "text": "Facilitator guide"},
                         {"href": depth + f"slides/{e.folder}.slides.html", "text": "Slides"}],
            footer="Equity Lab — instructor version (solutions and faculty notes). Not for participants.")
        e.contexts = {"student": student, "instructor": instructor,
                      "slides": {"title": e.title, "notes": _slide_notes(e, root)}}


def _render(kind: str, executed: Path, context: dict) -> str:
    if kind == "slides":
        return render_slides(executed, context["title"], "../reveal", context.get("notes"))
    return render_page(executed, context)


def prerender(specs: list[tuple[str, dict]], pages_dir: Path, executed: Path) -> None:
    """Render pages into the page cache right after their notebook has executed (in the same worker)."""
    cache = _PageCache(pages_dir)
    for kind, context in specs:
        cache.get(kind, executed, context, lambda: _render(kind, executed, context))


def _write_notebook_pages(stage: Path, entries: list[Entry], cache: _PageCache, instructor: bool = True) -> None:
    import nbformat

    targets = {"student": "{page}", "instructor": "instructor/{page}", "slides": "instructor/slides/{folder}.slides.html"}
    for e in entries:
        for kind in ("student", "instructor", "slides") if instructor else ("student",):
            version = "student" if kind == "student" else "instructor"
            page = stage / targets[kind].format(page=e.page, folder=e.folder)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(cache.get(kind, e.executed[version], e.contexts[kind],
                                      lambda: _render(kind, e.executed[version], e.contexts[kind])), encoding="utf-8")
        nbformat.write(e.student, stage / e.rel)          # the file itself, for a web server
        for extra in Path(e.executed["cwd"]).iterdir():   # data files next to the notebook travel with it
            if extra.is_file() and extra.suffix.lower() in (".csv", ".parquet", ".json"):
                shutil.copy2(extra, (stage / e.page).parent / extra.name)


def notebook_css() -> str:
    """The stylesheet every notebook page links (``assets/notebook.css``): JupyterLab's notebook CSS and Light
    theme as nbconvert ships them, the code colours, the handout's layout and the accessibility rules."""
    from nbconvert.preprocessors.csshtmlheader import JupyterStyle
    from pygments.formatters import HtmlFormatter

    from nbconvert.exporters.templateexporter import TemplateExporter

    lab = next(Path(d) / "lab" / "static" for d in TemplateExporter().template_paths
               if (Path(d) / "lab" / "static" / "index.css").exists())
    parts = [(lab / "index.css").read_text(encoding="utf-8"), (lab / "theme-light.css").read_text(encoding="utf-8"),
             HtmlFormatter(style=JupyterStyle).get_style_defs(".highlight"),
             (TEMPLATES / "handout" / "static" / "handout.css").read_text(encoding="utf-8"), a11y.CSS]
    return "\n".join(parts)


def _swap(stage: Path, out: Path) -> None:
    """Replace ``out`` with ``stage`` (the old site stays until the new one is complete)."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(stage, out)
    shutil.rmtree(old, ignore_errors=True)


def build_site(out: str | os.PathLike = "_site", root: Path | None = None, *, workers: int = 2,
               cache: str | os.PathLike | None = None, instructor: bool = True, log=print) -> Path:
    """Execute every notebook (papermill, cached, ``workers`` at a time) and render the handout site.

    Parameters
    ----------
    out : path
        The site folder; replaced only when the whole build has worked.
    root : path, optional
        The project (notebook folders, ``curriculum/``); default :func:`project_root`.
    workers : int
        Notebooks executed at the same time.
    cache : path, optional
        Executed notebooks and rendered pages; default ``$EQUITYLAB_CACHE`` or ``<root>/build/cache``.
    instructor : bool
        Also build the instructor section (instructor notebooks, answer key, guides, slides).

    Raises
    ------
    NotebookFailed
        A notebook raised an error: the message names the notebook, the cell and the error.
    """
    start = time.perf_counter()
    root = Path(root or project_root())
    out = Path(out).resolve()
    cache = Path(cache or os.environ.get("EQUITYLAB_CACHE") or root / "build" / "cache")
    binder = _binder_repo(root)
    digest = stamp.fingerprint(root, NOTEBOOK_DIRS, {"instructor": instructor, "binder": binder, "out": out.name})
    done = stamp.up_to_date(cache, out, digest)
    if done is not None:
        for name in done:
            log(f"  cached    {name}")
        log(f"site up to date: {out}/index.html ({time.perf_counter() - start:.1f} s)")
        return out / "index.html"
    from . import pages
    from .execute import execute_all

    entries = _entries(root)
    _contexts(entries, binder, root)
    answers = _answer_notes(entries, root) if instructor else None
    jobs = _jobs(entries, root, instructor, cache / "pages")
    executed = execute_all(jobs, cache / "executed", workers=workers, log=log)
    for e in entries:
        e.executed = {"student": executed[f"{e.rel} (student)"], "cwd": root / e.rel.parent,
                      "instructor": executed.get(f"{e.rel} (instructor)")}
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.with_name(f".{out.name}.building-{os.getpid()}")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        if not binder:
            log("  note: no Binder repository (set BINDER_REPO=owner/name): pages have no Binder link")
        _write_notebook_pages(stage, entries, _PageCache(cache / "pages"), instructor)
        pages.write_pages(stage, entries, root, sessions(root), instructor=instructor, answers=answers)
        (stage / "assets" / "notebook.css").write_text(notebook_css(), encoding="utf-8")
        if instructor:
            shutil.copytree(STATIC / "reveal", stage / "instructor" / "reveal")
        _swap(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    stamp.record(cache, out, digest, [job.name for job in jobs])
    log(f"site written to {out}/index.html in {time.perf_counter() - start:.1f} s")
    return out / "index.html"
