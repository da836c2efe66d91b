"""Show an exercise's question as the bank states it: the prompt, then its options or the items to sort.

The notebooks call ``el.ask("<id>")`` above the answer cell, so the question a learner reads is
the bank's prompt verbatim — never a second copy typed into the notebook. It shows as text in
the printed handout and as HTML in Jupyter.

Example
-------
>>> from equitylab.checking.registry import exercise
>>> @exercise("doc.ask", session="demo", kind="choice", prompt="Pick one.", options=["red", "blue"])
... def _():
...     return "red"
>>> print(ask("doc.ask"))
Pick one.
  a) red
  b) blue
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from .registry import get_exercise

__all__ = ["ask", "Question"]


@dataclass
class Question:
    """An exercise's prompt with its options (choice) or items (classification)."""

    id: str
    prompt: str
    options: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [self.prompt]
        lines += [f"  {chr(97 + i)}) {o}" for i, o in enumerate(self.options)]
        if self.items:
            lines.append("Categories: " + "; ".join(self.categories))
            lines += [f"  - {it}" for it in self.items]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        body = f"<p><b>Question.</b> {html.escape(self.prompt)}</p>"
        if self.options:
            body += "<ol type='a'>" + "".join(f"<li>{html.escape(o)}</li>" for o in self.options) + "</ol>"
        if self.items:
            body += (f"<p>Categories: {html.escape('; '.join(self.categories))}</p><ul>"
                     + "".join(f"<li>{html.escape(i)}</li>" for i in self.items) + "</ul>")
        return f"<div class='equitylab-question' style='border-left:4px solid #0072B2;padding:4px 10px'>{body}</div>"


def ask(exercise_id: str) -> Question:
    """The question of an exercise, as registered in the bank.

    For a sorting (classification) exercise the items are listed in alphabetical order and the
    categories in theirs, so the order gives nothing away.
    """
    ex = get_exercise(exercise_id)
    items, cats = [], []
    if ex.kind == "classification" and ex.expected:
        key = ex.expected()
        items, cats = sorted(key), sorted(set(key.values()))
    return Question(ex.id, ex.prompt, list(ex.options or []), items, cats)
