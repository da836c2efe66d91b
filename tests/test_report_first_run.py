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


# --- 3. --init on the shapes of public extracts ------------------------------------------------------------------
def _public_shape(n=1_500, seed=5):
    """A single `race` column and unrelated columns whose names are close to Equity Lab's (synthetic)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": np.arange(n),
        "race": rng.choice(["White", "Black", "Asian", "Hispanic", "Other"], n, p=[.55, .2, .1, .1, .05]),
        "family": rng.integers(1, 9, n),                      # family size, not a facility
        "employment": rng.choice(["Employed", "Unemployed", "Not in labor force"], n),   # not a department
        "disability": rng.integers(0, 2, n),                  # a 0/1 flag, not units
        "insurance": rng.integers(0, 2, n),                   # insured or not: not a payer, not race
        "lwbs": rng.integers(0, 2, n),
        "readmitted": rng.choice(["<30", ">30", "NO"], n),    # not 0/1: not guessed as an outcome
    })


def _init(tmp_path, capsys, df):
    data = tmp_path / "extract.csv"
    df.to_csv(data, index=False)
    target = tmp_path / "mapping.yml"
    rc = main(["report", "--init", "--data", str(data), "--mapping", str(target)])
    assert rc == 0, capsys.readouterr().err
    return target.read_text(), data, target


def _active(text):
    """The lines of a template that take effect (not comments), without their comments."""
    return [ln.split("#")[0].rstrip() for ln in text.splitlines() if ln.split("#")[0].strip()]


def test_init_maps_a_single_race_column_and_guesses_nothing_fuzzy(tmp_path, capsys):
    text, data, mapping = _init(tmp_path, capsys, _public_shape())
    active = _active(text)
    assert "  race_ethnicity: race" in active and "  ed_lwbs: lwbs" in active and "by: [race_ethnicity]" in active
    for word in ("family", "employment", "disability", "insurance", "readmitted"):
        assert not [ln for ln in active if word in ln], word      # each is only named in a comment
    assert not [ln for ln in active if ln.startswith("units:")]
    guessed = [ln for ln in text.splitlines() if ln.startswith("  ") and not ln.lstrip().startswith("#")
               and ln.split("#")[0].strip().endswith(tuple(c for c in _public_shape(5).columns))]
    assert guessed and all("# sure:" in ln or "# likely:" in ln for ln in guessed), guessed
    assert "values are 0/1 (insured or not?)" in text and "disability" in text
    # the template runs as written, and says what the data say: race groups, "Other" a group of its own
    out = tmp_path / "report"
    assert main(["report", "--no-progress", "--data", str(data), "--mapping", str(mapping), "--out", str(out)]) == 0
    t = pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv")
    assert list(t["race_ethnicity"]) == ["Asian", "Black or African American", "Hispanic or Latino", "White", "Other"]
    assert not list(out.glob("*__by_unit.csv")) and not list(out.glob("*family*"))


def test_an_outcome_named_like_a_measure_but_not_0_1_is_left_commented(tmp_path, capsys):
    df = pd.DataFrame({"RACE_ETH": ["White", "Asian"] * 50, "READMIT": ["<30", "NO"] * 50, "SITE": ["N", "S"] * 50,
                       "HCAHPS_REC": [0, 1] * 50})
    text, _, _ = _init(tmp_path, capsys, df)
    assert "  # readmit_30d: READMIT   # 'READMIT' is a common extract name for it; values are not 0/1" in text
    assert "  race_ethnicity: RACE_ETH   # likely:" in text and "units: SITE   # likely:" in text
    assert "  would_recommend: HCAHPS_REC   # likely:" in text


def test_a_mapping_naming_a_single_race_column_runs(tmp_path, capsys):
    df = _public_shape().rename(columns={"race": "PT_RACE_X"})
    mapping = _mapping(tmp_path, "columns: {race: PT_RACE_X}\noutcomes: {ed_lwbs: lwbs}\nby: [race]\n"
                                 "codes: {race: {Other: Other}}\n")
    rc, err, out = _report(tmp_path, capsys, df, "--mapping", mapping)
    assert rc == 0, err
    assert "Other" in set(pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv")["race_ethnicity"])


def test_a_missing_race_column_names_the_race_column_present(tmp_path, capsys):
    rc, err, _ = _report(tmp_path, capsys, _public_shape().rename(columns={"lwbs": "ed_lwbs"}))
    assert rc == 2 and "'race_ethnicity'" in err and "did you mean 'race'" in err


# --- 4. the reference group ----------------------------------------------------------------------------------------
def test_the_reference_group_can_be_chosen(tmp_path, capsys):
    groups = [("Black or African American", 906, 144), ("White", 555, 49), ("Asian", 120, 20)]
    df = _rows(groups)
    mapping = _mapping(tmp_path, "reference: {race_ethnicity: Caucasian}\n")     # a legacy label for White
    rc, err, out = _report(tmp_path, capsys, df, "--mapping", mapping)
    assert rc == 0, err
    t = pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv").set_index("race_ethnicity")
    assert t["reference"].idxmax() == "White"
    assert t.loc["Black or African American", "rate_difference"] == pytest.approx(144 / 906 - 49 / 555, abs=1e-15)
    assert t.loc["Black or African American", "rate_ratio"] == pytest.approx((144 / 906) / (49 / 555), rel=1e-14)
    rc, err, out = _report(tmp_path, capsys, df, "--reference", "Asian", "--overwrite")
    assert rc == 0, err
    assert pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv").set_index("race_ethnicity")["reference"].idxmax() \
        == "Asian"
    rc, err, _ = _report(tmp_path, capsys, df, "--reference", "race_ethnicity=Martian", "--overwrite")
    assert rc == 2 and "'Martian' is not a race_ethnicity category" in err


def test_a_hidden_reference_group_falls_back_to_the_largest_with_a_note(tmp_path, capsys):
    groups = [("Black or African American", 906, 144), ("White", 555, 49), ("Asian", 12, 5), ("Declined", 30, 8)]
    rc, err, out = _report(tmp_path, capsys, _rows(groups), "--reference", "Asian")
    assert rc == 0, err
    t = pd.read_csv(out / "ed_lwbs__by_race_ethnicity.csv").set_index("race_ethnicity")
    assert t["reference"].idxmax() == "Black or African American"
    assert "is hidden in this table (small counts), so the largest group is the reference" in \
        (out / "index.html").read_text()


def test_summary_and_tables_in_percentage_points_and_no_minus_zero(tmp_path, capsys):
    from equitylab.report.own_data import _number

    groups = [("Black or African American", 206, 44), ("White", 1555, 249), ("Declined", 6, 0), ("Unknown", 7, 0)]
    rc, err, out = _report(tmp_path, capsys, _rows(groups), "--overwrite")
    assert rc == 0, err
    html = (out / "index.html").read_text()
    summary = html[html.index("Summary measures of disparity"):html.index("Stratified measures")]
    assert "range difference (points)" in summary and "<td>5.3</td>" in summary and "<td>1.33</td>" in summary
    assert "-0.0" not in html and "−0.0" not in html
    assert [_number(v, 100.0, 1) for v in (-0.0004, -0.0, 0.0004, -0.0006, np.nan)] == ["0.0", "0.0", "0.0", "-0.1",
                                                                                         "—"]


def test_without_suppression_the_standardization_counts_are_numbers(tmp_path, capsys):
    df = _public_shape()
    mapping = _mapping(tmp_path, "columns: {race: race}\noutcomes: {ed_lwbs: lwbs}\nmin_cell: 0\n"
                                 "codes: {race: {Other: Other}}\n")
    rc, err, out = _report(tmp_path, capsys, df, "--mapping", mapping)
    assert rc == 0, err
    std = pd.read_csv(out / "standardization__race_ethnicity.csv")
    assert std["count"].dtype == np.int64 and std["count"].sum() == len(df)
    assert std.set_index("raw")["count"].to_dict() == df["race"].value_counts().to_dict()


# --- 4. a password in a PostgreSQL URL; Spark kept quiet with --no-progress -------------------------------------
def test_a_password_in_a_postgres_url_gets_a_warning(tmp_path, capsys):
    rc = main(["report", "--no-progress", "--data", "postgresql://analyst:s3cret@127.0.0.1:1/quality", "--table",
               "encounters", "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert rc == 2 and "warning" in err and "PGPASSWORD" in err and ".pgpass" in err and "s3cret" not in err


def test_a_quiet_spark_start_writes_nothing_to_the_terminal(capfd):
    """The Java process Spark starts inherits a stderr that goes nowhere (a child process stands in for it)."""
    import subprocess
    import sys

    from equitylab.stats.sql import _quiet_start

    class Builder:
        def config(self, key, value):
            assert (key, value) == ("spark.ui.showConsoleProgress", "false")
            return self

        def getOrCreate(self):
            subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('WARN NativeCodeLoader\\n')"])
            return "session"

    assert _quiet_start(Builder()) == "session"
    print("after", file=sys.stderr)
    assert capfd.readouterr().err == "after\n"
