"""Synthetic staff roster of the fictional Lakeside Health system, board to front line, for 2025."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import standards as S
from ._common import _label, _pick

__all__ = ['workforce', 'LEVELS', 'WORK_DEPARTMENTS', 'LEVEL_SIZE', 'LEVEL_MINORITY']

_LEVELS = ["Board", "Executive", "Senior leader", "Manager", "Clinician", "Staff"]
# People in post at the end of 2025, by level (the board has 15 seats).
_LEVEL_SIZE = [15, 12, 60, 380, 2400, 2600]
# Of them, how many identify with a category other than White (exact counts, synthetic):
# 2 of 15 board members, 1 of 12 executives, 9 of 60 senior leaders, 91 of 380 managers,
# 864 of 2,400 clinicians and 1,352 of 2,600 staff — the pipeline narrows towards the top.
_LEVEL_MINORITY_N = [2, 1, 9, 91, 864, 1352]
_WORK_DEPTS = ["Emergency", "Medicine", "Surgery", "Primary care", "Patient access", "Nursing",
               "Administration", "Environmental services"]
_MINORITY_MIX = {S.BLACK: 0.40, S.HISPANIC: 0.33, S.ASIAN: 0.16, S.MENA: 0.03, S.AIAN: 0.02,
                 S.NHPI: 0.01, S.MULTIPLE: 0.05}
# 2025 rates by level (Board … Staff). Promotion and exit apply to the year; the factors below
# make minority managers and clinicians promoted less often and leave more often (synthetic).
_PROMOTE = np.array([0.0, 0.0, 0.05, 0.08, 0.07, 0.05])
_EXIT = np.array([0.0, 0.06, 0.07, 0.09, 0.10, 0.14])
_HIRE = np.array([0.0, 0.08, 0.08, 0.10, 0.11, 0.15])
_GAP_LEVELS = (3, 4)            # Manager, Clinician
_PROMOTE_FACTOR, _EXIT_FACTOR = 0.55, 1.5


def workforce(seed: int = 0) -> pd.DataFrame:
    """Staff roster of the fictional Lakeside Health system (synthetic), board to front line, for 2025.

    One row per person who held a post at Lakeside at any time in 2025: everyone in post at
    the end of the year plus everyone who left during it. ``role_level`` is the level held in
    2025 (a person promoted during 2025 is counted at the level they were promoted from);
    ``hired_2025``, ``promoted_2025`` and ``exited_2025`` are the year's pipeline events.

    Notes
    -----
    Built-in patterns (faculty notes):

    1. **The pipeline narrows.** Among people in post at the end of 2025 (``active``), the
       share who are not White is exactly 52% of staff (1,352 of 2,600), 36% of clinicians
       (864 of 2,400), about 24% of managers (91 of 380), 15% of senior leaders (9 of 60),
       1 of 12 executives and 2 of the 15 board members — under one in six at every level
       from senior leader up. The service area (:func:`community`) is about 47% not White.
    2. **Promotion and exit gaps.** Among managers and clinicians, people who are not White
       are promoted less often and leave more often (drawn with a promotion factor of 0.55
       and an exit factor of 1.5). In the default data, 2.4% of minority clinicians were
       promoted in 2025 against 6.7% of White clinicians, and 13.8% left against 10.3%. The
       managers are too few for the data to show it: their promotion rates are suppressed and
       their exit difference (11.7% against 7.7%) has an interval that includes zero. At the
       other levels the rates do not depend on race/ethnicity.
    3. **Small numbers at the top.** The board (15) and executives (12) are too small for
       any rate to be shown under the CMS cell-size rule, and their intervals are wide.

    Examples
    --------
    >>> from equitylab.datasets import workforce
    >>> wf = workforce()
    >>> int(wf.loc[wf["active"], "role_level"].value_counts()["Board"])
    15
    """
    rng = np.random.default_rng(seed)
    level = np.repeat(np.arange(len(_LEVELS)), _LEVEL_SIZE)
    minority = np.zeros(len(level), dtype=bool)
    start = 0
    for size, k in zip(_LEVEL_SIZE, _LEVEL_MINORITY_N):  # exact counts, people placed at random
        minority[start + rng.choice(size, size=k, replace=False)] = True
        start += size
    # people who left during 2025, drawn so that the exit share matches the level's rate
    exit_p = _EXIT[level] * np.where(minority & np.isin(level, _GAP_LEVELS), _EXIT_FACTOR, 1.0)
    n_left = rng.poisson(exit_p / (1 - exit_p))
    leaver_level = np.repeat(level, n_left)
    leaver_minority = np.repeat(minority, n_left)
    level = np.concatenate([level, leaver_level])
    minority = np.concatenate([minority, leaver_minority])
    exited = np.concatenate([np.zeros(len(n_left), bool), np.ones(len(leaver_level), bool)])
    n = len(level)
    mix = list(_MINORITY_MIX)
    race = np.where(minority, np.asarray(mix)[_pick(rng, n, mix, list(_MINORITY_MIX.values()))], S.WHITE)
    female_p = np.array([0.4, 0.35, 0.5, 0.7, 0.72, 0.66])[level]
    sex = np.where(rng.random(n) < female_p, "Female", "Male")
    hired = rng.random(n) < _HIRE[level]
    years = np.where(hired, rng.uniform(0, 1, n), rng.uniform(1, 20, n))
    hire = np.datetime64("2025-12-31") - (years * 365.25).astype("timedelta64[D]")
    promote_p = _PROMOTE[level] * np.where(minority & np.isin(level, _GAP_LEVELS), _PROMOTE_FACTOR, 1.0)
    promoted = (rng.random(n) < promote_p) & ~exited
    promotions = rng.poisson((_PROMOTE[level] * np.minimum(years, 10)).clip(0)) + promoted
    exit_days = (rng.uniform(0, 1, n) * np.minimum(years, 1) * 365).astype("timedelta64[D]")
    exit_date = np.where(exited, np.datetime64("2025-12-31") - exit_days, np.datetime64("NaT"))
    dept = np.where(level <= 2, "Administration", np.asarray(_WORK_DEPTS)[rng.integers(0, len(_WORK_DEPTS), n)])
    order = rng.permutation(n)
    df = pd.DataFrame({
        "role_level": pd.Categorical.from_codes(level, categories=_LEVELS, ordered=True),
        "department": pd.Categorical(dept, categories=_WORK_DEPTS),
        "race_ethnicity": pd.Categorical(race, categories=list(S.SPD15_2024) + [S.MULTIPLE]),
        "sex": pd.Categorical(sex, categories=["Female", "Male"]),
        "hire_date": hire.astype("datetime64[ns]"),
        "promotions": promotions.astype(np.int16),
        "exit_date": exit_date.astype("datetime64[ns]"),
        "hired_2025": hired,
        "promoted_2025": promoted,
        "exited_2025": exited,
    }).iloc[order].reset_index(drop=True)
    df.insert(0, "staff_id", np.arange(1, n + 1) + 50_000)
    df["active"] = df["exit_date"].isna()
    return _label(df, "workforce")


LEVELS, WORK_DEPARTMENTS = tuple(_LEVELS), tuple(_WORK_DEPTS)
LEVEL_SIZE = dict(zip(_LEVELS, _LEVEL_SIZE))
LEVEL_MINORITY = dict(zip(_LEVELS, _LEVEL_MINORITY_N))
