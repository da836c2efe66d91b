"""Exercise checks: each exercise declared once, its expected answer derived from the data at check time.

An exercise is registered with :func:`exercise` (see :mod:`equitylab.bank`); learners
call :func:`check`, which returns a :class:`~equitylab.feedback.Feedback` and never raises
for a wrong, missing or oddly typed answer. The answer is never shown to learners;
in an instructor session (``EQUITYLAB_ROLE=instructor``) incorrect feedback also shows
the expected answer.

The kinds are checked by :mod:`equitylab.checking.checkers`.

Example
-------
>>> import equitylab as el
>>> str(el.check("demo.lwbs_rate", ...)).startswith("Not attempted")
True
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from . import workspace
from .checkers import CHECKERS
from .feedback import DONE, Feedback
from .registry import exercises, get_exercise, takeaways

__all__ = ["check", "progress", "room"]


def _instructor() -> bool:
    return os.environ.get("EQUITYLAB_ROLE", "").lower() in ("instructor", "faculty")


def _not_attempted(answer) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and answer.strip() in ("", "...", "…"):
        return True
    if isinstance(answer, (dict, list, tuple, set)) and len(answer) == 0:
        return True
    return False


def check(exercise_id: str, answer: Any = ...) -> Feedback:
    """Check an answer and return feedback (saved to the workspace).

    Parameters
    ----------
    exercise_id : str
        The exercise, e.g. ``"s3.readmission_gap"`` (see :func:`exercises`).
    answer : any
        The learner's answer. ``...`` or ``None`` means not yet attempted.

    Returns
    -------
    Feedback
        ``status`` is ``correct``, ``close``, ``incorrect`` or ``not attempted`` (a reflection:
        ``saved``); its text starts with the status. Shows as a coloured box in Jupyter.
    """
    ex = get_exercise(exercise_id)
    record = workspace.get("answers", ex.id, {}) or {}
    if _not_attempted(answer):
        fb = Feedback("not attempted", "replace the ... with your answer, then run this cell again.",
                      exercise=ex.id, attempts=int(record.get("attempts", 0)))
        return fb
    attempts = int(record.get("attempts", 0)) + 1
    try:
        expected = ex.expected() if ex.expected else None
        fb = CHECKERS[ex.kind](ex, answer, expected)
    except Exception as exc:  # never a traceback for a learner's answer
        fb = Feedback("incorrect", f"this answer could not be checked ({type(exc).__name__}: {exc}). "
                      "Check that it is the kind of value the exercise asks for.", exercise=ex.id)
        expected = None
    fb.exercise, fb.attempts = ex.id, attempts
    if fb.status in ("incorrect", "close") and ex.hints and not fb.hint:
        fb.hint = ex.hints[min(attempts - 1, len(ex.hints) - 1)]
    if fb.status != "correct" and _instructor() and expected is not None and ex.kind != "reflection":
        fb.details.append(f"Instructor view — expected: {_describe(expected)}")
    if fb.status == "correct" and ex.explanation:
        fb.message += " " + ex.explanation
    best = record.get("status")
    status = best if best in DONE else fb.status
    workspace.update("answers", ex.id, {"session": ex.session, "status": status, "last_status": fb.status,
                                        "attempts": attempts, "answer": _storable(answer),
                                        "updated": workspace._now()})
    return fb


def _describe(expected) -> str:
    if isinstance(expected, pd.DataFrame):
        return "\n" + expected.to_string(max_rows=20)
    if isinstance(expected, float):
        return f"{expected:.4g}"
    return str(expected)


def _storable(answer):
    if isinstance(answer, (str, bool, int, float)) or answer is None:
        return answer
    if isinstance(answer, np.generic):
        return answer.item()
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        return workspace._jsonable(answer)
    if isinstance(answer, dict):
        return {str(k): _storable(v) for k, v in answer.items()}
    if isinstance(answer, (list, tuple, set)):
        return [_storable(v) for v in answer]
    return repr(answer)[:500]


# --- progress ---------------------------------------------------------------------------------
def progress(session: str | None = None) -> pd.DataFrame:
    """What is done, per session: ``session``, ``id``, ``prompt``, ``status``, ``attempts``.

    One row per exercise — status is the best so far (``correct`` stays correct; a reflection
    is ``saved``) or ``not attempted`` — then one row per take-away of the session (a SWOT, a
    self-assessment, a SMART goal: ``saved`` once it is in the workspace).
    ``table.attrs["summary"]`` says how many are done per session.
    """
    table = exercises(session)
    data = workspace.load()
    answers = data["answers"]
    table["status"] = [answers.get(i, {}).get("status", "not attempted") for i in table["id"]]
    table["attempts"] = [int(answers.get(i, {}).get("attempts", 0)) for i in table["id"]]
    table = table[["session", "id", "prompt", "status", "attempts"]]
    rows = []
    for t in takeaways(session):
        value = data.get(t.section, {}).get(t.key)
        rows.append((t.session, t.id, t.summary(value), "saved" if value else "not attempted", 0))
    if rows:
        table = pd.concat([table, pd.DataFrame(rows, columns=table.columns)], ignore_index=True)
    table.attrs["summary"] = table.groupby("session")["status"].apply(
        lambda s: f"{int(s.isin(DONE).sum())}/{len(s)} done").to_dict()
    return table


def room(workspaces: list[dict] | str | os.PathLike) -> pd.DataFrame:
    """Faculty view: one row per participant, one column per exercise, the best status in each cell.

    Parameters
    ----------
    workspaces : list of dict, or a folder of exported workspace files
    """
    if not isinstance(workspaces, list):
        workspaces = workspace.collect(workspaces)
    ids = list(exercises()["id"])
    rows = []
    seen = set()
    for i, ws in enumerate(workspaces, 1):
        name = ws.get("participant") or f"participant {i}"
        if name in seen:  # two participants with one name: tell them apart by their short id
            name = f"{name} ({ws.get('id') or i})"
        seen.add(name)
        rows.append({"participant": name, **{e: ws.get("answers", {}).get(e, {}).get("status", "not attempted")
                                             for e in ids}})
    table = pd.DataFrame(rows, columns=["participant"] + ids).set_index("participant")
    return table

