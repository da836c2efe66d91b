"""SMART goals and action plans: the D&I Action Plan and the Blueprint for Action.

A SMART goal is Specific, Measurable (a measure with a baseline and a target), Achievable,
Relevant (a pledge area) and Time-bound (a target date), with an owner.
:meth:`SmartGoal.problems` gives friendly validation ("no baseline", "target date in the
past").

Example
-------
>>> from equitylab.plan import SmartGoal
>>> g = SmartGoal(goal="Raise complete race/ethnicity data in the ED", measure="Share of ED registrations with a valid race/ethnicity",
...               baseline=0.72, target=0.90, target_date="2020-01-01", owner="Director of Patient Access", area="REaL data")
>>> g.problems()
['The target date 2020-01-01 is in the past: choose a date ahead.']
"""
from __future__ import annotations

import datetime as _dt
import html
import re
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ..checking import workspace
from ..checking.feedback import Feedback
from .pledge import AREAS

__all__ = ["SmartGoal", "ActionPlan", "PLAN_KINDS", "GOAL_LEVELS", "AREAS"]

PLAN_KINDS = ("D&I Action Plan", "Blueprint for Action", "Equity Dashboard goal", "Cultural Competence Training Plan")
#: The levels of a Blueprint goal (the Health Equity Guide's patient, organizational and community levels).
GOAL_LEVELS = ("patient", "organization", "community")
#: Other spellings of a level that mean the same (any case).
_LEVEL_FORMS = {"patients": "patient", "organisation": "organization", "organizational": "organization",
                "organisational": "organization", "communities": "community"}


#: A stand-in word where a group's name should be: what formatting a missing value into the goal gives.
_MISSING_WORD = re.compile(r"(?<![\w'])(None|nan|NaN|<NA>|NaT)(?![\w'])")


def _finite(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)) \
        and bool(np.isfinite(value))


def _date(value) -> _dt.date | None:
    if value in (None, "", ...):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"target_date={value!r} is not a date: write it as YYYY-MM-DD, e.g. '2027-06-30'.") from None


def _number_problems(baseline: float, target: float, higher_is_better: bool | None) -> list[str]:
    """Baseline and target: the same units, different values, the right direction."""
    small, large = sorted((abs(baseline), abs(target)))
    if 0 < small < 1 and large >= 1 and large / small >= 20:   # 0.574 and 85: a proportion and a percent
        return [f"The baseline ({baseline:g}) and target ({target:g}) look like different units — one a proportion "
                f"(0–1), the other a percent (0–100)? Write both the same way."]
    if baseline == target:
        return ["The target equals the baseline: what should change?"]
    if higher_is_better is not None and (target > baseline) != bool(higher_is_better):
        return ["The target moves the measure in the wrong direction."]
    return []


@dataclass
class SmartGoal:
    """One SMART goal.

    Parameters
    ----------
    goal : str
        What will change, for whom (specific).
    measure : str
        How it is measured.
    baseline, target : float
        The measure now and the value to reach.
    target_date : str or date
        When (YYYY-MM-DD).
    owner : str
        Who is accountable.
    area : str
        The pledge area (one of :data:`AREAS`).
    higher_is_better : bool, optional
        Direction of the measure; when given, a target that is not an improvement is flagged.
    actions : list of str, optional
        Intermediate steps, each with its owner and date where possible.
    level : str, optional
        For the Blueprint for Action: "patient", "organization" or "community".
    worked_example : bool, default False
        True for a notebook's worked example: :meth:`problems` asks the learner to make it their own
        and :meth:`ActionPlan.add` does not save it, so a worked example never becomes a take-away.
    """

    goal: str = ""
    measure: str = ""
    baseline: float | None = None
    target: float | None = None
    target_date: str | None = None
    owner: str = ""
    area: str = ""
    higher_is_better: bool | None = None
    actions: list[str] = field(default_factory=list)
    level: str = ""
    worked_example: bool = False

    def __post_init__(self):
        if isinstance(self.level, str):   # "Patient", "organisation", "organizational" -> a GOAL_LEVELS name
            level = " ".join(self.level.lower().split())
            self.level = _LEVEL_FORMS.get(level, level)

    def problems(self, today: _dt.date | None = None) -> list[str]:
        """What keeps this goal from being SMART, in plain words (empty when it is)."""
        today = today or _dt.date.today()
        out = []
        if len(str(self.goal).split()) < 4:
            out.append("Say specifically what will change and for whom (the goal is missing or very short).")
        if not str(self.measure).strip():
            out.append("No measure: say how progress will be measured.")
        if self.worked_example:
            out.append("This is the worked example, not your goal: edit its fields for the gap you chose, then set "
                       "worked_example=False (a worked example is never saved to your plan).")
        if _MISSING_WORD.search(str(self.goal)):
            out.append(f"The goal names no group ({_MISSING_WORD.search(str(self.goal)).group(0)!r} where a group "
                       f"should be): write for whom the gap will close, e.g. 'for Black or African American patients'.")
        for name in ("baseline", "target"):
            value = getattr(self, name)
            if value is None or value is Ellipsis:
                out.append("No baseline: give the measure's current value, so progress can be seen."
                           if name == "baseline" else "No target: give the value to reach.")
            elif not _finite(value):
                out.append(f"The {name} is not a number ({value!r}): give the measure's "
                           f"{'current value' if name == 'baseline' else 'value to reach'} as a number — a "
                           f"suppressed or missing rate cannot be a {name}.")
        try:
            when = _date(self.target_date)
        except ValueError as exc:
            out.append(str(exc))
            when = _dt.date.max
        if when is None:
            out.append("No target date: say when the target will be reached (YYYY-MM-DD).")
        elif when < today:
            out.append(f"The target date {when.isoformat()} is in the past: choose a date ahead.")
        if not str(self.owner).strip():
            out.append("No owner: name the person or role accountable.")
        if self.area not in AREAS:
            out.append(f"Link the goal to a pledge area: one of {', '.join(AREAS)}.")
        if self.level and self.level not in GOAL_LEVELS:
            out.append(f"level={self.level!r}: use one of {', '.join(GOAL_LEVELS)}.")
        if self.higher_is_better is not None and not isinstance(self.higher_is_better, (bool, np.bool_)):
            out.append(f"higher_is_better={self.higher_is_better!r}: write True (a higher value is better) or False.")
        elif all(_finite(v) for v in (self.baseline, self.target)):
            out += _number_problems(float(self.baseline), float(self.target), self.higher_is_better)
        return out

    def feedback(self) -> Feedback:
        issues = self.problems()
        if not issues:
            return Feedback("correct", "this goal is specific, measurable, linked to the pledge, time-bound and owned.")
        things = "thing" if len(issues) == 1 else "things"
        return Feedback("incorrect", f"{len(issues)} {things} to fix before this goal is SMART.", details=issues)

    def to_dict(self) -> dict:
        d = asdict(self)
        if isinstance(d["target_date"], (_dt.date, _dt.datetime)):
            d["target_date"] = d["target_date"].isoformat()
        return d


class ActionPlan:
    """A list of SMART goals: a D&I Action Plan or a Blueprint for Action.

    Building a plan writes nothing to disk: :meth:`load` (the notebooks' entry point) returns the
    participant's saved plan of that kind, which saves itself after every ``add``; :meth:`save`
    saves any plan explicitly. ``autosave=True`` saves after every change.

    Examples
    --------
    >>> from equitylab.plan import ActionPlan, SmartGoal
    >>> plan = ActionPlan("D&I Action Plan", autosave=False)
    >>> plan.add(SmartGoal(goal="More diverse candidates on every executive slate", measure="Slates with 2+ diverse candidates",
    ...                    baseline=0.2, target=0.8, target_date="2099-12-31", owner="CHRO", area="Leadership diversity")).status
    'correct'
    >>> len(plan.to_frame())
    1
    """

    def __init__(self, kind: str = "D&I Action Plan", title: str = "", autosave: bool = False):
        if kind not in PLAN_KINDS:
            raise ValueError(f"kind={kind!r}: use one of {PLAN_KINDS}.")
        self.kind, self.title, self.autosave = kind, title, autosave
        self.goals: list[SmartGoal] = []

    def _issues(self, goal: SmartGoal) -> list[str]:
        issues = goal.problems()
        if self.kind == "Blueprint for Action" and not goal.level:
            issues.append(f"Give the goal its level in the Blueprint: level= one of {', '.join(GOAL_LEVELS)}.")
        return issues

    def add(self, goal: SmartGoal) -> Feedback:
        """Add a goal (kept as a draft if it is not SMART yet) and return feedback on it.

        A goal with the same text replaces the earlier one, so running a cell again never adds
        it twice; :meth:`remove` takes a goal out. A worked example (``worked_example=True``) is
        not added: the feedback says so.
        """
        if not isinstance(goal, SmartGoal):
            return Feedback("incorrect", f"add() takes one goal written as el.plan.SmartGoal(goal=..., measure=..., "
                            f"baseline=..., target=..., target_date=..., owner=..., area=...), not "
                            f"{type(goal).__name__!s} — nothing was added.")
        if goal.worked_example:
            return Feedback("incorrect", "not added to your plan: this is still the worked example. Edit its fields "
                            "for the gap you chose and set worked_example=False, then run this cell again.",
                            details=goal.problems())
        same = [i for i, g in enumerate(self.goals) if g.goal == goal.goal]
        if same:
            self.goals[same[0]] = goal
        else:
            self.goals.append(goal)
        if self.autosave:
            self.save()
        issues = self._issues(goal)
        if not issues:
            return goal.feedback()
        things = "thing" if len(issues) == 1 else "things"
        return Feedback("incorrect", f"saved as a draft, with {len(issues)} {things} to fix before it is SMART: change "
                        f"the goal and run the cell again (the same goal text replaces it), or take it out with "
                        f".remove({goal.goal!r}).", details=issues)

    def remove(self, goal) -> Feedback:
        """Take a goal out of the plan: its text (as written in ``goal=``) or its number in the plan (1, 2, …)."""
        texts = [g.goal for g in self.goals]
        if isinstance(goal, (int, np.integer)) and not isinstance(goal, bool) and 1 <= goal <= len(self.goals):
            index = int(goal) - 1
        elif isinstance(goal, str) and goal.strip() in [t.strip() for t in texts]:
            index = [t.strip() for t in texts].index(goal.strip())
        else:
            listed = "; ".join(f"{i}. {t!r}" for i, t in enumerate(texts, start=1)) or "none yet"
            return Feedback("incorrect", f"no goal {goal!r} in this plan: give a goal's text or number. Goals: {listed}.")
        removed = self.goals.pop(index)
        if self.autosave:
            self.save()
        return Feedback("saved", f"removed {removed.goal!r}; {len(self.goals)} goal(s) left in the plan.")

    def to_frame(self) -> pd.DataFrame:
        cols = ["area", "goal", "measure", "baseline", "target", "target_date", "owner"]
        table = pd.DataFrame([g.to_dict() for g in self.goals], columns=cols + ["actions", "higher_is_better"])[cols]
        table["smart"] = [not g.problems() for g in self.goals]
        return table

    def to_html(self) -> str:
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in
                             (g.area, g.goal, g.measure, g.baseline, g.target, g.target_date, g.owner,
                              "✔" if not g.problems() else "needs work")) + "</tr>" for g in self.goals)
        head = "".join(f"<th>{h}</th>" for h in ("Area", "Goal", "Measure", "Baseline", "Target", "By", "Owner", "SMART"))
        return (f"<div class='equitylab-plan'><h4>{html.escape(self.title or self.kind)}</h4>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    _repr_html_ = to_html

    def __repr__(self) -> str:
        """Plain text (a terminal, ``print(plan)``): the goals, numbered as :meth:`remove` takes them."""
        smart = sum(not g.problems() for g in self.goals)
        lines = [f"{self.title or self.kind}: {len(self.goals)} goal(s), {smart} SMART"]
        lines += [f"  {i}. {g.goal} [{'SMART' if not g.problems() else 'draft'}]" for i, g in enumerate(self.goals, 1)]
        return "\n".join(lines)

    def save(self) -> None:
        workspace.update("plans", self.kind, {"title": self.title, "goals": [g.to_dict() for g in self.goals]})

    @classmethod
    def load(cls, kind: str = "D&I Action Plan") -> "ActionPlan":
        plan = cls(kind, autosave=True)
        data = workspace.get("plans", kind) or {}
        plan.title = data.get("title", "")
        plan.goals = [SmartGoal(**g) for g in data.get("goals", [])]
        return plan
