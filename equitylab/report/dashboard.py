"""The Equity Performance Dashboard: several quality measures stratified at once, as a table and a figure.

Example
-------
>>> import equitylab as el
>>> data = el.extract.load("synthetic")
>>> dash = el.dashboard(data, by="race_ethnicity")
>>> list(dash.summary.columns)[:3]
['outcome', 'label', 'overall_rate']
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import standards as S
from ..data.suppression import check_min_cell
from ..data.measures import OUTCOMES
from ..stats.aggregate import aggregate
from ..stats.disparity import excess_events
from ..stats.stratify import from_aggregate

__all__ = ["dashboard", "Dashboard", "NO_GAP"]

#: ``worst_group`` of a measure on which no shown group does worse than the reference group.
NO_GAP = "none: no group does worse than the reference"


@dataclass
class Dashboard:
    """Stratified tables for several outcomes plus one summary row per outcome."""

    tables: dict
    summary: pd.DataFrame
    by: list

    def figure(self, outcomes=None):
        """One rates panel per outcome (suppressed groups labelled, synthetic label kept)."""
        outcomes = list(outcomes or self.tables)
        k = len(outcomes)
        rows_per = max(len(t) for t in self.tables.values())
        import matplotlib.pyplot as plt

        from .plots import rates

        fig, axes = plt.subplots(k, 1, figsize=(9, k * (0.34 * rows_per + 1.4)), squeeze=False)
        for ax, outcome in zip(axes[:, 0], outcomes):
            rates(self.tables[outcome], ax=ax)
        first = next(iter(self.tables.values()))
        tag = " · SYNTHETIC DATA" if first.attrs.get("synthetic") else ""
        fig.suptitle(f"Equity Performance Dashboard{tag}", x=0.01, ha="left", fontsize=13, fontweight="bold")
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.4 / fig.get_figheight()))
        return fig

    def _repr_html_(self):
        return self.summary.to_html(index=False, float_format=lambda v: f"{v:.3g}")


def dashboard(data, outcomes=None, *, by="race_ethnicity", min_cell: int = 11, exclude=S.NOT_VALID) -> Dashboard:
    """Stratify several outcomes by one dimension in one aggregation pass.

    Parameters
    ----------
    data : DataFrame, DuckDB relation or parquet/CSV path
    outcomes : list of str, optional
        Default: the Equity Lab outcomes present in ``data``.
    by : str or list of str
    min_cell : int, default 11
        The disclosure-control rule of :mod:`equitylab.privacy` (CMS cell-size policy).
    exclude : labels
        Non-answer groups left out of the summary's ``worst_group`` (still shown in the tables).

    Returns
    -------
    Dashboard
        ``.tables`` (outcome -> stratified table), ``.summary`` (one row per outcome:
        ``outcome``, ``label``, ``overall_rate`` with ``overall_of`` — ``"all groups"``, or
        ``"shown groups"`` when a group is suppressed and the overall rate would give its
        count away (``equitylab.privacy``) —, ``worst_group`` (the shown group doing worst among those
        doing worse than the reference; :data:`NO_GAP` when shown groups are compared with the reference and
        none does worse; None when no group can be compared — all suppressed), ``worst_rate``,
        ``rate_ratio`` with ``rr_ci_low``/``rr_ci_high`` against the reference (missing when no group does worse),
        ``significant`` (CI excludes 1), ``excess_events``, ``suppressed_groups``,
        ``higher_is_better`` — the measure's direction) and
        ``.figure()``.
    """
    by = [by] if isinstance(by, str) else list(by)
    min_cell = check_min_cell(min_cell, "dashboard(): min_cell")
    if outcomes is None:
        cols = data.columns if isinstance(data, pd.DataFrame) else []
        outcomes = [o for o in OUTCOMES if o in cols]
    agg = aggregate(data, list(outcomes), by)
    attrs = dict(data.attrs) if isinstance(data, pd.DataFrame) else {}
    tables, rows = {}, []
    excluded = {str(x) for x in exclude}
    for outcome in outcomes:
        t = from_aggregate(agg, outcome, by, min_cell=min_cell, attrs=attrs)
        tables[outcome] = t
        hib = t.attrs["higher_is_better"]
        cand = t[~t["suppressed"] & t["rate"].notna() & ~t["reference"] & ~t[by].astype(str).isin(excluded).any(axis=1)]
        compared = cand[cand["rate_ratio"].notna()] if t["reference"].any() else cand.iloc[:0]
        if len(compared):              # a gap is a group doing worse than the reference, not merely the lowest rate
            cand = compared[compared["rate_ratio"] < 1] if hib else compared[compared["rate_ratio"] > 1]
        if len(cand):
            worst = cand.loc[cand["rate"].idxmin() if hib else cand["rate"].idxmax()]
            label = " · ".join(str(worst[b]) for b in by)
            rr, lo, hi, wr = worst["rate_ratio"], worst["rr_ci_low"], worst["rr_ci_high"], worst["rate"]
        else:
            label, rr, lo, hi, wr = NO_GAP if len(compared) else None, np.nan, np.nan, np.nan, np.nan
        excess = excess_events(t, exclude=exclude).attrs["total"] if t["reference"].any() else np.nan
        overall, scope = t.attrs["overall_rate"], "all groups"
        if not np.isfinite(overall):
            overall, scope = t.attrs["overall_rate_shown_groups"], "shown groups"
        rows.append({"outcome": outcome, "label": OUTCOMES.get(outcome, {}).get("label", outcome),
                     "overall_rate": overall, "overall_of": scope, "reference": t.attrs["reference_group"],
                     "worst_group": label, "worst_rate": wr, "rate_ratio": rr, "rr_ci_low": lo, "rr_ci_high": hi,
                     "significant": bool(np.isfinite(lo) and (lo > 1 or hi < 1)), "excess_events": excess,
                     "suppressed_groups": int(t["suppressed"].sum()), "higher_is_better": bool(hib)})
    summary = pd.DataFrame(rows)
    summary.attrs.update(attrs)
    return Dashboard(tables=tables, summary=summary, by=by)
