"""Benchmark: `el.aggregate` on a parquet file against a hand-written DuckDB GROUP BY of the same counts.

Baseline: the GROUP BY an analyst would write by hand for the same numbers — per group, count(*),
and per outcome count(y) and sum(y) — on the same parquet file, in DuckDB:

    SELECT race_ethnicity, count(*), count(y1), sum(y1), ..., count(y5), sum(y5)
    FROM 'file.parquet' GROUP BY race_ethnicity

`el.aggregate` returns more (sum of squares, and what is needed to tell 0/1 from continuous
outcomes) and ends with labelled, ordered groups. Each contender runs in a fresh process (so its
peak memory, ru_maxrss, is its own); best of --repeat runs. Synthetic encounters (labelled
synthetic), generated in chunks of 1M rows into bench/encounters_<rows>.parquet (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

OUTCOMES = ["readmit_30d", "hba1c_poor_control", "crc_screened", "ed_lwbs", "would_recommend"]
BY = "race_ethnicity"
HERE = Path(__file__).resolve().parent


def make_file(rows: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    import equitylab as el

    path = HERE / f"encounters_{rows}.parquet"
    if path.exists():
        return path
    chunk = 1_000_000
    writer = None
    tmp = path.with_suffix(".tmp")
    for i, start in enumerate(range(0, rows, chunk)):
        df = el.datasets.encounters(n=min(chunk, rows - start), seed=i)[[BY, "facility", *OUTCOMES]]
        df[BY] = df[BY].astype(str)
        df["facility"] = df["facility"].astype(str)
        table = pa.Table.from_pandas(df, preserve_index=False)
        writer = writer or pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table)
    writer.close()
    os.replace(tmp, path)
    return path


def _peak_mib() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(which: str, path: str) -> dict:
    import duckdb  # imports are not the aggregation: both contenders load their modules first
    import pandas  # noqa: F401
    if which != "hand":
        import sqlglot  # noqa: F401

        import equitylab as el
        from equitylab.stats import aggregate, sql  # noqa: F401
    t = time.perf_counter()
    if which == "hand":
        sums = ", ".join(f"count({o}), sum({o})" for o in OUTCOMES)
        with duckdb.connect() as con:
            out = con.sql(f"SELECT {BY}, count(*), {sums} FROM read_parquet('{path}') GROUP BY {BY}").df()
    else:
        out = el.aggregate(path, OUTCOMES, BY)
    seconds = time.perf_counter() - t
    peak = _peak_mib()
    return {"seconds": seconds, "peak_mib": peak, "groups": int(out[BY].nunique())}


def measure(which: str, path: Path, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        res = subprocess.run([sys.executable, __file__, "--one", which, str(path)], capture_output=True, text=True,
                             check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        best = r if best is None or r["seconds"] < best["seconds"] else best
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--one", nargs=2, metavar=("WHICH", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    print(f"{'rows':>12}  {'hand GROUP BY s':>15}  {'el.aggregate s':>14}  {'ratio':>6}  {'peak MiB hand':>13}  "
          f"{'peak MiB el':>11}  goal ≤ 1.5×")
    for rows in args.sizes:
        path = make_file(rows)
        hand = measure("hand", path, args.repeat)
        ours = measure("el", path, args.repeat)
        ratio = ours["seconds"] / hand["seconds"]
        print(f"{rows:>12,}  {hand['seconds']:15.2f}  {ours['seconds']:14.2f}  {ratio:5.2f}x  "
              f"{hand['peak_mib']:13.0f}  {ours['peak_mib']:11.0f}  {'met' if ratio <= 1.5 else 'NOT met'}",
              flush=True)


if __name__ == "__main__":
    main()
