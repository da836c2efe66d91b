"""Clear errors, never a raw traceback for a learner: check(), data files, inputs, the command line."""
import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import equitylab as el
from equitylab import workspace
from equitylab._validate import check_data_file, printable, require_columns
from equitylab.checking.engine import AnswerKeyError
from equitylab.checking.registry import exercise
from equitylab.course.cli import main
from equitylab.data import extract

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@exercise("doc.broken_key", session="demo", kind="number", prompt="An exercise whose answer key has a bug.")
def _broken():
    return {}["no such key"]


# --- check() ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("wrong, near", [("demo.lwbs_rat", "demo.lwbs_rate"), ("s3.readmision_gap", "s3.readmission_gap"),
                                         ("DEMO.WHY_SUPPRESS", "demo.why_suppress")])
def test_unknown_id_names_the_nearest_known_ids(wrong, near):
    fb = el.check(wrong, 0.1)
    assert fb.status == "not checked" and repr(near) in fb.message and "el.exercises()" in fb.message


@pytest.mark.parametrize("bad_id", [None, 3, ["demo.lwbs_rate"]])
def test_an_id_that_is_not_text_gives_feedback(bad_id):
    assert el.check(bad_id, 1).status == "not checked"


class _ReprRaises:
    def __repr__(self):
        raise RuntimeError("no repr")


def _recursive_list():
    a = [1]
    a.append(a)
    return a


def _recursive_dict():
    d = {}
    d["self"] = d
    return d


def _deep(n):
    x = 0
    for _ in range(n):
        x = [x]
    return x


@pytest.mark.parametrize("answer", [_recursive_list(), _recursive_dict(), _deep(100), _deep(50_000), _ReprRaises(),
                                    [_ReprRaises()], {"a": _ReprRaises()}],
                         ids=["recursive list", "recursive dict", "deep 100", "deep 50000", "repr raises",
                              "list of repr raises", "dict of repr raises"])
@pytest.mark.parametrize("exercise_id", ["demo.lwbs_rate", "demo.why_suppress", "demo.reflection",
                                         "demo.readmission_by_payer", "demo.internal_external"])
def test_odd_answers_give_feedback_not_a_traceback(exercise_id, answer):
    fb = el.check(exercise_id, answer)
    assert fb.status in ("incorrect", "not checked", "close") or (exercise_id == "demo.reflection" and fb.status == "not attempted")
    str(fb), fb._repr_html_()


def test_an_answer_over_the_size_limit_is_refused_with_a_message():
    fb = el.check("demo.reflection", "equity " * 30_000)
    assert fb.status == "not checked" and "too large" in fb.message
    assert workspace.get("answers", "demo.reflection") is None


def test_a_bug_in_the_answer_key_is_never_incorrect(monkeypatch):
    monkeypatch.delenv("EQUITYLAB_STRICT")
    fb = el.check("doc.broken_key", 0.5)
    assert fb.status == "not checked" and "could not be checked — tell your facilitator" in fb.message
    assert "KeyError" in fb.message and "incorrect" not in str(fb).lower().split("—")[0]


def test_a_bug_in_the_answer_key_raises_in_strict_mode():
    assert os.environ["EQUITYLAB_STRICT"] == "1"        # conftest.py sets it for the whole suite
    with pytest.raises(AnswerKeyError, match="doc.broken_key"):
        el.check("doc.broken_key", 0.5)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_unwritable_workspace_checked_but_not_saved(monkeypatch, code):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    fb = el.check("demo.why_suppress", "b")
    assert fb.status == "correct"
    text = str(fb)
    assert "checked but not saved" in text and str(workspace.folder().resolve()) in text
    assert os.strerror(code) in text


def test_lock_that_cannot_be_created_is_checked_but_not_saved(monkeypatch):
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", "/proc/equitylab-cannot-write-here")
    fb = el.check("demo.why_suppress", "b")
    assert fb.status == "correct" and "checked but not saved" in str(fb)


# --- data files: one message each, naming the file ---------------------------------------------------------------
GOOD = "race_ethnicity,ed_lwbs\nWhite,0\nAsian,1\n"
BAD_FILES = {
    "latin-1 text": ("x.csv", "race_ethnicity,ed_lwbs\nMéxico,0\n".encode("latin-1"), "not UTF-8"),
    "ragged row": ("x.csv", b"race_ethnicity,ed_lwbs\nWhite,0\nAsian,1,extra\n", "line 3: 3 fields where the header has 2"),
    "short row": ("x.csv", b"race_ethnicity,ed_lwbs\nWhite\n", "line 2: 1 fields"),
    "empty file": ("x.csv", b"", "is empty"),
    "header only": ("x.csv", b"race_ethnicity,ed_lwbs\n", "header row but no data rows"),
    "blank lines": ("x.csv", b"\n\n", "only blank lines"),
    "repeated header": ("x.csv", b"race_ethnicity,race_ethnicity\nWhite,Asian\n", "appears more than once"),
    "wrong extension": ("x.xlsx", b"PK\x03\x04", "is not one of"),
    "no extension": ("x", GOOD.encode(), "is not one of"),
    "not parquet": ("x.parquet", b"race_ethnicity\nWhite\n", "not a readable parquet file"),
}


@pytest.mark.parametrize("name, content, problem", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_data_files_one_message_each(tmp_path, name, content, problem):
    f = tmp_path / name
    f.write_bytes(content)
    for read in (check_data_file, extract.load):
        with pytest.raises(ValueError, match=problem) as err:
            read(f)
        assert f.name in str(err.value)


def test_folder_and_missing_file(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder"):
        extract.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="No data file"):
        extract.load(tmp_path / "nope.csv")


def test_empty_parquet_and_bom_csv(tmp_path):
    pd.DataFrame({"race_ethnicity": pd.Series([], dtype=str)}).to_parquet(tmp_path / "e.parquet")
    with pytest.raises(ValueError, match="e.parquet has columns but no rows"):
        extract.load(tmp_path / "e.parquet")
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    df = extract.load(tmp_path / "bom.csv")
    assert list(df["race_ethnicity"]) == ["White", "Asian"]


@SETTINGS
@given(content=st.binary(max_size=200))
def test_any_bytes_as_an_extract_load_or_one_clear_error(tmp_path, content):
    f = tmp_path / "extract.csv"
    f.write_bytes(content)
    try:
        extract.load(f)
    except (ValueError, OSError) as exc:
        assert "extract.csv" in str(exc) or "extract has no column" in str(exc)


# --- inputs -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("values", ["White", b"White", 5, None, {"a": "White"}, np.array([["W"]])])
def test_standardize_refuses_what_is_not_a_column(values):
    with pytest.raises(TypeError, match="standardize\\(\\) takes"):
        el.real.standardize(values, "race_ethnicity")


def test_duplicated_multiindex_and_non_text_column_names(enc):
    dup = pd.concat([enc[["race_ethnicity", "ed_lwbs"]], enc[["race_ethnicity"]]], axis=1)
    with pytest.raises(ValueError, match="'race_ethnicity' appears 2 times"):
        el.stratify(dup, "ed_lwbs", by="race_ethnicity")
    multi = enc[["race_ethnicity", "ed_lwbs"]].copy()
    multi.columns = pd.MultiIndex.from_tuples([("race_ethnicity", ""), ("ed_lwbs", "")])
    with pytest.raises(ValueError, match="MultiIndex"):
        el.stratify(multi, "ed_lwbs", by="race_ethnicity")
    numbered = enc[["race_ethnicity", "ed_lwbs"]].copy()
    numbered.columns = [0, 1]
    with pytest.raises(ValueError, match="not text"):
        el.stratify(numbered, "ed_lwbs", by="race_ethnicity")
    with pytest.raises(TypeError, match="given as text"):
        require_columns(numbered, [0], what="stratify()")
    with pytest.raises(ValueError, match="appears 2 times"):
        require_columns(dup, ["race_ethnicity"], what="audit()")


@SETTINGS
@given(text=st.text())
def test_printable_has_no_control_characters(text):
    import unicodedata

    out = printable(text)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in out)


# --- the command line: one line, exit 1, no traceback -------------------------------------------------------------
def _cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize("args_of", [
    lambda t: ["room", str(t / "no_such_folder")],
    lambda t: ["import", str(t / "no_such_file.json")],
    lambda t: ["import", str(t)],
    lambda t: ["import", str(t / "bad.json")],
    lambda t: ["import", str(t / "deep.json")],
    lambda t: ["export", "/proc/cannot/write.json"],
    lambda t: ["build-notebooks", str(t / "bad.json")],
], ids=["room missing folder", "import missing file", "import a folder", "import damaged", "import deep",
        "export unwritable", "build into a file"])
def test_cli_errors_are_one_line(tmp_path, capsys, args_of):
    (tmp_path / "bad.json").write_text("{")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    code, err = _cli(args_of(tmp_path), capsys)
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("equitylab ") and ": error: " in err


def test_cli_room_prints_participant_names_without_control_characters(tmp_path, capsys):
    workspace.set_participant("Eve\x1b[2J\x1b[31m\u202eRed")
    workspace.export(tmp_path / "eve.json")
    code = main(["room", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "Eve[2J[31mRed" in out


def test_cli_subprocess_no_traceback(tmp_path):
    env = {**os.environ, "EQUITYLAB_WORKSPACE": str(tmp_path / "ws")}
    for args in (["room", str(tmp_path / "missing")], ["import", str(tmp_path)]):
        run = subprocess.run([sys.executable, "-m", "equitylab.course.cli", *args], capture_output=True, text=True,
                             env=env, cwd=Path(__file__).resolve().parents[1], timeout=120)
        assert run.returncode == 1 and "Traceback" not in run.stderr and run.stderr.count("\n") == 1


answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.builds(np.array, st.lists(st.floats(), max_size=3))
    | st.builds(lambda v: pd.DataFrame({"a": v}), st.lists(st.integers(), max_size=3)),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.sets(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3),
    max_leaves=10)


@SETTINGS
@given(answer=answers, exercise_id=st.sampled_from(["demo.lwbs_rate", "demo.why_suppress", "demo.reflection",
                                                    "demo.readmission_by_payer", "demo.internal_external"]))
def test_any_answer_gives_feedback_and_saves_strict_json(answer, exercise_id):
    fb = el.check(exercise_id, answer)            # EQUITYLAB_STRICT=1: a broken answer key would raise here
    assert fb.status in ("correct", "close", "incorrect", "not attempted", "not checked", "saved")
    str(fb), fb._repr_html_()
    if workspace.path().exists():
        json.loads(workspace.path().read_text(), parse_constant=lambda c: pytest.fail(f"{c} in the workspace"))
