"""stratify() checked against independent implementations (statsmodels, scipy) and by hand."""
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

import equitylab as el
from equitylab.stats.intervals import wilson_interval


def frame(groups):
    """groups: {label: (n, events)} -> one row per person."""
    rows = []
    for g, (n, e) in groups.items():
        rows += [(g, 1.0)] * e + [(g, 0.0)] * (n - e)
    return pd.DataFrame(rows, columns=["group", "y"])


WORKED = {"A": (400, 20), "B": (300, 30), "C": (300, 60)}


@pytest.mark.parametrize("ci, sm_method", [("wilson", "wilson"), ("exact", "beta"), ("wald", "normal")])
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_proportion_intervals_match_statsmodels(ci, sm_method, level):
    t = el.stratify(frame(WORKED), "y", by="group", ci=ci, level=level, min_cell=0)
    for _, row in t.iterrows():
        lo, hi = proportion_confint(row["events"], row["n"], alpha=1 - level, method=sm_method)
        assert row["ci_low"] == pytest.approx(lo, abs=1e-9)
        assert row["ci_high"] == pytest.approx(hi, abs=1e-9)


def test_wilson_by_hand():
    # 20 of 400, z = 1.959964: centre and half-width from the formula in measures.md
    z = 1.959963984540054
    p, n = 20 / 400, 400
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = wilson_interval(20, 400)
    assert (float(lo), float(hi)) == pytest.approx((centre - half, centre + half), abs=1e-12)


def test_difference_and_ratio_match_statsmodels():
    t = el.stratify(frame(WORKED), "y", by="group", reference="A", min_cell=0).set_index("group")
    e0, n0 = WORKED["A"][1], WORKED["A"][0]
    for g in ["B", "C"]:
        n, e = WORKED[g]
        lo, hi = confint_proportions_2indep(e, n, e0, n0, method="newcomb", compare="diff")
        assert t.loc[g, "rate_difference"] == pytest.approx(e / n - e0 / n0)
        assert (t.loc[g, "rd_ci_low"], t.loc[g, "rd_ci_high"]) == pytest.approx((lo, hi), abs=1e-9)
        lo, hi = confint_proportions_2indep(e, n, e0, n0, method="log", compare="ratio")
        assert t.loc[g, "rate_ratio"] == pytest.approx((e / n) / (e0 / n0))
        assert (t.loc[g, "rr_ci_low"], t.loc[g, "rr_ci_high"]) == pytest.approx((lo, hi), rel=1e-9)
    assert t.loc["A", "reference"] and t.loc["A", "rate_ratio"] == 1 and np.isnan(t.loc["A", "rr_ci_low"])


def test_wald_difference_by_hand():
    t = el.stratify(frame(WORKED), "y", by="group", reference="A", ci="wald", min_cell=0).set_index("group")
    p1, p0 = 0.2, 0.05
    se = math.sqrt(p1 * (1 - p1) / 300 + p0 * (1 - p0) / 400)
    assert t.loc["C", "rd_ci_low"] == pytest.approx(0.15 - 1.959963984540054 * se)


def test_continuous_outcome_matches_scipy():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"group": np.repeat(["A", "B"], [120, 80]),
                       "score": np.r_[rng.normal(70, 10, 120), rng.normal(64, 14, 80)]})
    t = el.stratify(df, "score", by="group", reference="A", min_cell=0).set_index("group")
    assert t.attrs["kind"] == "continuous"
    for g in ["A", "B"]:
        x = df.loc[df.group == g, "score"]
        assert t.loc[g, "mean"] == pytest.approx(x.mean()) and t.loc[g, "rate"] == pytest.approx(x.mean())
        assert t.loc[g, "sd"] == pytest.approx(x.std(ddof=1))
        lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
        assert (t.loc[g, "ci_low"], t.loc[g, "ci_high"]) == pytest.approx((lo, hi))
    a, b = df.loc[df.group == "A", "score"], df.loc[df.group == "B", "score"]
    welch = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert (t.loc["B", "rd_ci_low"], t.loc["B", "rd_ci_high"]) == pytest.approx((welch.low, welch.high))


def test_cms_suppression():
    groups = {"big": (500, 60), "small_n": (8, 3), "few_events": (200, 4), "few_nonevents": (40, 35),
              "zero_events": (50, 0)}
    t = el.stratify(frame(groups), "y", by="group").set_index("group")
    assert t.loc["small_n", "suppressed"] and t.loc["few_events", "suppressed"] and t.loc["few_nonevents", "suppressed"]
    assert not t.loc["zero_events", "suppressed"] and t.loc["zero_events", "events"] == 0  # zero may be shown
    for g in ["small_n", "few_events", "few_nonevents"]:
        assert pd.isna(t.loc[g, "n"]) and pd.isna(t.loc[g, "events"]) and np.isnan(t.loc[g, "rate"])
        assert np.isnan(t.loc[g, "ci_low"]) and np.isnan(t.loc[g, "rate_ratio"])
    assert t.loc["small_n", "n_bucket"] == "1–10" and t.loc["few_events", "n_bucket"] == "100–499"
    shown = t[~t.suppressed]
    assert (shown["n"] >= 11).all()
    assert ((shown["events"] == 0) | (shown["events"] >= 11)).all()


def test_complementary_suppression_protects_a_single_hidden_cell():
    t = el.stratify(frame({"A": (500, 60), "B": (300, 40), "C": (5, 1)}), "y", by="group").set_index("group")
    assert t["suppressed"].sum() == 2 and t.loc["C", "suppressed"] and t.loc["B", "suppressed"]
    assert not t.loc["A", "suppressed"]


def test_min_cell_zero_shows_everything_and_counts_conserve():
    df = frame({"A": (500, 60), "B": (3, 1)})
    t = el.stratify(df, "y", by="group", min_cell=0)
    assert not t["suppressed"].any() and t["n"].sum() == len(df)


def test_missing_outcome_rows_are_reported_and_missing_by_is_a_group():
    df = pd.DataFrame({"group": ["A"] * 50 + [None] * 30 + ["B"] * 40,
                       "y": [1.0] * 20 + [0.0] * 30 + [1.0] * 15 + [0.0] * 15 + [np.nan] * 5 + [1.0] * 12 + [0.0] * 23})
    t = el.stratify(df, "y", by="group", min_cell=0)
    assert list(t["group"]) == ["A", "B", "Missing"]
    assert t["n"].sum() == df["y"].notna().sum()
    assert t.attrs["rows_missing_outcome"] == 5 and t.attrs["rows"] == len(df)


def test_reference_options():
    df = frame({"A": (400, 20), "B": (300, 30), "C": (900, 180)})
    assert el.stratify(df, "y", by="group").attrs["reference_group"] == "C"          # largest
    assert el.stratify(df, "y", by="group", reference="best").attrs["reference_group"] == "A"
    best_high = el.stratify(df, "y", by="group", reference="best", higher_is_better=True)
    assert best_high.attrs["reference_group"] == "C"
    assert el.stratify(df, "y", by="group", reference="B").attrs["reference_group"] == "B"
    with pytest.raises(ValueError, match="not one of the groups"):
        el.stratify(df, "y", by="group", reference="Z")


def test_default_reference_is_not_a_non_answer():
    df = frame({"Unknown": (2000, 100), "White": (900, 80), "Black or African American": (300, 40)})
    assert el.stratify(df, "y", by="group").attrs["reference_group"] == "White"


def test_intersections(enc):
    t = el.stratify(enc, "would_recommend", by=["interpreter_needed", "race_ethnicity"], min_cell=0)
    assert list(t.columns[:2]) == ["interpreter_needed", "race_ethnicity"]
    assert t["n"].sum() == enc["would_recommend"].notna().sum()
    assert isinstance(t.attrs["reference_group"], tuple)


def test_bad_input_messages():
    df = frame(WORKED)
    with pytest.raises(ValueError, match=r"column 'outcome_x' not found\. Columns present: 'group', 'y'"):
        el.stratify(df, "outcome_x", by="group")
    with pytest.raises(ValueError, match="not found"):
        el.stratify(df, "y", by="site")
    with pytest.raises(ValueError, match="empty"):
        el.stratify(df.iloc[:0], "y", by="group")
    with pytest.raises(ValueError, match="missing in all"):
        el.stratify(df.assign(y=np.nan), "y", by="group")
    with pytest.raises(ValueError, match="single group"):
        el.stratify(df.assign(group="A"), "y", by="group")
    with pytest.raises(ValueError, match="not 0 or 1"):
        el.stratify(df.assign(y=df["y"] * 2), "y", by="group", kind="binary")
    with pytest.raises(ValueError, match="not numeric"):
        el.stratify(df.assign(y=df["y"].map({1.0: "Yes", 0.0: "No"})), "y", by="group")
    with pytest.raises(ValueError, match="ci="):
        el.stratify(df, "y", by="group", ci="bayes")
    with pytest.raises(ValueError, match="suppressed"):
        el.stratify(frame({"A": (500, 60), "B": (300, 40), "C": (5, 1)}), "y", by="group", reference="C")


def test_duckdb_gives_identical_results_from_frame_parquet_and_csv(enc, tmp_path):
    cols = ["department", "race_ethnicity", "payer", "readmit_30d", "crc_screened", "would_recommend"]
    data = enc[cols]
    data.to_parquet(tmp_path / "extract.parquet")
    data.assign(race_ethnicity=data["race_ethnicity"].astype(str)).to_csv(tmp_path / "extract.csv", index=False)
    for outcome in ["readmit_30d", "crc_screened"]:
        expected = el.stratify(data, outcome, by=["department", "race_ethnicity"])
        via_duckdb = el.stratify(data, outcome, by=["department", "race_ethnicity"], engine="duckdb")
        pd.testing.assert_frame_equal(expected, via_duckdb)
        for path in (tmp_path / "extract.parquet", tmp_path / "extract.csv"):
            got = el.stratify(str(path), outcome, by=["department", "race_ethnicity"])
            for col in ("department", "race_ethnicity"):  # files carry strings, not pandas categories
                assert list(got[col].astype(str)) == list(expected[col].astype(str))
            pd.testing.assert_frame_equal(expected.drop(columns=["department", "race_ethnicity"]),
                                          got.drop(columns=["department", "race_ethnicity"]))


def test_duckdb_relation_input(enc):
    import duckdb

    data = enc[["payer", "ed_lwbs"]]
    rel = duckdb.from_df(data)
    pd.testing.assert_frame_equal(el.stratify(data, "ed_lwbs", by="payer").drop(columns="payer"),
                                  el.stratify(rel, "ed_lwbs", by="payer").drop(columns="payer"))


def test_synthetic_label_travels(enc):
    t = el.stratify(enc, "ed_lwbs", by="payer")
    assert t.attrs["synthetic"] is True


def test_all_groups_suppressed_warns_and_hides_everything():
    with pytest.warns(UserWarning, match="Every group is suppressed"):
        t = el.stratify(frame({"A": (5, 1), "B": (7, 2)}), "y", by="group")
    assert t["suppressed"].all() and t["rate"].isna().all() and not t["reference"].any()
    assert t.attrs["reference_group"] is None


def test_errors_name_the_function_the_user_called():
    df = pd.DataFrame({"g": ["a", "b"], "y": [1, 0]})
    with pytest.raises(ValueError, match=r"^aggregate\(\): column 'zz' not found"):
        el.aggregate(df, ["zz"], by="g")
    with pytest.raises(ValueError, match=r"^stratify\(\): column 'zz' not found"):
        el.stratify(df, "zz", by="g")
