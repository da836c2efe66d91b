"""Session 3 exercises: collecting, stratifying and using REaL data."""
from __future__ import annotations

import pandas as pd

from ...checking.registry import exercise, takeaway
from ...data import real
from ...data import standards as S
from ...data.measures import OUTCOMES
from ...data.synthetic import encounters
from ...data.synthetic.encounters import DEPARTMENTS
from ...report.dashboard import dashboard
from ...stats.stratify import stratify
from ._common import PROPORTION, encounters_std, explains


def _audit_re():
    raw = encounters()
    table = real.audit(raw, by="department", fields=["race_ethnicity"])
    return table.set_index("department")["valid"]


@exercise("s3.ed_valid_share", session="3", kind="number",
          prompt="What share of emergency department registrations have a valid (standard, self-reported) "
                 "race/ethnicity? " + PROPORTION,
          pattern='answer = table.query("department == \'Name\' and field == \'field_name\'")["valid"].item()',
          hints=["The quality table has one row per registration point and field, with a 'valid' column.",
                 "quality.query(\"department == 'Emergency department' and field == 'race_ethnicity_as_recorded'\")"
                 "[\"valid\"].item()"])
def _s3_ed_valid():
    return float(_audit_re()["Emergency department"])


@exercise("s3.worst_point", session="3", kind="choice",
          prompt="Which registration point collects race/ethnicity least completely?",
          options=list(DEPARTMENTS), aliases={"Emergency department": ["ED", "ER", "emergency room"]},   # "completeness in the ED"
          pattern='answer = table.query("field == \'field_name\'").set_index("department")["valid"].idxmin()',
          hints=["Compare the 'valid' column of quality across departments, for field 'race_ethnicity_as_recorded'.",
                 "quality.query(\"field == 'race_ethnicity_as_recorded'\").set_index(\"department\")[\"valid\"]"
                 ".idxmin()"])
def _s3_worst():
    return _audit_re().idxmin()


@exercise("s3.readmission_gap", session="3", kind="number", difference=True,
          prompt="What is the rate difference in 30-day readmission between Black or African American patients and "
                 "the White reference group (Black minus White)? " + PROPORTION,
          pattern='answer = table.loc[table["group_column"] == "group name", "value_column"].item()',
          hints=["The readmit table has a rate_difference column against the reference group (White).",
                 'readmit.loc[readmit["race_ethnicity"] == "Black or African American", "rate_difference"].item()'])
def _s3_gap():
    t = stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference=S.WHITE)
    return float(t.loc[t["race_ethnicity"] == S.BLACK, "rate_difference"].iloc[0])


#: The three readings, by the size of the gap among patients who need no interpreter against the gap among all. A gap
#: that shrinks to under half its size is option a whichever way it points: a small reversal is noise, not "Hispanic
#: patients rate the hospital higher" — so a learner who sees "it reverses" (slightly) is reading option a.
EXPLAINED_OPTIONS = ["It shrinks to under half its size, even if it reverses slightly: interpreter need explains most "
                     "of the gap",
                     "It stays at half its size or more, White patients still higher: interpreter need does not "
                     "explain it",
                     "It turns the other way and is at least half as large: Hispanic patients now clearly rate the "
                     "hospital higher"]


def _explained(gap_crude: float, gap_within: float) -> str:
    """Which option is true: the three cover every case once (|within| < half, either sign; >= half, same sign;
    >= half, other sign)."""
    if abs(gap_within) < abs(gap_crude) / 2:
        return EXPLAINED_OPTIONS[0]
    return EXPLAINED_OPTIONS[1] if gap_within * gap_crude > 0 else EXPLAINED_OPTIONS[2]


@exercise("s3.second_dimension", session="3", kind="choice",
          prompt="Stratify 'would recommend' by interpreter need and race/ethnicity. Among patients who do not need "
                 "an interpreter, what happens to the Hispanic–White gap (White rate minus Hispanic rate), compared "
                 "with the gap among all patients?",
          options=EXPLAINED_OPTIONS,
          hints=["Compare the gap in the table by race/ethnicity alone with the gap in the column "
                 "interpreter_needed == False of the recommend table.",
                 "Half its size: compare |gap among those who need no interpreter| with half of |gap among all|."])
def _s3_second():
    enc = encounters_std()
    crude = stratify(enc, "would_recommend", by="race_ethnicity", min_cell=0).set_index("race_ethnicity")["rate"]
    within = stratify(enc[~enc["interpreter_needed"]], "would_recommend", by="race_ethnicity",
                      min_cell=0).set_index("race_ethnicity")["rate"]
    return _explained(crude[S.WHITE] - crude[S.HISPANIC], within[S.WHITE] - within[S.HISPANIC])


@exercise("s3.most_deprived_share", session="3", kind="number",
          prompt="What share of encounters are of patients whose home address is in the most deprived fifth of "
                 "U.S. neighbourhoods (adi_percentile above 80)? " + PROPORTION,
          pattern='answer = (data["column"] > 80).mean()   # the share of rows where the condition is True',
          hints=["adi_percentile is the Area Deprivation Index national percentile of the home address "
                 "(higher = more deprived).",
                 'most_deprived_share = (data["adi_percentile"] > 80).mean()'])
def _s3_most_deprived():
    return float((encounters()["adi_percentile"] > 80).mean())


@exercise("s3.act_first", session="3", kind="choice",
          prompt="On the Equity Performance Dashboard, which measure shows the largest relative gap (rate ratio "
                 "furthest from 1 in the harmful direction, with a confidence interval that excludes 1)?",
          options=[m["label"] for m in OUTCOMES.values()],
          aliases={m["label"]: [outcome] for outcome, m in OUTCOMES.items()},   # the summary's outcome column
          pattern='answer = table.loc[score.idxmax(), "label"]   # the label of the row with the largest score',
          hints=["dash.summary has rate_ratio and 'significant' for each measure; the figure above shows them.",
                 "For measures where higher is better, a ratio below 1 is harmful: compare 1/ratio."])
def _s3_act_first():
    return _act_first(dashboard(encounters_std(), by="race_ethnicity").summary)


def _act_first(summary: pd.DataFrame) -> str:
    hib = summary["outcome"].map(lambda o: OUTCOMES[o]["higher_is_better"])
    strength = summary["rate_ratio"].where(~hib, 1 / summary["rate_ratio"])
    strength = strength.where(summary["significant"])
    return summary.loc[strength.idxmax(), "label"]


takeaway("s3.takeaway.dashboard", session="3", prompt="Take-away: your Equity Performance Dashboard",
         section="takeaways", key="session3")
takeaway("s3.takeaway.smart_goal", session="3", prompt="Take-away: your SMART goal for one gap",
         section="plans", key="Equity Dashboard goal",
         describe=lambda v: "; ".join(g.get("goal", "") for g in v.get("goals", [])) or "no goal yet")


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("s3.ed_valid_share")
def _why_ed_valid():
    table = real.audit(encounters(), by="department", fields=["race_ethnicity"]).set_index("department")
    ed = table.loc["Emergency department"]
    overall = float((table["valid"] * table["n"]).sum() / table["n"].sum())
    return (f"The audit of race/ethnicity as recorded, by registration point: of {int(ed['n']):,} emergency "
            f"department registrations, {ed['valid']:.3f} have a valid (standard, self-reported) value — about "
            f"{ed['valid']:.2f}; the rest are declined, unknown, missing or unmapped.",
            f"{100 * ed['valid']:.1f} — a percent without a % sign (the check says Close: units); or "
            f"{overall:.2f}, the share over all registration points instead of the ED's row.")


@explains("s3.worst_point")
def _why_worst():
    valid = _audit_re().sort_values()
    table = real.audit(encounters(), by="department", fields=["race_ethnicity"]).set_index("department")
    most_declined = table["declined"].idxmax()
    ed = table.loc[valid.index[0]]
    wrong = f"{valid.index[-1]} ({valid.iloc[-1]:.3f}) — the most complete: idxmax in place of idxmin"
    if most_declined != valid.index[0]:
        wrong += (f"; or {most_declined} for having the most declines ({table.loc[most_declined, 'declined']:.3f}) — "
                  f"but declines are one kind of non-answer: the {valid.index[0]}'s shortfall is mostly unknown and "
                  f"missing answers ({ed['unknown'] + ed['missing']:.3f} together)")
    return (f"The registration point with the smallest 'valid' share: {valid.index[0]} ({valid.iloc[0]:.3f}), then "
            f"{valid.index[1]} ({valid.iloc[1]:.3f}).", wrong + ".")


@explains("s3.readmission_gap")
def _why_gap():
    t = stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference=S.WHITE).set_index("race_ethnicity")
    b, w = t.loc[S.BLACK], t.loc[S.WHITE]
    return (f"rate_difference = the group's rate − the reference group's: {b['rate']:.3f} − {w['rate']:.3f} = "
            f"{b['rate_difference']:.3f}, about {b['rate_difference']:.2f} (95% interval "
            f"{b['rd_ci_low']:.3f} to {b['rd_ci_high']:.3f}).",
            f"{b['rate_ratio']:.2f} — the rate ratio, not the difference; {b['rate']:.2f}, the Black patients' rate "
            f"itself; or {-b['rate_difference']:.2f}, White minus Black (the check says Close: sign).")


@explains("s3.second_dimension")
def _why_second():
    enc = encounters_std()
    crude = stratify(enc, "would_recommend", by="race_ethnicity", min_cell=0).set_index("race_ethnicity")["rate"]
    within = stratify(enc[~enc["interpreter_needed"]], "would_recommend", by="race_ethnicity",
                      min_cell=0).set_index("race_ethnicity")["rate"]
    g_all, g_in = crude[S.WHITE] - crude[S.HISPANIC], within[S.WHITE] - within[S.HISPANIC]
    return (f"White minus Hispanic 'would recommend': {crude[S.WHITE]:.3f} − {crude[S.HISPANIC]:.3f} = {g_all:+.3f} "
            f"among all patients; {within[S.WHITE]:.3f} − {within[S.HISPANIC]:.3f} = {g_in:+.3f} among patients who "
            f"need no interpreter — {abs(g_in):.3f} is under half of {abs(g_all):.3f}, so interpreter need "
            "explains most of the gap.",
            ("“It turns the other way”: the sign does flip, but the reversed gap is smaller than half the gap "
             "among all patients — a small reversal, not Hispanic patients clearly rating the hospital higher."
             if g_in * g_all < 0 else
             "“It stays at half its size or more”: compare the size of the gap among patients who need no "
             "interpreter with half the gap among all patients, not its sign."))


@explains("s3.most_deprived_share")
def _why_deprived():
    adi = encounters()["adi_percentile"]
    return (f"adi_percentile is the national Area Deprivation Index percentile of the home address; "
            f"(adi_percentile > 80).mean() = {int((adi > 80).sum()):,} of {len(adi):,} encounters = "
            f"{(adi > 80).mean():.3f}.",
            f"0.20 — a fifth of U.S. neighbourhoods are above the 80th percentile by definition, but a hospital's "
            f"patients are not a national cross-section; or {(adi >= 80).mean():.3f} with ≥ 80 in place of > 80.")


@explains("s3.act_first")
def _why_act_first():
    summary = dashboard(encounters_std(), by="race_ethnicity").summary
    hib = summary["outcome"].map(lambda o: OUTCOMES[o]["higher_is_better"])
    strength = summary["rate_ratio"].where(~hib, 1 / summary["rate_ratio"])
    table = summary.assign(strength=strength).dropna(subset=["strength"]).sort_values("strength", ascending=False)
    sig, ns = table[table["significant"]], table[~table["significant"]]
    first = sig.iloc[0]
    how = (f"For each measure, the rate ratio of its worst group in the harmful direction (1 / ratio where higher is "
           f"better), kept only when its interval excludes 1: {first['label']} ({first['worst_group']}, ratio "
           f"{first['rate_ratio']:.2f} [{first['rr_ci_low']:.2f}, {first['rr_ci_high']:.2f}]) is the largest"
           + (f", then {sig.iloc[1]['label']} ({sig.iloc[1]['strength']:.2f})." if len(sig) > 1 else "."))
    wrong = (f"{ns.iloc[0]['label']} — its ratio ({ns.iloc[0]['rate_ratio']:.2f}) is far from 1 in the harmful "
             f"direction, but its interval "
             f"[{ns.iloc[0]['rr_ci_low']:.2f}, {ns.iloc[0]['rr_ci_high']:.2f}] includes 1: it may be chance."
             if len(ns) else "A measure chosen by its rate alone, without its ratio to the reference group.")
    return how, wrong
