"""Show an exercise's question as the learner should read it: the bank's prompt, verbatim.

``el.ask("s2.swot_sort")`` in a notebook cell displays the prompt with its options (a
choice), its items and categories (a sorting exercise) or a one-line pattern to adapt (a
code exercise), and how to answer. It has an HTML form (JupyterLab, the handout site) and a
plain-text form (any other front end), so the question is visible wherever the notebook is
read — and there is only one copy of it, in the exercise bank.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from .checkers import numbered_options, short_categories
from .registry import Exercise, get_exercise

__all__ = ["ask", "Question"]

_HOW = {
    "number": "Give one number.",
    "dataframe": "Give a table (a DataFrame).",
    "choice": "Answer with one option: its letter, its number counted from 1, or its text.",
    "numbered choice": "Answer with one option: its letter or its text. The options contain numbers, so a bare "
                       "number means the number written in an option, not its place in the list.",
    "classification": "Give a dict: each item's number (counted from 1) or its text → its category, e.g. "
                      "{1: \"<category>\", 2: \"<category>\", ...}. A category may be shortened to {short}.",
    "reflection": "Write two or three sentences between triple quotes. Reflections are saved, not graded.",
}


@dataclass
class Question:
    """An exercise's question, for display (returned by :func:`ask`)."""

    exercise: Exercise

    @property
    def categories(self) -> list[str]:
        ex = self.exercise
        if ex.categories:
            return list(ex.categories)
        if ex.kind == "classification" and ex.expected is not None:
            return list(dict.fromkeys(ex.expected().values()))
        return []

    def how(self) -> str:
        """How to answer this kind of exercise."""
        ex = self.exercise
        if ex.kind == "choice" and numbered_options(ex.options):
            return _HOW["numbered choice"]
        if ex.kind == "classification":
            return _HOW["classification"].replace("{short}", ", ".join(short_categories(self.categories)))
        return _HOW[ex.kind]

    def lines(self) -> list[str]:
        """The question as plain-text lines."""
        ex = self.exercise
        out = [f"Exercise {ex.id} — {ex.prompt}"]
        for i, option in enumerate(ex.options or []):
            out.append(f"  {chr(97 + i)}) {option}")
        if ex.items:
            out.append("Items to sort:")
            out += [f"  {i}. {item}" for i, item in enumerate(ex.items, 1)]
            out.append("Categories: " + ", ".join(f'"{c}"' for c in self.categories))
        out.append(self.how())
        if ex.pattern:
            out.append(f"Pattern to adapt: {ex.pattern}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    __repr__ = __str__

    def _repr_html_(self) -> str:
        ex = self.exercise
        e = html.escape
        parts = [f"<p style='margin:0 0 4px'><b>Exercise <code>{e(ex.id)}</code></b> — {e(ex.prompt)}</p>"]
        if ex.options:
            parts.append("<ol type='a' style='margin:2px 0 4px 18px'>"
                         + "".join(f"<li>{e(o)}</li>" for o in ex.options) + "</ol>")
        if ex.items:
            parts.append("<div>Items to sort:</div><ol style='margin:2px 0 4px 18px'>"
                         + "".join(f"<li>{e(i)}</li>" for i in ex.items) + "</ol>"
                         + "<div>Categories: " + ", ".join(f"<code>\"{e(c)}\"</code>" for c in self.categories)
                         + "</div>")
        parts.append(f"<div style='color:#444'>{e(self.how())}</div>")
        if ex.pattern:
            parts.append(f"<div style='color:#444'>Pattern to adapt: <code>{e(ex.pattern)}</code></div>")
        return ("<div class='equitylab-question' style='border-left:6px solid #0072B2;background:#f4f8fc;"
                "padding:8px 12px;margin:6px 0;border-radius:4px;color:#222'>" + "".join(parts) + "</div>")


def ask(exercise_id: str) -> Question:
    """The question of an exercise, displayed from the bank (prompt, options or items, how to answer).

    Parameters
    ----------
    exercise_id : str
        The exercise, e.g. ``"s2.swot_sort"`` (see :func:`equitylab.exercises`).

    Returns
    -------
    Question
        Shows as a box in Jupyter (HTML) and as text elsewhere.

    Examples
    --------
    >>> import equitylab as el
    >>> print(el.ask("demo.why_suppress"))  # doctest: +ELLIPSIS
    Exercise demo.why_suppress — Why does Equity Lab hide rates for groups with counts from 1 to 10?
      a) ...
    """
    return Question(get_exercise(exercise_id))
