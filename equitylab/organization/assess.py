"""Organizational self-assessment over the #123forEquity pledge areas (Session 2).

Each statement is rated on four maturity stages — Not started → Planning → Implementing →
Sustaining. The scale is Equity Lab's own: it is *inspired by*, not a copy of, the AHA
Health Equity Transformation Assessment (HETA), whose five positions run "from exploring
to committing to transforming" (AHA Health Equity Roadmap, 2022). The HETA is a
diagnostic, not a benchmark; the benchmark here is the published survey of hospitals,
through the calibrated panel :func:`equitylab.datasets.hospitals`.

Example
-------
>>> from equitylab.assess import Assessment
>>> a = Assessment(autosave=False)
>>> a.answer("real.collect", "Sustaining")
>>> int(a.scores().loc["REaL data", "answered"])
1
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..checking import workspace
from ..checking.feedback import InputError
from ..data.benchmarks import BENCHMARK_MEANINGS, BENCHMARK_SOURCES
from ..data.synthetic import hospitals
from ..report.style import PALETTE
from ._merge import Synced, save_from_form
from .pledge import AREAS
from ._scale import scale_index

__all__ = ["Assessment", "STAGES", "QUESTIONS", "AREAS", "PRACTICES", "aggregate"]

STAGES = ("Not started", "Planning", "Implementing", "Sustaining")
#: Which session of the day teaches each area.
SESSION_FOR_AREA = {
    "REaL data": "Session 3 — Collecting, stratifying and using REaL data",
    "Cultural competence": "Session 5 — Cultural competence training",
    "Leadership diversity": "Session 4 — Diversity & inclusion action plan",
    "Community partnerships": "Session 4 — Diversity & inclusion action plan (community partnerships)",
}


@dataclass(frozen=True)
class Question:
    id: str
    area: str
    text: str
    next_step: str


QUESTIONS = (
    Question("real.collect", "REaL data",
             "We collect race/ethnicity and preferred language by self-report at every registration point.",
             "Audit completeness by registration point and train registration staff to explain why we ask."),
    Question("real.standard", "REaL data",
             "Our systems record the combined race/ethnicity question, several selections and detailed categories.",
             "Map current codes to the 2024 OMB standard and plan the system change with IT."),
    Question("real.stratify", "REaL data",
             "We stratify key quality measures (readmission, diabetes control, screening) by race, ethnicity and language.",
             "Stratify two priority measures with confidence intervals and small-cell suppression."),
    Question("real.act", "REaL data",
             "Leaders review an equity dashboard and launch improvement work on the gaps it shows.",
             "Build an Equity Performance Dashboard and choose one gap to act on with a SMART goal."),
    Question("cc.orientation", "Cultural competence",
             "All clinical staff learn about cultural and linguistic factors at orientation.",
             "Add cultural and linguistic factors to clinical orientation."),
    Question("cc.continuing", "Cultural competence",
             "We offer continuing education on cultural competence and measure what it changes.",
             "Offer continuing education and measure knowledge and confidence before and after."),
    Question("cc.language", "Cultural competence",
             "Qualified interpreters are offered at no cost at every point of contact.",
             "Check interpreter access against the National CLAS Standards 5–8."),
    Question("lead.board", "Leadership diversity",
             "Our board and executives reflect the community we serve.",
             "Compare board and executive composition with the service-area population."),
    Question("lead.pipeline", "Leadership diversity",
             "We track hiring, promotion and exits by group and sponsor diverse leaders.",
             "Measure the leadership pipeline: representation, promotion and exit rates by level."),
    Question("lead.plan", "Leadership diversity",
             "We have a diversity & inclusion action plan with measurable goals and an owner.",
             "Write a D&I action plan with SMART goals."),
    Question("comm.partners", "Community partnerships",
             "We partner with community organizations on the social needs behind our largest gaps.",
             "Map community partners to the groups and needs with the largest gaps."),
    Question("comm.voice", "Community partnerships",
             "Community members help set our equity priorities.",
             "Invite community members to review the equity dashboard and priorities."),
)
_BY_ID = {q.id: q for q in QUESTIONS}

#: The benchmark survey's own yes/no indicators a hospital can be placed on: column -> edition.
#: Each is compared only with the same one-part statement (``BENCHMARK_MEANINGS``), never with a
#: compound self-assessment statement.
PRACTICES = {
    "collects_race": "2015", "collects_ethnicity": "2015", "collects_language": "2015",
    "benchmarks_gaps_by_race": "earlier", "orientation_cultural_education": "2015",
    "continuing_cultural_education": "2015",
}
_EDITION_LABEL = {"2015": "2015 edition", "earlier": "an earlier edition"}


def _percent(name: str, value) -> float:
    """A percentage 0–100 as typed: 12, 12.5, "12%"; a proportion (0.12) or anything else is named, not saved."""
    text = value.strip().rstrip("%").strip() if isinstance(value, str) else value
    try:
        number = float(text)
    except (TypeError, ValueError):
        number = None
    if isinstance(value, (bool, np.bool_)) or number is None or number != number:
        raise InputError(f"{name}={value!r}: give a percentage as a number, e.g. {name}=12 for 12%.")
    if not 0 <= number <= 100:
        raise InputError(f"{name}={value!r} must be a percentage between 0 and 100.")
    if 0 < number < 1:
        raise InputError(f"{name}={value!r} looks like a proportion: give the percentage, e.g. "
                         f"{name}={number * 100:g} for {number:.0%}.")
    return number


def _stage(value) -> int:
    return scale_index(value, STAGES, what="a stage")


class Assessment(Synced):
    """A participant's self-assessment.

    Building one writes nothing to disk: :meth:`load` (the notebooks' entry point) returns the
    participant's saved assessment, which saves itself after every answer; :meth:`save` saves
    explicitly, and :meth:`widget` saves on every click.

    Parameters
    ----------
    organization : str, optional
    autosave : bool, default False
        Save to the participant's workspace after every change (``load()`` turns it on).
    """

    _section, _key = "assessments", "self_assessment"

    def __init__(self, organization: str = "", autosave: bool = False):
        self.organization = organization
        self.autosave = autosave
        self.answers: dict[str, int] = {}
        self.profile: dict[str, float] = {}
        self.practices: dict[str, bool] = {}

    # persistence
    def to_dict(self) -> dict:
        return {"organization": self.organization, "answers": {k: STAGES[v] for k, v in self.answers.items()},
                "profile": dict(self.profile), "practices": dict(self.practices)}

    @classmethod
    def from_dict(cls, data: dict, autosave: bool = False) -> "Assessment":
        a = cls(data.get("organization", ""), autosave=autosave)
        a.answers = {k: _stage(v) for k, v in data.get("answers", {}).items() if k in _BY_ID}
        a.profile = {k: float(v) for k, v in data.get("profile", {}).items()}
        a.practices = {k: bool(v) for k, v in data.get("practices", {}).items() if k in PRACTICES}
        return a

    @classmethod
    def load(cls) -> "Assessment":
        data = workspace.get("assessments", "self_assessment")
        a = cls.from_dict(data, autosave=True) if data else cls(autosave=True)
        a._loaded(data)
        return a

    def _take(self, data: dict) -> None:
        saved = self.from_dict(data)
        self.organization, self.answers = saved.organization, saved.answers
        self.profile, self.practices = saved.profile, saved.practices

    # answering
    def answer(self, question_id: str, stage) -> None:
        """Rate a statement: ``stage`` is a name from :data:`STAGES` or 0–3."""
        if not isinstance(question_id, str) or question_id not in _BY_ID:
            raise InputError(f"No statement {question_id!r}: use one of the ids in el.assess.QUESTIONS, e.g. "
                             f"{', '.join(repr(q.id) for q in QUESTIONS[:3])}.")
        self.answers[question_id] = _stage(stage)
        if self.autosave:
            self.save()

    def set_profile(self, *, board_minority_pct: float | None = None, exec_minority_pct: float | None = None,
                    patients_minority_pct: float | None = None) -> None:
        """Your hospital's diversity figures (percent), to place it among the benchmark panel."""
        for k, v in (("board_minority_pct", board_minority_pct), ("exec_minority_pct", exec_minority_pct),
                     ("patients_minority_pct", patients_minority_pct)):
            if v is not None:
                self.profile[k] = _percent(k, v)
        if self.autosave:
            self.save()

    def set_practices(self, **done: bool) -> None:
        """Yes/no for the benchmark survey's own indicators (:data:`PRACTICES`), e.g. ``collects_race=True``."""
        for k, v in done.items():
            if k not in PRACTICES:
                raise InputError(f"{k!r} is not a benchmark indicator; use one of {', '.join(PRACTICES)}.")
            if not isinstance(v, (bool, np.bool_)):
                raise InputError(f"{k}={v!r}: give True or False (no quotes), e.g. {k}=True.")
            self.practices[k] = bool(v)
        if self.autosave:
            self.save()

    # results
    def scores(self) -> pd.DataFrame:
        """Per area: mean stage (0–3), as a percent of 'Sustaining', and how many statements were answered."""
        rows = []
        for area in AREAS:
            qs = [q for q in QUESTIONS if q.area == area]
            got = [self.answers[q.id] for q in qs if q.id in self.answers]
            score = float(np.mean(got)) if got else np.nan
            rows.append((area, score, 100 * score / 3 if got else np.nan, len(got), len(qs)))
        return pd.DataFrame(rows, columns=["area", "score", "percent", "answered", "questions"]).set_index("area")

    def peers(self, edition: str | None = None) -> pd.DataFrame:
        """Where your hospital stands beside the benchmark survey, indicator by indicator.

        Each row compares your answer with one of the survey's own indicators, paraphrased
        (``indicator``), with its edition (``source``): the yes/no practices set with
        :meth:`set_practices` against the percentage of hospitals that reported them, and the
        diversity figures set with :meth:`set_profile` against the survey's published mean.
        The survey publishes percentages and means only, so no percentile is shown. The
        figures come from the synthetic panel, calibrated to the published ones (to the whole percent).
        """
        rows = []
        panels = {}
        for col, ed in PRACTICES.items():
            if edition and ed != edition:
                continue
            panel = panels.setdefault(ed, hospitals(edition=ed))
            you = {True: "yes", False: "no"}.get(self.practices.get(col))
            rows.append((f"{BENCHMARK_MEANINGS[col]} ({_EDITION_LABEL[ed]})", you,
                         round(100 * float(panel[col].mean()), 1), "% of responding hospitals",
                         BENCHMARK_SOURCES[ed]))
        ed = edition or "2015"
        panel = panels.get(ed, None)
        panel = hospitals(edition=ed) if panel is None else panel
        share = {"patients_minority_pct": float(panel["patients_minority_pct"].mean()),
                 "board_minority_pct": 100 * float(panel["board_minority"].sum() / panel["board_size"].sum()),
                 "exec_minority_pct": 100 * float(panel["exec_minority"].sum() / panel["exec_size"].sum())}
        labels = {"patients_minority_pct": "Racial/ethnic minorities as a share of patients",
                  "board_minority_pct": "Racial/ethnic minorities as a share of board members",
                  "exec_minority_pct": "Racial/ethnic minorities as a share of executive leadership"}
        for k, label in labels.items():
            if k in self.profile:
                rows.append((f"{label} ({_EDITION_LABEL[ed]})", f"{self.profile[k]:.0f}%", round(share[k], 1),
                             "% (survey figure)", BENCHMARK_SOURCES[ed]))
        table = pd.DataFrame(rows, columns=["indicator", "you", "peers", "peers_measure", "source"])
        table.attrs["synthetic"] = True
        table.attrs["note"] = ("Peer figures come from a SYNTHETIC panel whose percentages equal the published "
                               "benchmark survey figures to the whole percent; the survey publishes no percentiles.")
        return table

    def next_steps(self) -> pd.DataFrame:
        """'Where are we / what do we need': gaps ranked, each with the session that teaches it.

        Statements not yet answered count as Not started. Ranked by the area's score
        (weakest first), then by the gap to Sustaining.
        """
        scores = self.scores()["score"].fillna(0)
        rows = []
        for q in QUESTIONS:
            stage = self.answers.get(q.id, 0)
            gap = 3 - stage
            if gap == 0:
                continue
            rows.append((q.area, q.text, STAGES[stage], gap, q.next_step, SESSION_FOR_AREA[q.area],
                         scores[q.area]))
        table = pd.DataFrame(rows, columns=["area", "statement", "now", "gap", "next_step", "taught_in", "area_score"])
        table = table.sort_values(["area_score", "gap"], ascending=[True, False], kind="stable")
        table.insert(0, "priority", range(1, len(table) + 1))
        return table.drop(columns="area_score").reset_index(drop=True)

    def radar(self, compare: "Assessment | pd.DataFrame | None" = None, title: str | None = None):
        """Radar chart of the area scores (0–3); ``compare`` adds another assessment or a room average."""
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(6.5, 6.2))
        ax = fig.add_subplot(projection="polar")
        angles = np.linspace(0, 2 * np.pi, len(AREAS), endpoint=False).tolist()
        angles += angles[:1]

        def draw(values, label, color, style="-"):
            vals = list(np.nan_to_num(values)) + [np.nan_to_num(values)[0]]
            ax.plot(angles, vals, style, color=color, lw=2, label=label)
            ax.fill(angles, vals, color=color, alpha=0.15)

        draw(self.scores()["score"].to_numpy(), self.organization or "Your organization", PALETTE[0])
        if compare is not None:
            other = compare.scores()["score"] if isinstance(compare, Assessment) else compare["score"]
            draw(other.reindex(AREAS).to_numpy(), getattr(compare, "organization", "") or "Room average",
                 PALETTE[1], "--")
        ax.set_xticks(angles[:-1], [a.replace(" ", "\n") for a in AREAS], fontsize=9)
        ax.set_ylim(0, 3)
        ax.set_yticks([0, 1, 2, 3], STAGES, fontsize=7, color="#555")
        ax.set_title(title or "Self-assessment across the #123forEquity pledge areas", pad=20, fontsize=11)
        ax.legend(loc="lower right", bbox_to_anchor=(1.15, -0.1), fontsize=8, frameon=False)
        fig.tight_layout()
        return fig

    def widget(self):
        """ipywidgets form: one radio group per statement (the statement is its name), saved on every choice.

        Keyboard: Tab reaches a statement's group, arrow keys choose a stage; a screen reader reads the
        statement, the stage and whether it is chosen. ``.buttons`` maps statement ids to their groups.
        """
        import ipywidgets as w

        from ..report.widgets import choice, friendly_widget, live_region

        rows, buttons, status = [], {}, live_region()
        for area in AREAS:
            rows.append(w.HTML(f"<h4 style='margin:8px 0 2px'>{html.escape(area)}</h4>"))
            for q in (q for q in QUESTIONS if q.area == area):
                group = choice(q.text, STAGES, STAGES[self.answers[q.id]] if q.id in self.answers else None)

                def on_change(change, qid=q.id):
                    if change["new"] is not None:   # the form saves on every choice, whatever the object's default
                        self.answers[qid] = _stage(change["new"])
                        status.html = save_from_form(self) or (f"Saved: {len(self.answers)} of {len(QUESTIONS)} "
                                                              f"statements rated.")

                group.observe(on_change, names="value")
                buttons[q.id] = group
                rows.append(group)
        box = w.VBox(rows + [status])
        box.buttons, box.status = buttons, status
        return friendly_widget(box, "Self-assessment form — live in JupyterLab (choose a stage for each statement; "
                                    "it saves on every choice). In the printed handout, see the worked example below.")


def questions() -> pd.DataFrame:
    """The statements of the self-assessment."""
    return pd.DataFrame([(q.id, q.area, q.text) for q in QUESTIONS], columns=["id", "area", "statement"])


def aggregate(assessments) -> pd.DataFrame:
    """Room view for faculty: area scores of every participant plus the room's mean.

    Parameters
    ----------
    assessments : iterable of Assessment, saved dicts, or exported workspaces

    Returns
    -------
    DataFrame
        One row per participant (area scores) and a last row ``"Room average"``, the mean
        over participants. Participants are told apart by ``participant_id``: two with the
        same name are two rows, and a participant named like the summary ("Room average",
        "Total", "All") gets a short id added, so the summary row is only ever the summary.
    """
    people = []
    for a in assessments:
        if isinstance(a, dict) and "assessments" in a:          # an exported workspace
            saved = a["assessments"].get("self_assessment", {}) if isinstance(a["assessments"], dict) else {}
            people.append({**a, "_assessment": Assessment.from_dict(saved)})
        else:
            a = Assessment.from_dict(a) if isinstance(a, dict) else a
            people.append({"participant": a.organization, "_assessment": a})
    rows, ids = {}, {}
    for pid, label, person in workspace.members(people):   # same name twice: two rows; never "Room average"
        rows[label] = person["_assessment"].scores()["score"]
        ids[label] = pid
    table = pd.DataFrame(rows).T
    average = table.mean()                                    # over participants only
    table.loc["Room average"] = average
    table.index.name = "participant"
    table.attrs["participant_id"] = ids
    return table


#: The worked example of Session 2: fictional Lakeside Health's self-assessment (synthetic).
EXAMPLE_ANSWERS = {
    "real.collect": "Implementing", "real.standard": "Planning", "real.stratify": "Planning",
    "real.act": "Not started", "cc.orientation": "Sustaining", "cc.continuing": "Implementing",
    "cc.language": "Implementing", "lead.board": "Planning", "lead.pipeline": "Not started",
    "lead.plan": "Planning", "comm.partners": "Implementing", "comm.voice": "Planning",
}
EXAMPLE_PROFILE = {"board_minority_pct": 13.0, "exec_minority_pct": 8.0, "patients_minority_pct": 43.0}
EXAMPLE_PRACTICES = {"collects_race": True, "collects_ethnicity": True, "collects_language": True,
                     "benchmarks_gaps_by_race": False, "orientation_cultural_education": True,
                     "continuing_cultural_education": True}


def example() -> Assessment:
    """The worked example: fictional Lakeside Health's self-assessment (synthetic, not saved)."""
    a = Assessment("Lakeside Health (fictional)", autosave=False)
    for qid, stage in EXAMPLE_ANSWERS.items():
        a.answer(qid, stage)
    a.set_profile(**EXAMPLE_PROFILE)
    a.set_practices(**EXAMPLE_PRACTICES)
    return a
