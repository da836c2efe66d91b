"""Reading a rating on an ordered scale (the self-assessment's stages, the CLAS self-check's steps)."""
from __future__ import annotations

import numpy as np


def scale_index(value, scale, *, what: str) -> int:
    """The position of ``value`` on ``scale``: a whole number 0…len−1, or the step's name (any case).

    Examples
    --------
    >>> scale_index("planning", ("Not started", "Planning"), what="a stage")
    1
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 0 <= value < len(scale):
        return int(value)
    if isinstance(value, str):
        for i, s in enumerate(scale):
            if value.strip().lower() == s.lower():
                return i
    raise ValueError(f"{value!r} is not {what}; use one of {tuple(scale)} (or 0–{len(scale) - 1}).")
