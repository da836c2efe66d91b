"""Small-cell masking for any count table that may hold real patient data.

:func:`equitylab.stratify` and :func:`equitylab.real.audit` suppress by themselves; this masks
other count tables (e.g. the standardization report) before they are shown or shared.

Example
-------
>>> import pandas as pd
>>> from equitylab.privacy import mask_counts
>>> mask_counts(pd.DataFrame({"raw": ["W", "XX"], "count": [500, 3]}))["count"].tolist()
['500', '1–10']
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

__all__ = ["mask_counts", "hidden_groups"]


def mask_counts(table: pd.DataFrame | pd.Series, columns: Iterable[str] = ("count",), *, min_cell: int = 11):
    """A copy with every count from 1 to ``min_cell − 1`` shown as a band ("1–10"), never the number.

    Parameters
    ----------
    table : DataFrame or Series
    columns : column names holding counts (ignored for a Series)
    min_cell : int, default 11 (CMS cell-size policy); 0 returns the table unchanged.
    """
    if min_cell <= 0:
        return table.copy()
    band = f"1–{min_cell - 1}"

    def mask(s: pd.Series) -> pd.Series:
        small = (s >= 1) & (s < min_cell)
        return s.map(lambda v: f"{int(v):,}" if pd.notna(v) else v).where(~small, band)

    if isinstance(table, pd.Series):
        return mask(table)
    out = table.copy()
    for col in columns:
        if col not in out.columns:
            raise ValueError(f"mask_counts(): no column {col!r}; columns present: {', '.join(map(repr, out.columns))}.")
        out[col] = mask(out[col])
    return out


def hidden_groups(n, events=None, min_cell: int = 11) -> np.ndarray:
    """Which groups of one table to hide: the CMS rule with complementary suppression.

    A group is hidden when its denominator ``n`` — or, for a binary measure, its events or
    non-events — is from 1 to ``min_cell − 1``. If that hides exactly one group, the next
    smallest group is hidden too, so the hidden one cannot be recovered by subtraction from
    the total. ``min_cell=0`` hides nothing.

    Examples
    --------
    >>> hidden_groups(np.array([500, 300, 8])).tolist()
    [False, True, True]
    >>> hidden_groups(np.array([500, 300, 80]), events=np.array([50, 30, 75])).tolist()
    [False, True, True]
    """
    n = np.asarray(n, dtype=np.int64)
    if min_cell <= 0:
        return np.zeros(len(n), dtype=bool)

    def small(x):
        return (x >= 1) & (x < min_cell)

    hidden = small(n)
    if events is not None:
        e = np.asarray(events, dtype=np.int64)
        hidden = hidden | small(e) | small(n - e)
    if hidden.sum() == 1:  # complementary: hide the next smallest group as well
        order = np.argsort(np.where(hidden, np.iinfo(np.int64).max, n), kind="stable")
        hidden[order[0]] = True
    return hidden
