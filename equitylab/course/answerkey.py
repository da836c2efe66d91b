"""The instructor section's answer key: every exercise in the order of the day, with the number the notebooks
give it ("Exercise 3.1"), its question and the answer as a learner would type it.

The answers come from :func:`equitylab.exercises` as faculty see it (``EQUITYLAB_ROLE=instructor``):
computed from the synthetic data at check time, like the checks. The exercise numbers are read from the
notebooks themselves (the "Exercise N.M" heading before each ``el.ask``/``el.check`` of an exercise), so
they are written in one place.
"""
from __future__ import annotations

import html
import os
import re

import pandas as pd

__all__ = ["exercise_numbers", "answer_key"]

_HEADING = re.compile(r"^#+\s*Exercise\s+([A-Z]?\.?\d+(?:\.\d+)?)", re.M)
_CALL = re.compile(r"el\.(?:ask|check)\(\s*[\"']([\w.]+)[\"']")


def exercise_numbers(notebooks) -> dict[str, str]:
    """Exercise id -> its number in the notebooks ("3.1", "C.2"), from the heading before its first call.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("### Exercise 3.1 — x"),
    ...                                      nbformat.v4.new_code_cell('el.ask("s3.a")')])
    >>> exercise_numbers([nb])
    {'s3.a': '3.1'}
    """
    found: dict[str, str] = {}
    for nb in notebooks:
        current = None
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                m = _HEADING.search(cell.source)
                current = m.group(1) if m else current
            elif current is not None:
                for exercise_id in _CALL.findall(cell.source):
                    found.setdefault(exercise_id, current)
    return found


def _answer_html(kind: str, answer, exercise) -> str:
    """The answer written for faculty: a table as a table, a sort as item → category, a reflection as such."""
    e = html.escape
    if kind == "reflection":
        words = getattr(exercise, "min_words", None)
        return ("<i>A reflection: kept, never graded" + (f" (at least {words} words)" if words else "")
                + "; no single answer — the session's facilitator guide says what to listen for.</i>")
    if isinstance(answer, pd.DataFrame):
        return answer.round(3).to_html(index=False, border=0)
    if isinstance(answer, dict):
        return "<ul>" + "".join(f"<li>{e(str(k))} → <b>{e(str(v))}</b></li>" for k, v in answer.items()) + "</ul>"
    if isinstance(answer, float):
        return e(f"{answer:g}")
    return e(str(answer))


def answer_key(entries) -> list[dict]:
    """Sections in the order of the day: ``title`` and ``rows`` (number, id, kind, prompt, answer HTML, and the
    explanation written with the exercise in its bank: ``how`` it is computed and the common ``wrong`` answer)."""
    from . import bank  # noqa: F401  (registers every session's exercises)
    from ..checking.registry import exercises, get_exercise
    from .bank._common import EXPLANATIONS

    before = os.environ.get("EQUITYLAB_ROLE")
    os.environ["EQUITYLAB_ROLE"] = "instructor"
    try:
        table = exercises()
    finally:
        if before is None:
            os.environ.pop("EQUITYLAB_ROLE", None)
        else:
            os.environ["EQUITYLAB_ROLE"] = before
    numbers = exercise_numbers(e.instructor for e in entries)
    order = [(str(e.meta.get("session", e.folder)), e.title) for e in entries]
    known = {s for s, _ in order}
    order += [(s, f"Session {s}") for s in dict.fromkeys(table["session"].astype(str)) if s not in known]
    sections = []
    for session, title in order:
        rows = table[table["session"].astype(str) == session]
        if rows.empty:
            continue
        out = []
        for r in rows.to_dict("records"):
            ex = get_exercise(r["id"])
            how, wrong = EXPLANATIONS[r["id"]]() if r["id"] in EXPLANATIONS else ("", "")
            out.append({"number": numbers.get(r["id"], ""), "id": r["id"], "kind": r["kind"], "prompt": r["prompt"],
                        "answer": _answer_html(r["kind"], r.get("answer"), ex) if "answer" in r else "",
                        "how": how, "wrong": wrong})
        out.sort(key=lambda row: [int(p) if p.isdigit() else p for p in re.split(r"[.]", row["number"] or "~")])
        sections.append({"title": title, "rows": out})
    return sections
