"""Funnel plot: each unit's rate against its size, with Spiegelhalter's 95% and 99.8% control limits.

Spiegelhalter DJ. "Funnel plots for comparing institutional performance." *Statistics in Medicine*
2005;24:1185–1202. The limits around the target rate θ are exact binomial quantiles, interpolated
as in its Appendix A.1.1: for a tail probability p, r_p is the smallest r with F(r) ≥ p under
Binomial(n, θ), α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), and the limit is (r_p − α) / n.
95% limits are roughly θ ± 2 SD, 99.8% roughly θ ± 3 SD. A small unit's rate is read against
its size instead of ranked in a league table.

Units whose counts are suppressed (CMS cell-size policy) are not drawn: a point's position would
give away its count. The figure says how many were left out.

Example
-------
>>> lo, hi = funnel_limits([100, 10_000], 0.1, level=0.95)
>>> [round(float(x), 3) for x in lo], [round(float(x), 3) for x in hi]
([0.04, 0.094], [0.158, 0.106])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["funnel_limits", "funnel"]


def funnel_limits(n, target: float, *, level: float = 0.95):
    """Lower and upper control limits (exact binomial, interpolated) for units of size ``n``.

    Parameters
    ----------
    n : int or array of int
        Unit sizes (denominators), ≥ 1.
    target : float
        The target (system) rate θ, between 0 and 1.
    level : float, default 0.95
        Two-sided level: 0.95 and 0.998 are Spiegelhalter's two funnels.

    Returns
    -------
    (lower, upper) : arrays of rates
    """
    from scipy import stats

    if not 0 < target < 1:
        raise ValueError(f"target={target!r}: a funnel needs a system rate strictly between 0 and 1.")
    if not 0 < level < 1:
        raise ValueError(f"level={level!r} must be between 0 and 1, e.g. 0.95 or 0.998.")
    n = np.atleast_1d(np.asarray(n, dtype=float))
    if (n < 1).any():
        raise ValueError("funnel_limits(): every unit needs n ≥ 1.")
    out = []
    for p in ((1 - level) / 2, (1 + level) / 2):
        r = stats.binom.ppf(p, n, target)
        f_r, f_below = stats.binom.cdf(r, n, target), stats.binom.cdf(r - 1, n, target)
        alpha = (f_r - p) / (f_r - f_below)
        out.append(np.clip((r - alpha) / n, 0, 1))
    return out[0], out[1]


def funnel(table: pd.DataFrame, *, target: float | None = None, title: str | None = None, ax=None):
    """Draw a funnel plot from a table stratified by unit (facility, department, clinician).

    Parameters
    ----------
    table : DataFrame
        A binary result of :func:`equitylab.stratify` or :func:`equitylab.from_aggregate` with
        one ``by`` column naming the units. Suppressed units are left out of the figure.
    target : float, optional
        The system rate; defaults to the table's ``attrs["overall_rate"]``.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Figure
    """
    import matplotlib.pyplot as plt

    if "events" not in table.columns or "suppressed" not in table.columns:
        raise ValueError("funnel() takes a binary result of equitylab.stratify() by unit (columns n, events, "
                         "rate, suppressed).")
    by = (table.attrs.get("by") or [table.columns[0]])[0]
    target = table.attrs.get("overall_rate") if target is None else target
    if target is None or not np.isfinite(target):
        raise ValueError("funnel(): no system rate to draw limits around (it is withheld when the total is "
                         "below the cell-size limit); pass target=.")
    shown = table[~table["suppressed"] & table["n"].notna() & (table["n"].fillna(0) > 0)]
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4.5))
    else:
        fig = ax.figure
    n = shown["n"].to_numpy(dtype=float)
    top = max(float(n.max()) if len(n) else 100.0, 20.0) * 1.1
    grid = np.unique(np.geomspace(1, top, 200).round())
    for level, style in ((0.95, "--"), (0.998, ":")):
        lo, hi = funnel_limits(grid, target, level=level)
        ax.plot(grid, lo, style, color="0.4", lw=1, label=f"{level:.1%} limits".replace(".0%", "%"))
        ax.plot(grid, hi, style, color="0.4", lw=1)
    ax.axhline(target, color="0.2", lw=1, label="system rate")
    ax.scatter(n, shown["rate"], color="#1f5f8b", zorder=3)
    for label, x, y in zip(shown[by].astype(str), n, shown["rate"]):
        ax.annotate(label.replace("$", r"\$"), (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("Patients in the denominator (unit size)")
    ax.set_ylabel("Rate")
    ax.set_xlim(0, top)
    ax.legend(fontsize=8, loc="upper right")
    outcome = table.attrs.get("outcome_label") or table.attrs.get("outcome", "")
    ax.set_title(title or f"{outcome}: units against the system rate (funnel plot)", fontsize=10)
    hidden = int(len(table) - len(shown))
    if hidden:
        fig.text(0.01, 0.01, f"{hidden} unit(s) not shown: counts suppressed (CMS cell-size policy).", fontsize=7)
    return fig
