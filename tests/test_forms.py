"""Forms, not code (issue 17): the goal and CLAS forms save and check as you type; two open notebooks
(two kernels, two objects) writing one workspace lose nothing; the forms' colours and names (issue 20)."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import equitylab as el
from equitylab import workspace
from equitylab.checking.feedback import _STYLE, Feedback
from equitylab.organization._merge import MISSING, merge, merge_lists
from site_helpers import contrast as _contrast

ROOT = Path(__file__).resolve().parents[1]
FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()


def _other_kernel(code: str) -> None:
    """Run ``code`` in another Python process (another notebook's kernel) on the same workspace."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    subprocess.run([sys.executable, "-c", "import equitylab as el\n" + code], env=env, check=True, timeout=60)


def _saved(section, key):
    return json.loads(workspace.path().read_text())[section][key]


def test_swot_item_added_in_another_kernel_survives_the_open_editor():
    editor = el.swot.SWOT.load().editor()                 # Session 2's editor, open
    editor.boxes["strengths"].value = "CEO champions equity"
    _other_kernel("el.swot.SWOT.load().add('threats', 'Grant ends in 2027')")     # the Session 5 kernel
    editor.boxes["strengths"].value = "CEO champions equity\nInterpreters"     # Session 2's next keystrokes
    editor.boxes["strengths"].value = "CEO champions equity\nInterpreters in 40 languages"
    editor.boxes["threats"].value = "Staffing shortages"
    items = _saved("swots", "organization")["items"]
    assert items["strengths"] == ["CEO champions equity", "Interpreters in 40 languages"]
    assert items["threats"] == ["Staffing shortages", "Grant ends in 2027"]
    assert "Grant ends in 2027" in editor.children[1].children[1].children[2].value   # listed under its box
    editor.boxes["threats"].value = ""                  # a line deleted in the box goes; the other kernel's stays
    assert _saved("swots", "organization")["items"]["threats"] == ["Grant ends in 2027"]


def test_two_plan_objects_and_two_kernels_keep_every_goal():
    goal = dict(measure="m", baseline=0.5, target=0.7, target_date=FUTURE, owner="VP", area="REaL data")
    first, second = el.plan.ActionPlan.load(), el.plan.ActionPlan.load()
    first.add(el.plan.SmartGoal(goal="First goal written in notebook one", **goal))
    second.add(el.plan.SmartGoal(goal="Second goal written in notebook two", **goal))
    _other_kernel("el.plan.ActionPlan.load().add(el.plan.SmartGoal(goal='Third goal from another kernel here'))")
    first.remove("First goal written in notebook one")
    saved = [g["goal"] for g in _saved("plans", "D&I Action Plan")["goals"]]
    assert saved == ["Second goal written in notebook two", "Third goal from another kernel here"]
    assert [g.goal for g in first.goals] == saved          # the object now holds what is saved


def test_clas_ratings_and_stages_from_two_kernels_are_all_kept():
    mine = el.clas.SelfCheck.load()
    form = mine.form()
    form.groups[5].value = "Planning begun"
    _other_kernel("c = el.clas.SelfCheck.load(); c.rate(7, 3); c.rate(5, 2)")
    form.groups[1].value = "Formal policies with oversight"
    assert _saved("assessments", "clas")["ratings"] == {
        "1": "Formal policies with oversight", "5": "Practiced but not formalized", "7": "Formal policies with oversight"}
    a = el.assess.Assessment.load()
    buttons = a.widget().buttons
    _other_kernel("el.assess.Assessment.load().answer('lead.board', 'Planning')")
    buttons["real.collect"].value = "Sustaining"
    assert _saved("assessments", "self_assessment")["answers"] == {"lead.board": "Planning", "real.collect": "Sustaining"}


def test_merge_rules():
    assert merge({"a": 1}, {"a": 2}, {"a": 1, "b": 3}) == {"a": 2, "b": 3}
    assert merge({"a": 1, "b": 1}, {"b": 1}, {"a": 5, "b": 1}) == {"a": 5, "b": 1}   # removed here, changed there
    assert merge(MISSING, {"x": [1]}, {"x": [2]}) == {"x": [1, 2]}                    # never read: nothing dropped
    g = {"goal": "Same goal", "owner": ""}
    assert merge_lists([g], [{**g, "owner": "CNO"}], [{**g, "target": 1}]) == [{**g, "owner": "CNO", "target": 1}]


def test_goal_form_saves_checks_live_and_never_saves_the_worked_example():
    example = el.plan.SmartGoal(goal="Close the HbA1c gap for Black patients", measure="HbA1c > 9%", baseline=1.6,
                                target=1.2, target_date=FUTURE, owner="VP Quality", area="REaL data",
                                higher_is_better=False, worked_example=True)
    plan = el.plan.ActionPlan.load("Equity Dashboard goal")
    form = plan.form(example=example)
    editor = form.editors[0]
    assert {f.description for f in editor.fields.values()} >= {"Goal: what changes, for whom", "Pledge area"}
    assert "Not attempted" in editor.feedback.html and not workspace.path().exists()
    editor.fill(example)                                   # "Start from the worked example": not saved as it is
    assert "still the worked example" in editor.feedback.html
    assert not _saved("plans", "Equity Dashboard goal")["goals"]
    editor.fields["target"].value = "2001"
    assert "Needs work" in editor.feedback.html and "wrong direction" in editor.feedback.html
    editor.fields["target"].value = "1.1"
    assert "SMART" in editor.feedback.html
    assert _saved("plans", "Equity Dashboard goal")["goals"][0]["target"] == 1.1
    editor.fields["goal"].value = "Close the HbA1c gap for Black patients with diabetes"   # same goal, new text
    assert [g["goal"] for g in _saved("plans", "Equity Dashboard goal")["goals"]] == [editor.fields["goal"].value]
    for name in ("goal", "measure", "baseline", "target", "target_date", "owner", "actions"):
        editor.fields[name].value = ""
    editor.fields["area"].value = ""
    assert not _saved("plans", "Equity Dashboard goal")["goals"]          # cleared: out of the plan


def test_blueprint_form_has_one_goal_per_level_and_reloads_saved_goals():
    plan = el.plan.ActionPlan.load("Blueprint for Action")
    form = plan.form()
    assert [e.fields["level"].value for e in form.editors] == ["patient", "organization", "community"]
    form.editors[2].fields["goal"].value = "Co-design outreach with a community partner"
    form.editors[0].fields["level"].value = "organization"
    assert "Goal 1 — organization level" in form.editors[0].heading.value
    again = el.plan.ActionPlan.load("Blueprint for Action").form()
    assert [e.fields["level"].value for e in again.editors] == ["community", "patient", "organization"]
    assert again.editors[0].fields["goal"].value == "Co-design outreach with a community partner"




def test_feedback_and_choice_colours_pass_wcag_aa():
    for status, (background, _border, text, _icon) in _STYLE.items():
        assert _contrast(text, background) >= 4.5, status
        assert f"color:{text}" in Feedback(status, "x").html()
    assert _contrast("#1a1a1a", "#f7f9fb") >= 4.5 and _contrast("#ffffff", "#004f7a") >= 4.5   # choice buttons
    assert _contrast("#b35900", "#ffffff") >= 3                                                # focus outline


def test_a_goal_for_a_measure_without_a_gap_names_no_group():
    from equitylab.report.dashboard import NO_GAP

    goal = el.plan.SmartGoal(goal=f"Close the gap for {NO_GAP} patients", measure="m", baseline=1.1, target=1.0,
                             target_date=FUTURE, owner="VP", area="REaL data")
    assert goal.problems() == [f"The goal names no group ({NO_GAP!r} where a group should be): on this measure no "
                               "group does worse than the reference — choose a measure with a gap, or write for whom "
                               "it will close."]


def test_a_form_that_cannot_save_says_so(monkeypatch):
    def read_only(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    assess, clas, swot = el.assess.Assessment.load(), el.clas.SelfCheck.load(), el.swot.SWOT.load()
    plan = el.plan.ActionPlan.load()
    stages, standards, editor, goals = assess.widget(), clas.form(), swot.editor(), plan.form()
    monkeypatch.setattr(workspace, "change", read_only)
    stages.buttons["real.collect"].value = "Planning"
    standards.groups[5].value = "Planning begun"
    editor.boxes["threats"].value = "Grant ends"
    goals.editors[0].fields["goal"].value = "Close the HbA1c gap for Black patients"
    for region in (stages.status, standards.summary, editor.notes, goals.editors[0].feedback):
        assert "Not saved" in region.html and "Read-only file system" in region.html
    monkeypatch.undo()
    editor.boxes["threats"].value = "Grant ends in 2027"        # saved again: the message goes, nothing was lost
    assert editor.notes.html == "" and _saved("swots", "organization")["items"]["threats"] == ["Grant ends in 2027"]
    stages.buttons["lead.board"].value = "Sustaining"
    assert stages.status.html == "Saved: 2 of 12 statements rated."
    assert _saved("assessments", "self_assessment")["answers"] == {"real.collect": "Planning", "lead.board": "Sustaining"}


def test_an_unchanged_copy_saved_into_a_new_workspace_is_saved_whole():
    swot = el.swot.SWOT.load()
    swot.add("strengths", "CEO champions equity")
    for saved in workspace.folder().glob("workspace.json*"):    # the file and any backup are gone: a new workspace
        saved.unlink()
    swot.save()
    assert _saved("swots", "organization")["items"]["strengths"] == ["CEO champions equity"]
