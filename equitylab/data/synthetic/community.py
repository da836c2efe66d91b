"""Synthetic population of Lakeside Health's service area."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import standards as S
from ._common import _LANG_BY_RACE, _label

__all__ = ['community', 'AGE_BANDS']

_AGE_BANDS = ["0–17", "18–44", "45–64", "65+"]
_COMMUNITY_RACE_P = {S.WHITE: 0.55, S.BLACK: 0.17, S.HISPANIC: 0.16, S.ASIAN: 0.06, S.MENA: 0.02,
                     S.AIAN: 0.007, S.NHPI: 0.003, S.MULTIPLE: 0.03}


def community(seed: int = 0) -> pd.DataFrame:
    """Population of Lakeside Health's service area (synthetic), by race/ethnicity, language and age band.

    Aggregated counts (one row per race/ethnicity × preferred language × age band) for
    about 850,000 residents: the denominator for "does our leadership reflect the
    community we serve?".

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
