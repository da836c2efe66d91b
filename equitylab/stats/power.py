"""How many patients would we need to see this gap? The smallest rate difference detectable at each group's size.

For a group of n₁ patients compared with the reference group (n₀ patients, rate p₀), the smallest
difference a two-sided test at level α detects with the given power, on Cohen's arcsine scale
(the scale of statsmodels' ``NormalIndPower`` with ``proportion_effectsize``):

    h = (z₁₋α/₂ + z_power) · √(1/n₁ + 1/n₀),   p₁ = sin²(arcsin √p₀ ± h/2),   MDD = |p₁ − p₀|

The sign follows the measure's direction: a worse rate (higher for an adverse outcome, lower
for a favourable one). Cohen J. *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed.,
1988, ch. 6.

Example
-------
>>> round(float(min_detectable_difference(1000, 0.10, 1000)), 4)
0.0406
"""
from __future__ import annotations

import numpy as np

from .intervals import z_quantile

__all__ = ["min_detectable_difference"]


def min_detectable_difference(n, p0: float, n0, *, alpha: float = 0.05, power: float = 0.80,
                              higher_is_better: bool = False) -> np.ndarray:
    """The smallest rate difference from ``p0`` detectable for groups of size ``n`` against a reference of ``n0``.

    Parameters
    ----------
    n : int or array
        Group sizes (denominators).
    p0 : float
        The reference group's rate.
    n0 : int
        The reference group's size.
    alpha : float, default 0.05
        Two-sided significance level.
    power : float, default 0.80
    higher_is_better : bool, default False
        Direction of the measure: the detectable gap is towards the worse rate.

    Returns
    -------
    ndarray
        The difference (a proportion, always ≥ 0); NaN where ``n`` is 0 or no rate that far
        away exists (the gap would pass 0 or 1).

    Examples
    --------
    >>> min_detectable_difference([100, 10_000], 0.2, 5_000).round(3).tolist()
    [0.124, 0.02]
    """
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError(f"alpha={alpha!r} and power={power!r} must be probabilities between 0 and 1.")
    if not 0 <= p0 <= 1:
        raise ValueError(f"p0={p0!r} must be a rate between 0 and 1.")
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = (z_quantile(1 - alpha) + z_quantile(2 * power - 1)) * np.sqrt(1 / n + 1 / float(n0))
        phi0 = np.arcsin(np.sqrt(p0))
        phi1 = phi0 - h / 2 if higher_is_better else phi0 + h / 2
        ok = (n > 0) & (phi1 >= 0) & (phi1 <= np.pi / 2)
        return np.where(ok, np.abs(np.sin(phi1) ** 2 - p0), np.nan)
