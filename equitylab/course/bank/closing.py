"""Closing exercises: the Blueprint for Action's goal levels and a first step."""
from __future__ import annotations

from ...checking.registry import exercise, get_exercise, takeaway
from ._common import explains

#: Sample goals and their level in the Health Equity Guide's framework (patient, organizational, community).
LEVEL_KEY = {
    "Patients with diabetes who need an interpreter get diabetes education with teach-back in their language":
        "patient",
    "Every patient is offered a qualified interpreter at no cost at every point of contact": "patient",
    "The board adopts the D&I Action Plan and reviews leadership representation every year": "organization",
    "Quality measures are stratified by race, ethnicity and language every quarter": "organization",
    "Partner with a Haitian Creole-speaking community organization on outreach and navigation": "community",
    "Community members sit on the equity steering committee and review the dashboard": "community",
}


@exercise("closing.goal_levels", session="closing", kind="classification",
          items=sorted(LEVEL_KEY), categories=["patient", "organization", "community"],
          pattern='levels = {"text of a goal": "<level>", "text of another goal": "<level>"}',
          prompt="Sort each sample Blueprint goal into the level it works at: 'patient', 'organization' or "
                 "'community'.",
          hints=["Patient: what a patient experiences in care. Organization: policies, data, leadership. "
                 "Community: partners and residents outside the hospital.",
                 'levels = {1: "<level>", 2: "<level>", ...} — each goal\'s number in the list above (or its '
                 "text) and its level; every one of the six goals needs a level."])
def _closing_levels():
    return dict(LEVEL_KEY)


@exercise("closing.first_step", session="closing", kind="reflection", min_words=12,
          prompt="What is the first step of your Blueprint you will take next week — what exactly, who owns it, "
                 "and by when?")
def _closing_first():
    return None


takeaway("closing.takeaway.goals", session="closing", prompt="Take-away: your Blueprint goals", section="plans",
         key="Blueprint for Action",
         describe=lambda v: ", ".join(sorted({g.get("level") or "no level" for g in v.get("goals", [])})) or "no goal yet")
takeaway("closing.takeaway.blueprint", session="closing", prompt="Take-away: your Blueprint for Action page",
         section="takeaways", key="closing",
         describe=lambda v: f"{len(v.get('done', []))} parts done, {len(v.get('not_done', []))} not yet done",
         done=lambda v: bool(v.get("done")))     # a page compiled from an empty workspace is not yet the take-away


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("closing.goal_levels")
def _why_levels():
    by = {level: [k for k, v in LEVEL_KEY.items() if v == level] for level in ("patient", "organization", "community")}
    about_patients = [k for k in by["organization"] if "stratified" in k or "patient" in k.lower()]
    return ("Patient: what a patient experiences in care; organization: the hospital's policies, data and "
            "leadership; community: partners and residents outside it — "
            + "; ".join(f"{level}: {len(items)}" for level, items in by.items()) + " goals.",
            (f"Filing “{about_patients[0]}” as patient: it is about patients' data, but the hospital does it to "
             "itself — an organizational goal." if about_patients else
             "Filing an organizational policy as a patient goal because it mentions patients."))


@explains("closing.first_step")
def _why_first_step():
    ex = get_exercise("closing.first_step")
    return (f"Not graded: saved with at least {ex.min_words} words. Listen for something concrete — what, who "
            "owns it, by when; ask two or three participants to read theirs aloud.",
            "A direction rather than a step (“improve equity”): ask what will happen on Monday and who does it.")
