"""Session 1 exercises: the #123forEquity pledge and the national benchmark survey."""
from __future__ import annotations

from ...checking.registry import exercise
from ...data import standards as S
from ...data.synthetic import hospitals
from ...organization import pledge
from ...stats.disparity import excess_events
from ...stats.stratify import stratify
from ._common import encounters_std


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
    h = hospitals(edition="earlier")
    return 100 * (h["collects_race"].mean() - h["benchmarks_gaps_by_race"].mean())


@exercise("s1.board_gap", session="1", kind="number", percent=False, tolerance=0.5,
          prompt="In the 2015 panel, by how many percentage points does the minority share of patients exceed the "
                 "minority share of board members?",
          hints=["Patients: the mean of patients_minority_pct. Board: all minority seats divided by all seats.",
                 "100 * board_minority.sum() / board_size.sum() gives the board share in percent."])
def _s1_board_gap():
    h = hospitals(edition="2015")
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
