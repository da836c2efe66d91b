"""Safe files: every CSV cell a spreadsheet would run is neutralised (OWASP), file names stay inside --out, and a
label written two ways (composed/decomposed, with a zero-width or bidi character) is one group."""
import csv

import numpy as np
import pandas as pd

import equitylab as el
from equitylab.course.cli import main
from equitylab.data.safefiles import FORMULA_START, clean_label, neutralise, safe_name

NASTY = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd", "@SUM(A1)", "-2+3", "\tTab", "\rCR"]


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_every_cell_of_every_report_csv_is_safe_and_names_stay_inside(tmp_path, capsys):
    rng = np.random.default_rng(0)
    n = 1_200
    df = pd.DataFrame({"race_ethnicity": rng.choice(["White", "Black", "Asian"] + NASTY, n),
                       "facility": rng.choice(["North", "South"] + NASTY, n),
                       "department": rng.choice(["Médecine", "Me\u0301decine", "Cardiology", "Cardiology\u200b",
                                                 "\u202eCardiology"], n),
                       "y": (rng.random(n) < 0.3).astype(int)})
    df.to_parquet(tmp_path / "x.parquet")
    (tmp_path / "m.yml").write_text('outcomes: {"../outside/pwned": y}\nby: [race_ethnicity, department]\n'
                                    "units: facility\nallow_unmapped: true\nmin_cell: 0\n")
    out = tmp_path / "sub" / "report"
    rc = main(["report", "--no-progress", "--data", str(tmp_path / "x.parquet"), "--mapping",
               str(tmp_path / "m.yml"), "--out", str(out)])
    assert rc == 0, capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_dir()) == ["report", "sub"]  # nothing escaped --out
    files = list(out.glob("*.csv"))
    assert len(files) >= 4 and all(f.parent == out for f in files)
    seen = set()
    for f in files:
        with open(f, newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    seen.add(cell)
                    assert not cell.startswith(FORMULA_START) or _is_number(cell), (f.name, cell)
    assert {"'=HYPERLINK(\"http://evil\",\"x\")", "'+cmd", "'@SUM(A1)", "'-2+3"} <= seen
    dept = pd.read_csv(next(out.glob("*__by_department.csv")))
    assert sorted(dept["department"]) == ["Cardiology", "Médecine"]  # one group each, however written
    assert "Labels cleaned" in (out / "index.html").read_text(encoding="utf-8")


def test_numbers_stay_numbers_and_names_are_safe():
    assert neutralise(-2.5) == -2.5 and neutralise("-2+3") == "'-2+3" and neutralise("Asian") == "Asian"
    for bad in ["../outside/pwned", "..", "/etc/passwd", "a\\b", "CON:", "\u202eevil", ""]:
        name = safe_name(bad)
        assert name and not name.startswith(".") and all(c.isalnum() or c in "._-" for c in name), name
    assert safe_name("a/b") != safe_name("a_b")  # no two names collide
    assert clean_label("Me\u0301decine") == clean_label("Médecine") == "Médecine"
    assert clean_label("Cardiology\u200b") == clean_label("\u202dCardiology\u202c") == "Cardiology"


def test_stratify_merges_a_label_written_two_ways_and_says_so():
    import warnings
    df = pd.DataFrame({"d": ["Médecine"] * 30 + ["Me\u0301decine"] * 30 + ["Cardiology"] * 40 + ["Cardiology\u200b"] * 5,
                       "y": (np.arange(105) % 3 == 0).astype(int)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = el.stratify(df, "y", "d").set_index("d")
    assert t.loc["Médecine", "n"] == 60 and t.loc["Cardiology", "n"] == 45 and len(t) == 2
    assert any("Labels cleaned" in str(w.message) for w in caught)
    std, report = el.real.standardize(["Espan\u0303ol", "Español"], "language")
    assert list(std) == ["Spanish", "Spanish"] and "composed (NFC)" in report["reason"].tolist()
