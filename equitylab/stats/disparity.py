"""Summary measures of disparity across groups, as in NCI's HD*Calc.

Notation (shared/reference/measures.md): groups j = 1..J with n_j people, rate r_j,
population share p_j = n_j / Σ n_k, population-weighted mean μ = Σ p_j r_j.
Sources: Harper S, Lynch J. *Methods for Measuring Cancer Disparities*. NCI Surveillance
Monograph Series No. 6, 2005; HD*Calc help pages; Pearcy JN, Keppel KG. Public Health
Reports 2002;117:273–280 (index of disparity).

=========================  ========  =====================================================
measure                    kind      formula
=========================  ========  =====================================================
range_difference           absolute  max r_j − min r_j
between_group_variance     absolute  Σ p_j (r_j − μ)²
range_ratio                relative  max r_j / min r_j (NaN, with a warning, if min is 0)
index_of_disparity         relative  [(1/J) Σ |r_j − r_ref|] / r_ref × 100, r_ref = μ
                                     (default) or the best group's rate
index_of_disparity_        relative  [Σ p_j |r_j − r_ref|] / r_ref × 100 (population shares
weighted                             as weights; same reference)
theil_index                relative  Σ p_j (r_j/μ) ln(r_j/μ)   (groups with r_j > 0)
mean_log_deviation         relative  Σ p_j ln(μ / r_j)          (groups with r_j > 0)
=========================  ========  =====================================================

Example
-------
>>> import pandas as pd, equitylab as el
>>> table = pd.DataFrame({"group": ["A", "B", "C"], "n": [400, 300, 300], "rate": [0.05, 0.10, 0.20]})
>>> round(float(el.disparity(table)["index_of_disparity"]), 2)
48.48
"""
from __future__ import annotations

import warnings
from typing import Iterable, Literal

import numpy as np
import pandas as pd

__all__ = ["disparity", "excess_events", "MEASURES"]

#: The measures returned, in order, with their kind.
MEASURES = {
    "range_difference": "absolute",
    "between_group_variance": "absolute",
    "range_ratio": "relative",
    "index_of_disparity": "relative",
    "index_of_disparity_weighted": "relative",
    "theil_index": "relative",
    "mean_log_deviation": "relative",
}


def disparity(stratified: pd.DataFrame, *, index_reference: Literal["total", "best"] = "total",
              exclude: Iterable = (), higher_is_better: bool | None = None) -> pd.Series:
    """Summary disparity measures over the groups of a stratified table that show a rate.

    Parameters
    ----------
    stratified : DataFrame
        A result of :func:`equitylab.stratify` (or any table with ``n`` and ``rate``
        columns). Suppressed groups (no rate shown) are left out.
    index_reference : {"total", "best"}, default "total"
        Reference rate of the index of disparity: the total population's rate μ
        (Pearcy & Keppel 2002), or the best group's rate (Keppel et al. 2005), where
        "best" follows the measure's direction.
    exclude : iterable of labels
        Groups to leave out, e.g. the non-answers ``equitylab.standards.NOT_VALID``
        ("Declined", "Unknown", "Missing", "Unmapped"), which are not population groups.
    higher_is_better : bool, optional
        Direction for ``index_reference="best"``; defaults to the table's
        ``attrs["higher_is_better"]``, else ``False``.

    Returns
    -------
    Series
        Indexed ``range_difference``, ``between_group_variance``, ``range_ratio``,
        ``index_of_disparity``, ``theil_index``, ``mean_log_deviation``. ``attrs``
        lists the groups used and any left out (and why).

    Examples
    --------
    >>> import pandas as pd
    >>> from equitylab import disparity
    >>> t = pd.DataFrame({"n": [400, 300, 300], "rate": [0.05, 0.10, 0.20]})
    >>> disparity(t)[["range_difference", "range_ratio"]].round(3).tolist()
    [0.15, 4.0]
    """
    if not isinstance(stratified, pd.DataFrame):
        raise TypeError("disparity() takes the DataFrame returned by equitylab.stratify().")
    for col in ("n", "rate"):
        if col not in stratified.columns:
            raise ValueError(f"disparity(): column {col!r} not found. Pass the result of equitylab.stratify() "
                             f"(columns present: {', '.join(map(repr, stratified.columns))}).")
    if index_reference not in ("total", "best"):
        raise ValueError(f"index_reference={index_reference!r}: use 'total' or 'best'.")
    labels, keep, left_out = _groups_with_rates(stratified, exclude)
    used = stratified[keep]
    if len(used) < 2:
        note = (f"No summary disparity measure: they compare at least two groups with a shown rate, and "
                f"this table has {len(used)} (left out: "
                f"{'; '.join(f'{g} ({why})' for g, why in left_out.items()) or 'none'}). "
                f"Combine small groups or use a longer period.")
        warnings.warn(note, stacklevel=2)
        result = pd.Series(np.nan, index=list(MEASURES), name=stratified.attrs.get("outcome"))
        result.attrs.update({"groups_used": [lab[0] if len(lab) == 1 else lab for lab, k in zip(labels, keep) if k],
                             "left_out": left_out, "left_out_of_log_measures": [], "note": note,
                             "kinds": dict(MEASURES), "synthetic": stratified.attrs.get("synthetic", False)})
        return result
    n = used["n"].to_numpy(dtype=float)
    r = used["rate"].to_numpy(dtype=float)
    p = n / n.sum()
    mu = float(np.sum(p * r))
    if higher_is_better is None:
        higher_is_better = bool(stratified.attrs.get("higher_is_better", False))

    r_ref = mu if index_reference == "total" else float(r.max() if higher_is_better else r.min())
    used_labels = [lab[0] if len(lab) == 1 else lab for lab, k in zip(labels, keep) if k]
    values, zero_groups = _summary(r, p, mu, r_ref, used_labels)
    result = pd.Series(values, index=list(MEASURES), name=stratified.attrs.get("outcome"))
    result.attrs.update({
        "groups_used": used_labels,
        "left_out": left_out,
        "left_out_of_log_measures": zero_groups,
        "mean_rate": mu,
        "index_reference": index_reference,
        "index_reference_rate": r_ref,
        "kinds": dict(MEASURES),
        "synthetic": stratified.attrs.get("synthetic", False),
    })
    return result


def _summary(r: np.ndarray, p: np.ndarray, mu: float, r_ref: float, labels: list) -> tuple[list, list]:
    """The measures of :data:`MEASURES`, in order, from rates ``r`` and population shares ``p``."""
    rd = float(r.max() - r.min())
    bgv = float(np.sum(p * (r - mu) ** 2))
    if r.min() > 0:
        rr = float(r.max() / r.min())
    else:
        warnings.warn("range_ratio is undefined because the lowest group rate is 0; it is returned as NaN.",
                      stacklevel=3)
        rr = float("nan")
    idisp = float(np.mean(np.abs(r - r_ref)) / r_ref * 100) if r_ref > 0 else float("nan")
    idisp_w = float(np.sum(p * np.abs(r - r_ref)) / r_ref * 100) if r_ref > 0 else float("nan")
    pos = r > 0
    zero_groups = [lab for lab, rate_j in zip(labels, r) if rate_j <= 0]
    if not pos.all():
        warnings.warn(f"{(~pos).sum()} group(s) with a rate of 0 are left out of theil_index and "
                      "mean_log_deviation (the logarithm of 0 is undefined).", stacklevel=3)
    pp = p[pos] / p[pos].sum()
    mu_pos = float(np.sum(pp * r[pos]))
    theil = float(np.sum(pp * (r[pos] / mu_pos) * np.log(r[pos] / mu_pos))) if pos.any() else float("nan")
    mld = float(np.sum(pp * np.log(mu_pos / r[pos]))) if pos.any() else float("nan")
    return [rd, bgv, rr, idisp, idisp_w, theil, mld], zero_groups


def _groups_with_rates(stratified: pd.DataFrame, exclude: Iterable):
    """Labels of every group, a mask of those used, and why each other group was left out."""
    by = stratified.attrs.get("by") or [c for c in stratified.columns if c not in _STAT_COLUMNS][:1]
    labels = [tuple(str(v) for v in row) for row in stratified[by].itertuples(index=False, name=None)] if by else \
        [(str(i),) for i in stratified.index]
    excluded = {str(x) if not isinstance(x, tuple) else tuple(map(str, x)) for x in exclude}
    keep_mask = []
    left_out = {}
    for lab, (n, r) in zip(labels, stratified[["n", "rate"]].itertuples(index=False, name=None)):
        name = lab[0] if len(lab) == 1 else lab
        if name in excluded or any(v in excluded for v in lab):
            left_out[name] = "excluded"
            keep_mask.append(False)
        elif pd.isna(r) or pd.isna(n):
            left_out[name] = "suppressed"
            keep_mask.append(False)
        else:
            keep_mask.append(True)
    return labels, np.asarray(keep_mask), left_out


_STAT_COLUMNS = {"n", "n_bucket", "events", "mean", "sd", "rate", "ci_low", "ci_high", "suppressed", "reference",
                 "rate_difference", "rd_ci_low", "rd_ci_high", "rate_ratio", "rr_ci_low", "rr_ci_high"}


def excess_events(stratified: pd.DataFrame, *, exclude: Iterable = ()) -> pd.DataFrame:
    """Events that would not have happened if each group had the reference group's rate.

    For an adverse outcome (lower is better), excess_j = (r_j − r_ref) × n_j for groups
    whose rate is worse than the reference, 0 otherwise; for a favourable outcome
    (``higher_is_better``) the missed events are (r_ref − r_j) × n_j. Suppressed and
    excluded groups are left out (and listed in ``attrs["left_out"]``).

    Parameters
    ----------
    stratified : DataFrame
        A result of :func:`equitylab.stratify` with a reference group.
    exclude : iterable of labels
        Groups to leave out, e.g. ``equitylab.standards.NOT_VALID``.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``n``, ``rate``, ``reference_rate`` and ``excess`` (events, not
        rounded); ``attrs["total"]`` is their sum.

    Examples
    --------
    >>> import pandas as pd, equitylab as el
    >>> df = pd.DataFrame({"g": ["A"] * 200 + ["B"] * 100, "y": [1] * 20 + [0] * 180 + [1] * 30 + [0] * 70})
    >>> round(float(el.excess_events(el.stratify(df, "y", by="g")).attrs["total"]), 1)
    20.0
    """
    if not isinstance(stratified, pd.DataFrame):
        raise TypeError(f"excess_events() takes the DataFrame returned by equitylab.stratify(), not a "
                        f"{type(stratified).__name__} ({str(stratified)[:40]!r}): pass the table itself, e.g. "
                        f"el.excess_events(el.stratify(df, 'ed_lwbs', by='race_ethnicity')).")
    for col in ("n", "rate", "reference"):
        if col not in stratified.columns:
            raise ValueError("excess_events() takes the DataFrame returned by equitylab.stratify().")
    if not stratified["reference"].any():
        raise ValueError("This table has no reference group (all groups suppressed?), so excess events "
                         "cannot be computed.")
    by = stratified.attrs.get("by") or [stratified.columns[0]]
    ref_rate = float(stratified.loc[stratified["reference"], "rate"].iloc[0])
    better_high = bool(stratified.attrs.get("higher_is_better", False))
    excluded = {str(x) for x in exclude}
    keep = ~stratified["suppressed"] & ~stratified[by].astype(str).isin(excluded).any(axis=1)
    out = stratified.loc[keep, by + ["n", "rate"]].copy()
    out["reference_rate"] = ref_rate
    gap = (ref_rate - out["rate"]) if better_high else (out["rate"] - ref_rate)
    out["excess"] = (gap.clip(lower=0) * out["n"].astype(float)).to_numpy()
    out = out.reset_index(drop=True)
    out.attrs["total"] = float(out["excess"].sum())
    out.attrs["left_out"] = [tuple(r) if len(by) > 1 else r[0] for r in
                             stratified.loc[~keep, by].itertuples(index=False, name=None)]
    out.attrs["outcome"] = stratified.attrs.get("outcome")
    out.attrs["synthetic"] = stratified.attrs.get("synthetic", False)
    return out
