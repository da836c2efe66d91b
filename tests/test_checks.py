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


def test_exercise_table(monkeypatch):
    monkeypatch.delenv("EQUITYLAB_ROLE", raising=False)
    table = el.exercises()
    assert list(table.columns) == ["id", "session", "kind", "prompt", "options", "items"]
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
    assert el.check(LWBS, round(r, 2)).status == "correct"                 # two decimals, as the prompt asks
    assert el.check(LWBS, f"{100 * r:.0f}%").status == "correct"           # a whole percent with a % sign
    assert el.check(LWBS, round(100 * r)).status == "close"                # a whole percent without it
    assert el.check(LWBS, round(r, 1)).status == "close"                   # rounded too far
    negative = el.check(LWBS, -r)                                          # a share is never negative:
    assert negative.status == "incorrect" and "subtracted" not in negative.message   # no sign-slip hint
    from equitylab.checking.registry import get_exercise
    gap = float(get_exercise("s3.readmission_gap").expected())
    slip = el.check("s3.readmission_gap", -gap)                            # a difference: a sign slip is close
    assert slip.status == "close" and "subtracted" in slip.message
    assert el.check(LWBS, r + 0.02).status == "incorrect"                  # another value: not "close"
    wrong = el.check(LWBS, 0.5)
    assert wrong.status == "incorrect" and str(wrong).startswith("Incorrect — ") and wrong.hint


@pytest.mark.parametrize("answer", ["a lot", [1, 2], pd.DataFrame({"a": [1, 2]}), True, {"x": 1}, object(), float("nan")])
def test_number_odd_types_are_feedback_not_errors(answer):
    fb = el.check(LWBS, answer)
    # words that hold no number are not an attempt ("not checked"); a value of another kind is "incorrect"
    assert fb.status == ("not checked" if isinstance(answer, str) else "incorrect") and isinstance(fb, Feedback)


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
    assert el.check("demo.why_suppress", 2).status == "correct"             # numbered from 1
    assert el.check("demo.why_suppress", "2").status == "correct"
    assert el.check("demo.why_suppress", "(b)").status == "correct" and el.check("demo.why_suppress", "B.").correct
    assert el.check("demo.why_suppress", 1).status == "incorrect"
    assert el.check("demo.why_suppress", "  small counts could identify individual patients (CMS cell-size policy)").status == "correct"
    assert el.check("demo.why_suppress", "b) Small counts could identify individual patients (CMS cell-size policy)").status == "correct"
    assert el.check("demo.why_suppress", "identify individual patients").status == "correct"   # a unique short form
    assert el.check("demo.why_suppress", "a").status == "incorrect"
    unknown = el.check("demo.why_suppress", "because")
    assert unknown.status == "not checked" and "couldn't match that" in unknown.message


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
    short = el.check("demo.reflection", "Readmissions.")
    assert short.status == "saved" and "(1 word)" in short.message and "say a little more" in short.message
    long = "We would start with readmissions because the penalty is large and we think interpreter access at discharge matters."
    fb = el.check("demo.reflection", long)
    assert fb.status == "saved" and str(fb).startswith("Saved — ") and "not graded" in fb.message
    assert workspace.get("answers", "demo.reflection")["answer"] == long
    assert el.check("demo.reflection", 42).status != "incorrect"
    assert dict(zip(el.progress("demo")["id"], el.progress("demo")["status"]))["demo.reflection"] == "saved"


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
    # a later wrong answer is the status the cell shows, in progress and in the room (issue 17); "best" remembers
    el.check(LWBS, 0.9)
    assert dict(zip(el.progress()["id"], el.progress()["status"]))[LWBS] == "incorrect"
    assert workspace.get("answers", LWBS)["best"] == "correct"
    workspace.set_participant("Ana")
    workspace.export(tmp_path / "ana.json")
    room = el.room(str(tmp_path))
    assert room.loc["Ana", LWBS] == "incorrect" and room.loc["Ana", "demo.why_suppress"] == "incorrect"


def test_exercise_table_has_options_items_and_instructor_answers(monkeypatch):
    monkeypatch.setenv("EQUITYLAB_ROLE", "instructor")
    table = el.exercises().set_index("id")
    assert "answer" in table.columns
    assert table.loc["demo.why_suppress", "options"][1].startswith("Small counts")
    assert len(table.loc["s2.swot_sort", "items"]) == 8
    for exercise_id, row in table.iterrows():       # the answer key, typed as a learner would, is correct
        if row["kind"] != "reflection":
            assert el.check(exercise_id, row["answer"]).status == "correct", exercise_id


def test_same_precision_rules_in_every_proportion_exercise():
    from equitylab.checking.registry import get_exercise

    for exercise_id in el.exercises()["id"]:
        ex = get_exercise(exercise_id)
        if ex.kind == "number" and ex.percent:
            value = float(ex.expected())
            assert "two decimals" in ex.prompt, exercise_id
            assert el.check(exercise_id, round(value, 2)).status == "correct", exercise_id
            assert el.check(exercise_id, f"{100 * value:.0f}%").status == "correct", exercise_id
            assert el.check(exercise_id, round(100 * value)).status == "close", exercise_id


def test_a_value_from_the_wrong_row_is_incorrect():
    table = el.stratify(encounters_std(), "readmit_30d", by="race_ethnicity", reference="White")
    other = table.loc[table["race_ethnicity"] == "Hispanic or Latino", "rate_difference"].item()
    assert el.check("s3.readmission_gap", other).status == "incorrect"


def test_classification_items_by_number():
    assert el.check("demo.internal_external", {1: "internal", 2: "external", 3: "internal", 4: "external"}).correct


def test_ask_shows_the_bank_prompt_with_options_and_items():
    from equitylab.checking.registry import get_exercise

    for exercise_id in el.exercises()["id"]:
        ex, q = get_exercise(exercise_id), el.ask(exercise_id)
        for text in [ex.prompt, *(ex.options or []), *(ex.items or [])]:
            assert text in str(q), (exercise_id, text)
        assert ex.prompt.replace("'", "&#x27;").replace('"', "&quot;") in q._repr_html_()


def test_code_exercises_show_a_pattern():
    from equitylab.checking.registry import get_exercise

    for exercise_id in el.exercises()["id"]:
        ex = get_exercise(exercise_id)
        if ex.kind in ("number", "dataframe", "classification"):
            assert ex.pattern, exercise_id


def test_progress_lists_the_sessions_takeaways():
    table = el.progress("2")
    assert {"s2.takeaway.swot", "s2.takeaway.assessment"} <= set(table["id"])
    assert dict(zip(table["id"], table["status"]))["s2.takeaway.swot"] == "not attempted"
    el.swot.SWOT.load().add("strengths", "CEO champions the pledge")
    table = el.progress("2")
    assert dict(zip(table["id"], table["status"]))["s2.takeaway.swot"] == "saved"
    assert "1 strengths, 0 weaknesses" in dict(zip(table["id"], table["prompt"]))["s2.takeaway.swot"]
    assert table.attrs["summary"]["2"].startswith("1/")


def test_exports_of_two_participants_with_one_name_do_not_overwrite(tmp_path, monkeypatch):
    first = tmp_path / "a"
    (tmp_path / "room").mkdir()
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(first))
    workspace.set_participant("Ana")
    a = workspace.export(tmp_path / "room")
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / "b"))
    workspace.set_participant("Ana")
    b = workspace.export(tmp_path / "room")
    assert a != b and a.exists() and b.exists() and "Ana" in a.name
    assert workspace.export(tmp_path / "room") == b            # the same participant: the same file
    room = el.room(str(tmp_path / "room"))
    assert len(room) == 2 and all(name.startswith("Ana") for name in room.index)


def test_dataframe_close_only_for_units_or_rounding():
    good = el.stratify(encounters_std(), "readmit_30d", by="payer")[["payer", "n", "rate"]]
    assert el.check("demo.readmission_by_payer", good.round({"rate": 2})).status == "correct"
    assert el.check("demo.readmission_by_payer", good.round({"rate": 1})).status == "close"
    shifted = good.assign(rate=good["rate"].to_numpy()[::-1])      # rates from the wrong rows
    assert el.check("demo.readmission_by_payer", shifted).status == "incorrect"


def test_second_dimension_options_have_exactly_one_true_answer():
    from equitylab.course.bank.s3 import EXPLAINED_OPTIONS, _explained

    conditions = [lambda c, w: abs(w) < abs(c) / 2, lambda c, w: w * c > 0 and abs(w) >= abs(c) / 2,
                  lambda c, w: w * c <= 0 and abs(w) >= abs(c) / 2]
    for crude in (0.05, 0.01, -0.04):
        for within in np.linspace(-0.1, 0.1, 81):
            true = [opt for opt, cond in zip(EXPLAINED_OPTIONS, conditions) if cond(crude, within)]
            assert len(true) == 1 and _explained(crude, within) == true[0], (crude, within)


def test_no_prompt_or_unit_note_gives_the_answer_away():
    from equitylab.checking.registry import get_exercise

    for exercise_id in el.exercises()["id"]:
        ex = get_exercise(exercise_id)
        if ex.kind == "number":
            key = ex.answer_key()
            shown = {f"{key:.{ex.digits}f}", f"{100 * key:.0f}%" if ex.percent else f"{key:.0f}"}
            assert not any(f"e.g. {s}" in ex.prompt or f"e.g. \"{s}" in ex.prompt for s in shown), exercise_id
            note = el.check(exercise_id, key * 100 if ex.percent else key / 100).message
            assert not any(s in note for s in shown if len(s) > 1), (exercise_id, note)


def test_a_value_read_off_a_table_and_rounded_is_correct():
    """s4.exit_gap: a table shows 0.035 for 0.0349; read off and rounded to two decimals it is 0.04 — or 0.03."""
    from equitylab.checking.checkers import _check_number
    from equitylab.checking.registry import get_exercise

    ex = get_exercise(LWBS)      # a proportion to two decimals (tolerance 0.005)
    for truth, answers in ((0.0349, (0.04, 0.03, "4%", "3%")), (0.7253, (0.72, 0.73))):
        for answer in answers:
            assert _check_number(ex, answer, truth).status == "correct", (truth, answer)
    assert _check_number(ex, 0.05, 0.0349).status == "incorrect"
    assert _check_number(ex, 0.02, 0.0349).status == "incorrect"


@pytest.mark.parametrize("answer, status, words", [
    (pd.Series([pd.NA], dtype="Int64"), "incorrect", "missing"),      # a suppressed count taken from a table
    (np.array(["abc"]), "incorrect", "text"),
    (pd.Series(["abc"]), "incorrect", "text"),
    (10 ** 400, "incorrect", "too large"),
    (1 + 2j, "incorrect", "complex"),
    ([1, 2], "incorrect", "2 values"),
])
def test_odd_numbers_get_feedback_that_names_them(answer, status, words):
    fb = el.check(LWBS, answer)
    assert fb.status == status and words in fb.message and "could not be checked" not in fb.message, fb.message


def test_one_element_list_and_decimal_comma_are_read():
    r = round(rate(), 2)
    assert el.check(LWBS, [r]).status == "correct"
    assert el.check(LWBS, f"{r:.2f}".replace(".", ",")).status == "correct"     # "0,28"
    from equitylab.checking.checkers import _as_number
    assert _as_number("1,234")[0] == 1234 and _as_number("0,28")[0] == 0.28 and _as_number("12,5%")[:3:2] == (12.5, True)


def test_category_spellings_learners_use_are_read():
    from equitylab.checking.checkers import _category_of, category_forms

    cats = ["patient", "organization", "community"]
    forms = category_forms(cats)
    for typed, cat in (("Organizational", "organization"), ("organisation", "organization"),
                       ("organisational", "organization"), ("Patients", "patient"), ("comm", "community")):
        assert _category_of(typed, forms, cats) == cat, typed
    assert _category_of("societal", forms, cats) is None


def test_export_to_a_shared_folder_not_made_yet_creates_it(tmp_path, monkeypatch):
    """The first export of the day names a room folder that does not exist: a folder, not one shared file."""
    import stat

    paths = []
    for who in ("Alice", "Sam"):
        monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / who))
        workspace.set_participant(who)
        paths.append(workspace.export(str(tmp_path / "share") + "/"))
    assert (tmp_path / "share").is_dir() and len({p.name for p in paths}) == 2 and all(p.exists() for p in paths)
    assert all(p.suffix == ".json" and p.parent == tmp_path / "share" for p in paths)
    assert workspace.export(tmp_path / "other").parent == tmp_path / "other"         # no slash: a folder too
    assert workspace.export(tmp_path / "mine.json") == tmp_path / "mine.json"        # a .json name: that file
    assert stat.S_IMODE(paths[0].stat().st_mode) == 0o644                            # faculty can read it
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(OSError, match="not a folder or a .json export"):
        workspace.export(tmp_path / "notes.txt")
    assert len(el.room(str(tmp_path / "share"))) == 2


def test_one_column_given_for_a_table_is_named_as_such():
    t = el.stratify(encounters_std(), "readmit_30d", by="payer")
    fb = el.check("demo.readmission_by_payer", t["rate"])
    assert fb.status == "incorrect" and "one column ('rate')" in fb.message and "level_0" not in fb.message
