"""Paired before/after analysis, checked against scipy.stats.ttest_rel and effect sizes computed by hand."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import equitylab as el
from equitylab.stats.paired import paired


def test_matches_scipy_ttest_rel_and_its_interval():
    rng = np.random.default_rng(4)
    pre = rng.normal(60, 10, 40)
    post = pre + rng.normal(5, 6, 40)
    r = paired(pd.DataFrame({"pre": pre, "post": post}), "pre", "post").iloc[0]
    ref = stats.ttest_rel(post, pre)
    ci = ref.confidence_interval(0.95)
    assert r["t"] == pytest.approx(ref.statistic) and r["p_value"] == pytest.approx(ref.pvalue)
    assert r["ci_low"] == pytest.approx(ci.low) and r["ci_high"] == pytest.approx(ci.high)
    d = post - pre
    assert r["d_z"] == pytest.approx(d.mean() / d.std(ddof=1))
    assert r["d_z"] == pytest.approx(ref.statistic / np.sqrt(40))        # t = d_z · √n
    assert r["d_av"] == pytest.approx(d.mean() / ((pre.std(ddof=1) + post.std(ddof=1)) / 2))


def test_worked_example_by_hand():
    """Changes 8, 6, 6, 10, 2: mean 6.4, SD √8.8 = 2.96648, SE 1.32665, t = 4.82418, d_z = 2.15744."""
    df = pd.DataFrame({"pre": [50, 60, 55, 70, 65], "post": [58, 66, 61, 80, 67]})
    r = paired(df, "pre", "post", min_cell=0).iloc[0]
    assert (r["mean_change"], r["df"]) == (6.4, 4)
    assert r["sd_change"] == pytest.approx(2.96648, abs=1e-5)
    assert r["t"] == pytest.approx(4.82418, abs=1e-5) and r["d_z"] == pytest.approx(2.15744, abs=1e-5)


def test_by_group_missing_pairs_counted_and_small_groups_suppressed():
    tr = el.datasets.training()
    t = paired(tr, "pre_score", "post_score", by="module").set_index("module")
    assert (t["n"] + t["n_excluded"]).to_dict() == tr.groupby("module", observed=True).size().to_dict()
    sub = tr[tr["module"] == "Working with interpreters"].dropna(subset=["post_score"])
    ref = stats.ttest_rel(sub["post_score"], sub["pre_score"])
    assert t.loc["Working with interpreters", "t"] == pytest.approx(ref.statistic)
    small = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 30 + ["c"] * 30, "pre": np.arange(65.0), "post": np.arange(65.0) + 1})
    s = paired(small, "pre", "post", by="g").set_index("g")
    assert s["suppressed"].tolist() == [True, True, False]         # 5 is hidden, and the next smallest with it
    assert s.loc["a"].drop("suppressed").isna().all()


def test_errors():
    with pytest.raises(ValueError, match="no column 'post'"):
        paired(pd.DataFrame({"pre": [1.0]}), "pre", "post")
    with pytest.raises(ValueError, match="must hold numbers"):
        paired(pd.DataFrame({"pre": ["a"], "post": [1.0]}), "pre", "post")
    with pytest.raises(ValueError, match="no row has both"):
        paired(pd.DataFrame({"pre": [1.0, np.nan], "post": [np.nan, 2.0]}), "pre", "post")


def test_a_small_number_left_out_is_not_shown_nor_worked_out():
    """n_excluded 1–10 was printed exactly (Session 5 shows it); n + n_excluded is the group's size, so n goes too."""
    df = pd.DataFrame({"g": ["a"] * 63 + ["b"] * 40, "pre": np.arange(103.0), "post": np.arange(103.0) + 1})
    df.loc[:2, "post"] = np.nan                                        # 3 people of group a without a post-test
    t = paired(df, "pre", "post", by="g").set_index("g")
    assert t["n_excluded"].isna().all() and t["suppressed"].all()      # a's 3, and b with it (the total is known)
    assert paired(df, "pre", "post", by="g", min_cell=0).loc[0, "n_excluded"] == 3
    one = paired(df.iloc[:63], "pre", "post")
    assert one["suppressed"].all() and one["n_excluded"].isna().all()
