"""The session notebooks follow the lesson convention and run on a hospital's own extract."""
import re
import subprocess
import sys

import nbformat
import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab.curriculum import agenda, sessions
from equitylab.notebooks import build_notebooks, execute
from notebook_helpers import ROOT, errors

SESSIONS = sorted(ROOT.glob("session*/*.ipynb"))
IDS = [p.parent.name for p in SESSIONS]


def text(nb, kind=None):
    return "\n".join(c.source for c in nb.cells if kind is None or c.cell_type == kind)


@pytest.mark.parametrize("path", SESSIONS, ids=IDS)
def test_lesson_convention(path):
    nb = nbformat.read(path, as_version=4)
    md = text(nb, "markdown")
    assert "**Questions**" in md and "**Learning objectives**" in md and "## Key points" in md
    assert "**Sources.**" in md and "synthetic" in md.lower()
    parts = nb.metadata["equitylab"]["parts"]
    assert parts and all(isinstance(p["teaching"], int) and isinstance(p["exercises"], int) for p in parts)
    totals = nb.metadata["equitylab"]["minutes"]
    assert totals["teaching"] == sum(p["teaching"] for p in parts)
    assert totals["exercises"] == sum(p["exercises"] for p in parts)
    checks = re.findall(r'el\.check\("([^"]+)"', text(nb, "code"))
    assert 3 <= len(checks) <= 6 and len(set(checks)) == len(checks)
    known = set(el.exercises()["id"])
    assert set(checks) <= known
    session = str(nb.metadata["equitylab"]["session"])
    assert set(checks) == set(el.exercises(session)["id"]), "every exercise of the session is used once"
    assert any("instructor" in c.metadata.get("tags", []) for c in nb.cells), "no faculty discussion prompt"
    assert 'el.workspace.update("takeaways"' in text(nb, "code")


def test_agenda_reads_minutes_from_the_notebooks():
    table = agenda(ROOT)
    assert set(table["session"]) >= {1, 2, 3}
    assert [s["folder"] for s in sessions(ROOT)][:3] == ["session1_pledge", "session2_assessment", "session3_data"]
    for path in SESSIONS:
        meta = nbformat.read(path, as_version=4).metadata["equitylab"]
        rows = table[table["notebook"] == str(path.relative_to(ROOT))]
        assert rows["teaching"].sum() == meta["minutes"]["teaching"]


def test_session3_has_a_papermill_parameters_cell():
    nb = nbformat.read(ROOT / "session3_data" / "session3_data.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "DATA_SOURCE" in params[0].source


def test_session3_runs_on_a_hospitals_own_extract(tmp_path):
    """A hospital's CSV extract with its own column names, run through papermill's parameters."""
    enc = el.datasets.encounters(n=6000, seed=9)
    extract = enc.rename(columns={"race_ethnicity": "RACE_ETH", "department": "department"})
    extract["RACE_ETH"] = extract["RACE_ETH"].astype(object)
    path = tmp_path / "our_extract.csv"
    extract.to_csv(path, index=False)
    out = tmp_path / "built"
    build_notebooks(out, ROOT)
    src = out / "student" / "session3_data" / "session3_data.ipynb"
    executed = tmp_path / "session3_own.ipynb"
    execute(src, executed, parameters={"DATA_SOURCE": str(path), "COLUMNS": {"RACE_ETH": "race_ethnicity"}})
    nb = nbformat.read(executed, as_version=4)
    assert not errors(nb)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "our_extract.csv" in printed and "SYNTHETIC DATA" not in printed.split("\n")[0]


def test_extract_loader_errors(tmp_path):
    bad = tmp_path / "x.csv"
    pd.DataFrame({"RACE": ["White"], "readmit_30d": [1]}).to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"no column 'race_ethnicity'.*Columns present: 'RACE'"):
        el.extract.load(bad)
    with pytest.raises(FileNotFoundError, match="DATA_SOURCE"):
        el.extract.load(tmp_path / "missing.parquet")
    own = el.extract.load(bad, columns={"RACE": "race_ethnicity"})
    assert own.attrs["synthetic"] is False and own["race_ethnicity"].iloc[0] == "White"


def test_nbval_lax_on_executed_notebooks(tmp_path):
    out = tmp_path / "built"
    build_notebooks(out, ROOT)
    student = out / "student"
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                             "--rootdir", str(student), str(student)], capture_output=True, text=True,
                            env={**__import__("os").environ, "EQUITYLAB_WORKSPACE": str(tmp_path / "ws"),
                                 "MPLBACKEND": "Agg"}, cwd=student)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_excess_events_by_hand():
    df = pd.DataFrame({"g": ["A"] * 400 + ["B"] * 300 + ["C"] * 300,
                       "y": np.r_[np.ones(20), np.zeros(380), np.ones(30), np.zeros(270), np.ones(60), np.zeros(240)]})
    t = el.stratify(df, "y", by="g", reference="A")
    ex = el.excess_events(t).set_index("g")["excess"]
    assert ex["A"] == 0 and ex["B"] == pytest.approx((0.10 - 0.05) * 300) and ex["C"] == pytest.approx((0.20 - 0.05) * 300)
    fav = el.stratify(df, "y", by="g", reference="C", higher_is_better=True)
    assert el.excess_events(fav).set_index("g")["excess"]["A"] == pytest.approx((0.20 - 0.05) * 400)


def test_dashboard_summary_matches_its_tables():
    data = el.extract.load("synthetic")
    dash = el.dashboard(data)
    assert list(dash.tables) == list(el.datasets.OUTCOMES)
    row = dash.summary.set_index("outcome").loc["hba1c_poor_control"]
    t = dash.tables["hba1c_poor_control"].set_index("race_ethnicity")
    assert row["rate_ratio"] == pytest.approx(t.loc[row["worst_group"], "rate_ratio"])
    alone = el.stratify(data, "hba1c_poor_control", by="race_ethnicity")
    pd.testing.assert_frame_equal(dash.tables["hba1c_poor_control"].reset_index(drop=True), alone)
