"""Session 1 exercises: the #123forEquity pledge and the national benchmark survey."""
from __future__ import annotations

from ...checking.registry import exercise, takeaway
from ...data import standards as S
from ...data.synthetic import hospitals
from ...organization import pledge
from ...stats.disparity import excess_events
from ...stats.stratify import stratify
from ._common import PERCENT_POINTS, encounters_std


@exercise("s1.fourth_goal", session="1", kind="choice",
          prompt="The 2017 symposium materials list three key areas of the pledge; the 2019 materials list four. "
                 "Which area is in the 2019 list only?",
          options=["Increasing cultural competency training", pledge.COMMUNITY_GOAL,
                   "Reducing 30-day readmissions"],
          hints=["The 2017 list (printed above): data, cultural competency training, and leadership diversity."])
def _s1_fourth_goal():
    return pledge.GOALS_2019[3]


@exercise("s1.collect_use_gap", session="1", kind="number", percent=False, unit="percent", tolerance=0.5,
          difference=True,
          prompt="In the earlier edition's panel, how many percentage points separate the hospitals that collect "
                 "patient race from those that use race data to benchmark gaps in care? " + PERCENT_POINTS,
          pattern='gap = 100 * (earlier["first_column"].mean() - earlier["second_column"].mean())',
          hints=['Both columns of earlier are True/False: earlier["collects_race"].mean() is a share; multiply by '
                 "100 for percent.",
                 'collect_use_gap = 100 * (earlier["collects_race"].mean() - earlier["benchmarks_gaps_by_race"].mean())'
                 " — in points (e.g. 50, not 0.5)."])
def _s1_collect_use():
    h = hospitals(edition="earlier")
    return 100 * (h["collects_race"].mean() - h["benchmarks_gaps_by_race"].mean())


@exercise("s1.board_gap", session="1", kind="number", percent=False, unit="percent", tolerance=0.5,
          difference=True,
          prompt="In the 2015 panel, by how many percentage points does the minority share of patients exceed the "
                 "minority share of board members? " + PERCENT_POINTS,
          pattern='gap = diversity["first label"] - diversity["second label"]',
          hints=['The diversity dict above has both shares in percent: diversity["Patients"] and '
                 'diversity["Board members"].',
                 'board_gap = diversity["Patients"] - diversity["Board members"]'])
def _s1_board_gap():
    h = hospitals(edition="2015")
    return h["patients_minority_pct"].mean() - 100 * h["board_minority"].sum() / h["board_size"].sum()


@exercise("s1.excess_readmissions", session="1", kind="number", percent=False, tolerance=0.5, difference=True,
          prompt="How many excess 30-day readmissions did Black or African American patients have in the year, "
                 "compared with the White reference group's rate? Give a whole number (e.g. 140).",
          pattern='value = table.loc[table["group_column"] == "group name", "value_column"].item()',
          hints=["The excess table above has one row per group and an 'excess' column.",
                 'excess.loc[excess["race_ethnicity"] == "Black or African American", "excess"].item()'])
def _s1_excess():
    t = stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference=S.WHITE)
    ex = excess_events(t)
    return float(ex.loc[ex["race_ethnicity"] == S.BLACK, "excess"].iloc[0])


takeaway("s1.takeaway.benchmark", session="1", prompt="Take-away: your hospital placed on the benchmark",
         section="takeaways", key="session1",
         describe=lambda v: f"{len(v.get('benchmark', []))} indicators compared")
