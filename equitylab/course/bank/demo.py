"""Exercises of the demo notebook (demo/exercise_engine.ipynb): the exercise engine itself."""
from __future__ import annotations

from ...checking.registry import exercise
from ...stats.stratify import stratify
from ._common import PROPORTION, encounters_std, explains

#: Demo exercise 3's answer key: each factor -> internal or external.
INTERNAL_EXTERNAL = {
    "Registration staff have no script for asking about race and ethnicity": "internal",
    "A state Medicaid program starts paying for health equity reporting": "external",
    "The EHR cannot store more than one race per patient": "internal",
    "Local community health centres want to share data": "external",
}


@exercise("demo.lwbs_rate", session="demo", kind="number",
          prompt="What share of emergency department visits ended with the patient leaving without being seen "
                 "(column ed_lwbs)? " + PROPORTION,
          pattern='answer = enc["column_name"].mean()',
          hints=['The column is ed_lwbs: answer = enc["ed_lwbs"].mean() (it is 0/1 for ED visits and missing '
                 'elsewhere).',
                 "The mean of a 0/1 column is the share of 1s; pandas' .mean() skips missing values."])
def _demo_lwbs():
    return encounters_std()["ed_lwbs"].mean()


@exercise("demo.readmission_by_payer", session="demo", kind="dataframe",
          prompt="Make a table of 30-day readmission (readmit_30d) by payer with el.stratify, keeping the columns "
                 "payer, n and rate (rates as proportions; two decimals are enough).",
          pattern='table = el.stratify(enc, "outcome_column", by="group_column")[["group_column", "n", "rate"]]',
          hints=["table = el.stratify(enc, 'readmit_30d', by='payer') gives one row per payer.",
                 "Then keep three columns: table[['payer', 'n', 'rate']]."],
          columns=["payer", "n", "rate"], keys=["payer"])
def _demo_payer_table():
    return stratify(encounters_std(), "readmit_30d", by="payer")[["payer", "n", "rate"]]


@exercise("demo.internal_external", session="demo", kind="classification",
          prompt="Sort each factor as internal (a strength or weakness) or external (an opportunity or threat).",
          items=list(INTERNAL_EXTERNAL), categories=["internal", "external"],
          pattern='sorting = {"text of a factor": "internal", "text of another factor": "external"}',
          hints=["Internal factors are things the organization controls: its staff, systems and policies.",
                 "Payers, regulators, the community and the labour market are outside the organization."])
def _demo_internal_external():
    return dict(INTERNAL_EXTERNAL)


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


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("demo.lwbs_rate")
def _why_lwbs():
    enc = encounters_std()
    ed = enc["ed_lwbs"].notna()
    share = enc["ed_lwbs"].mean()
    return (f"ed_lwbs is 1 for an ED visit that ended without the patient being seen, 0 for other ED visits, and "
            f"missing for visits that were not in the ED; its mean skips the missing values: "
            f"{int(enc['ed_lwbs'].sum()):,} of {int(ed.sum()):,} ED visits = {share:.3f}, about {share:.2f}.",
            f"{100 * share:.1f} — a percent where a proportion is asked (the check says Close: units); or "
            f"{enc['ed_lwbs'].fillna(0).mean():.3f}, dividing by all {len(enc):,} encounters instead of the ED visits.")


@explains("demo.readmission_by_payer")
def _why_payer():
    t = _demo_payer_table()
    low, high = t.loc[t["rate"].idxmin()], t.loc[t["rate"].idxmax()]
    return (f"el.stratify counts the readmissions per payer and divides by that payer's admissions (the rows where "
            f"readmit_30d is recorded); keeping three "
            f"columns gives one row per payer, from {low['payer']} ({low['rate']:.2f}, n = {int(low['n']):,}) to "
            f"{high['payer']} ({high['rate']:.2f}, n = {int(high['n']):,}).",
            "Keeping every column el.stratify returns, or writing by=payer without quotes (a NameError): the check "
            "compares exactly the columns payer, n and rate.")


@explains("demo.internal_external")
def _why_internal_external():
    inside = [k for k, v in INTERNAL_EXTERNAL.items() if v == "internal"]
    return (f"Internal = what the organization controls (its staff, systems and policies): {'; '.join(inside)}. "
            "The payer and the community health centres are outside it: external.",
            "Filing the Medicaid programme as internal because it affects the hospital's own reporting: who "
            "decides is what counts — a payer's rule is external (an opportunity here).")


@explains("demo.why_suppress")
def _why_suppress():
    return ("Counts from 1 to 10 are hidden (the CMS cell-size policy) because a very small group can point to "
            "individual patients; the rate is suppressed, not zero.",
            "“Rates for small groups are always zero”: a suppressed group is shown as suppressed, never as zero — "
            "its rate is unknown to the reader, not absent.")


@explains("demo.reflection")
def _why_demo_reflection():
    return ("Not graded: saved when it has enough words. Listen for a measure tied to a reason — readmissions, "
            "patient experience, diabetes control, interpreter use — each returns in Session 3.",
            "A measure without a reason (“readmissions”): ask what the hospital would do differently if the rate "
            "differed between groups.")
