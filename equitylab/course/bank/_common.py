"""Shared by the session banks: the standardized synthetic encounters every answer key starts from."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ...data import real
from ...data.synthetic import encounters

__all__ = ["encounters_std", "PROPORTION", "PERCENT_POINTS"]


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
