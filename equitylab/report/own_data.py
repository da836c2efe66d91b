"""``equitylab report``: the Session 3 equity report on a hospital's own extract, at any size, safe by default.

The same library calls as the Session 3 notebook — :func:`equitylab.aggregate` where the data are,
:func:`equitylab.real.standardize` on the distinct raw values, :func:`equitylab.from_aggregate`,
:func:`equitylab.disparity`, the figures — written as ``DIR/index.html`` (self-contained) and CSVs of
the aggregated, suppressed results. No row-level data is written.

Safe by default: every table goes through the CMS cell-size rule (:mod:`equitylab.privacy`), and
the report reconciles its tables: each is a one-way table of the same rows, so a table with hidden
groups also hides enough of them that their sum is not a count from 1 to 10 (it can be found by
subtracting the visible groups from another table's total), and a hidden group shows no size band.
No two-way table is published next to its margins. Everything is checked before anything runs, and
the report is written to a temporary folder moved into place at the end.

Example
-------
>>> import equitylab as el, tempfile, os
>>> from equitylab.report.own_data import build_report
>>> enc = el.datasets.encounters(n=3_000)
>>> out = os.path.join(tempfile.mkdtemp(), "report")
>>> build_report(enc, out, mapping={"allow_unmapped": True}, progress=False).name
'report'
"""
from __future__ import annotations

import base64
import dataclasses
import html
import io
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import standards as S
from ..data.safefiles import safe_name, write_csv
from ..stats import sql
from ..stats.disparity import disparity
from ..stats.power import min_detectable_difference
from ..stats.stratify import from_aggregate
from . import a11y
from .mapping import Mapping, MappingError, load_mapping
from .own_source import ReportError, _unmapped_error, aggregate_dimensions, check_source

__all__ = ["build_report", "ReportError", "check_source"]


def _bars(progress: bool):
    def bar(total, desc):
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=desc, disable=not progress, leave=True, unit="step")
    return bar


def _for_readers(message: str) -> str:
    """A library message as a report reader needs it: without the function's name or its arguments."""
    message = re.sub(r"^\w+\(\):\s*", "", message)
    message = message.replace("; pass target=.", ".").replace(" Check the `by` column", " Check the grouping column")
    return message[:1].upper() + message[1:]


def reconcile(table: pd.DataFrame, agg: pd.DataFrame, min_cell: int, also_hidden=None) -> pd.DataFrame:
    """Hide more groups until the hidden ones together are not a count from 1 to ``min_cell − 1``.

    The report publishes several one-way tables of the same rows, so a table's total is known
    from another table; hidden groups must then not add up to a small count (nor their events or
    non-events). A hidden group shows no size band. ``agg`` is the aggregate the table came from;
    ``also_hidden`` the groups hidden in another table of the same groups.
    """
    if min_cell <= 0:
        return table
    n = agg["n"].to_numpy(dtype=np.int64)
    e = np.rint(agg["sum"].to_numpy(dtype=float)).astype(np.int64)
    binary = "events" in table.columns
    hidden = table["suppressed"].to_numpy().copy()
    if also_hidden is not None:  # hidden in another table of the same groups (equitylab.privacy.hide_together)
        hidden |= np.asarray(also_hidden, dtype=bool)

    def small(x):
        return 0 < x < min_cell

    def unsafe():
        return small(n[hidden].sum()) or (binary and (small(e[hidden].sum()) or small((n - e)[hidden].sum())))

    while hidden.any() and unsafe():
        candidates = ~hidden & (n > 0)
        if not candidates.any():
            break
        hidden[np.flatnonzero(candidates)[np.argmin(n[candidates])]] = True  # the next smallest group
    if hidden.any() and unsafe():
        hidden[:] = n > 0  # cannot be reconciled: hide everything
    stat_cols = [c for c in table.columns if c not in (table.attrs.get("by") or []) and
                 c not in ("suppressed", "reference", "n_bucket")]
    out = table.copy()
    for c in stat_cols:
        out[c] = out[c].where(~hidden) if out[c].dtype != "Int64" else out[c].mask(hidden)
    out["n_bucket"] = np.where(hidden, "suppressed", out["n_bucket"])
    out["suppressed"] = hidden
    if out["reference"].to_numpy()[hidden].any():
        for c in ("rate_difference", "rd_ci_low", "rd_ci_high", "rate_ratio", "rr_ci_low", "rr_ci_high"):
            out[c] = np.nan
        out["reference"] = False
    return out


def _with_power(table: pd.DataFrame) -> pd.DataFrame:
    """Add the minimum detectable rate difference (power 80%, α 0.05) for each shown group."""
    out = table.copy()
    out["min_detectable_difference"] = np.nan
    if "events" not in out.columns or not out["reference"].any():
        return out
    ref = out[out["reference"]].iloc[0]
    if not (np.isfinite(ref["rate"]) and ref["n"] > 0):
        return out
    shown = ~out["suppressed"] & ~out["reference"] & (out["n"].fillna(0) > 0)
    out.loc[shown, "min_detectable_difference"] = min_detectable_difference(
        out.loc[shown, "n"].astype(float), float(ref["rate"]), float(ref["n"]),
        higher_is_better=bool(table.attrs.get("higher_is_better")))
    return out


#: Totals a figure would print (title "n = …", footnote "… rows outside the denominator"): the report
#: shows none, so no hidden group follows from a total minus the visible groups.
_TOTALS = ("n_total", "rows", "rows_missing_outcome", "overall_rate")


def _for_figure(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for key in _TOTALS:
        out.attrs.pop(key, None)
    return out


def _figure_html(fig) -> str:
    """The figure as an inline SVG image (text kept as text: about 20 KB where a PNG takes 170 KB) with alt text."""
    import matplotlib
    import matplotlib.pyplot as plt

    alt = a11y.figure_alt(fig, "The table below gives its numbers.")
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "equitylab"}):   # laid out already: one draw
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return (f'<img alt="{html.escape(alt, quote=True)}" '
            f'src="data:image/svg+xml;base64,{base64.b64encode(buf.getvalue()).decode()}">')


def _table_html(df: pd.DataFrame) -> str:
    shown = df.astype(object).map(lambda v: "—" if pd.isna(v) else f"{v:.4g}" if isinstance(v, float) else v)
    return shown.to_html(index=False, escape=True, border=0)


def _number(v, scale: float = 1.0, digits: int = 1) -> str:
    """``v × scale`` rounded for the page; "—" when missing, "0.0" (never "-0.0") when it rounds to zero."""
    if pd.isna(v):
        return "—"
    text = f"{scale * float(v):.{digits}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def _readable_summary(dis: pd.DataFrame) -> pd.DataFrame:
    """The disparity summary in the units of the group tables: differences in percentage points."""
    return pd.DataFrame({
        "outcome": dis["outcome"], "by": dis["by"],
        "range difference (points)": dis["range_difference"].map(lambda v: _number(v, 100.0, 1)),
        "range ratio": dis["range_ratio"].map(lambda v: _number(v, 1.0, 2)),
        "index of disparity (% of the mean rate)": dis["index_of_disparity"].map(lambda v: _number(v, 1.0, 1)),
        "weighted index of disparity (%)": dis["index_of_disparity_weighted"].map(lambda v: _number(v, 1.0, 1)),
        "notes": dis["notes"]})


def _readable(pub: pd.DataFrame, by: str) -> pd.DataFrame:
    """A group table as a reader sees it on the page (the CSV keeps the analysts' columns): rates and
    differences in percent, each interval in one column, yes/blank for the flags."""
    def pct(v, digits=1):
        return _number(v, 100.0, digits)

    def interval(lo, hi, scale=100.0, digits=1):
        return "—" if pd.isna(lo) or pd.isna(hi) else f"{_number(lo, scale, digits)} to {_number(hi, scale, digits)}"

    out = pd.DataFrame({by: pub[by].astype(str), "n": pub["n"], "size band": pub.get("n_bucket")})
    if "events" in pub:
        out["events"] = pub["events"]
    out["rate %"] = pub["rate"].map(pct)
    out["95% CI (%)"] = [interval(a, b) for a, b in zip(pub["ci_low"], pub["ci_high"])]
    out["hidden"] = np.where(pub["suppressed"], "yes", "")
    out["reference"] = np.where(pub["reference"], "reference", "")
    if "rate_difference" in pub:
        out["difference (points)"] = pub["rate_difference"].map(pct)
        out["95% CI (points)"] = [interval(a, b) for a, b in zip(pub["rd_ci_low"], pub["rd_ci_high"])]
        out["rate ratio"] = pub["rate_ratio"].map(lambda v: _number(v, 1.0, 2))
        out["95% CI (ratio)"] = [interval(a, b, 1.0, 2) for a, b in zip(pub["rr_ci_low"], pub["rr_ci_high"])]
    if "min_detectable_difference" in pub:
        out["smallest detectable difference (points)"] = pub["min_detectable_difference"].map(pct)
    return out


def _published(table: pd.DataFrame, by: str) -> pd.DataFrame:
    cols = [by, "n", "n_bucket", "events", "rate", "ci_low", "ci_high", "suppressed", "reference", "rate_difference",
            "rd_ci_low", "rd_ci_high", "rate_ratio", "rr_ci_low", "rr_ci_high", "min_detectable_difference"]
    return table[[c for c in cols if c in table.columns]]


def build_report(data, out, *, mapping=None, by=None, reference=None, progress: bool = True,
                 overwrite: bool = False) -> Path:
    """Write the equity report for an extract: ``out/index.html`` and CSVs of suppressed aggregates.

    Parameters
    ----------
    data : anything :func:`equitylab.aggregate` accepts
        A file, glob, folder, :func:`equitylab.source` (DuckDB or PostgreSQL table or query), a
        Spark DataFrame or an in-memory DataFrame.
    out : path
        The report folder; it must not exist yet unless ``overwrite``.
    mapping : path, dict or :class:`~equitylab.report.mapping.Mapping`, optional
        Which columns hold what; without it the columns are expected under Equity Lab's names.
    by : list of str, optional
        Dimensions to stratify by (default: the mapping's ``by``).
    reference : str or dict, optional
        The comparison group: a group name for every dimension that has it (``"White"``), or one per
        dimension (``{"race_ethnicity": "White"}``); overrides the mapping's ``reference:``. Default: the
        largest group that is not a non-answer.
    progress : bool, default True
        A progress bar per stage.

    Returns
    -------
    Path of the report folder.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ReportError(f"{str(out)!r} is a file; give a folder for the report.")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise ReportError(f"The folder {str(out)!r} already exists and is not empty; choose a new folder or pass "
                          f"--overwrite.")
    m = mapping if isinstance(mapping, Mapping) else Mapping.from_dict(mapping) if isinstance(mapping, dict) else \
        load_mapping(mapping) if mapping is not None else Mapping.from_dict({})
    if reference:
        m = m.with_reference(reference)
    if isinstance(data, sql.Source) and not progress:
        data = dataclasses.replace(data, quiet=True)
    bar = _bars(progress)
    with bar(1, "checking the extract") as b, warnings.catch_warnings(record=True) as checked:
        warnings.simplefilter("always")
        outcomes, dims = check_source(data, m, by=by)
        b.update()
    with bar(1, "aggregating where the data are (one pass)") as b:
        aggs, raws = aggregate_dimensions(data, m, dims, outcomes)
        raws.pop("unit", None)
        for dim in dims:
            if raws[dim] is not None and not m.allow_unmapped and (raws[dim]["standard"] == S.UNMAPPED).any():
                raise _unmapped_error(raws[dim], dim, m.min_cell)
        b.update()
    rows_read = int(aggs[dims[0]].loc[aggs[dims[0]]["outcome"] == next(iter(outcomes)), "rows"].sum()) if dims else 0
    if 0 < rows_read < m.min_cell:
        raise ReportError(f"The extract has fewer than min_cell = {m.min_cell} rows: no table, total or group of it "
                          f"may be published (CMS cell-size rule). Check the file, table or query, or use min_cell: 0 "
                          f"in the mapping (analysts inside the hospital only).")
    tables = _statistics(aggs, dims, outcomes, m, bar)
    for (o, d), t in tables.items():  # what the check read in a particular way is said beside each table
        if not isinstance(t, str):
            t.attrs["notes"] = t.attrs.get("notes", []) + [str(w.message) for w in checked if f"{o!r}" in str(w.message)]
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".equitylab-report-", dir=parent))
    try:
        _write(tmp, tables, raws, m, bar, data)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=".equitylab-old-", dir=parent))
            os.replace(out, old / "report")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _statistics(aggs, dims, outcomes, m: Mapping, bar) -> dict:
    tables, used = {}, {}
    pairs = [(o, d) for o in outcomes for d in dims + (["unit"] if m.units else [])]
    with bar(len(pairs), "statistics") as b:
        for o, d in pairs:
            agg = aggs[d][aggs[d]["outcome"] == o].reset_index(drop=True)
            if agg["n"].sum() == 0:
                raise ReportError(f"Outcome {o!r} (column {outcomes[o]!r}) is missing in every row: check that the "
                                  f"column holds the measure (0/1).")
            nonbinary = int(agg["nonbinary"].sum())
            if nonbinary:
                raise ReportError(f"Outcome {o!r} (column {outcomes[o]!r}) has {nonbinary:,} value(s) other than 0 "
                                  f"and 1. The report shows rates of 0/1 measures: recode them (1 = the event "
                                  f"happened, missing where it does not apply).")
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    t = _stratified(agg, o, d, m)
            except ReportError:
                raise
            except ValueError as err:
                tables[(o, d)] = _for_readers(str(err))
            else:
                t.attrs["notes"] = sorted({str(w.message) for w in caught})
                tables[(o, d)], used[(o, d)] = t, agg
            b.update()
    for d in dict.fromkeys(d for _, d in pairs):
        _hide_together(tables, used, d, m.min_cell)
    return tables


def _summary_row(t: pd.DataFrame, o: str, d: str) -> dict:
    """The disparity summary of one table, over the population groups whose rate is shown.

    Non-answer groups (Declined, Unknown, Missing, Unmapped) are left out whether they are shown or
    hidden; with fewer than two groups left the measures are empty and the note says why.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dis = disparity(t, exclude=S.NOT_VALID)
    notes = "; ".join(sorted({str(w.message) for w in caught}))
    return {"outcome": o, "by": d, **dis.to_dict(), "notes": notes}


def _hide_together(tables: dict, used: dict, d: str, min_cell: int) -> None:
    """A group hidden in one table of dimension ``d`` is hidden in every table of the same rows (equal ``n``
    in every group: outcomes of one denominator), so none gives another's hidden sum back
    (``privacy.hide_together``); tables of other rows differ from it by unknown rows missing the outcome
    (checked by tests/test_report_disclosure.py). A table that would hide every group it has is not
    published (it would only name who is in it)."""
    from ..data.suppression import hide_together

    keys = [k for k in tables if k[1] == d and k in used]
    if not keys:
        return
    labels = list(dict.fromkeys(str(v) for k in keys for v in tables[k][d]))
    first = used[keys[0]]
    rows = first.assign(_g=first[d].astype(str)).groupby("_g")["rows"].sum().reindex(labels, fill_value=0)
    aligned = []
    for k in keys:
        a = used[k].assign(_g=used[k][d].astype(str)).groupby("_g")[["n", "sum"]].sum().reindex(labels, fill_value=0)
        aligned.append((a["n"].to_numpy(np.int64), np.rint(a["sum"].to_numpy(float)).astype(np.int64)))
    same_rows = {}  # tables of the same rows (equal n in every group) can be differenced against each other
    for k, (n, e) in zip(keys, aligned):
        same_rows.setdefault(n.tobytes(), []).append((k, n, e))
    hidden = {}
    for members in same_rows.values():
        h = hide_together([(n, e) for _, n, e in members], rows=rows.to_numpy(np.int64), min_cell=min_cell)
        hidden.update({k: pd.Series(h, index=labels) for k, _, _ in members})
    for k in keys:
        t = _with_power(reconcile(tables[k], used[k], min_cell, tables[k][d].astype(str).map(hidden[k]).to_numpy(bool)))
        nonzero = used[k]["n"].to_numpy() > 0
        if min_cell and t["suppressed"].to_numpy()[nonzero].all():
            tables[k] = (f"every group would be hidden (CMS cell-size rule, min_cell = {min_cell}): too few rows "
                         f"in each group to show any of them.")
        else:
            tables[k] = t


def _stratified(agg: pd.DataFrame, o: str, d: str, m: Mapping) -> pd.DataFrame:
    """One table, compared with the chosen reference group — or the largest where that group is hidden."""
    ref = m.reference_for(d)
    groups = set(agg[d].astype(str))
    if ref is not None and ref not in ("largest", "best") and ref not in groups:
        if d in m.reference:
            raise ReportError(f"reference: {ref!r} is not a group of {d} in the data (groups: "
                              f"{', '.join(sorted(groups))}). Fix reference: in the mapping or --reference.")
        ref = None         # a single reference name applies only where that group exists
    try:
        return from_aggregate(agg, o, d, min_cell=m.min_cell, kind="binary", reference=ref)
    except ValueError as err:
        if ref is None or "suppressed" not in str(err):
            raise
    t = from_aggregate(agg, o, d, min_cell=m.min_cell, kind="binary")
    warnings.warn(f"The reference group {ref!r} is hidden in this table (small counts), so the largest group is "
                  f"the reference here.")
    return t


def _write(tmp: Path, tables: dict, raws: dict, m: Mapping, bar, data) -> None:
    from . import plots
    from .funnel import funnel

    sections, summary = [], []
    with bar(len(tables) + 1, "writing the report") as b:
        for (o, d), t in tables.items():
            head = f"<h3>{html.escape(o)} by {html.escape(d)}</h3>"
            if isinstance(t, str):
                sections.append(head + f"<p>Not shown: {html.escape(t)}</p>")
                b.update()
                continue
            pub = _published(t, d)
            write_csv(pub, tmp / f"{safe_name(o)}__by_{safe_name(d)}.csv")
            parts = [head] + [f"<p><em>{html.escape(note)}</em></p>" for note in t.attrs.get("notes", [])]
            if d == "unit":
                try:
                    parts.append(_figure_html(funnel(t)))
                except ValueError as err:
                    parts.append(f"<p>No funnel plot: {html.escape(_for_readers(str(err)))}</p>")
            elif t["rate"].notna().any():
                parts.append(_figure_html(plots.rates(_for_figure(t))))
            parts.append(_table_html(_readable(pub, d)))
            if d != "unit":
                summary.append(_summary_row(t, o, d))
            sections.append("\n".join(parts))
            b.update()
        if summary:
            write_csv(pd.DataFrame(summary), tmp / "disparity.csv")
        for dim, raw in raws.items():
            if raw is not None:
                # each standard category's raw values are a line: the category's total is in the group tables
                same = [t for (o, d), t in tables.items() if d == dim and not isinstance(t, str)]
                write_csv(_standardization(raw, same, dim, m.min_cell), tmp / f"standardization__{safe_name(dim)}.csv")
        (tmp / "index.html").write_text(_page(sections, summary, m, data, raws, sorted(f.name for f in tmp.glob("*.csv"))),
                                        encoding="utf-8")
        b.update()


def _standardization(raw: pd.DataFrame, tables: list, dim: str, min_cell: int) -> pd.DataFrame:
    """The standardization file as published: each raw value's rows as a size band only
    (``privacy.band_counts``). Exact counts would be differenced against the group tables (a category's
    ``n``, the rows read, the groups shown): the raw values of one category (their total is at least the
    category's ``n`` in each table), those of the categories the tables hide, and all of them are lines."""
    from ..data.suppression import band_counts

    cats = raw["standard"].astype(str).to_numpy()
    hidden = {str(g) for t in tables for g in t.loc[t["suppressed"], dim]}
    names = list(pd.unique(cats))
    lines = [np.flatnonzero(cats == c) for c in names]
    shown_n = [{str(g): int(v) for g, v in zip(t[dim], t["n"]) if pd.notna(v)} for t in tables]
    floors = [[n[c] for n in shown_n if c in n] for c in names]
    lines += [np.arange(len(raw))] + ([np.flatnonzero(np.isin(cats, list(hidden)))] if hidden else [])
    out = raw.rename(columns={"rows": "count"})
    out["count"] = band_counts(raw["rows"].to_numpy(np.int64), lines, floors=floors, min_cell=min_cell) \
        if min_cell else raw["rows"].to_numpy(np.int64)   # no suppression (analysts only): the counts, as numbers
    return out


def _data_section(raws: dict, files: list[str], two_columns: bool = False) -> str:
    """Where every row went (the standardization files count each row once), and the files of this folder."""
    items = []
    for dim, raw in raws.items():
        if raw is None:
            continue
        by_status = raw.groupby("status", observed=True)["rows"].sum()
        items.append(f"<li><b>{html.escape(dim)}</b>: every row is counted once in "
                     f"<a href='standardization__{safe_name(dim)}.csv'>standardization__{safe_name(dim)}.csv</a> "
                     f"(each raw value, the category it was mapped to and how: "
                     f"{', '.join(html.escape(str(k)) for k in by_status.index)}); the group tables below show "
                     f"Declined, Unknown, Missing and Unmapped as groups of their own.</li>")
    if two_columns:
        items.append("<li>Race and ethnicity come from two columns and are read as one combined question (the 2024 "
                     "standard, SPD 15): a row with a race and Hispanic or Latino ethnicity counts in <i>Multiple "
                     "categories</i> (e.g. White and Hispanic or Latino); a non-answer in one column is left aside "
                     "(Unknown race with Hispanic or Latino ethnicity counts as Hispanic or Latino); a value that "
                     "matches no category (e.g. 'Other') makes the row <i>Unmapped</i>, listed with its raw values in "
                     "the standardization file.</li>")
    rows = next((int(r["rows"].sum()) for r in raws.values() if r is not None), None)
    links = "".join(f"<li><a href='{html.escape(f)}'>{html.escape(f)}</a></li>" for f in files)
    return ((f"<p>Rows read: {rows:,}.</p>" if rows is not None else "") + f"<ul>{''.join(items)}</ul>"
            + f"<p>Files in this folder (suppressed aggregates only):</p><ul class='el-links'>{links}</ul>")


_CSS = """body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;overflow-wrap:anywhere}
main:focus{outline:none} table{border-collapse:collapse;font-size:13px}
td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right;overflow-wrap:normal} img{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none;font-size:10pt} table{font-size:8pt} td,th{padding:1px 3px}
img{max-height:120mm;width:auto;break-inside:avoid} h2,h3{break-after:avoid} tr{break-inside:avoid}}
@page{size:auto;margin:14mm 12mm}
"""


def _reference_text(m: Mapping) -> str:
    largest = "the largest group that is not a non-answer"
    if not m.reference:
        return largest
    chosen = "; ".join(f"{html.escape(str(g))}" + ("" if d == "*" else f" for {html.escape(d)}")
                       for d, g in m.reference.items())
    return f"the group chosen in the mapping ({chosen}) where it is shown, else {largest}"


def _page(sections, summary, m: Mapping, data, raws: dict | None = None, files: list[str] | None = None) -> str:
    import datetime as _dt
    from importlib.metadata import version
    where = data.describe() if isinstance(data, sql.Source) else \
        Path(os.fspath(data)).name if isinstance(data, (str, os.PathLike)) else "a data frame"
    synthetic = isinstance(data, pd.DataFrame) and data.attrs.get("synthetic")
    dis = pd.DataFrame(summary)
    dis_html = _table_html(_readable_summary(dis)) if len(dis) else "<p>No summary measures.</p>"
    return a11y.table_regions(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Equity report</title>{a11y.FAVICON}<style>{_CSS}{a11y.CSS}</style>
</head><body>{a11y.SKIP_LINK}
<main id="main" tabindex="-1">
<h1>Equity report{' — SYNTHETIC DATA' if synthetic else ''}</h1>
<p>Source: {html.escape(where)} — your data only{' (synthetic)' if synthetic else ''}; nothing else is mixed in. Built
{_dt.date.today().isoformat()} with Equity Lab {html.escape(version("equitylab"))} (<code>equitylab report</code>): rates
with Wilson 95% intervals, rate differences with Newcombe intervals and rate ratios, the reference group being
{_reference_text(m)} — the analysis taught in Equity Lab's data session.</p>
<h2>Data used</h2>
{_data_section(raws or {}, files or [], len(m.source_columns("race_ethnicity")) == 2)}
<h2>Privacy</h2>
<p>CMS cell-size suppression (min_cell = {m.min_cell}): no count from 1 to {max(m.min_cell - 1, 0)} — denominator,
events or non-events — is shown, nor a rate or comparison computed from one. When one group is hidden, others are hidden
too, so that the hidden groups together are not a count from 1 to {max(m.min_cell - 1, 0)}: every table here is a
one-way table of the same rows, so a total is known from another table, and a group hidden in one table is hidden in
every table of the same rows. Hidden groups show no size band. The standardization files (each raw value and the
category it was mapped to) give each raw value's rows only as a size band (1–10, 11–49, …), or "suppressed" where the
bands with a known total would narrow a small count: exact counts could be subtracted from the group tables. All the
files of this folder are checked together, and no hidden count can be worked out from them or narrowed below ten
possible values. No two-way table is published next to its margins. No row-level data are in this folder.</p>
<h2>Summary measures of disparity</h2>
<p>Index of disparity (Pearcy &amp; Keppel 2002): mean absolute deviation of group rates from the total rate, as a percent
of it; the weighted index weights each group by its population share. Non-answers (Declined, Unknown, Missing, Unmapped)
and suppressed groups are left out. The range difference (highest minus lowest group rate) is in percentage points, as
in the tables below; <code>disparity.csv</code> keeps every measure for analysts, differences as proportions
(<code>range_difference</code>, <code>range_ratio</code>, <code>index_of_disparity</code>,
<code>index_of_disparity_weighted</code>, <code>theil_index</code>, …).</p>
{dis_html}
<h2>Stratified measures</h2>
<p>Rates, differences and intervals are in percent (points for differences). "Smallest detectable difference": the
smallest rate difference from the reference group that a group of this size would detect (two-sided α = 0.05, power
80%) — "how many patients would we need to see this gap?" (<code>min_detectable_difference</code> in the CSV files,
which keep every column as a proportion for analysts).</p>
{''.join(sections)}
</main>
</body></html>
""")
