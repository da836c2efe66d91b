"""Every sentence true: what the course says about its data is what the data show, recomputed here by hand.

The pipeline reading (Session 4), the dashboard's worst group (Session 3, the Blueprint), and the Blueprint's
wording (no internal keys, scores in words with one decimal).
"""
import re

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

import equitylab as el
from equitylab.course.bank import encounters_std
from equitylab.report.dashboard import NO_GAP
from equitylab.report.workforce import pipeline_reading


def _by_hand(level: str, event: str):
    """(minority rate, White rate, Newcombe 95% CI of the difference) for one level and event, from the roster."""
    wf = el.datasets.workforce()
    rows = wf[wf["role_level"] == level]
    white = rows["race_ethnicity"] == "White"
    x1, n1 = int(rows.loc[~white, event].sum()), int((~white).sum())
    x0, n0 = int(rows.loc[white, event].sum()), int(white.sum())
    low, high = confint_proportions_2indep(x1, n1, x0, n0, method="newcomb", compare="diff")
    return x1, n1, x0, n0, low, high


def test_the_pipeline_reading_says_what_the_roster_shows():
    flow = el.pipeline(el.datasets.workforce(), groups=el.minority)
    text = pipeline_reading(flow)
    managers, clinicians = text.splitlines()
    # clinicians: both gaps, both intervals away from zero (computed here from the roster)
    for event, word in (("promoted_2025", "were promoted less often"), ("exited_2025", "left more often")):
        x1, n1, x0, n0, low, high = _by_hand("Clinician", event)
        assert (high < 0 if "less" in word else low > 0), event
        assert word in clinicians and f"{100 * x1 / n1:.1f}% against {100 * x0 / n0:.1f}%" in clinicians
        assert f"95% CI {100 * low:+.1f} to {100 * high:+.1f}" in clinicians
    # managers: promotions too few to show (a count of 1-10 in a group), the exit interval includes zero
    x1, n1, x0, n0, _, _ = _by_hand("Manager", "promoted_2025")
    assert min(x1, x0) <= 10 and "promotion rate is not shown" in managers
    x1, n1, x0, n0, low, high = _by_hand("Manager", "exited_2025")
    assert low < 0 < high and "exit rate cannot be told apart" in managers and "includes zero" in managers
    assert "less often" not in managers and "more often" not in managers


def test_session4_never_says_managers_are_promoted_less_often():
    import json

    from notebook_helpers import ROOT

    nb = json.loads((ROOT / "session4_diversity" / "session4_diversity.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    guide = (ROOT / "curriculum" / "facilitator" / "session4.md").read_text()
    assert "pipeline_reading(flow" in text
    for said in (text, guide.replace('Do not say "managers and\n   clinicians are promoted less often and leave more often"', "")):
        assert not re.search(r"managers(,| and) clinicians\)?,? (minority staff )?are promoted less often", said)


def _rates(outcome: str) -> pd.Series:
    enc = encounters_std()
    return enc.groupby("race_ethnicity", observed=True)[outcome].mean()


def test_the_dashboard_names_no_gap_where_no_group_does_worse_than_the_reference():
    dash = el.dashboard(encounters_std())
    summary = dash.summary.set_index("outcome")
    lwbs = summary.loc["ed_lwbs"]
    shown = dash.tables["ed_lwbs"].query("~suppressed")["race_ethnicity"].astype(str)
    rates = _rates("ed_lwbs")
    groups = [g for g in shown if g not in el.standards.NOT_VALID and g != "White"]
    assert all(rates[g] <= rates["White"] for g in groups)            # by hand: nobody above White
    assert lwbs["worst_group"] == NO_GAP and np.isnan(lwbs["rate_ratio"]) and not lwbs["significant"]
    # a measure with a real gap still names the worst group doing worse than White
    readmit = summary.loc["readmit_30d"]
    shown = dash.tables["readmit_30d"].query("~suppressed")["race_ethnicity"].astype(str)
    rates = _rates("readmit_30d")
    worst = max((g for g in shown if g not in el.standards.NOT_VALID and g != "White"), key=rates.get)
    assert readmit["worst_group"] == worst and rates[worst] > rates["White"]
    assert readmit["rate_ratio"] == pytest.approx(rates[worst] / rates["White"], rel=1e-9)


def _workspace_with_dashboard(rows, answers=None):
    ws = {"format": "equitylab-workspace", "version": 1,
          "takeaways": {"session3": {"dashboard": rows, "synthetic": True}},
          "swots": {"organization": {"area": None, "title": "", "items": {"strengths": ["Board support"]}}}}
    if answers:
        ws["assessments"] = {"self_assessment": {"organization": "", "answers": answers, "profile": {}}}
    return ws


def test_the_blueprint_page_has_no_internal_keys_and_no_false_largest_gap():
    stale = {"label": "ED left without being seen", "reference": "White", "worst_group": "Hispanic or Latino",
             "rate_ratio": 0.879, "rr_ci_low": 0.63, "rr_ci_high": 1.22, "significant": False,
             "higher_is_better": False}                 # saved before the dashboard said "no group does worse"
    real = {"label": "30-day readmission", "reference": "White", "worst_group": "Black or African American",
            "rate_ratio": 1.45, "rr_ci_low": 1.13, "rr_ci_high": 1.87, "significant": True, "higher_is_better": False}
    from equitylab.organization.assess import QUESTIONS

    answers = {q.id: k % 4 for k, q in enumerate(QUESTIONS)}
    page = el.blueprint(data=_workspace_with_dashboard([stale, real], answers)).html
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>|<style>.*?</style>", "", page, flags=re.S))
    assert "Largest gap" not in text and "Hispanic or Latino" not in text and "no group does worse" in text
    assert "Black or African American" in text
    assert "my_plan" not in text and "my_training" not in text
    assert not re.search(r"<h3>\s*organization\s*</h3>", page) and "SWOT: the whole organization" in text
    scores = el.assess.Assessment.from_dict({"organization": "", "answers": {q.id: el.assess.STAGES[k % 4]
                                                                            for k, q in enumerate(QUESTIONS)}})
    for value in scores.scores()["score"]:
        assert f"{value:.1f} — " in text                  # one decimal, then the stage in words
    assessment = text.split("Self-assessment across the pledge areas")[-1].split("Next steps")[0]
    assert not re.search(r"\d\.\d{2,}", assessment)         # no 1.333333 (nor 1.33) for a score


def test_a_dashboard_with_every_group_suppressed_does_not_say_no_group_does_worse():
    import warnings

    small = el.datasets.encounters(n=800, seed=5)
    small["race_ethnicity"], _ = el.real.standardize(small["race_ethnicity"], "race_ethnicity")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dash = el.dashboard(small)
    for outcome, table in dash.tables.items():
        row = dash.summary.set_index("outcome").loc[outcome]
        if not (~table["suppressed"] & ~table["reference"]).any():      # nothing to compare: we cannot tell
            assert row["worst_group"] != NO_GAP, outcome
