"""The National CLAS Standards as a self-check (Session 5).

The 15 National Standards for Culturally and Linguistically Appropriate Services in Health and
Health Care (HHS Office of Minority Health, 2013), in their three themes plus the Principal
Standard, each rated on a four-step scale used by a published CLAS organizational checklist:
Not yet addressed → Planning begun → Practiced but not formalized → Formal policies with oversight.
The wording below is a short paraphrase of each standard; read the standards themselves
(thinkculturalhealth.hhs.gov) before acting on one.

Example
-------
>>> from equitylab.clas import SelfCheck
>>> c = SelfCheck(autosave=False)
>>> c.rate(5, "Formal policies with oversight")
>>> int(c.scores().loc["Communication and Language Assistance", "rated"])
1
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..checking import workspace
from ..checking.feedback import InputError
from ..report.widgets import choice, friendly_widget, live_region
from ._merge import Synced, save_from_form
from ._scale import scale_index

__all__ = ["STANDARDS", "SCALE", "THEMES", "SelfCheck", "standards"]

SCALE = ("Not yet addressed", "Planning begun", "Practiced but not formalized", "Formal policies with oversight")
SOURCE = ("National Standards for Culturally and Linguistically Appropriate Services in Health and Health Care "
          "(National CLAS Standards), HHS Office of Minority Health, 2013")

#: number -> (theme, short paraphrase)
STANDARDS = {
    1: ("Principal Standard", "Effective, equitable, understandable and respectful care responsive to cultural "
        "beliefs, preferred languages, health literacy and other communication needs"),
    2: ("Governance, Leadership and Workforce", "Leadership advances CLAS and health equity through policy, "
        "practices and resources"),
    3: ("Governance, Leadership and Workforce", "Governance, leadership and workforce responsive to the population "
        "served"),
    4: ("Governance, Leadership and Workforce", "Ongoing education and training in CLAS for governance, leadership "
        "and workforce"),
    5: ("Communication and Language Assistance", "Language assistance offered at no cost, timely, at all points of "
        "contact"),
    6: ("Communication and Language Assistance", "People told clearly, verbally and in writing, in their preferred "
        "language, that language assistance is available"),
    7: ("Communication and Language Assistance", "Competent language assistance; the use of untrained individuals "
        "and/or minors as interpreters should be avoided"),
    8: ("Communication and Language Assistance", "Easy-to-understand print and multimedia materials and signage in "
        "the languages commonly used in the service area"),
    9: ("Engagement, Continuous Improvement and Accountability", "CLAS goals, policies and management "
        "accountability"),
    10: ("Engagement, Continuous Improvement and Accountability", "Ongoing assessments of CLAS activities"),
    11: ("Engagement, Continuous Improvement and Accountability", "Accurate, reliable demographic data to monitor "
         "the impact of CLAS on health equity and outcomes"),
    12: ("Engagement, Continuous Improvement and Accountability", "Regular assessments of community health assets "
         "and needs"),
    13: ("Engagement, Continuous Improvement and Accountability", "Partnership with the community"),
    14: ("Engagement, Continuous Improvement and Accountability", "Culturally and linguistically appropriate "
         "conflict and grievance processes"),
    15: ("Engagement, Continuous Improvement and Accountability", "Progress communicated to all stakeholders"),
}
THEMES = tuple(dict.fromkeys(theme for theme, _ in STANDARDS.values()))


def standards() -> pd.DataFrame:
    """The 15 standards: ``standard``, ``theme``, ``text`` (a short paraphrase)."""
    return pd.DataFrame([(k, t, x) for k, (t, x) in STANDARDS.items()], columns=["standard", "theme", "text"])


def _step(value) -> int:
    return scale_index(value, SCALE, what="a step of the scale")


class SelfCheck(Synced):
    """A CLAS self-check; saved to the workspace (``assessments["clas"]``).

    Building one writes nothing to disk: :meth:`load` (the notebooks' entry point) returns the
    participant's saved self-check, which saves itself after every rating; :meth:`save` saves
    explicitly. ``autosave=True`` saves after every change.
    """

    _section, _key = "assessments", "clas"

    def __init__(self, autosave: bool = False):
        self.autosave = autosave
        self.ratings: dict[int, int] = {}

    def rate(self, standard: int, step=None) -> None:
        """Rate standard 1–15 on :data:`SCALE`: the step's name (or the start of it, "planning") or 0–3.

        A standard or step that cannot be used raises :class:`~equitylab.checking.feedback.InputError`
        (a ``ValueError``; in a notebook, one line saying what to change).
        """
        number = int(standard.strip()) if isinstance(standard, str) and standard.strip().isdigit() else standard
        if isinstance(number, bool) or number not in STANDARDS:
            raise InputError(f"standard={standard!r}: the National CLAS Standards are numbered 1 to 15 — give one "
                             f"of those numbers (the list: el.clas.standards()).")
        if step is None:
            raise InputError(f"give the step too, e.g. .rate({int(number)}, \"Planning begun\") — or its number "
                             f"0–3 (0 = \"{SCALE[0]}\", 3 = \"{SCALE[3]}\").")
        self.ratings[int(number)] = _step(step)
        if self.autosave:
            self.save()

    def __repr__(self) -> str:
        rated = len(self.ratings)
        return (f"CLAS self-check: {rated} of {len(STANDARDS)} standards rated. Rate one with .rate(standard, step) — "
                f"step 0–3 or its name: " + ", ".join(f"{i} = {s}" for i, s in enumerate(SCALE)) + ".")

    def _take(self, data: dict) -> None:
        self.ratings = self.from_dict(data).ratings

    def form(self):
        """A form instead of ``.rate(...)`` calls: one radio group per standard, saved on every choice.

        Keyboard: Tab reaches a standard, arrow keys choose a step; a screen reader reads the standard,
        the step and whether it is chosen. A live region below says how many are rated and the lowest
        theme so far. ``.groups`` maps standard numbers to their groups.

        Examples
        --------
        >>> form = SelfCheck(autosave=False).form()
        >>> form.groups[5].options[1]
        'Planning begun'
        """
        return clas_form(self)

    def to_dict(self) -> dict:
        return {"ratings": {str(k): SCALE[v] for k, v in sorted(self.ratings.items())}}

    @classmethod
    def from_dict(cls, data: dict | None, autosave: bool = False) -> "SelfCheck":
        c = cls(autosave=autosave)
        c.ratings = {int(k): _step(v) for k, v in (data or {}).get("ratings", {}).items() if int(k) in STANDARDS}
        return c

    @classmethod
    def load(cls) -> "SelfCheck":
        data = workspace.get("assessments", "clas")
        c = cls.from_dict(data, autosave=True)
        c._loaded(data)
        return c

    def table(self) -> pd.DataFrame:
        """Every standard with its rating (``not rated`` where none is given)."""
        t = standards()
        t["rating"] = [SCALE[self.ratings[k]] if k in self.ratings else "not rated" for k in t["standard"]]
        return t

    def scores(self) -> pd.DataFrame:
        """Per theme: mean step (0–3), standards rated, standards in the theme."""
        rows = []
        for theme in THEMES:
            nums = [k for k, (t, _) in STANDARDS.items() if t == theme]
            got = [self.ratings[k] for k in nums if k in self.ratings]
            rows.append((theme, float(np.mean(got)) if got else np.nan, len(got), len(nums)))
        return pd.DataFrame(rows, columns=["theme", "score", "rated", "standards"]).set_index("theme")

    def gaps(self) -> pd.DataFrame:
        """Rated standards not yet at "Formal policies with oversight", lowest first."""
        t = self.table()
        t = t[t["standard"].isin(self.ratings)]
        t["step"] = [self.ratings[k] for k in t["standard"]]
        return t[t["step"] < 3].sort_values(["step", "standard"]).drop(columns="step").reset_index(drop=True)


def clas_form(check: "SelfCheck"):
    """A form for the CLAS self-check: one radio group per standard, saved on every choice. See
    :meth:`SelfCheck.form`."""
    import ipywidgets as w

    summary = live_region(_clas_summary(check))
    rows, groups = [], {}
    for theme in THEMES:
        rows.append(w.HTML(f"<h4 style='margin:8px 0 2px'>{html.escape(theme)}</h4>"))
        for number, (t, text) in STANDARDS.items():
            if t != theme:
                continue
            current = SCALE[check.ratings[number]] if number in check.ratings else None
            group = choice(f"Standard {number}. {text}", SCALE, current)

            def on_change(change, number=number):
                if change["new"] is not None:   # saved on every choice, whatever the object's default
                    check.ratings[number] = _step(change["new"])
                    summary.html = save_from_form(check) or _clas_summary(check)

            group.observe(on_change, names="value")
            groups[number] = group
            rows.append(group)
    form = w.VBox(rows + [summary])
    form.groups, form.summary = groups, summary
    return friendly_widget(form, "CLAS self-check form — live in JupyterLab (choose a step for each standard; it saves "
                                 "on every choice). The printed handout lists the 15 standards above.")


def _clas_summary(check: "SelfCheck") -> str:
    rated = len(check.ratings)
    text = f"<b>{rated} of {len(STANDARDS)} standards rated</b>"
    if rated:
        scores = check.scores().dropna(subset=["score"])
        low = scores["score"].idxmin()
        text += f"; lowest theme so far: {html.escape(low)} (mean step {scores.loc[low, 'score']:.1f} of 3)."
    return f"<div style='margin:6px 0'>{text}</div>"
