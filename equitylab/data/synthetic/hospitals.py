"""A synthetic national benchmark panel of fictional hospitals, calibrated to published survey figures."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..benchmarks import BENCHMARK_DIVERSITY, BENCHMARK_FIGURES, BENCHMARK_SOURCES
from ._common import _label, _pick

__all__ = ['hospitals']

def _exact_flags(rng, n, pct):
    """A boolean column with exactly round(pct% of n) True values, in random order."""
    k = int(round(n * pct / 100))
    flags = np.zeros(n, dtype=bool)
    flags[:k] = True
    return rng.permutation(flags)


def _allocate(rng, sizes, share, propensity):
    """Integer counts (0 ≤ c ≤ size) whose total is exactly round(share × Σ sizes)."""
    target = int(round(share * sizes.sum()))
    raw = sizes * propensity
    raw = raw * target / raw.sum()
    counts = np.minimum(np.floor(raw).astype(int), sizes)
    remaining = target - counts.sum()
    frac = raw - np.floor(raw) + rng.random(len(sizes)) * 1e-6
    order = np.argsort(-frac)
    for i in order:
        if remaining <= 0:
            break
        if counts[i] < sizes[i]:
            counts[i] += 1
            remaining -= 1
    return counts


def hospitals(seed: int = 0, edition: str = "2015") -> pd.DataFrame:
    """A national benchmark panel of fictional hospitals, calibrated to published survey figures.

    One row per responding hospital. The percentages of hospitals that collect REaL data,
    use it to benchmark gaps in care, and educate staff on cultural competence equal the
    published figures of the chosen survey edition to the whole percent (the count of hospitals is
    round(percentage × responding hospitals), e.g. 1,062 of 1,084 = 97.97% for "98%"); the minority
    shares of patients (panel mean), board members and executives (pooled over all seats) round to
    the published figures too.
    Everything else about each hospital (name, region, beds) is invented.

    Parameters
    ----------
    seed : int, default 0
    edition : {"2015", "earlier"}
        ``"2015"``: *Diversity and Disparities: A Benchmarking Study of U.S. Hospitals in
        2015* (1,084 hospitals). ``"earlier"``: an earlier edition (most likely 2011,
        not confirmed; 924 hospitals), the only one with published figures on *using*
        REaL data to benchmark gaps in care by race, ethnicity and language.

    Examples
    --------
    >>> from equitylab.datasets import hospitals
    >>> h = hospitals()
    >>> round(100 * float(h["collects_race"].mean()))
    98
    """
    if edition not in BENCHMARK_FIGURES:
        raise ValueError(f"edition={edition!r} is not available; use one of {sorted(BENCHMARK_FIGURES)}.")
    rng = np.random.default_rng(seed)
    n, figures = BENCHMARK_FIGURES[edition]
    regions = np.asarray(["Northeast", "Midwest", "South", "West"])[_pick(rng, n, range(4), [0.17, 0.26, 0.37, 0.20])]
    beds = np.asarray(["<100", "100–299", "300+"])[_pick(rng, n, range(3), [0.5, 0.33, 0.17])]
    df = pd.DataFrame({
        "hospital_id": [f"H{i:04d}" for i in range(1, n + 1)],
        "region": pd.Categorical(regions, categories=["Northeast", "Midwest", "South", "West"]),
        "beds": pd.Categorical(beds, categories=["<100", "100–299", "300+"], ordered=True),
    })
    for col, pct in figures.items():
        df[col] = _exact_flags(rng, n, pct)
    pat, board, execs = BENCHMARK_DIVERSITY[edition]
    # patients: hospital-level share, panel mean calibrated exactly
    p = rng.beta(2.0, 2.0 * (100 - pat) / pat, n)
    for _ in range(50):
        p = np.clip(p + (pat / 100 - p.mean()), 0.0, 1.0)
    df["patients_minority_pct"] = np.round(100 * p, 6)
    board_size = rng.integers(9, 22, n)
    exec_size = rng.integers(5, 13, n)
    lean = p / p.mean()  # hospitals serving more diverse patients tend to have more diverse leaders
    df["board_size"] = board_size
    df["board_minority"] = _allocate(rng, board_size, board / 100, lean * rng.gamma(2, 0.5, n))
    df["exec_size"] = exec_size
    df["exec_minority"] = _allocate(rng, exec_size, execs / 100, lean * rng.gamma(2, 0.5, n))
    df.attrs["edition"] = edition
    df.attrs["source"] = BENCHMARK_SOURCES[edition]
    return _label(df, "hospitals")
