"""The exercise registry: each exercise declared once, with the function that computes its answer.

Session content (``equitylab.course.bank``) registers its exercises here with
:func:`exercise`; the engine (:mod:`equitylab.checking.engine`) looks them up. The
registry imports nothing above the checking layer.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

__all__ = ["exercise", "get_exercise", "exercises", "Exercise", "KINDS", "takeaway", "takeaways", "Takeaway"]

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
    items: list[str] | None = None     # classification: the items to sort (from the answer key)
    categories: list[str] | None = None  # classification: the categories, in the order to show them
    pattern: str = ""                  # a one-line pattern to adapt (code exercises)
    unit: str = ""                     # number with percent=False: "percent" (or points) or "" (a count)
    difference: bool = False           # number: the answer is a difference, so a sign slip is "close"
    aliases: dict[str, list[str]] = field(default_factory=dict)  # choice: option -> other forms the notebook shows

    def answer_key(self):
        """The faculty answer, computed from the data like the check, written as a learner would type it.

        A number (rounded as the prompt asks), the option's text for a choice, ``{item: category}``
        for a sorting exercise, a table for a dataframe exercise; ``None`` for a reflection.
        """
        if self.expected is None or self.kind == "reflection":
            return None
        value = self.expected()
        if self.kind == "number":
            return round(float(value), self.digits)
        if self.kind == "choice" and isinstance(value, (list, tuple, set)):
            return sorted(value)[0]
        return value

    @property
    def digits(self) -> int:
        """Decimal places a number exercise asks for (from its tolerance: 0.005 -> 2, 0.5 -> 0)."""
        digits = 0
        while self.tolerance * 10 ** digits < 0.5 - 1e-12 and digits < 6:
            digits += 1
        return digits


_REGISTRY: dict[str, Exercise] = {}


def exercise(id: str, *, session: str, kind: str, prompt: str, hints=(), tolerance: float = 0.005,
             options=None, columns=None, keys=None, min_words: int = 12, percent: bool = True,
             explanation: str = "", items=None, categories=None, pattern: str = "", unit: str = "",
             difference: bool = False, aliases=None):
    """Register an exercise. Used as a decorator on the function that computes the expected answer.

    ``options`` (choice) and ``items``/``categories`` (classification) are what the learner is
    shown with the prompt (:func:`equitylab.checking.ask.ask`); ``pattern`` is a one-line
    pattern to adapt, shown under a code exercise's prompt. ``difference=True`` marks a number
    exercise whose answer is a difference between groups (only there is a sign slip "close").
    ``aliases`` maps a choice option to other forms of it that the notebook itself shows (an
    abbreviation, a column value) or that hospital staff use for it ("ER", "housekeeping"), e.g.
    ``{"Emergency department": ["ED"]}``.

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
    aliases = {str(k): [str(a) for a in v] for k, v in (aliases or {}).items()}
    unknown = [k for k in aliases if k not in (options or [])]
    if unknown:
        raise ValueError(f"aliases for {unknown!r} in {id!r}: an alias must belong to one of the options "
                         f"{list(options or [])!r}.")

    def register(fn):
        _REGISTRY[id] = Exercise(id=id, session=session, kind=kind, prompt=prompt, expected=fn,
                                 hints=list(hints), tolerance=tolerance, options=list(options) if options else None,
                                 columns=list(columns) if columns else None, keys=list(keys) if keys else None,
                                 min_words=min_words, percent=percent, explanation=explanation,
                                 items=list(items) if items else None,
                                 categories=list(categories) if categories else None, pattern=pattern,
                                 unit=unit, difference=difference, aliases=aliases)
        return fn

    return register


def get_exercise(exercise_id: str) -> Exercise:
    if exercise_id not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise ValueError(f"No exercise {exercise_id!r}. Known exercises: {known}.")
    return _REGISTRY[exercise_id]


def exercises(session: str | None = None) -> pd.DataFrame:
    """All exercises as a table: ``id``, ``session``, ``kind``, ``prompt``, ``options``, ``items``.

    ``options`` lists a choice exercise's options, ``items`` a sorting exercise's items (empty
    otherwise). With ``EQUITYLAB_ROLE=instructor`` the table also has an ``answer`` column:
    the faculty answer key, computed from the data like the checks, written as a learner
    would type it (the number, or the option's text for a choice).

    Examples
    --------
    >>> import equitylab as el
    >>> list(el.exercises().columns)[:6]
    ['id', 'session', 'kind', 'prompt', 'options', 'items']
    """
    chosen = [e for e in _REGISTRY.values()
              if not e.id.startswith("doc.") and (session is None or e.session == str(session))]
    table = pd.DataFrame({
        "id": [e.id for e in chosen], "session": [e.session for e in chosen], "kind": [e.kind for e in chosen],
        "prompt": [e.prompt for e in chosen], "options": [list(e.options or []) for e in chosen],
        "items": [list(e.items or []) for e in chosen]})
    if os.environ.get("EQUITYLAB_ROLE", "").lower() in ("instructor", "faculty"):
        table["answer"] = [e.answer_key() for e in chosen]
    return table


@dataclass
class Takeaway:
    """A session's take-away (a SWOT, a self-assessment, a SMART goal): where it is saved in the workspace."""

    id: str
    session: str
    prompt: str
    section: str
    key: str
    describe: Callable[[Any], str] | None = None   # a short summary of what is saved, e.g. "8 items"
    done: Callable[[Any], bool] | None = None      # whether what is saved counts as done (default: anything saved)

    def is_done(self, value) -> bool:
        """Saved and, where the take-away says what "done" means, done (a Blueprint page with no part is not)."""
        if not value:
            return False
        try:
            return bool(self.done(value)) if self.done is not None else True
        except Exception:   # an oddly shaped saved value is not done, and never a traceback
            return False

    def summary(self, value) -> str:
        """The prompt, with a short summary of the saved value when there is one."""
        if not value or self.describe is None:
            return self.prompt
        try:
            return f"{self.prompt} — {self.describe(value)}"
        except Exception:  # a summary never breaks the progress view
            return self.prompt


_TAKEAWAYS: dict[str, Takeaway] = {}


def takeaway(id: str, *, session: str, prompt: str, section: str, key: str, describe=None, done=None) -> Takeaway:
    """Register a session's take-away, so :func:`equitylab.progress` lists it beside the exercises.

    Examples
    --------
    >>> takeaway("doc.swot", session="doc", prompt="Your SWOT", section="swots", key="organization").key
    'organization'
    """
    _TAKEAWAYS[id] = Takeaway(id=id, session=str(session), prompt=prompt, section=section, key=key,
                              describe=describe, done=done)
    return _TAKEAWAYS[id]


def takeaways(session: str | None = None) -> list[Takeaway]:
    """The registered take-aways (of one session, or all), in the order they were registered."""
    return [t for t in _TAKEAWAYS.values()
            if not t.id.startswith("doc.") and (session is None or t.session == str(session))]
