"""Saved work is never lost: several kernels at once, strict JSON, damaged or odd files, room folders."""
import json
import math
import multiprocessing
import os
import threading
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import equitylab as el
from equitylab import workspace
from equitylab.checking.workspace import WorkspaceFileError, WorkspaceWarning

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _strict_json(text):
    """Parse as a strict parser would: NaN / Infinity are refused."""
    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(text, parse_constant=refuse)


# --- several kernels at once ------------------------------------------------------------------------
def _hammer(folder, worker, n):
    os.environ["EQUITYLAB_WORKSPACE"] = folder
    from equitylab.checking import workspace as ws

    for i in range(n):
        ws.update("takeaways", f"w{worker}-{i}", {"worker": worker, "i": i})     # different keys, same section
        ws.change("answers", "shared", lambda old: {"attempts": (old or {}).get("attempts", 0) + 1})  # same key


def test_concurrent_processes_lose_no_update():
    folder = str(workspace.folder())
    workers, n = 4, 25
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_hammer, args=(folder, w, n)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    data = _strict_json(workspace.path().read_text())
    keys = {f"w{w}-{i}" for w in range(workers) for i in range(n)}
    assert keys <= set(data["takeaways"])                             # every different-key update survived
    assert data["answers"]["shared"]["attempts"] == workers * n      # every same-key change survived
    assert not list(workspace.folder().glob(".workspace-*.tmp"))


def test_concurrent_checks_count_every_attempt():
    def run(k):
        for i in range(10):                   # every answer different: each is an attempt
            el.check("demo.lwbs_rate", 0.2 + k / 100 + i / 1000)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert workspace.get("answers", "demo.lwbs_rate")["attempts"] == 30


# --- strict JSON -----------------------------------------------------------------------------------------
def test_nan_and_infinity_never_reach_the_file(tmp_path):
    workspace.update("takeaways", "t", {"nan": float("nan"), "inf": np.inf, "np": np.float64("-inf"),
                                        "table": pd.DataFrame({"rate": [0.5, np.nan]})})
    data = _strict_json(workspace.path().read_text())
    assert data["takeaways"]["t"]["nan"] is None and data["takeaways"]["t"]["inf"] is None
    assert data["takeaways"]["t"]["table"]["dataframe"]["data"] == [[0.5], [None]]
    _strict_json(workspace.export(tmp_path).read_text())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


def _finite(v):
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, list):
        return [_finite(x) for x in v]
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    return v


@SETTINGS
@given(value=json_values)
def test_any_value_round_trips_as_strict_json(value):
    workspace.update("takeaways", "v", value)
    saved = _strict_json(workspace.path().read_text())["takeaways"]["v"]
    assert saved == _finite(value)


# --- damaged or odd workspace files ------------------------------------------------------------------------
DAMAGED = {
    "a list": "[1, 2]",
    "answers not a mapping": '{"format": "equitylab-workspace", "version": 1, "answers": []}',
    "an answer not a record": '{"format": "equitylab-workspace", "version": 1, "answers": {"demo.lwbs_rate": 5}}',
    "attempts as text": '{"format": "equitylab-workspace", "version": 1, "answers": {"x": {"attempts": "2"}}}',
    "participant a number": '{"format": "equitylab-workspace", "version": 1, "participant": 5}',
    "version true": '{"format": "equitylab-workspace", "version": true}',
    "deep nesting": '{"format": "equitylab-workspace", "version": 1, "takeaways": {"x": ' + "[" * 60 + "]" * 60 + "}}",
    "huge nesting": "[" * 200_000 + "]" * 200_000,
    "not UTF-8": b'{"format": "equitylab-workspace", "participant": "\xe9"}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_workspace_is_set_aside_and_check_still_works(content):
    workspace.folder().mkdir(parents=True, exist_ok=True)
    (workspace.path().write_bytes if isinstance(content, bytes) else workspace.path().write_text)(content)
    with pytest.warns(WorkspaceWarning, match="kept as"):
        fb = el.check("demo.why_suppress", "b")
    assert fb.status == "correct"
    assert _strict_json(workspace.path().read_text())["answers"]["demo.why_suppress"]["status"] == "correct"
    backups = list(workspace.folder().glob("workspace.json.backup-*"))
    assert len(backups) == 1


def test_a_folder_in_place_of_the_workspace_is_moved_aside():
    workspace.path().mkdir(parents=True)
    with pytest.warns(WorkspaceWarning, match="is a folder"):
        assert el.check("demo.why_suppress", "b").status == "correct"
    assert workspace.path().is_file()


def test_a_fifo_in_place_of_the_workspace_is_not_read():
    workspace.folder().mkdir(parents=True)
    os.mkfifo(workspace.path())
    with pytest.warns(WorkspaceWarning, match="not a regular file"):
        assert workspace.load()["answers"] == {}      # returns at once: a pipe would block a reader


def test_a_huge_workspace_is_refused_not_read(monkeypatch):
    workspace.update("takeaways", "x", "y" * 2000)
    monkeypatch.setattr(workspace, "MAX_FILE_BYTES", 1000)
    with pytest.warns(WorkspaceWarning, match="larger than a workspace can be"):
        assert workspace.load()["takeaways"] == {}


@SETTINGS
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_load_never_raises_whatever_the_file_holds(content):
    workspace.folder().mkdir(parents=True, exist_ok=True)
    workspace.path().write_bytes(content)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WorkspaceWarning)
        data = workspace.load()
    assert set(workspace.SECTIONS) <= set(data) and all(isinstance(data[s], dict) for s in workspace.SECTIONS)


def test_file_with_a_byte_order_mark_is_read():
    workspace.update("takeaways", "s1", "kept")
    text = workspace.path().read_text(encoding="utf-8")
    workspace.path().write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert workspace.get("takeaways", "s1") == "kept"


def test_old_file_with_nan_is_read_and_rewritten_strict():
    workspace.folder().mkdir(parents=True)
    workspace.path().write_text('{"format": "equitylab-workspace", "version": 1, "takeaways": {"r": NaN}}')
    assert workspace.get("takeaways", "r") is None
    workspace.update("takeaways", "s", 1)
    _strict_json(workspace.path().read_text())


def test_leftover_temporary_files_are_cleaned_up():
    workspace.folder().mkdir(parents=True)
    leftover = workspace.folder() / ".workspace-abc123.tmp"
    leftover.write_text('{"half": ')
    workspace.update("takeaways", "s1", "x")
    assert not leftover.exists()


def test_participant_id_is_made_once_and_exported(tmp_path):
    workspace.set_participant("Sam")
    pid = workspace.load()["participant_id"]
    assert len(pid) == 32 and int(pid, 16) >= 0
    workspace.update("takeaways", "s1", "x")
    a, b = workspace.export(tmp_path / "a.json"), workspace.export(tmp_path / "b.json")
    assert json.loads(a.read_text())["participant_id"] == json.loads(b.read_text())["participant_id"] == pid
    assert json.loads(a.read_text())["participant"] == "Sam"


# --- import and the room folder ------------------------------------------------------------------------------
def _export(tmp_path, name):
    workspace.set_participant(name)
    return workspace.export(tmp_path / f"{name}.json")


@pytest.mark.parametrize("content, problem", [
    ('{"format": "equitylab-workspace", "version": 1, "swots": "x"}', "should be a mapping"),
    ("[" * 100 + "]" * 100, "nested"),
    (b"\xff\xfe{}", "not UTF-8"),
    ("{}", "not an Equity Lab workspace"),
])
def test_import_refuses_a_bad_file_with_its_name(tmp_path, content, problem):
    bad = tmp_path / "bad.json"
    (bad.write_bytes if isinstance(content, bytes) else bad.write_text)(content)
    with pytest.raises(WorkspaceFileError, match=problem) as err:
        workspace.import_(bad)
    assert "bad.json" in str(err.value)


def test_room_folder_skips_each_bad_file_by_name(tmp_path):
    room = tmp_path / "room"
    room.mkdir()
    _export(room, "Ana")
    (room / "broken.json").write_text("{")
    (room / "folder.json").mkdir()
    os.mkfifo(room / "pipe.json")
    with pytest.warns(WorkspaceWarning) as caught:
        workspaces = workspace.collect(room)
    skipped = " ".join(str(w.message) for w in caught)
    assert all(name in skipped for name in ("broken.json", "folder.json", "pipe.json"))
    assert [w["participant"] for w in workspaces] == ["Ana"]
    with pytest.warns(WorkspaceWarning):
        assert list(el.room(room).index) == ["Ana"]


def test_huge_import_is_refused(tmp_path, monkeypatch):
    f = _export(tmp_path, "Ana")
    monkeypatch.setattr(workspace, "MAX_FILE_BYTES", 100)
    with pytest.raises(WorkspaceFileError, match="larger than"):
        workspace.import_(f)


def test_import_replace_keeps_a_backup(tmp_path):
    f = _export(tmp_path, "Ana")
    workspace.update("takeaways", "mine", "before")
    workspace.import_(f, replace=True)
    assert list(workspace.folder().glob("workspace.json.backup-*"))
    assert workspace.load()["participant"] == "Ana"


def test_import_replace_over_a_damaged_workspace(tmp_path):
    f = _export(tmp_path, "Ana")
    workspace.path().write_bytes(b"\xff\xfe not a workspace")
    workspace.import_(f, replace=True)
    backups = list(workspace.folder().glob("workspace.json.backup-*"))
    assert [b.read_bytes() for b in backups] == [b"\xff\xfe not a workspace"]
    assert workspace.load()["participant"] == "Ana"


def _hold_lock_forever(folder, ready):
    os.environ["EQUITYLAB_WORKSPACE"] = folder
    from equitylab.checking import workspace as ws

    with ws._locked():
        ready.set()
        import time
        time.sleep(600)


def test_a_kernel_killed_while_holding_the_lock_does_not_block_others():
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    p = ctx.Process(target=_hold_lock_forever, args=(str(workspace.folder()), ready))
    p.start()
    assert ready.wait(60)
    p.kill()                        # kill -9 mid-save: the operating system releases the lock
    p.join(30)
    workspace.update("takeaways", "after", "saved")
    assert workspace.get("takeaways", "after") == "saved"
