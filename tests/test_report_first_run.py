"""`equitylab report` on extracts shaped like real public ones: right on the first run (issue 19)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from equitylab.course.cli import main


def _rows(groups, outcome="ed_lwbs", column="race_ethnicity", seed=0):
    """One row per encounter from (group, n, events) triples, shuffled."""
    recs = []
    for g, n, e in groups:
        recs += [(g, 1)] * e + [(g, 0)] * (n - e)
    return pd.DataFrame(recs, columns=[column, outcome]).sample(frac=1, random_state=seed).reset_index(drop=True)


def _report(tmp_path, capsys, df, *args, name="extract.csv"):
    data = tmp_path / name
    df.to_parquet(data) if name.endswith(".parquet") else df.to_csv(data, index=False)
    out = tmp_path / "report"
    rc = main(["report", "--no-progress", "--data", str(data), "--out", str(out), *map(str, args)])
    return rc, capsys.readouterr().err, out


def _mapping(tmp_path, text):
    p = tmp_path / "mapping.yml"
    p.write_text(text)
    return p


# --- 1. the disparity summary with small suppressed non-answer groups -------------------------------------------
def test_summary_survives_small_suppressed_non_answer_groups(tmp_path, capsys):
    groups = [("Black or African American", 206, 44), ("White", 1555, 249), ("Declined", 6, 0), ("Unknown", 7, 0)]
    rc, err, out = _report(tmp_path, capsys, _rows(groups))
    assert rc == 0, err
    t = pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv").set_index("race_ethnicity")
    assert t.loc["Declined", "suppressed"] and t.loc["Unknown", "suppressed"]
    dis = pd.read_csv(out / "disparity.csv").iloc[0]
    # independent computation from the counts: the two population groups, hand formulas
    n = np.array([206.0, 1555.0])
    r = np.array([44 / 206, 249 / 1555])
    mu = float((n * r).sum() / n.sum())
    assert dis["range_difference"] == pytest.approx(r[0] - r[1], abs=1e-15)
    assert dis["range_difference"] == pytest.approx(0.0535, abs=5e-5)
    assert dis["range_ratio"] == pytest.approx(r[0] / r[1], rel=1e-14)
    assert dis["index_of_disparity"] == pytest.approx(np.mean(np.abs(r - mu)) / mu * 100, rel=1e-13)
    assert dis["index_of_disparity_weighted"] == pytest.approx(np.sum(n / n.sum() * np.abs(r - mu)) / mu * 100,
                                                               rel=1e-13)
    assert "No summary measures" not in (out / "index.html").read_text()


def test_a_table_with_one_population_group_says_why_it_has_no_summary(tmp_path, capsys):
    groups = [("White", 1555, 249), ("Asian", 5, 1), ("Declined", 40, 20)]
    rc, err, out = _report(tmp_path, capsys, _rows(groups))
    assert rc == 0, err
    t = pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv").set_index("race_ethnicity")
    assert not t.loc["White", "suppressed"] and t.loc["Asian", "suppressed"]
    dis = pd.read_csv(out / "disparity.csv").iloc[0]
    assert np.isnan(dis["range_difference"]) and "at least two groups" in dis["notes"]


# --- 2. a CSV outcome empty in its first rows --------------------------------------------------------------------
def _late_filled(n=30_000, empty=25_000, seed=1):
    rng = np.random.default_rng(seed)
    race = rng.choice(["White", "Black or African American", "Asian"], n, p=[0.6, 0.3, 0.1])
    y = rng.integers(0, 2, n).astype(float)
    y[:empty] = np.nan                                  # the measure starts late in the file (e.g. a new year)
    return pd.DataFrame({"race_ethnicity": race, "ed_lwbs": y, "readmit_30d": rng.integers(0, 2, n)})


def test_a_csv_outcome_empty_in_its_first_25000_rows_is_read_as_numbers(tmp_path, capsys):
    import equitylab as el

    df = _late_filled()
    rc, err, out = _report(tmp_path, capsys, df)
    assert rc == 0, err
    t = pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv").set_index("race_ethnicity")
    want = df.dropna(subset=["ed_lwbs"]).groupby("race_ethnicity")["ed_lwbs"].agg(["count", "sum"])
    assert t["n"].to_dict() == want["count"].to_dict() and t["events"].to_dict() == want["sum"].to_dict()
    agg = el.aggregate(str(tmp_path / "extract.csv"), ["ed_lwbs"], by="race_ethnicity")  # the library call too
    assert agg.set_index("race_ethnicity")["n"].to_dict() == want["count"].to_dict()


@pytest.mark.parametrize("late, words", [("Yes", "values such as 'Yes'"), ("NA", "export them as empty fields")])
def test_an_outcome_holding_text_is_still_named(tmp_path, capsys, late, words):
    df = _late_filled().astype({"ed_lwbs": object})
    df.loc[29_990, "ed_lwbs"] = late
    rc, err, out = _report(tmp_path, capsys, df)
    assert rc == 2 and "holds text" in err and words in err and not out.exists()
