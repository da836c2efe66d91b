"""Paired before/after comparisons: did a training change knowledge or confidence?

:func:`paired` compares two measurements of the same people (a pre-test and a post-test):
the mean change with a t interval, the paired t-test, and two effect sizes —

* Cohen's d_z = mean change ÷ standard deviation of the changes (the standardized mean
  change the paired t-test is built on; t = d_z·√n);
* d_av = mean change ÷ the average of the two standard deviations (comparable with a
  two-group d; Lakens 2013, *Front Psychol* 4:863).

People with either measurement missing are left out and counted (``n_excluded``), never
silently. A group with fewer than ``min_cell`` people shows no statistics (CMS cell-size rule); an
``n_excluded`` from 1 to ``min_cell − 1`` is hidden too, with its group (its ``n`` is the group's size minus it).

What a pre/post design without a comparison group cannot tell: whether the change was caused by
the training (people also learn from practice, from the test itself, or regress towards the
mean), or whether it lasts.

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"pre": [50, 60, 55, 70, 65], "post": [58, 66, 61, 80, 67]})
>>> r = paired(df, "pre", "post", min_cell=0)
>>> float(r.loc[0, "mean_change"]), round(float(r.loc[0, "t"]), 3)
(6.4, 4.824)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import t_quantile
from ..data.suppression import check_min_cell, suppress

__all__ = ["paired", "COLUMNS"]

#: Statistic columns of :func:`paired` (after the ``by`` columns).
COLUMNS = ["n", "n_excluded", "mean_before", "mean_after", "mean_change", "sd_change", "ci_low", "ci_high",
           "t", "df", "p_value", "d_z", "d_av", "suppressed"]


def _stats(before: np.ndarray, after: np.ndarray, conf: float) -> list:
    from scipy import stats as st

    ok = ~(np.isnan(before) | np.isnan(after))
    b, a = before[ok], after[ok]
    n = int(ok.sum())
    d = a - b
    if n < 2:
        return [n, int((~ok).sum()), *([np.nan] * 11)]
    mean, sd = float(d.mean()), float(d.std(ddof=1))
    se = sd / np.sqrt(n)
    half = float(t_quantile(conf, n - 1)) * se
    t = mean / se if se > 0 else np.nan
    p = float(2 * st.t.sf(abs(t), n - 1)) if se > 0 else np.nan
    sd_av = (b.std(ddof=1) + a.std(ddof=1)) / 2
    return [n, int((~ok).sum()), float(b.mean()), float(a.mean()), mean, sd, mean - half, mean + half,
            t, n - 1, p, mean / sd if sd > 0 else np.nan, mean / sd_av if sd_av > 0 else np.nan]


def paired(data: pd.DataFrame, before: str, after: str, *, by: str | list[str] | None = None,
           conf: float = 0.95, min_cell: int = 11) -> pd.DataFrame:
    """Mean change from ``before`` to ``after`` in the same people, with a t interval, t-test and effect sizes.

    Parameters
    ----------
    data : DataFrame
        One row per person (or person × module).
    before, after : str
        Numeric columns measured on the same people (e.g. ``pre_score`` and ``post_score``).
    by : str or list of str, optional
        Groups to compare (e.g. ``"module"``); one row per group.
    conf : float, default 0.95
    min_cell : int, default 11
        A group with 1 to ``min_cell − 1`` complete pairs shows no statistics (and, with
        complementary suppression, neither does the next smallest group); so does a group with 1 to
        ``min_cell − 1`` people left out (``n_excluded`` is hidden: the group's size minus ``n`` gives it).

    Returns
    -------
    DataFrame
        The ``by`` columns and :data:`COLUMNS`: ``n`` complete pairs, ``n_excluded`` rows with a
        missing measurement, the two means, ``mean_change`` with ``ci_low``/``ci_high``,
        ``sd_change``, the paired ``t``, ``df``, two-sided ``p_value``, ``d_z`` and ``d_av``.

    Raises
    ------
    ValueError
        A missing or non-numeric column, or no complete pair at all.
    """
    by_cols = [by] if isinstance(by, str) else list(by or [])
    for col in [before, after, *by_cols]:
        if col not in data.columns:
            raise ValueError(f"paired(): no column {col!r}; columns present: {', '.join(map(repr, data.columns))}.")
    for col in (before, after):
        if not pd.api.types.is_numeric_dtype(data[col]):
            raise ValueError(f"paired(): column {col!r} must hold numbers (it is {data[col].dtype}); convert it with "
                             "pd.to_numeric first.")
    complete = data[before].notna() & data[after].notna()
    if not complete.any():
        raise ValueError(f"paired(): no row has both {before!r} and {after!r}: nothing to compare. Are they the "
                         "right columns (post-test scores exist only for people who completed)?")
    groups = data.groupby(by_cols, observed=True, sort=True) if by_cols else [((), data)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        rows.append([*key, *_stats(part[before].to_numpy(float), part[after].to_numpy(float), conf)])
    out = pd.DataFrame(rows, columns=by_cols + COLUMNS[:-1])
    hide, hide_excluded = _hidden(out["n"].to_numpy(np.int64), out["n_excluded"].to_numpy(np.int64), min_cell)
    out["suppressed"] = hide
    out.loc[hide, COLUMNS[:-1]] = np.nan
    out.loc[hide_excluded, "n_excluded"] = np.nan
    out[["n", "n_excluded"]] = out[["n", "n_excluded"]].astype("Int64")   # counts, shown as whole numbers (<NA> hidden)
    out.attrs.update(before=before, after=after, by=by_cols, conf=conf, min_cell=min_cell,
                     **{k: data.attrs[k] for k in ("synthetic", "label", "source_name", "period") if k in data.attrs})
    return out


def _hidden(n: np.ndarray, excluded: np.ndarray, min_cell: int):
    """Groups to hide and ``n_excluded`` counts to hide (``equitylab.privacy``): the complete pairs and the
    people left out are the two cells of each group, whose size may be known (a representation table of
    the same people), and all of them add up to the rows of the data. An ``n_excluded`` from 1 to 10 is
    hidden, and the group's ``n`` with it (``n`` is the group's size minus it)."""
    k = len(n)
    lines = [np.arange(2 * k)] + [[i, k + i] for i in range(k)] + ([np.arange(k), np.arange(k, 2 * k)] if k > 1 else [])
    h = suppress(np.r_[n, excluded], lines, min_cell=check_min_cell(min_cell))
    return h[:k], h[k:]
