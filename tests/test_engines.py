"""One aggregation, several engines: pandas, DuckDB (files, globs, hive folders, a database), PostgreSQL, Spark.

Every engine must give the identical aggregate table (and so the identical stratified table) on the same rows.
"""
import numpy as np
import pandas as pd
import pytest

import equitylab as el
from engines import load_postgres, postgres_url, spark  # noqa: F401  (fixtures)

OUTCOMES = ["ed_lwbs", "readmit_30d", "hba1c_poor_control"]
BY = ["race_ethnicity", "facility"]


@pytest.fixture(scope="module")
def rows():
    df = el.datasets.encounters(n=3_000, seed=7)
    df["race_ethnicity"], _ = el.real.standardize(df["race_ethnicity"], "race_ethnicity")
    out = df[BY + OUTCOMES].copy()
    out["race_ethnicity"] = out["race_ethnicity"].astype(str)
    out["facility"] = out["facility"].astype(str)
    out["score"] = np.random.default_rng(1).normal(7, 2, len(out)).round(1)
    out.loc[::17, "score"] = np.nan
    return out


def _plain(agg):
    out = agg.copy()
    for b in BY:
        out[b] = out[b].astype(str)
    return out.sort_values(BY + ["outcome"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def expected(rows):
    return _plain(el.aggregate(rows, OUTCOMES + ["score"], BY, engine="pandas"))


def test_duckdb_on_frame_matches_pandas(rows, expected):
    pd.testing.assert_frame_equal(_plain(el.aggregate(rows, OUTCOMES + ["score"], BY, engine="duckdb")), expected)


def test_files_globs_hive_folders_and_duckdb_database(rows, expected, tmp_path):
    import duckdb

    rows.to_parquet(tmp_path / "one.parquet")
    rows.to_csv(tmp_path / "one.csv", index=False)
    parts = tmp_path / "parts"
    parts.mkdir()
    for i, chunk in enumerate((rows.iloc[i::3] for i in range(3))):
        chunk.to_parquet(parts / f"part-{i}.parquet")
    hive = tmp_path / "hive"
    for fac, chunk in rows.groupby("facility"):
        (hive / f"facility={fac}").mkdir(parents=True)
        chunk.drop(columns="facility").to_parquet(hive / f"facility={fac}" / "data.parquet")
    db = tmp_path / "ehr.duckdb"
    with duckdb.connect(str(db)) as con:
        con.from_df(rows).create("encounters")
    sources = [tmp_path / "one.parquet", str(tmp_path / "one.csv"), str(parts / "*.parquet"), str(parts),
               str(hive), el.source(db, table="encounters"),
               el.source(db, query="SELECT * FROM encounters WHERE facility IS NOT NULL")]
    for src in sources:
        got = _plain(el.aggregate(src, OUTCOMES + ["score"], BY))
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, obj=str(src))


def test_stratify_accepts_a_glob(rows, tmp_path):
    for i, chunk in enumerate((rows.iloc[i::2] for i in range(2))):
        chunk.to_parquet(tmp_path / f"p{i}.parquet")
    a = el.stratify(rows, "ed_lwbs", by="race_ethnicity")
    b = el.stratify(str(tmp_path / "p*.parquet"), "ed_lwbs", by="race_ethnicity")
    pd.testing.assert_frame_equal(a.assign(race_ethnicity=a["race_ethnicity"].astype(str)),
                                  b.assign(race_ethnicity=b["race_ethnicity"].astype(str)))


# --- issue 8, part 2: nothing lost, nothing merged ---------------------------------------------------------------
@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_missing_text_and_missing_value_are_three_groups(engine):
    df = pd.DataFrame({"g": ["A", "Missing", None] * 20, "y": [0, 1] * 30})
    agg = el.aggregate(df, "y", "g", engine=engine)
    assert sorted(map(str, agg["g"])) == sorted(["A", "Missing", "Missing (no value)"])
    assert agg["rows"].tolist() == [20, 20, 20]


def test_mixed_type_labels_are_five_groups_in_both_engines():
    df = pd.DataFrame({"g": pd.Series([1, "1", 2.5, True, None] * 12, dtype=object), "y": [0, 1, 1, 0, 1, 0] * 10})
    a = el.aggregate(df, "y", "g", engine="pandas")
    b = el.aggregate(df, "y", "g", engine="duckdb")
    assert len(a) == 5 and a["rows"].tolist() == [12] * 5
    pd.testing.assert_frame_equal(a, b)
    assert set(map(str, a["g"])) == {"1 (number)", "1 (text)", "2.5", "True", "Missing"}


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_group_with_outcome_missing_everywhere_is_shown(engine):
    df = pd.DataFrame({"g": ["A"] * 100 + ["B"] * 100 + ["C"] * 30,
                       "y": [1] * 20 + [0] * 80 + [1] * 30 + [0] * 70 + [np.nan] * 30})
    t = el.stratify(df, "y", by="g", engine=engine)
    c = t.set_index("g").loc["C"]
    assert c["n"] == 0 and np.isnan(c["rate"]) and c["n_bucket"] == "0"
    assert len(t) == 3


# --- issue 8, part 4: ±inf and stray values -----------------------------------------------------------------------
@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinite_outcome_refused_everywhere(bad, tmp_path):
    df = pd.DataFrame({"g": ["A", "B"] * 50, "y": [0.0, 1.0] * 50})
    df.loc[3, "y"] = bad
    df.to_parquet(tmp_path / "x.parquet")
    for data, engine in ((df, "pandas"), (df, "duckdb"), (tmp_path / "x.parquet", "auto")):
        with pytest.raises(ValueError, match="infinite"):
            el.aggregate(data, "y", "g", engine=engine)


def test_nan_in_a_file_is_missing_like_in_pandas(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    y = np.array([0.0, 1.0, np.nan, 1.0] * 25)
    pq.write_table(pa.table({"g": ["A", "B"] * 50, "y": pa.array(y, from_pandas=False)}), tmp_path / "nan.parquet")
    a = el.aggregate(pd.DataFrame({"g": ["A", "B"] * 50, "y": y}), "y", "g")
    b = el.aggregate(tmp_path / "nan.parquet", "y", "g")
    pd.testing.assert_frame_equal(a.assign(g=a["g"].astype(str)), b.assign(g=b["g"].astype(str)))
    assert a["n"].sum() == 75


def test_stray_two_in_a_known_binary_measure_is_an_error():
    df = pd.DataFrame({"g": ["A", "B"] * 100, "ed_lwbs": [0, 1] * 100})
    df.loc[5, "ed_lwbs"] = 2
    with pytest.raises(ValueError, match="stray 2"):
        el.stratify(df, "ed_lwbs", by="g")


def test_stray_value_in_an_own_measure_is_a_stated_warning():
    df = pd.DataFrame({"g": ["A", "B"] * 100, "y": [0, 1] * 100})
    df.loc[5, "y"] = 2
    with pytest.warns(UserWarning, match="other than 0 and 1"):
        t = el.stratify(df, "y", by="g", min_cell=0)
    assert t.attrs["kind"] == "continuous"
    assert np.isfinite(t["rate"]).all()


# --- PostgreSQL ---------------------------------------------------------------------------------------------------
@pytest.mark.postgres
def test_postgres_table_and_query_match_pandas(postgres_url, rows, expected):
    data = rows.copy()
    data.loc[::23, "race_ethnicity"] = None
    load_postgres(postgres_url, "encounters", data)
    want = _plain(el.aggregate(data, OUTCOMES + ["score"], BY, engine="pandas"))
    for src in (el.source(postgres_url, table="encounters"), el.source(postgres_url + "?table=encounters"),
                el.source(postgres_url, query="SELECT * FROM encounters")):
        got = _plain(el.aggregate(src, OUTCOMES + ["score"], BY))
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
    a = el.stratify(data, "ed_lwbs", by="race_ethnicity")
    b = el.stratify(el.source(postgres_url, table="encounters"), "ed_lwbs", by="race_ethnicity")
    pd.testing.assert_frame_equal(a.assign(race_ethnicity=a["race_ethnicity"].astype(str)),
                                  b.assign(race_ethnicity=b["race_ethnicity"].astype(str)))


@pytest.mark.postgres
def test_postgres_boolean_outcome_and_missing_label(postgres_url):
    df = pd.DataFrame({"g": ["A", "Missing", None] * 40, "flag": [True, False, False, True] * 30})
    load_postgres(postgres_url, "flags", df)
    got = el.aggregate(el.source(postgres_url, table="flags"), "flag", "g")
    want = el.aggregate(df, "flag", "g")
    pd.testing.assert_frame_equal(got.assign(g=got["g"].astype(str)), want.assign(g=want["g"].astype(str)))


@pytest.mark.postgres
def test_postgres_errors_are_one_clear_message(postgres_url):
    with pytest.raises(ValueError, match="did you mean 'ed_lwbs'"):
        load_postgres(postgres_url, "small", pd.DataFrame({"g": ["A"], "ed_lwbs": [1]}))
        el.aggregate(el.source(postgres_url, table="small"), "ed_lwb", "g")
    with pytest.raises(ValueError, match="refused"):
        el.aggregate(el.source(postgres_url, table="no_such_table"), "y", "g")
    port = int(postgres_url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(ConnectionError, match="Cannot reach the database"):
        el.aggregate(el.source(f"postgresql://nobody@127.0.0.1:{port + 1}/x", table="t"), "y", "g")


# --- Spark --------------------------------------------------------------------------------------------------------
@pytest.mark.spark
def test_spark_matches_duckdb_on_the_same_parquet(spark, rows, tmp_path):
    parts = tmp_path / "sp"
    parts.mkdir()
    for i, chunk in enumerate((rows.iloc[i::2] for i in range(2))):
        chunk.to_parquet(parts / f"part-{i}.parquet")
    duck = _plain(el.aggregate(str(parts), OUTCOMES + ["score"], BY))
    frame = _plain(el.aggregate(spark.read.parquet(str(parts)), OUTCOMES + ["score"], BY))
    src = _plain(el.aggregate(el.source(parts, engine="spark"), OUTCOMES + ["score"], BY))
    pd.testing.assert_frame_equal(frame, duck, check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(src, duck, check_exact=False, rtol=1e-12)
    a = el.stratify(str(parts), "readmit_30d", by="facility")
    b = el.stratify(spark.read.parquet(str(parts)), "readmit_30d", by="facility")
    pd.testing.assert_frame_equal(a.assign(facility=a["facility"].astype(str)),
                                  b.assign(facility=b["facility"].astype(str)))


# --- each dimension on its own, in one pass (GROUPING SETS) -----------------------------------------------------
def _each_matches_one_at_a_time(data, reference, outcomes=OUTCOMES + ["score"]):
    tables = el.aggregate(data, outcomes, BY, each=True)
    assert list(tables) == BY
    for b in BY:
        want = el.aggregate(reference, outcomes, b, engine="pandas")
        got = tables[b].copy()
        got[b], want[b] = got[b].astype(str), want[b].astype(str)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


def test_each_dimension_in_one_pass_matches_one_at_a_time(rows, tmp_path):
    data = rows.copy()
    data.loc[::11, "facility"] = None           # a missing group in one dimension only
    data.to_parquet(tmp_path / "x.parquet")
    data.to_csv(tmp_path / "x.csv", index=False)
    for source in (data, str(tmp_path / "x.parquet"), str(tmp_path / "x.csv")):
        _each_matches_one_at_a_time(source, data)


def test_each_dimension_in_one_pass_on_postgres(postgres_url, rows):
    load_postgres(postgres_url, "each_enc", rows)
    _each_matches_one_at_a_time(el.source(postgres_url, table="each_enc"), rows)


def test_each_dimension_in_one_pass_on_spark(spark, rows, tmp_path):
    rows.to_parquet(tmp_path / "x.parquet")
    _each_matches_one_at_a_time(spark.read.parquet(str(tmp_path / "x.parquet")), rows)
