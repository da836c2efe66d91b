"""Does leadership reflect the community it serves? Representation ratios and pipeline rates.

* :func:`representation` — at each level of an organization, the share of people in each
  group with a Wilson interval, beside the group's share of a benchmark population (the
  service area, or the patients), and the **representation ratio** = share at the level ÷
  share in the benchmark (1 = the level looks like the community; 0.5 = half as many as
  expected). The benchmark population is a census-sized count, so its share is treated as
  known: the ratio's interval is the share's Wilson interval divided by the benchmark share.
* :func:`pipeline` — hiring, promotion and exit rates by group within each level, each one a
  stratified rate (:func:`equitylab.stratify`) against a reference group.
* :func:`minority` — collapses race/ethnicity into the benchmark survey's two groups
  ("Racial/ethnic minority" and "White"), keeping non-answers apart.

Small numbers at the top (a board of 15) are handled like any other small cell: a count from
1 to ``min_cell − 1`` is never shown (CMS cell-size rule, with complementary suppression
within each level), and every share carries its interval.

Example
-------
>>> import pandas as pd
>>> people = pd.DataFrame({"level": ["Board"] * 15, "group": ["Minority"] * 2 + ["White"] * 13})
>>> t = representation(people, {"Minority": 0.45, "White": 0.55}, level="level", by="group", min_cell=0)
>>> round(float(t.loc[0, "ratio"]), 3)
0.296
"""
from __future__ import annotations

import re

import warnings
from typing import Sequence

import numpy as np
import pandas as pd

from ..data import standards as S
from .intervals import wilson_interval
from .stratify import stratify
from ..data.suppression import check_min_cell, hidden_groups, suppress

__all__ = ["representation", "pipeline", "minority", "benchmark_shares", "MINORITY", "WHITE"]

MINORITY = "Racial/ethnic minority"
WHITE = "White"


def minority(values) -> pd.Series:
    """Race/ethnicity collapsed to the benchmark survey's groups: ``"White"`` or ``"Racial/ethnic minority"``.

    Every standard category other than White (including Multiple categories) counts as a
    minority, as in the benchmark survey; non-answers (Declined, Unknown, Missing,
    Unmapped) keep their own label, so nothing is silently counted on either side.

    Examples
    --------
    >>> minority(["White", "Asian", "Declined"]).tolist()
    ['White', 'Racial/ethnic minority', 'Declined']
    """
    s = pd.Series(values, dtype="object")
    s = s.where(s.notna(), S.MISSING)
    nonanswer = s.isin(list(S.NOT_VALID))
    out = np.where(s == S.WHITE, WHITE, np.where(nonanswer, s, MINORITY))
    cats = [MINORITY, WHITE] + [c for c in S.NOT_VALID if c in set(s)]
    return pd.Series(pd.Categorical(out, categories=cats), index=values.index if isinstance(values, pd.Series) else None, name="group")


def benchmark_shares(population: pd.DataFrame | pd.Series | dict, *, by: str = "race_ethnicity",
                     weight: str | None = "population", groups=None) -> pd.Series:
    """Each group's share of a benchmark population (e.g. :func:`equitylab.datasets.community`).

    Parameters
    ----------
    population : DataFrame, Series or dict
        A table with a ``by`` column and a ``weight`` column of counts (or one row per
        person when ``weight=None``), or ready-made shares ``{group: share}``.
    groups : callable, optional
        Applied to the ``by`` column first (e.g. :func:`minority`).

    Examples
    --------
    >>> pop = pd.DataFrame({"race_ethnicity": ["White", "Asian"], "population": [550, 450]})
    >>> benchmark_shares(pop, groups=minority).round(2).to_dict()
    {'Racial/ethnic minority': 0.45, 'White': 0.55}
    """
    if isinstance(population, dict):
        population = pd.Series(population, dtype=float)
    if isinstance(population, pd.Series):
        shares = population.astype(float)
        if ((shares < 0) | (shares > 1)).any():
            raise ValueError("benchmark shares must be proportions between 0 and 1 (e.g. 0.45, not 45).")
        return shares
    if by not in population.columns or (weight and weight not in population.columns):
        raise ValueError(f"benchmark_shares(): the population table needs the columns {by!r} and {weight!r}; "
                         f"it has {', '.join(map(repr, population.columns))}.")
    key = groups(population[by]) if groups else population[by]
    counts = population[weight] if weight else pd.Series(1, index=population.index)
    totals = counts.groupby(np.asarray(key, dtype=object)).sum()
    return totals / totals.sum()


def representation(people: pd.DataFrame, benchmark, *, level: str = "role_level", by: str = "race_ethnicity",
                   groups=None, min_cell: int = 11, public_levels: Sequence = (), conf: float = 0.95) -> pd.DataFrame:
    """Representation of each group at each level, against a benchmark population.

    Parameters
    ----------
    people : DataFrame
        One row per person (e.g. the people in post from :func:`equitylab.datasets.workforce`).
    benchmark : Series, dict or DataFrame
        Each group's share of the population served, or a population table for
        :func:`benchmark_shares` (``race_ethnicity`` and ``population`` columns).
    level, by : str
        The level column (in its own order if categorical) and the group column.
    groups : callable, optional
        Applied to the ``by`` column of both tables first, e.g. :func:`minority`.
    min_cell : int, default 11
        Counts from 1 to ``min_cell − 1`` are hidden, with complementary suppression within
        each level. ``min_cell=0`` shows everything.
    public_levels : list, optional
        Levels whose membership is public (e.g. ``["Board", "Executive"]``): shown in full, with
        their (wide) intervals, while every other level keeps the ``min_cell`` rule.
    conf : float, default 0.95
        Confidence level of the Wilson interval.

    Returns
    -------
    DataFrame
        One row per level × group: ``level`` and ``group`` (named after the inputs), ``count``,
        ``n`` (people at the level), ``share`` with ``ci_low``/``ci_high``, ``benchmark``,
        ``ratio`` (share ÷ benchmark) with ``ratio_ci_low``/``ratio_ci_high``, ``suppressed``.

    Raises
    ------
    ValueError
        A missing column, or a group with no benchmark share (the message names it).
    """
    unknown = set(public_levels) - set(people[level].dropna().astype(str)) if level in people.columns else set()
    if unknown:
        raise ValueError(f"representation(public_levels=...): no level {', '.join(map(repr, sorted(unknown)))} in "
                         f"the {level!r} column.")
    for col in (level, by):
        if col not in people.columns:
            raise ValueError(f"representation(): no column {col!r}; columns present: "
                             f"{', '.join(map(repr, people.columns))}.")
    if isinstance(benchmark, pd.DataFrame):
        bench = benchmark_shares(benchmark, by=by, groups=groups)
    else:
        bench = benchmark_shares(benchmark)
    key = groups(people[by]) if groups else people[by]
    key = pd.Series(np.asarray(key, dtype=object), index=people.index)
    missing = sorted(set(key.dropna()) - set(bench.index))
    if missing:
        raise ValueError(f"representation(): no benchmark share for {', '.join(map(repr, missing))}; add it to the "
                         f"benchmark (groups present there: {', '.join(map(repr, bench.index))}).")
    lv = people[level]
    level_order = list(lv.cat.categories) if isinstance(lv.dtype, pd.CategoricalDtype) else sorted(lv.dropna().unique())
    group_order = [g for g in bench.index if g in set(key)] + [g for g in dict.fromkeys(key.dropna()) if g not in bench.index]
    counts = pd.crosstab(lv, key).reindex(index=level_order, columns=group_order, fill_value=0)
    counts = counts[counts.sum(axis=1) > 0]
    hidden_cells = _hidden_across_levels(counts, set(public_levels), min_cell)
    rows = []
    for (lvl, row), hide in zip(counts.iterrows(), hidden_cells):
        c = row.to_numpy(np.int64)
        n = int(c.sum())
        lo, hi = wilson_interval(c, np.full(len(c), n), conf)
        for g, k, h, a, b in zip(row.index, c, hide, lo, hi):
            rows.append((lvl, g, k, n, k / n, a, b, float(bench[g]), h))
    t = pd.DataFrame(rows, columns=[level, by, "count", "n", "share", "ci_low", "ci_high", "benchmark", "suppressed"])
    t["ratio"] = t["share"] / t["benchmark"]
    t["ratio_ci_low"] = t["ci_low"] / t["benchmark"]
    t["ratio_ci_high"] = t["ci_high"] / t["benchmark"]
    hidden = t["suppressed"].to_numpy(bool)
    t["count"] = t["count"].astype("Int64").mask(hidden)
    for col in ("share", "ci_low", "ci_high", "ratio", "ratio_ci_low", "ratio_ci_high"):
        t.loc[hidden, col] = np.nan
    t[level] = pd.Categorical(t[level], categories=level_order, ordered=True)
    t.attrs.update(level=level, by=by, min_cell=min_cell, conf=conf, public_levels=list(public_levels),
                   **{k: people.attrs[k] for k in ("synthetic", "label", "source_name", "period") if k in people.attrs})
    return t


def _hidden_across_levels(counts: pd.DataFrame, public: set, min_cell: int) -> np.ndarray:
    """Cells to hide in a level × group table (``equitylab.privacy``): each level's row is a line (its ``n``
    is shown) and so is each group's column (its total over the levels may be known, e.g. the workforce by
    race and ethnicity), so a hidden cell is not given back by differencing across levels. Public levels
    (counts that are public anyway, such as the board) are shown and are no line's protection."""
    c = counts.to_numpy(np.int64)
    private = np.array([lvl not in public for lvl in counts.index], dtype=bool)
    hidden = np.zeros(c.shape, dtype=bool)
    if not private.any() or check_min_cell(min_cell) == 0:
        return hidden
    sub = c[private]
    k, g = sub.shape
    idx = np.arange(k * g).reshape(k, g)
    lines = [idx[i] for i in range(k)] + ([idx[:, j] for j in range(g)] if k > 1 else [])
    hidden[private] = suppress(sub.ravel(), lines, min_cell=min_cell).reshape(k, g)
    return hidden


def pipeline(people: pd.DataFrame, events: Sequence[str] = ("hired_2025", "promoted_2025", "exited_2025"), *,
             level: str = "role_level", by: str = "race_ethnicity", groups=None, reference=WHITE,
             min_cell: int = 11) -> pd.DataFrame:
    """Hiring, promotion and exit rates by group within each level — where does representation drop?

    Each event column (True/False per person) is stratified within each level by
    :func:`equitylab.stratify` (Wilson intervals, rate difference and ratio against
    ``reference``, CMS suppression within the level). Levels where no one had the event are
    kept with a zero rate; a level whose groups are all hidden shows as suppressed.

    Returns
    -------
    DataFrame
        ``event``, the level column, the group column, and stratify's columns ``n``, ``events``,
        ``rate``, ``ci_low``, ``ci_high``, ``suppressed``, ``rate_difference``, ``rd_ci_low``,
        ``rd_ci_high``, ``rate_ratio``, ``rr_ci_low``, ``rr_ci_high``.
    """
    missing = [c for c in (level, by, *events) if c not in people.columns]
    if missing:
        raise ValueError(f"pipeline(): no column(s) {', '.join(map(repr, missing))}; columns present: "
                         f"{', '.join(map(repr, people.columns))}.")
    data = people.assign(**{by: groups(people[by]).to_numpy() if groups else people[by]})
    lv = data[level]
    level_order = list(lv.cat.categories) if isinstance(lv.dtype, pd.CategoricalDtype) else sorted(lv.dropna().unique())
    parts, hidden = [], []
    keep = ["n", "events", "rate", "ci_low", "ci_high", "suppressed", "rate_difference", "rd_ci_low",
            "rd_ci_high", "rate_ratio", "rr_ci_low", "rr_ci_high"]
    for event in events:
        for lvl in level_order:
            sub = data[data[level] == lvl]
            if sub[by].nunique() < 2:
                continue
            with warnings.catch_warnings():  # a fully hidden level is reported once, in attrs["note"]
                warnings.filterwarnings("ignore", message="Every group is suppressed")
                t = stratify(sub.assign(**{event: sub[event].astype(float)}), event, by=by, min_cell=min_cell,
                             reference=_reference(sub, event, by, reference, min_cell))
            if t["suppressed"].all():
                hidden.append(f"{_event_words(event)} at {lvl}")
            t.insert(0, level, lvl)
            t.insert(0, "event", event)
            parts.append(t[["event", level, by] + keep])
    out = pd.concat(parts, ignore_index=True)
    out[level] = pd.Categorical(out[level], categories=level_order, ordered=True)
    note = (f"No rate shown (counts 1–{min_cell - 1} or complementary suppression): " + "; ".join(hidden) + ".") if hidden else ""
    out.attrs.update(level=level, by=by, min_cell=min_cell, reference=reference, note=note,
                     **{k: people.attrs[k] for k in ("synthetic", "label", "source_name", "period") if k in people.attrs})
    return out


def _event_words(event: str) -> str:
    """A column name as words for a note: "hired_2025" -> "hired in 2025"."""
    m = re.fullmatch(r"(.+?)_?(\d{4})", str(event))
    return f"{m[1].replace('_', ' ')} in {m[2]}" if m else str(event).replace("_", " ")


def _reference(sub, event, by, reference, min_cell):
    """The requested reference group, or None (stratify's default) when it is hidden or absent in this level."""
    n = sub.groupby(by, observed=True)[event].agg(["size", "sum"])
    if reference not in n.index:
        return None
    hide = hidden_groups(n["size"].to_numpy(), n["sum"].to_numpy(np.int64), min_cell=min_cell)
    return None if hide[list(n.index).index(reference)] else reference
