"""``equitylab report``: the command-line face of :func:`equitylab.report.own_data.build_report`.

    equitylab report --data SOURCE --out DIR [--mapping mapping.yml] [--by race_ethnicity ...] [--reference White]
    equitylab report --init --data SOURCE [--mapping mapping.yml]     write a commented mapping template

SOURCE is a .csv/.parquet file, a glob or folder of parquet parts, a .duckdb file or a
postgresql://user@host/db URL (with --table or --query). Every problem found prints one line and
exits with status 2; nothing is written then.
"""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path


def add_parser(sub) -> None:
    """Register the ``report`` sub-command on the ``equitylab`` parser."""
    p = sub.add_parser("report", help="the Session 3 equity report on your own extract (files, DuckDB, "
                                      "PostgreSQL, Spark), suppressed by default")
    p.add_argument("--data", required=True, help="file, glob, folder, .duckdb file or postgresql:// URL")
    p.add_argument("--out", help="report folder (must not exist yet, or pass --overwrite)")
    p.add_argument("--mapping", help="mapping YAML (which columns hold what); --init writes one")
    p.add_argument("--by", nargs="+", help="dimensions to stratify by (default: the mapping's by:)")
    p.add_argument("--reference", nargs="+", metavar="[DIMENSION=]GROUP",
                   help="the comparison group, e.g. White or race_ethnicity=White (default: the largest group)")
    p.add_argument("--table", help="table inside a database source")
    p.add_argument("--query", help="SELECT query inside a database source")
    p.add_argument("--engine", choices=["auto", "duckdb", "spark"], default="auto",
                   help="spark: read files with Spark (SPARK_MASTER / spark-submit choose the cluster)")
    p.add_argument("--init", action="store_true", help="write a commented mapping template from a sample")
    p.add_argument("--overwrite", action="store_true", help="replace an existing report folder")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")


def _one_line(err: BaseException) -> str:
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", str(err)).replace("\n", " ").strip()
    return text or type(err).__name__


def run(args: argparse.Namespace) -> int:
    """Run ``equitylab report``; returns the exit status (0, or 2 with one line on stderr)."""
    from ..report.mapping import MappingError
    from ..stats.sql import source

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            src = source(args.data, table=args.table, query=args.query, engine=args.engine)
        for w in caught:
            print(f"equitylab report: warning: {_one_line(w.message)}", file=sys.stderr)
        if args.init:
            return _init(src, args.mapping)
        if not args.out:
            raise ValueError("--out DIR is required: the folder to write the report into.")
        from ..report.own_data import build_report

        out = build_report(src, args.out, mapping=args.mapping, by=args.by, reference=_references(args.reference),
                           progress=not args.no_progress, overwrite=args.overwrite)
    except (ValueError, TypeError, OSError, ConnectionError, MappingError, ImportError) as err:
        print(f"equitylab report: {_one_line(err)}", file=sys.stderr)
        return 2
    print(f"wrote {out / 'index.html'}")
    return 0


def _references(items) -> dict | None:
    """``--reference White race_ethnicity=White`` as {"*": "White", "race_ethnicity": "White"}."""
    if not items:
        return None
    return dict(item.split("=", 1) if "=" in item else ("*", item) for item in items)


def _init(src, mapping_path) -> int:
    from ..report.guess import init_template
    from ..stats.sql import open_source

    target = Path(mapping_path or "mapping.yml")
    if target.exists():
        raise FileExistsError(f"{str(target)!r} exists already; give another --mapping path or move it away.")
    eng = open_source(src)
    try:
        columns = list(eng.columns())
        sample = eng.run(f"SELECT * FROM {eng.relation} LIMIT 5000")
    finally:
        eng.close()
    target.write_text(init_template(columns, sample, source_text=src.describe()), encoding="utf-8")
    print(f"wrote {target}: check it, then run equitylab report --data ... --mapping {target} --out DIR")
    return 0
