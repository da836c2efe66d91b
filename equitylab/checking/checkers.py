"""One checker per exercise kind: ``(exercise, answer, expected) -> Feedback``.

What each kind checks (said plainly, so "correct" means what it says):

* ``number`` — one number, within an absolute tolerance. Percent vs proportion (12 vs
  0.12) is "close", with a note on units.
* ``dataframe`` — a table with the required key and value columns; every value within
  tolerance after matching rows on the key columns. Extra columns are ignored.
* ``choice`` — one of the listed options (case and spacing ignored).
* ``classification`` — every item sorted into the right category; 75% or more is "close".
* ``reflection`` — free text, checked only for being present and substantive (at least
  ``min_words`` words). It is saved, not graded.
"""
from __future__ import annotations

import math
import numbers
import re

import numpy as np
import pandas as pd

from .feedback import Feedback
from .registry import Exercise

__all__ = ["CHECKERS"]

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


CHECKERS = {"number": _check_number, "choice": _check_choice, "classification": _check_classification,
             "reflection": _check_reflection, "dataframe": _check_dataframe}

