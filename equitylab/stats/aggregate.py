"""The aggregation pass: group counts and sums — the only part of stratification that touches rows.

:func:`aggregate` reduces rows to one small table (one row per group and outcome) in
pandas or in DuckDB; :mod:`equitylab.stratify` computes every statistic from that table
alone. The DuckDB path reads a DataFrame, a DuckDB relation, or a parquet/CSV file
(an extract larger than memory) and gives identical counts.

The aggregate table is what a hospital could also compute in its own SQL engine:

.. code-block:: sql

    SELECT department, race_ethnicity,
           count(*) AS rows, count(y) AS n, sum(y) AS sum, sum(y*y) AS sumsq,
           count(*) FILTER (WHERE y NOT IN (0, 1)) AS nonbinary
    FROM extract GROUP BY ALL

Example
-------
>>> import equitylab as el
>>> enc = el.datasets.encounters(n=2_000)
>>> agg = el.aggregate(enc, ["ed_lwbs"], by=["facility"])
>>> list(agg.columns)
['facility', 'outcome', 'rows', 'n', 'sum', 'sumsq', 'nonbinary']
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from ..data import standards as S
from .._validate import require_columns

__all__ = ["aggregate", "AGGREGATE_COLUMNS"]

#: Columns of the aggregate table after the ``by`` columns.
AGGREGATE_COLUMNS = ["outcome", "rows", "n", "sum", "sumsq", "nonbinary"]

Engine = Literal["auto", "pandas", "duckdb"]


def _as_list(x) -> list[str]:
    if isinstance(x, str):
        return [x]
    if x is None:
        return []
    return list(x)


def _is_duckdb_relation(data) -> bool:
    return "duckdb" in type(data).__module__ and hasattr(data, "columns") and hasattr(data, "query")


def aggregate(data, outcomes: str | Sequence[str], by: str | Sequence[str], *,
              engine: Engine = "auto") -> pd.DataFrame:
    """Reduce rows to group counts and sums for one or more outcomes.

    Parameters
    ----------
    data : DataFrame, DuckDB relation, or path to a ``.parquet`` / ``.csv`` file
        The rows. A path or relation is read by DuckDB without loading it into pandas.
    outcomes : str or list of str
        Numeric outcome columns (0/1 for binary measures). Missing values are not
        counted in ``n`` but are counted in ``rows``.
    by : str or list of str
        Grouping columns. A missing value in a ``by`` column is its own group,
        labelled ``"Missing"``.
    engine : {"auto", "pandas", "duckdb"}
        ``"auto"`` uses pandas for a DataFrame and DuckDB otherwise.

    Returns
    -------
    DataFrame
        One row per group and outcome: the ``by`` columns, ``outcome``, ``rows`` (all
        rows of the group), ``n`` (rows with the outcome present), ``sum``, ``sumsq``
        (sum of squares) and ``nonbinary`` (values other than 0 and 1).
        ``rows`` adds up to the number of input rows for every outcome.
    """
    outcomes = _as_list(outcomes)
    by = _as_list(by)
    if not outcomes:
        raise ValueError("aggregate() needs at least one outcome column.")
    if not by:
        raise ValueError("aggregate() needs at least one `by` column to group on, e.g. by='race_ethnicity'.")
    if len(set(by)) != len(by) or set(by) & set(outcomes):
        raise ValueError(f"by={by} and outcomes={outcomes} must be distinct columns.")
    if isinstance(data, (str, os.PathLike)) or _is_duckdb_relation(data):
        if engine == "pandas":
            raise ValueError("engine='pandas' needs a DataFrame; a file path or DuckDB relation runs in DuckDB "
                             "(engine='duckdb' or 'auto').")
        return _aggregate_duckdb(data, outcomes, by)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, a DuckDB relation or a path to a parquet/CSV file, "
                        f"not {type(data).__name__}.")
    require_columns(data, by + outcomes, what="stratify()")
    if engine not in ("auto", "pandas", "duckdb"):
        raise ValueError(f"engine={engine!r}: use 'auto', 'pandas' or 'duckdb'.")
    if engine == "duckdb":
        return _aggregate_duckdb(data, outcomes, by)
    return _aggregate_pandas(data, outcomes, by)


def _numeric(df: pd.DataFrame, col: str) -> np.ndarray:
    s = df[col]
    if s.dtype == bool or str(s.dtype) == "boolean":
        return s.astype("float64").to_numpy()
    if not (pd.api.types.is_numeric_dtype(s)):
        example = s.dropna().iloc[:3].tolist()
        raise ValueError(
            f"Outcome {col!r} is not numeric (dtype {s.dtype}, values such as {example}). "
            f"Code it as numbers first, e.g. df[{col!r}] = df[{col!r}].map({{'Yes': 1, 'No': 0}})."
        )
    return s.to_numpy(dtype="float64", na_value=np.nan)


def _group_key(s: pd.Series) -> pd.Series:
    """A grouping key where a missing value is the group 'Missing'."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        if s.isna().any():
            if S.MISSING not in s.cat.categories:
                s = s.cat.add_categories([S.MISSING])
            s = s.fillna(S.MISSING)
        return s
    if s.isna().any():
        return s.astype(object).where(s.notna(), S.MISSING)
    return s


def _aggregate_pandas(df: pd.DataFrame, outcomes: list[str], by: list[str]) -> pd.DataFrame:
    keys = [_group_key(df[b]) for b in by]
    values = {}
    binary = {}
    for col in outcomes:
        y = _numeric(df, col)
        values[f"s:{col}"] = y
        nb = ~(np.isnan(y) | (y == 0) | (y == 1))
        binary[col] = not nb.any()
        if not binary[col]:  # only 0/1 values: sum of squares = sum, nothing non-binary to count
            values[f"q:{col}"] = y * y
            values[f"b:{col}"] = nb.astype(np.int64)
    frame = pd.DataFrame(values, index=df.index, copy=False)
    grouped = frame.groupby(keys, observed=True, sort=True)
    sums = grouped.sum()          # NaN-skipping sums
    counts = grouped[[f"s:{c}" for c in outcomes]].count()
    rows = grouped.size()
    parts = []
    for col in outcomes:
        total = sums[f"s:{col}"].to_numpy()
        part = pd.DataFrame({
            "outcome": col,
            "rows": rows.to_numpy(),
            "n": counts[f"s:{col}"].to_numpy(),
            "sum": total,
            "sumsq": total if binary[col] else sums[f"q:{col}"].to_numpy(),
            "nonbinary": 0 if binary[col] else sums[f"b:{col}"].to_numpy(),
        }, index=rows.index)
        parts.append(part)
    out = pd.concat(parts).reset_index()
    out.columns = by + AGGREGATE_COLUMNS
    return _finish(out, by, {b: df[b] for b in by})


def _aggregate_duckdb(data, outcomes: list[str], by: list[str]) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect()
    try:
        if isinstance(data, (str, os.PathLike)):
            path = Path(data)
            if not path.exists():
                raise FileNotFoundError(f"No data file at {str(path)!r}. Check the path (it is relative to "
                                        f"{os.getcwd()!r}).")
            suffix = path.suffix.lower()
            if suffix == ".parquet":
                rel = con.read_parquet(str(path))
            elif suffix in (".csv", ".txt", ".tsv"):
                rel = con.read_csv(str(path))
            else:
                raise ValueError(f"Cannot read {path.name!r}: use a .parquet or .csv file.")
        elif isinstance(data, pd.DataFrame):
            require_columns(data, by + outcomes, what="stratify()")
            rel = con.from_df(data)
        else:
            rel = data
        columns = list(rel.columns)
        missing = [c for c in by + outcomes if c not in columns]
        if missing:
            raise ValueError(f"stratify(): column {', '.join(map(repr, missing))} not found. Columns present: "
                             f"{', '.join(map(repr, columns))}. Check the spelling or rename your column to match.")
        types = dict(zip(rel.columns, [str(t) for t in rel.types]))
        q = lambda c: '"' + c.replace('"', '""') + '"'  # noqa: E731
        selects = []
        for i, col in enumerate(outcomes):
            t = types[col].upper()
            if t == "BOOLEAN":
                y = f"CAST({q(col)} AS DOUBLE)"
            elif any(k in t for k in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL", "NUMERIC")):
                y = f"CAST({q(col)} AS DOUBLE)"
            else:
                raise ValueError(f"Outcome {col!r} is not numeric (type {t}). Code it as 0/1 numbers first.")
            # DuckDB reads NaN from pandas as NaN, not NULL: treat both as missing
            y = f"(CASE WHEN isnan({y}) THEN NULL ELSE {y} END)"
            selects.append(
                f"count({y}) AS n{i}, sum({y}) AS s{i}, sum({y}*{y}) AS q{i}, "
                f"count(*) FILTER (WHERE {y} NOT IN (0, 1)) AS b{i}"
            )
        keys = ", ".join(q(b) for b in by)
        sql = f"SELECT {keys}, count(*) AS rows, {', '.join(selects)} FROM rel GROUP BY {keys}"
        raw = rel.query("rel", sql).df()
    finally:
        con.close()
    parts = []
    for i, col in enumerate(outcomes):
        part = raw[by].copy()
        part["outcome"] = col
        part["rows"] = raw["rows"].astype(np.int64)
        part["n"] = raw[f"n{i}"].astype(np.int64)
        part["sum"] = raw[f"s{i}"].astype("float64").fillna(0.0)
        part["sumsq"] = raw[f"q{i}"].astype("float64").fillna(0.0)
        part["nonbinary"] = raw[f"b{i}"].astype(np.int64)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    for b in by:
        out[b] = _group_key(out[b])
    source = data if isinstance(data, pd.DataFrame) else None
    return _finish(out, by, {b: source[b] for b in by} if source is not None else {})


_KNOWN_ORDERS = (S.RACE_ETHNICITY_CATEGORIES, S.RACE_CATEGORIES, S.ETHNICITY_CATEGORIES, S.LANGUAGE_CATEGORIES)


def _finish(out: pd.DataFrame, by: list[str], sources: dict) -> pd.DataFrame:
    """Order groups the same way whatever the engine: the source's category order, else sorted."""
    for b in by:
        col = out[b]
        src = sources.get(b)
        if src is not None and isinstance(src.dtype, pd.CategoricalDtype):
            cats = [c for c in src.cat.categories]
        elif isinstance(col.dtype, pd.CategoricalDtype):
            cats = [c for c in col.cat.categories]
        else:
            vals = pd.unique(col.astype(object))
            cats = sorted([v for v in vals if v != S.MISSING], key=lambda v: (str(type(v)), v))
            for known in _KNOWN_ORDERS:  # standard REaL categories keep their standard order
                if set(vals) <= set(known):
                    cats = [c for c in known if c in set(vals)]
                    break
        if (col.astype(object) == S.MISSING).any() and S.MISSING not in cats:
            cats = cats + [S.MISSING]
        present = set(col.astype(object))
        out[b] = pd.Categorical(col.astype(object), categories=[c for c in cats if c in present])
    out = out.sort_values(by + ["outcome"], kind="stable").reset_index(drop=True)
    for c in ("rows", "n", "nonbinary"):
        out[c] = out[c].astype(np.int64)
    for c in ("sum", "sumsq"):
        out[c] = out[c].astype("float64")
    return out
