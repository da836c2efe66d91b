"""One learner path: one workspace for every session, nothing lost when an earlier session runs again."""
import json

import nbformat
import pytest

import equitylab as el
from equitylab import workspace
from equitylab.notebooks import build_notebooks
from notebook_helpers import ROOT, errors, execute


def test_sessions_in_their_own_folders_find_one_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("EQUITYLAB_WORKSPACE", raising=False)
    for d in ("demo", "session1_pledge", "session2_assessment"):
        (tmp_path / d).mkdir()
    monkeypatch.chdir(tmp_path / "demo")          # Jupyter starts each kernel in the notebook's folder
    workspace.set_participant("Ana")
    assert workspace.path() == tmp_path / "my_equitylab" / "workspace.json"
    monkeypatch.chdir(tmp_path / "session2_assessment")
    assert workspace.path() == tmp_path / "my_equitylab" / "workspace.json"
    assert workspace.load()["participant"] == "Ana"


def test_an_empty_name_never_erases_a_saved_one(capsys):
    workspace.set_participant("Ana")
    workspace.set_participant("")
    assert workspace.load()["participant"] == "Ana"
    assert "Ana" in capsys.readouterr().out


def test_karen_is_not_given_a_collective_code():
    codes = el.standards.LANGUAGES
    assert "kar" not in codes.values()                 # ISO 639-2/639-5 collective code, not ISO 639-3
    assert all(len(c) == 3 and c.isalpha() and c.islower() for c in codes.values())
    assert codes["S'gaw Karen"] == "ksw"


def test_smart_goal_added_twice_is_kept_once():
    goal = el.plan.SmartGoal(goal="Close the HbA1c gap", measure="HbA1c > 9%", baseline=1.6, target=1.2,
                             target_date="2099-12-31", owner="VP Quality", area="REaL data")
    plan = el.plan.ActionPlan.load("Equity Dashboard goal")
    plan.add(goal)
    plan = el.plan.ActionPlan.load("Equity Dashboard goal")
    plan.add(goal)
    assert len(el.plan.ActionPlan.load("Equity Dashboard goal").goals) == 1


def test_running_session1_again_changes_no_later_work(tmp_path):
    """Session 1's worked example is not the participant's self-assessment and touches nothing of Session 2/3."""
    ws = tmp_path / "ws"
    ws.mkdir()
    later = {"assessments": {"self_assessment": {"organization": "Mine", "answers": {"real.collect": "Planning"},
                                                 "profile": {}}},
             "swots": {"organization": {"area": None, "title": "", "items": {"strengths": ["CEO champions it"]}}},
             "plans": {"Equity Dashboard goal": {"title": "x", "goals": []}},
             "takeaways": {"session2": {"scores": {}}}}
    (ws / "workspace.json").write_text(json.dumps({"format": workspace.FORMAT, "version": workspace.VERSION,
                                                    "participant": "Ana", "answers": {}, **later}))
    out = tmp_path / "built"
    build_notebooks(out, ROOT)
    nb = execute(out / "student" / "session1_pledge" / "session1_pledge.ipynb", {"EQUITYLAB_WORKSPACE": str(ws)})
    assert not errors(nb)
    after = json.loads((ws / "workspace.json").read_text())
    for section, value in later.items():
        for key, content in value.items():
            assert after[section][key] == content, (section, key)
    # run unedited, Session 1 saves no take-away: its fictional hospital is a worked example, not "Us"
    assert "session1" not in after["takeaways"] and after["participant"] == "Ana"
