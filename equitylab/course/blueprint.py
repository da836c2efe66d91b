"""The Blueprint for Action: the participant's saved work from the whole day, compiled into one page.

:func:`blueprint` reads the workspace (or an exported workspace file) and writes one
self-contained HTML page — figures inlined as base64 PNG, no script, stylesheet, font or image
loaded from the network — that prints cleanly to PDF. Everything the participant typed is
escaped. A part not yet done is listed as "not yet done" with what to do, never an error; an
empty workspace gives a page that says where to start. On the command line:
``equitylab blueprint OUT.html``.

Goals are grouped at the patient, organization and community levels — the levels of the Health
Equity Guide (HealthBegins, Health Leads, JSI, SIREN at UCSF and HIP), which reminds us that health
equity "will not be achieved by completing a checklist": each goal carries intermediate steps and
an owner.

Example
-------
>>> import equitylab as el
>>> page = el.blueprint(data={"format": "equitylab-workspace", "version": 1})
>>> page.done
[]
>>> "Start with" in page.html
True
"""
from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..checking import workspace
from ..checking.feedback import InputError
from ..organization.assess import STAGES, Assessment
from ..organization.clas import SCALE as CLAS_SCALE
from ..organization.clas import SelfCheck
from ..organization.plan import GOAL_LEVELS, SmartGoal
from ..report import a11y
from ..report.dashboard import NO_GAP

__all__ = ["blueprint", "Blueprint", "SECTIONS"]

_e = html.escape

#: (key, title, what to do when it is not yet done), in the order of the page.
SECTIONS = (
    ("benchmark", "Where we stand on the national benchmark",
     "Session 1: place your hospital on the benchmark and save the take-away."),
    ("assessment", "Self-assessment across the pledge areas",
     "Session 2, part 1: rate each statement of the self-assessment."),
    ("swot", "SWOT", "Session 2, part 2: write your organization's SWOT in the editor."),
    ("dashboard", "Equity Performance Dashboard and the gap we chose",
     "Session 3, part 4: build the dashboard and save a SMART goal for one gap."),
    ("diversity", "Diversity & Inclusion Action Plan",
     "Session 4: compare leadership with the community and add your goals to your D&I Action Plan."),
    ("training", "Cultural competence training plan",
     "Session 5: rate the National CLAS Standards and add a goal to your training plan."),
    ("goals", "Blueprint goals: patient, organization, community",
     "Closing: add at least one Blueprint goal at each level (patient, organization, community)."),
    ("first_step", "Our first step", "Closing: write the first step you will take next week (exercise closing.first_step)."),
)
_TITLES = {k: t for k, t, _ in SECTIONS}
_WHAT_TO_DO = {k: d for k, _, d in SECTIONS}

_CSS = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.4}
h1{font-size:1.7rem;margin-bottom:.2rem} h2{font-size:1.25rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem;
margin-top:1.8rem} h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem;width:100%} th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top} th{background:#eef4fa}
img{max-width:100%;height:auto} main:focus{outline:none} .meta{color:#555} .todo{color:#8a4b00} .synthetic{color:#8a4b00;font-weight:bold}
.status-done{color:#006b4f} .status-todo{color:#8a4b00} ul.steps{margin:.2rem 0 .2rem 1.2rem}
img,tr,.goal,blockquote{page-break-inside:avoid;break-inside:avoid}
@media print{body{margin:0;max-width:none;font-size:10.5pt} h2,h3{page-break-after:avoid;break-after:avoid}
img{max-height:110mm;width:auto} a{color:inherit;text-decoration:none} .noprint{display:none}}
@page{size:auto;margin:16mm 14mm}
"""


@dataclass
class Blueprint:
    """The compiled page: ``html`` (the whole document), ``done`` and ``not_done`` (section keys)."""

    html: str
    done: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)
    path: Path | None = None

    def save(self, path) -> Path:
        """Write the page (UTF-8) and return its path."""
        p = Path(path)
        if p.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"{str(p)!r}: write the Blueprint to an .html file, e.g. blueprint.html.")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(self.html, encoding="utf-8")
        self.path = p
        return p

    def summary(self) -> str:
        done = ", ".join(_TITLES[k] for k in self.done) or "nothing yet"
        todo = "\n".join(f"  - {_WHAT_TO_DO[k]}" for k in self.not_done) or "  nothing — the Blueprint is complete"
        return f"Done: {done}.\nNot yet done:\n{todo}"

    def __repr__(self) -> str:
        where = f"Blueprint for Action written to {self.path}\n" if self.path else "Blueprint for Action\n"
        return where + self.summary()

    def _repr_html_(self) -> str:
        rows = "".join(f"<li class='status-done'>✔ {_e(_TITLES[k])}</li>" for k in self.done)
        rows += "".join(f"<li class='status-todo'>not yet done — {_e(_TITLES[k])}: {_e(_WHAT_TO_DO[k])}</li>"
                        for k in self.not_done)
        where = f"<p>Written to <code>{_e(str(self.path))}</code> — open it in a browser and print to PDF.</p>" \
            if self.path else ""
        return f"<div><b>Blueprint for Action</b>{where}<ul>{rows}</ul></div>"


# --- reading the workspace ----------------------------------------------------------------------
def _load(data) -> dict:
    if data is None:
        return workspace.load()
    if isinstance(data, (str, os.PathLike)):
        return workspace.import_(data)
    if isinstance(data, dict):
        out = json.loads(json.dumps(data, default=str))
        for s in workspace.SECTIONS:
            out.setdefault(s, {})
        return out
    raise TypeError("blueprint(data=...) takes a workspace dict, an exported workspace file, or None (yours).")


def _is_empty(ws: dict) -> bool:
    return not any(ws.get(s) for s in workspace.SECTIONS)


def _png(fig, after: str = "The table below gives its numbers.") -> str:
    """The figure as an inline PNG whose alt text names it (its titles) and points to the table beside it."""
    import matplotlib.pyplot as plt

    alt = a11y.figure_alt(fig, after)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return f"<img alt='{_e(alt)}' src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode('ascii')}'>"


def _pct(v) -> str:
    return "—" if v is None or v != v else f"{100 * float(v):.0f}%"


def _representation_table(table: pd.DataFrame, marks: dict | None) -> str:
    """The numbers of the representation chart (its group at each level), as a table for every reader."""
    level, by = table.attrs["level"], table.attrs["by"]
    group = str(table[by].iloc[0])
    rows = []
    for _, r in table[table[by].astype(str) == group].iterrows():
        hidden = bool(r.get("suppressed"))
        rows.append({"level": r[level], "share": "suppressed" if hidden else _pct(r["share"]),
                     "interval": "—" if hidden else f"{_pct(r['ci_low'])} to {_pct(r['ci_high'])}",
                     "community": _pct(r["benchmark"]), "ratio": "—" if hidden or pd.isna(r.get("ratio")) else f"{float(r['ratio']):.2f}",
                     "us2015": f"{marks[str(r[level])]:g}%" if marks and str(r[level]) in marks else "—"})
    columns = {"level": "Level", "share": f"{group}: share", "interval": "95% interval",
               "community": "Community share", "ratio": "Ratio to the community"}
    if marks:
        columns["us2015"] = "U.S. hospitals 2015"
    return _table(rows, columns)


def _table(records, columns: dict) -> str:
    """An escaped HTML table of ``records`` (list of dicts) with ``columns`` {key: heading}."""
    head = "".join(f"<th>{_e(h)}</th>" for h in columns.values())
    body = "".join("<tr>" + "".join(f"<td>{_e(_fmt(r.get(k)))}</td>" for k in columns) + "</tr>" for r in records)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


def _stage_words(score) -> str:
    """A self-assessment score in words, with one decimal: "1.3 — between Planning and Implementing"."""
    if score is None or score != score:
        return "—"
    low, high = int(score // 1), min(int(-(-score // 1)), len(STAGES) - 1)
    words = STAGES[low] if low == high else f"between {STAGES[low]} and {STAGES[high]}"
    return f"{score:.1f} — {words}"


def _swot_heading(key: str) -> str:
    """The heading of a SWOT without a title: its pledge area, or the whole organization (never the stored key)."""
    return "SWOT: the whole organization" if key == "organization" else f"SWOT: {key}"


def _gap_row(row: dict) -> dict:
    """A dashboard row as the page shows it: a measure on which no group does worse than the reference says so
    (also in a take-away saved before the dashboard said it itself)."""
    rr, hib = row.get("rate_ratio"), row.get("higher_is_better")
    better = isinstance(rr, (int, float)) and rr == rr and hib is not None and (rr >= 1 if hib else rr <= 1)
    if row.get("worst_group") in (None, NO_GAP) or better:
        return {**row, "worst_group": NO_GAP, "rate_ratio": None, "rr_ci_low": None, "rr_ci_high": None,
                "significant": None}
    return row


def _goals(goals: list[dict]) -> str:
    out = []
    for g in goals:
        goal = SmartGoal(**{k: v for k, v in g.items() if k in SmartGoal.__dataclass_fields__})
        problems = goal.problems()
        steps = "".join(f"<li>{_e(str(a))}</li>" for a in goal.actions)
        out.append(
            f"<div class='goal'><h3>{_e(goal.goal or '(goal not written yet)')}</h3><p><b>Measure:</b> {_e(_fmt(goal.measure))} · "
            f"<b>baseline</b> {_e(_fmt(goal.baseline))} → <b>target</b> {_e(_fmt(goal.target))} by "
            f"{_e(_fmt(goal.target_date))} · <b>owner:</b> {_e(_fmt(goal.owner))} · <b>pledge area:</b> "
            f"{_e(_fmt(goal.area))}</p>"
            + (f"<p>Intermediate steps:</p><ul class='steps'>{steps}</ul>" if steps else "")
            + ("" if not problems else "<p class='todo'>Still to make SMART: " + _e(" ".join(problems)) + "</p>")
            + "</div>")
    return "".join(out)


def _plan_goals(ws: dict, kind: str) -> list[dict]:
    return list((ws["plans"].get(kind) or {}).get("goals") or [])


# --- the sections: each returns HTML, or None when not yet done ----------------------------------
def _benchmark(ws):
    t1 = ws["takeaways"].get("session1") or {}
    rows = t1.get("benchmark") if isinstance(t1, dict) else None
    if not rows:
        return None
    return _table(rows, {"indicator": "Indicator", "you": "Us", "peers": "Peers", "peers_measure": "Peers' measure"}) + \
        "<p class='meta'>Peers: a synthetic panel calibrated to the published benchmark survey figures.</p>"


def _assessment(ws):
    data = ws["assessments"].get("self_assessment")
    if not data or not data.get("answers"):
        return None
    a = Assessment.from_dict(data)
    scores = a.scores().reset_index()
    scores["score"] = scores["score"].map(_stage_words)
    table = _table(scores.to_dict("records"), {"area": "Pledge area", "score": "Stage (mean score, 0–3)",
                                               "answered": "Answered", "questions": "Statements"})
    steps = a.next_steps().head(4).to_dict("records")
    return (_png(a.radar(title="Our self-assessment across the pledge areas"), "The table below gives the scores.") + table +
            "<h3>Next steps, weakest area first</h3>" +
            _table(steps, {"area": "Area", "now": "Now", "next_step": "Next step", "taught_in": "Taught in"}))


def _swot(ws):
    saved = dict(ws["swots"])
    t2 = ws["takeaways"].get("session2")
    if not saved and isinstance(t2, dict) and isinstance(t2.get("swot"), dict):
        saved = {"organization": t2["swot"]}   # the SWOT recorded with Session 2's take-away
    swots = {k: v for k, v in saved.items() if isinstance(v, dict) and any((v.get("items") or {}).values())}
    if not swots:
        return None
    out = []
    for key, s in swots.items():
        items = s.get("items", {})
        cells = "".join(f"<td><b>{_e(q.title())}</b><ul>" + "".join(f"<li>{_e(str(i))}</li>" for i in items.get(q, []))
                        + "</ul></td>" for q in ("strengths", "weaknesses", "opportunities", "threats"))
        out.append(f"<h3>{_e(s.get('title') or _swot_heading(key))}</h3><table><tr>{cells}</tr></table>")
    return "".join(out)


def _dashboard(ws):
    t3 = ws["takeaways"].get("session3") or {}
    rows = t3.get("dashboard") if isinstance(t3, dict) else None
    goals = _plan_goals(ws, "Equity Dashboard goal")
    if not rows and not goals:
        return None
    html_ = ""
    if rows:
        html_ += _table([_gap_row(r) for r in rows], {"label": "Measure", "reference": "Reference",
                                                      "worst_group": "Group doing worst against the reference",
                               "rate_ratio": "Rate ratio", "rr_ci_low": "95% CI low", "rr_ci_high": "95% CI high",
                               "significant": "CI excludes 1"})
        if t3.get("synthetic"):
            html_ += "<p class='synthetic'>Dashboard computed on SYNTHETIC data (fictional Lakeside Health).</p>"
    return html_ + ("<h3>The gap we chose</h3>" + _goals(goals) if goals else
                    "<p class='todo'>not yet done: a SMART goal for the chosen gap.</p>")


def _diversity(ws):
    t4 = ws["takeaways"].get("session4") or {}
    goals = _plan_goals(ws, "D&I Action Plan")
    rows = t4.get("representation") if isinstance(t4, dict) else None
    if not rows and not goals:
        return None
    html_ = ""
    if rows:
        from ..report.workforce import representation_figure

        table = pd.DataFrame(rows)
        level, by = table.columns[0], table.columns[1]
        synthetic = bool(t4.get("synthetic"))
        hidden = table["suppressed"].astype(bool) if "suppressed" in table else pd.Series(False, index=table.index)
        public = sorted(set(table.loc[~hidden & (table["count"].fillna(99) < 11), level].astype(str))) \
            if "count" in table else []
        table.attrs.update(level=level, by=by, synthetic=synthetic, min_cell=11 if hidden.any() else 0,
                           public_levels=public)
        if synthetic:
            table.attrs["source_name"] = "Lakeside Health (fictional)"
        bench = t4.get("benchmark_2015") or {}
        marks = {"Board": bench["board"], "Executive": bench["executives"]} if bench else None
        html_ += _png(representation_figure(table, benchmarks=marks)) + _representation_table(table, marks)
    return html_ + (_goals(goals) if goals else "<p class='todo'>not yet done: D&I goals (Session 4, your D&I Action Plan).</p>")


def _training(ws):
    t5 = ws["takeaways"].get("session5") or {}
    clas = ws["assessments"].get("clas")
    goals = _plan_goals(ws, "Cultural Competence Training Plan")
    if not (t5 or clas or goals):
        return None
    html_ = ""
    if isinstance(t5, dict) and t5.get("completion_by_department"):
        from ..report.plots import shares

        values = {r["department"]: 100 * r["rate"] for r in t5["completion_by_department"] if r.get("rate") is not None}
        label = " — SYNTHETIC DATA (fictional Lakeside Health)" if t5.get("synthetic") else ""
        html_ += _png(shares(values, title="Cultural competence modules completed, by department" + label,
                             xlabel="Completed (%)"))
        html_ += _table([{"department": k, "rate": f"{v:.0f}%"} for k, v in values.items()],
                        {"department": "Department", "rate": "Modules completed"})
    if clas:
        check = SelfCheck.from_dict(clas)
        gaps = check.gaps().head(5).to_dict("records")
        html_ += ("<h3>National CLAS Standards: lowest-rated standards</h3>" +
                  _table(gaps, {"standard": "Standard", "text": "What it asks (paraphrase)", "rating": "Our rating"}) +
                  f"<p class='meta'>Scale: {_e(' → '.join(CLAS_SCALE))}.</p>")
    return html_ + (_goals(goals) if goals else "<p class='todo'>not yet done: a training goal (Session 5).</p>")


def _levels(ws):
    goals = _plan_goals(ws, "Blueprint for Action")
    if not goals:
        return None
    out = []
    for level in GOAL_LEVELS:
        mine = [g for g in goals if g.get("level") == level]
        body = _goals(mine) if mine else f"<p class='todo'>not yet done: no goal at the {level} level yet.</p>"
        out.append(f"<h3>{_e(level.title())} level</h3>{body}")
    other = [g for g in goals if g.get("level") not in GOAL_LEVELS]
    if other:
        out.append("<h3>Goals without a level</h3>" + _goals(other))
    return "".join(out)


def _first_step(ws):
    rec = ws["answers"].get("closing.first_step") or {}
    text = rec.get("answer")
    if not isinstance(text, str) or not text.strip():
        return None
    return f"<blockquote>{_e(text)}</blockquote>"


_BUILDERS = {"benchmark": _benchmark, "assessment": _assessment, "swot": _swot, "dashboard": _dashboard,
             "diversity": _diversity, "training": _training, "goals": _levels, "first_step": _first_step}


def _page(title: str, body: str) -> str:
    return a11y.table_regions(
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>{a11y.FAVICON}"
        f"<style>{_CSS}{a11y.CSS}</style></head><body>{a11y.SKIP_LINK}<main id='main' tabindex='-1'>{body}</main>"
        "</body></html>\n")


def _empty_page(who: str, today: str) -> str:
    steps = "".join(f"<li>{_e(d)}</li>" for _, _, d in SECTIONS)
    body = (f"<h1>Blueprint for Action</h1><p class='meta'>{_e(who)} · {_e(today)}</p>"
            "<h2>Nothing saved yet</h2><p>Your workspace is empty, so there is nothing to compile. "
            "Start with the demo notebook (how exercises work), then Session 1; everything you do is saved as you "
            "go and appears here. Then run <code>equitylab blueprint blueprint.html</code> again.</p>"
            f"<p>The Blueprint collects, in order:</p><ol>{steps}</ol>"
            "<p class='meta'>If you worked in another folder, set EQUITYLAB_WORKSPACE to it, or import your "
            "exported file with <code>equitylab import FILE --replace</code>.</p>")
    return _page("Blueprint for Action — nothing saved yet", body)


def blueprint(out=None, *, data=None, today: str | None = None) -> Blueprint:
    """Compile the participant's saved work into the Blueprint for Action (one self-contained HTML page).

    Parameters
    ----------
    out : path, optional
        Write the page there (an ``.html`` file).
    data : dict or path, optional
        A workspace (dict) or an exported workspace file; default: your workspace.
    today : str, optional
        The date printed on the page (default: today).

    Returns
    -------
    Blueprint
        ``.html``, ``.done`` and ``.not_done`` (section keys, see :data:`SECTIONS`), ``.path``.
    """
    if out is not None and (not isinstance(out, (str, os.PathLike))
                            or Path(out).suffix.lower() not in (".html", ".htm")):
        raise InputError(f"{out!r}: write the Blueprint to an .html file, e.g. el.blueprint(\"my_blueprint.html\").")
    ws = _load(data)
    today = today or _dt.date.today().isoformat()
    who = str(ws.get("participant") or "Participant")
    if _is_empty(ws):
        page = Blueprint(_empty_page(who, today), [], [k for k, _, _ in SECTIONS])
    else:
        done, todo, parts = [], [], []
        for key, title, what in SECTIONS:
            content = _BUILDERS[key](ws)
            if content is None:
                todo.append(key)
                parts.append(f"<section id='{key}'><h2>{_e(title)}</h2><p class='todo'>not yet done — "
                             f"{_e(what)}</p></section>")
            else:
                done.append(key)
                parts.append(f"<section id='{key}'><h2>{_e(title)}</h2>{content}</section>")
        todo_list = "".join(f"<li>{_e(_TITLES[k])}: {_e(_WHAT_TO_DO[k])}</li>" for k in todo)
        head = (f"<h1>Blueprint for Action</h1><p class='meta'>{_e(who)} · {_e(today)} · compiled by Equity Lab "
                "from the work saved during the #123forEquity training day.</p>"
                "<p class='meta'>Health equity \"will not be achieved by completing a checklist\": this page sets "
                "goals at the patient, organization and community levels with intermediate steps and owners "
                "(Health Equity Guide, HealthBegins, Health Leads, JSI, SIREN at UCSF and HIP). Figures computed on "
                "the synthetic Lakeside Health data are labelled SYNTHETIC.</p>"
                + (f"<section id='not-yet-done'><h2>Not yet done</h2><ul>{todo_list}</ul></section>" if todo else ""))
        page = Blueprint(_page(f"Blueprint for Action — {who}", head + "".join(parts)), done, todo)
    if out is not None:
        page.save(out)
    return page
