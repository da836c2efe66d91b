"""The CDC Race & Ethnicity code set shipped as data, and standardize reading all of it.

Expected categories below are written from the code set's published hierarchy and the 2024 / 1997 OMB
standards (not from the CSV or the code under test); counts are the source code systems' (v3-Race 921,
v3-Ethnicity 43 concepts in hl7.terminology.r4@7.0.1).
"""
import os
from pathlib import Path

import pandas as pd
import pytest

from equitylab.data import standards as S
from equitylab.data.codesets import CDC_RACE_ETHNICITY_CSV, cdc_race_ethnicity, provenance
from equitylab.real import standardize

ROWS = cdc_race_ethnicity()
BY_CODE = {r["code"]: r for r in ROWS}
AMBIGUOUS = {"Central American Indian", "Mexican American Indian", "South American Indian"}
MENA_ROOTS = {"2118-8", "2129-5"}  # README: the 2118-8 subtree, and 2129-5 Arab, are MENA under 2024 SPD 15


def one(value, field="race_ethnicity"):
    std, report = standardize(pd.Series([value], dtype=object), field)
    return std.iloc[0], report


def test_count_of_concepts_equals_the_source():
    assert len(ROWS) == 921 + 43
    assert sum(r["code_system"] == "v3-Race" for r in ROWS) == 921
    assert sum(r["code_system"] == "v3-Ethnicity" for r in ROWS) == 43
    assert len(BY_CODE) == len(ROWS)  # codes are unique


def test_provenance_header_names_package_version_and_code_systems():
    text = provenance()
    for needed in ("hl7.terminology.r4@7.0.1", "CC0-1.0", "2.16.840.1.113883.6.238",
                   "http://terminology.hl7.org/CodeSystem/v3-Race", "2.16.840.1.113883.5.104",
                   "http://terminology.hl7.org/CodeSystem/v3-Ethnicity", "2.16.840.1.113883.5.50",
                   "version 4.0.0", "921 concepts", "43 concepts"):
        assert needed in text, needed
    readme = (CDC_RACE_ETHNICITY_CSV.parent / "README.md").read_text()
    assert "hl7.terminology.r4" in readme and "7.0.1" in readme and "89 FR 22182" in readme


def test_every_row_has_a_valid_parent_and_minimum_category():
    roots = {r["code"] for r in ROWS if r["level"] == 1}
    assert roots == {"1002-5", "2028-9", "2054-5", "2076-8", "2106-3", "2131-1", "2135-2", "2186-5"}
    for r in ROWS:
        if r["level"] == 1:
            assert r["parent_code"] == "" and r["path"] == r["code"]
            continue
        parent = BY_CODE[r["parent_code"]]
        assert r["level"] == parent["level"] + 1
        assert r["path"] == parent["path"] + "/" + r["code"]
        assert r["code_system"] == parent["code_system"]
        assert r["category_1997"] == parent["category_1997"]
        if r["code"] not in MENA_ROOTS:
            assert r["category_2024"] == parent["category_2024"], r
    for r in ROWS:
        if r["code"] == "2131-1":  # Other Race: no standard category under either
            assert r["category_2024"] == r["category_1997"] == ""
        elif r["code"] == "2186-5":
            assert (r["category_2024"], r["category_1997"]) == ("", S.NOT_HISPANIC)
        else:
            assert r["category_2024"] in S.SPD15_2024
            assert r["category_1997"] in S.RACE_1997 + (S.HISPANIC,)


def test_mena_sits_under_white_in_the_code_set_and_is_its_own_category_in_2024():
    assert BY_CODE["2118-8"]["parent_code"] == "2106-3"
    mena = [r for r in ROWS if "/2118-8" in r["path"] or r["code"] == "2129-5"]
    assert len(mena) == 11
    assert {r["category_2024"] for r in mena} == {S.MENA}
    assert {r["category_1997"] for r in mena} == {S.WHITE}
    assert {r["category_2024"] for r in ROWS} - {""} == set(S.SPD15_2024)


@pytest.mark.parametrize("name", ["Navajo", "Cherokee", "Sac and Fox", "Lumbee", "Aleut", "Eskimo",
                                  "Akhiok", "Barrow", "Point Hope", "Kotzebue", "Bethel", "Tlingit"])
def test_tribal_and_village_names_roll_up_to_aian(name):
    assert one(name)[0] == S.AIAN
    assert one(name.upper(), "race")[0] == S.AIAN


@pytest.mark.parametrize("raw, spd2024, race1997", [
    ("Hmong", S.ASIAN, S.ASIAN), ("Bangladeshi", S.ASIAN, S.ASIAN), ("2037-0", S.ASIAN, S.ASIAN),
    ("Ethiopian", S.BLACK, S.BLACK), ("Barbadian", S.BLACK, S.BLACK), ("Nigerian", S.BLACK, S.BLACK),
    ("Samoan", S.NHPI, S.NHOPI_1997), ("Chuukese", S.NHPI, S.NHOPI_1997), ("2080-0", S.NHPI, S.NHOPI_1997),
    ("Irish", S.WHITE, S.WHITE), ("Armenian", S.WHITE, S.WHITE), ("european", S.WHITE, S.WHITE),
    ("Lebanese", S.MENA, S.WHITE), ("Palestinian", S.MENA, S.WHITE), ("Assyrian", S.MENA, S.WHITE),
    ("Afghanistani", S.MENA, S.WHITE), ("2118-8", S.MENA, S.WHITE), ("2123-8", S.MENA, S.WHITE),
    ("Arab", S.MENA, S.WHITE), ("2129-5", S.MENA, S.WHITE),
    ("Puerto Rican", S.HISPANIC, S.UNMAPPED), ("Salvadoran", S.HISPANIC, S.UNMAPPED),
    ("  andalusian ", S.HISPANIC, S.UNMAPPED), ("2180-8", S.HISPANIC, S.UNMAPPED),
])
def test_detailed_entries_roll_up_under_2024_and_1997(raw, spd2024, race1997):
    assert one(raw)[0] == spd2024
    assert one(raw, "race")[0] == race1997  # 1997: MENA counted as White; Hispanic is not a race


def test_hispanic_detail_answers_the_1997_ethnicity_question():
    assert one("Puerto Rican", "ethnicity")[0] == S.HISPANIC
    assert one("2148-5", "ethnicity")[0] == S.HISPANIC
    assert one("2186-5", "ethnicity")[0] == S.NOT_HISPANIC
    assert one("Samoan", "ethnicity")[0] == S.UNMAPPED


def test_standardize_maps_every_display_name_and_code_to_its_category():
    names = [r["display"] for r in ROWS]
    std, report = standardize(pd.Series(names, dtype=object), "race_ethnicity")
    expected = []
    for r in ROWS:
        if r["display"] in AMBIGUOUS or r["code"] == "2131-1":
            expected.append(S.UNMAPPED)
        elif r["display"] == "Dominican":  # the 2024 notice lists Dominican under Hispanic or Latino
            expected.append(S.HISPANIC)
        elif r["code"] == "2186-5":        # the 1997 ethnicity answer carries no race: not known
            expected.append(S.UNKNOWN)
        else:
            expected.append(r["category_2024"])
    assert list(std.astype(str)) == expected
    unmapped = report[report["status"] == "unmapped"]
    assert set(unmapped["raw"]) == AMBIGUOUS | {"Other Race"}
    assert not (report["status"] == "mapped (truncated)").any()

    codes, _ = standardize([r["code"] for r in ROWS], "race_ethnicity")  # every code is unambiguous
    assert list(codes.astype(str)) == [S.UNMAPPED if r["code"] == "2131-1" else S.UNKNOWN if r["code"] == "2186-5"
                                       else r["category_2024"] for r in ROWS]


@pytest.mark.parametrize("name, codes", [("Central American Indian", ("1070-2", "2162-6")),
                                         ("mexican american indian", ("1072-8", "2153-5")),
                                         ("South American Indian", ("1073-6", "2175-8"))])
def test_ambiguous_display_names_are_unmapped_with_a_reason(name, codes):
    value, report = one(name)
    assert value == S.UNMAPPED
    reason = report["reason"].item()
    assert "ambiguous" in reason and all(c in reason for c in codes)
    assert S.AIAN in reason and S.HISPANIC in reason
    assert one(codes[0])[0] == S.AIAN and one(codes[1])[0] == S.HISPANIC
    cut, report = one(name[:-3])  # cut short by a field length: still ambiguous, still not guessed
    assert cut == S.UNMAPPED and "cut short" in report["reason"].item()


def test_values_handled_before_keep_their_meaning():
    assert S.CDC_CODES == {"1002-5": S.AIAN, "2028-9": S.ASIAN, "2054-5": S.BLACK, "2076-8": S.NHOPI_1997,
                           "2106-3": S.WHITE, "2135-2": S.HISPANIC, "2186-5": S.NOT_HISPANIC}
    for raw, expected in [("Dominican", S.HISPANIC), ("2069-3", S.BLACK), ("Somali", S.BLACK), ("Israeli", S.MENA),
                          ("Other Race", S.UNMAPPED), ("2131-1", S.UNMAPPED), ("Black", S.BLACK),
                          ("Native Hawaiian or Other Pac", S.NHPI), ("Navajo; Hmong", S.MULTIPLE)]:
        assert one(raw)[0] == expected, raw
    assert one("Native Hawaiian or Other Pac")[1]["status"].item() == "mapped (truncated)"
    assert one("Other")[1]["reason"].item() == ""


def _tho_tarball(tmp_path) -> str:
    """The source package: $EQUITYLAB_THO_TARBALL, else fetched from the npm registry with `npm pack`."""
    if os.environ.get("EQUITYLAB_THO_TARBALL"):
        return os.environ["EQUITYLAB_THO_TARBALL"]
    import shutil
    import subprocess

    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to fetch hl7.terminology.r4@7.0.1 (or set EQUITYLAB_THO_TARBALL to its tarball)")
    subprocess.run([npm, "pack", "hl7.terminology.r4@7.0.1", "--silent", "--pack-destination", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    return str(tmp_path / "hl7.terminology.r4-7.0.1.tgz")


def test_build_script_reproduces_the_shipped_csv(tmp_path):
    from equitylab.data.codesets import build_cdcrec
    tarball = _tho_tarball(tmp_path)
    out = tmp_path / "cdc.csv"
    build_cdcrec.main([tarball, "--out", str(out)])
    assert out.read_text(encoding="utf-8") == Path(CDC_RACE_ETHNICITY_CSV).read_text(encoding="utf-8")
