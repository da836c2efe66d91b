"""Reading a rating on an ordered scale (the self-assessment's stages, the CLAS self-check's steps)."""
from __future__ import annotations

import numpy as np

from ..checking.feedback import InputError


def scale_index(value, scale, *, what: str) -> int:
    """The position of ``value`` on ``scale``: a whole number 0…len−1 (also as text, "2"), the step's name
    (any case), or the start of a name or a whole word of it that fits one step only ("planning", "formal").

    Examples
    --------
    >>> scale_index("planning", ("Not started", "Planning begun"), what="a stage")
    1
    >>> scale_index("2", ("a", "b", "c"), what="a step")
    2
    """
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and 0 <= value < len(scale):
        return int(value)
    if isinstance(value, str) and value.strip():
        text = " ".join(value.lower().split())
        names = [s.lower() for s in scale]
        for test in (lambda n: n == text, lambda n: n.startswith(text), lambda n: text in n.split()):
            found = [i for i, n in enumerate(names) if test(n)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                break
    raise InputError(f"{value!r} is not {what}: use one of {tuple(scale)}, or its number 0–{len(scale) - 1} "
                     f"(0 = {scale[0]!r}).")
