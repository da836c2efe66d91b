"""Attempts and statuses at the rule: re-running a notebook (Run All, a restart) with the same answers is not a new
attempt and changes no status; the saved status is the latest check's, as the cell shows it."""
import equitylab as el
from equitylab import workspace
from equitylab.checking.registry import get_exercise

LWBS = "demo.lwbs_rate"


def _saved(exercise_id):
    return workspace.get("answers", exercise_id)


def test_the_same_answer_run_again_is_one_attempt():
    for _ in range(5):                                  # Run All five times; the cell's answer never changed
        fb = el.check("s2.weakest_area", get_exercise("s2.weakest_area").answer_key())
    record = _saved("s2.weakest_area")
    assert record["attempts"] == 1 and fb.attempts == 1
    assert el.progress("2").set_index("id").loc["s2.weakest_area", "attempts"] == 1


def test_a_different_answer_is_a_new_attempt_and_hints_advance_only_then():
    first = el.check(LWBS, 0.9)
    again = el.check(LWBS, 0.9)
    second = el.check(LWBS, 0.8)
    assert (first.attempts, again.attempts, second.attempts) == (1, 1, 2)
    assert first.hint == again.hint and second.hint != first.hint


def test_status_after_a_wrong_second_try_is_the_latest_everywhere(tmp_path):
    el.check("s2.peer_continuing", get_exercise("s2.peer_continuing").answer_key())
    assert _saved("s2.peer_continuing")["status"] == "correct"
    cell = el.check("s2.peer_continuing", 80)           # the cell shows "incorrect" ...
    assert cell.status == "incorrect"
    record = _saved("s2.peer_continuing")
    assert record["status"] == "incorrect" and record["best"] == "correct" and record["attempts"] == 2
    assert el.progress("2").set_index("id").loc["s2.peer_continuing", "status"] == "incorrect"   # ... and so does progress
    workspace.set_participant("Ana")
    workspace.export(tmp_path)
    assert el.room(tmp_path).loc["Ana", "s2.peer_continuing"] == "incorrect"                   # ... and the room
    el.check("s2.peer_continuing", 80)                  # a re-run flips nothing
    assert _saved("s2.peer_continuing")["attempts"] == 2


def test_an_older_record_shows_its_latest_status():
    workspace.update("answers", LWBS, {"status": "correct", "last_status": "incorrect", "attempts": 2, "answer": 0.9})
    assert el.progress("demo").set_index("id").loc[LWBS, "status"] == "incorrect"
