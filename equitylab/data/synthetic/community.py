"""Synthetic population of Lakeside Health's service area."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import standards as S
from ._common import _LANG_BY_RACE, _label

__all__ = ['community', 'partners', 'AGE_BANDS', 'NEEDS']

_AGE_BANDS = ["0–17", "18–44", "45–64", "65+"]
_COMMUNITY_RACE_P = {S.WHITE: 0.55, S.BLACK: 0.17, S.HISPANIC: 0.16, S.ASIAN: 0.06, S.MENA: 0.02,
                     S.AIAN: 0.007, S.NHPI: 0.003, S.MULTIPLE: 0.03}


def community(seed: int = 0) -> pd.DataFrame:
    """Population of Lakeside Health's service area (synthetic), by race/ethnicity, language and age band.

    Aggregated counts (one row per race/ethnicity × preferred language × age band) for
    about 880,000 residents: the denominator for "does our leadership reflect the
    community we serve?".

    Notes
    -----
    Built-in pattern (faculty notes): about 53% of residents are White and 47% are not
    (55% before children under 18 of every other group are over-represented by a factor
    of 1.4); Spanish, Vietnamese, Haitian Creole, Arabic and Russian are the five largest
    non-English languages.

    Examples
    --------
    >>> from equitylab.datasets import community
    >>> pop = community()
    >>> int(pop["population"].sum()) > 800_000
    True
    """
    rng = np.random.default_rng(seed)
    total = 850_000
    age_p = np.array([0.22, 0.36, 0.26, 0.16])
    rows = []
    for race, p in _COMMUNITY_RACE_P.items():
        langs = _LANG_BY_RACE.get(race, [])
        lang_p = {"English": 1.0 - sum(q for _, q in langs)}
        lang_p.update({l: q for l, q in langs})
        for lang, q in lang_p.items():
            for band, a in zip(_AGE_BANDS, age_p):
                expected = total * p * q * a * (1.4 if band == "0–17" and race != S.WHITE else 1.0)
                rows.append((race, lang, band, int(rng.poisson(expected))))
    df = pd.DataFrame(rows, columns=["race_ethnicity", "language", "age_band", "population"])
    df["race_ethnicity"] = pd.Categorical(df["race_ethnicity"], categories=list(S.SPD15_2024) + [S.MULTIPLE])
    df["age_band"] = pd.Categorical(df["age_band"], categories=_AGE_BANDS, ordered=True)
    return _label(df, "community")


AGE_BANDS = tuple(_AGE_BANDS)


# Lakeside's community partners (fictional organizations; synthetic): one row per partner.
_PARTNERS = [
    ("Riverside Community Health Center", "Community health centre", "Chronic disease care (diabetes)",
     "English; Spanish", 2016, True),
    ("Lakeside Regional Food Bank", "Food bank", "Food insecurity", "English; Spanish", 2019, True),
    ("Harbor Housing Partnership", "Housing agency", "Housing instability", "English", 2021, False),
    ("Saigon Family Services", "Community-based organization", "Language access and navigation",
     "Vietnamese; English", 2018, False),
    ("Crescent Community Center", "Community-based organization", "Language access and navigation",
     "Arabic; Somali; English", 2020, False),
    ("Eastbrook Interfaith Council", "Faith community", "Food insecurity", "English; Russian; Polish", 2017,
     False),
    ("County Transit Access Program", "Public agency", "Transportation", "English; Spanish", 2022, True),
    ("Safe Homes Alliance", "Community-based organization", "Interpersonal safety", "English; Spanish", 2015, False),
]
#: The social needs a partner may address: the five core domains of the CMS Accountable Health
#: Communities screening tool plus language access and chronic disease care.
NEEDS = ("Housing instability", "Food insecurity", "Transportation", "Utility difficulties",
         "Interpersonal safety", "Language access and navigation", "Chronic disease care (diabetes)")


def partners() -> pd.DataFrame:
    """Community partners of the fictional Lakeside Health system (synthetic): who they are and what they address.

    One row per partner organization (all invented): ``partner``, ``kind``, ``need``
    (the social need it addresses), ``languages`` (languages its services are offered in,
    separated by "; "), ``since`` (year the partnership began) and ``shares_data``
    (whether it exchanges data with Lakeside).

    Notes
    -----
    Built-in pattern (faculty notes): the partners cover food, housing, transportation,
    interpersonal safety, diabetes care and services in Spanish, Vietnamese, Arabic, Somali
    and Russian — but no partner offers Haitian Creole, one of the five largest
    non-English languages of the service area (:func:`community`), and none addresses
    utility difficulties.

    Examples
    --------
    >>> from equitylab.datasets import partners
    >>> len(partners())
    8
    """
    df = pd.DataFrame(_PARTNERS, columns=["partner", "kind", "need", "languages", "since", "shares_data"])
    df["need"] = pd.Categorical(df["need"], categories=list(NEEDS))
    return _label(df, "partners")
