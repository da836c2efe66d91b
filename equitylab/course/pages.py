"""The site's own pages (start page, agenda, instructor section) and the slides' cell marks.

Pages are Jinja templates in ``templates/pages/``; this module only gathers what they show.

Example
-------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
...                                      nbformat.v4.new_markdown_cell("## Part"),
...                                      nbformat.v4.new_code_cell("x = 1")])
>>> [c.metadata["slideshow"]["slide_type"] for c in mark_slides(nb).cells]
['slide', 'slide', 'skip']
"""
from __future__ import annotations

import re
from pathlib import Path

from ..report import a11y
from .transforms import INSTRUCTOR_TAG

__all__ = ["mark_slides", "plain_intro", "write_pages", "render", "markdown"]

_PAGES = Path(__file__).resolve().parent / "templates" / "pages"


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(str(_PAGES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = markdown
    env.globals.update(favicon=Markup(a11y.FAVICON), skip_link=Markup(a11y.SKIP_LINK), a11y_css=Markup(a11y.CSS))
    return env


def render(template: str, **context) -> str:
    """Render one of the page templates in ``templates/pages`` (every table in a named, focusable region)."""
    return a11y.table_regions(_env().get_template(template).render(**context))


def markdown(text: str) -> str:
    """Markdown to HTML (nbconvert's renderer, the one the notebook pages use)."""
    from markupsafe import Markup
    from nbconvert.filters.markdown import markdown2html

    return Markup(markdown2html(text))


def plain_intro(text: str, limit: int = 300) -> str:
    """The first paragraph after the title, as plain text (a page's description)."""
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip() and not p.lstrip().startswith("# ")]
    plain = re.sub(r"[*_`>\[\]]", "", paras[0] if paras else "").replace("\n", " ").strip()
    return plain[:limit]


def _has_image(cell) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


#: A table output with at most this many rows is shown on a slide of its own (a longer one stays in the notebook).
SLIDE_TABLE_ROWS = 12
#: ... and at most this many characters of text (a table of long sentences is read in the notebook, not projected).
SLIDE_TABLE_TEXT = 900


def _small_table(cell) -> bool:
    """The cell displays a table short enough for a slide (and nothing else to show)."""
    tables = [o["data"]["text/html"] for o in cell.get("outputs", []) if "text/html" in o.get("data", {})
              and "<table" in "".join(o["data"]["text/html"])]
    if len(tables) != 1:
        return False
    table = "".join(tables[0])
    text = re.sub(r"<[^>]+>|\s+", " ", re.sub(r"<style.*?</style>", "", table, flags=re.S))
    return table.count("<tr") <= SLIDE_TABLE_ROWS + 1 and len(text) <= SLIDE_TABLE_TEXT


#: A slide holds about this many characters of text; a longer markdown cell continues on the next slide.
SLIDE_CHARS = 700
#: Text already on a slide above which an exercise's question box goes on the next slide.
QUESTION_ROOM = 350


def _slide_chunks(text: str, limit: int = SLIDE_CHARS) -> list[str]:
    r"""Split markdown at blank lines (never inside a fenced code block) into pieces of about ``limit`` characters.

    >>> [len(c) for c in _slide_chunks("a" * 500 + "\n\n" + "b" * 500)]
    [500, 500]
    """
    paras, current, fence = [], [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fence = not fence
        if not line.strip() and not fence and current:
            paras.append("\n".join(current))
            current = []
        elif line.strip() or current:
            current.append(line)
    if current:
        paras.append("\n".join(current))
    chunks: list[str] = []
    for para in paras:
        if chunks and len(chunks[-1]) + len(para) + 2 <= limit:
            chunks[-1] += "\n\n" + para
        else:
            chunks.append(para)
    return chunks or [text]


def _images(cell) -> list[int]:
    return [i for i, o in enumerate(cell.get("outputs", [])) if "image/png" in o.get("data", {})]


def _split_long_cells(nb) -> None:
    """A long markdown cell becomes several cells, the later ones on slides of their own (one idea per slide);
    a code cell showing several figures becomes one cell per figure (one figure per slide, large)."""
    import copy

    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code" and len(_images(cell)) > 1 and "slideshow" not in cell.metadata:
            for k, i in enumerate(_images(cell)):
                part = copy.deepcopy(cell)
                part.outputs = [cell.outputs[i]]
                if "id" in part:
                    part["id"] = f"{cell['id']}-f{k}"[:64]
                cells.append(part)
            continue
        if cell.cell_type != "markdown" or len(cell.source) <= SLIDE_CHARS or "slideshow" in cell.metadata \
                or INSTRUCTOR_TAG in cell.metadata.get("tags", []):
            cells.append(cell)
            continue
        for i, chunk in enumerate(_slide_chunks(cell.source)):
            part = copy.deepcopy(cell)
            part.source = chunk
            if i and "id" in part:
                part["id"] = f"{cell['id']}-{i}"[:64]     # cell ids stay unique
            if i:
                part.metadata["slideshow"] = {"slide_type": "subslide"}
            cells.append(part)
    nb.cells = cells


def mark_slides(nb, notes: dict | None = None):
    """Fill in slide metadata where the author set none: the title slide, one heading per slide,
    figures and short tables on slides of their own, each exercise's question (its ``el.ask`` output) on the
    exercise's slide, faculty cells as speaker notes, other code left out.

    A cell that already has ``metadata.slideshow.slide_type`` keeps it. A markdown cell longer than
    :data:`SLIDE_CHARS` continues on the following slides (split at paragraphs). With ``notes``
    (:func:`equitylab.course.guides.slide_notes`), every slide gets speaker notes — its part's place in the
    day, minutes and talking points — and the slides of an extension part are marked as such on screen.
    """
    _split_long_cells(nb)
    _tidy_numbers(nb)
    after_figure, text_on_slide = False, 0
    for i, cell in enumerate(nb.cells):
        show = cell.metadata.setdefault("slideshow", {})
        if show.get("slide_type"):
            continue
        src = cell.source.lstrip()
        if INSTRUCTOR_TAG in cell.metadata.get("tags", []) and cell.cell_type == "markdown":
            kind = "notes"
        elif cell.cell_type == "markdown":
            kind = "slide" if i == 0 or src.startswith(("# ", "## ")) else \
                "subslide" if src.startswith("### ") or after_figure else "-"   # a figure keeps its slide
        elif _has_image(cell):
            kind = "slide"
        elif cell.cell_type == "code" and _small_table(cell):
            kind = "subslide"     # the table the next exercise asks about ("use the table above")
        elif cell.cell_type == "code" and src.startswith("el.ask("):
            # the exercise's question, on the exercise's slide — or the next one when that slide is already full
            kind = "subslide" if text_on_slide > QUESTION_ROOM else "-"
        else:
            kind = "skip"
        show["slide_type"] = kind
        if kind != "skip" and kind != "notes":
            after_figure = kind == "slide" and _has_image(cell)
            text_on_slide = (0 if kind in ("slide", "subslide") else text_on_slide) + \
                (len(cell.source) if cell.cell_type == "markdown" else 0)
    if notes:
        _add_notes(nb, notes)
    return nb


#: Shown on every slide of an extension part (faculty skip them in the room).
EXTENSION_BADGE = '<p class="el-extension">Extension · self-paced — not in the core day</p>'


def _add_notes(nb, notes: dict) -> None:
    """After the first cell of every slide, a speaker-notes cell (its part's notes) and, in an extension part,
    the on-screen extension mark."""
    from nbformat.v4 import new_markdown_cell

    from .curriculum import cell_parts

    parts = nb.metadata.get("equitylab", {}).get("parts", [])
    cells = []
    for cell, part in zip(nb.cells, cell_parts(nb)):
        cells.append(cell)
        if cell.metadata["slideshow"]["slide_type"] not in ("slide", "subslide"):
            continue
        text = notes["parts"][part] if part is not None and part < len(notes["parts"]) else notes["session"]
        added = [new_markdown_cell(text, metadata={"slideshow": {"slide_type": "notes"}})]
        if part is not None and part < len(parts) and not parts[part].get("core", True):
            added.append(new_markdown_cell(EXTENSION_BADGE, metadata={"slideshow": {"slide_type": "-"}}))
        for k, extra in enumerate(added):
            extra["id"] = f"{cell.get('id', 'c')}-n{k}"[:64]
        cells += added
    nb.cells = _exercise_notes(cells, notes.get("exercises", {}))


_ASK = re.compile(r"^el\.ask\(\s*[\"']([\w.]+)[\"']")


def _exercise_notes(cells: list, answers: dict) -> list:
    """After each exercise's question (its ``el.ask`` cell), a speaker note with the answer and why."""
    from nbformat.v4 import new_markdown_cell

    out = []
    for cell in cells:
        out.append(cell)
        m = _ASK.match(cell.source.lstrip()) if cell.cell_type == "code" else None
        if m and m.group(1) in answers:
            note = new_markdown_cell(answers[m.group(1)], metadata={"slideshow": {"slide_type": "notes"}})
            note["id"] = f"{cell.get('id', 'c')}-a"[:64]
            out.append(note)
    return out


_LONG_DECIMAL = re.compile(r"(?<=>)(-?\d+\.\d{4,})(?=\s*<)")


def _short(match: re.Match) -> str:
    """A table number with many decimals, as people read it: 1.333333 → 1.33, 2.000000 → 2, 0.857143 → 0.857."""
    x = float(match.group(1))
    text = f"{x:.2f}" if abs(x) >= 1 else f"{x:.3f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _tidy_numbers(nb) -> None:
    """Numbers with four or more decimals in a table output (a pandas default) are rounded for the screen."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                text = "".join(html) if isinstance(html, list) else html
                out["data"]["text/html"] = _LONG_DECIMAL.sub(_short, text)


def _agenda_rows(entries, table, session_list) -> tuple[list[dict], int]:
    """Clock-time rows for the core day: each session's parts with teaching and exercise minutes."""
    rows, clock = [], 0
    for s in session_list:
        parts = table[table["session"] == s["number"]]
        rows.append({"session": s, "parts": [], "written": not parts.empty})
        for _, p in parts.iterrows():
            start, faculty = clock, bool(p.get("faculty", False))
            if not faculty:      # a faculty-only part is held in the room, not on a participant's path
                clock += int(p["teaching"]) + int(p["exercises"])
            rows[-1]["parts"].append({"start": "" if faculty else f"{start // 60}:{start % 60:02d}",
                                      "title": p["part"], "teaching": int(p["teaching"]),
                                      "exercises": int(p["exercises"]), "core": bool(p.get("core", True)),
                                      "faculty": faculty})
    return rows, clock


def _guides(root: Path, entries) -> list[dict]:
    """Each facilitator guide with its session's timing; talking points get their clock times and the
    discussion prompts are read from the notebook (:func:`equitylab.course.guides.guide_markdown`)."""
    from .curriculum import session_timing
    from .guides import guide_markdown

    folder = root / "curriculum" / "facilitator"
    by_folder = {e.folder: e for e in entries}
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
        folder_name = next((d for d in by_folder if path.stem in (d, d.split("_")[0])), path.stem)
        timing = session_timing(folder_name, root)
        entry = by_folder.get(folder_name)
        found.append({"stem": path.stem, "folder": folder_name, "title": title, "timing": timing,
                      "text": guide_markdown(text, entry.instructor if entry else None, timing)})
    return found


def write_pages(stage: Path, entries, root: Path, session_list: list[dict], instructor: bool = True,
                answers: list[dict] | None = None) -> None:
    """index.html, agenda.html and (with ``instructor``) the instructor section's own pages; ``answers`` is the
    answer key when it is already computed (:func:`equitylab.course.answerkey.answer_key`)."""
    from .curriculum import agenda, schedule_html, session_timing

    table = agenda(root)
    rows, total = _agenda_rows(entries, table, session_list)
    by_folder = {e.folder: e for e in entries}
    core_minutes, full_minutes = {}, {}     # per notebook folder: the core parts, and every part
    for part in table.to_dict("records"):
        folder, minutes = Path(part["notebook"]).parts[0], int(part["teaching"]) + int(part["exercises"])
        if not part["faculty"]:
            full_minutes[folder] = full_minutes.get(folder, 0) + minutes
        if part["core"]:
            core_minutes[folder] = core_minutes.get(folder, 0) + minutes
    common = {"entries": entries, "rows": rows, "total": total, "by_folder": by_folder, "sessions": session_list,
              "schedule": schedule_html(root), "core_total": sum(core_minutes.values()),
              "core_minutes": core_minutes, "full_minutes": full_minutes,
              "tour_minutes": sum(p["teaching"] + p["exercises"] for p in session_timing("demo", root))}
    (stage / "index.html").write_text(render("index.html.j2", **common), encoding="utf-8")
    (stage / "agenda.html").write_text(render("agenda.html.j2", **common), encoding="utf-8")
    assets = stage / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "site.css").write_text((_PAGES / "site.css").read_text(encoding="utf-8") + a11y.CSS, encoding="utf-8")
    if instructor:
        _write_instructor_section(stage / "instructor", entries, root, common, answers)


def _write_instructor_section(inst: Path, entries, root: Path, common: dict, answers=None) -> None:
    (inst / "guide").mkdir(parents=True, exist_ok=True)
    guides = _guides(root, entries)
    for g in guides:
        (inst / "guide" / f"{g['folder']}.html").write_text(render("guide.html.j2", guide=g, guides=guides,
                                                                  entry=common["by_folder"].get(g["folder"])),
                                                           encoding="utf-8")
    from .answerkey import answer_key

    (inst / "answers.html").write_text(render("answers.html.j2", sections=answers or answer_key(entries), entries=entries),
                                       encoding="utf-8")
    (inst / "index.html").write_text(render("instructor.html.j2", guides=guides, **common), encoding="utf-8")
