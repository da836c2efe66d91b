"""Room aggregates: two participants with the same name are two participants; a participant named like a
summary row does not change the summary."""
import copy
import uuid
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import equitylab as el
from equitylab import workspace
from equitylab.checking.workspace import WorkspaceWarning
from equitylab.organization import assess, swot

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _room(names, seed=0):
    people = el.datasets.room(n=len(names), seed=seed)
    for ws, name in zip(people, names):
        ws["participant"] = name
        ws["participant_id"] = uuid.uuid4().hex
    return people


def _mean_by_hand(people):
    """The room's mean area score computed independently: one Assessment per workspace."""
    scores = [assess.Assessment.from_dict(ws["assessments"]["self_assessment"]).scores()["score"] for ws in people]
    return pd.concat(scores, axis=1).mean(axis=1)


def test_two_participants_with_the_same_name_are_two_rows():
    people = _room(["Sam", "Sam", "Ana"])
    scores = assess.aggregate(people)
    assert len(scores) == 4 and scores.index[-1] == "Room average"       # 3 participants + the summary
    assert sum(label.startswith("Sam [") for label in scores.index) == 2
    pd.testing.assert_series_equal(scores.loc["Room average"], _mean_by_hand(people), check_names=False)
    assert set(scores.attrs["participant_id"].values()) == {ws["participant_id"] for ws in people}


@pytest.mark.parametrize("name", ["Room average", "room average", "Total", "All", " total "])
def test_participant_named_like_the_summary_does_not_change_it(name):
    people = _room([name, "Ana", "Lee"])
    scores = assess.aggregate(people)
    assert list(scores.index).count("Room average") == 1 and len(scores) == 4
    pd.testing.assert_series_equal(scores.loc["Room average"], _mean_by_hand(people), check_names=False)
    assert scores.loc[[ix for ix in scores.index if ix != "Room average"]].shape[0] == 3


def test_swot_counts_participants_not_names_or_swots():
    people = _room(["Sam", "Sam"])
    for ws in people:
        ws["swots"] = {"a": {"area": None, "title": "", "items": {"strengths": ["Interpreter services"],
                                                                 "weaknesses": [], "opportunities": [],
                                                                 "threats": []}}}
    people[0]["swots"]["b"] = copy.deepcopy(people[0]["swots"]["a"])     # one participant, two SWOTs
    table = swot.aggregate(people)
    assert table.attrs["n_participants"] == 2 and table.attrs["n_swots"] == 3
    assert (table["participants"] <= 2).all() and table["participants"].max() == 2


def _two_named_sam(export_to, first=None, each=None):
    """Two participants called Sam, each in a fresh workspace, exported with ``export_to(i)``; ``first`` runs for
    the first one only, ``each`` for both."""
    for i in range(2):
        for name in ("workspace.json", "workspace.json.previous"):   # a new participant: no save to restore from
            workspace.folder().joinpath(name).unlink(missing_ok=True)
        workspace.set_participant("Sam")
        if i == 0 and first:
            first()
        if each:
            each()
        workspace.export(export_to(i))


def test_faculty_room_keeps_same_named_participants_apart(tmp_path):
    _two_named_sam(lambda i: tmp_path / f"sam{i}.json", first=lambda: el.check("demo.why_suppress", "b"))
    table = el.room(tmp_path)
    assert len(table) == 2
    assert sorted(table["demo.why_suppress"]) == ["correct", "not attempted"]


def test_same_workspace_exported_twice_is_one_participant(tmp_path):
    workspace.set_participant("Ana")
    workspace.export(tmp_path / "first.json")
    el.check("demo.why_suppress", "b")
    workspace.export(tmp_path / "second.json")
    with pytest.warns(WorkspaceWarning, match="same participant"):
        table = el.room(tmp_path)
    assert list(table.index) == ["Ana"] and table.loc["Ana", "demo.why_suppress"] == "correct"


@SETTINGS
@given(names=st.lists(st.sampled_from(["Sam", "sam", "Total", "All", "Room average", "", "Ana", "Lee \u202e"])
                      | st.text(max_size=12), min_size=1, max_size=8))
def test_any_names_one_row_each_and_the_summary_is_the_mean(names):
    people = _room(names)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scores = assess.aggregate(people)
        members = workspace.members(people)
    assert len(scores) == len(names) + 1 and scores.index.is_unique
    assert len({label for _, label, _ in members}) == len(names)
    pd.testing.assert_series_equal(scores.loc["Room average"], _mean_by_hand(people), check_names=False)


def test_room_page_counts_saved_reflections_and_labels_misplaced_items_by_participant(tmp_path):
    from equitylab.course.roomview import snapshot

    _two_named_sam(lambda i: tmp_path,
                   first=lambda: el.check("demo.reflection", "Our ED registration clerks were never told why we ask "
                                                             "about race."),
                   each=lambda: swot.SWOT.load().add("strengths", "A new competitor hospital opened nearby"))  # misplaced
    snap = snapshot(tmp_path)
    row = next(t for t in snap["totals"] if t["id"] == "demo.reflection")
    assert (row["saved"], row["not attempted"], row["done"], row["n"]) == (1, 1, 1, 2)
    for t in snap["totals"]:                                  # every row adds up to the room
        assert sum(t[s] for s in ("correct", "saved", "close", "incorrect", "not attempted", "not checked")) == t["n"]
    labels = {m["participant"] for m in snap["misplaced"]}
    assert len(labels) == 2 and all(label.startswith("Sam [") for label in labels)


def test_static_room_page_by_session_and_a_busy_port_named(tmp_path, capsys):
    import socket

    from equitylab.course.cli import main

    workspace.set_participant("Ana")
    workspace.export(tmp_path / "room")
    out = tmp_path / "room.html"
    assert main(["room", str(tmp_path / "room"), "--html", str(out), "--session", "3"]) == 0
    page = out.read_text()
    assert "s3.ed_valid_share" in page and "demo.lwbs_rate" not in page and "?session=" not in page
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        port = busy.getsockname()[1]
        assert main(["room", str(tmp_path / "room"), "--watch", "--port", str(port)]) == 1
    finally:
        busy.close()
    err = capsys.readouterr().err
    assert "already in use" in err and "--port" in err and "Traceback" not in err
