"""Exercise checks: each exercise declared once, its expected answer derived from the data at check time.

An exercise is registered with :func:`exercise` (see :mod:`equitylab.bank`); learners
call :func:`check`, which returns a :class:`~equitylab.feedback.Feedback` and never raises
for a wrong, missing or oddly typed answer. The answer is never shown to learners;
in an instructor session (``EQUITYLAB_ROLE=instructor``) incorrect feedback also shows
the expected answer.

What each kind checks (said plainly, so "correct" means what it says):

* ``number`` — one number, within an absolute tolerance. Percent vs proportion (12 vs
  0.12) is "close", with a note on units.
* ``dataframe`` — a table with the required key and value columns; every value within
  tolerance after matching rows on the key columns. Extra columns are ignored.
* ``choice`` — one of the listed options (case and spacing ignored).
* ``classification`` — every item sorted into the right category; 75% or more is "close".
* ``reflection`` — free text, checked only for being present and substantive (at least
  ``min_words`` words). It is saved, not graded.

Example
-------
>>> import equitylab as el
>>> str(el.check("demo.lwbs_rate", ...)).startswith("Not attempted")
True
"""
from __future__ import annotations

import math
import numbers
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import workspace
from .feedback import Feedback

__all__ = ["exercise", "check", "exercises", "progress", "room", "Exercise", "KINDS"]

KINDS = ("number", "dataframe", "choice", "classification", "reflection")


@dataclass
class Exercise:
    """One exercise: where it is, what it asks, how it is checked."""

    id: str
    session: str
    kind: str
    prompt: str
    expected: Callable[[], Any] | None = None
    hints: list[str] = field(default_factory=list)
    tolerance: float = 0.005
    options: list[str] | None = None
    columns: list[str] | None = None   # dataframe: key columns first, then value columns
    keys: list[str] | None = None
    min_words: int = 12
    percent: bool = True               # number: a proportion that may be given as a percent
    explanation: str = ""


_REGISTRY: dict[str, Exercise] = {}


def exercise(id: str, *, session: str, kind: str, prompt: str, hints=(), tolerance: float = 0.005,
             options=None, columns=None, keys=None, min_words: int = 12, percent: bool = True,
             explanation: str = ""):
    """Register an exercise. Used as a decorator on the function that computes the expected answer.

    Examples
    --------
    >>> @exercise("doc.example", session="demo", kind="number", prompt="What is 6 x 7?", percent=False)
    ... def _():
    ...     return 42
    >>> check("doc.example", 42).status
    'correct'
    """
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r}: use one of {KINDS}.")

    def register(fn):
        _REGISTRY[id] = Exercise(id=id, session=session, kind=kind, prompt=prompt, expected=fn,
                                 hints=list(hints), tolerance=tolerance, options=list(options) if options else None,
                                 columns=list(columns) if columns else None, keys=list(keys) if keys else None,
                                 min_words=min_words, percent=percent, explanation=explanation)
        return fn

    return register


def _load_bank():
    from . import bank  # noqa: F401  (registers the exercises)


def get_exercise(exercise_id: str) -> Exercise:
    _load_bank()
    if exercise_id not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise ValueError(f"No exercise {exercise_id!r}. Known exercises: {known}.")
    return _REGISTRY[exercise_id]


def exercises(session: str | None = None) -> pd.DataFrame:
    """All exercises as a table: ``id``, ``session``, ``kind``, ``prompt``.

    Examples
    --------
    >>> import equitylab as el
    >>> list(el.exercises().columns)
    ['id', 'session', 'kind', 'prompt']
    """
    _load_bank()
    rows = [(e.id, e.session, e.kind, e.prompt) for e in _REGISTRY.values()
            if not e.id.startswith("doc.") and (session is None or e.session == session)]
    return pd.DataFrame(rows, columns=["id", "session", "kind", "prompt"])


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
        ``status`` is ``correct``, ``close``, ``incorrect`` or ``not attempted``; its
        text starts with the status. Shows as a coloured box in Jupyter.
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
        fb = _CHECKERS[ex.kind](ex, answer, expected)
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
    status = fb.status if best != "correct" else "correct"
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


# --- the kinds ------------------------------------------------------------------------------
def _as_number(answer):
    """A number from an int, float, numpy scalar, one-element array/Series, or a string like '12%'."""
    if isinstance(answer, bool):
        return None, "a True/False value"
    if isinstance(answer, numbers.Number):
        return float(answer), None
    if isinstance(answer, np.ndarray) and answer.size == 1:
        return float(answer.reshape(-1)[0]), None
    if isinstance(answer, pd.Series) and len(answer) == 1:
        return float(answer.iloc[0]), None
    if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        return float(answer.iloc[0, 0]), None
    if isinstance(answer, str):
        text = answer.strip().replace(",", "")
        m = re.fullmatch(r"([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*(%?)", text)
        if m:
            value = float(m[1])
            return (value / 100 if m[2] else value), None
        return None, f"the text {answer!r}"
    kind = type(answer).__name__
    if isinstance(answer, (pd.DataFrame, pd.Series, np.ndarray, list, tuple)):
        return None, f"a {kind} with {len(answer)} values"
    return None, f"a {kind}"


def _check_number(ex: Exercise, answer, expected) -> Feedback:
    value, problem = _as_number(answer)
    if value is None:
        return Feedback("incorrect", f"this exercise asks for a single number, but the answer is {problem}.")
    if math.isnan(value):
        return Feedback("incorrect", "the answer is NaN (not a number): a step produced a missing value.")
    expected = float(expected)
    tol = ex.tolerance
    if abs(value - expected) <= tol:
        return Feedback("correct", "well done.")
    if ex.percent and expected != 0 and (abs(value / 100 - expected) <= tol or abs(value * 100 - expected) <= 100 * tol):
        unit = "a proportion (e.g. 0.12 for 12%)" if abs(value / 100 - expected) <= tol else "a percentage"
        return Feedback("close", f"the number is right but the units are not: give it as {unit}.")
    if abs(value - expected) <= 5 * tol:
        return Feedback("close", "nearly there — the answer is a little off (rounding, or a slightly different "
                        "denominator?).")
    if expected != 0 and abs(value + expected) <= tol:
        return Feedback("close", "the size is right but the sign is not: check which group is subtracted from which.")
    return Feedback("incorrect", "not yet.")


def _check_choice(ex: Exercise, answer, expected) -> Feedback:
    options = ex.options or []
    norm = lambda s: " ".join(str(s).lower().split())  # noqa: E731
    chosen = answer
    if isinstance(answer, numbers.Integral) and not isinstance(answer, bool) and 0 <= answer < len(options):
        chosen = options[answer]
    if isinstance(answer, str) and len(answer.strip()) == 1 and answer.strip().isalpha():
        i = ord(answer.strip().lower()) - ord("a")
        if 0 <= i < len(options):
            chosen = options[i]
    if not isinstance(chosen, str) or norm(chosen) not in {norm(o) for o in options}:
        return Feedback("incorrect", "choose one of the options: " + "; ".join(f"{chr(97 + i)}) {o}"
                                                                               for i, o in enumerate(options)))
    wanted = expected if isinstance(expected, (list, tuple, set)) else [expected]
    if norm(chosen) in {norm(w) for w in wanted}:
        return Feedback("correct", f"“{chosen}” is right.")
    return Feedback("incorrect", f"“{chosen}” is not the best answer.")


def _normalise_classification(answer) -> dict:
    """Accept {item: category} or {category: [items]} and return {item: category}."""
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, pd.DataFrame) and answer.shape[1] >= 2:
        answer = dict(zip(answer.iloc[:, 0], answer.iloc[:, 1]))
    if not isinstance(answer, dict):
        raise TypeError("give a dict such as {'item': 'category'} or {'category': ['item', ...]}")
    out = {}
    for k, v in answer.items():
        if isinstance(v, (list, tuple, set)):
            for item in v:
                out[str(item).strip()] = str(k).strip()
        elif v is not Ellipsis and v is not None:
            out[str(k).strip()] = str(v).strip()
    return out


def _check_classification(ex: Exercise, answer, expected: dict) -> Feedback:
    try:
        given = _normalise_classification(answer)
    except TypeError as exc:
        return Feedback("incorrect", f"this exercise sorts items into categories: {exc}.")
    norm = lambda s: " ".join(str(s).lower().replace("_", " ").split())  # noqa: E731
    categories = {norm(c): c for c in set(expected.values())}
    aliases = {norm(c).rstrip("s"): c for c in set(expected.values())}
    g = {norm(k): v for k, v in given.items()}
    right, wrong, missing = 0, 0, []
    for item, cat in expected.items():
        if norm(item) not in g:
            missing.append(item)
            continue
        got = norm(g[norm(item)])
        got = categories.get(got) or aliases.get(got.rstrip("s"))
        if got == cat:
            right += 1
        else:
            wrong += 1
    total = len(expected)
    details = []
    if missing:
        details.append(f"{len(missing)} item(s) not sorted yet: " + "; ".join(missing[:4]) +
                       (" …" if len(missing) > 4 else ""))
    if right == total:
        return Feedback("correct", f"all {total} items are in the right place.")
    share = right / total
    if share >= 0.75 and not missing:
        return Feedback("close", f"{right} of {total} in the right place — {wrong} to move.", details=details)
    return Feedback("incorrect", f"{right} of {total} in the right place.", details=details)


def _check_reflection(ex: Exercise, answer, expected) -> Feedback:
    if not isinstance(answer, str):
        return Feedback("incorrect", "write your reflection as text between quotes, e.g. \"\"\"...\"\"\".")
    words = re.findall(r"\w+", answer)
    if len(words) < ex.min_words:
        return Feedback("incorrect", f"say a little more — {len(words)} words so far; aim for at least "
                        f"{ex.min_words} (two or three sentences).")
    return Feedback("correct", f"saved ({len(words)} words). Reflections are not graded: faculty may ask you "
                    "to share yours with the room.")


def _check_dataframe(ex: Exercise, answer, expected: pd.DataFrame) -> Feedback:
    if isinstance(answer, pd.Series):
        answer = answer.reset_index()
    if not isinstance(answer, pd.DataFrame):
        return Feedback("incorrect", f"this exercise asks for a table (a DataFrame), but the answer is a "
                        f"{type(answer).__name__}.")
    keys = ex.keys or []
    cols = ex.columns or list(expected.columns)
    ans = answer.reset_index() if any(k not in answer.columns for k in keys) else answer
    missing = [c for c in cols if c not in ans.columns]
    if missing:
        return Feedback("incorrect", f"the table needs the column(s) {', '.join(map(repr, missing))}; it has "
                        f"{', '.join(map(repr, ans.columns))}.")
    exp = expected[cols]
    got = ans[cols]
    if keys:
        exp = exp.assign(**{k: exp[k].astype(str) for k in keys}).set_index(keys)
        got = got.assign(**{k: got[k].astype(str) for k in keys}).set_index(keys)
        missing_rows = [i for i in exp.index if i not in got.index]
        if missing_rows:
            return Feedback("incorrect", f"{len(missing_rows)} expected row(s) are missing, e.g. "
                            f"{missing_rows[0]!r}. Did a filter drop a group?")
        got = got.loc[~got.index.duplicated()].reindex(exp.index)
    elif len(got) != len(exp):
        return Feedback("incorrect", f"the table has {len(got)} rows; {len(exp)} expected.")
    values = [c for c in cols if c not in keys]
    a = got[values].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    e = exp[values].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    ok = np.isclose(a, e, atol=ex.tolerance, equal_nan=True)
    if ok.all():
        return Feedback("correct", f"all {ok.size} values match.")
    if ex.percent and np.isclose(a / 100, e, atol=ex.tolerance, equal_nan=True).all():
        return Feedback("close", "the values are right but in percent: give proportions (0.12, not 12).")
    bad = [f"{c}: {int((~ok[:, j]).sum())} value(s) off" for j, c in enumerate(values) if (~ok[:, j]).any()]
    status = "close" if ok.mean() >= 0.5 else "incorrect"
    return Feedback(status, f"{int(ok.sum())} of {ok.size} values match.", details=bad)


_CHECKERS = {"number": _check_number, "choice": _check_choice, "classification": _check_classification,
             "reflection": _check_reflection, "dataframe": _check_dataframe}


# --- progress ---------------------------------------------------------------------------------
def progress(session: str | None = None) -> pd.DataFrame:
    """Which exercises are done, per session: ``session``, ``id``, ``prompt``, ``status``, ``attempts``.

    Status is the best so far (``correct`` stays correct) or ``not attempted``.
    """
    table = exercises(session)
    answers = workspace.load()["answers"]
    table["status"] = [answers.get(i, {}).get("status", "not attempted") for i in table["id"]]
    table["attempts"] = [int(answers.get(i, {}).get("attempts", 0)) for i in table["id"]]
    table = table[["session", "id", "prompt", "status", "attempts"]]
    table.attrs["summary"] = table.groupby("session")["status"].apply(lambda s: f"{(s == 'correct').sum()}/{len(s)} done").to_dict()
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
    for i, ws in enumerate(workspaces, 1):
        name = ws.get("participant") or f"participant {i}"
        rows.append({"participant": name, **{e: ws.get("answers", {}).get(e, {}).get("status", "not attempted")
                                             for e in ids}})
    table = pd.DataFrame(rows, columns=["participant"] + ids).set_index("participant")
    return table
