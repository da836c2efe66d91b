"""Session 2 exercises: the organizational assessment and SWOT."""
from __future__ import annotations

from ...checking.registry import exercise, takeaway
from ...data.synthetic import hospitals
from ...organization import assess
from ...organization.swot import QUADRANTS

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
