"""Session 5 exercises: who is trained, did it work, why it matters to patients, CLAS scenarios."""
from __future__ import annotations

from ...checking.registry import exercise, get_exercise, takeaway
from ...data.synthetic import training
from ...data.synthetic.training import MODULES
from ...data.synthetic.workforce import WORK_DEPARTMENTS
from ...stats.paired import paired
from ...stats.stratify import stratify
from ._common import explains


@exercise("s5.lowest_completion", session="5", kind="choice",
          prompt="Which department has the lowest completion rate of assigned cultural competence modules?",
          options=list(WORK_DEPARTMENTS),
          aliases={"Emergency": ["ED", "ER", "emergency department", "emergency room"],
                   "Environmental services": ["EVS", "housekeeping"]},
          pattern='answer = table.set_index("group_column")["column"].idxmin()   # the group with the smallest value',
          hints=["The table `by_dept` (completion stratified by department) has a 'rate' column: find the lowest.",
                 'lowest = by_dept.set_index("department")["rate"].idxmin()'])
def _s5_lowest():
    tr = training()
    t = stratify(tr.assign(completed=tr["completed"].astype(float)), "completed", by="department")
    return str(t.set_index("department")["rate"].idxmin())


@exercise("s5.knowledge_gain", session="5", kind="number", percent=False, tolerance=0.05, difference=True,
          pattern='value = table.set_index("row_column").loc["a row", "column"]',
          prompt="For the module 'Working with interpreters', what is the mean change in knowledge score (post − pre, "
                 "in points) among staff who completed it? Give it to one decimal.",
          hints=["The table `knowledge` (el.paired by module) has one row per module and a mean_change column.",
                 'gain = knowledge.set_index("module").loc["Working with interpreters", "mean_change"]'])
def _s5_gain():
    t = paired(training(), "pre_score", "post_score", by="module").set_index("module")
    return float(t.loc["Working with interpreters", "mean_change"])


@exercise("s5.confidence_module", session="5", kind="choice",
          prompt="Which module raised staff confidence the most (largest mean change in confidence, post − pre)?",
          options=list(MODULES),
          pattern='answer = table.set_index("group_column")["column"].idxmax()   # the group with the largest value',
          hints=["The table `confidence` (el.paired on confidence_pre and confidence_post by module) has a "
                 "mean_change column: find the largest.",
                 'most_confident = confidence.set_index("module")["mean_change"].idxmax()'])
def _s5_confidence():
    t = paired(training(), "confidence_pre", "confidence_post", by="module").set_index("module")
    return str(t["mean_change"].idxmax())


def _case(id: str, *, prompt: str, options: list[str], answer: int, hint: str, explanation: str) -> None:
    """Register a case scenario: a choice whose answer is a judgement from the sources, not from the data."""
    exercise(id, session="5", kind="choice", prompt=prompt, options=options, hints=[hint],
             explanation=explanation)(lambda: options[answer])


_case("s5.design_limit",
      prompt="The same staff were tested before and after, and there is no comparison group of untrained staff. "
             "Which question can this design NOT answer?",
      options=["Whether scores were higher after the training than before",
               "Whether the training caused the rise",
               "How much scores rose on average, with an interval"], answer=1,
      hint="What else, besides the module, could raise a second test score (practice, the test itself, time)?",
      explanation="Without a comparison group, practice with the test, learning on the job or regression to the "
                  "mean could explain part of the rise; a comparison group (e.g. staff trained next quarter) or "
                  "outcomes measured for patients would be needed to attribute it to the training.")

_case("s5.family_interpreter",
      prompt="Case: a patient whose preferred language is Spanish is about to hear a new diagnosis. Her "
             "15-year-old daughter offers to interpret. What do the National CLAS Standards point to?",
      options=["Accept the daughter's offer: family members know the patient best",
               "Offer a qualified interpreter at no cost, rather than rely on the daughter",
               "Carry on in English, speaking slowly and using gestures"], answer=1,
      hint="Read CLAS Standards 5 and 7 in el.clas.standards().",
      explanation="Standard 5: language assistance at no cost, at all points of contact; Standard 7: ensure the "
                  "competence of those providing it — the use of untrained individuals and/or minors as interpreters "
                  "should be avoided.")

_case("s5.teach_back",
      prompt="Case: a nurse has explained a new insulin schedule, with a qualified interpreter. Which step is "
             "teach-back?",
      options=["Ask: “Do you have any questions?”",
               "Ask the patient to explain in their own words how and when they will take the new insulin",
               "Hand over a leaflet in English to read at home"], answer=1,
      hint="Teach-back checks understanding by having the patient say it back, not by asking if they understood.",
      explanation="Teach-back asks the patient to say back, in their own words, what they will do — it checks "
                  "that the explanation was understandable (CLAS Principal Standard: care responsive to "
                  "preferred languages, health literacy and other communication needs).")


takeaway("s5.takeaway.clas", session="5", prompt="Take-away: your National CLAS Standards self-check",
         section="assessments", key="clas",
         describe=lambda v: f"{len(v.get('ratings', {}))} of 15 standards rated")
takeaway("s5.takeaway.training_plan", session="5", prompt="Take-away: your training goal", section="plans",
         key="Cultural Competence Training Plan",
         describe=lambda v: "; ".join(g.get("goal", "") for g in v.get("goals", [])) or "no goal yet")
takeaway("s5.takeaway.training", session="5", prompt="Take-away: training completion and knowledge change",
         section="takeaways", key="session5")


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("s5.lowest_completion")
def _why_lowest():
    tr = training()
    t = stratify(tr.assign(completed=tr["completed"].astype(float)), "completed", by="department")
    t = t.sort_values("rate").reset_index(drop=True)
    a, b = t.iloc[0], t.iloc[1]
    apart = "the two intervals do not overlap" if a["ci_high"] < b["ci_low"] else "the two intervals overlap"
    return (f"Completion by department (el.stratify on completed): {a['department']} {a['rate']:.3f} "
            f"[{a['ci_low']:.3f}, {a['ci_high']:.3f}], next {b['department']} {b['rate']:.3f} "
            f"[{b['ci_low']:.3f}, {b['ci_high']:.3f}] — {apart}.",
            f"{b['department']} — the second lowest, read from the dots by eye; the table under the figure gives "
            "the values.")


@explains("s5.knowledge_gain")
def _why_gain():
    t = paired(training(), "pre_score", "post_score", by="module").set_index("module")
    row = t.loc["Working with interpreters"]
    return (f"el.paired pairs each person's before and after scores: mean change = {row['mean_after']:.1f} − "
            f"{row['mean_before']:.1f} = {row['mean_change']:.2f} points among {int(row['n']):,} staff "
            f"(95% interval {row['ci_low']:.1f} to {row['ci_high']:.1f}), about {row['mean_change']:.1f}.",
            f"{row['mean_after']:.1f} — the mean after the training, not the change; or another module's row "
            f"(the changes are close: {t['mean_change'].min():.1f} to {t['mean_change'].max():.1f}).")


@explains("s5.confidence_module")
def _why_confidence():
    conf = paired(training(), "confidence_pre", "confidence_post", by="module").set_index("module")["mean_change"]
    know = paired(training(), "pre_score", "post_score", by="module").set_index("module")["mean_change"]
    return (f"The module with the largest mean change in confidence (post − pre): {conf.idxmax()} "
            f"({conf.max():.2f}); the others rose by {conf.drop(conf.idxmax()).min():.2f} to "
            f"{conf.drop(conf.idxmax()).max():.2f}.",
            f"{know.idxmax()} — the largest knowledge gain ({know.max():.1f} points), read from the knowledge "
            "table instead of the confidence table."
            if know.idxmax() != conf.idxmax() else "Reading the knowledge table instead of the confidence table.")


@explains("s5.design_limit")
def _why_design():
    return (get_exercise("s5.design_limit").explanation,
            "“Whether scores were higher after the training than before”: that is exactly what a paired "
            "before/after analysis answers (the mean change with its interval) — it cannot say why.")


@explains("s5.family_interpreter")
def _why_family():
    return (get_exercise("s5.family_interpreter").explanation,
            "“Accept the daughter's offer”: family members know the patient, but CLAS Standard 7 says the use of "
            "minors as interpreters should be avoided, and Standard 5 offers language assistance at no cost.")


@explains("s5.teach_back")
def _why_teach_back():
    return (get_exercise("s5.teach_back").explanation,
            "“Do you have any questions?”: a yes/no question — a “no” does not show what the patient understood.")
