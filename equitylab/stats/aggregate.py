"""The aggregation pass: group counts and sums — the only part of stratification that touches rows.

:func:`aggregate` reduces rows to one small table (one row per group and outcome);
:mod:`equitylab.stratify` computes every statistic from that table alone. A DataFrame is
aggregated in pandas; anything else — a parquet/CSV file, a glob or folder of parquet parts,
a DuckDB or PostgreSQL table or query (:func:`equitylab.source`), a DuckDB relation, a Spark
DataFrame — where it lives, by one SQL query written once (:mod:`equitylab.stats.sql`).
Every engine gives identical counts.

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

__all__ = ["aggregate", "AGGREGATE_COLUMNS", "MISSING_NO_VALUE"]

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
              engine: Engine = "auto", each: bool = False):
    """Reduce rows to group counts and sums for one or more outcomes, where the rows are.

    Parameters
    ----------
    data : DataFrame, DuckDB relation, Spark DataFrame, path, glob, or :func:`equitylab.source`
        The rows. A DataFrame is aggregated in pandas (or DuckDB with ``engine="duckdb"``).
        Anything else is aggregated where it lives, by one SQL query (see
        :mod:`equitylab.stats.sql`): a ``.csv``/``.parquet`` file, a glob such as
        ``parts/*.parquet`` or a folder of parquet parts (hive partitions too) in DuckDB; a
        DuckDB or PostgreSQL table or query named with :func:`equitylab.source`; a Spark
        DataFrame in Spark. Only the group counts and sums come back.
    outcomes : str or list of str
        Numeric outcome columns (0/1 for binary measures). Missing values (NULL, NaN) are not
        counted in ``n`` but are counted in ``rows``. Infinite values are refused.
    by : str or list of str
        Grouping columns. A missing value is its own group, labelled ``"Missing"`` — or
        ``"Missing (no value)"`` when the column also holds the text ``"Missing"``. Labels
        of different types that print alike (``1`` and ``"1"``) are kept apart and labelled
        with their type, e.g. ``"1 (number)"`` and ``"1 (text)"``.
    engine : {"auto", "pandas", "duckdb"}
        ``"auto"`` uses pandas for a DataFrame and the source's own engine otherwise.
    each : bool, default False
        Group by each ``by`` column on its own (one-way tables, as a report by race, then by
        language, ...) instead of by their combinations. A file or database is then read once for
        all of them (``GROUPING SETS``), not once per column.

    Returns
    -------
    DataFrame, or a dict of them with ``each=True`` (``by`` column -> its table)
        One row per group and outcome: the ``by`` columns, ``outcome``, ``rows`` (all
        rows of the group), ``n`` (rows with the outcome present), ``sum``, ``sumsq``
        (sum of squares) and ``nonbinary`` (values other than 0 and 1).
        ``rows`` adds up to the number of input rows for every outcome.

    Examples
    --------
    >>> import equitylab as el
    >>> enc = el.datasets.encounters(n=2_000)
    >>> tables = el.aggregate(enc, ["ed_lwbs", "readmit_30d"], by=["facility", "payer"], each=True)
    >>> sorted(tables), int(tables["payer"].query("outcome == 'ed_lwbs'")["rows"].sum())
    (['facility', 'payer'], 2000)
    """
    if not each:
        return _aggregate(data, outcomes, by, engine=engine, what="aggregate()")
    from . import sql

    by = _as_list(by)
    if isinstance(data, pd.DataFrame) or engine == "pandas":
        return {b: _aggregate(data, outcomes, [b], engine=engine, what="aggregate()") for b in by}
    _aggregate(data, outcomes, by, engine=engine, what="aggregate()", check_only=True)
    got = sql.run_aggregate(data, _as_list(outcomes), by, what="aggregate()", sets=[[b] for b in by])
    return {b: _finish(_label_missing(got[(b,)], [b]), [b], {}) for b in by}


def _aggregate(data, outcomes, by, *, engine: Engine, what: str, check_only: bool = False) -> pd.DataFrame:
    """:func:`aggregate`, with error messages naming the function the user called (``what``)."""
    from . import sql

    outcomes = _as_list(outcomes)
    by = _as_list(by)
    if not outcomes:
        raise ValueError(f"{what} needs at least one outcome column.")
    if not by:
        raise ValueError(f"{what} needs at least one `by` column to group on, e.g. by='race_ethnicity'.")
    if len(set(by)) != len(by) or set(by) & set(outcomes):
        raise ValueError(f"by={by} and outcomes={outcomes} must be distinct columns.")
    if engine not in ("auto", "pandas", "duckdb"):
        raise ValueError(f"engine={engine!r}: use 'auto', 'pandas' or 'duckdb'.")
    if not isinstance(data, pd.DataFrame):
        if isinstance(data, (str, os.PathLike, sql.Source)) or _is_duckdb_relation(data) or sql._is_spark_frame(data):
            if engine == "pandas":
                raise ValueError("engine='pandas' needs a DataFrame; a file, database or relation is aggregated "
                                 "where it lives (engine='auto').")
            if check_only:
                return None
            return _finish(_label_missing(sql.run_aggregate(data, outcomes, by, what=what), by), by, {})
        raise TypeError(f"data must be a pandas DataFrame, a DuckDB or Spark relation, a path to a parquet/CSV "
                        f"file, or equitylab.source(...), not {type(data).__name__}.")
    require_columns(data, by + outcomes, what=what)
    if data.columns.duplicated().any():
        dup = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
        raise ValueError(f"The data have duplicated column names ({', '.join(map(repr, dup))}); rename them so "
                         f"each column has one name.")
    frame = data[by + outcomes].copy(deep=False)
    for b in by:
        frame[b] = _distinct_labels(frame[b])
    if engine == "duckdb":
        for col in outcomes:
            _numeric(frame, col)  # same checks and messages as pandas
        out = sql.run_aggregate(frame, outcomes, by, what=what)
    else:
        out = _aggregate_pandas(frame, outcomes, by)
    return _finish(_label_missing(out, by), by, {b: data[b] for b in by})


#: Label of a missing ``by`` value when the column also holds the text "Missing".
MISSING_NO_VALUE = "Missing (no value)"


def _inf_error(col: str, count: int) -> ValueError:
    return ValueError(f"Outcome {col!r} has {count:,} infinite value(s) (±inf): no rate or mean can be computed. "
                      f"Set them to missing or correct them at the source.")


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
    y = s.to_numpy(dtype="float64", na_value=np.nan)
    n_inf = int(np.isinf(y).sum())
    if n_inf:
        raise _inf_error(col, n_inf)
    return y


def _type_word(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true/false"
    if isinstance(v, (int, float, np.number)):
        return "number"
    if isinstance(v, str):
        return "text"
    return type(v).__name__


def _distinct_labels(s: pd.Series) -> pd.Series:
    """Labels of different types kept apart: an object column mixing types becomes text labels.

    ``1``, ``True`` and ``"1"`` compare or print alike, so pandas would merge some of them and SQL
    others; here each (type, value) is one group, labelled by its text plus its type when the
    text alone is ambiguous. Missing values stay missing.
    """
    if s.dtype != object:
        return s
    present = s[s.notna()]
    if len({_type_word(v) for v in present}) <= 1:
        return s
    keys = {}
    for v in present:
        keys.setdefault((_type_word(v), v), str(v))
    texts = pd.Series(list(keys.values())).value_counts()
    label = {k: (t if texts[t] == 1 else f"{t} ({k[0]})") for k, t in keys.items()}
    return pd.Series([label[(_type_word(v), v)] if not _isna(v) else None for v in s], index=s.index, dtype=object)


def _isna(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT


def _label_missing(out: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Missing ``by`` values become the group "Missing" — "Missing (no value)" if that text is a real label."""
    for b in by:
        col = out[b]
        na = col.isna()
        if not na.any():
            continue
        label = MISSING_NO_VALUE if (col.astype(object)[~na] == S.MISSING).any() else S.MISSING
        if isinstance(col.dtype, pd.CategoricalDtype):
            if label not in col.cat.categories:
                col = col.cat.add_categories([label])
            out[b] = col.fillna(label)
        else:
            out[b] = col.astype(object).where(~na, label)
    return out


def _aggregate_pandas(df: pd.DataFrame, outcomes: list[str], by: list[str]) -> pd.DataFrame:
    keys = [df[b] for b in by]
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
    grouped = frame.groupby(keys, observed=True, sort=True, dropna=False)
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
    return out


_OTHER = "Other"    # a group of its own next to standard categories (codes: ...: Other in a report mapping)
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
            cats = sorted([v for v in vals if v not in (S.MISSING, MISSING_NO_VALUE)], key=lambda v: (str(type(v)), v))
            for known in _KNOWN_ORDERS:  # standard REaL categories keep their standard order ("Other" last of
                if set(vals) - {_OTHER} <= set(known):  # the answers, before the non-answers)
                    cats = [c for c in known if c in set(vals) and c not in S.NOT_VALID] + \
                        [_OTHER] * (_OTHER in set(vals)) + [c for c in S.NOT_VALID if c in set(vals)]
                    break
        for label in (S.MISSING, MISSING_NO_VALUE):
            if (col.astype(object) == label).any() and label not in cats:
                cats = cats + [label]
        present = set(col.astype(object))
        out[b] = pd.Categorical(col.astype(object), categories=[c for c in cats if c in present])
    out = out.sort_values(by + ["outcome"], kind="stable").reset_index(drop=True)
    for c in ("rows", "n", "nonbinary"):
        out[c] = out[c].astype(np.int64)
    for c in ("sum", "sumsq"):
        out[c] = out[c].astype("float64")
    return out
