import pandas as pd
import pytest

import equitylab as el
from equitylab import standards as S
from equitylab.data.benchmarks import BENCHMARK_DIVERSITY, BENCHMARK_FIGURES


@pytest.mark.parametrize("name", el.datasets.names())
def test_every_dataset_is_labelled_synthetic_and_documented(name):
    df = getattr(el.datasets, name)()
    assert df.attrs["synthetic"] is True
    assert "synthetic" in df.attrs["label"].lower()
    dictionary = el.datasets.describe(name)
    assert list(dictionary.columns) == ["column", "dtype", "meaning", "allowed"]
    assert set(df.columns) <= set(dictionary["column"])
    assert "SYNTHETIC" in dictionary.attrs["note"]


@pytest.mark.parametrize("name", [n for n in el.datasets.names() if n != "partners"])
def test_deterministic(name):
    fn = getattr(el.datasets, name)
    pd.testing.assert_frame_equal(fn(seed=3), fn(seed=3))
    assert not fn(seed=3).equals(fn(seed=4))


def test_partners_is_a_fixed_labelled_table():
    pd.testing.assert_frame_equal(el.datasets.partners(), el.datasets.partners())
    assert el.datasets.partners().attrs["synthetic"]


def test_encounters_columns_and_outcomes():
    enc = el.datasets.encounters(n=3000)
    for col in ["facility", "department", "age", "sex", "payer", "race_ethnicity", "language", "interpreter_needed",
                "readmit_30d", "hba1c_poor_control", "crc_screened", "ed_lwbs", "would_recommend"]:
        assert col in enc.columns
    for outcome in el.datasets.OUTCOMES:
        values = set(enc[outcome].dropna().unique())
        assert values <= {0.0, 1.0} and enc[outcome].isna().any()
    assert enc.loc[enc["department"] != "Emergency department", "ed_lwbs"].isna().all()
    assert enc.loc[(enc.age < 45) | (enc.age > 75), "crc_screened"].isna().all()


def test_describe_unknown_name_and_dataframe():
    with pytest.raises(ValueError, match="not one of the example datasets"):
        el.datasets.describe("patients")
    with pytest.raises(TypeError, match="your own DataFrame"):
        el.datasets.describe(pd.DataFrame())


def test_taught_patterns_are_in_the_data():
    """The patterns the sessions teach, checked with independent pandas groupbys on 200k rows."""
    enc = el.datasets.encounters(n=200_000, seed=11)
    enc["re"], _ = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")
    rate = lambda col, *keys: enc.groupby(list(keys), observed=True)[col].mean()  # noqa: E731
    # real disparity: readmission and HbA1c, also within payer
    r = rate("readmit_30d", "re")
    assert r[S.BLACK] > 1.25 * r[S.WHITE]
    a1c = rate("hba1c_poor_control", "payer", "re")
    for payer in ["Commercial", "Medicare", "Medicaid"]:
        assert a1c[(payer, S.BLACK)] > a1c[(payer, S.WHITE)] + 0.05
    # would_recommend: crude gap, gone within interpreter strata
    w = rate("would_recommend", "re")
    assert w[S.HISPANIC] < w[S.WHITE] - 0.03
    wi = rate("would_recommend", "interpreter_needed", "re")
    assert abs(wi[(False, S.HISPANIC)] - wi[(False, S.WHITE)]) < 0.02
    # screening: crude gap, gone within payer
    c = rate("crc_screened", "re")
    assert c[S.HISPANIC] < c[S.WHITE] - 0.03
    cp = rate("crc_screened", "payer", "re")
    assert abs(cp[("Commercial", S.HISPANIC)] - cp[("Commercial", S.WHITE)]) < 0.03
    # no disparity in ED LWBS
    l = rate("ed_lwbs", "re")
    assert abs(l[S.BLACK] - l[S.WHITE]) < 0.01 and abs(l[S.HISPANIC] - l[S.WHITE]) < 0.01


@pytest.mark.parametrize("edition", list(BENCHMARK_FIGURES))
def test_hospital_panel_matches_published_figures_exactly(edition):
    n, figures = BENCHMARK_FIGURES[edition]
    h = el.datasets.hospitals(edition=edition)
    assert len(h) == n
    for col, pct in figures.items():
        assert h[col].sum() == round(n * pct / 100), col
    patients, board, execs = BENCHMARK_DIVERSITY[edition]
    assert h["patients_minority_pct"].mean() == pytest.approx(patients, abs=0.01)
    assert 100 * h["board_minority"].sum() / h["board_size"].sum() == pytest.approx(board, abs=0.05)
    assert 100 * h["exec_minority"].sum() / h["exec_size"].sum() == pytest.approx(execs, abs=0.1)
    assert (h["board_minority"] <= h["board_size"]).all() and (h["exec_minority"] <= h["exec_size"]).all()


def test_2015_panel_uses_published_figures():
    h = el.datasets.hospitals()
    # shared/reference/benchmarks.md: race 98%, ethnicity 95%, language 94%, gender 99%; 80% orientation
    assert [round(100 * h[c].mean()) for c in ["collects_race", "collects_ethnicity", "collects_language",
                                                "collects_gender", "orientation_cultural_education"]] == [98, 95, 94, 99, 80]


def test_workforce_pipeline_narrows():
    wf = el.datasets.workforce()
    minority = (wf["race_ethnicity"] != S.WHITE).groupby(wf["role_level"], observed=True).mean()
    assert minority["Staff"] > minority["Manager"] > minority["Senior leader"]
    assert set(wf["role_level"].cat.categories) == {"Board", "Executive", "Senior leader", "Manager", "Clinician", "Staff"}


def test_community_and_training():
    pop = el.datasets.community()
    assert (pop["population"] >= 0).all() and pop["population"].sum() > 800_000
    tr = el.datasets.training()
    done = tr[tr["completed"]]
    assert done["post_score"].notna().all() and tr.loc[~tr["completed"], "post_score"].isna().all()
    assert 10 < (done["post_score"] - done["pre_score"]).mean() < 18
    assert set(tr["staff_id"]) <= set(el.datasets.workforce()["staff_id"])


def test_bad_n():
    with pytest.raises(ValueError, match="positive"):
        el.datasets.encounters(n=0)


def test_dictionary_carries_the_taught_patterns_for_faculty():
    patterns = el.datasets.describe("encounters").attrs["patterns"]
    for phrase in ("Completeness differs by registration point", "Real disparities", "No disparity", "Small groups"):
        assert phrase in patterns
    assert "pipeline" in el.datasets.describe("workforce").attrs["patterns"]
