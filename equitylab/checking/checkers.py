"""One checker per exercise kind: ``(exercise, answer, expected) -> Feedback``.

What each kind checks (said plainly, so "correct" means what it says):

* ``number`` — one number, within the tolerance the prompt states (a proportion to two
  decimals). "57%" for 0.57 is correct; a bare 57 is "close" with a note on units; "close" is
  also a value rounded too far, or a sign slip where the answer is a difference
  (``difference=True``) — a value from the wrong row is "incorrect". A number in a few words is
  read ("about 6 percent" is 6%); words with no number are "not checked" (not an attempt).
* ``dataframe`` — a table with the required key and value columns; every value within
  tolerance after matching rows on the key columns. Extra columns are ignored.
* ``choice`` — exactly one of the listed options: its letter, its number counted from 1 (2 or
  2.0), its text (with or without the letter), an alias the exercise lists, or a short form
  that fits one option only; case and spacing ignored. When every option carries a number of
  its own ("Session 3", "Session 4"), a bare number is the number written in an option, not its
  position. A word one typo away from exactly one word of the options (:func:`one_edit`, words of
  5 letters or more) is read as that word. An answer naming several options, or ruling one out
  ("not …", "except …"), is answered "choose one option"; words that match no option get "couldn't
  match that — did you mean b) …?" (:func:`nearest`). Neither is an attempt: status "not checked".
* ``classification`` — every item (by its text or its number, counted from 1) sorted into the
  right category (its name, singular or plural, or any start of it that fits one category
  only: S/W/O/T, int/ext; one letter off in a long word or an item's text is forgiven: "strenghts");
  75% or more is "close". Unknown item numbers, items and
  categories are named in the feedback, and item numbers counted from 0 get a note.
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

__all__ = ["CHECKERS", "choose", "nearest", "one_edit", "numbered_options", "category_forms", "short_categories"]

def _plural(n: int, word: str, plural: str | None = None) -> str:
    """``1 word``, ``2 words``."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?\s*%?")
_DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+\s*%?")


#: Words around a number that do not change it ("about 6 percent", "~0.06", "roughly 6 pct").
_ABOUT = re.compile(r"^(?:(?:about|around|approximately|approx\.?|roughly|nearly|almost|circa|ca\.|"
                    r"~|≈|=)\s*)+")
_PERCENT_WORDS = re.compile(r"\s*(?:%|percent(?:age)?(?:\s+points?)?|per\s*cent|pct|p\.?p\.?|points?|pts)\.?$")


def _text_number(answer: str):
    """(value, problem, percent_sign) from text: "0.28", "28%", "1,234" (thousands), "0,28" (decimal comma), and a
    number in a few words: "about 6 percent" (6 with a percent sign), "roughly 0.06", "6 percentage points"."""
    text = _ABOUT.sub("", answer.strip().lower())
    words = _PERCENT_WORDS.search(text)
    if words and words.start() > 0:
        text = text[: words.start()] + "%"
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    m = re.fullmatch(r"([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*(%?)", text)
    if m:
        return float(m[1]), None, bool(m[2])
    return None, f"the text {answer!r}", False


def _as_number(answer):
    """(value, problem, percent_sign) from an int, float, numpy scalar, a one-element list, array, Series or
    DataFrame, or text ('12%', '0,28'). A missing value (NaN, pandas' <NA>) gives NaN; anything else that is
    not one real number names what it is."""
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        answer = answer[0]
    elif isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.reshape(-1)[0]
    elif isinstance(answer, pd.Series) and len(answer) == 1:
        answer = answer.iloc[0]
    elif isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        answer = answer.iloc[0, 0]
    if isinstance(answer, (bool, np.bool_)):
        return None, "a True/False value", False
    if isinstance(answer, str):
        return _text_number(answer)
    if isinstance(answer, (list, tuple, pd.DataFrame, pd.Series, np.ndarray)):
        return None, f"a {type(answer).__name__} with {_plural(len(answer), 'value')}", False
    try:
        if pd.isna(answer):
            return float("nan"), None, False
    except (TypeError, ValueError):
        pass
    if isinstance(answer, numbers.Complex) and not isinstance(answer, numbers.Real):
        return None, f"a complex number ({answer})", False
    if isinstance(answer, numbers.Real):
        try:
            return float(answer), None, False
        except OverflowError:
            return None, "a number too large to be a rate or a count", False
    return None, f"a {type(answer).__name__}", False


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
    "68%" as 68; 0.68 is "close". "Close" is also a value rounded to fewer decimals than asked,
    or — only for an exercise whose answer is a difference (``difference=True``) — a sign slip.
    Any other value (e.g. from the wrong row, or a share given as negative) is "incorrect".
    """
    value, problem, pct_sign = _as_number(answer)
    if value is None and isinstance(answer, str):        # words, not a number: not an attempt
        example = '0.06 or "6%"' if ex.percent else "6"
        return Feedback("not checked", f"couldn't read a number in {answer.strip()[:60]!r} — give one number, "
                        f"e.g. {example}. This try was not counted.")
    if value is None:
        return Feedback("incorrect", f"this exercise asks for a single number, but the answer is {problem}.")
    if math.isnan(value):
        return Feedback("incorrect", "the answer is missing (NaN or <NA>): a step produced a missing value — a "
                        "suppressed count or rate, for instance, is not shown by design; take the row the question names.")
    expected = float(expected)
    tol = ex.tolerance + 1e-9
    if ex.percent and pct_sign:
        value /= 100
    # correct: within the tolerance of the answer, or of the answer as a table shows it (one decimal more than
    # asked: 0.035 shown for 0.0349, read off and rounded to 0.04, is right)
    if abs(value - expected) <= tol or abs(value - round(expected, ex.digits + 1)) <= tol:
        return Feedback("correct", "well done.")
    if ex.percent and not pct_sign and abs(value / 100 - expected) <= tol:
        return Feedback("close", "the number is right but the units are not: give it as a proportion "
                        "(e.g. 0.12 for 12%) or with a % sign (\"12%\").")
    if not ex.percent and ex.unit == "percent" and abs(value * 100 - expected) <= tol:
        return Feedback("close", "the number is right but the units are not: give it in percent or "
                        "percentage points (e.g. 12, not 0.12).")
    if ex.difference and expected != 0 and abs(value + expected) <= tol:
        return Feedback("close", "the size is right but the sign is not: check which group is subtracted from which.")
    if _rounded_too_far(value, expected, ex.digits):
        return Feedback("close", f"nearly there — the answer is rounded too far: give "
                        f"{_plural(ex.digits, 'decimal place')}.")
    return Feedback("incorrect", "not yet.")


from .choices import TYPO_MIN_LETTERS, choose, nearest, numbered_options, one_edit  # noqa: E402,F401


def _check_choice(ex: Exercise, answer, expected) -> Feedback:
    """One option chosen: "correct" or "incorrect". An answer that chooses no option — words that match none, several
    options, an option ruled out — is not an attempt: "not checked", with the nearest option offered."""
    options = ex.options or []
    chosen, problem = choose(options, answer, ex.aliases)
    if chosen is None:
        how = "its letter or its text" if numbered_options(options) else "its letter, its number or its text"
        letter = {o: f"{chr(97 + i)}) {o}" for i, o in enumerate(options)}
        listed = "; ".join(letter.values())
        if problem:
            return Feedback("not checked", f"{problem} This try was not counted. Options: {listed}")
        near = nearest(options, answer, ex.aliases)
        if near:
            return Feedback("not checked", f"couldn't match that — did you mean {' or '.join(letter[o] for o in near)}?"
                            f" Answer with {how}; this try was not counted.")
        return Feedback("not checked", f"couldn't match that to an option — answer with {how}; this try was not "
                        f"counted. Options: {listed}")
    wanted = expected if isinstance(expected, (list, tuple, set)) else [expected]
    if chosen in wanted:
        return Feedback("correct", f"“{chosen}” is right.")
    return Feedback("incorrect", f"“{chosen}” is not the best answer.")


def _normalise_classification(answer) -> list[tuple]:
    """Accept {item: category} or {category: [items]}; return [(item key, category), ...] as given."""
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, pd.DataFrame) and answer.shape[1] >= 2:
        answer = dict(zip(answer.iloc[:, 0], answer.iloc[:, 1]))
    if not isinstance(answer, dict):
        raise TypeError("give a dict such as {'item': 'category'} or {'category': ['item', ...]}")
    out = []
    for k, v in answer.items():
        if isinstance(v, (list, tuple, set)):
            out += [(item, k) for item in v]
        elif v is not Ellipsis and v is not None:
            out.append((k, v))
    return out


def _cat_norm(text) -> str:
    return " ".join(str(text).lower().replace("_", " ").replace("-", " ").split())


def category_forms(categories) -> dict[str, str]:
    """Every accepted spelling of each category -> the category: its name (any case), singular or
    plural, and any start of it that fits that category only ("s", "str" -> "strengths").

    >>> category_forms(["internal", "external"])["ext"]
    'external'
    """
    cats = list(dict.fromkeys(categories))
    forms = {}
    for c in cats:
        name = _cat_norm(c)
        singular = name[:-3] + "y" if name.endswith("ies") else name.rstrip("s")
        for form in {name, singular, singular + "s", name + "s"}:
            forms[form] = c
        for n in range(1, len(name)):
            if not any(_cat_norm(o).startswith(name[:n]) for o in cats if o != c):
                forms.setdefault(name[:n], c)
    return forms


def _category_of(value, forms: dict, cats) -> str | None:
    """The category a typed word names: one of its :func:`category_forms`, a British spelling of it
    ("organisation"), or a longer word built on its name ("organizational")."""
    text = _cat_norm(value)
    for form in dict.fromkeys((text, text.replace("isation", "ization"))):
        if form in forms:
            return forms[form]
        built_on = {c for c in cats if len(_cat_norm(c)) >= 5 and form.startswith(_cat_norm(c))}
        if len(built_on) == 1:
            return built_on.pop()
    typo = {c for f, c in forms.items() if len(f) >= TYPO_MIN_LETTERS and one_edit(text, f)} \
        if len(text) >= TYPO_MIN_LETTERS else set()        # one letter off ("strenghts")
    return typo.pop() if len(typo) == 1 else None


def short_categories(categories) -> list[str]:
    """The shortest start of each category that fits it only (["S", "W", "O", "T"] for a SWOT)."""
    forms = category_forms(categories)
    return [min((f for f, c in forms.items() if c == cat), key=len).upper() for cat in dict.fromkeys(categories)]


def _item_of(key, items: list[str]):
    """(item, problem) for a key: an item's number counted from 1, or its text."""
    number = key if isinstance(key, numbers.Real) and not isinstance(key, bool) else None
    if isinstance(key, str) and re.fullmatch(r"\s*\d+\s*", key):
        number = int(key)
    if number is not None and float(number).is_integer():
        n = int(number)
        if 1 <= n <= len(items):
            return items[n - 1], None
        return None, f"{n} is not an item number: the items are numbered 1 to {len(items)}"
    wanted = _cat_norm(key)
    found = [i for i in items if _cat_norm(i) == wanted] or [i for i in items if one_edit(wanted, _cat_norm(i))]
    found = found if len(found) == 1 else [i for i in found if _cat_norm(i) == wanted]
    return (found[0], None) if found else (None, f"“{str(key)[:60]}” is not one of the items (give its number "
                                                 f"1–{len(items)} or its full text)")


def _check_classification(ex: Exercise, answer, expected: dict) -> Feedback:
    try:
        pairs = _normalise_classification(answer)
    except TypeError as exc:
        return Feedback("incorrect", f"this exercise sorts items into categories: {exc}.")
    items = ex.items or list(expected)
    cats = ex.categories or list(dict.fromkeys(expected.values()))
    forms = category_forms(cats)
    given, problems, zero = {}, [], False
    for key, value in pairs:
        item, problem = _item_of(key, items)
        zero = zero or problem is not None and str(key).strip() == "0"
        cat = _category_of(value, forms, cats)
        if cat is None:
            problem = (problem + "; " if problem else "") + (
                f"“{str(value)[:40]}” is not a category: use {', '.join(map(repr, cats))} "
                f"(or {', '.join(short_categories(cats))})")
        if problem:
            problems.append(problem + ".")
        if item is not None:
            given[item] = cat
    if zero:
        problems.insert(0, f"Items are counted from 1 (the first item is 1, the last {len(items)}), not from 0.")
    right = sum(given.get(item) == cat for item, cat in expected.items())
    missing = [item for item in expected if item not in given]
    total = len(expected)
    details = list(dict.fromkeys(problems))
    if missing:
        details.append(f"{_plural(len(missing), 'item')} not sorted yet: " + "; ".join(missing[:4]) +
                       (" …" if len(missing) > 4 else ""))
    if right == total and not problems:
        return Feedback("correct", f"all {total} items are in the right place.")
    if right == total:
        return Feedback("close", f"all {total} items are in the right place, but the answer has more in it:",
                        details=details)
    if right / total >= 0.75 and not missing:
        return Feedback("close", f"{right} of {total} in the right place — {total - right} to move.",
                        details=details)
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
    series = None
    if isinstance(answer, pd.Series):
        series = answer.name
        answer = answer.reset_index()
    if not isinstance(answer, pd.DataFrame):
        return Feedback("incorrect", f"this exercise asks for a table (a DataFrame), but the answer is a "
                        f"{type(answer).__name__}.")
    keys = ex.keys or []
    cols = ex.columns or list(expected.columns)
    ans = answer.reset_index() if any(k not in answer.columns for k in keys) else answer
    missing = [c for c in cols if c not in ans.columns]
    if missing and series is not None:    # one column picked out of the table: say so in the learner's terms
        return Feedback("incorrect", f"this is one column ({series!r}), but the exercise asks for a table with the "
                        f"columns {', '.join(map(repr, cols))}: keep them with table[{cols!r}].")
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

