"""Saved answers: atomic writes, backups of damaged or newer files, export/import."""
import json
import os

import pytest

from equitylab import workspace
from equitylab.course.cli import main


def test_default_folder_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("EQUITYLAB_WORKSPACE")
    monkeypatch.chdir(tmp_path)          # no my_equitylab/ here or above: the default is relative
    assert str(workspace.folder()) == "my_equitylab"
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path))
    assert workspace.path() == tmp_path / "workspace.json"


def test_update_persists_across_loads():
    workspace.update("takeaways", "s1", {"text": "hello"})
    data = json.loads(workspace.path().read_text())
    assert data["format"] == workspace.FORMAT and data["version"] == workspace.VERSION
    assert workspace.load()["takeaways"]["s1"] == {"text": "hello"}   # a "restarted kernel" reads it back


def test_crash_mid_write_leaves_previous_file_intact(monkeypatch):
    workspace.update("takeaways", "s1", "first")
    before = workspace.path().read_text()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("kernel killed")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        workspace.update("takeaways", "s1", "second")
    assert workspace.path().read_text() == before
    leftovers = [p for p in workspace.folder().iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def test_crash_while_writing_the_temporary_file(monkeypatch):
    workspace.update("takeaways", "s1", "first")
    before = workspace.path().read_text()
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        workspace.update("takeaways", "s1", "second")
    assert workspace.path().read_text() == before


def test_corrupted_file_is_backed_up_with_a_clear_message():
    workspace.folder().mkdir(parents=True, exist_ok=True)
    workspace.path().write_text('{"format": "equitylab-workspace", "version": 1, "answers": {')
    with pytest.warns(workspace.WorkspaceWarning, match="damaged"):
        data = workspace.load()
    assert data["answers"] == {}
    backups = list(workspace.folder().glob("workspace.json.backup-*"))
    assert len(backups) == 1 and backups[0].read_text().endswith('"answers": {')


def test_newer_file_is_not_overwritten_silently():
    workspace.folder().mkdir(parents=True, exist_ok=True)
    workspace.path().write_text(json.dumps({"format": workspace.FORMAT, "version": 99, "answers": {"x": 1}}))
    with pytest.warns(workspace.WorkspaceWarning, match="newer Equity Lab"):
        workspace.load()
    backups = list(workspace.folder().glob("workspace.json.backup-*"))
    assert json.loads(backups[0].read_text())["version"] == 99


def test_export_import_round_trip(tmp_path, capsys):
    workspace.set_participant("Dr. Lee")
    workspace.update("takeaways", "s1", "note")
    out = workspace.export(tmp_path)
    assert out.name.startswith("equitylab-Dr--Lee-")
    data = workspace.import_(out)
    assert data["participant"] == "Dr. Lee" and data["takeaways"]["s1"] == "note"
    assert main(["import", str(out)]) == 0
    assert "Dr. Lee" in capsys.readouterr().out
    with pytest.raises(ValueError, match="not an Equity Lab workspace"):
        bad = tmp_path / "bad.json"
        bad.write_text("{}")
        workspace.import_(bad)


def test_cli_export_and_room(tmp_path, capsys):
    import equitylab as el

    workspace.set_participant("Sam")
    el.check("demo.why_suppress", "b")
    room = tmp_path / "room"
    room.mkdir()
    assert main(["export", str(room / "sam.json")]) == 0
    assert main(["room", str(room)]) == 0
    out = capsys.readouterr().out
    assert "Sam" in out and "correct" in out


def test_cli_build_notebooks(tmp_path, capsys):
    assert main(["build-notebooks", str(tmp_path)]) == 0
    assert (tmp_path / "student" / "session3_data" / "session3_data.ipynb").exists()
    assert (tmp_path / "instructor" / "demo" / "exercise_engine.ipynb").exists()
