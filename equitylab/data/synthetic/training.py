"""Synthetic cultural competence training records of Lakeside Health staff."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import _label
from .workforce import _LEVELS, _WORK_DEPTS, workforce

__all__ = ['training', 'MODULES', 'SETTINGS']

_MODULES = ["Why equity is a quality issue", "Working with interpreters",
            "Collecting REaL data respectfully", "Implicit bias in clinical decisions"]


def training(seed: int = 0) -> pd.DataFrame:
    """Cultural competence training records of Lakeside Health staff (synthetic).

    One row per person and assigned module (managers, clinicians and staff in the
    workforce roster who were in post at the end of 2025): the setting (orientation for
    people hired in 2025, continuing education for everyone else), completion, pre- and
    post-test knowledge score (0–100) and confidence rating (1–5) before and after.

    Notes
    -----
    Built-in patterns (faculty notes): completion is lowest in the Emergency department (drawn
    with a probability of 0.50, against 0.62 in Environmental services and 0.84 elsewhere: with
    about 2,000 assignments each, their intervals do not overlap); knowledge rises by about 14 points on average; the
    interpreter module raises confidence the most; "Collecting REaL data respectfully"
    is assigned only to Patient access (registration) and Nursing. Scores are recorded
    before and after for the same person (a paired design) and there is no comparison
    group of untrained staff.

    Examples
    --------
    >>> from equitylab.datasets import training
    >>> tr = training()
    >>> set(tr["completed"].unique()) == {True, False}
    True
    """
    rng = np.random.default_rng(seed)
    wf = workforce(seed)
    wf = wf[wf["active"] & wf["role_level"].isin(["Manager", "Clinician", "Staff"])]
    parts = []
    for module in _MODULES:
        staff = wf
        if module == "Collecting REaL data respectfully":
            staff = wf[wf["department"].isin(["Patient access", "Nursing"])]
        k = len(staff)
        dept = staff["department"].astype(str).to_numpy()
        p_complete = np.select([dept == "Emergency", dept == "Environmental services"], [0.50, 0.62], 0.84)
        completed = rng.random(k) < p_complete
        pre = np.clip(np.round(rng.normal(61, 12, k)), 0, 100)
        post = np.where(completed, np.clip(np.round(pre + rng.normal(14, 8, k)), 0, 100), np.nan)
        conf_pre = np.clip(np.round(rng.normal(2.8, 0.8, k)), 1, 5)
        gain = 1.0 if module == "Working with interpreters" else 0.5
        conf_post = np.where(completed, np.clip(np.round(conf_pre + rng.normal(gain, 0.6, k)), 1, 5), np.nan)
        assigned = np.datetime64("2025-01-15") + rng.integers(0, 200, k).astype("timedelta64[D]")
        done = np.where(completed, assigned + rng.integers(3, 90, k).astype("timedelta64[D]"), np.datetime64("NaT"))
        parts.append(pd.DataFrame({
            "staff_id": staff["staff_id"].to_numpy(),
            "role_level": staff["role_level"].to_numpy(),
            "department": staff["department"].to_numpy(),
            "module": module,
            "setting": np.where(staff["hired_2025"].to_numpy(), "Orientation", "Continuing education"),
            "assigned_date": assigned.astype("datetime64[ns]"),
            "completed": completed,
            "completion_date": done.astype("datetime64[ns]"),
            "pre_score": pre,
            "post_score": post,
            "confidence_pre": conf_pre,
            "confidence_post": conf_post,
        }))
    df = pd.concat(parts, ignore_index=True)
    df["module"] = pd.Categorical(df["module"], categories=_MODULES)
    df["setting"] = pd.Categorical(df["setting"], categories=list(SETTINGS))
    df["role_level"] = pd.Categorical(df["role_level"], categories=_LEVELS, ordered=True)
    df["department"] = pd.Categorical(df["department"], categories=_WORK_DEPTS)
    return _label(df, "training")


MODULES = tuple(_MODULES)
SETTINGS = ("Orientation", "Continuing education")
