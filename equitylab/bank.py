"""The exercises of every Equity Lab notebook, each declared once.

Each expected answer is a function of the synthetic data, evaluated at check time, so
it stays right when a dataset or seed changes. Notebooks call
``equitylab.check("<id>", answer)``; nothing here is ever typed into a notebook.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import assess, datasets, pledge, real
from . import standards as S
from .checks import exercise
from .dashboard import dashboard
from .disparity import excess_events
from .stratify import stratify


@lru_cache(maxsize=4)
def encounters_std(n: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """The default synthetic encounters with race/ethnicity and language standardized."""
    enc = datasets.encounters(n=n, seed=seed)
    enc["race_ethnicity"], _ = real.standardize(enc["race_ethnicity"], "race_ethnicity")
    enc["language"], _ = real.standardize(enc["language"], "language")
    return enc


# --- demo: the exercise engine itself (demo/exercise_engine.ipynb) ---------------------------------
@exercise("demo.lwbs_rate", session="demo", kind="number",
          prompt="What share of emergency department visits ended with the patient leaving without being seen? "
                 "Give a proportion (e.g. 0.05).",
          hints=["The column is ed_lwbs; it is 0/1 for ED visits and missing elsewhere.",
                 "The mean of a 0/1 column is the share of 1s; pandas' .mean() skips missing values."],
          tolerance=0.0005)
def _demo_lwbs():
    return encounters_std()["ed_lwbs"].mean()


@exercise("demo.readmission_by_payer", session="demo", kind="dataframe",
          prompt="Make a table of 30-day readmission by payer with equitylab.stratify, keeping the columns "
                 "payer, n and rate.",
          hints=["el.stratify(enc, 'readmit_30d', by='payer') gives one row per payer.",
                 "Select the three columns with table[['payer', 'n', 'rate']]."],
          columns=["payer", "n", "rate"], keys=["payer"], tolerance=1e-6)
def _demo_payer_table():
    return stratify(encounters_std(), "readmit_30d", by="payer")[["payer", "n", "rate"]]


@exercise("demo.internal_external", session="demo", kind="classification",
          prompt="Sort each factor as internal (a strength or weakness) or external (an opportunity or threat).",
          hints=["Internal factors are things the organization controls: its staff, systems and policies.",
                 "Payers, regulators, the community and the labour market are outside the organization."])
def _demo_internal_external():
    return {
        "Registration staff have no script for asking about race and ethnicity": "internal",
        "A state Medicaid program starts paying for health equity reporting": "external",
        "The EHR cannot store more than one race per patient": "internal",
        "Local community health centres want to share data": "external",
    }


@exercise("demo.why_suppress", session="demo", kind="choice",
          prompt="Why does Equity Lab hide rates for groups with counts from 1 to 10?",
          options=["Small groups are not important",
                   "Small counts could identify individual patients (CMS cell-size policy)",
                   "Rates for small groups are always zero"],
          hints=["Think about privacy: could someone work out who the patients are?"])
def _demo_why_suppress():
    return "Small counts could identify individual patients (CMS cell-size policy)"


@exercise("demo.reflection", session="demo", kind="reflection",
          prompt="In two or three sentences: which measure would you stratify first at your hospital, and why?")
def _demo_reflection():
    return None


# --- Session 1: the pledge and the benchmark (session1_pledge/) -------------------------------------
@exercise("s1.fourth_goal", session="1", kind="choice",
          prompt="Which key area did the 2019 training symposium add to the pledge's original three goals?",
          options=["Increasing cultural competency training", pledge.COMMUNITY_GOAL,
                   "Reducing 30-day readmissions"],
          hints=["The original three are data, cultural competency training, and leadership diversity."])
def _s1_fourth_goal():
    return pledge.GOALS_2019[3]


@exercise("s1.collect_use_gap", session="1", kind="number", percent=False, tolerance=0.5,
          prompt="In the earlier edition's panel, how many percentage points separate the hospitals that collect "
                 "patient race from those that use race data to benchmark gaps in care?",
          hints=["Both columns are True/False: their mean is a share; multiply by 100 for percent.",
                 "collects_race minus benchmarks_gaps_by_race, in percentage points (e.g. 50, not 0.5)."])
def _s1_collect_use():
    h = datasets.hospitals(edition="earlier")
    return 100 * (h["collects_race"].mean() - h["benchmarks_gaps_by_race"].mean())


@exercise("s1.board_gap", session="1", kind="number", percent=False, tolerance=0.5,
          prompt="In the 2015 panel, by how many percentage points does the minority share of patients exceed the "
                 "minority share of board members?",
          hints=["Patients: the mean of patients_minority_pct. Board: all minority seats divided by all seats.",
                 "100 * board_minority.sum() / board_size.sum() gives the board share in percent."])
def _s1_board_gap():
    h = datasets.hospitals(edition="2015")
    return h["patients_minority_pct"].mean() - 100 * h["board_minority"].sum() / h["board_size"].sum()


@exercise("s1.excess_readmissions", session="1", kind="number", percent=False, tolerance=0.5,
          prompt="How many excess 30-day readmissions did Black or African American patients have in the year, "
                 "compared with the White reference group's rate?",
          hints=["el.excess_events(table) gives one row per group with an 'excess' column.",
                 "Pick the row where race_ethnicity is 'Black or African American'."])
def _s1_excess():
    t = stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference=S.WHITE)
    ex = excess_events(t)
    return float(ex.loc[ex["race_ethnicity"] == S.BLACK, "excess"].iloc[0])


# --- Session 2: organizational assessment (session2_assessment/) ------------------------------------
SWOT_SORT = {
    "Our registration staff already use a script to ask patients about race and ethnicity": "strengths",
    "The CEO has made equity a strategic priority": "strengths",
    "Our EHR stores only one race per patient": "weaknesses",
    "Cultural competence training completion is low in the emergency department": "weaknesses",
    "The state Medicaid program will pay for stratified quality reporting": "opportunities",
    "A local community health centre wants to share data and refer patients": "opportunities",
    "Competition for experienced diverse leaders in our region is intense": "threats",
    "Some patients in our community distrust why hospitals ask about race": "threats",
}


@exercise("s2.swot_sort", session="2", kind="classification",
          prompt="Sort each statement into strengths, weaknesses, opportunities or threats.",
          hints=["First decide: internal (strength/weakness) or external (opportunity/threat)?",
                 "Helpful internal = strength; harmful internal = weakness; helpful external = opportunity; "
                 "harmful external = threat."])
def _s2_sort():
    return dict(SWOT_SORT)


@exercise("s2.weakest_area", session="2", kind="choice",
          prompt="In the worked example (Lakeside Health), which pledge area has the lowest self-assessment score?",
          options=list(assess.AREAS),
          hints=["example.scores() has one row per area; look for the smallest 'score'."])
def _s2_weakest():
    return assess.example().scores()["score"].idxmin()


@exercise("s2.peer_continuing", session="2", kind="number", percent=False, tolerance=0.5,
          prompt="What percentage of hospitals in the 2015 benchmark panel offer continuing education on cultural "
                 "competence?",
          hints=["The column is continuing_cultural_education; its mean is a share — multiply by 100."])
def _s2_peer():
    return 100 * datasets.hospitals(edition="2015")["continuing_cultural_education"].mean()


@exercise("s2.first_step_session", session="2", kind="choice",
          prompt="Lakeside Health's first-priority next step is taught in which session of the day?",
          options=sorted(set(assess.SESSION_FOR_AREA.values())),
          hints=["example.next_steps() is ranked; read the 'taught_in' column of priority 1."])
def _s2_first_step():
    return assess.example().next_steps().iloc[0]["taught_in"]


@exercise("s2.need_to_succeed", session="2", kind="reflection",
          prompt="What does your organization most need to succeed on the pledge, and who must be involved?")
def _s2_reflection():
    return None


# --- Session 3: collecting, stratifying and using REaL data (session3_data/) ---------------------------
def _audit_re():
    raw = datasets.encounters()
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
          options=list(datasets._DEPARTMENTS),
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
          options=[m["label"] for m in datasets.OUTCOMES.values()],
          hints=["dash.summary has rate_ratio and 'significant' for each measure.",
                 "For measures where higher is better, a ratio below 1 is harmful: compare 1/ratio."])
def _s3_act_first():
    return _act_first(dashboard(encounters_std(), by="race_ethnicity").summary)


def _act_first(summary: pd.DataFrame) -> str:
    hib = summary["outcome"].map(lambda o: datasets.OUTCOMES[o]["higher_is_better"])
    strength = summary["rate_ratio"].where(~hib, 1 / summary["rate_ratio"])
    strength = strength.where(summary["significant"])
    return summary.loc[strength.idxmax(), "label"]
