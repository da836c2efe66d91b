"""The room page steers the discussion: which answers people gave (checked against counts made by hand), the room's
CLAS self-check, reflections only when faculty ask, exercises by their notebook numbers in the order of the day,
names hidden on the projector, and one bad export never hides the rest of the room (issues 17 and 18)."""
import re
from collections import Counter

import pytest

import equitylab as el
from equitylab.checking.registry import get_exercise
from equitylab.course import bank  # noqa: F401  (registers the exercises)
from equitylab.course.roomview import render_room, snapshot

CHOICE, NUMBER = "s3.second_dimension", "s2.peer_continuing"


class Room:
    def __init__(self, people, waiting=()):
        self.people, self.waiting = people, list(waiting)

    def read(self):
        return self.people, [], self.waiting


def _room(choices, numbers, names=None):
    """One workspace per answer pair; the status is what el.check says about the answer (the real checker)."""
    people = el.datasets.room(n=len(choices), seed=2)
    for i, (ws, c, x) in enumerate(zip(people, choices, numbers)):
        ws["participant_id"] = f"{i + 1:032x}"
        if names:
            ws["participant"] = names[i]
        ws["answers"] = {}
        for eid, answer in ((CHOICE, c), (NUMBER, x)):
            if answer is not None:
                ws["answers"][eid] = {"status": el.check(eid, answer).status, "answer": answer, "attempts": 1}
    return people


@pytest.fixture(scope="module")
def keys():
    return get_exercise(CHOICE).answer_key(), get_exercise(NUMBER).answer_key()


def test_choice_and_number_spreads_match_counts_made_by_hand(keys):
    right, value = keys
    options = get_exercise(CHOICE).options
    wrong = [o for o in options if o != right]
    choices = [right] * 4 + [wrong[0]] * 3 + ["c"] + [None, wrong[1]]       # "c" is option c by its letter
    numbers = [value, value, value + 20, 80, 80, 80, None, 8000, value, 0.8]
    snap = snapshot(Room(_room(choices, numbers)), session=None)
    total = {t["id"]: t for t in snap["totals"]}
    spread = total[CHOICE]["spread"]
    by_hand = Counter(options[2] if c == "c" else c for c in choices if c is not None)
    assert {b["label"].split(") ", 1)[1]: b["count"] for b in spread["bars"]} == {o: by_hand[o] for o in options}
    assert [b["label"].split(") ", 1)[1] for b in spread["bars"] if b["correct"]] == [right]
    assert spread["answered"] == 9 and total[CHOICE]["correct"] == 4
    top = spread["wrong"][0]
    assert top["label"].endswith(Counter(c for c in by_hand.elements() if c != right).most_common(1)[0][0])
    numeric = total[NUMBER]["spread"]
    given = Counter(f"{float(x):.0f}" for x in numbers if x is not None)
    assert {b["label"]: b["count"] for b in numeric["bars"]} == dict(given)
    assert [b["label"] for b in numeric["bars"] if b["correct"]] == [f"{value:.0f}"]
    assert numeric["wrong"][0] == {"label": "80", "count": 3}


def test_exercises_by_notebook_number_in_the_order_of_the_day():
    snap = snapshot(Room([]))
    numbers = [t["number"] for t in snap["totals"]]
    sessions = [t["session"] for t in snap["totals"]]
    day = ["demo", "1", "2", "3", "4", "5", "closing"]
    assert sessions == sorted(sessions, key=day.index)
    assert all(numbers), [t["id"] for t in snap["totals"] if not t["number"]]
    s3 = [n for n, s in zip(numbers, sessions) if s == "3"]
    assert s3 == [f"3.{i}" for i in range(1, len(s3) + 1)]
    assert next(t for t in snap["totals"] if t["id"] == CHOICE)["number"] == "3.4"


def test_names_hidden_and_reflections_off_by_default(keys):
    right, value = keys
    people = _room([right, "a"], [value, 80], names=["Ana Projector", "Ben Projector"])
    people[0]["answers"]["demo.reflection"] = {"status": "saved", "attempts": 1,
                                               "answer": "Our clerks were never told why we ask about race."}
    page = render_room(Room(people), refresh=5)
    assert "Projector" not in page and "never told why" not in page
    assert 'href="?session=&amp;names=1"' in page or "names=1" in page
    faculty = render_room(Room(people), refresh=5, names=True, reflections=True)
    assert "Ana Projector" in faculty and "never told why" in faculty


def test_the_clas_self_check_of_the_room_lowest_first():
    people = el.datasets.room(n=3, seed=4)
    ratings = [{"5": 0, "7": "Planning begun", "1": 3}, {"5": 1, "7": 0, "1": 2}, {"5": "Not yet addressed"}]
    for i, (ws, r) in enumerate(zip(people, ratings)):
        ws["participant_id"] = f"{i + 1:032x}"
        ws["assessments"]["clas"] = {"ratings": r}
    clas = snapshot(Room(people), session="5")["clas"]
    rows = {r["standard"]: r for r in clas["rows"]}
    assert (rows[5]["mean"], rows[5]["rated"], rows[5]["steps"]) == (round(1 / 3, 1), 3, [2, 1, 0, 0])
    assert (rows[7]["mean"], rows[1]["mean"]) == (0.5, 2.5)
    assert [r["standard"] for r in clas["rows"][:3]] == [5, 7, 1] and rows[5]["lowest"] and rows[1]["lowest"]
    assert rows[2]["rated"] == 0 and not rows[2]["lowest"]
    assert snapshot(Room(people), session="3")["clas"] is None


def test_one_bad_export_is_skipped_by_name_and_the_room_still_shows(tmp_path):
    people = el.datasets.room(n=4, seed=5)
    for i, ws in enumerate(people):
        ws["participant_id"] = f"{i + 1:032x}"
        ws["source"] = f"file{i}.json"
    people[0]["swots"]["organization"]["items"] = {"strengths": "Interpreter services", "weaknesses": [],
                                                   "opportunities": [], "threats": []}
    people[1]["assessments"]["self_assessment"]["answers"]["real.collect"] = "Halfway there"
    people[2]["assessments"]["clas"] = {"ratings": {"5": "sort of"}}
    snap = snapshot(Room(people))
    assert snap["themes"] and snap["scores"]
    alone = snapshot(Room(people[:1]))["themes"]            # a string of items is one item, not one per letter
    assert sum(t["strengths"] for t in alone) == 1
    assert any("file1.json" in w and "self-assessment" in w for w in snap["warnings"])
    assert any("file2.json" in w and "CLAS" in w for w in snap["warnings"])
    assert len(snap["scores"]["rows"]) == 3 + 1                  # three readable self-assessments + the average


def test_bidi_and_zero_width_names_are_stripped_and_isolated(keys):
    right, value = keys
    people = _room([right, right], [value, value], names=["Ev\u202eil\u200b Name\u2066", "Sam"])
    page = render_room(Room(people, waiting=["Lee\u202e\u200d"]), refresh=5, names=True)
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200f]", page)
    assert "<bdi>Evil Name</bdi>" in page and "<bdi>Lee</bdi>" in page


def test_duplicate_warnings_name_both_files_and_a_nameless_label_stays(tmp_path):
    from equitylab import workspace

    workspace.set_participant("")
    workspace.export(tmp_path / "first.json")
    el.check("demo.why_suppress", "b")
    workspace.export(tmp_path / "second.json")
    snap = snapshot(tmp_path)
    assert snap["participants"] == 1
    assert any("first.json" in w and "second.json" in w for w in snap["warnings"])
    label = snap["rows"][0]["participant"]
    (tmp_path / "a-earlier.json").write_text((tmp_path / "second.json").read_text().replace(
        workspace.load()["participant_id"], "f" * 32))       # another nameless participant arrives, sorted first
    again = snapshot(tmp_path)
    assert label in [r["participant"] for r in again["rows"]] and again["participants"] == 2


def test_text_mode_honours_the_session_and_fits_80_columns(tmp_path, capsys, monkeypatch, keys):
    import json

    from equitylab.course.cli import main

    right, value = keys
    people = _room([right, "a", "b"], [value, 80, None], names=["Ana", "B" * 60, "Eve\u202e\x1b[2JRed"])
    for i, ws in enumerate(people):
        (tmp_path / f"p{i}.json").write_text(json.dumps(ws))
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["room", str(tmp_path), "--session", "3"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80, [line for line in lines if len(line) > 80]
    assert "3.4" in out and "s3.second_dimension" in out and "s2.peer_continuing" not in out
    assert "3 participants" in out and "\u202e" not in out and "\x1b" not in out
    assert main(["room", str(tmp_path)]) == 0
    everything = capsys.readouterr().out
    assert "s2.peer_continuing" in everything and "most common wrong (1): 80" in everything
    assert max(map(len, everything.splitlines())) <= 80


def test_odd_saved_answers_never_break_the_page(keys):
    right, value = keys
    people = _room([right, right], [value, value])
    people[0]["answers"][CHOICE]["answer"] = {"weird": [1, {"x": None}]}
    people[1]["answers"][NUMBER]["answer"] = [1, 2, 3]
    people[1]["answers"]["s2.swot_sort"] = {"status": "incorrect", "answer": "not a mapping", "attempts": 1}
    snap = snapshot(Room(people))
    spread = {t["id"]: t["spread"] for t in snap["totals"]}
    assert spread[CHOICE]["answered"] == 2 and spread[NUMBER]["answered"] == 2
    assert any(b["label"] == "not a number" for b in spread[NUMBER]["bars"])


def test_a_rehearsal_room_with_statuses_from_the_checks(tmp_path, capsys):
    from equitylab.checking.checkers import CHECKERS
    from equitylab.course.cli import main
    from equitylab.course.roomspread import rehearsal_room

    room = rehearsal_room(4, seed=1)
    ws = room[0]
    for eid, record in list(ws["answers"].items())[:6]:          # each status is what the check says
        ex = get_exercise(eid)
        if ex.kind != "reflection":
            assert CHECKERS[ex.kind](ex, record["answer"], ex.expected()).status == record["status"], eid
    assert main(["room", str(tmp_path / "rehearsal"), "--rehearse", "3", "--session", "5"]) == 0
    out = capsys.readouterr().out
    assert "wrote 3 synthetic" in out and "The room: 3 participants" in out and "CLAS self-check of 3" in out
    assert max(map(len, out.splitlines()[1:])) <= 80            # after the "wrote … into <path>" line
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "ana.json").write_text("{}")
    assert main(["room", str(tmp_path / "real"), "--rehearse", "3"]) == 1
    assert "holds participants' exports" in capsys.readouterr().err
