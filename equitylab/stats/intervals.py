"""Confidence intervals for a proportion and the normal/t quantiles they use (SciPy loads on first use).

Formulas: shared/reference/measures.md. Cross-checked against statsmodels in the tests.
"""
from __future__ import annotations

import numpy as np

__all__ = ["wilson_interval", "exact_interval", "wald_interval", "CI_METHODS", "z_quantile", "t_quantile"]


def z_quantile(level: float) -> float:
    """The two-sided standard normal quantile for a confidence ``level`` (1.96 for 0.95).

    The standard library's inverse normal (Wichura's AS 241, full double precision: within 1e-15 of
    ``scipy.stats.norm.ppf``) — so a table of rates does not load SciPy (0.5–1 s of imports).
    """
    from statistics import NormalDist

    return float(NormalDist().inv_cdf(0.5 + level / 2))


def t_quantile(level: float, dof):
    """The two-sided Student t quantile for ``level`` with ``dof`` degrees of freedom (vectorised)."""
    from scipy import stats

    return stats.t.ppf(0.5 + level / 2, dof)


def _beta_ppf(q, a, b):
    from scipy import stats

    return stats.beta.ppf(q, a, b)


def wilson_interval(events, n, level: float = 0.95):
    """Wilson score interval for a proportion (Wilson 1927). Vectorised.

    centre = (p + z²/2n)/(1 + z²/n); half-width = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).

    Examples
    --------
    >>> lo, hi = wilson_interval(20, 400)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0326, 0.076)
    """
    e = np.asarray(events, dtype=float)
    n = np.asarray(n, dtype=float)
    z = z_quantile(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = e / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def exact_interval(e, n, level):
    a = 1 - level
    e = np.asarray(e, float)
    n = np.asarray(n, float)
    with np.errstate(invalid="ignore"):
        lo = np.where(e > 0, _beta_ppf(a / 2, e, n - e + 1), 0.0)
        hi = np.where(e < n, _beta_ppf(1 - a / 2, e + 1, n - e), 1.0)
    return lo, hi


def wald_interval(e, n, level):
    z = z_quantile(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.asarray(e, float) / np.asarray(n, float)
        half = z * np.sqrt(p * (1 - p) / n)
    return np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)


CI_METHODS = {"wilson": wilson_interval, "exact": exact_interval, "wald": wald_interval}
