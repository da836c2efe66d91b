"""Every pattern a generator's docstring documents (its Notes, shown to faculty by describe()) holds in the data."""
import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab.data import standards as S
from equitylab.stats.representation import MINORITY, WHITE, minority, pipeline, representation


@pytest.fixture(scope="module")
def big():
    enc = el.datasets.encounters(n=200_000)
    raw = enc["race_ethnicity"].copy()
    enc["race_ethnicity"], _ = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")
    return enc, raw


def test_every_dataset_with_built_in_patterns_documents_them():
    for name in ("encounters", "workforce", "community", "partners", "training"):
        assert el.datasets.describe(name).attrs["patterns"], name


# --- encounters ---------------------------------------------------------------------------------
def test_encounters_1_completeness_by_registration_point(big):
    enc, raw = big
    audit = el.real.audit(enc.assign(race_ethnicity=raw), by="department", fields=["race_ethnicity"])
    nonanswer = audit.set_index("department")[["declined", "unknown", "missing"]].sum(axis=1)
    assert 0.22 <= nonanswer["Emergency department"] <= 0.30          # about a quarter
    assert 0.17 <= nonanswer["Urgent care"] <= 0.25                   # about a fifth
    assert nonanswer["Primary care clinic"] < 0.10 and nonanswer["Inpatient admission"] < 0.10
    east = enc["facility"] == "Eastbrook Medical Center"
    assert (enc.loc[east, "race_ethnicity"] == S.MENA).sum() == 0     # no MENA category in the 1997 system
    assert (raw[east].astype(str) == "2131-1").any()


def test_encounters_2_real_disparities_remain_within_payer(big):
    enc, _ = big
    for outcome, groups in (("readmit_30d", [S.BLACK, S.AIAN]),
                            ("hba1c_poor_control", [S.BLACK, S.HISPANIC, S.AIAN, S.NHPI])):
        crude = enc.groupby("race_ethnicity", observed=True)[outcome].mean()
        assert all(crude[g] > crude[S.WHITE] for g in groups), outcome
        within = enc.groupby(["payer", "race_ethnicity"], observed=True)[outcome].mean().unstack()
        assert (within[S.BLACK] > within[S.WHITE]).all(), outcome


def _rd(data, outcome, groups):
    """Rate differences against White with Newcombe intervals (suppression off: synthetic data)."""
    t = el.stratify(data, outcome, by="race_ethnicity", reference=S.WHITE, min_cell=0).set_index("race_ethnicity")
    return t.loc[groups, ["rate_difference", "rd_ci_low", "rd_ci_high"]]


def test_encounters_3_gaps_explained_by_a_second_dimension(big):
    enc, _ = big
    for outcome, groups, second in (("would_recommend", [S.HISPANIC, S.ASIAN], "interpreter_needed"),
                                    ("crc_screened", [S.HISPANIC, S.BLACK], "payer")):
        assert (_rd(enc, outcome, groups)["rd_ci_high"] < 0).all(), outcome          # a crude gap
        for _, stratum in enc.groupby(second, observed=True):
            rd = _rd(stratum, outcome, groups)                                         # none within strata
            assert ((rd["rd_ci_low"] < 0) & (rd["rd_ci_high"] > 0)).all(), (outcome, rd)


def test_encounters_4_no_disparity_in_left_without_being_seen(big):
    enc, _ = big
    rd = _rd(enc, "ed_lwbs", [S.BLACK, S.HISPANIC, S.ASIAN])
    assert ((rd["rd_ci_low"] < 0) & (rd["rd_ci_high"] > 0)).all()
    by_facility = enc.groupby("facility", observed=True)["ed_lwbs"].mean()
    assert by_facility.max() - by_facility.min() > 0.02


def test_encounters_5_small_groups_are_suppressed_at_the_default_size():
    enc = el.datasets.encounters()
    enc["race_ethnicity"], _ = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")
    shares = enc["race_ethnicity"].value_counts(normalize=True)
    assert 0.004 < shares[S.AIAN] < 0.01 and 0.002 < shares[S.NHPI] < 0.006
    hidden = 0
    for outcome in el.datasets.OUTCOMES:
        t = el.stratify(enc, outcome, by="race_ethnicity").set_index("race_ethnicity")
        hidden += bool(t.loc[[S.AIAN, S.NHPI], "suppressed"].any())
    assert hidden >= 2


# --- workforce ----------------------------------------------------------------------------------
def test_workforce_1_the_pipeline_narrows_exactly_as_documented():
    wf = el.datasets.workforce()
    active = wf[wf["active"]]
    counts = (active["race_ethnicity"] != S.WHITE).groupby(active["role_level"], observed=True).agg(["sum", "size"])
    assert counts.to_dict("index") == {"Board": {"sum": 2, "size": 15}, "Executive": {"sum": 1, "size": 12},
                                       "Senior leader": {"sum": 9, "size": 60}, "Manager": {"sum": 91, "size": 380},
                                       "Clinician": {"sum": 864, "size": 2400}, "Staff": {"sum": 1352, "size": 2600}}
    share = counts["sum"] / counts["size"]
    assert (share[["Senior leader", "Executive", "Board"]] < 1 / 6).all()
    pop = el.datasets.community()
    assert 0.44 < 1 - pop.loc[pop["race_ethnicity"] == S.WHITE, "population"].sum() / pop["population"].sum() < 0.49


def test_workforce_2_promotion_and_exit_gaps_only_where_documented():
    p = pipeline(el.datasets.workforce(), groups=minority).set_index(["event", "role_level", "race_ethnicity"])
    rate = p["rate"]
    assert round(rate["promoted_2025", "Clinician", MINORITY], 3) == 0.024
    assert round(rate["promoted_2025", "Clinician", WHITE], 3) == 0.067
    assert round(rate["exited_2025", "Clinician", MINORITY], 3) == 0.138
    assert round(rate["exited_2025", "Clinician", WHITE], 3) == 0.103
    assert p.loc[("promoted_2025", "Clinician", MINORITY), "rr_ci_high"] < 1
    assert p.loc[("exited_2025", "Clinician", MINORITY), "rr_ci_low"] > 1
    for event in ("promoted_2025", "exited_2025"):                        # staff: no gap built in
        row = p.loc[(event, "Staff", MINORITY)]
        assert row["rd_ci_low"] < 0 < row["rd_ci_high"]
    for seed in range(1, 4):                                              # the direction holds for other seeds
        wf = el.datasets.workforce(seed=seed)
        mid = wf[wf["role_level"].isin(["Manager", "Clinician"])]
        g = mid.groupby(minority(mid["race_ethnicity"]).to_numpy())[["promoted_2025", "exited_2025"]].mean()
        assert g.loc[MINORITY, "promoted_2025"] < g.loc[WHITE, "promoted_2025"]
        assert g.loc[MINORITY, "exited_2025"] > g.loc[WHITE, "exited_2025"]


def test_workforce_3_small_numbers_at_the_top():
    wf = el.datasets.workforce()
    t = representation(wf[wf["active"]], el.datasets.community(), groups=minority)
    assert t.loc[t["role_level"].isin(["Board", "Executive"]), "suppressed"].all()
    wide = representation(wf[wf["active"]], el.datasets.community(), groups=minority, min_cell=0)
    board = wide[(wide["role_level"] == "Board") & (wide["race_ethnicity"] == MINORITY)].iloc[0]
    assert board["ci_high"] - board["ci_low"] > 0.3


# --- community, partners, training --------------------------------------------------------------
def test_community_languages_and_partners():
    pop = el.datasets.community()
    top = pop[pop["language"] != "English"].groupby("language")["population"].sum().nlargest(5)
    assert list(top.index) == ["Spanish", "Vietnamese", "Haitian Creole", "Arabic", "Russian"]
    assert 870_000 < pop["population"].sum() < 900_000
    partners = el.datasets.partners()
    offered = {lang.strip() for langs in partners["languages"] for lang in langs.split(";")}
    assert {"Spanish", "Vietnamese", "Arabic", "Somali", "Russian"} <= offered and "Haitian Creole" not in offered
    assert "Utility difficulties" not in set(partners["need"])
    assert {"Food insecurity", "Housing instability", "Transportation", "Interpersonal safety",
            "Chronic disease care (diabetes)", "Language access and navigation"} <= set(partners["need"])


def test_training_patterns():
    tr = el.datasets.training()
    completion = tr.groupby("department", observed=True)["completed"].agg(["sum", "size"])
    completion = completion.assign(rate=completion["sum"] / completion["size"]).sort_values("rate")
    assert list(completion.index[:2]) == ["Emergency", "Environmental services"]
    # the lowest is clearly the lowest: its Wilson interval lies below the next department's (Exercise 5.1)
    from statsmodels.stats.proportion import proportion_confint

    (ed_low, ed_high), (evs_low, evs_high) = (proportion_confint(r["sum"], r["size"], method="wilson")
                                              for _, r in completion.head(2).iterrows())
    assert ed_high < evs_low
    done = tr[tr["completed"]]
    assert 13 < (done["post_score"] - done["pre_score"]).mean() < 15
    gain = (done["confidence_post"] - done["confidence_pre"]).groupby(done["module"], observed=True).mean()
    assert gain.idxmax() == "Working with interpreters"
    real_module = tr[tr["module"] == "Collecting REaL data respectfully"]
    assert set(real_module["department"].astype(str)) == {"Patient access", "Nursing"}
    assert tr.loc[~tr["completed"], ["post_score", "confidence_post"]].isna().all().all()
    wf = el.datasets.workforce()
    hired = set(wf.loc[wf["hired_2025"], "staff_id"])
    assert (tr["setting"] == "Orientation").eq(tr["staff_id"].isin(hired)).all()


@pytest.mark.parametrize("edition", list(el.datasets.BENCHMARK_FIGURES))
def test_hospitals_panel_equals_the_published_figures_exactly(edition):
    """hospitals(): "percentages ... equal the published figures ... to the whole percent"; the shares round to them."""
    from equitylab.data.benchmarks import BENCHMARK_DIVERSITY

    h = el.datasets.hospitals(edition=edition)
    n, figures = el.datasets.BENCHMARK_FIGURES[edition]
    assert len(h) == n
    for col, pct in figures.items():
        assert h[col].sum() == round(n * pct / 100), col
    patients, board, execs = BENCHMARK_DIVERSITY[edition]
    assert round(h["patients_minority_pct"].mean()) == patients
    assert round(100 * h["board_minority"].sum() / h["board_size"].sum()) == board
    assert round(100 * h["exec_minority"].sum() / h["exec_size"].sum()) == execs
