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
from ..report.dashboard import NO_GAP
from ..report.widgets import friendly_widget, live_region
from ._merge import Synced, save_from_form
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
            out.append("This is the worked example, not your goal: write yours in the plan's form (\"Start from the "
                       "worked example\" copies it in for you to change) — or, in code, edit its fields and set "
                       "worked_example=False. A worked example is never saved to your plan.")
        if NO_GAP in str(self.goal):
            out.append(f"The goal names no group ({NO_GAP!r} where a group should be): on this measure no group "
                       f"does worse than the reference — choose a measure with a gap, or write for whom it will close.")
        elif _MISSING_WORD.search(str(self.goal)):
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


class ActionPlan(Synced):
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

    _section = "plans"

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
        return (f"<div class='equitylab-plan'><h3>{html.escape(self.title or self.kind)}</h3>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    _repr_html_ = to_html

    def __repr__(self) -> str:
        """Plain text (a terminal, ``print(plan)``): the goals, numbered as :meth:`remove` takes them."""
        smart = sum(not g.problems() for g in self.goals)
        lines = [f"{self.title or self.kind}: {len(self.goals)} goal(s), {smart} SMART"]
        lines += [f"  {i}. {g.goal} [{'SMART' if not g.problems() else 'draft'}]" for i, g in enumerate(self.goals, 1)]
        return "\n".join(lines)

    @property
    def _key(self) -> str:
        return self.kind

    def form(self, example: "SmartGoal | ActionPlan | None" = None):
        """A form for this plan's goals, instead of typing ``SmartGoal(...)``: saved and checked as you type.

        One editor per saved goal, a blank one to start (for the Blueprint for Action, one per level
        without a goal) and an "Add another goal" button. Every field is labelled; under each goal a
        live region (announced by screen readers) says whether it is SMART and, if not, why it needs
        work. A goal left exactly as the worked example, or emptied, is not in the plan.

        Parameters
        ----------
        example : SmartGoal or ActionPlan, optional
            The worked example: each editor gets a "Start from the worked example" button (for a
            plan of examples, the one at the editor's level).

        Examples
        --------
        >>> form = ActionPlan("D&I Action Plan", autosave=False).form()
        >>> form.editors[0].fields["goal"].description
        'Goal: what changes, for whom'
        """
        return goal_form(self, example)

    def to_dict(self) -> dict:
        return {"title": self.title, "goals": [g.to_dict() for g in self.goals]}

    def _take(self, data: dict) -> None:
        self.title = data.get("title", "")
        self.goals = [_goal_from(g) for g in data.get("goals", []) if isinstance(g, dict)]

    @classmethod
    def load(cls, kind: str = "D&I Action Plan") -> "ActionPlan":
        plan = cls(kind, autosave=True)
        data = workspace.get("plans", kind)
        plan._take(data or {})
        plan._loaded(data)
        return plan


_GOAL_FIELDS = tuple(SmartGoal.__dataclass_fields__)


def _goal_from(saved: dict) -> SmartGoal:
    """A saved goal (its fields only; a field a newer version added is left out)."""
    return SmartGoal(**{k: v for k, v in saved.items() if k in _GOAL_FIELDS})


# --- the form (Sessions 3-5 and the Closing) ----------------------------------------------------------
_LABEL_WIDTH = "19em"
_DIRECTIONS = {"Not stated": None, "Higher is better": True, "Lower is better": False}
_LEVEL_NAMES = {"patient": "Patient level", "organization": "Organization level", "community": "Community level"}


def _number(text: str):
    """A typed number ("0.72", "72%" stays text and is named by the goal's check); empty is None."""
    text = str(text).strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _direction(value) -> str:
    return next(k for k, v in _DIRECTIONS.items() if v is (None if value is None else bool(value)))


def _text(value) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


class _GoalEditor:
    """One goal's fields in a form; it keeps the plan's goal in step with them."""

    def __init__(self, plan: "ActionPlan", goal: SmartGoal | None, number: int, example: SmartGoal | None,
                 level: str = ""):
        import ipywidgets as w

        self.plan, self.example, self.saved_text = plan, example, goal.goal if goal else None
        self.filling = False
        goal = goal or SmartGoal(level=level)
        style, wide = {"description_width": _LABEL_WIDTH}, w.Layout(width="100%", max_width="860px")
        narrow = w.Layout(width="100%", max_width="560px")

        def text(label, value, placeholder="", area=False):
            cls = w.Textarea if area else w.Text
            return cls(value=value, description=label, placeholder=placeholder, style=style, layout=wide,
                       continuous_update=True)

        def menu(label, options, value):
            return w.Dropdown(options=options, value=value, description=label, style=style, layout=narrow)

        self.fields = {}
        if plan.kind == "Blueprint for Action":
            self.fields["level"] = menu("Level of the goal", [(_LEVEL_NAMES[v], v) for v in GOAL_LEVELS],
                                        goal.level if goal.level in GOAL_LEVELS else GOAL_LEVELS[0])
        self.fields.update({
            "goal": text("Goal: what changes, for whom", goal.goal, "e.g. Close the HbA1c gap for … patients",
                         area=True),
            "measure": text("Measure: how it is measured", goal.measure),
            "baseline": text("Baseline: the measure now", _text(goal.baseline), "a number, e.g. 0.72"),
            "target": text("Target: the value to reach", _text(goal.target), "a number, e.g. 0.9"),
            "higher_is_better": menu("Direction of the measure", list(_DIRECTIONS), _direction(goal.higher_is_better)),
            "target_date": text("Target date (YYYY-MM-DD)", _text(goal.target_date), "e.g. 2027-06-30"),
            "owner": text("Owner: who is accountable", goal.owner, "a person or role"),
            "area": menu("Pledge area", [("Choose a pledge area", "")] + [(a, a) for a in AREAS],
                         goal.area if goal.area in AREAS else ""),
            "actions": text("Steps, one per line", "\n".join(goal.actions),
                            "e.g. 2026 Q2: registration script (Patient access) — a step, its owner and date", area=True),
        })
        self.feedback = live_region(self._feedback_html())
        for field in self.fields.values():
            field.observe(self._changed, names="value")
        self.number = number
        self.heading = w.HTML(self._heading(goal))
        parts = [self.heading]
        if example is not None:
            start = w.Button(description="Start from the worked example", icon="copy",
                             tooltip="Fill the fields with the worked example, then make it yours")
            start.on_click(lambda _: self.fill(example))
            parts.append(start)
        self.box = w.VBox(parts + list(self.fields.values()) + [self.feedback],
                          layout=w.Layout(border="1px solid #5f6b78", padding="6px 10px", margin="6px 0"))

    def _heading(self, goal: SmartGoal) -> str:
        where = f" — {_LEVEL_NAMES[goal.level].lower()}" if goal.level in _LEVEL_NAMES else ""
        return f"<h4 style='margin:10px 0 4px'>Goal {self.number}{where}</h4>"

    def goal(self) -> SmartGoal:
        f = {k: v.value for k, v in self.fields.items()}
        return SmartGoal(goal=" ".join(f["goal"].split()), measure=f["measure"].strip(),
                         baseline=_number(f["baseline"]), target=_number(f["target"]),
                         target_date=f["target_date"].strip() or None, owner=f["owner"].strip(), area=f["area"],
                         higher_is_better=_DIRECTIONS[f["higher_is_better"]], level=f.get("level", ""),
                         actions=[" ".join(a.split()) for a in f["actions"].splitlines() if a.strip()])

    def fill(self, goal: SmartGoal) -> None:
        """Put a goal's values in the fields (each change saves, as typing does)."""
        values = {"goal": goal.goal, "measure": goal.measure, "baseline": _text(goal.baseline),
                  "target": _text(goal.target), "higher_is_better": _direction(goal.higher_is_better),
                  "target_date": _text(goal.target_date), "owner": goal.owner,
                  "area": goal.area if goal.area in AREAS else "", "actions": "\n".join(goal.actions)}
        self.filling = True
        try:
            for k, v in values.items():
                self.fields[k].value = v
        finally:
            self.filling = False
        self._changed()

    def _is_example(self, goal: SmartGoal) -> bool:
        if self.example is None:
            return False
        mine, example = goal.to_dict(), SmartGoal(**{**self.example.to_dict(), "worked_example": False}).to_dict()
        return all(mine[k] == example[k] for k in mine if k != "level")

    def _empty(self, goal: SmartGoal) -> bool:
        return not any((goal.goal, goal.measure, goal.owner, goal.area, goal.actions, goal.target_date)) \
            and goal.baseline is None and goal.target is None

    def _changed(self, _change=None) -> None:
        if self.filling:
            return
        goal = self.goal()
        goals = self.plan.goals
        here = [i for i, g in enumerate(goals) if self.saved_text is not None and g.goal == self.saved_text]
        if self._is_example(goal) or self._empty(goal):       # the worked example as it is, or nothing: not saved
            if here:
                del goals[here[0]]
            self.saved_text = None
        else:
            same = [i for i, g in enumerate(goals) if g.goal == goal.goal and i not in here]
            for i in sorted(same, reverse=True):   # another goal with this text is this one now
                del goals[i]
                here = [j - (j > i) for j in here]
            if here:
                goals[here[0]] = goal
            else:
                goals.append(goal)
            self.saved_text = goal.goal
        self.feedback.html = save_from_form(self.plan) + self._feedback_html()
        self.heading.value = self._heading(goal)

    def _feedback_html(self) -> str:
        goal = self.goal()
        if self._empty(goal):
            return Feedback("not attempted", "fill in the fields; each change is saved as you type.").html(None)
        if self._is_example(goal):
            return Feedback("not attempted", "this is still the worked example: change it for the gap you chose "
                                             "(a worked example is never saved to your plan).").html(None)
        issues = self.plan._issues(goal)
        if not issues:
            return Feedback("saved", "saved; this goal is specific, measurable, linked to the pledge, time-bound "
                                     "and owned.").html(None, title="SMART")
        things = "thing" if len(issues) == 1 else "things"
        return Feedback("incorrect", f"saved as a draft, with {len(issues)} {things} to fix before it is SMART:",
                        details=issues).html(None, title="Needs work")


def goal_form(plan: "ActionPlan", example: "SmartGoal | ActionPlan | None" = None):
    """A form for a plan's goals: one editor per saved goal, a blank one to start (one per level for the
    Blueprint), and a button for another. See :meth:`ActionPlan.form`."""
    import ipywidgets as w

    examples = example.goals if isinstance(example, ActionPlan) else [example] if example is not None else []
    editors: list[_GoalEditor] = []

    def example_for(level):
        fits = [g for g in examples if g.level == level] or examples
        return fits[0] if fits else None

    starts = [(g, g.level) for g in plan.goals]
    if plan.kind == "Blueprint for Action":
        starts += [(None, lv) for lv in GOAL_LEVELS if lv not in {g.level for g in plan.goals}]
    elif not plan.goals:
        starts.append((None, ""))
    for goal, level in starts:
        editors.append(_GoalEditor(plan, goal, len(editors) + 1, example_for(level), level))
    column = w.VBox([e.box for e in editors])
    more = w.Button(description="Add another goal", icon="plus")

    def add_one(_):
        editors.append(_GoalEditor(plan, None, len(editors) + 1, None))
        column.children = column.children + (editors[-1].box,)

    more.on_click(add_one)
    head = w.HTML(f"<h3 style='margin:6px 0'>{html.escape(plan.title or plan.kind)}</h3><p style='margin:0;line-height:1.4'>"
                  "Each change is saved to your workspace as you type; the box under each goal says what it still "
                  "needs to be SMART. Clear a goal's fields to take it out of the plan.</p>")
    form = w.VBox([head, column, more])
    form.editors = editors
    return friendly_widget(form, f"{plan.kind} form — live in JupyterLab (fill in the fields; each change is saved "
                                 f"and checked as you type). In the printed handout, see the example above.")
