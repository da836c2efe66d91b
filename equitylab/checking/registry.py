"""The exercise registry: each exercise declared once, with the function that computes its answer.

Session content (``equitylab.course.bank``) registers its exercises here with
:func:`exercise`; the engine (:mod:`equitylab.checking.engine`) looks them up. The
registry imports nothing above the checking layer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

__all__ = ["exercise", "get_exercise", "exercises", "Exercise", "KINDS"]

KINDS = ("number", "dataframe", "choice", "classification", "reflection")


@dataclass
class Exercise:
    """One exercise: where it is, what it asks, how it is checked."""

    id: str
    session: str
    kind: str
    prompt: str
    expected: Callable[[], Any] | None = None
    hints: list[str] = field(default_factory=list)
    tolerance: float = 0.005
    options: list[str] | None = None
    columns: list[str] | None = None   # dataframe: key columns first, then value columns
    keys: list[str] | None = None
    min_words: int = 12
    percent: bool = True               # number: a proportion that may be given as a percent
    explanation: str = ""


_REGISTRY: dict[str, Exercise] = {}


def exercise(id: str, *, session: str, kind: str, prompt: str, hints=(), tolerance: float = 0.005,
             options=None, columns=None, keys=None, min_words: int = 12, percent: bool = True,
             explanation: str = ""):
    """Register an exercise. Used as a decorator on the function that computes the expected answer.

    Examples
    --------
    >>> @exercise("doc.example", session="demo", kind="number", prompt="What is 6 x 7?", percent=False)
    ... def _():
    ...     return 42
    >>> get_exercise("doc.example").expected()
    42
    """
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r}: use one of {KINDS}.")

    def register(fn):
        _REGISTRY[id] = Exercise(id=id, session=session, kind=kind, prompt=prompt, expected=fn,
                                 hints=list(hints), tolerance=tolerance, options=list(options) if options else None,
                                 columns=list(columns) if columns else None, keys=list(keys) if keys else None,
                                 min_words=min_words, percent=percent, explanation=explanation)
        return fn

    return register


def get_exercise(exercise_id: str) -> Exercise:
    if exercise_id not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise ValueError(f"No exercise {exercise_id!r}. Known exercises: {known}.")
    return _REGISTRY[exercise_id]


def exercises(session: str | None = None) -> pd.DataFrame:
    """All exercises as a table: ``id``, ``session``, ``kind``, ``prompt``.

    Examples
    --------
    >>> import equitylab as el
    >>> list(el.exercises().columns)
    ['id', 'session', 'kind', 'prompt']
    """
    rows = [(e.id, e.session, e.kind, e.prompt) for e in _REGISTRY.values()
            if not e.id.startswith("doc.") and (session is None or e.session == session)]
    return pd.DataFrame(rows, columns=["id", "session", "kind", "prompt"])

