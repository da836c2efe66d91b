"""Benchmark: stratified rates on 1M and 10M synthetic encounters, 3 `by` dimensions x 5 outcomes.

Contenders (each computes the same by-group rates for the same 15 dimension/outcome pairs):
  baseline  hand-written pandas groupby: df.groupby(dim)[outcome].agg(["sum", "count"]) per pair
  equitylab (pandas)  el.aggregate(df, outcomes, by=dim) once per dimension + el.from_aggregate per outcome
                      (CIs, comparisons, suppression included)
  equitylab (duckdb)  the same with the aggregation pass in DuckDB
  equitylab stratify  el.stratify(df, outcome, by=dim) per pair (the one-call API)
  fairlearn           fairlearn.metrics.MetricFrame(metrics=mean, ...) per pair (rows with the outcome)

Prints seconds (best of --repeat runs) and each contender's ratio to the hand-written baseline.
Run:  make bench   (or .venv/bin/python bench/stratify.py --sizes 1000000)

--scale: the privacy pass at scale. el.stratify(df, outcome, by=[3 dimensions]) on 2M rows (one
three-way table of ~5,200 cells) against the hand-written groupby of the same counts; then tables of
8,000 to 160,000 cells (one to three dimensions), each in a fresh process: seconds and peak memory.
"""
from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import equitylab as el

DIMS = ["race_ethnicity", "language", "payer"]
OUTCOMES = list(el.datasets.OUTCOMES)


def prepare(n: int) -> pd.DataFrame:
    df = el.datasets.encounters(n=n, seed=0)
    df["race_ethnicity"], _ = el.real.standardize(df["race_ethnicity"], "race_ethnicity")
    df["language"], _ = el.real.standardize(df["language"], "language")
    return df


def handwritten(df):
    out = []
    for dim in DIMS:
        for y in OUTCOMES:
            g = df.groupby(dim, observed=True)[y].agg(["sum", "count"])
            out.append(g["sum"] / g["count"])
    return out


def equitylab_two_layer(df, engine):
    out = []
    for dim in DIMS:
        agg = el.aggregate(df, OUTCOMES, by=dim, engine=engine)
        for y in OUTCOMES:
            out.append(el.from_aggregate(agg, y, dim))
    return out


def equitylab_stratify(df):
    return [el.stratify(df, y, by=dim) for dim in DIMS for y in OUTCOMES]


def fairlearn_metricframe(df):
    from fairlearn.metrics import MetricFrame

    out = []
    for dim in DIMS:
        for y in OUTCOMES:
            rows = df[df[y].notna()]
            yt = rows[y].to_numpy()
            mf = MetricFrame(metrics=lambda t, p: float(np.mean(t)), y_true=yt, y_pred=yt,
                             sensitive_features=rows[dim])
            out.append(mf.by_group)
    return out


def scale_one(n: int, levels: list[int]) -> str:
    """One stratify() of n rows over len(levels) dimensions (a fresh process): cells, seconds, ratio, peak GB."""
    import resource

    rng = np.random.default_rng(0)
    df = pd.DataFrame({f"d{i}": pd.Categorical(rng.integers(0, k, n).astype(str)) for i, k in enumerate(levels)})
    df["y"] = (rng.random(n) < 0.2).astype(int)
    by = list(df.columns[:-1])
    el.stratify(df.head(1_000), "y", by=by)                     # imports and caches, not timed
    base = best_of(lambda: df.groupby(by, observed=True)["y"].agg(["sum", "count"]), 2)
    t = time.perf_counter()
    table = el.stratify(df, "y", by=by)
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    return f"{n:>11,}  {len(levels)} dims  {len(table):>8,} cells  {secs:6.2f} s  {secs / base:5.2f}x groupby  {peak:5.2f} GB peak"


def privacy_scale(repeat: int) -> None:
    import subprocess
    import sys

    df = el.datasets.encounters(n=2_000_000, seed=0)
    by = DIMS
    el.stratify(df.head(1_000), "readmit_30d", by=by)
    base = best_of(lambda: df.groupby(by, observed=True)["readmit_30d"].agg(["sum", "count"]), repeat)
    ours = best_of(lambda: el.stratify(df, "readmit_30d", by=by), repeat)
    cells = len(el.stratify(df, "readmit_30d", by=by))
    agg = el.aggregate(df, ["readmit_30d"], by=by)
    stats = best_of(lambda: el.from_aggregate(agg, "readmit_30d", by), repeat)
    print(f"2,000,000 rows x 3 dims ({cells:,} cells): groupby {base:.2f} s, stratify {ours:.2f} s = {ours / base:.2f}x; "
          f"of which statistics + privacy pass (from_aggregate) {stats:.3f} s = {stats / base:.2f}x")
    for n, levels in [(400_000, [20, 20, 20]), (800_000, [32, 32, 32]), (1_500_000, [50, 50, 40]),
                      (1_500_000, [100_000]), (2_000_000, [400, 400])]:
        code = f"import sys; sys.path.insert(0, 'bench'); import stratify as b; print(b.scale_one({n}, {levels}))"
        print(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip())


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-fairlearn-above", type=int, default=10_000_000,
                    help="MetricFrame is slow; skip it above this many rows (default: run at every size)")
    ap.add_argument("--scale", action="store_true", help="the privacy pass at scale (see above) instead")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.scale:
        return privacy_scale(args.repeat)
    print(f"{len(DIMS)} dimensions x {len(OUTCOMES)} outcomes = {len(DIMS) * len(OUTCOMES)} stratified tables")
    print(f"{'rows':>11}  {'contender':<22} {'seconds':>8}  {'vs hand-written groupby':>24}")
    for n in args.sizes:
        df = prepare(n)
        # the same rates from every contender
        base_rates = handwritten(df)
        ours = equitylab_two_layer(df, "pandas")
        for b, t in zip(base_rates, ours):
            assert np.allclose(b.to_numpy(), t["rate"].to_numpy(), equal_nan=True) or t["suppressed"].any()
        contenders = {
            "hand-written groupby": lambda: handwritten(df),
            "equitylab (pandas)": lambda: equitylab_two_layer(df, "pandas"),
            "equitylab (duckdb)": lambda: equitylab_two_layer(df, "duckdb"),
            "equitylab stratify()": lambda: equitylab_stratify(df),
        }
        if n <= args.skip_fairlearn_above:
            contenders["fairlearn MetricFrame"] = lambda: fairlearn_metricframe(df)
        results = {}
        for name, fn in contenders.items():
            results[name] = best_of(fn, 1 if name.startswith("fairlearn") and n > 1_000_000 else args.repeat)
        base = results["hand-written groupby"]
        for name, secs in results.items():
            print(f"{n:>11,}  {name:<22} {secs:8.2f}  {secs / base:23.2f}x")
        if "fairlearn MetricFrame" in results:
            print(f"{'':>11}  equitylab (pandas) is {results['fairlearn MetricFrame'] / results['equitylab (pandas)']:.1f}x "
                  f"faster than MetricFrame; equitylab (duckdb) {results['fairlearn MetricFrame'] / results['equitylab (duckdb)']:.1f}x")


if __name__ == "__main__":
    main()
