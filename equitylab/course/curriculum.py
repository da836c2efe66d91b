"""The day's agenda, read from curriculum/agenda.yml and the notebooks' own metadata.

Each session notebook records its parts and their teaching and exercise minutes in
``metadata["equitylab"]["parts"]`` (the Carpentries convention); the schedule is computed
from there, so it is written down once.

Example
-------
>>> from equitylab.course.curriculum import agenda
>>> list(agenda().columns)
['session', 'title', 'part', 'teaching', 'exercises', 'core', 'faculty', 'notebook']
>>> int(schedule("core")["minutes"].sum()) <= 240
True
"""
from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["agenda", "schedule", "session_timing", "day", "sessions", "project_root", "source_notebooks", "NOTEBOOK_DIRS",
           "cell_parts", "discussions"]

#: Folders holding source notebooks, in the order of the day.
NOTEBOOK_DIRS = ("demo", "session1_pledge", "session2_assessment", "session3_data", "session4_diversity",
                 "session5_cultural_competence", "closing")


def project_root() -> Path:
    """The folder holding the session notebooks (the repository root)."""
    env = os.environ.get("EQUITYLAB_ROOT")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2]
    if any((here / d).is_dir() for d in NOTEBOOK_DIRS):
        return here
    return Path.cwd()


def source_notebooks(root: Path | None = None) -> list[Path]:
    """Every source notebook, session by session."""
    root = Path(root or project_root())
    found = []
    for d in NOTEBOOK_DIRS:
        if (root / d).is_dir():
            found += sorted(p for p in (root / d).glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found



def sessions(root: Path | None = None) -> list[dict]:
    """The sessions of the day as written in curriculum/agenda.yml."""
    import yaml

    root = Path(root or project_root())
    return yaml.safe_load((root / "curriculum" / "agenda.yml").read_text(encoding="utf-8"))["sessions"]


def day(root: Path | None = None) -> dict:
    """The day's frame from curriculum/agenda.yml: ``start``, ``end`` (HH:MM) and the ``break``."""
    import yaml

    root = Path(root or project_root())
    return yaml.safe_load((root / "curriculum" / "agenda.yml").read_text(encoding="utf-8")).get("day", {})


def agenda(root: Path | None = None, *, core: bool | None = None) -> pd.DataFrame:
    """One row per part of every session notebook, with its teaching and exercise minutes.

    ``core`` is the part's ``"core"`` flag in the notebook metadata (true when absent): core
    parts make the four-hour day; the others are extensions for self-paced learners. ``faculty`` marks a
    part only faculty run, in the room (``"faculty": true``, e.g. showing the room's SWOTs): it takes time in
    the core day but is not in a participant's self-paced minutes.
    ``core=True`` keeps only core parts, ``core=False`` only extensions, ``None`` all.
    """
    import nbformat  # imported here: the site build's up-to-date check needs project_root() only
    import pandas as pd

    root = Path(root or project_root())
    titles = {s["folder"]: (s["number"], s["title"]) for s in sessions(root)}
    rows = []
    for nb_path in source_notebooks(root):
        folder = nb_path.parent.name
        if folder not in titles:
            continue
        meta = nbformat.read(nb_path, as_version=4).metadata.get("equitylab", {})
        number, title = titles[folder]
        for part in meta.get("parts", []):
            rows.append((number, title, part["title"], int(part["teaching"]), int(part["exercises"]),
                         bool(part.get("core", True)), bool(part.get("faculty", False)), str(nb_path.relative_to(root))))
    table = pd.DataFrame(rows, columns=["session", "title", "part", "teaching", "exercises", "core", "faculty",
                                        "notebook"])
    if core is not None:
        table = table[table["core"] == bool(core)].reset_index(drop=True)
    return table


def schedule(path: str = "core", root: Path | None = None) -> pd.DataFrame:
    """The day as a timetable: one row per session (and the break), with clock times.

    Parameters
    ----------
    path : {"core", "full"}
        ``"core"``: the core parts only, from the day's start (curriculum/agenda.yml, e.g.
        8:00 am) with the break where the file puts it — the symposium's morning.
        ``"full"``: every part a participant works through, the self-paced path (same order, no
        clock: ``start``/``end`` count minutes from 0; faculty-only parts are left out).

    Returns
    -------
    DataFrame
        ``session``, ``title``, ``minutes``, ``start``, ``end``; ``attrs["fits"]`` says whether
        the core day ends by the day's end.
    """
    if path not in ("core", "full"):
        raise ValueError(f"schedule(path={path!r}): use 'core' (the four-hour day) or 'full' (self-paced path).")
    import pandas as pd

    root = Path(root or project_root())
    parts = agenda(root, core=True if path == "core" else None)
    if path == "full":
        parts = parts[~parts["faculty"].astype(bool)]
    parts = parts.assign(minutes=parts["teaching"] + parts["exercises"])
    per = parts.groupby(["session", "title"], sort=False)["minutes"].sum().reset_index()
    frame = day(root)
    brk = frame.get("break", {}) or {}
    rows = []
    for _, r in per.iterrows():
        rows.append((r["session"], r["title"], int(r["minutes"])))
        if path == "core" and brk and r["session"] == brk.get("after_session"):
            rows.append(("break", "Break", int(brk.get("minutes", 15))))
    table = pd.DataFrame(rows, columns=["session", "title", "minutes"])
    offsets = table["minutes"].cumsum()
    table["start_min"], table["end_min"] = offsets - table["minutes"], offsets
    if path == "core" and frame.get("start"):
        t0 = pd.Timestamp(f"2000-01-01 {frame['start']}")
        table["start"] = [(t0 + pd.Timedelta(minutes=int(m))).strftime("%H:%M") for m in table["start_min"]]
        table["end"] = [(t0 + pd.Timedelta(minutes=int(m))).strftime("%H:%M") for m in table["end_min"]]
        end = pd.Timestamp(f"2000-01-01 {frame.get('end', '23:59')}")
        total = int(offsets.iloc[-1]) if len(offsets) else 0
        table.attrs["fits"] = bool(t0 + pd.Timedelta(minutes=total) <= end)
    else:
        table["start"], table["end"] = table["start_min"], table["end_min"]
    table.attrs["total_minutes"] = int(offsets.iloc[-1]) if len(offsets) else 0
    return table.drop(columns=["start_min", "end_min"])


def schedule_html(root: Path | None = None) -> str:
    """An HTML fragment for the agenda page: the core morning with clock times, and the full self-paced path."""
    import html

    root = Path(root or project_root())
    core, full = schedule("core", root), schedule("full", root)
    rows = "".join(f"<tr><td>{html.escape(str(r.start))}–{html.escape(str(r.end))}</td><td>{html.escape(str(r.title))}"
                   f"</td><td>{int(r.minutes)}</td></tr>" for r in core.itertuples())
    frame = day(root)
    fits = "fits" if core.attrs.get("fits") else "does NOT fit"
    return (f"<h2>The core day</h2><p>Core parts only, {html.escape(str(frame.get('start', '')))}–"
            f"{html.escape(str(frame.get('end', '')))} with a break: {core.attrs['total_minutes']} minutes — it {fits}."
            f"</p><table><tr><th>Time</th><th>Session</th><th>Minutes</th></tr>{rows}</table>"
            f"<p>The full self-paced path (core parts and extensions, no break; parts only faculty hold in the room are "
            f"not counted): {full.attrs['total_minutes']} minutes. Extension parts are marked <i>extension</i> below.</p>")


def session_timing(folder: str, root: Path | None = None) -> list[dict]:
    """The parts of one session with their minutes, core flag and (core parts) clock times of the core day.

    The facilitator guides show this table instead of typing times, so the notebook metadata stays the one
    place the timings are written.

    Examples
    --------
    >>> [p["part"] for p in session_timing("no_such_session")]
    []
    """
    root = Path(root or project_root())
    parts = agenda(root)
    parts = parts[parts["notebook"].str.split("/").str[0] == folder]
    if parts.empty:
        return _outside_the_day(root / folder)
    core = schedule("core", root)
    number = parts["session"].iloc[0]
    row = core[core["session"] == number]
    clock = None
    if not row.empty and isinstance(row["start"].iloc[0], str):
        h, m = map(int, row["start"].iloc[0].split(":"))
        clock = 60 * h + m
    out = []
    for p in parts.itertuples():
        minutes = int(p.teaching) + int(p.exercises)
        when = ""
        if p.core and clock is not None:
            when = f"{clock // 60}:{clock % 60:02d}–{(clock + minutes) // 60}:{(clock + minutes) % 60:02d}"
            clock += minutes
        out.append({"part": p.part, "teaching": int(p.teaching), "exercises": int(p.exercises),
                     "core": bool(p.core), "faculty": bool(p.faculty), "clock": when or "self-paced"})
    return out


_SECTION = re.compile(r"^##\s+(?:(\d+)\.\s+)?(.+?)\s*$")
_DISCUSSION = re.compile(r"^\*\*Discussion \((\d+) min([^)]*)\)\.\*\*\s*", re.S)


def section_key(cell) -> str | None:
    """The key of the notebook section a ``## `` heading cell opens: its number ("3" for "## 3. The second
    dimension"), or the heading's text when it has none ("Key points"); None for any other cell."""
    if cell.cell_type != "markdown":
        return None
    lines = [line.lstrip("> ").rstrip() for line in cell.source.lstrip().split("\n", 3)]
    first = next((line for line in lines if line and line != "**Faculty note**"), "")   # an instructor cell, quoted
    m = _SECTION.match(first)
    return (m.group(1) or m.group(2)) if m else None


def cell_parts(nb) -> list[int | None]:
    """For every cell, the index of the part (``metadata["equitylab"]["parts"]``) it belongs to.

    A part names the notebook sections it covers in ``"sections"`` (the ``## N.`` heading numbers, or an
    unnumbered heading's text); a cell belongs to the section it sits in. Cells before the first section
    (the title, questions, set-up) and in sections no part lists (*Key points*) are None: the session as a whole.

    Raises
    ------
    ValueError
        A part names a section the notebook does not have.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
    ...     nbformat.v4.new_markdown_cell("## 1. A"), nbformat.v4.new_code_cell("x = 1"),
    ...     nbformat.v4.new_markdown_cell("## Key points")])
    >>> nb.metadata["equitylab"] = {"parts": [{"title": "A", "sections": ["1"]}]}
    >>> cell_parts(nb)
    [None, 0, 0, None]
    """
    parts = nb.metadata.get("equitylab", {}).get("parts", [])
    owner = {str(key): i for i, part in enumerate(parts) for key in part.get("sections", [])}
    keys = [section_key(c) for c in nb.cells]
    missing = sorted(set(owner) - {k for k in keys if k})
    if missing:
        raise ValueError(f"the notebook's parts name sections {missing} that it does not have: use a '## N.' "
                         "heading's number or an unnumbered heading's text in metadata.equitylab.parts[].sections.")
    out, current = [], None
    for key in keys:
        if key is not None:
            current = owner.get(key)
        out.append(current)
    return out


def discussions(nb) -> list[dict]:
    """The discussion prompts faculty hold, read from the notebook's faculty cells (the one place they are
    written): cells tagged ``instructor`` opening with ``**Discussion (N min ...).**``.

    Each is ``{"minutes", "how", "text", "part", "after"}``: ``how`` is what the heading adds after the minutes
    ("tables of 4–6"), ``part`` the index of the part it belongs to, ``after`` the heading of the section or
    exercise it follows.
    """
    out, after = [], ""
    for cell, part in zip(nb.cells, cell_parts(nb)):
        if cell.cell_type != "markdown":
            continue
        first = cell.source.lstrip().split("\n", 1)[0]
        if first.startswith("#"):
            after = first.lstrip("#").strip()
        m = _DISCUSSION.match(cell.source.lstrip())
        if m and "instructor" in cell.metadata.get("tags", []):
            out.append({"minutes": int(m.group(1)), "how": m.group(2).strip(" ,;"), "part": part, "after": after,
                        "text": cell.source.lstrip()[m.end():].strip()})
    return out


def _outside_the_day(folder: Path) -> list[dict]:
    """The parts of a notebook the day's agenda does not list (the exercise tour, taken before the day)."""
    import nbformat

    if not folder.is_dir():
        return []
    out = []
    for nb_path in sorted(folder.glob("*.ipynb")):
        for p in nbformat.read(nb_path, as_version=4).metadata.get("equitylab", {}).get("parts", []):
            out.append({"part": p["title"], "teaching": int(p["teaching"]), "exercises": int(p["exercises"]),
                        "core": bool(p.get("core", True)), "faculty": bool(p.get("faculty", False)),
                        "clock": "before the day"})
    return out
