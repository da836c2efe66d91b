"""Feedback on an exercise: a friendly HTML box in Jupyter, plain text elsewhere.

``Feedback.status`` is one of ``correct``, ``close``, ``incorrect``, ``not attempted``, or
``not checked`` (no judgement was made: an unknown exercise, an answer that cannot be read,
or an exercise whose own answer key failed), or ``saved`` (a reflection: kept, never graded,
counted as done); the text form starts with the status ("Correct — …", "Saved — …",
"Not attempted — …").
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["Feedback", "STATUSES", "DONE", "InputError"]

STATUSES = ("correct", "close", "incorrect", "not attempted", "not checked", "saved")
#: Statuses that count an exercise as done in :func:`equitylab.progress`.
DONE = ("correct", "saved")
#: status -> (background, border, text colour, icon). The border is the Okabe-Ito colour; the status
#: word's colour is a darker shade of it with at least 4.5:1 contrast on the background (WCAG 2.1 AA,
#: checked in tests/test_forms.py): 5.8 (correct, saved), 5.5 (close, incorrect), 6.6 (not attempted, not checked).
_STYLE = {
    "correct": ("#e7f5ee", "#009E73", "#006B4E", "✔"),
    "close": ("#fff6e0", "#E69F00", "#8A5A00", "≈"),
    "incorrect": ("#fdecea", "#D55E00", "#A63F00", "✘"),
    "not attempted": ("#eef3f8", "#0072B2", "#005A8C", "…"),
    "not checked": ("#f2f2f2", "#555555", "#555555", "?"),
    "saved": ("#e7f5ee", "#009E73", "#006B4E", "✎"),
}


class InputError(ValueError):
    """Something a learner typed into a notebook tool that cannot be used (a rating off the scale, a standard
    that does not exist). A ``ValueError`` for programs; in IPython/Jupyter it shows as one line saying what
    to change — no traceback (IPython's ``_render_traceback_`` hook).
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31mNot saved\x1b[0m — {self}"]


@dataclass
class Feedback:
    """The result of :func:`equitylab.check`.

    Attributes
    ----------
    status : str
        ``"correct"``, ``"close"``, ``"incorrect"``, ``"not attempted"``, ``"not checked"`` or
        ``"saved"`` (a reflection).
    message : str
        What was checked and what to do next.
    hint : str
        A hint (more specific on repeated tries), empty when not needed.
    exercise : str
        The exercise id.
    attempts : int
        How many answers have been checked for this exercise, this one included.
    """

    status: str
    message: str
    hint: str = ""
    exercise: str = ""
    attempts: int = 0
    details: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def done(self) -> bool:
        """Correct, or a reflection saved."""
        return self.status in DONE

    def __str__(self) -> str:
        text = f"{self.status.capitalize()} — {self.message}"
        if self.details:
            text += "\n" + "\n".join(f"  • {d}" for d in self.details)
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return self.html()

    def html(self, role: str | None = "status", title: str | None = None) -> str:
        """The feedback box as HTML; ``role=None`` inside a live region that already announces it;
        ``title`` in place of the status word (a goal that "Needs work")."""
        bg, border, fg, icon = _STYLE[self.status]
        details = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
        hint = f"<div style='margin-top:4px'><b>Hint:</b> {html.escape(self.hint)}</div>" if self.hint else ""
        ex = f"<span style='float:right;color:#555;font-size:85%'>{html.escape(self.exercise)}</span>" \
            if self.exercise else ""
        role = f" role='{role}'" if role else ""
        return (f"<div class='equitylab-feedback equitylab-{self.status.replace(' ', '-')}'{role} "
                f"style='background:{bg};border-left:6px solid {border};padding:8px 12px;margin:6px 0;"
                f"border-radius:4px;color:#222'>{ex}<b style='color:{fg}'>{icon} "
                f"{html.escape(title or self.status.capitalize())}</b> — {html.escape(self.message)}"
                f"{'<ul style=margin:4px 0>' + details + '</ul>' if details else ''}{hint}</div>")
