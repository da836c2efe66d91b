"""Sessions 1–3 as a learner runs them: on a hospital's own extract, and unedited.

* **Tables published together** (privacy): Session 3 on an extract with 3 American Indian or Alaska Native
  inpatients publishes a completeness audit by department and a readmission table of the same inpatient
  rows. The attacker helper gets *all* of the executed notebook's outputs at once — the audit, the
  readmission table, the standardization report's totals, the printed row count and the figure title's
  total (the readmission denominator, i.e. the inpatient ``n``) — and must find no count from 1 to 10.
  The same attacker, given the audit as it was shown before (shares to 3 decimals), finds AIAN = 3.
* **Small extracts** (800 and 2,500 rows) run to the end with no traceback; a summary measure that cannot
  be computed says why.
* **Synthetic narrative** is printed only for the synthetic data.
* **Worked examples are never saved as the learner's take-aways**: Sessions 1, 2 and 3 run unedited
  leave no Session 1/2 take-away, no SMART goal, and progress does not mark them saved.
"""
from __future__ import annotations

import re

import nbformat
import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab.course.notebooks import execute, kernel_environment
from equitylab.privacy import SHARE_STEPS
from notebook_helpers import ROOT, errors
from privacy_helpers import (DOCUMENTED_STEPS, Facts, from_audit, from_masked, from_stratify, html_tables,
                             reconciled_step, recoverable)

AIAN = "American Indian or Alaska Native"
VALID_GROUPS_NOT = {"Declined": "declined", "Unknown": "unknown", "Missing": "missing", "Unmapped": "unmapped"}
SYNTHETIC_ONLY = ["In these SYNTHETIC data", "readmitted more often", "built to look lower",
                  "remain within every payer group"]


def leak_extract(n: int = 12_000, seed: int = 5) -> pd.DataFrame:
    """The reviewer's extract: 3 inpatients are AIAN; the other AIAN, NHPI, MENA and multiple-category patients
    merged into White."""
    enc = el.datasets.encounters(n=n, seed=seed)
    std = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")[0].astype(str)
    aian = std == AIAN
    keep = enc.index[aian & (enc["department"] == "Inpatient admission")][:3]
    enc.loc[aian & ~enc.index.isin(keep), "race_ethnicity"] = "White"
    for group in ("Native Hawaiian or Pacific Islander", "Middle Eastern or North African", "Multiple categories"):
        enc.loc[std == group, "race_ethnicity"] = "White"
    assert (el.real.standardize(enc["race_ethnicity"], "race_ethnicity")[0] == AIAN).sum() == 3
    return enc


def _run_student_s3(built, tmp, data: pd.DataFrame, name: str):
    path = tmp / f"{name}.csv"
    data.to_csv(path, index=False)
    out = tmp / f"{name}.ipynb"
    execute(built / "student" / "session3_data" / "session3_data.ipynb", out, parameters={"DATA_SOURCE": str(path)})
    nb = nbformat.read(out, as_version=4)
    assert not errors(nb), errors(nb)
    return nb


def _cells(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
            plain = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            yield cell.source, text, html_tables(html) if html else [], plain


def _num(x):
    x = str(x).replace(",", "").strip()
    return np.nan if x in ("", "NaN", "nan", "<NA>", "None") else float(x)


def _combined_facts(audit: pd.DataFrame, readmit: pd.DataFrame, *, rows: int, report: dict, floor: bool) -> Facts:
    """Everything the notebook shows about the same rows, tied together."""
    audit = audit[audit["field"] == "race_ethnicity_as_recorded"].copy()
    audit.attrs["by"] = ["department"]
    f = Facts()
    f.merge(from_audit(audit, rows=rows, decimals=None if floor else 3,
                       floor_step=reconciled_step if floor else None), "A:")
    readmit = readmit.copy()
    readmit.attrs["by"] = ["race_ethnicity"]
    f.merge(from_stratify(readmit, rows=rows, decimals=3), "R:")
    g = "race_ethnicity_as_recorded:Inpatient admission"
    # the readmission figure's title prints its denominator: the inpatient admissions, the audit's row
    f.equal("R:N", f"A:n[{g}]")
    groups = [str(x) for x in readmit["race_ethnicity"]]
    f.total(f"A:valid[{g}]", [f"R:n[{x}]" for x in groups if x not in VALID_GROUPS_NOT])
    for group, status in VALID_GROUPS_NOT.items():
        if group in groups:
            f.equal(f"A:{status}[{g}]", f"R:n[{group}]")
    # the standardization report's status totals over all rows, as shown
    field = "race_ethnicity_as_recorded"
    f.merge(from_masked([report["mapped"]], total=None, name="mapped"))
    f.equal("mapped total", f"A:valid[{field}:all]")
    f.merge(from_masked([report["unmapped"]], total=None, name="unmapped"))
    f.equal("unmapped total", f"A:unmapped[{field}:all]")
    f.merge(from_masked([report["non-answer"]], total=None, name="nonanswer"))
    f.total("nonanswer total", [f"A:{s}[{field}:all]" for s in ("declined", "unknown", "missing")])
    return f


@pytest.fixture(scope="module")
def leak_run(built, tmp_path_factory):
    data = leak_extract()
    return data, _run_student_s3(built, tmp_path_factory.mktemp("leak"), data, "leak_extract")


def test_all_outputs_together_hold_no_recoverable_count(leak_run):
    data, nb = leak_run
    cells = list(_cells(nb))
    printed = "".join(text for _, text, _, _ in cells)
    rows = int(re.search(r"([\d,]+) encounters from leak_extract\.csv", printed).group(1).replace(",", ""))
    assert rows == len(data)
    assert "rounded DOWN" in printed                    # the reconcile note is printed beside the audit
    audit = readmit = None
    report = {}
    for source, _, tables, plain in cells:
        for t in tables:
            if {"field", "n", "valid", "declined"} <= set(t.columns):
                audit = t.assign(**{c: [_num(v) for v in t[c]] for c in
                                    ["n", "valid", "declined", "unknown", "missing", "unmapped"]})
            elif {"n", "n_bucket", "events", "rate"} <= set(t.columns) and "readmit = el.stratify" in source:
                readmit = t.assign(**{c: [_num(v) for v in t[c]] for c in ["n", "events", "rate"]})
        if "mask_counts(report.groupby" in source:
            for line in plain.splitlines():
                parts = line.rsplit(None, 1)
                if len(parts) == 2 and parts[0].strip() in ("mapped", "non-answer", "unmapped"):
                    report[parts[0].strip()] = parts[1]
    assert audit is not None and readmit is not None and len(report) == 3
    assert readmit.loc[readmit["race_ethnicity"] == AIAN, "n"].isna().all()   # hidden in the table itself
    facts = _combined_facts(audit, readmit, rows=rows, report=report, floor=True)
    assert recoverable(facts) == []


def test_the_combined_attack_finds_the_hidden_group_in_the_old_audit(leak_run, tmp_path):
    """The check would have caught the finding: the audit as shown before (exact shares, 3 decimals)."""
    data, nb = leak_run
    cells = list(_cells(nb))
    readmit = next(t for source, _, tables, _ in cells if "readmit = el.stratify" in source for t in tables)
    readmit = readmit.assign(**{c: [_num(v) for v in readmit[c]] for c in ["n", "events", "rate"]})
    data.to_csv(tmp_path / "extract.csv", index=False)
    loaded = el.extract.load(tmp_path / "extract.csv")
    old = el.real.audit(loaded, by="department", fields=["race_ethnicity_as_recorded"], min_cell=11).round(3)
    report = {"mapped": "0", "unmapped": "0", "non-answer": "0"}   # not needed for this attack
    facts = _combined_facts(old, readmit, rows=len(data), report=report, floor=False)
    facts.sums = [s for s in facts.sums if not s[0].endswith(" total")]   # drop the report ties
    assert f"R:n[{AIAN}] = 3" in recoverable(facts)


def test_reconcile_is_a_no_op_without_hidden_groups_and_on_synthetic_data():
    assert SHARE_STEPS == DOCUMENTED_STEPS      # the attacker reads the documented steps
    audit = pd.DataFrame({"department": ["ED"], "n": [2000], "valid": [0.7071]})
    shown = pd.DataFrame({"n": [1500, 500], "suppressed": [False, False]})
    assert el.privacy.reconcile(audit, [shown])["valid"].item() == 0.7071
    hidden = pd.DataFrame({"n": [1990, 10], "suppressed": [False, True]})
    assert el.privacy.reconcile(audit, [hidden])["valid"].item() == pytest.approx(0.7)   # step 0.1 ≥ 110/2000
    small = pd.DataFrame({"department": ["ED"], "n": [150], "valid": [0.7071]})
    assert np.isnan(el.privacy.reconcile(small, [hidden])["valid"].item())   # too few rows for any step
    audit.attrs["synthetic"] = hidden.attrs["synthetic"] = True
    assert el.privacy.reconcile(audit, [hidden])["valid"].item() == 0.7071
    with pytest.raises(ValueError, match="min_cell"):
        el.privacy.reconcile(audit, [hidden], min_cell=True)


@pytest.mark.parametrize("n", [800, 2_500])
def test_session3_runs_to_the_end_on_a_small_extract(built, tmp_path, n):
    nb = _run_student_s3(built, tmp_path, el.datasets.encounters(n=n, seed=5), f"small{n}")
    printed = "".join(t for _, t, _, _ in _cells(nb))
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any("plan.form(example=goal)" in s for s in sources) and any("el.progress(" in s for s in sources)
    assert nb.cells[-1].cell_type == "markdown" or not errors(nb)
    for phrase in SYNTHETIC_ONLY:
        assert phrase not in printed, phrase
    if n == 800:
        assert "No summary disparity measure" in printed
        shown = printed + "".join(plain for *_, plain in _cells(nb))     # the worked goal's check, displayed
        assert "names no group" in shown and "not a number" in shown


def test_synthetic_narrative_only_with_synthetic_data(capsys):
    own = el.datasets.encounters(n=300, seed=1)
    own.attrs.clear()
    el.privacy.synthetic_note(own, "X is readmitted more often.")
    assert capsys.readouterr().out == ""
    el.privacy.synthetic_note(el.datasets.encounters(n=300, seed=1), "X is readmitted more often.")
    assert "SYNTHETIC" in capsys.readouterr().out


def test_smart_goal_refuses_nan_and_missing_group_and_worked_example():
    good = dict(goal="Close the HbA1c gap for Hispanic or Latino patients", measure="HbA1c > 9%", baseline=1.5,
                target=1.2, target_date="2099-12-31", owner="VP Quality", area="REaL data", higher_is_better=False)
    assert el.plan.SmartGoal(**good).problems() == []
    bad = el.plan.SmartGoal(**{**good, "goal": "Close the HbA1c gap for None patients", "baseline": float("nan")})
    problems = " ".join(bad.problems())
    assert "names no group" in problems and "baseline is not a number" in problems
    assert bad.feedback().status != "correct"
    assert "target is not a number" in " ".join(el.plan.SmartGoal(**{**good, "target": np.nan}).problems())
    example = el.plan.SmartGoal(**good, worked_example=True)
    assert "worked example" in " ".join(example.problems())
    plan = el.plan.ActionPlan("Equity Dashboard goal")
    assert "not added" in str(plan.add(example)) and plan.goals == []


def test_sessions_1_to_3_run_unedited_save_no_worked_example(built, tmp_path):
    import papermill as pm

    ws = tmp_path / "workspace"
    for folder in ("session1_pledge", "session2_assessment", "session3_data"):
        src = built / "instructor" / folder / f"{folder}.ipynb"
        with kernel_environment(EQUITYLAB_WORKSPACE=str(ws), MPLBACKEND="Agg"):
            pm.execute_notebook(str(src), str(tmp_path / f"{folder}.ipynb"), cwd=str(src.parent),
                                kernel_name="python3", progress_bar=False, log_output=False)
        assert not errors(nbformat.read(tmp_path / f"{folder}.ipynb", as_version=4))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITYLAB_WORKSPACE", str(ws))
        saved = el.workspace.load()
        assert "session1" not in saved["takeaways"]          # the fictional "My hospital" is not "Us"
        assert "session2" not in saved["takeaways"]          # nothing from an empty form
        assert not (saved["plans"].get("Equity Dashboard goal") or {}).get("goals")   # the worked goal
        status = el.progress().set_index("id")["status"]
        for tid in ("s1.takeaway.benchmark", "s2.takeaway.next_steps", "s3.takeaway.smart_goal"):
            assert status[tid] == "not attempted", tid
        page = el.blueprint()
        assert "benchmark" in page.not_done                  # no "Us" column from the fictional hospital
        assert "My hospital" not in page.html and "The gap we chose" not in page.html


@pytest.mark.parametrize("seed,k", [(1, 1), (2, 2), (3, 5), (4, 7), (6, 10), (7, 4)])
def test_reconciled_audit_and_readmission_table_together_in_process(tmp_path, seed, k):
    """The same combined attack on other extracts (1–10 AIAN inpatients), on the library's own outputs."""
    enc = el.datasets.encounters(n=6_000, seed=seed)
    std = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")[0].astype(str)
    aian = std == AIAN
    keep = enc.index[aian & (enc["department"] == "Inpatient admission")][:k]
    enc.loc[aian & ~enc.index.isin(keep), "race_ethnicity"] = "White"
    for group in ("Native Hawaiian or Pacific Islander", "Middle Eastern or North African", "Multiple categories"):
        enc.loc[std == group, "race_ethnicity"] = "White"
    enc.to_csv(tmp_path / "x.csv", index=False)
    data = el.extract.load(tmp_path / "x.csv")
    dash = el.dashboard(data, by="race_ethnicity")
    audit = el.real.audit(data, by="department", fields=["race_ethnicity_as_recorded"])
    shown = el.privacy.reconcile(audit, dash.tables.values())
    _, report = el.real.standardize(data["race_ethnicity_as_recorded"], "race_ethnicity")
    totals = el.privacy.mask_counts(report.groupby("status", observed=True)["count"].sum())
    readmit = dash.tables["readmit_30d"].round(3)
    assert readmit.loc[readmit["race_ethnicity"] == AIAN, "suppressed"].all()
    facts = _combined_facts(shown, readmit, rows=len(data), report=totals.to_dict(), floor=True)
    assert recoverable(facts) == []
