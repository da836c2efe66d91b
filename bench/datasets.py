"""Benchmark: time to generate synthetic encounters (goal: 10M rows in under 10 s on 2 cores).

Baseline: building a DataFrame of the same shape from numpy random draws alone
(no patterns, no messy REaL strings) — the floor for any generator of this size.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import equitylab as el


def floor(n):
    rng = np.random.default_rng(0)
    return pd.DataFrame({f"c{i}": rng.random(n) for i in range(17)})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    args = ap.parse_args(argv)
    print(f"{'rows':>11}  {'encounters() s':>15}  {'numpy floor s':>14}  {'ratio':>6}  goal")
    for n in args.sizes:
        t = time.perf_counter(); el.datasets.encounters(n=n); ours = time.perf_counter() - t
        t = time.perf_counter(); floor(n); base = time.perf_counter() - t
        goal = "< 10 s: " + ("met" if ours < 10 else "NOT met") if n >= 10_000_000 else ""
        print(f"{n:>11,}  {ours:15.2f}  {base:14.2f}  {ours / base:5.1f}x  {goal}")


if __name__ == "__main__":
    main()
