"""Facts about the #123forEquity pledge and the training symposium, with their sources (one place).

Sources, by title (see :data:`SOURCES`): *#123forEquity Training Symposiums* (San Diego, 27 July
2017) and *Equity of Care Training* (Glen Allen, VA, 17 January 2019).
"""
from __future__ import annotations

__all__ = ["AREAS", "GOALS_2017", "GOALS_2019", "COMMUNITY_GOAL", "SOURCES", "goal_of"]

#: The pledge's areas as short names, in the order of the pledge's goals (one place for the whole library:
#: the self-assessment, SWOT prompts and action plans all use these).
AREAS = ("REaL data", "Cultural competence", "Leadership diversity", "Community partnerships")

#: The pledge's three key areas as the 2017 symposium materials list them.
GOALS_2017 = (
    "Increasing the collection and use of race, ethnicity, language preference data and other social-economic data",
    "Increasing cultural competency training",
    "Increasing diversity in leadership and governance",
)
#: The fourth key area: the 2017 symposium materials list three areas, the 2019 ones four. The
#: materials do not say when or by whom it was added.
COMMUNITY_GOAL = "Improve and strengthen community partnerships"
GOALS_2019 = GOALS_2017 + (COMMUNITY_GOAL,)

SOURCES = {
    "seed 002": "#123forEquity Training Symposiums — San Diego, 27 July 2017 (Institute for Diversity in Health "
                "Management and the Disparities Solutions Center)",
    "seed 000": "Equity of Care Training — Glen Allen, VA, 17 January 2019 (Institute for Diversity and Health "
                "Equity and the Disparities Solutions Center)",
    "seed 001": "Disparities Solutions Center, The Leadership in Equity Project (MGH)",
    "seed 003": "A. Tan-McGrory, Creating a Movement: Achieving Equity in Quality, Equity of Care blog, 23 March 2015",
}


def goal_of(area: str) -> str:
    """The pledge goal (2019 wording) an area short name stands for.

    Examples
    --------
    >>> goal_of("Cultural competence")
    'Increasing cultural competency training'
    """
    if area not in AREAS:
        raise ValueError(f"{area!r} is not a pledge area; use one of {', '.join(AREAS)}.")
    return GOALS_2019[AREAS.index(area)]
