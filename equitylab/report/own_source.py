"""``equitylab report``, where the data are: check an extract against its mapping, then group counts by dimension.

:func:`check_source` finds every problem before anything runs (one message each, naming the fix);
:func:`aggregate_dimensions` runs :func:`equitylab.aggregate`'s query where the rows are — one pass for
every dimension — and standardizes the REaL values afterwards, on the distinct raw values only.

Example
-------
>>> import equitylab as el
>>> from equitylab.report.mapping import Mapping
>>> outcomes, dims = check_source(el.datasets.encounters(n=500), Mapping.from_dict({"by": ["race_ethnicity", "payer"]}))
>>> dims, outcomes["ed_lwbs"]
(['race_ethnicity', 'payer'], 'ed_lwbs')
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..data import real
from ..data import standards as S
from ..stats import sql
from ..stats.aggregate import _finish, _label_missing
from .mapping import OTHER, REAL_FIELDS, Mapping

__all__ = ["check_source", "aggregate_dimensions", "ReportError"]

_SUMS = ["rows", "n", "sum", "sumsq", "nonbinary"]
_OTHER_CODE = "\x00" + OTHER    # a raw value mapped to Other under codes: (no standard category reads it)


class ReportError(ValueError):
    """A problem with the extract or its mapping, found before anything is written."""


def check_source(data, mapping: Mapping, *, by=None, sample_rows: int = 5_000):
    """Check an extract against its mapping before anything runs; returns (outcome columns, dimensions).

    Raises :class:`ReportError` (or ``FileNotFoundError`` / ``ConnectionError``) with one message
    naming the problem and the fix: a wrong file type, an unreachable database, missing or misnamed
    columns (with the close names), non-numeric outcomes, an empty extract, unparseable dates.
    """
    eng = sql.open_source(data)
    try:
        cols = eng.columns()
        outcomes = mapping.outcome_columns(cols)
        dims = list(by) if by else list(mapping.by)
        needed = {o: c for o, c in outcomes.items()}
        for d in dims:
            for c in mapping.source_columns(d):
                needed[d if len(mapping.source_columns(d)) == 1 else c] = c
        if mapping.units:
            needed["units"] = mapping.units
        if "date" in mapping.columns:
            needed["date"] = mapping.columns["date"]
        missing = [(k, c) for k, c in needed.items() if c not in cols]
        if missing:
            parts = []
            for k, c in missing:
                near = sql.close_names(c, cols)
                if k in ("race_ethnicity", "race"):   # the column of a race question, under another name
                    near = list(dict.fromkeys([x for x in cols if str(x).lower() in ("race", "ethnicity")] + near))
                parts.append(f"{c!r} (for {k})" + (f" — did you mean {', '.join(map(repr, near))}?" if near else ""))
            raise ReportError(f"The extract has no column {'; '.join(parts)}. Columns present: "
                              f"{', '.join(map(repr, cols))}. Fix the name under columns:/outcomes: in the mapping.")
        sample = eng.run(f"SELECT * FROM {eng.relation} LIMIT {int(sample_rows)}")
        if len(sample) == 0:
            raise ReportError("The extract has 0 rows: there is nothing to report. Check the file, table or query.")
        for o, c in outcomes.items():
            try:
                if sql.outcome_kinds(eng, [c], cols).get(c) == "bool":  # yes/no, true/false text: said on the page
                    warnings.warn(f"Outcome {o!r} (column {c!r}) holds yes/no (or true/false) values: read as 1 = "
                                  f"yes/true, 0 = no/false.", stacklevel=2)
            except sql.NotNumeric as err:
                shown = f" (values such as {', '.join(map(repr, err.examples))})" if err.examples else ""
                raise ReportError(f"Outcome {o!r} (column {c!r}) holds {err.kind}{shown}, not numbers: code it 0/1 "
                                  f"(1 = the event happened, missing where it does not apply)."
                                  + err.hint) from None
        if "date" in mapping.columns:
            _check_dates(sample[mapping.columns["date"]], mapping.columns["date"])
    finally:
        eng.close()
    return outcomes, dims


def _check_dates(values: pd.Series, col: str) -> None:
    present = values.dropna()
    if pd.api.types.is_datetime64_any_dtype(present) or len(present) == 0:
        return
    parsed = pd.to_datetime(present.astype(str), errors="coerce", format="mixed")
    bad = present[parsed.isna()]
    if len(bad):
        examples = ", ".join(map(repr, pd.unique(bad.astype(str))[:5]))
        raise ReportError(f"Column {col!r} (date) has values that are not dates, e.g. {examples} "
                          f"({len(bad):,} of {len(present):,} sampled values). Use ISO dates (2025-01-31).")


def aggregate_dimensions(data, mapping: Mapping, dims: list, outcomes: dict) -> tuple[dict, dict]:
    """Group counts by every dimension (and the ``units:`` column, as "unit") in one pass where the data are.

    One query groups by each dimension's column(s) on its own (``GROUPING SETS``); REaL values are
    standardized afterwards, on the distinct raw values. Returns ({dimension: aggregate}, {dimension: the
    standardization report's rows, or None}).
    """
    wanted = {dim: list(dict.fromkeys(mapping.source_columns(dim))) for dim in dims}
    if mapping.units:
        wanted["unit"] = [mapping.units]
    sets = [list(st) for st in dict.fromkeys(tuple(cols) for cols in wanted.values())]
    by = list(dict.fromkeys(c for st in sets for c in st))
    got = sql.run_aggregate(data, list(dict.fromkeys(outcomes.values())), by, what="equitylab report", sets=sets)
    aggs, raws = {}, {}
    for dim, cols in wanted.items():
        aggs[dim], raws[dim] = _dimension(got[tuple(cols)].copy(), mapping, dim, cols, outcomes)
    return aggs, raws


def _dimension(agg: pd.DataFrame, mapping: Mapping, dim: str, cols: list, outcomes: dict):
    """One dimension's aggregate as the report uses it: outcomes by measure name, REaL values standardized."""
    agg["outcome"] = agg["outcome"].map({c: o for o, c in outcomes.items()})
    if dim not in REAL_FIELDS:
        agg = agg.rename(columns={cols[0]: dim})
        return _finish(_label_missing(agg, [dim]), [dim], {}), None
    codes = {str(k): str(v) if str(v) != OTHER else _OTHER_CODE for k, v in (mapping.codes.get(dim) or {}).items()}

    def recode(v):
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else codes.get(str(v), str(v))

    def combined(f):  # race and ethnicity in two columns: one combined value
        one = agg[cols[0]].map(f)
        if len(cols) == 1:
            return one
        eth = agg[cols[1]].map(f)
        return pd.Series([r if e is None else e if r is None else f"{r}; {e}" for r, e in zip(one, eth)],
                         index=agg.index, dtype=object)

    raw = combined(recode)
    recorded = combined(lambda v: recode(v) if recode(v) is None else str(v))
    std, report = real.standardize(raw.astype(object), dim)
    status = dict(zip(report["raw"], report["status"].astype(str)))  # mapped, mapped (truncated), ...
    if (raw == _OTHER_CODE).any():   # codes: ... : Other — a group of its own
        std = std.astype(object).where(raw != _OTHER_CODE, OTHER)
        status[_OTHER_CODE] = f"kept as {OTHER}"
    rows = agg.drop_duplicates(cols)  # the standardization report counts each raw value once per row group
    raw_rows = pd.DataFrame({"raw": recorded[rows.index], "rows": rows["rows"].to_numpy(),
                             "standard": std[rows.index], "status": raw[rows.index].map(status)})
    raw_rows["status"] = raw_rows["status"].fillna(real.STATUS_NONANSWER)
    raw_rows = raw_rows.groupby(["raw", "standard", "status"], dropna=False, observed=True)["rows"].sum() \
        .reset_index()
    out = agg.assign(**{dim: std.astype(object)}).groupby([dim, "outcome"], sort=False)[_SUMS].sum().reset_index()
    return _finish(out, [dim], {}), raw_rows


def _unmapped_error(raw_rows: pd.DataFrame, dim: str, min_cell: int) -> ReportError:
    from ..data.suppression import mask_counts

    bad = raw_rows[raw_rows["standard"] == S.UNMAPPED].sort_values("rows", ascending=False)
    shown = mask_counts(bad.rename(columns={"rows": "count"}), ["count"], min_cell=min_cell)
    listing = "; ".join(f"{r!r}: {c} rows" for r, c in shown[["raw", "count"]].itertuples(index=False, name=None))
    return ReportError(f"{len(bad)} {dim} value(s) could not be mapped to a standard category: {listing[:1500]}. "
                       f"Map them under codes: {dim}: in the mapping (e.g. \"{bad['raw'].iloc[0]}\": Unknown, or the "
                       f"standard category it stands for, or {OTHER} to keep them as a group of their own), or set "
                       f"allow_unmapped: true to report them as the group 'Unmapped'.")
