"""Stratified quality measures: rates by group with confidence intervals, comparisons and suppression.

:func:`stratify` runs in two layers. The aggregation pass
(:func:`equitylab.aggregate.aggregate`, pandas or DuckDB) reduces rows to counts and sums
per group; :func:`from_aggregate` computes every statistic from that small table. A
hospital can therefore aggregate its extract anywhere (pandas, DuckDB, its own SQL
warehouse) and hand Equity Lab only the counts.

Formulas (shared/reference/measures.md):

* Rate r = e/n. Wilson score interval (default), Clopper–Pearson ``"exact"``, or Wald.
  Continuous outcome: mean ± t(n−1)·s/√n.
* Rate difference r_j − r_ref: Newcombe's hybrid score interval from the two Wilson
  intervals (with ``ci="wilson"``), Wald otherwise; Welch t for means.
* Rate ratio r_j / r_ref: exp(log RR ± z·√((1−r_j)/e_j + (1−r_ref)/e_ref)); for means the
  delta method on the log scale.
* Suppression: the disclosure-control rule of :mod:`equitylab.privacy` (CMS cell-size policy).
  A group whose denominator, events or non-events are 1 to ``min_cell − 1`` shows no count
  and no rate, only a size band; complementary suppression hides more groups until no hidden
  count follows from the table's total or, with several ``by`` columns, from a margin; the
  overall rate of a table with a hidden group is withheld (the shown groups' rate is given).

Example
-------
>>> import equitylab as el
>>> enc = el.datasets.encounters(n=5_000)
>>> enc["race_ethnicity"], _ = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")
>>> table = el.stratify(enc, "readmit_30d", by="race_ethnicity")
>>> table[["race_ethnicity", "n", "rate", "suppressed"]].head(2)  # doctest: +SKIP
"""
from __future__ import annotations

import warnings
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from ..data import standards as S
from ..data import measures
from .aggregate import _aggregate, _as_list, aggregate  # noqa: F401
from ..data import suppression as privacy
from ..data.safefiles import normalise_labels
from .intervals import CI_METHODS as _CI, t_quantile, wilson_interval, z_quantile  # noqa: F401

__all__ = ["stratify", "from_aggregate", "wilson_interval", "N_BUCKETS", "COLUMNS"]

CIMethod = Literal["wilson", "exact", "wald"]
#: Size bands shown for every group (the only size shown for a suppressed group): ``equitylab.privacy.BANDS``.
N_BUCKETS = privacy.BANDS
#: Statistic columns of a binary result (after the ``by`` columns).
COLUMNS = ["n", "n_bucket", "events", "rate", "ci_low", "ci_high", "suppressed", "reference",
           "rate_difference", "rd_ci_low", "rd_ci_high", "rate_ratio", "rr_ci_low", "rr_ci_high"]


def stratify(data, outcome: str, by: str | Sequence[str], *, reference=None, min_cell: int = 11,
             ci: CIMethod = "wilson", level: float = 0.95, kind: Literal["binary", "continuous"] | None = None,
             higher_is_better: bool | None = None, engine: Literal["auto", "pandas", "duckdb"] = "auto",
             ) -> pd.DataFrame:
    """Rates of a quality measure by group, with confidence intervals and comparison to a reference.

    Parameters
    ----------
    data : DataFrame, DuckDB relation, or path to a parquet/CSV file
        One row per patient or encounter.
    outcome : str
        Column holding the measure: 0/1 (binary; missing where it does not apply) or
        a number (continuous, e.g. a satisfaction score).
    by : str or list of str
        Grouping column(s). Several columns give intersections (e.g. race/ethnicity
        within interpreter need). A missing value is its own group, ``"Missing"``.
    reference : None, "best", or a group label
        The comparison group for ``rate_difference`` and ``rate_ratio``. ``None``
        (default): the largest group with a shown rate that is not a non-answer
        (Declined, Unknown, Missing, Unmapped). ``"best"``: the group with the best
        shown rate (lowest, or highest when ``higher_is_better``). A label (a tuple
        with several ``by`` columns) names the group.
    min_cell : int, default 11
        Counts from 1 to ``min_cell − 1`` are never shown (CMS cell-size policy).
        ``min_cell=0`` turns suppression off — only for analysts inside the hospital.
    ci : {"wilson", "exact", "wald"}, default "wilson"
        Interval for a proportion. Continuous outcomes always use the t interval.
    level : float, default 0.95
        Confidence level.
    kind : {"binary", "continuous"}, optional
        Inferred from the values when omitted (only 0 and 1 -> binary).
    higher_is_better : bool, optional
        Direction of the measure; defaults to the data dictionary for the Equity Lab
        outcomes (e.g. ``crc_screened``) and to ``False`` (adverse outcome) otherwise.
    engine : {"auto", "pandas", "duckdb"}
        Where the aggregation pass runs; both give identical results.

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, then ``n`` (rows with the outcome),
        ``n_bucket`` (size band, shown even when ``n`` is hidden), ``events`` (binary)
        or ``mean`` and ``sd`` (continuous), ``rate`` (the proportion, or the mean),
        ``ci_low``, ``ci_high``, ``suppressed``, ``reference`` (is this the reference
        group), ``rate_difference`` with ``rd_ci_low``/``rd_ci_high``, and
        ``rate_ratio`` with ``rr_ci_low``/``rr_ci_high``. Hidden counts are ``<NA>``
        and hidden rates ``NaN``. ``attrs`` records the outcome, reference, the synthetic
        label and the totals that may be shown (``equitylab.privacy.table_totals``: ``rows``,
        ``n_total``, ``rows_missing_outcome``, ``overall_rate`` — ``None``/``NaN`` and listed
        in ``withheld`` when they would give a hidden count away — and ``n_shown``,
        ``overall_rate_shown_groups`` for the shown groups).

    Raises
    ------
    ValueError
        A missing column (the message lists the columns present), empty data, an
        outcome missing in every row, a single group, a non-binary outcome with
        ``kind="binary"``, an unknown or suppressed reference group.

    Examples
    --------
    >>> import pandas as pd, equitylab as el
    >>> df = pd.DataFrame({"group": ["A"] * 400 + ["B"] * 300 + ["C"] * 300,
    ...                    "y": [1] * 20 + [0] * 380 + [1] * 30 + [0] * 270 + [1] * 60 + [0] * 240})
    >>> t = el.stratify(df, "y", by="group")
    >>> t["rate_ratio"].round(2).tolist()
    [1.0, 2.0, 4.0]
    """
    _check_names(data, outcome, by)
    by = _as_list(by)
    if isinstance(outcome, (list, tuple)):
        raise TypeError("stratify() takes one outcome column at a time; loop over outcomes, or use "
                        "equitylab.aggregate() for several at once.")
    _check_options(min_cell, ci, level, kind)
    if isinstance(data, pd.DataFrame) and len(data) == 0:
        raise ValueError("stratify() got an empty DataFrame (0 rows): there is nothing to stratify. "
                         "Check the filter or the file that produced it.")
    agg = _aggregate(data, [outcome], by, engine=engine, what="stratify()")
    attrs = dict(data.attrs) if isinstance(data, pd.DataFrame) else {}
    return from_aggregate(agg, outcome, by, reference=reference, min_cell=min_cell, ci=ci, level=level,
                          kind=kind, higher_is_better=higher_is_better, attrs=attrs)


def _check_names(data, outcome, by) -> None:
    """Column names as stratify() takes them: text. A MultiIndex (tuple names) or integer names are named
    with the fix, not met with ``'int' object is not iterable``."""
    if isinstance(data, pd.DataFrame) and isinstance(data.columns, pd.MultiIndex):
        raise ValueError(f"stratify(): this DataFrame has MultiIndex columns (names such as {data.columns[0]!r}); "
                         f"flatten them first, e.g. df.columns = ['_'.join(map(str, c)) for c in df.columns], "
                         f"then pass the outcome and by as text.")
    for name in [outcome] + (list(by) if isinstance(by, (list, tuple)) else [by]):
        if not isinstance(name, str):
            raise TypeError(f"stratify(): column names are given as text, such as 'race_ethnicity'; got {name!r} "
                            f"({type(name).__name__}). If the columns are numbered, name them first: "
                            f"df.columns = df.columns.astype(str).")


def _check_options(min_cell, ci, level, kind):
    if ci not in _CI:
        raise ValueError(f"ci={ci!r} is not a supported interval; use 'wilson' (default), 'exact' or 'wald'.")
    if not (isinstance(level, (int, float)) and 0 < level < 1):
        raise ValueError(f"level={level!r} must be a probability between 0 and 1, e.g. 0.95.")
    privacy.check_min_cell(min_cell)
    if kind not in (None, "binary", "continuous"):
        raise ValueError(f"kind={kind!r}: use 'binary', 'continuous' or leave it out to infer it.")


def from_aggregate(agg: pd.DataFrame, outcome: str, by: str | Sequence[str], *, reference=None,
                   min_cell: int = 11, ci: CIMethod = "wilson", level: float = 0.95,
                   kind: Literal["binary", "continuous"] | None = None, higher_is_better: bool | None = None,
                   attrs: dict | None = None) -> pd.DataFrame:
    """The statistics layer of :func:`stratify`, computed from an aggregate table alone.

    ``agg`` has the columns of :func:`equitylab.aggregate.aggregate` (``by`` columns,
    ``outcome``, ``rows``, ``n``, ``sum``, ``sumsq``, ``nonbinary``) — produced by
    Equity Lab or by a hospital's own SQL. Parameters and result as in :func:`stratify`.
    """
    by = _as_list(by)
    _check_options(min_cell, ci, level, kind)
    agg = agg[agg["outcome"] == outcome] if "outcome" in agg.columns else agg
    total_rows = int(agg["rows"].sum())
    n = agg["n"].to_numpy(dtype=np.int64)
    if total_rows == 0:
        raise ValueError("stratify(): the data have 0 rows: there is nothing to stratify.")
    if n.sum() == 0:
        raise ValueError(f"Outcome {outcome!r} is missing in all {total_rows:,} rows, so no rate can be computed. "
                         f"Check that the column holds the measure (0/1) and that the filter keeps its denominator.")
    agg = _clean_labels(agg.reset_index(drop=True), by)  # a group with the outcome missing everywhere: n = 0
    n = agg["n"].to_numpy(dtype=np.int64)
    if (n > 0).sum() < 2:
        only = ", ".join(f"{b}={agg.loc[n > 0, b].iloc[0]!r}" for b in by)
        raise ValueError(f"stratify(): every row with {outcome!r} falls in a single group ({only}); a stratified "
                         f"comparison needs at least two groups. Check the `by` column, or that the data were not "
                         f"filtered to one group.")
    kind = _infer_kind(kind, int(agg["nonbinary"].sum()), int(n.sum()), outcome)
    direction_known = higher_is_better is not None or outcome in measures.OUTCOMES
    if higher_is_better is None:
        higher_is_better = measures.higher_is_better(outcome)

    s = agg["sum"].to_numpy(dtype=float)
    out = agg[by].copy()
    binary = kind == "binary"
    e, rate, lo, hi, var, sd = _estimates(binary, n, s, agg["sumsq"].to_numpy(dtype=float), ci, level)
    hidden, bands = _suppress(agg, by, n, e if binary else None, total_rows, min_cell)
    totals = privacy.table_totals(n, hidden, bands, rows=total_rows, sums=s, min_cell=min_cell)
    hidden = hidden[:-1]

    out["n"] = pd.array(np.where(hidden, 0, n), dtype="Int64")
    out.loc[hidden, "n"] = pd.NA
    out["n_bucket"] = bands[:-1]
    if binary:
        out["events"] = pd.array(e, dtype="Int64")
        out.loc[hidden, "events"] = pd.NA
    else:
        out["mean"] = np.where(hidden, np.nan, rate)
        out["sd"] = np.where(hidden, np.nan, sd)
    out["rate"] = np.where(hidden, np.nan, rate)
    out["ci_low"] = np.where(hidden, np.nan, lo)
    out["ci_high"] = np.where(hidden, np.nan, hi)
    out["suppressed"] = hidden

    # --- reference group ---------------------------------------------------------------------
    labels = list(agg[by].itertuples(index=False, name=None))
    nonanswer = np.zeros(len(agg), dtype=bool)
    for b in by:  # per distinct label, not per row of the table
        codes, uniq = pd.factorize(agg[b], use_na_sentinel=False)
        nonanswer |= np.array([str(v) in S.NOT_VALID for v in uniq], dtype=bool)[codes]
    ref_i = _reference_index(reference, labels, by, rate, n, hidden | (n == 0), nonanswer, higher_is_better)
    out["reference"] = False
    if ref_i is None:  # everything suppressed: nothing to compare
        ref_i, no_reference = 0, True
    else:
        no_reference = False
        out.loc[ref_i, "reference"] = True

    diff, d_lo, d_hi, ratio, r_lo, r_hi = _compare(ref_i, rate, lo, hi, var, n, e if binary else None, ci, level)
    if not no_reference and rate[ref_i] == 0:  # x / 0: no ratio, said so rather than shown as infinite
        ratio, r_lo, r_hi = (np.full(len(n), np.nan) for _ in range(3))
        warnings.warn(f"The reference group {labels[ref_i] if len(by) > 1 else labels[ref_i][0]!r} has a rate of 0 "
                      f"(no events), so rate ratios against it are not defined: rate_ratio is NaN, not infinite. Read "
                      f"the rate differences, or choose another reference= (a group with events).", stacklevel=3)
    is_ref = np.arange(len(n)) == ref_i
    for col, val in (("rate_difference", diff), ("rd_ci_low", d_lo), ("rd_ci_high", d_hi),
                     ("rate_ratio", ratio), ("rr_ci_low", r_lo), ("rr_ci_high", r_hi)):
        val = np.where(hidden, np.nan, val)
        if col in ("rd_ci_low", "rd_ci_high", "rr_ci_low", "rr_ci_high"):
            val = np.where(is_ref, np.nan, val)
        out[col] = val

    out.attrs.update(attrs or {})
    out.attrs.update({
        "outcome": outcome,
        "by": by,
        "kind": kind,
        "ci": ci if binary else "t",
        "level": level,
        "min_cell": min_cell,
        "higher_is_better": higher_is_better, "direction_known": direction_known,
        "reference_group": None if no_reference else (labels[ref_i] if len(by) > 1 else labels[ref_i][0]),
        **totals,
        "nonanswer_groups": [lab if len(by) > 1 else lab[0] for lab, na in zip(labels, nonanswer) if na],
    })
    out.attrs["outcome_label"] = measures.label(outcome)
    return out


def _clean_labels(agg: pd.DataFrame, by: list) -> pd.DataFrame:
    """Labels as one group each (``equitylab.data.safefiles.clean_label``: NFC, zero-width and bidi controls
    removed), groups that were one label written two ways merged, and a warning saying what changed."""
    changes = []
    for b in by:
        if agg[b].dtype == object or isinstance(agg[b].dtype, (pd.CategoricalDtype, pd.StringDtype)):
            clean, changed = normalise_labels(agg[b])
            if len(changed):
                agg = agg.assign(**{b: clean})
                changes += [f"{b}: '{r}' → '{c}' ({why})" for r, c, why in changed.itertuples(index=False)]
    if not changes:
        return agg
    warnings.warn(f"Labels cleaned so that one group is one row (Unicode NFC, invisible and bidi control characters "
                  f"removed): {'; '.join(changes[:20])}{' …' if len(changes) > 20 else ''}.", stacklevel=3)
    keys = by + (["outcome"] if "outcome" in agg.columns else [])
    sums = [c for c in agg.columns if c not in keys]
    return agg.groupby(keys, dropna=False, sort=False, observed=True)[sums].sum().reset_index()


def _suppress(agg, by, n, e, total_rows, min_cell):
    """Hidden cells and size bands (``equitylab.privacy``): the groups plus, last, the rows outside the
    denominator. Lines: the whole table (its row count may be known) and, with several ``by`` columns,
    each level of each column (its one-way margin may be published)."""
    cells = np.r_[n, total_rows - n.sum()]
    also = () if e is None else (np.r_[e, 0], np.r_[n - e, 0])
    lines = [np.arange(len(cells))]
    if len(by) > 1:
        for b in by:
            codes = pd.factorize(agg[b])[0]
            lines += [np.flatnonzero(codes == c) for c in np.unique(codes)]
    hidden = privacy.suppress(cells, lines, min_cell=min_cell, also=also)
    return hidden, privacy.size_bands(cells, hidden, lines, also=also, min_cell=min_cell)


def _infer_kind(kind, nonbinary: int, n_total: int, outcome: str) -> str:
    """Binary when every value is 0/1; a stray value in a known 0/1 measure is an error, else a stated warning."""
    if kind is None:
        kind = "binary" if nonbinary == 0 else "continuous"
        if nonbinary and outcome in measures.OUTCOMES:
            raise ValueError(f"Outcome {outcome!r} is a 0/1 measure but {nonbinary:,} value(s) are not 0 or 1 (e.g. "
                             f"a stray 2). Recode them to 0/1 or to missing before stratifying.")
        if nonbinary and nonbinary < 0.05 * n_total:  # mostly 0/1: a binary measure with stray values?
            warnings.warn(f"Outcome {outcome!r} has {nonbinary:,} value(s) other than 0 and 1, so it is treated as "
                          f"continuous (means, t intervals). If it is a 0/1 measure, recode the stray values; pass "
                          f"kind='continuous' to confirm and silence this warning.", stacklevel=4)
    elif kind == "binary" and nonbinary:
        raise ValueError(f"Outcome {outcome!r} was used as binary but {nonbinary:,} values are not 0 or 1. "
                         f"Recode it to 0/1 (1 = the event happened), or pass kind='continuous' for a mean.")
    return kind


def _estimates(binary: bool, n, s, sq, ci, level):
    """Per-group estimates: events, rate (or mean), interval, variance, and (means) the SD."""
    e = sd = None
    with np.errstate(invalid="ignore", divide="ignore"):
        if binary:
            e = np.rint(s).astype(np.int64)
            rate = e / n
            lo, hi = _CI[ci](e, n, level)
            var = rate * (1 - rate) / n
        else:
            rate = s / n
            sd = np.sqrt(np.maximum(sq - n * rate * rate, 0.0) / (n - 1))
            se = sd / np.sqrt(n)
            t = t_quantile(level, np.maximum(n - 1, 1))
            lo, hi = rate - t * se, rate + t * se
            lo = np.where(n > 1, lo, np.nan)
            hi = np.where(n > 1, hi, np.nan)
            var = se * se
    return e, rate, lo, hi, var, sd


def _compare(ref_i, rate, lo, hi, var, n, e, ci, level):
    """Rate difference and ratio of every group against the reference, with their intervals.

    Difference: Newcombe's hybrid score interval (``ci="wilson"``), Wald otherwise, Welch t for
    means (``e is None``). Ratio: log-scale interval (binary: Katz; means: delta method).
    """
    binary = e is not None
    z = z_quantile(level)
    r0, lo0, hi0, var0, n0 = rate[ref_i], lo[ref_i], hi[ref_i], var[ref_i], n[ref_i]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):   # inf/NaN are handled below
        diff = rate - r0
        if binary and ci == "wilson":  # Newcombe (1998) hybrid score, method 10
            d_lo = diff - np.sqrt((rate - lo) ** 2 + (hi0 - r0) ** 2)
            d_hi = diff + np.sqrt((hi - rate) ** 2 + (r0 - lo0) ** 2)
        elif binary:
            se_d = np.sqrt(var + var0)
            d_lo, d_hi = diff - z * se_d, diff + z * se_d
        else:  # Welch
            se_d = np.sqrt(var + var0)
            dof = (var + var0) ** 2 / (var ** 2 / (n - 1) + var0 ** 2 / (n0 - 1))
            tq = t_quantile(level, dof)
            d_lo, d_hi = diff - tq * se_d, diff + tq * se_d
        ratio = rate / r0
        if binary:
            e0 = e[ref_i]
            v_log = (1 - rate) / e + (1 - r0) / e0
        else:
            v_log = var / rate ** 2 + var0 / r0 ** 2
        v_log = np.where(np.isfinite(v_log), v_log, np.nan)
        r_lo = np.exp(np.log(ratio) - z * np.sqrt(v_log))
        r_hi = np.exp(np.log(ratio) + z * np.sqrt(v_log))
    return diff, d_lo, d_hi, ratio, r_lo, r_hi


def _reference_index(reference, labels, by, rate, n, hidden, nonanswer, higher_is_better) -> int | None:
    eligible = ~hidden & ~nonanswer
    if reference is None or (isinstance(reference, str) and reference == "largest"):
        if not eligible.any():
            eligible = ~hidden
        if not eligible.any():
            warnings.warn("Every group is suppressed (small counts, or hidden so that a small one cannot be worked "
                          "out), so no rate and no comparison can "
                          "be shown. Combine small groups or use a longer period.", stacklevel=4)
            return None
        return int(np.argmax(np.where(eligible, n, -1)))
    if isinstance(reference, str) and reference == "best":
        if not eligible.any():
            raise ValueError("reference='best': no group has a shown rate to choose from.")
        score = np.where(eligible, rate, np.nan)
        return int(np.nanargmax(score) if higher_is_better else np.nanargmin(score))
    key = reference if isinstance(reference, tuple) else (reference,)
    if len(key) != len(by):
        raise ValueError(f"reference={reference!r} must name one value for each `by` column {by}, "
                         f"e.g. a tuple with {len(by)} values.")
    matches = [i for i, lab in enumerate(labels) if tuple(str(v) for v in lab) == tuple(str(v) for v in key)]
    if not matches:
        shown = ", ".join(repr(l if len(by) > 1 else l[0]) for l in labels)
        raise ValueError(f"reference={reference!r} is not one of the groups: {shown}.")
    i = matches[0]
    if hidden[i]:
        raise ValueError(f"The reference group {reference!r} is suppressed (fewer than min_cell counts), so "
                         f"comparisons with it cannot be shown. Choose a larger reference group.")
    return i
