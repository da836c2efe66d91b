"""Session 2 exercises: the organizational assessment and SWOT."""
from __future__ import annotations

from ...checking.registry import exercise
from ...data.synthetic import hospitals
from ...organization import assess


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


@exercise("s2.swot_sort", session="2", kind="classification",
          prompt="Sort each statement into strengths, weaknesses, opportunities or threats.",
          hints=["First decide: internal (strength/weakness) or external (opportunity/threat)?",
                 "Helpful internal = strength; harmful internal = weakness; helpful external = opportunity; "
                 "harmful external = threat."])
def _s2_sort():
    return dict(SWOT_SORT)


@exercise("s2.weakest_area", session="2", kind="choice",
          prompt="In the worked example (Lakeside Health), which pledge area has the lowest self-assessment score?",
          options=list(assess.AREAS),
          hints=["example.scores() has one row per area; look for the smallest 'score'."])
def _s2_weakest():
    return assess.example().scores()["score"].idxmin()


@exercise("s2.peer_continuing", session="2", kind="number", percent=False, tolerance=0.5,
          prompt="What percentage of hospitals in the 2015 benchmark panel offer continuing education on cultural "
                 "competence?",
          hints=["The column is continuing_cultural_education; its mean is a share — multiply by 100."])
def _s2_peer():
    return 100 * hospitals(edition="2015")["continuing_cultural_education"].mean()


@exercise("s2.first_step_session", session="2", kind="choice",
          prompt="Lakeside Health's first-priority next step is taught in which session of the day?",
          options=sorted(set(assess.SESSION_FOR_AREA.values())),
          hints=["example.next_steps() is ranked; read the 'taught_in' column of priority 1."])
def _s2_first_step():
    return assess.example().next_steps().iloc[0]["taught_in"]


@exercise("s2.need_to_succeed", session="2", kind="reflection",
          prompt="What does your organization most need to succeed on the pledge, and who must be involved?")
def _s2_reflection():
    return None
