"""Summary disparity measures against the worked example of measures.md, computed by hand."""
import math
import warnings

import pandas as pd
import pytest

import equitylab as el
from equitylab import standards as S

# n = (400, 300, 300), events = (20, 30, 60): rates 0.05, 0.10, 0.20; shares 0.4, 0.3, 0.3; mean 0.11
WORKED = pd.DataFrame({"group": ["A", "B", "C"], "n": [400, 300, 300], "rate": [0.05, 0.10, 0.20]})


def test_worked_example_by_hand():
    d = el.disparity(WORKED)
    assert list(d.index) == ["range_difference", "between_group_variance", "range_ratio", "index_of_disparity",
                             "index_of_disparity_weighted", "theil_index", "mean_log_deviation"]
    assert d["range_difference"] == pytest.approx(0.15)
    assert d["range_ratio"] == pytest.approx(4.0)
    # BGV = .4(.05-.11)^2 + .3(.10-.11)^2 + .3(.20-.11)^2 = .00144 + .00003 + .00243
    assert d["between_group_variance"] == pytest.approx(0.0039)
    # IDisp = mean(.06, .01, .09) / .11 * 100 = 48.4848...
    assert d["index_of_disparity"] == pytest.approx(0.16 / 3 / 0.11 * 100)
    theil = (0.4 * (0.05 / 0.11) * math.log(0.05 / 0.11) + 0.3 * (0.10 / 0.11) * math.log(0.10 / 0.11)
             + 0.3 * (0.20 / 0.11) * math.log(0.20 / 0.11))
    mld = 0.4 * math.log(0.11 / 0.05) + 0.3 * math.log(0.11 / 0.10) + 0.3 * math.log(0.11 / 0.20)
    assert d["theil_index"] == pytest.approx(theil)
    assert d["mean_log_deviation"] == pytest.approx(mld)


def test_weighted_index_of_disparity_by_hand():
    # IDisp_w = (.4 x .06 + .3 x .01 + .3 x .09) / .11 x 100 = .054 / .11 x 100 = 49.0909...
    d = el.disparity(WORKED)
    assert d["index_of_disparity_weighted"] == pytest.approx(0.054 / 0.11 * 100)
    assert round(d["index_of_disparity_weighted"], 2) == 49.09 and round(d["index_of_disparity"], 2) == 48.48
    best = el.disparity(WORKED, index_reference="best")  # r_ref = .05: (.4 x 0 + .3 x .05 + .3 x .15) / .05
    assert best["index_of_disparity_weighted"] == pytest.approx(0.06 / 0.05 * 100)
    # equal group sizes: the weighted index equals the unweighted one
    equal = el.disparity(WORKED.assign(n=[300, 300, 300]))
    assert equal["index_of_disparity_weighted"] == pytest.approx(equal["index_of_disparity"])


def test_index_of_disparity_with_best_group():
    adverse = el.disparity(WORKED, index_reference="best")
    assert adverse["index_of_disparity"] == pytest.approx((0 + 0.05 + 0.15) / 3 / 0.05 * 100)
    favourable = el.disparity(WORKED, index_reference="best", higher_is_better=True)
    assert favourable["index_of_disparity"] == pytest.approx((0.15 + 0.10 + 0) / 3 / 0.20 * 100)


def test_from_stratified_table_skips_suppressed_and_excluded(enc):
    t = el.stratify(enc, "hba1c_poor_control", by="race_ethnicity")
    d = el.disparity(t, exclude=S.NOT_VALID)
    used = d.attrs["groups_used"]
    assert not set(used) & set(S.NOT_VALID)
    assert all(d.attrs["left_out"][g] == "suppressed" for g in t.loc[t.suppressed, "race_ethnicity"])
    # recompute range difference from the visible rates independently
    visible = t[~t.suppressed & ~t.race_ethnicity.isin(S.NOT_VALID)]
    assert d["range_difference"] == pytest.approx(visible["rate"].max() - visible["rate"].min())


def test_zero_rate_is_said_not_hidden():
    table = pd.DataFrame({"n": [100, 200], "rate": [0.0, 0.1]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = el.disparity(table)
    assert math.isnan(d["range_ratio"])
    assert any("range_ratio" in str(w.message) for w in caught)
    assert d.attrs["left_out_of_log_measures"]


def test_needs_two_groups_says_why_without_a_traceback():
    with pytest.warns(UserWarning, match="at least two groups"):
        d = el.disparity(WORKED.iloc[:1])
    assert d.isna().all() and list(d.index) == list(el.disparity(WORKED).index)
    assert "at least two groups" in d.attrs["note"] and "Combine small groups" in d.attrs["note"]
