"""Session 3 exercises: collecting, stratifying and using REaL data."""
from __future__ import annotations

import pandas as pd

from ...checking.registry import exercise
from ...data import real
from ...data import standards as S
from ...data.measures import OUTCOMES
from ...data.synthetic import encounters
from ...data.synthetic.encounters import DEPARTMENTS
from ...report.dashboard import dashboard
from ...stats.stratify import stratify
from ._common import encounters_std


def _audit_re():
    raw = encounters()
    table = real.audit(raw, by="department", fields=["race_ethnicity"])
    return table.set_index("department")["valid"]


@exercise("s3.ed_valid_share", session="3", kind="number", tolerance=0.0005,
          prompt="What share of emergency department registrations have a valid (standard, self-reported) "
                 "race/ethnicity? Give a proportion.",
          hints=["el.real.audit(raw, by='department') has a 'valid' column per registration point.",
                 "Read the row for 'Emergency department', field 'race_ethnicity'."])
def _s3_ed_valid():
    return float(_audit_re()["Emergency department"])


@exercise("s3.worst_point", session="3", kind="choice",
          prompt="Which registration point collects race/ethnicity least completely?",
          options=list(DEPARTMENTS),
          hints=["Compare the 'valid' share across departments in the audit table."])
def _s3_worst():
    return _audit_re().idxmin()


@exercise("s3.readmission_gap", session="3", kind="number", tolerance=0.0005,
          prompt="What is the rate difference in 30-day readmission between Black or African American patients and "
                 "the White reference group? Give it as a proportion (e.g. 0.03 for 3 points).",
          hints=["The stratified table has a rate_difference column against the reference group.",
                 "Black minus White: a positive number means Black patients are readmitted more often."])
def _s3_gap():
    t = stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference=S.WHITE)
    return float(t.loc[t["race_ethnicity"] == S.BLACK, "rate_difference"].iloc[0])


EXPLAINED_OPTIONS = ["It mostly disappears: interpreter need explains the gap",
                     "It stays about the same: interpreter need does not explain it",
                     "It reverses: Hispanic patients rate the hospital higher"]


@exercise("s3.second_dimension", session="3", kind="choice",
          prompt="Stratify 'would recommend' by interpreter need and race/ethnicity. Among patients who do not need "
                 "an interpreter, what happens to the Hispanic–White gap?",
          options=EXPLAINED_OPTIONS,
          hints=["Compare the crude gap (by race/ethnicity alone) with the gap among interpreter_needed == False."])
def _s3_second():
    enc = encounters_std()
    crude = stratify(enc, "would_recommend", by="race_ethnicity", min_cell=0).set_index("race_ethnicity")["rate"]
    within = stratify(enc[~enc["interpreter_needed"]], "would_recommend", by="race_ethnicity",
                      min_cell=0).set_index("race_ethnicity")["rate"]
    gap_crude = crude[S.WHITE] - crude[S.HISPANIC]
    gap_within = within[S.WHITE] - within[S.HISPANIC]
    if gap_within < 0 and abs(gap_within) > abs(gap_crude) / 2:
        return EXPLAINED_OPTIONS[2]
    return EXPLAINED_OPTIONS[0] if abs(gap_within) < abs(gap_crude) / 2 else EXPLAINED_OPTIONS[1]


@exercise("s3.act_first", session="3", kind="choice",
          prompt="On the Equity Performance Dashboard, which measure shows the largest relative gap (rate ratio "
                 "furthest from 1 in the harmful direction, with a confidence interval that excludes 1)?",
          options=[m["label"] for m in OUTCOMES.values()],
          hints=["dash.summary has rate_ratio and 'significant' for each measure.",
                 "For measures where higher is better, a ratio below 1 is harmful: compare 1/ratio."])
def _s3_act_first():
    return _act_first(dashboard(encounters_std(), by="race_ethnicity").summary)


def _act_first(summary: pd.DataFrame) -> str:
    hib = summary["outcome"].map(lambda o: OUTCOMES[o]["higher_is_better"])
    strength = summary["rate_ratio"].where(~hib, 1 / summary["rate_ratio"])
    strength = strength.where(summary["significant"])
    return summary.loc[strength.idxmax(), "label"]
