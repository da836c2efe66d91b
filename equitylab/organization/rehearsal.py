"""A synthetic room of participants' exported workspaces, for faculty to rehearse the room view."""
from __future__ import annotations

import numpy as np

from .assess import QUESTIONS, STAGES

__all__ = ["room"]

_ROOM_ITEMS = {
    "strengths": ["CEO signed the #123forEquity pledge and talks about it", "Registration script in place at clinics",
                  "Interpreter services available 24/7 by video", "Orientation covers cultural and linguistic factors",
                  "Board chair champions equity", "Strong partnership with a community health centre"],
    "weaknesses": ["ED leaves race/ethnicity blank or unknown for many visits", "EHR stores only one race per patient",
                   "No quality measure is stratified by language yet", "Board does not reflect the community",
                   "Training completion is low in the ED", "No budget line for equity analytics"],
    "opportunities": ["State Medicaid program pays for equity reporting", "CMS health equity measures",
                      "Community partners want to share data", "Local business coalition interested in health equity",
                      "Grant funding for community health workers"],
    "threats": ["Staffing shortages crowd out training", "Patients mistrust why we ask about race",
                "Competition for diverse leaders in our labour market", "Short-term grants end before results show",
                "Vendor upgrade to the EHR delayed two years"],
}


def room(n: int = 12, seed: int = 0) -> list[dict]:
    """Exported workspaces of a fictional room of participants (synthetic), for the faculty view.

    Each item has the structure of a file written by ``equitylab export``: a participant
    name, SWOT items and a self-assessment. Use it to rehearse the faculty part of Session 2
    before the room's real exports arrive.

    Examples
    --------
    >>> from equitylab.datasets import room
    >>> len(room(n=5))
    5
    """
    rng = np.random.default_rng(seed)
    out = []
    for i in range(1, n + 1):
        items = {q: [str(x) for x in rng.choice(v, size=int(rng.integers(1, 4)), replace=False)]
                 for q, v in _ROOM_ITEMS.items()}
        answers = {q.id: STAGES[int(rng.choice(4, p=[0.25, 0.35, 0.3, 0.1]))] for q in QUESTIONS}
        out.append({"format": "equitylab-workspace", "version": 1, "participant": f"Participant {i:02d} (synthetic)",
                    "synthetic": True, "answers": {}, "plans": {}, "takeaways": {},
                    "swots": {"organization": {"area": None, "title": "", "items": items}},
                    "assessments": {"self_assessment": {"organization": "", "answers": answers, "profile": {}}}})
    return out
