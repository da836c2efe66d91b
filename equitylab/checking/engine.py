"""Exercise checks: each exercise declared once, its expected answer derived from the data at check time.

An exercise is registered with :func:`exercise` (see :mod:`equitylab.bank`); learners
call :func:`check`, which returns a :class:`~equitylab.feedback.Feedback` and never raises
for a wrong, missing or oddly typed answer. The answer is never shown to learners;
in an instructor session (``EQUITYLAB_ROLE=instructor``) incorrect feedback also shows
the expected answer.

The kinds are checked by :mod:`equitylab.checking.checkers`.

Two kinds of failure are not the learner's and are never reported as "Incorrect": an
exercise whose own answer key raises ("this exercise could not be checked — tell your
facilitator", status ``not checked``), and a workspace that cannot be written ("checked but
not saved", with the folder). With ``EQUITYLAB_STRICT=1`` in the environment — the test
suite sets it in ``conftest.py`` — a failing answer key raises :class:`AnswerKeyError`
instead, so a broken exercise fails the tests rather than hiding behind friendly feedback.

Example
-------
>>> import equitylab as el
>>> str(el.check("demo.lwbs_rate", ...)).startswith("Not attempted")
True
"""
from __future__ import annotations

import difflib
import json
import os
from typing import Any

import pandas as pd

from . import workspace
from .checkers import CHECKERS
from .feedback import DONE, STATUSES, Feedback
from .registry import exercises, get_exercise, takeaways

__all__ = ["check", "progress", "room", "strict", "AnswerKeyError", "MAX_ANSWER_CHARS"]


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

    Never raises for a learner: an unknown exercise id, an answer that cannot be read
    (one that contains itself, is nested very deeply, is larger than
    :data:`MAX_ANSWER_CHARS` when saved, or whose ``repr`` fails), an exercise whose own
    answer key fails, and a workspace that cannot be written all come back as feedback.

    Parameters
    ----------
    exercise_id : str
        The exercise, e.g. ``"s3.readmission_gap"`` (see :func:`exercises`).
    answer : any
        The learner's answer. ``...`` or ``None`` means not yet attempted.

    Returns
    -------
    Feedback
        ``status`` is ``correct``, ``close``, ``incorrect``, ``not attempted``, ``not checked``
        or (a reflection) ``saved``; its text starts with the status. Shows as a coloured box in Jupyter.

    Raises
    ------
    AnswerKeyError
        Only when ``EQUITYLAB_STRICT=1`` (set for the test suite): the exercise's own answer
        key failed. Learners see "could not be checked — tell your facilitator" instead.
    """
    ex = _find(exercise_id)
    if isinstance(ex, Feedback):
        return ex
    record = workspace.get("answers", ex.id, {}) or {}
    previous = int(record.get("attempts", 0))
    try:
        empty = _not_attempted(answer)
    except Exception as exc:  # e.g. a list subclass whose len() raises: named, never a traceback
        return Feedback("not checked", f"this answer could not be read ({_describe_error(exc)}). Give the value the "
                        "exercise asks for (a number, a table, a choice or text) and run the cell again.",
                        exercise=ex.id, attempts=previous)
    if empty:
        return Feedback("not attempted", "replace the ... with your answer, then run this cell again.",
                        exercise=ex.id, attempts=previous)
    stored, problem = _readable(answer)
    if problem:
        return Feedback("not checked", f"this answer could not be read: {problem}. Give the value the exercise "
                        "asks for (a number, a table, a choice or text) and run the cell again.",
                        exercise=ex.id, attempts=previous)
    try:
        expected = ex.expected() if ex.expected else None
    except Exception as exc:
        if strict():
            raise AnswerKeyError(f"Exercise {ex.id!r}: its answer key raised {_describe_error(exc)}.") from exc
        return Feedback("not checked", "this exercise could not be checked — tell your facilitator (its answer key "
                        f"failed: {_describe_error(exc)}). Your answer was not marked wrong.",
                        exercise=ex.id, attempts=previous)
    try:
        fb = CHECKERS[ex.kind](ex, answer, expected)
    except Exception as exc:  # never a traceback for a learner's answer
        return Feedback("not checked", f"this answer could not be checked ({_describe_error(exc)}). Check that it "
                        "is the kind of value the exercise asks for.", exercise=ex.id, attempts=previous)
    if fb.status in ("not attempted", "not checked"):   # no verdict (words that match no option): not an attempt,
        fb.exercise, fb.attempts = ex.id, previous        # nothing saved changes
        return fb
    attempts = previous if previous and record.get("answer") == stored else previous + 1   # a re-run is no attempt
    fb.exercise, fb.attempts = ex.id, attempts
    if fb.status in ("incorrect", "close") and ex.hints and not fb.hint:
        fb.hint = ex.hints[min(attempts - 1, len(ex.hints) - 1)]
    if fb.status != "correct" and _instructor() and expected is not None and ex.kind != "reflection":
        fb.details.append(f"Instructor view — expected: {_describe(expected)}")
    if fb.status == "correct" and ex.explanation:
        fb.message += " " + ex.explanation

    def record_attempt(saved):           # under the workspace lock: attempts from every kernel add up
        return _recorded(saved, ex.session, fb.status, stored)

    try:
        fb.attempts = workspace.change("answers", ex.id, record_attempt)["attempts"]
    except OSError as exc:
        fb.details.append(f"Your answer was checked but not saved: Equity Lab could not write to "
                          f"{workspace.folder().resolve()} ({exc.strerror or _describe_error(exc)}). Free some disk "
                          "space, or set EQUITYLAB_WORKSPACE to a folder you can write to, and run the cell again.")
    return fb


def _recorded(saved, session: str, status: str, stored) -> dict:
    """The saved record after a check: the status is the latest check's (what the cell shows); an attempt counts
    only when the answer differs from the one saved, so re-running a notebook (Run All, a restart) changes nothing.
    ``best`` keeps the best status ever reached (``correct`` once correct)."""
    saved = saved if isinstance(saved, dict) else {}
    count = saved.get("attempts") if isinstance(saved.get("attempts"), int) else 0
    same = count > 0 and "answer" in saved and saved["answer"] == stored
    if same and saved.get("status") == status:
        return saved
    best = saved.get("best", saved.get("status"))
    best = best if best in DONE else status
    return {"session": session, "status": status, "best": best, "attempts": count if same else count + 1,
            "answer": stored, "updated": workspace._now()}


#: An answer whose saved form is longer than this (characters of JSON) is refused with a message.
MAX_ANSWER_CHARS = 100_000
#: Environment variable: when "1", an exercise whose answer key fails raises :class:`AnswerKeyError`.
STRICT_ENV = "EQUITYLAB_STRICT"


class AnswerKeyError(RuntimeError):
    """An exercise's own answer key failed (raised only when ``EQUITYLAB_STRICT=1``)."""


def strict() -> bool:
    """True when ``EQUITYLAB_STRICT`` is set to 1/true/yes (the test suite sets it)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")


def _find(exercise_id):
    """The exercise, or feedback naming the known ids closest to a wrong one."""
    if not isinstance(exercise_id, str):
        return Feedback("not checked", f"the exercise id should be text such as 'demo.lwbs_rate', not "
                        f"{type(exercise_id).__name__}. Copy the check cell from the notebook again.")
    try:
        return get_exercise(exercise_id)
    except ValueError:
        known = list(exercises()["id"])
    folded = {k.casefold(): k for k in known}
    near = [folded[k] for k in difflib.get_close_matches(exercise_id.strip().casefold(), folded, n=4, cutoff=0.5)]
    if not near:
        session = exercise_id.split(".")[0]
        near = [k for k in known if k.split(".")[0] == session][:8]
    hint = f" Did you mean {' or '.join(map(repr, near))}?" if near else ""
    return Feedback("not checked", f"there is no exercise {exercise_id[:80]!r}.{hint} el.exercises() lists them all.",
                    exercise=exercise_id[:80])


def _readable(answer) -> tuple[Any, str]:
    """(the answer as saved, "") or (None, what is wrong with it)."""
    try:
        stored = workspace.plain(answer, max_depth=20)
    except RecursionError:
        return None, "it is nested too deeply to read"
    except Exception as exc:  # a table or object that cannot be turned into JSON
        return None, str(exc) if type(exc) is ValueError else f"it cannot be saved ({_describe_error(exc)})"
    size = len(json.dumps(stored, ensure_ascii=False))
    if size > MAX_ANSWER_CHARS:
        return None, f"it is too large to save ({size:,} characters; the limit is {MAX_ANSWER_CHARS:,})"
    return stored, ""


def _describe_error(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:
        text = ""
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def _describe(expected) -> str:
    if isinstance(expected, pd.DataFrame):
        return "\n" + expected.to_string(max_rows=20)
    if isinstance(expected, float):
        return f"{expected:.4g}"
    return str(expected)


# --- progress ---------------------------------------------------------------------------------
def progress(session: str | None = None) -> pd.DataFrame:
    """What is done, per session: ``session``, ``id``, ``prompt``, ``status``, ``attempts``.

    One row per exercise — status is the latest check's, as its cell shows it (a reflection is ``saved``), or
    ``not attempted``; ``attempts`` counts different answers checked (re-running a cell with the same answer is
    not another attempt) — then one row per take-away of the session (a SWOT, a
    self-assessment, a SMART goal: ``saved`` once it is in the workspace).
    ``table.attrs["summary"]`` says how many are done per session.
    """
    table = exercises(session)
    data = workspace.load()
    answers = data["answers"]
    table["status"] = [_status(answers.get(i)) for i in table["id"]]
    table["attempts"] = [int(answers.get(i, {}).get("attempts", 0)) for i in table["id"]]
    table = table[["session", "id", "prompt", "status", "attempts"]]
    rows = []
    for t in takeaways(session):
        value = data.get(t.section, {}).get(t.key)
        rows.append((t.session, t.id, t.summary(value), "saved" if t.is_done(value) else "not attempted", 0))
    if rows:
        table = pd.concat([table, pd.DataFrame(rows, columns=table.columns)], ignore_index=True)
    table.attrs["summary"] = table.groupby("session")["status"].apply(
        lambda s: f"{int(s.isin(DONE).sum())}/{len(s)} done").to_dict()
    return table


def room(workspaces: list[dict] | str | os.PathLike) -> pd.DataFrame:
    """Faculty view: one row per participant, one column per exercise, the latest status in each cell.

    Parameters
    ----------
    workspaces : list of dict, or a folder of exported workspace files
        A file in the folder that is not a usable workspace is skipped with a warning naming it.

    Returns
    -------
    DataFrame
        Indexed by ``participant`` (the display name; two participants with the same name
        stay two rows, told apart by a short id); ``attrs["participant_id"]`` maps each row
        label to the participant's id.
    """
    if not isinstance(workspaces, list):
        workspaces = workspace.collect(workspaces)
    ids = list(exercises()["id"])
    rows, pids = [], {}
    for pid, label, ws in workspace.members(workspaces):
        answers = ws.get("answers") if isinstance(ws, dict) else None
        answers = answers if isinstance(answers, dict) else {}
        rows.append({"participant": label, **{e: _status(answers.get(e)) for e in ids}})
        pids[label] = pid
    table = pd.DataFrame(rows, columns=["participant"] + ids).set_index("participant")
    table.attrs["participant_id"] = pids
    return table


def _status(record) -> str:
    """The latest status of a saved answer (older workspaces kept the best in ``status``, the latest in
    ``last_status``)."""
    if not isinstance(record, dict):
        return "not attempted"
    status = record.get("last_status") or record.get("status")
    return status if status in STATUSES else "not attempted"
