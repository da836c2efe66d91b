"""Session 1 exercises: the #123forEquity pledge and the national benchmark survey."""
from __future__ import annotations

from ...checking.registry import exercise, takeaway
from ...data import standards as S
from ...data.synthetic import hospitals
from ...organization import pledge
from ...stats.disparity import excess_events
from ...stats.stratify import stratify
from ._common import PERCENT_POINTS, encounters_std, explains, pct


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


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("s1.fourth_goal")
def _why_fourth_goal():
    only_2019 = [g for g in pledge.GOALS_2019 if g not in pledge.GOALS_2017]
    return (f"The 2017 materials list {len(pledge.GOALS_2017)} areas and the 2019 materials "
            f"{len(pledge.GOALS_2019)}; the one in the 2019 list only is “{'; '.join(only_2019)}”.",
            "“Increasing cultural competency training”: it is in both lists (the 2017 list is printed in the "
            "notebook). “Reducing 30-day readmissions” is a quality measure, not a pledge area.")


@explains("s1.collect_use_gap")
def _why_collect_use():
    h = hospitals(edition="earlier")
    collect, use = h["collects_race"].mean(), h["benchmarks_gaps_by_race"].mean()
    return (f"Both columns are True/False, so their means are shares: {pct(collect)} of the earlier edition's "
            f"{len(h):,} hospitals collect race and {pct(use)} use race data to benchmark gaps in care; "
            f"{100 * collect:.2f} − {100 * use:.2f} = {100 * (collect - use):.2f}, about {100 * (collect - use):.0f} points.",
            f"{collect - use:.2f} — the difference of the shares, not in points (the prompt asks "
            f"{100 * (collect - use):.0f}, not {collect - use:.2f}); or "
            f"the ethnicity column ({pct(h['benchmarks_gaps_by_ethnicity'].mean())} benchmark by ethnicity) "
            "instead of race.")


@explains("s1.board_gap")
def _why_board_gap():
    h = hospitals(edition="2015")
    patients, board = h["patients_minority_pct"].mean(), 100 * h["board_minority"].sum() / h["board_size"].sum()
    execs = 100 * h["exec_minority"].sum() / h["exec_size"].sum()
    return (f"Minorities are {patients:.0f}% of the panel's patients and {board:.0f}% of its board members (all "
            f"board seats pooled, as the survey reports): {patients:.0f} − {board:.0f} = {patients - board:.0f} points.",
            f"{patients - execs:.0f} — the executives' share ({execs:.0f}%) in place of the board's; or "
            f"{(patients - board) / 100:.2f}, a proportion where points are asked.")


@explains("s1.excess_readmissions")
def _why_excess():
    t = stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference=S.WHITE)
    row = excess_events(t).set_index("race_ethnicity").loc[S.BLACK]
    black = t.set_index("race_ethnicity").loc[S.BLACK]
    return (f"Excess events = (group rate − reference rate) × group size: ({row['rate']:.3f} − "
            f"{row['reference_rate']:.3f}) × {int(row['n']):,} = {row['excess']:.1f}, about {row['excess']:.0f} "
            "readmissions a year more than the White patients' rate would give.",
            f"{int(black['events']):,} — all readmissions of Black or African American patients, not the excess "
            f"over the reference rate; or {row['rate'] - row['reference_rate']:.3f}, the rate difference not "
            "multiplied by the group's size.")
