"""Shared by the session banks: the standardized synthetic encounters every answer key starts from."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import pandas as pd

from ...data import real
from ...data.synthetic import encounters

__all__ = ["encounters_std", "PROPORTION", "PERCENT_POINTS", "EXPLANATIONS", "explains", "pct"]


@lru_cache(maxsize=4)
def _encounters_std(n: int, seed: int) -> pd.DataFrame:
    enc = encounters(n=n, seed=seed)
    enc["race_ethnicity"], _ = real.standardize(enc["race_ethnicity"], "race_ethnicity")
    enc["language"], _ = real.standardize(enc["language"], "language")
    return enc


def encounters_std(n: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """The default synthetic encounters with race/ethnicity and language standardized.

    A fresh copy each call (the cached frame is never handed out), so a caller that
    changes it cannot change a later answer key.
    """
    return _encounters_std(int(n), int(seed)).copy()


#: How every proportion exercise states its precision (the checks accept exactly this).
PROPORTION = ("Give a proportion rounded to two decimals (e.g. 0.57), or a whole percent with a % sign "
              '(e.g. "57%").')
#: How every percentage(-point) exercise states its precision.
PERCENT_POINTS = "Give a whole number of percentage points (e.g. 12 for 12 points)."


#: Exercise id -> the function that writes its explanation for the answer key (see :func:`explains`).
EXPLANATIONS: dict[str, Callable[[], tuple[str, str]]] = {}


def explains(exercise_id: str):
    """Register the answer key's explanation of one exercise, written next to the exercise in its session's bank.

    The decorated function returns ``(how, wrong)``: how the answer is computed, and the common wrong answer
    and why it is wrong. It is called when the answer key is built, so every number in it is computed from the
    data the answer itself comes from — never typed.

    Examples
    --------
    >>> @explains("doc.example")
    ... def _():
    ...     return "6 × 7 = 42.", "24 (6 + 7 + 11): adding, not multiplying."
    >>> EXPLANATIONS["doc.example"]()[0]
    '6 × 7 = 42.'
    """
    def register(fn):
        EXPLANATIONS[exercise_id] = fn
        return fn
    return register


def pct(share: float, digits: int = 0) -> str:
    """A share as a percent for an explanation: ``pct(0.7252)`` → ``'73%'``."""
    return f"{100 * share:.{digits}f}%"
