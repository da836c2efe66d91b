"""Facts about the #123forEquity pledge and the training symposium, with their sources (one place).

Sources: the symposium pages in shared/seeds (seed 002: 2017 San Diego symposium; seed 000:
2019 Glen Allen symposium) and shared/reference/frameworks.md.
"""
from __future__ import annotations

#: The pledge's three goals as the 2017 symposium lists them (seed 002).
GOALS_2017 = (
    "Increasing the collection and use of race, ethnicity, language preference data and other social-economic data",
    "Increasing cultural competency training",
    "Increasing diversity in leadership and governance",
)
#: The fourth key area added in the 2019 symposium description (seed 000).
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
