"""One checker per exercise kind: ``(exercise, answer, expected) -> Feedback``.

What each kind checks (said plainly, so "correct" means what it says):

* ``number`` — one number, within the tolerance the prompt states (a proportion to two
  decimals). "57%" for 0.57 is correct; a bare 57 is "close" with a note on units; "close" is
  also a sign slip or a value rounded too far — a value from the wrong row is "incorrect".
* ``dataframe`` — a table with the required key and value columns; every value within
  tolerance after matching rows on the key columns. Extra columns are ignored.
* ``choice`` — one of the listed options: its letter, its number counted from 1, its text
  (with or without the letter), or a unique short form; case and spacing ignored.
* ``classification`` — every item (by its text or its number, counted from 1) sorted into the
  right category; 75% or more is "close".
* ``reflection`` — free text, checked only for being present and substantive (at least
  ``min_words`` words). It is "saved", never graded.
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

def _plural(n: int, word: str, plural: str | None = None) -> str:
    """``1 word``, ``2 words``."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _as_number(answer):
    """(value, problem, percent_sign) from an int, float, numpy scalar, one-element array/Series, or '12%'."""
    if isinstance(answer, bool):
        return None, "a True/False value", False
    if isinstance(answer, numbers.Number):
        return float(answer), None, False
    if isinstance(answer, np.ndarray) and answer.size == 1:
        return float(answer.reshape(-1)[0]), None, False
    if isinstance(answer, pd.Series) and len(answer) == 1:
        return float(answer.iloc[0]), None, False
    if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        return float(answer.iloc[0, 0]), None, False
    if isinstance(answer, str):
        text = answer.strip().replace(",", "")
        m = re.fullmatch(r"([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*(%?)", text)
        if m:
            return float(m[1]), None, bool(m[2])
        return None, f"the text {answer!r}", False
    kind = type(answer).__name__
    if isinstance(answer, (pd.DataFrame, pd.Series, np.ndarray, list, tuple)):
        return None, f"a {kind} with {len(answer)} values", False
    return None, f"a {kind}", False


def _rounded_too_far(value: float, expected: float, digits: int) -> bool:
    """True when ``value`` is ``expected`` rounded (or cut) to fewer decimals than the prompt asks for."""
    for d in range(max(digits - 2, 0), digits):
        if value != 0 and (math.isclose(value, round(expected, d), abs_tol=1e-9)
                           or math.isclose(value, math.trunc(expected * 10 ** d) / 10 ** d, abs_tol=1e-9)):
            return True
    return False


def _check_number(ex: Exercise, answer, expected) -> Feedback:
    """Correct within the tolerance the prompt states (a proportion to two decimals: ±0.005).

    The same rules in every exercise: a proportion (``percent=True``) may also be given as a
    whole percent with a % sign ("57%" is 0.57: correct); given as a bare 57 it is "close"
    with a note on units. A percentage or percentage-point answer (``percent=False``) reads
    "68%" as 68; 0.68 is "close". "Close" is also a sign slip or a value rounded to fewer
    decimals than asked — any other value (e.g. from the wrong row) is "incorrect".
    """
    value, problem, pct_sign = _as_number(answer)
    if value is None:
        return Feedback("incorrect", f"this exercise asks for a single number, but the answer is {problem}.")
    if math.isnan(value):
        return Feedback("incorrect", "the answer is NaN (not a number): a step produced a missing value.")
    expected = float(expected)
    tol = ex.tolerance + 1e-9
    if ex.percent and pct_sign:
        value /= 100
    if abs(value - expected) <= tol:
        return Feedback("correct", "well done.")
    if ex.percent and not pct_sign and abs(value / 100 - expected) <= tol:
        return Feedback("close", "the number is right but the units are not: give it as a proportion "
                        "(e.g. 0.12 for 12%) or with a % sign (\"12%\").")
    if not ex.percent and ex.unit == "percent" and abs(value * 100 - expected) <= tol:
        return Feedback("close", "the number is right but the units are not: give it in percent or "
                        "percentage points (e.g. 12, not 0.12).")
    if expected != 0 and abs(value + expected) <= tol:
        return Feedback("close", "the size is right but the sign is not: check which group is subtracted from which.")
    if _rounded_too_far(value, expected, ex.digits):
        return Feedback("close", f"nearly there — the answer is rounded too far: give "
                        f"{_plural(ex.digits, 'decimal place')}.")
    return Feedback("incorrect", "not yet.")


_LETTER = re.compile(r"^\(?([a-z])[\).:]\s+(.*)$")


def _choose(options: list[str], answer):
    """The option an answer means: its letter, its number counted from 1, its text (with or without
    the letter), or a unique short form ("Session 4"). ``None`` if it means none or several."""
    norm = lambda s: " ".join(str(s).lower().replace("–", "-").replace("—", "-").split())  # noqa: E731
    if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
        return options[answer - 1] if 1 <= answer <= len(options) else None
    if not isinstance(answer, str):
        return None
    text = norm(answer)
    if text.isdigit():
        i = int(text)
        return options[i - 1] if 1 <= i <= len(options) else None
    letter = re.fullmatch(r"\(?([a-z])[\).:]?", text)   # "b", "b)", "(b)", "b."
    if letter:
        i = ord(letter[1]) - ord("a")
        return options[i] if 0 <= i < len(options) else None
    m = _LETTER.match(text)
    candidates = [text] + ([m[2]] if m else [])
    for t in candidates:
        exact = [o for o in options if norm(o) == t]
        if exact:
            return exact[0]
    for t in candidates:
        if len(t) < 3:
            continue
        hits = [o for o in options if t in norm(o)] or [o for o in options if norm(o) in t]
        if len(hits) > 1:  # the longest option contained in the answer wins ("… plan (community …)")
            inside = [o for o in hits if norm(o) in t]
            hits = [max(inside, key=len)] if inside and len({len(o) for o in inside}) == len(inside) else hits
        if len(hits) == 1:
            return hits[0]
    return None


def _check_choice(ex: Exercise, answer, expected) -> Feedback:
    options = ex.options or []
    chosen = _choose(options, answer)
    if chosen is None:
        return Feedback("incorrect", "choose one of the options (its letter, its number or its text): "
                        + "; ".join(f"{chr(97 + i)}) {o}" for i, o in enumerate(options)))
    wanted = expected if isinstance(expected, (list, tuple, set)) else [expected]
    if chosen in wanted:
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
    items = ex.items or list(expected)
    given = {(items[int(k) - 1] if str(k).isdigit() and 1 <= int(k) <= len(items) else k): v
             for k, v in given.items()}   # an item may be given by its number, counted from 1
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
        details.append(f"{_plural(len(missing), 'item')} not sorted yet: " + "; ".join(missing[:4]) +
                       (" …" if len(missing) > 4 else ""))
    if right == total:
        return Feedback("correct", f"all {total} items are in the right place.")
    share = right / total
    if share >= 0.75 and not missing:
        return Feedback("close", f"{right} of {total} in the right place — {wrong} to move.", details=details)
    return Feedback("incorrect", f"{right} of {total} in the right place.", details=details)


def _check_reflection(ex: Exercise, answer, expected) -> Feedback:
    """A reflection is saved, never graded: any text is "saved"; a short one gets a nudge."""
    if not isinstance(answer, str):
        return Feedback("not attempted", "write your reflection as text between quotes, e.g. \"\"\"...\"\"\".")
    words = re.findall(r"\w+", answer)
    note = "" if len(words) >= ex.min_words else (f" If you can, say a little more — two or three sentences "
                                                   f"(about {ex.min_words} words or more).")
    return Feedback("saved", f"your reflection is saved ({_plural(len(words), 'word')}). Reflections are not "
                    "graded: faculty may ask you to share yours with the room." + note)


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
        needs = "column" if len(missing) == 1 else "columns"
        return Feedback("incorrect", f"the table needs the {needs} {', '.join(map(repr, missing))}; it has "
                        f"{', '.join(map(repr, ans.columns))}.")
    exp = expected[cols]
    got = ans[cols]
    if keys:
        exp = exp.assign(**{k: exp[k].astype(str) for k in keys}).set_index(keys)
        got = got.assign(**{k: got[k].astype(str) for k in keys}).set_index(keys)
        missing_rows = [i for i in exp.index if i not in got.index]
        if missing_rows:
            return Feedback("incorrect", f"{_plural(len(missing_rows), 'expected row')} missing, e.g. "
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
    if ex.percent and (ok | np.isclose(a / 100, e, atol=ex.tolerance, equal_nan=True)).all():
        return Feedback("close", "the values are right but in percent: give proportions (0.12, not 12).")
    bad = [f"{c}: {_plural(int((~ok[:, j]).sum()), 'value')} off" for j, c in enumerate(values) if (~ok[:, j]).any()]
    rounded = ok | np.isclose(a, np.round(e, 1), atol=1e-9) | np.isclose(a, np.round(e, 0), atol=1e-9)
    if rounded.all():   # only values rounded further than asked: "close"; any other value is "incorrect"
        return Feedback("close", f"{int(ok.sum())} of {ok.size} values match; the others are rounded too far — "
                        "keep two decimals.", details=bad)
    return Feedback("incorrect", f"{int(ok.sum())} of {ok.size} values match.", details=bad)


CHECKERS = {"number": _check_number, "choice": _check_choice, "classification": _check_classification,
             "reflection": _check_reflection, "dataframe": _check_dataframe}

