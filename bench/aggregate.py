"""Benchmark: `el.aggregate` and the whole `equitylab report` on a parquet file, against hand-written DuckDB SQL.

Three dimensions (race_ethnicity, language, interpreter_needed) × two 0/1 outcomes (ed_lwbs, readmit_30d),
the shape of a first report. Baseline: the SQL an analyst would write by hand for the same one-way counts —
one `GROUP BY` per dimension (count(*), and count(y), sum(y) per outcome), in DuckDB on the same file:

    SELECT race_ethnicity, count(*), count(ed_lwbs), sum(ed_lwbs), count(readmit_30d), sum(readmit_30d)
    FROM 'file.parquet' GROUP BY race_ethnicity        -- and again for language, interpreter_needed

Contenders, each in a fresh process (its own peak memory, VmHWM), medians of --repeat runs interleaved
(hand, sets, el, report, hand, ...), all in the same run (the machine is shared, so only ratios measured
together mean anything):

* hand GROUPING SETS — the same counts in one hand-written query (one scan for all dimensions);
* `el.aggregate(path, outcomes, by=dims, each=True)` — modules imported before timing, like the baseline;
* `equitylab report` — the whole command (interpreter start, imports, checks, aggregation, statistics,
  figures, HTML and CSVs), wall-clock; its goal is ≤ 1.5 × the hand GROUP BY + 1 s;
* `equitylab report` on a small file (8,800 rows: the fixed cost) against `python -c "import pandas"`.

Synthetic encounters (labelled synthetic), generated in chunks of 1M rows into
bench/encounters3d_<rows>.parquet (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUTCOMES = ["ed_lwbs", "readmit_30d"]
DIMS = ["race_ethnicity", "language", "interpreter_needed"]
HERE = Path(__file__).resolve().parent
MAPPING = ("outcomes: {ed_lwbs: ed_lwbs, readmit_30d: readmit_30d}\n"
           "by: [race_ethnicity, language, interpreter_needed]\nallow_unmapped: true\n")


def make_file(rows: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    import equitylab as el

    path = HERE / f"encounters3d_{rows}.parquet"
    if path.exists():
        return path
    chunk = 1_000_000
    writer = None
    tmp = path.with_suffix(".tmp")
    for i, start in enumerate(range(0, rows, chunk)):
        df = el.datasets.encounters(n=min(chunk, rows - start), seed=i)[DIMS + OUTCOMES]
        for c in ("race_ethnicity", "language"):
            df[c] = df[c].astype(str)
        table = pa.Table.from_pandas(df, preserve_index=False)
        writer = writer or pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table)
    writer.close()
    os.replace(tmp, path)
    return path


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _hand_sql(path: str, sets: bool) -> list[str]:
    sums = ", ".join(f"count({o}), sum({o})" for o in OUTCOMES)
    if sets:
        keys = ", ".join(DIMS)
        group = ", ".join(f"({d})" for d in DIMS)
        return [f"SELECT {keys}, count(*), {sums} FROM read_parquet('{path}') GROUP BY GROUPING SETS ({group})"]
    return [f"SELECT {d}, count(*), {sums} FROM read_parquet('{path}') GROUP BY {d}" for d in DIMS]


def run_one(which: str, path: str) -> dict:
    """One contender in this (fresh) process: seconds without imports, and peak memory."""
    if which == "report":     # the whole command; the parent times the process, imports included
        from equitylab.course.cli import main as cli

        work = Path(path).parent if Path(path).suffix == ".csv" else Path(os.environ["EQUITYLAB_BENCH_WORK"])
        cli(report_cmd(Path(path), work)[3:])
        return {"seconds": float("nan"), "peak_mib": _peak_mib(), "tables": 0}
    import duckdb
    import pandas  # noqa: F401
    if which == "el":
        import equitylab as el
        from equitylab.stats import aggregate, sql  # noqa: F401
    t = time.perf_counter()
    if which in ("hand", "hand_sets"):
        with duckdb.connect() as con:
            out = [con.sql(q).df() for q in _hand_sql(path, which == "hand_sets")]
    else:
        out = el.aggregate(path, OUTCOMES, DIMS, each=True)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "peak_mib": _peak_mib(), "tables": len(out)}


def report_cmd(path: Path, work: Path) -> list[str]:
    out = work / "report"
    shutil.rmtree(out, ignore_errors=True)
    return [sys.executable, "-m", "equitylab.course.cli", "report", "--no-progress", "--data", str(path),
            "--mapping", str(work / "mapping.yml"), "--out", str(out)]


def measure_all(which: list[str], path: Path, repeat: int, work: Path) -> dict:
    """Each contender ``repeat`` times, interleaved (hand, el, hand, el, ...: the machine's load drifts alike
    for all), as medians."""
    runs = {w: [] for w in which}
    for _ in range(repeat):
        for w in which:
            runs[w].append(measure(w, path, 1, work))
    return {w: {k: (max if k == "peak_mib" else statistics.median)([r[k] for r in rs]) for k in rs[0]}
            for w, rs in runs.items()}


def measure(which: str, path: Path, repeat: int, work: Path) -> dict:
    """Median seconds of ``repeat`` fresh processes (and the largest peak memory)."""
    import resource

    secs, peaks, cpus = [], [], []
    env = {**os.environ, "EQUITYLAB_BENCH_WORK": str(work)}
    for _ in range(repeat):
        cmd = [sys.executable, "-c", "import pandas"] if which == "import pandas" else \
            [sys.executable, __file__, "--one", which, str(path)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        r = json.loads(res.stdout.strip().splitlines()[-1]) if which != "import pandas" else {"peak_mib": 0}
        secs.append(wall if which in ("report", "import pandas") else r["seconds"])
        peaks.append(r["peak_mib"])
    return {"seconds": statistics.median(secs), "peak_mib": max(peaks), "cpu": statistics.median(cpus)}


def small_file(work: Path) -> Path:
    import equitylab as el

    path = work / "small.csv"
    df = el.datasets.encounters(n=8_800, seed=1)[DIMS + OUTCOMES]
    df.to_csv(path, index=False)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--one", nargs=2, metavar=("WHICH", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    work = Path(tempfile.mkdtemp(prefix="equitylab-bench-"))
    (work / "mapping.yml").write_text(MAPPING)
    try:
        small = small_file(work)
        both = measure_all(["import pandas", "report"], small, args.repeat, work)
        pd_, rep = both["import pandas"], both["report"]
        print(f"small file (8,800 rows): whole report {rep['seconds']:.2f} s wall, {rep['cpu']:.2f} s CPU; "
              f"`python -c 'import pandas'` {pd_['seconds']:.2f} s wall, {pd_['cpu']:.2f} s CPU; report = "
              f"{rep['seconds'] / pd_['seconds']:.1f}x import pandas (wall), {rep['cpu'] / pd_['cpu']:.1f}x (CPU)  "
              f"(goal: report ≤ 1 s)", flush=True)
        print(f"{'rows':>12}  {'hand s':>7}  {'sets s':>7}  {'el s':>7}  {'el/hand':>7}  {'report s':>8}  "
              f"{'report/(hand+1s)':>16}  {'MiB hand':>8}  {'MiB el':>7}  {'MiB report':>10}")
        for rows in args.sizes:
            path = make_file(rows)
            r = measure_all(["hand", "hand_sets", "el", "report"], path, args.repeat, work)
            hand = r["hand"]["seconds"]
            print(f"{rows:>12,}  {hand:7.2f}  {r['hand_sets']['seconds']:7.2f}  {r['el']['seconds']:7.2f}  "
                  f"{r['el']['seconds'] / hand:6.2f}x  {r['report']['seconds']:8.2f}  "
                  f"{r['report']['seconds'] / (hand + 1):15.2f}x  {r['hand']['peak_mib']:8.0f}  "
                  f"{r['el']['peak_mib']:7.0f}  {r['report']['peak_mib']:10.0f}  "
                  f"(report CPU {r['report']['cpu']:.2f} s)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
