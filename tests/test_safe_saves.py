"""Saves that survive kill -9 (real processes killed mid-save), a workspace with a byte-order mark, and a plan
saved by another version (unknown keys) that still loads."""
import json
import multiprocessing
import os
import random
import time

from equitylab import workspace


def _save_forever(folder):
    os.environ["EQUITYLAB_WORKSPACE"] = folder
    from equitylab.checking import workspace as ws
    i = 0
    while True:
        ws.update("takeaways", "counter", i)
        ws.update("takeaways", f"k{i % 50}", "x" * (i % 3000))   # files of changing size
        i += 1


def test_kill_9_during_rapid_saves_never_loses_the_workspace():
    folder = workspace.folder()
    workspace.update("takeaways", "before", "kept")
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(0)
    for _ in range(20):
        p = ctx.Process(target=_save_forever, args=(str(folder),))
        p.start()
        time.sleep(0.05 + rng.random() * 0.15)
        p.kill()                                                     # SIGKILL, mid-save or not
        p.join(30)
        text = (folder / "workspace.json").read_text(encoding="utf-8")   # there, and whole
        data = json.loads(text)
        assert data["takeaways"]["before"] == "kept"
    workspace.update("takeaways", "after", "saved")                  # the next save removes the leftovers
    assert not list(folder.glob(".workspace-*.tmp"))
    assert (folder / "workspace.json.previous").is_file()


def test_a_lost_or_damaged_workspace_falls_back_to_the_previous_save():
    import warnings
    workspace.update("takeaways", "one", "first")
    workspace.update("takeaways", "two", "second")      # the file before this save is kept as .previous
    (workspace.folder() / "workspace.json").unlink()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert workspace.get("takeaways", "one") == "first"
    assert any("restored your work" in str(w.message) for w in caught)


def test_a_workspace_saved_by_notepad_with_a_bom_is_read():
    workspace.update("takeaways", "s1", "note")
    p = workspace.folder() / "workspace.json"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert workspace.get("takeaways", "s1") == "note"


def test_a_plan_with_unknown_keys_from_an_export_still_loads(tmp_path):
    import equitylab as el
    workspace.update("takeaways", "s1", "note")
    exported = json.loads(workspace.export(tmp_path / "mine.json").read_text(encoding="utf-8"))
    exported["plans"] = {"D&I Action Plan": {"title": "Plan", "reviewed_by": "board", "goals": [
        {"goal": "Cut the LWBS gap for Spanish speakers", "measure": "LWBS rate", "priority": "high"}]}}
    (tmp_path / "theirs.json").write_text(json.dumps(exported), encoding="utf-8")
    workspace.import_(tmp_path / "theirs.json", replace=True)
    plan = el.plan.ActionPlan.load()
    assert plan.title == "Plan" and plan.goals[0].measure == "LWBS rate"
