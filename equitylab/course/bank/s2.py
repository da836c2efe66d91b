"""Session 2 exercises: the organizational assessment and SWOT."""
from __future__ import annotations

from ...checking.registry import exercise, takeaway
from ...data.synthetic import hospitals
from ...organization import assess
from ...organization.swot import QUADRANTS
from ._common import explains

#: The SWOT sorting exercise's answer key (internal: strengths/weaknesses; external: opportunities/threats).
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
#: The sessions of the day that teach a next step (one option per session).
SESSIONS_TAUGHT = sorted({v.split(" (")[0] for v in assess.SESSION_FOR_AREA.values()})


@exercise("s2.weakest_area", session="2", kind="choice",
          prompt="In the worked example (Lakeside Health), which pledge area has the lowest self-assessment score?",
          options=list(assess.AREAS),
          pattern='answer = table["column"].idxmin()   # the row label with the smallest value',
          hints=["example.scores() has one row per area; look for the smallest value in its 'score' column.",
                 'weakest = example.scores()["score"].idxmin()'])
def _s2_weakest():
    return assess.example().scores()["score"].idxmin()


@exercise("s2.peer_continuing", session="2", kind="number", percent=False, unit="percent", tolerance=0.5,
          prompt="What percentage of hospitals in the 2015 benchmark panel offer continuing education on cultural "
                 "competence? Give a whole percent (e.g. 35).",
          pattern='answer = 100 * panel["column"].mean()',
          hints=['The column of panel is continuing_cultural_education (True/False); its mean is a share — '
                 "multiply by 100.",
                 'peer_continuing = 100 * panel["continuing_cultural_education"].mean()'])
def _s2_peer():
    return 100 * hospitals(edition="2015")["continuing_cultural_education"].mean()


@exercise("s2.swot_sort", session="2", kind="classification",
          prompt="Sort each statement into strengths, weaknesses, opportunities or threats.",
          items=list(SWOT_SORT), categories=list(QUADRANTS),
          pattern='sorted_statements = {"text of a statement": "strengths", "text of another": "threats"}',
          hints=["First decide: internal (strength/weakness) or external (opportunity/threat)?",
                 "Helpful internal = strength; harmful internal = weakness; helpful external = opportunity; "
                 "harmful external = threat."])
def _s2_sort():
    return dict(SWOT_SORT)


@exercise("s2.first_step_session", session="2", kind="choice",
          prompt="Lakeside Health's first-priority next step is taught in which session of the day?",
          options=SESSIONS_TAUGHT,
          pattern='answer = table.iloc[0]["column"]   # the first row\'s value',
          hints=["steps is ranked; read the 'taught_in' column of priority 1 (the first row).",
                 'first_session = steps.iloc[0]["taught_in"]'])
def _s2_first_step():
    taught = assess.example().next_steps().iloc[0]["taught_in"]
    return next(s for s in SESSIONS_TAUGHT if taught.startswith(s))


@exercise("s2.need_to_succeed", session="2", kind="reflection",
          prompt="What does your organization most need to succeed on the pledge, and who must be involved?")
def _s2_reflection():
    return None


takeaway("s2.takeaway.assessment", session="2", prompt="Take-away: your self-assessment",
         section="assessments", key="self_assessment",
         describe=lambda v: f"{len(v.get('answers', {}))} of {len(assess.QUESTIONS)} statements rated")
takeaway("s2.takeaway.swot", session="2", prompt="Take-away: your SWOT", section="swots", key="organization",
         describe=lambda v: ", ".join(f"{len(v['items'].get(q, []))} {q}" for q in QUADRANTS))
takeaway("s2.takeaway.next_steps", session="2", prompt="Take-away: your ranked next steps",
         section="takeaways", key="session2")


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("s2.weakest_area")
def _why_weakest():
    scores = assess.example().scores()["score"].sort_values()
    low, nxt, top = scores.index[0], scores.index[1], scores.index[-1]
    return (f"An area's score is the mean stage of its statements (Not started = 0 … Sustaining = 3); the "
            f"smallest is {low} ({scores[low]:.2f}), then {nxt} ({scores[nxt]:.2f}).",
            f"{top} ({scores[top]:.2f}) — the highest score, idxmax in place of idxmin; or {nxt} "
            f"({scores[nxt]:.2f}), the next lowest, read from the radar chart by eye rather than from the scores.")


@explains("s2.peer_continuing")
def _why_peer():
    h = hospitals(edition="2015")
    cont, orient = h["continuing_cultural_education"].mean(), h["orientation_cultural_education"].mean()
    return (f"continuing_cultural_education is True/False for each of the panel's {len(h):,} hospitals; its mean "
            f"is {cont:.4f}, × 100 = {100 * cont:.1f}, about {100 * cont:.0f}%.",
            f"{100 * orient:.0f} — the orientation column (hospitals that educate all clinical staff at "
            f"orientation), not continuing education; or {cont:.2f}, a share where a whole percent is asked.")


@explains("s2.swot_sort")
def _why_swot():
    by = {q: [k for k, v in SWOT_SORT.items() if v == q] for q in QUADRANTS}
    external_harm = by.get("threats", [])
    return ("First internal or external (does the organization control it?), then helpful or harmful: "
            + "; ".join(f"{q}: {len(items)}" for q, items in by.items()) + " statements.",
            (f"Filing “{external_harm[0]}” as a weakness: it is outside the organization's control, so it is a "
             "threat; a weakness is internal." if external_harm else "Mixing internal and external items."))


@explains("s2.first_step_session")
def _why_first_step():
    steps = assess.example().next_steps()
    first = steps.iloc[0]
    other = steps[~steps["area"].eq(first["area"])].iloc[0]
    return (f"next_steps() ranks the statements by their area's score (weakest area first), then by the gap to "
            f"Sustaining; priority 1 is in {first['area']}, taught in {first['taught_in']}.",
            f"{other['taught_in'].split(' —')[0]} — the session of {other['area']}, whose statement has as large a "
            f"gap ({int(other['gap'])}) but whose area scores higher, so it comes at priority {int(other['priority'])}.")


@explains("s2.need_to_succeed")
def _why_need():
    return ("Not graded: saved when it has enough words. Listen for a named need (data, a sponsor, protected "
            "time) and the people who own it — the ranked next steps above point to the session that teaches each.",
            "A wish without an owner (“more resources”): ask who must be involved and what they would decide.")
