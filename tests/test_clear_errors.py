"""Issue 18's clear-error list: each bad input is named with its fix (one message), or handled and said."""
import warnings

import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab.course.cli import main

DF = pd.DataFrame({"g": ["a"] * 30 + ["b"] * 30, "y": [0, 1] * 30})


def test_multiindex_and_integer_column_names_are_named_with_the_fix():
    mi = DF.copy()
    mi.columns = pd.MultiIndex.from_tuples([("g", "x"), ("y", "z")])
    with pytest.raises(ValueError, match="MultiIndex columns.*flatten them first"):
        el.stratify(mi, ("y", "z"), by=[("g", "x")])
    numbered = DF.copy()
    numbered.columns = [0, 1]
    for engine in ("pandas", "duckdb"):
        with pytest.raises(TypeError, match=r"column names are given as text.*got 1 \(int\).*astype\(str\)"):
            el.stratify(numbered, 1, by=0, engine=engine)


def test_standardize_a_list_of_lists_and_excess_events_of_a_string():
    with pytest.raises(TypeError, match="one value per row, but got a list of lists.*'White; Asian'"):
        el.real.standardize([["White"], ["Asian"]], "race_ethnicity")
    with pytest.raises(TypeError, match=r"excess_events\(\) takes the DataFrame .* not a str \('table'\)"):
        el.excess_events("table")


def test_a_reference_group_with_no_events_gives_no_infinite_ratio_and_says_so():
    df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 40, "y": [0] * 40 + [0, 1] * 20})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = el.stratify(df, "y", "g", reference="a")
    assert not np.isinf(t["rate_ratio"]).any() and t["rate_ratio"].isna().all()
    assert t.loc[1, "rate_difference"] == pytest.approx(0.5)
    assert any("rate of 0" in str(w.message) and "not infinite" in str(w.message) for w in caught)


def test_a_list_whose_len_raises_is_not_checked_but_named():
    class Odd(list):
        def __len__(self):
            raise RuntimeError("boom")

    fb = el.check("demo.internal_external", Odd(["a", "b"]))
    assert fb.status == "not checked" and "RuntimeError: boom" in fb.message


def test_yes_no_outcomes_are_read_as_1_0_and_the_report_says_so(tmp_path, capsys):
    rows = ["race_ethnicity,readmit_30d"] + ["White,yes", "Asian,no", "Black or African American,no"] * 50
    (tmp_path / "x.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "m.yml").write_text("outcomes: {readmit_30d: readmit_30d}\nby: [race_ethnicity]\n")
    rc = main(["report", "--no-progress", "--data", str(tmp_path / "x.csv"), "--mapping", str(tmp_path / "m.yml"),
               "--out", str(tmp_path / "r")])
    assert rc == 0, capsys.readouterr().err
    assert "holds yes/no (or true/false) values: read as 1 = yes/true, 0 = no/false" in \
        (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
