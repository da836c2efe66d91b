"""No count from 1 to 10 can be read or recovered from any public output (issue 8, part 1).

Every public output is built from small synthetic extracts made to have tiny groups (1–10 people,
1–10 events) and handed to an independent attacker (tests/privacy_helpers.py) who knows the extract's
row count and, for two-way tables, the one-way margins.
"""
from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import equitylab as el
from privacy_helpers import (Facts, from_audit, from_completeness, from_figure, from_masked, from_stratify,
                             recoverable)

matplotlib.use("Agg")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIGURES = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RAW = ["White", "Asian", "Black", "declined", "", "Unknown", "xx-unreadable", "Hispanic"]


def extract(sizes, events, missing, sites, raw):
    """One row per person: group g0.. with the given sizes and events, some rows with no outcome."""
    rows = []
    for i, (n, e, m) in enumerate(zip(sizes, events, missing)):
        y = [1.0] * e + [0.0] * (n - e) + [np.nan] * m
        rows += [{"group": f"g{i}", "y": v} for v in y]
    df = pd.DataFrame(rows)
    k = len(df)
    df["site"] = [sites[j % len(sites)] for j in range(k)]
    df["race_ethnicity"] = [raw[(j * 7) % len(raw)] for j in range(k)]
    df["department"] = df["site"]
    return df


@st.composite
def tiny(draw):
    k = draw(st.integers(2, 5))
    size = st.one_of(st.integers(1, 10), st.integers(11, 60))
    sizes = draw(st.lists(size, min_size=k, max_size=k))
    events = [draw(st.one_of(st.integers(0, min(n, 10)), st.integers(0, n))) for n in sizes]
    missing = draw(st.lists(st.sampled_from([0, 0, 1, 3, 12]), min_size=k, max_size=k))
    sites = draw(st.sampled_from([["North"], ["North", "South"], ["North", "South", "East"]]))
    raw = draw(st.permutations(RAW))
    return extract(sizes, events, missing, sites, list(raw)[: draw(st.integers(2, len(RAW)))])


def rows(df) -> int | None:
    """The attacker knows the extract's row count — as the library prints it (a band when 1–10)."""
    return len(df) if len(df) >= 11 else None


def margins(df, col):
    """The margins the one-way table by ``col`` publishes: n and events of its shown groups."""
    if not has_two_groups(df, col):
        return {}
    one = quiet(el.stratify, df, "y", by=col)
    shown = one[~one["suppressed"]]
    return {(col, lev): (int(n), int(e)) for lev, n, e in zip(shown[col], shown["n"], shown["events"])}


def quiet(fn, *a, **k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*a, **k)


def has_two_groups(df, by):
    return df.dropna(subset=["y"]).groupby(by).ngroups >= 2


def table(df, by="group"):
    """The stratified table of a drawn extract (extracts with fewer than two groups are skipped)."""
    assume(has_two_groups(df, by))
    return quiet(el.stratify, df, "y", by=by)


# --- min_cell: one validator, everywhere ----------------------------------------------------------

BAD = [True, False, None, -3, 1.5, "11"]


@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_min_cell_refused_the_same_way_everywhere(bad):
    df = extract([40, 30], [12, 15], [0, 0], ["North"], RAW)
    agg = el.aggregate(df, ["y"], ["group"])
    calls = [lambda: el.stratify(df, "y", by="group", min_cell=bad),
             lambda: el.from_aggregate(agg, "y", "group", min_cell=bad),
             lambda: el.real.audit(df, by="department", fields=["race_ethnicity"], min_cell=bad),
             lambda: el.privacy.mask_counts(pd.Series([5, 50]), min_cell=bad),
             lambda: el.dashboard(df.assign(readmit_30d=df["y"]), ["readmit_30d"], by="group", min_cell=bad),
             lambda: el.privacy.hidden_groups([5, 50], min_cell=bad),
             lambda: el.privacy.count_text(5, min_cell=bad)]
    for call in calls:
        with pytest.raises(ValueError, match=r"min_cell=.* is not a cell size.*whole number ≥ 0"):
            call()


def test_min_cell_accepts_numpy_integers_and_zero():
    assert el.privacy.check_min_cell(np.int64(11)) == 11 and el.privacy.check_min_cell(0) == 0


# --- the attacker helper catches leaks ------------------------------------------------------------

def test_helper_finds_a_count_recovered_by_subtraction_from_a_total():
    df = extract([500, 300, 5], [60, 40, 2], [0, 0, 0], ["North"], RAW)
    leaky = el.stratify(df, "y", by="group", min_cell=0)
    leaky.loc[2, ["n", "events"]] = pd.NA  # hide the small group only, keep the total: the old leak
    leaky.loc[2, "rate"] = np.nan
    leaky.loc[2, "n_bucket"] = "1–10"
    leaky.attrs.update(n_shown=800, overall_rate_shown_groups=100 / 800)
    assert "n[g2] = 5" in recoverable(from_stratify(leaky))
    fig = el.plots.rates(leaky)  # the old figure title: the total next to the visible groups' n
    assert "n[ax0:g2] = 5" in recoverable(from_figure(fig))
    plt.close(fig)
    assert recoverable(from_stratify(el.stratify(df, "y", by="group"), rows=rows(df))) == []


def test_helper_finds_share_times_n_bucket_bounds_and_printed_counts():
    audit_like = pd.DataFrame({"department": ["ED"], "field": ["language"], "n": [6900],
                               "valid": [0.9], "declined": [0.05], "unknown": [341 / 6900],
                               "missing": [0.0], "unmapped": [4 / 6900]})
    audit_like.attrs["by"] = ["department"]
    assert "unmapped[language:ED] = 4" in recoverable(from_audit(audit_like))
    assert "unmapped[language:ED] = 4" in recoverable(from_audit(audit_like.round(5), decimals=5))
    assert "count[1] = 3" in recoverable(from_masked(["500", "1–10", "0"], total=503))     # total − shown
    assert "count[2] = 1" in recoverable(from_masked(["500", "11–49", "1–10"], total=512))  # bands + total
    assert recoverable(from_masked(["500", "11–49", "1–10"], total=530)) == []
    fig = plt.figure()
    fig.text(0, 0, "Rows outside this measure's denominator, not counted: 3.")
    assert recoverable(from_figure(fig)) == ["footnote rows[0] = 3"]
    plt.close(fig)
    rate_only = Facts()
    rate_only.count("n", 40)
    rate_only.rate("events", "n", 0.075)
    assert recoverable(rate_only) == ["events = 3"]


def test_old_outputs_leaked_and_new_ones_do_not():
    # audit shares × n: a department with 4 unmapped languages among 1,200 registrations
    df = pd.DataFrame({"department": ["ED"] * 1200 + ["Clinic"] * 900,
                       "language": ["English"] * 1196 + ["Klingon"] * 4 + ["English"] * 880 + [""] * 20})
    table = el.real.audit(df, by="department", fields=["language"])
    assert recoverable(from_audit(table, rows=rows(df))) == []
    shown = table.set_index("department")
    assert shown.loc["ED", "n"] == 1200 and np.isnan(shown.loc["ED", "unmapped"])
    assert np.isnan(shown.loc["ED", "valid"])           # its complement in the row (1196 + 4 = 1,200)
    assert np.isnan(shown.loc["Clinic", "valid"])       # the complement in the valid column
    assert shown.loc["ED", "declined"] == 0             # zero may be shown
    # mask_counts: the total minus the shown rows gave the hidden count
    masked = el.privacy.mask_counts(pd.Series([500, 300, 3]))
    assert recoverable(from_masked(masked, total=803)) == []


# --- every public output, on tiny synthetic extracts ----------------------------------------------

@SETTINGS
@given(tiny())
def test_stratify_one_way(df):
    t = table(df)
    assert recoverable(from_stratify(t, rows=rows(df))) == []
    agg = el.aggregate(df, ["y"], ["group"])
    t2 = quiet(el.from_aggregate, agg, "y", "group")
    assert recoverable(from_stratify(t2, rows=rows(df))) == []


@SETTINGS
@given(tiny())
def test_stratify_two_way_with_its_margins_known(df):
    t = table(df, ["site", "group"])
    known = {**margins(df, "site"), **margins(df, "group")}
    assert recoverable(from_stratify(t, rows=rows(df), margins=known)) == []


@SETTINGS
@given(tiny())
def test_audit_and_masked_standardization_report(df):
    t = el.real.audit(df, by="department", fields=["race_ethnicity"])
    assert recoverable(from_audit(t, rows=rows(df))) == []
    assert recoverable(from_audit(t.round(3), rows=rows(df), decimals=3)) == []
    _, report = el.real.standardize(df["race_ethnicity"], "race_ethnicity")
    by_status = report.groupby("status", observed=True)["count"].sum()
    masked = el.privacy.mask_counts(by_status)
    assert recoverable(from_masked(masked, total=rows(df))) == []
    # the unmapped rows, with the unmapped total as the status table above shows it
    unmapped = report[report["status"] == "unmapped"]
    shown = str(masked.get("unmapped", "0")).replace(",", "")
    total = int(shown) if shown.isdigit() else None
    assert recoverable(from_masked(el.privacy.mask_counts(unmapped)["count"], total=total)) == []


@FIGURES
@given(tiny())
def test_figures(df):
    t = table(df)
    for draw in (el.plots.rates, el.plots.forest):
        if draw is el.plots.forest and not t["reference"].any():
            continue
        fig = quiet(draw, t)
        facts = from_figure(fig, prefix="").merge(from_stratify(t, rows=rows(df)))  # tied by group names
        assert recoverable(facts) == []
        plt.close(fig)
    fig = el.plots.completeness(el.real.audit(df, by="department", fields=["race_ethnicity"]))
    assert recoverable(from_completeness(fig)) == []
    plt.close(fig)


@FIGURES
@given(tiny())
def test_dashboard_summary_tables_and_figure(df):
    assume(has_two_groups(df, "group"))
    data = df.assign(readmit_30d=df["y"], ed_lwbs=df["y"].where(df["site"] != "East"))
    dash = quiet(el.dashboard, data, ["readmit_30d", "ed_lwbs"], by="group")
    for outcome, t in dash.tables.items():
        facts = from_stratify(t, rows=rows(data))
        row = dash.summary.set_index("outcome").loc[outcome]
        scope = "E" if row["overall_of"] == "all groups" else "E shown"
        facts.rate(scope, "N" if scope == "E" else "N shown", row["overall_rate"])
        assert recoverable(facts) == []
    fig = quiet(dash.figure)
    assert recoverable(from_figure(fig)) == []
    plt.close(fig)


def test_figure_text_never_prints_a_small_count():
    df = extract([500, 300, 5], [60, 40, 2], [3, 0, 0], ["North"], RAW)
    t = el.stratify(df, "y", by="group")
    assert t.attrs["rows_missing_outcome"] is None and t.attrs["n_total"] is None
    assert t.attrs["rows"] == len(df) and "n_total" in t.attrs["withheld"]
    fig = el.plots.rates(t)
    text = " ".join(x.get_text() for x in fig.texts) + fig._suptitle.get_text()
    assert "not counted: 1–10" in text and "in the shown groups" in text
    assert recoverable(from_figure(fig).merge(from_stratify(t, rows=rows(df)))) == []
    plt.close(fig)


@pytest.mark.parametrize("label", ["a$b$c", "$\\alpha", "x\\y$", "$$", "cost $5 \\$10", "\\frac{1}{2}$"])
def test_mathtext_characters_do_not_break_saving(label, tmp_path):
    df = pd.DataFrame({"group": [label] * 40 + ["B"] * 40, "y": [1.0] * 15 + [0.0] * 25 + [1.0] * 20 + [0.0] * 20})
    t = el.stratify(df, "y", by="group")
    t.attrs["source_name"] = label
    for fig in (el.plots.rates(t, title=label), el.plots.forest(t),
                el.plots.shares({label: 40.0, "b": 20.0}, title=label, source=label)):
        fig.savefig(tmp_path / "f.png")
        plt.close(fig)
    audit = el.real.audit(pd.DataFrame({"department": [label] * 30, "race_ethnicity": ["White"] * 30}),
                          by="department", fields=["race_ethnicity"])
    fig = el.plots.completeness(audit, title=label)
    fig.savefig(tmp_path / "g.png")
    plt.close(fig)


def test_describe_prints_the_row_count_through_the_layer():
    data = el.extract.load("synthetic", n=2_000)
    assert el.privacy.describe(data).startswith("2,000 encounters") and "SYNTHETIC DATA" in el.privacy.describe(data)
    assert el.privacy.describe(pd.DataFrame({"x": range(7)})) == "1–10 encounters"


def test_two_way_table_protects_its_one_way_margins_by_hand():
    # (South, g1) holds 3 people. The one-way tables by group and by site show their margins, so hiding
    # it alone would leave it as a margin minus the shown cells: the smallest cell of each of its lines
    # goes too, until the hidden cells form a rectangle (g1, g2 × North, South); g0 stays visible.
    def cells(site, group, n, e):
        return pd.DataFrame({"site": site, "group": group, "y": [1.0] * e + [0.0] * (n - e)})
    df = pd.concat([cells("North", "g0", 200, 30), cells("South", "g0", 150, 25), cells("North", "g1", 40, 15),
                    cells("South", "g1", 3, 1), cells("North", "g2", 100, 20), cells("South", "g2", 60, 12)],
                   ignore_index=True)
    t = el.stratify(df, "y", by=["site", "group"])
    hidden = set(map(tuple, t.loc[t["suppressed"], ["site", "group"]].to_numpy()))
    assert hidden == {("North", "g1"), ("South", "g1"), ("North", "g2"), ("South", "g2")}
    assert el.stratify(df, "y", by="group").set_index("group").loc["g1", "n"] == 43
    assert recoverable(from_stratify(t, rows=len(df), margins=margins(df, "group") | margins(df, "site"))) == []
