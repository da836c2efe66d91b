"""Synthetic staff roster of the fictional Lakeside Health system, board to front line."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import standards as S
from ._common import _label, _pick

__all__ = ['workforce', 'LEVELS', 'WORK_DEPARTMENTS']

_LEVELS = ["Board", "Executive", "Senior leader", "Manager", "Clinician", "Staff"]
_LEVEL_SIZE = [15, 12, 60, 380, 2400, 2600]
# Share of each level who identify with a category other than White only (synthetic):
# the pipeline narrows towards the top.
_LEVEL_MINORITY = [0.13, 0.08, 0.15, 0.24, 0.36, 0.52]
_WORK_DEPTS = ["Emergency", "Medicine", "Surgery", "Primary care", "Patient access", "Nursing",
               "Administration", "Environmental services"]
_MINORITY_MIX = {S.BLACK: 0.40, S.HISPANIC: 0.33, S.ASIAN: 0.16, S.MENA: 0.03, S.AIAN: 0.02,
                 S.NHPI: 0.01, S.MULTIPLE: 0.05}


def workforce(seed: int = 0) -> pd.DataFrame:
    """Staff roster of the fictional Lakeside Health system (synthetic), board to front line.

    One row per person who worked at Lakeside from 2016 to 2025, with role level, race/
    ethnicity (self-identified, standard categories), sex, hire date, promotions and exit.

    Notes
    -----
    Built-in pattern (faculty notes): the share of people who are not White narrows up
    the pipeline — about half of staff, a third of clinicians, a quarter of managers and
    fewer than one in six senior leaders, executives and board members — and, among
    managers and clinicians, people of colour are promoted less often and leave more
    often. Compare with :func:`community` to ask whether leadership reflects the
    community served.

    Examples
    --------
    >>> from equitylab.datasets import workforce
    >>> wf = workforce()
    >>> int(wf["role_level"].value_counts()["Board"])
    15
    """
    rng = np.random.default_rng(seed)
    level = np.repeat(np.arange(len(_LEVELS)), _LEVEL_SIZE)
    n = len(level)
    minority = rng.random(n) < np.asarray(_LEVEL_MINORITY)[level]
    mix = list(_MINORITY_MIX)
    race = np.where(minority, np.asarray(mix)[_pick(rng, n, mix, list(_MINORITY_MIX.values()))], S.WHITE)
    female_p = np.array([0.4, 0.35, 0.5, 0.7, 0.72, 0.66])[level]
    sex = np.where(rng.random(n) < female_p, "Female", "Male")
    years = rng.uniform(0, 20, n)
    hire = np.datetime64("2025-12-31") - (years * 365.25).astype("timedelta64[D]")
    promo_rate = np.array([0.0, 0.02, 0.05, 0.08, 0.07, 0.05])[level] * np.where(minority & (level >= 3), 0.6, 1.0)
    promotions = rng.poisson(promo_rate * np.minimum(years, 10))
    exit_rate = np.array([0.05, 0.08, 0.08, 0.09, 0.10, 0.14])[level] * np.where(minority & (level >= 3) & (level <= 4), 1.4, 1.0)
    exit_years = rng.exponential(1 / exit_rate)
    exited = exit_years < np.minimum(years, 9.0)
    exit_date = np.where(exited, np.datetime64("2025-12-31") - ((years - exit_years).clip(0) * 365.25).astype("timedelta64[D]"),
                         np.datetime64("NaT"))
    dept = np.where(level <= 2, "Administration", np.asarray(_WORK_DEPTS)[rng.integers(0, len(_WORK_DEPTS), n)])
    df = pd.DataFrame({
        "staff_id": np.arange(1, n + 1) + 50_000,
        "role_level": pd.Categorical.from_codes(level, categories=_LEVELS, ordered=True),
        "department": pd.Categorical(dept, categories=_WORK_DEPTS),
        "race_ethnicity": pd.Categorical(race, categories=list(S.SPD15_2024) + [S.MULTIPLE]),
        "sex": pd.Categorical(sex, categories=["Female", "Male"]),
        "hire_date": hire.astype("datetime64[ns]"),
        "promotions": promotions.astype(np.int16),
        "exit_date": exit_date.astype("datetime64[ns]"),
    })
    df["active"] = df["exit_date"].isna()
    return _label(df, "workforce")


LEVELS, WORK_DEPARTMENTS = tuple(_LEVELS), tuple(_WORK_DEPTS)
