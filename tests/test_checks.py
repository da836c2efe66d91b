"""Every check kind: right, close, wrong, missing and oddly typed answers — never a traceback."""
import numpy as np
import pandas as pd
import pytest

import equitylab as el
from equitylab import workspace
from equitylab.course.bank import encounters_std
from equitylab.checking.feedback import Feedback

LWBS = "demo.lwbs_rate"


def rate():
    return encounters_std()["ed_lwbs"].mean()


def test_exercise_table():
    table = el.exercises()
    assert list(table.columns) == ["id", "session", "kind", "prompt"]
    assert table["id"].is_unique and LWBS in set(table["id"])
    assert set(table["kind"]) <= {"number", "dataframe", "choice", "classification", "reflection"}


@pytest.mark.parametrize("answer", [..., None, "", "..."])
def test_not_attempted(answer):
    fb = el.check(LWBS, answer)
    assert fb.status == "not attempted" and str(fb).startswith("Not attempted — ")


def test_number_right_close_wrong():
    r = rate()
    assert el.check(LWBS, r).status == "correct"
    assert str(el.check(LWBS, np.float32(r))).startswith("Correct — ")
    assert el.check(LWBS, f"{100 * r:.2f}%").status == "correct"          # a percent string is read as such
    close = el.check(LWBS, 100 * r)                                        # percent given as a number
    assert close.status == "close" and "units" in close.message
    assert el.check(LWBS, r + 0.002).status == "close"
    wrong = el.check(LWBS, 0.5)
    assert wrong.status == "incorrect" and str(wrong).startswith("Incorrect — ") and wrong.hint


@pytest.mark.parametrize("answer", ["a lot", [1, 2], pd.DataFrame({"a": [1, 2]}), True, {"x": 1}, object(), float("nan")])
def test_number_odd_types_are_feedback_not_errors(answer):
    fb = el.check(LWBS, answer)
    assert fb.status == "incorrect" and isinstance(fb, Feedback)


def test_hints_get_more_specific_and_answer_never_revealed(monkeypatch):
    monkeypatch.delenv("EQUITYLAB_ROLE", raising=False)
    first = el.check(LWBS, 0.9)
    second = el.check(LWBS, 0.8)
    third = el.check(LWBS, 0.7)
    assert first.hint != second.hint and second.hint == third.hint
    assert second.attempts == 2
    expected = f"{rate():.4g}"
    for fb in (first, second, third):
        assert expected not in str(fb) and expected not in fb._repr_html_()


def test_instructor_view_shows_expected(monkeypatch):
    monkeypatch.setenv("EQUITYLAB_ROLE", "instructor")
    assert "expected" in str(el.check(LWBS, 0.9))


def test_dataframe_kind():
    good = el.stratify(encounters_std(), "readmit_30d", by="payer")[["payer", "n", "rate"]]
    assert el.check("demo.readmission_by_payer", good).status == "correct"
    assert el.check("demo.readmission_by_payer", good.sample(frac=1, random_state=1)).status == "correct"  # order free
    pct = good.assign(rate=good["rate"] * 100)
    assert el.check("demo.readmission_by_payer", pct).status == "close"
    missing_col = el.check("demo.readmission_by_payer", good[["payer", "n"]])
    assert missing_col.status == "incorrect" and "'rate'" in missing_col.message
    missing_row = el.check("demo.readmission_by_payer", good.iloc[1:])
    assert missing_row.status == "incorrect" and "missing" in missing_row.message
    assert el.check("demo.readmission_by_payer", 3.0).status == "incorrect"


def test_choice_kind():
    assert el.check("demo.why_suppress", "b").status == "correct"
    assert el.check("demo.why_suppress", 1).status == "correct"
    assert el.check("demo.why_suppress", "  small counts could identify individual patients (CMS cell-size policy)").status == "correct"
    assert el.check("demo.why_suppress", "a").status == "incorrect"
    unknown = el.check("demo.why_suppress", "because")
    assert unknown.status == "incorrect" and "choose one of" in unknown.message


def test_classification_kind():
    right = {
        "internal": ["Registration staff have no script for asking about race and ethnicity",
                     "The EHR cannot store more than one race per patient"],
        "external": ["A state Medicaid program starts paying for health equity reporting",
                     "Local community health centres want to share data"],
    }
    assert el.check("demo.internal_external", right).status == "correct"
    flat = {item: cat for cat, items in right.items() for item in items}
    assert el.check("demo.internal_external", flat).status == "correct"
    one_wrong = dict(flat)
    one_wrong["Local community health centres want to share data"] = "internal"
    assert el.check("demo.internal_external", one_wrong).status == "close"
    partial = {k: v for k, v in list(flat.items())[:2]}
    fb = el.check("demo.internal_external", partial)
    assert fb.status == "incorrect" and "not sorted" in str(fb)
    assert el.check("demo.internal_external", "internal").status == "incorrect"


def test_reflection_kind():
    assert el.check("demo.reflection", "Readmissions.").status == "incorrect"
    long = "We would start with readmissions because the penalty is large and we think interpreter access at discharge matters."
    fb = el.check("demo.reflection", long)
    assert fb.status == "correct" and "not graded" in fb.message
    assert workspace.get("answers", "demo.reflection")["answer"] == long
    assert el.check("demo.reflection", 42).status == "incorrect"


def test_feedback_html_escapes_and_statuses():
    fb = Feedback("incorrect", "<b>x</b>", hint="<script>")
    assert "<script>" not in fb._repr_html_() and "&lt;script&gt;" in fb._repr_html_()
    with pytest.raises(ValueError):
        Feedback("wrong", "x")


def test_unknown_exercise_names_the_known_ones():
    fb = el.check("demo.lwbs_rat", 1)          # feedback, not a traceback, naming the near ids
    assert fb.status == "not checked" and "'demo.lwbs_rate'" in fb.message


def test_progress_and_room(tmp_path):
    el.check(LWBS, rate())
    el.check("demo.why_suppress", "a")
    table = el.progress("demo")
    status = dict(zip(table["id"], table["status"]))
    assert status[LWBS] == "correct" and status["demo.why_suppress"] == "incorrect"
    assert status["demo.reflection"] == "not attempted"
    # a later wrong answer does not undo "correct"
    el.check(LWBS, 0.9)
    assert dict(zip(el.progress()["id"], el.progress()["status"]))[LWBS] == "correct"
    workspace.set_participant("Ana")
    workspace.export(tmp_path / "ana.json")
    room = el.room(str(tmp_path))
    assert room.loc["Ana", LWBS] == "correct"
