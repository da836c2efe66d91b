import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab import standards as S
from equitylab.real import alone_or_in_combination, audit, selections, standardize


def test_seven_minimum_categories_of_2024_standard():
    assert len(S.SPD15_2024) == 7
    assert S.MENA in S.SPD15_2024
    assert len(S.RACE_1997) == 5 and S.MENA not in S.RACE_1997


@pytest.mark.parametrize("raw, expected", [
    ("White", S.WHITE), ("  white ", S.WHITE), ("WHITE", S.WHITE), ("Caucasian", S.WHITE), ("W", S.WHITE),
    ("2106-3", S.WHITE), ("2054-5", S.BLACK), ("African American", S.BLACK), ("BLACK/AFRICAN AMERICAN", S.BLACK),
    ("Vietnamese", S.ASIAN), ("Mexican", S.HISPANIC), ("2135-2", S.HISPANIC), ("Lebanese", S.MENA),
    ("AI/AN", S.AIAN), ("1002-5", S.AIAN), ("Samoan", S.NHPI), ("2076-8", S.NHPI),
    ("Native Hawaiian or Other Pacific Islander", S.NHPI),
    ("White; Asian", S.MULTIPLE), ("2106-3|2054-5", S.MULTIPLE), ("Multiracial", S.MULTIPLE),
    ("White / Not Hispanic", S.WHITE), ("Unknown / Hispanic", S.HISPANIC), ("White / Hispanic", S.MULTIPLE),
    ("Declined", S.DECLINED), ("Patient declined", S.DECLINED), ("ASKU", S.UNKNOWN),
    ("Unknown", S.UNKNOWN), ("UNK", S.UNKNOWN), ("", S.MISSING), (None, S.MISSING), (np.nan, S.MISSING),
    ("Other", S.UNMAPPED), ("2131-1", S.UNMAPPED), ("XX", S.UNMAPPED), ("White; Martian", S.UNMAPPED),
])
def test_standardize_race_ethnicity(raw, expected):
    std, report = standardize(pd.Series([raw], dtype=object), "race_ethnicity")
    assert std.iloc[0] == expected


def test_non_answers_stay_distinct_and_are_counted():
    raw = pd.Series(["Declined", "Unknown", None, "", "Other", "White"])
    std, report = standardize(raw, "race_ethnicity")
    assert list(std) == [S.DECLINED, S.UNKNOWN, S.MISSING, S.MISSING, S.UNMAPPED, S.WHITE]
    assert report["count"].sum() == len(raw)
    assert set(report["status"]) == {"mapped", "non-answer", "unmapped"}
    assert report.loc[report["raw"] == "Other", "status"].item() == "unmapped"


def test_report_columns_and_index_preserved():
    raw = pd.Series(["W", "B", "W", "zzz"], index=[10, 11, 12, 13], name="race_ethnicity")
    std, report = standardize(raw, "race_ethnicity")
    assert list(std.index) == [10, 11, 12, 13]
    assert list(report.columns) == ["raw", "standard", "count", "status", "reason"]
    assert report.set_index("raw").loc["W", "count"] == 2


def test_categorical_input_gives_same_result_as_strings(enc):
    raw = el.datasets.encounters(n=3000, seed=5)["race_ethnicity"]
    a, ra = standardize(raw, "race_ethnicity")
    b, rb = standardize(raw.astype(object), "race_ethnicity")
    assert (a.astype(str) == b.astype(str)).all()
    assert ra["count"].sum() == rb["count"].sum() == len(raw)


def test_1997_race_and_ethnicity_questions():
    race, _ = standardize(["White", "Lebanese", "Hispanic", "Pacific Islander"], "race")
    assert list(race) == [S.WHITE, S.WHITE, S.UNMAPPED, S.NHOPI_1997]
    eth, _ = standardize(["Hispanic or Latino", "Not Hispanic or Latino", "N", "Y", "Mexican", "White"], "ethnicity")
    assert list(eth) == [S.HISPANIC, S.NOT_HISPANIC, S.NOT_HISPANIC, S.HISPANIC, S.HISPANIC, S.UNMAPPED]


def test_language():
    std, report = standardize(["English", "ENG", "es", "Espanol", "vie", "Chuukese", "", "Declined"], "language")
    assert list(std) == ["English", "English", "Spanish", "Spanish", "Vietnamese", S.UNMAPPED, S.MISSING, S.DECLINED]


def test_alone_or_in_combination():
    values = ["White; Asian", "Asian", "White", "Declined", "Black|White"]
    sel = selections(values)
    assert sel.loc[0, S.WHITE] and sel.loc[0, S.ASIAN] and not sel.loc[3].any()
    counts = alone_or_in_combination(values)
    assert counts.loc[S.WHITE].tolist() == [1, 2, 3]
    assert counts.loc[S.ASIAN].tolist() == [1, 1, 2]
    assert counts.loc[S.BLACK].tolist() == [0, 1, 1]


def test_bad_field_and_dataframe_input():
    with pytest.raises(ValueError, match="race_ethnicity"):
        standardize(["White"], "colour")
    with pytest.raises(TypeError, match="one column"):
        standardize(pd.DataFrame({"a": ["White"]}), "race_ethnicity")


def test_audit_counts_every_row_once():
    raw = el.datasets.encounters(n=5000, seed=2)
    table = audit(raw, by="department", min_cell=0)
    shares = table[["valid", "declined", "unknown", "missing", "unmapped"]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    for _, part in table.groupby("field"):
        assert part["n"].sum() == len(raw)
    ed = table[(table.field == "race_ethnicity") & (table.department == "Emergency department")]["valid"].item()
    clinic = table[(table.field == "race_ethnicity") & (table.department == "Primary care clinic")]["valid"].item()
    assert ed < clinic - 0.08  # the built-in pattern: the ED collects least


def test_audit_suppresses_small_groups_and_names_missing_columns():
    df = pd.DataFrame({"site": ["A"] * 30 + ["B"] * 4, "race_ethnicity": ["White"] * 34})
    table = audit(df, by="site", fields=["race_ethnicity"])
    b = table[table.site == "B"].iloc[0]
    assert b["suppressed"] and pd.isna(b["n"]) and pd.isna(b["valid"])
    with pytest.raises(ValueError, match="not found.*Columns present"):
        audit(df, by="department", fields=["race_ethnicity"])


def test_mask_counts_hides_small_cells_in_any_count_table():
    from equitylab.privacy import mask_counts

    table = pd.DataFrame({"raw": ["W", "XX", "none"], "count": [500, 3, 0]})
    # the column total (503) may be known, so the 500 is hidden too (complementary suppression); its band
    # 500–999 would leave the 3 between 1 and 3 (narrower than the band 1–10), so neither shows a band
    assert mask_counts(table)["count"].tolist() == ["suppressed", "suppressed", "0"]
    assert mask_counts(table, min_cell=0)["count"].tolist() == [500, 3, 0]
    # 12 + 10 = 22: with the total known, the bands 11–49 and 1–10 would still leave a range, so they stay
    assert mask_counts(pd.Series([40, 12, 10]), min_cell=11).tolist() == ["40", "11–49", "1–10"]
    with pytest.raises(ValueError, match="no column 'n'"):
        mask_counts(table, columns=["n"])


@pytest.mark.parametrize("field", ["race_ethnicity", "race", "ethnicity", "language"])
def test_standardize_is_idempotent(field):
    from equitylab.real import categories

    cats = list(categories(field))
    once, _ = standardize(cats, field)
    assert list(once) == cats
    twice, report = standardize(once, field)
    assert list(twice) == cats


def test_truncated_values_map_when_the_prefix_is_unambiguous():
    raw = ["Native Hawaiian or Other Pac", "Black or Afri", "Vietnam", "American", "Span", "Other"]
    std, report = standardize(raw, "race_ethnicity")
    assert list(std) == [S.NHPI, S.BLACK, S.ASIAN, S.UNMAPPED, S.UNMAPPED, S.UNMAPPED]
    status = dict(zip(report["raw"], report["status"]))
    assert status["Black or Afri"] == "mapped (truncated)" and status["Vietnam"] == "mapped (truncated)"
    assert status["American"] == "unmapped"  # a whole word, not a cut-off "American Indian"
    lang, report = standardize(["Portugu", "Spanis"], "language")
    assert list(lang) == ["Portuguese", "Spanish"] and set(report["status"]) == {"mapped (truncated)"}
