"""Session 3 executed on a hospital's own (here: small synthetic) extract shows no recoverable count 1–10.

The notebook is run with papermill's parameters on a CSV extract whose smaller groups hold 1–10 people;
every table it prints (HTML) and every line it prints is read back and handed to the attacker helper,
who also knows the extract's row count as the notebook prints it. Figures are PNG in the executed
notebook; the same figure functions are checked on their text and drawn rates in test_privacy.py.
"""
from __future__ import annotations

import re

import nbformat
import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab.notebooks import build_notebooks, execute
from equitylab.stats.stratify import COLUMNS
from notebook_helpers import ROOT, errors
from privacy_helpers import reconciled_step, from_audit, from_masked, from_stratify, html_tables, recoverable

STATUSES = ["valid", "declined", "unknown", "missing", "unmapped"]


def _num(x):
    x = str(x).replace(",", "").strip()
    return np.nan if x in ("", "NaN", "nan", "<NA>", "None") else float(x)


def _outputs(nb):
    """(cell source, printed text, HTML tables, plain-text results) of every code cell."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        plain = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs
                        if "text/html" not in o.get("data", {}))
        yield cell.source, text, html_tables(html) if html else [], plain


def _typed(df: pd.DataFrame, numeric) -> pd.DataFrame:
    out = df.copy()
    for c in numeric:
        out[c] = [_num(v) for v in out[c]]
    return out


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("own")
    enc = el.datasets.encounters(n=6000, seed=5)
    std = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")[0].astype(str)
    keep = pd.Series(True, index=enc.index)
    for group, k in {"American Indian or Alaska Native": 3, "Native Hawaiian or Pacific Islander": 7,
                     "Middle Eastern or North African": 10}.items():  # tiny groups: 1–10 people
        keep[std.index[std == group][k:]] = False
    enc = enc[keep].reset_index(drop=True)
    sizes = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")[0].value_counts()
    assert ((sizes >= 1) & (sizes <= 10)).sum() >= 3, "the extract must have tiny groups"
    extract = enc.rename(columns={"race_ethnicity": "RACE_ETH"})
    extract["RACE_ETH"] = extract["RACE_ETH"].astype(object)
    path = tmp / "tiny_extract.csv"
    extract.to_csv(path, index=False)
    build_notebooks(tmp / "built", ROOT)
    out = tmp / "session3_tiny.ipynb"
    execute(tmp / "built" / "student" / "session3_data" / "session3_data.ipynb", out,
            parameters={"DATA_SOURCE": str(path), "COLUMNS": {"RACE_ETH": "race_ethnicity"}})
    nb = nbformat.read(out, as_version=4)
    assert not errors(nb)
    return list(_outputs(nb)), len(extract)


def test_session3_outputs_hold_no_recoverable_small_count(executed):
    cells, n_rows = executed
    printed = "".join(text for _, text, _, _ in cells)
    m = re.search(r"([\d,]+) encounters from tiny_extract\.csv", printed)
    assert m, printed[:300]
    rows = int(m.group(1).replace(",", ""))
    assert rows == n_rows
    checked, status_totals, overall = [], {}, {}
    for source, _, tables, plain in cells:
        for t in tables:
            cols = set(t.columns)
            if {"field", "n", *STATUSES} <= cols:                       # the completeness audit
                t = _typed(t, ["n", *STATUSES])
                t.attrs["by"] = ["department"]
                reconciled = "rounded DOWN" in printed   # privacy.reconcile's note: shares floored to a step
                assert recoverable(from_audit(t, rows=rows, decimals=None if reconciled else 3,
                                              floor_step=reconciled_step if reconciled else None)) == []
                checked.append("audit")
            elif {"n", "n_bucket", "events", "rate"} <= cols:           # a stratified table
                by = [c for c in t.columns if c and c not in COLUMNS]
                s = _typed(t, ["n", "events", "rate"])
                s.attrs["by"] = by
                checked.append(("stratified", s))
            elif "count" in cols and "status" in cols:                  # masked rows of the report
                total = status_totals.get("unmapped")
                assert recoverable(from_masked(t["count"], total=total)) == []
                checked.append("report rows")
            elif {"outcome", "overall_rate", "overall_of"} <= cols:     # the dashboard summary
                overall = {o: (_num(r), scope) for o, r, scope in zip(t["outcome"], t["overall_rate"],
                                                                     t["overall_of"])}
        if "mask_counts(report.groupby" in source:                      # status totals (a Series)
            lines = [ln.rsplit(None, 1) for ln in plain.splitlines() if ln.strip() and "dtype" not in ln]
            values = {k.strip(): v for k, v in (ln for ln in lines if len(ln) == 2) if k.strip() != "status"}
            assert recoverable(from_masked(list(values.values()), total=rows)) == []
            status_totals = {k: int(v.replace(",", "")) for k, v in values.items() if v.replace(",", "").isdigit()}
            checked.append("report totals")
    for item in checked:
        if isinstance(item, tuple):
            facts = from_stratify(item[1], rows=rows, decimals=3)
            if "readmit_30d" in overall and item[1].attrs["by"] == ["race_ethnicity"]:
                rate, scope = overall["readmit_30d"]
                facts.rate("E" if scope == "all groups" else "E shown", "N" if scope == "all groups" else "N shown",
                           rate, decimals=3)
            assert recoverable(facts) == []
    kinds = {c if isinstance(c, str) else c[0] for c in checked}
    assert kinds == {"audit", "stratified", "report rows", "report totals"}, kinds
