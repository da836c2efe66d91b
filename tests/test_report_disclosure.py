"""The whole `equitylab report` folder checked at once: the attacker of tests/privacy_helpers.py reads EVERY file
(group tables, standardization files, the page's tables, sentences and alt text) and works out what it can."""
import numpy as np
import pandas as pd
import pytest

from equitylab.course.cli import main
from privacy_helpers import from_report, narrowed, recoverable

RACES = ["White", "Black or African American", "Asian", "American Indian or Alaska Native",
         "Native Hawaiian or Pacific Islander", "Hispanic or Latino", "Declined"]


def _report(tmp_path, capsys, df, mapping):
    (tmp_path / "x.csv").write_text(df.to_csv(index=False))
    (tmp_path / "m.yml").write_text(mapping)
    out = tmp_path / "report"
    rc = main(["report", "--no-progress", "--data", str(tmp_path / "x.csv"), "--mapping", str(tmp_path / "m.yml"),
               "--out", str(out)])
    return rc, capsys.readouterr().err, out


def _issue_extract(spelling="Native Hawaiian or Pacific Islander"):
    """The issue's case: 1,559 rows, a group of 3 and its protector of 20."""
    rng = np.random.default_rng(1)
    sizes = {"White": 1000, "Black or African American": 500, "Asian": 36, "American Indian or Alaska Native": 3,
             spelling: 20}
    raw = sum(([g] * s for g, s in sizes.items()), [])
    return pd.DataFrame({"race_ethnicity": raw, "readmit_30d": (rng.random(len(raw)) < 0.3).astype(int)})


def test_the_issue_case_gives_nothing_back_from_every_file_together(tmp_path, capsys):
    rc, err, out = _report(tmp_path, capsys, _issue_extract("NHPI"),
                           "outcomes: {readmit_30d: readmit_30d}\nby: [race_ethnicity]\n"
                           "codes: {race_ethnicity: {NHPI: Native Hawaiian or Pacific Islander}}\n")
    assert rc == 0, err
    std = pd.read_csv(out / "standardization__race_ethnicity.csv", dtype=str).set_index("raw")
    assert not std.loc["NHPI", "count"].replace(",", "").isdigit()  # the protector is not printed exactly
    facts = from_report(out)
    assert recoverable(facts) == [] and narrowed(facts) == []


def test_the_attacker_finds_the_issue_leak_in_the_old_files(tmp_path, capsys):
    rc, err, out = _report(tmp_path, capsys, _issue_extract(), "outcomes: {readmit_30d: readmit_30d}\n"
                                                               "by: [race_ethnicity]\n")
    assert rc == 0, err
    std = pd.read_csv(out / "standardization__race_ethnicity.csv", dtype=str)
    std["count"] = std["raw"].map({"White": "1,000", "Black or African American": "500", "Asian": "36",
                                   "Native Hawaiian or Pacific Islander": "20"}).fillna("suppressed")
    std.to_csv(out / "standardization__race_ethnicity.csv", index=False)  # as it was written before
    assert "rows[race_ethnicity|American Indian or Alaska Native] = 3" in recoverable(from_report(out))


def test_an_extract_smaller_than_a_cell_is_refused(tmp_path, capsys):
    df = pd.DataFrame({"race_ethnicity": ["Asian"] * 7, "readmit_30d": [0, 1, 0, 1, 0, 0, 1]})
    rc, err, out = _report(tmp_path, capsys, df, "outcomes: {readmit_30d: readmit_30d}\nby: [race_ethnicity]\n")
    assert rc == 2 and "fewer than min_cell = 11 rows" in err and not out.exists()


def _extract(seed, sizes):
    rng = np.random.default_rng(seed)
    rows = []
    for group, size in zip(RACES, sizes):
        for i in range(size):
            rows.append({"race_ethnicity": group if i % 5 else group.upper(),   # two spellings per category
                         "language": ["English", "Spanish", "Vietnamese"][int(rng.integers(0, 3)) if i % 4 == 0 else 0],
                         "facility": ["North", "South", "Tiny"][int(rng.integers(0, 3))],
                         "ed_lwbs": int(rng.random() < 0.1) if rng.random() < 0.8 else None,  # ED rows only
                         "readmit_30d": int(rng.random() < 0.3)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed, sizes, units", [(5, [400, 250, 60, 6, 3, 14, 9], True),
                                                (6, [300, 45, 12, 2, 25, 0, 11], False),
                                                (7, [90, 30, 20, 1, 1, 1, 13], False)])
def test_no_count_is_worked_out_or_narrowed_from_every_file(tmp_path, capsys, seed, sizes, units):
    df = _extract(seed, sizes)
    rc, err, out = _report(tmp_path, capsys, df, "outcomes: {ed_lwbs: ed_lwbs, readmit_30d: readmit_30d}\n"
                                                 "by: [race_ethnicity, language]\nallow_unmapped: true\n"
                                                 + ("units: facility\n" if units else ""))
    assert rc == 0, err
    facts = from_report(out)
    assert recoverable(facts) == [], seed
    assert narrowed(facts) == [], seed


def test_representation_hides_across_levels_when_a_group_total_is_known():
    """A group's total over the levels (the workforce by race, published elsewhere) minus its shown levels
    gave a hidden level's count back; each group's column is now a line too."""
    import equitylab as el
    from privacy_helpers import Facts

    sizes = {("Executive", "White"): 40, ("Executive", "Minority"): 3, ("Manager", "White"): 100,
             ("Manager", "Minority"): 30, ("Staff", "White"): 300, ("Staff", "Minority"): 200}
    people = pd.DataFrame([{"level": lv, "group": g} for (lv, g), k in sizes.items() for _ in range(k)])
    t = el.representation(people, {"Minority": 0.45, "White": 0.55}, level="level", by="group")
    f = Facts()
    for _, row in t.iterrows():
        name = f"{row['level']}|{row['group']}"
        if pd.notna(row["count"]):
            f.count(name, row["count"])
        f.count(f"n[{row['level']}]", row["n"])
    for lv in t["level"].unique():
        f.total(f"n[{lv}]", [f"{lv}|{g}" for g in ("White", "Minority")])
    for g in ("White", "Minority"):                      # the attacker knows each group's total
        f.total(f"total[{g}]", [f"{lv}|{g}" for lv in t["level"].unique()])
        f.count(f"total[{g}]", sum(k for (lv, gg), k in sizes.items() if gg == g))
    assert t["suppressed"].sum() >= 4
    assert recoverable(f) == [] and narrowed(f) == []
