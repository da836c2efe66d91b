"""The aggregation pass as SQL, written once and run where the data are: DuckDB, PostgreSQL or Spark.

The query is built once in DuckDB's dialect and translated by sqlglot into the dialect of the
engine that holds the rows; only group counts and sums come back. First a check counts, per
outcome, the values that are not 0 or 1 (in DuckDB a filtered count that parquet dictionaries
answer almost for free). A 0/1 outcome then needs only ``COUNT`` and ``SUM`` per group — the
same work as a hand-written ``GROUP BY`` (no per-value ``CASE``, no casts of DOUBLE columns);
only other outcomes (continuous measures, a stray 2) add a sum of squares and a count of their
non-0/1 values, and only a NaN sends the query again with NaN read as missing.

Sources (see :func:`source`, opened by :mod:`equitylab.stats.engines`): a CSV or parquet file, a glob or folder of parquet parts (hive
partitions too), a DuckDB database table, a PostgreSQL table or query, a DuckDB relation, a
pandas DataFrame (through DuckDB) or a Spark DataFrame.

Example
-------
>>> from equitylab.stats.sql import aggregate_sql
>>> sql = aggregate_sql(["ed_lwbs"], ["facility"], {"ed_lwbs": "number"}, "src", dialect="spark")
>>> print(sql)
SELECT `facility` AS k0, COUNT(*) AS _rows, COUNT(`ed_lwbs`) AS n0, SUM(CAST(`ed_lwbs` AS DOUBLE)) AS s0 FROM src GROUP BY `facility`
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .engines import (Source, _Engine, _is_spark_frame, _q, _quiet_start, open_source,  # noqa: F401 (re-exported)
                      source)

__all__ = ["Source", "source", "aggregate_sql", "run_aggregate", "open_source", "outcome_kinds", "NotNumeric"]

_NAN_AS_NULL = "CASE WHEN ISNAN({y}) THEN NULL ELSE {y} END"


def aggregate_sql(outcomes, by, kinds: dict, relation: str, *, dialect: str = "duckdb",
                  nan_as_null=(), nonbinary=(), sets=None) -> str:
    """The aggregation query, written once (DuckDB dialect) and translated by sqlglot to ``dialect``.

    ``kinds`` maps each outcome to ``"number"``, ``"double"`` (no cast needed) or ``"bool"``. A 0/1
    outcome needs only ``COUNT`` and ``SUM`` (its sum of squares is its sum); outcomes in
    ``nonbinary`` also get ``SUM(y*y)`` and a count of their values other than 0 and 1, and those in
    ``nan_as_null`` have NaN read as missing. ``sets`` (lists of ``by`` columns) groups by each set on its
    own in the same scan (``GROUPING SETS``); ``GROUPING(k)`` then says which columns a row is grouped by.
    """
    keys = [_q(b) for b in by]
    parts = [f"{k} AS k{i}" for i, k in enumerate(keys)] + ["COUNT(*) AS _rows"]
    if sets is not None:
        parts += [f"GROUPING({k}) AS g{i}" for i, k in enumerate(keys)]
    for i, col in enumerate(outcomes):
        y = _q(col)
        if kinds[col] == "bool":
            y = f"(CASE WHEN {y} THEN 1.0 WHEN NOT {y} THEN 0.0 END)"
        d = y if kinds[col] in ("bool", "double") else f"CAST({y} AS DOUBLE)"
        if col in nan_as_null:
            d = y = "(" + _NAN_AS_NULL.format(y=d) + ")"
        parts += [f"COUNT({y}) AS n{i}", f"SUM({d}) AS s{i}"]
        if col in nonbinary:
            parts += [f"SUM({d} * {d}) AS q{i}", f"COUNT(CASE WHEN {d} NOT IN (0, 1) THEN 1 END) AS b{i}"]
    group = ", ".join(keys) if sets is None else \
        "GROUPING SETS (" + ", ".join("(" + ", ".join(_q(c) for c in st) + ")" for st in sets) + ")"
    sql = f"SELECT {', '.join(parts)} FROM {relation} GROUP BY {group}"
    return _translate(sql, dialect)


def nonbinary_sql(outcomes, kinds: dict, relation: str, *, dialect: str = "duckdb") -> str:
    """How many values of each outcome are not 0 or 1 (NaN and ±inf included), over all rows.

    In DuckDB one filtered count per outcome (``UNION ALL``): the filter is pushed into the scan and a
    parquet column's dictionary answers it without reading every value. Elsewhere one scan.
    """
    cols = [c for c in outcomes if kinds[c] != "bool"]
    if not cols:
        return ""
    if dialect == "duckdb":
        sql = " UNION ALL ".join(f"SELECT {i} AS i, COUNT(*) AS c FROM {relation} WHERE {_q(c)} <> 0 AND {_q(c)} <> 1"
                                 for i, c in enumerate(outcomes) if c in cols)
    else:
        sql = "SELECT " + ", ".join(f"COUNT(CASE WHEN {_q(c)} <> 0 AND {_q(c)} <> 1 THEN 1 END) AS c{i}"
                                    for i, c in enumerate(outcomes) if c in cols) + f" FROM {relation}"
    return _translate(sql, dialect)


def _translate(sql: str, dialect: str) -> str:
    """DuckDB SQL in another dialect (sqlglot); PostgreSQL has no isnan(): there NaN = 'NaN'::float8 is true."""
    if dialect == "duckdb":
        return sql
    import sqlglot     # loaded only for another engine (0.5 s of imports)
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    if dialect == "postgres":
        tree = tree.transform(lambda node: exp.EQ(this=node.this, expression=exp.cast(exp.Literal.string("NaN"),
                                                                                         "DOUBLE"))
                              if isinstance(node, exp.IsNan) else node)
    return tree.sql(dialect=dialect)


def _nonfinite_sql(col: str, kind: str, relation: str, dialect: str) -> str:
    y = f"CAST({_q(col)} AS DOUBLE)"
    sql = (f"SELECT COUNT(CASE WHEN ISNAN({y}) THEN 1 END) AS nan, "
           f"COUNT(CASE WHEN {y} = CAST('Infinity' AS DOUBLE) OR {y} = CAST('-Infinity' AS DOUBLE) THEN 1 END) AS inf "
           f"FROM {relation}")
    return _translate(sql, dialect)


def close_names(name: str, options) -> list[str]:
    """Column names close to ``name`` (case-insensitive), best first — for "did you mean" hints."""
    from difflib import get_close_matches

    lower = {}
    for o in options:
        lower.setdefault(str(o).lower(), o)
    return [lower[m] for m in get_close_matches(str(name).lower(), list(lower), 3, 0.6)]


def run_aggregate(data, outcomes: list[str], by: list[str], *, what: str = "aggregate()", sets=None):
    """Run the aggregation query where ``data`` are; return the aggregate table (by columns unlabelled).

    With ``sets`` (lists of ``by`` columns) one scan groups by each set on its own: the result is a dict,
    one aggregate table per set (keyed by the tuple of its columns).
    """
    eng = open_source(data)
    try:
        cols = eng.columns()
        missing = [c for c in by + outcomes if c not in cols]
        if missing:
            hints = [f"{m!r} (did you mean {', '.join(map(repr, close_names(m, cols)))}?)"
                     if close_names(m, cols) else repr(m) for m in missing]
            raise ValueError(f"{what}: column {', '.join(hints)} not found. Columns present: "
                             f"{', '.join(map(repr, cols))}. Check the spelling or rename your column to match.")
        kinds = outcome_kinds(eng, outcomes, cols)
        raw, nb_cols = _run_passes(eng, outcomes, by, kinds, sets)
    finally:
        eng.close()
    if sets is None:
        return _long(raw, outcomes, by, nb_cols)
    out = {}
    for st in sets:
        inside = np.ones(len(raw), dtype=bool)
        for j, b in enumerate(by):   # grouped by exactly this set's columns
            inside &= raw[f"g{j}"].astype(int).to_numpy() == (0 if b in st else 1)
        part = raw[inside].reset_index(drop=True)
        out[tuple(st)] = _long(part, outcomes, list(st), nb_cols, keys=[f"k{by.index(b)}" for b in st])
    return out


class NotNumeric(ValueError):
    """An outcome column that holds something other than numbers (``column``, ``kind``, ``examples``, ``hint``)."""

    def __init__(self, column: str, kind: str, examples: list):
        self.column, self.kind, self.examples, self.hint = column, kind, examples, _missing_hint(examples)
        shown = f", values such as {', '.join(map(repr, examples))}" if examples else ""
        super().__init__(f"Outcome {column!r} is not numeric (its type is {kind}{shown}). Code it as 0/1 numbers "
                         f"first (1 = the event happened, missing where it does not apply)." + self.hint)


_MISSING_MARKERS = {"na", "n/a", "null", "none", "nan", ".", "-", "?", "missing", "unknown"}


def _missing_hint(examples) -> str:
    if examples and all(str(e).strip().lower() in _MISSING_MARKERS for e in examples):
        return " If these mark missing values, export them as empty fields."
    return ""


def outcome_kinds(eng: _Engine, outcomes, cols: dict) -> dict:
    """Each outcome column's kind ("number", "double" or "bool"), decided from the whole column.

    A CSV has no types: DuckDB guesses them from its first ~20,000 rows, so an outcome that is empty
    there reads as text. Such a column is checked over every row and read again as DOUBLE (or
    BOOLEAN) when every value it holds is one; a column that really holds text raises
    :class:`NotNumeric` with a few of its values.
    """
    kinds, retype = {}, {}
    for col in outcomes:
        kind = cols[col]
        if kind == "text" and getattr(eng, "csv", None):
            y = _q(col)
            got = eng.run(f"SELECT COUNT(CASE WHEN TRY_CAST({y} AS DOUBLE) IS NULL THEN 1 END) AS d, "
                          f"COUNT(CASE WHEN TRY_CAST({y} AS BOOLEAN) IS NULL THEN 1 END) AS b "
                          f"FROM {eng.relation} WHERE {y} IS NOT NULL").iloc[0]
            if int(got["d"]) == 0 or int(got["b"]) == 0:
                retype[col], kinds[col] = ("DOUBLE", "double") if int(got["d"]) == 0 else ("BOOLEAN", "bool")
                continue
        if kind not in ("number", "bool", "double"):
            raise NotNumeric(col, kind, _examples(eng, col) if kind == "text" else [])
        kinds[col] = kind
    if retype:
        eng.retype(retype)
    return kinds


def _examples(eng: _Engine, col: str) -> list:
    """A few distinct values of a text column that are not numbers (any few, outside DuckDB)."""
    y = _q(col)
    not_number = f" AND TRY_CAST({y} AS DOUBLE) IS NULL" if eng.dialect == "duckdb" else ""
    got = eng.run(_translate(f"SELECT DISTINCT {y} AS v FROM {eng.relation} WHERE {y} IS NOT NULL{not_number} "
                             f"LIMIT 3", eng.dialect))
    return [str(v) for v in got.iloc[:, 0].tolist()] if len(got.columns) else []


def _run_passes(eng: _Engine, outcomes, by, kinds, sets=None):
    """A check for values other than 0/1, the aggregation, and (only for NaN) the aggregation again."""
    check = nonbinary_sql(outcomes, kinds, eng.relation, dialect=eng.dialect)
    nb_cols = set()
    if check:
        counts = eng.run(check)
        counts.columns = [c.lower() for c in counts.columns]
        found = dict(zip(counts["i"], counts["c"])) if "i" in counts.columns else \
            {int(k[1:]): v for k, v in counts.iloc[0].items()}
        nb_cols = {outcomes[int(i)] for i, c in found.items() if int(c) > 0}
    raw = eng.run(aggregate_sql(outcomes, by, kinds, eng.relation, dialect=eng.dialect, nonbinary=nb_cols,
                                sets=sets))
    raw.columns = [c.lower() for c in raw.columns]
    nan_cols = set()
    for i, col in enumerate(outcomes):
        if col not in nb_cols:
            continue
        has = raw[f"n{i}"].astype("int64") > 0  # a sum is NULL only where no value is present
        s, q = raw[f"s{i}"].astype(float)[has], raw[f"q{i}"].astype(float)[has]
        if not (np.isfinite(s).all() and np.isfinite(q).all()):
            bad = eng.run(_nonfinite_sql(col, kinds[col], eng.relation, eng.dialect))
            bad.columns = [c.lower() for c in bad.columns]
            n_inf = int(bad["inf"].iloc[0])
            if n_inf:
                raise ValueError(f"Outcome {col!r} has {n_inf:,} infinite value(s) (±inf): no rate or mean can "
                                 f"be computed. Set them to missing or correct them at the source.")
            nan_cols.add(col)
    if nan_cols:
        raw = eng.run(aggregate_sql(outcomes, by, kinds, eng.relation, dialect=eng.dialect,
                                    nan_as_null=nan_cols, nonbinary=nb_cols, sets=sets))
        raw.columns = [c.lower() for c in raw.columns]
    return raw, nb_cols


def _long(raw: pd.DataFrame, outcomes, by, nb_cols, keys=None) -> pd.DataFrame:
    keys = keys or [f"k{j}" for j in range(len(by))]
    m, k = len(raw), len(outcomes)

    def stack(names, dtype):   # one column for every outcome's rows, built at once (no per-outcome frames)
        return np.concatenate([np.zeros(m) if name is None else
                               np.nan_to_num(raw[name].to_numpy(dtype="float64", na_value=np.nan))
                               for name in names]).astype(dtype) if m else np.zeros(0, dtype)

    def tile(col: pd.Series):   # a DuckDB ENUM arrives as a Categorical: keep its order (the source's order)
        values = np.tile(col.to_numpy(dtype=object), k)
        return pd.Categorical(values, categories=col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) \
            else values

    cols = {b: tile(raw[key]) for b, key in zip(by, keys)}
    cols["outcome"] = np.repeat(np.asarray(outcomes, dtype=object), m)
    cols["rows"] = np.tile(raw["_rows"].to_numpy(dtype=np.int64), k)
    cols["n"] = stack([f"n{i}" for i in range(k)], np.int64)
    cols["sum"] = stack([f"s{i}" for i in range(k)], "float64")
    cols["sumsq"] = stack([f"q{i}" if c in nb_cols else f"s{i}" for i, c in enumerate(outcomes)], "float64")
    cols["nonbinary"] = stack([f"b{i}" if c in nb_cols else None for i, c in enumerate(outcomes)], np.int64)
    return pd.DataFrame(cols)
