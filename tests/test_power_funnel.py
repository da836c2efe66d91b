"""Minimum detectable difference (checked with statsmodels' power functions) and funnel-plot limits (Spiegelhalter)."""
import numpy as np
import pytest

from equitylab.stats.power import min_detectable_difference


@pytest.mark.parametrize("n, p0, n0", [(50, 0.1, 2000), (400, 0.25, 400), (3000, 0.05, 800), (120, 0.6, 5000)])
def test_min_detectable_difference_has_80_percent_power(n, p0, n0):
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    d = float(min_detectable_difference(n, p0, n0))
    h = proportion_effectsize(p0 + d, p0)
    power = NormalIndPower().power(effect_size=h, nobs1=n0, alpha=0.05, ratio=n / n0, alternative="two-sided")
    assert power == pytest.approx(0.80, abs=1e-3)
    # and solved the other way round by statsmodels
    h_sm = NormalIndPower().solve_power(effect_size=None, nobs1=n0, alpha=0.05, power=0.8, ratio=n / n0)
    assert d == pytest.approx(np.sin(np.arcsin(np.sqrt(p0)) + h_sm / 2) ** 2 - p0, rel=1e-4)


def test_min_detectable_difference_direction_and_edges():
    up = min_detectable_difference(200, 0.3, 1000)
    down = min_detectable_difference(200, 0.3, 1000, higher_is_better=True)
    assert up > 0 and down > 0 and up != down
    assert np.isnan(min_detectable_difference(0, 0.3, 1000))
    assert np.isnan(min_detectable_difference(2, 0.99, 3))  # no rate that far above 0.99
    with pytest.raises(ValueError, match="probabilities"):
        min_detectable_difference(10, 0.3, 10, power=80)


def test_funnel_limits_by_hand_small_unit():
    from math import comb

    from equitylab.report.funnel import funnel_limits

    n, theta, p = 20, 0.1, 0.975
    cdf = np.cumsum([comb(n, k) * theta ** k * (1 - theta) ** (n - k) for k in range(n + 1)])
    r = int(np.argmax(cdf >= p))
    alpha = (cdf[r] - p) / (cdf[r] - cdf[r - 1])
    lo, hi = funnel_limits(n, theta, level=0.95)
    assert hi[0] == pytest.approx((r - alpha) / n)
    assert lo[0] == 0.0  # (0 − α)/n < 0: the lower limit sits at 0 for so small a unit


@pytest.mark.parametrize("level, z", [(0.95, 1.959964), (0.998, 3.090232)])
def test_funnel_limits_approach_normal_for_large_units(level, z):
    from equitylab.report.funnel import funnel_limits

    lo, hi = funnel_limits([200_000], 0.2, level=level)
    sd = np.sqrt(0.2 * 0.8 / 200_000)
    assert lo[0] == pytest.approx(0.2 - z * sd, abs=2e-5)
    assert hi[0] == pytest.approx(0.2 + z * sd, abs=2e-5)


def test_funnel_plot_leaves_out_suppressed_units():
    import pandas as pd

    import equitylab as el
    from equitylab.report.funnel import funnel

    df = pd.DataFrame({"unit": ["A"] * 400 + ["B"] * 300 + ["C"] * 5 + ["D"] * 200,
                       "y": [1] * 40 + [0] * 360 + [1] * 45 + [0] * 255 + [1, 0, 0, 0, 0] + [1] * 10 + [0] * 190})
    t = el.stratify(df, "y", by="unit")
    fig = funnel(t, target=float(df["y"].mean()))
    texts = [t.get_text() for t in fig.axes[0].texts] + [t.get_text() for t in fig.texts]
    assert "C" not in texts and any("not shown" in x for x in texts)
    assert len(fig.axes[0].collections[0].get_offsets()) == int((~t["suppressed"]).sum())
