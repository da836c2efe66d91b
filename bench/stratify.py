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
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
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
