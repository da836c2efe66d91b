"""Representation ratios and pipeline rates: a worked example by hand, statsmodels, suppression, errors."""
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import equitylab as el
from equitylab.data import standards as S
from equitylab.stats.representation import MINORITY, WHITE, benchmark_shares, minority, pipeline, representation


def board(minority_n=2, size=15):
    return pd.DataFrame({"level": ["Board"] * size, "group": ["Minority"] * minority_n + ["White"] * (size - minority_n)})


def test_worked_example_by_hand():
    """2 of 15 board members, 45% of the community.

    Wilson (z = 1.959964, z² = 3.841459, p = 2/15 = 0.133333, n = 15):
      denominator 1 + z²/n = 1.256097
      centre (p + z²/2n) / 1.256097 = (0.133333 + 0.128049) / 1.256097 = 0.208091
      half-width z/1.256097 · √(p(1−p)/n + z²/4n²) = 1.560361 · √(0.0077037 + 0.0042683) = 0.170730
      interval 0.037361 – 0.378821
    Ratio 0.133333 / 0.45 = 0.296296; interval 0.037361/0.45 – 0.378821/0.45 = 0.083025 – 0.841824.
    """
    t = representation(board(), {"Minority": 0.45, "White": 0.55}, level="level", by="group", min_cell=0)
    row = t[t["group"] == "Minority"].iloc[0]
    assert row["count"] == 2 and row["n"] == 15
    assert row["share"] == pytest.approx(0.133333, abs=1e-6)
    assert row["ci_low"] == pytest.approx(0.037361, abs=1e-5)
    assert row["ci_high"] == pytest.approx(0.378821, abs=1e-5)
    assert row["ratio"] == pytest.approx(0.296296, abs=1e-6)
    assert row["ratio_ci_low"] == pytest.approx(0.083025, abs=1e-5)
    assert row["ratio_ci_high"] == pytest.approx(0.841824, abs=1e-5)


def test_intervals_match_statsmodels_on_the_synthetic_roster():
    wf = el.datasets.workforce()
    t = representation(wf[wf["active"]], el.datasets.community(), groups=minority, min_cell=0)
    lo, hi = proportion_confint(t["count"].astype(int), t["n"], method="wilson")
    assert np.allclose(t["ci_low"], lo) and np.allclose(t["ci_high"], hi)
    assert np.allclose(t["ratio"], t["share"] / t["benchmark"])


def test_small_numbers_at_the_top_are_suppressed_with_their_complement():
    t = representation(board(), {"Minority": 0.45, "White": 0.55}, level="level", by="group")
    assert t["suppressed"].all()                       # 2 is hidden, and so is 13 (complementary)
    assert t["count"].isna().all() and t["share"].isna().all() and t["ratio"].isna().all()
    assert (t["n"] == 15).all()                         # the level's size (≥ 11) is still shown
    shown = representation(board(12, 40), {"Minority": 0.45, "White": 0.55}, level="level", by="group")
    assert not shown["suppressed"].any()


def test_public_levels_are_shown_in_full_and_the_rest_keep_the_rule():
    people = pd.concat([board().assign(level="Board"), board(9, 60).assign(level="Senior leader")])
    t = representation(people, {"Minority": 0.45, "White": 0.55}, level="level", by="group", public_levels=["Board"])
    assert not t.loc[t["level"] == "Board", "suppressed"].any()
    assert t.loc[t["level"] == "Senior leader", "suppressed"].all()
    with pytest.raises(ValueError, match="no level 'Trustees'"):
        representation(people, {"Minority": 0.45, "White": 0.55}, level="level", by="group", public_levels=["Trustees"])


def test_benchmark_shares_and_minority_keep_non_answers_apart():
    pop = pd.DataFrame({"race_ethnicity": [S.WHITE, S.ASIAN, S.BLACK], "population": [500, 300, 200]})
    assert benchmark_shares(pop, groups=minority).to_dict() == {MINORITY: 0.5, WHITE: 0.5}
    assert minority([S.WHITE, S.MULTIPLE, S.DECLINED, None]).tolist() == [WHITE, MINORITY, S.DECLINED, S.MISSING]


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="no benchmark share for 'Other'"):
        representation(pd.DataFrame({"level": ["A"], "group": ["Other"]}), {"White": 1.0}, level="level", by="group")
    with pytest.raises(ValueError, match="no column 'role_level'"):
        representation(pd.DataFrame({"x": [1]}), {"White": 1.0})
    with pytest.raises(ValueError, match="proportions between 0 and 1"):
        representation(board(), {"Minority": 45, "White": 55}, level="level", by="group")


def test_pipeline_is_stratify_within_each_level():
    wf = el.datasets.workforce()
    p = pipeline(wf, groups=minority)
    clin = wf.assign(group=minority(wf["race_ethnicity"]).to_numpy())
    clin = clin[clin["role_level"] == "Clinician"]
    rows = p[(p["event"] == "exited_2025") & (p["role_level"] == "Clinician")].set_index("race_ethnicity")
    for g in (MINORITY, WHITE):
        sub = clin[clin["group"] == g]
        assert rows.loc[g, "n"] == len(sub) and rows.loc[g, "events"] == sub["exited_2025"].sum()
    lo, hi = proportion_confint(rows["events"].astype(int), rows["n"].astype(int), method="wilson")
    assert np.allclose(rows["ci_low"], lo) and np.allclose(rows["ci_high"], hi)
    assert rows.loc[MINORITY, "rate_difference"] == pytest.approx(rows.loc[MINORITY, "rate"] - rows.loc[WHITE, "rate"])
    assert "Board" in p.attrs["note"]                   # fully hidden levels are reported, not dropped
    assert p.loc[p["role_level"] == "Board", "suppressed"].all()
