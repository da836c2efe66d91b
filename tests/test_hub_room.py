"""The hub's room without a hub: names, codes, the room file, and the room page's source (fast unit tests)."""
from __future__ import annotations

import json

import pytest

from equitylab.course.room.roomfile import (Room, RoomError, SignIns, create, hub_name, load, normalize_code,
                                            system_user)


def test_names_people_type_become_hub_and_system_users():
    assert hub_name("  Maria   K ") == "maria-k" == hub_name("MARIA K") == hub_name("maria\u200b k")
    assert hub_name("O'Brien") == "obrien"
    assert hub_name("María López") == "maría-lópez"
    assert system_user("maría-lópez").startswith("el-maria-lopez-")         # ASCII, marked as changed
    assert system_user("maría-lópez") != system_user("maria-lopez")
    long = hub_name("a" * 32)
    assert len(system_user(long)) <= 32
    for bad, says in (("", "Type your name"), ("<b>", "Names can use"), ("x" * 40, "at most 32")):
        with pytest.raises(RoomError, match=says):
            hub_name(bad)


def test_codes_and_room_file(tmp_path):
    room = create(tmp_path, ["Ana Diaz"], code="lake 7q4m-2xnc")
    assert normalize_code(room.room_code) == "LAKE7Q4M2XNC" and len(room.faculty_code) >= 32
    assert oct((tmp_path / "room.yml").stat().st_mode & 0o777) == "0o600"
    assert load(tmp_path).faculty_names == ["ana-diaz"]
    with pytest.raises(RoomError, match="exists already"):
        create(tmp_path, ["Ana Diaz"])
    with pytest.raises(RoomError, match="too short"):
        create(tmp_path / "b", ["Ana"], code="abc")
    with pytest.raises(RoomError, match="at least one faculty"):
        create(tmp_path / "c", [" "])
    (tmp_path / "room.yml").write_text((tmp_path / "room.yml").read_text() + "colour: blue\n")
    with pytest.raises(RoomError, match="unknown setting"):
        load(tmp_path)
    with pytest.raises(RoomError, match="create one"):
        load(tmp_path / "nowhere")


def test_sign_ins_survive_and_release(tmp_path):
    s = SignIns(tmp_path)
    s.claim("maria-k", "Maria  K")
    assert SignIns(tmp_path).display("maria-k") == "Maria K"
    s.expect(["Early Bird"])
    assert s.display("early-bird") == "Early Bird"
    assert s.release("maria-k") and not s.release("maria-k")
    (tmp_path / "signed_in.json").write_text("{not json")
    assert SignIns(tmp_path).all() == {}                   # a damaged file is set aside, the room goes on


def test_room_source_reads_homes_and_lists_who_saved_nothing(tmp_path):
    pytest.importorskip("jupyterhub")
    from equitylab.course import roomview
    from equitylab.course.room.service import HubRoom

    room = Room(folder=tmp_path, room_code="ABCD2345", faculty_code="x" * 32, faculty=["Fac"], api_token="t",
                home_root=str(tmp_path / "home"))
    SignIns(tmp_path).claim("ana", "Ana")
    SignIns(tmp_path).claim("ben", "Ben")
    ws = room.workspace("ana")
    ws.parent.mkdir(parents=True)
    ws.write_text(json.dumps({"format": "equitylab-workspace", "version": 1, "participant": "Ana",
                              "participant_id": "a1", "answers": {"demo.why_suppress": {"status": "correct",
                              "answer": "b", "attempts": 1}}, "swots": {}, "assessments": {}, "plans": {},
                              "takeaways": {}}))
    source = HubRoom(room, [{"name": "ana"}, {"name": "ben"}, {"name": "fac", "admin": True}])
    workspaces, problems, waiting = source.read()
    assert [w["participant"] for w in workspaces] == ["Ana"] and waiting == ["Ben"] and not problems
    data = roomview.snapshot(source, "demo")
    assert data["participants"] == 2
    why = [t for t in data["totals"] if t["id"] == "demo.why_suppress"][0]
    assert why["correct"] == 1
    # Kubernetes: homes elsewhere, found by a glob and matched by the name each workspace carries
    room.workspaces = str(tmp_path / "home" / "*" / "equitylab" / "my_equitylab" / "workspace.json")
    workspaces, _, waiting = HubRoom(room, [{"name": "ana"}, {"name": "ben"}]).read()
    assert [w["participant"] for w in workspaces] == ["Ana"] and waiting == ["Ben"]
