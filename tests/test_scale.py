"""The privacy pass at scale: the vectorised size-band search agrees with a cell-by-cell one, and figures of
very many groups draw the largest and say how many are left out (speed itself is measured in bench/stratify.py)."""
import numpy as np
import pandas as pd

import equitylab as el
from equitylab.privacy import BANDS, SUPPRESSED, size_bands, suppress


def _bounds(v):
    return next((a, b) for a, b, _ in BANDS if a <= v <= b)


def _narrowed_lines(c, labels, lines, m=11):
    """Rule 3 cell by cell, as docs/privacy.md states it (an independent, quadratic reading): the lines where
    the shown bands, with the line's total known, leave a hidden count that may be small fewer than m − 1
    possible values."""
    lo = np.array([_bounds(v)[0] if lab != SUPPRESSED else 1 for v, lab in zip(c, labels)], float)
    hi = np.array([_bounds(v)[1] if lab != SUPPRESSED else np.inf for v, lab in zip(c, labels)], float)
    bad = []
    for line in lines:
        hl = [i for i in line if labels[i] != f"{c[i]:,}"]
        total = sum(c[i] for i in hl)
        if len(hl) == len(line) and (len(hl) == 1 or total < m + len(hl) - 2):
            continue  # every cell hidden and still too few: this line's total is itself a withheld count
        for i in hl:
            others = [j for j in hl if j != i]
            low = max(lo[i], total - sum(hi[j] for j in others))
            high = min(hi[i], total - sum(lo[j] for j in others))
            if low < m and high > 0 and high - max(low, 1) + 1 < m - 1:
                bad.append(line)
                break
    return bad


def test_vectorised_bands_leave_no_line_narrowed():
    rng = np.random.default_rng(0)
    suppressed = 0
    for _ in range(300):
        k = int(rng.integers(2, 12))
        c = rng.choice([1, 2, 3, 5, 9, 10, 11, 12, 15, 20, 45, 49, 50, 60, 120, 600, 1500], k)
        lines = [list(range(k))] + [sorted(rng.choice(k, int(rng.integers(1, k + 1)), replace=False).tolist())
                                    for _ in range(int(rng.integers(0, 3)))]
        hidden = suppress(c, lines)
        bands = size_bands(c, hidden, lines)
        labels = [b if h else f"{v:,}" for v, b, h in zip(c, bands, hidden)]
        assert _narrowed_lines(c, labels, lines) == [], (c, lines, labels)
        truth = [lab for v in c for a, b, lab in BANDS if a <= v <= b]
        assert all(b in (t, SUPPRESSED) for b, t in zip(bands, truth))   # a band shown is the true band
        suppressed += sum(b == SUPPRESSED for b in bands)
    assert suppressed  # the search did have to withhold bands


def test_a_figure_of_2000_groups_draws_the_largest_and_says_how_many_are_left_out():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": rng.integers(0, 2000, 200_000).astype(str), "y": (rng.random(200_000) < 0.2).astype(int)})
    t = el.stratify(df, "y", "g", min_cell=0)
    for plot in (el.plots.rates, el.plots.forest):
        fig = plot(t)
        assert fig.get_size_inches()[1] < 25                     # was 842 inches tall
        text = " ".join(x.get_text() for x in fig.texts).replace("\n", " ")
        assert "Only the 40 largest groups are drawn; 1,960 smaller groups are left out" in text
        plt.close(fig)
