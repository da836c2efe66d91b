"""Exercises of the demo notebook (demo/exercise_engine.ipynb): the exercise engine itself."""
from __future__ import annotations

from ...checking.registry import exercise
from ...stats.stratify import stratify
from ._common import encounters_std


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
