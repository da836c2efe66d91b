"""Every notebook, built two ways from one source: the instructor version gets "Correct" on every
check (a reflection: "Saved"); the student version runs end to end with "Not attempted" on every
check, and shows every exercise's question — the bank's prompt with its options or items."""
import html
import json
import re

import nbformat
import pytest

from equitylab.notebooks import SOLUTION_BEGIN, source_notebooks, to_student
import equitylab as el
import equitylab.course.bank  # noqa: F401  (registers the exercises)
from equitylab.checking.registry import get_exercise
from notebook_helpers import ROOT, check_outputs, errors, execute

SOURCES = source_notebooks(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in SOURCES]


def test_there_are_notebooks():
    assert SOURCES, "no source notebooks found"


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_sources_are_committed_without_outputs(src):
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and not cell.get("execution_count"), src


@pytest.fixture(scope="session")
def executed(built, tmp_path_factory):
    """Each built notebook executed once per test session (version, source) -> (notebook, workspace)."""
    cache = {}

    def run(version, src):
        if (version, src) not in cache:
            ws = tmp_path_factory.mktemp(f"ws-{version}")
            cache[version, src] = (execute(built / version / src.relative_to(ROOT), {"EQUITYLAB_WORKSPACE": str(ws)}),
                                   ws)
        return cache[version, src]

    return run


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_instructor_version_is_correct_everywhere(src, executed):
    nb, _ = executed("instructor", src)
    assert not errors(nb), errors(nb)
    checks = check_outputs(nb)
    assert checks, "the notebook has no exercise checks"
    for source, text in checks:
        reflection = get_exercise(re.search(r'el\.check\("([^"]+)"', source)[1]).kind == "reflection"
        assert text.startswith("Saved" if reflection else "Correct"), f"{source}\n-> {text}"


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_student_version_runs_clean_and_is_not_attempted(src, executed):
    nb, ws = executed("student", src)
    assert not errors(nb), errors(nb)
    assert all(SOLUTION_BEGIN not in c.source for c in nb.cells)
    assert all("instructor" not in c.metadata.get("tags", []) for c in nb.cells)
    for source, text in check_outputs(nb):
        assert text.startswith("Not attempted"), f"{source}\n-> {text}"
    printed = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert str(ws) not in printed and "my_equitylab/workspace.json" not in printed, "a build machine's path"
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    assert "el.progress(" in last.source, "the notebook ends with a progress view"
    if src.parent.name.startswith("session"):
        assert "takeaway" in printed, "the progress view lists the session's take-aways"


def _code(src) -> str:
    return "\n".join(c.source for c in nbformat.read(src, as_version=4).cells if c.cell_type == "code")


def _visible(nb, mime):
    """What a learner can read in an executed notebook: markdown, and outputs of one MIME type as text."""
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if mime in data:
                parts.append(data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
            if mime == "text/plain" and o.get("output_type") == "stream":
                parts.append(o.get("text", ""))
    text = "\n".join(parts)
    if mime == "text/html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def test_every_exercise_is_answerable_from_the_student_notebook(executed):
    """Every exercise of the bank: its prompt, options and items are visible — as text/plain and as
    text/html — in the executed student notebook that checks it, and the instructor notebook's answer is
    correct (a reflection: saved)."""
    checked = {}
    for src in SOURCES:
        for exercise_id in re.findall(r'el\.check\("([^"]+)"', _code(src)):
            checked[exercise_id] = src
    assert set(checked) == set(el.exercises()["id"]), "every exercise of the bank is in a notebook"
    for exercise_id, src in checked.items():
        ex = get_exercise(exercise_id)
        student, _ = executed("student", src)
        for mime in ("text/plain", "text/html"):
            seen = _visible(student, mime)
            for text in [ex.prompt, *(ex.options or []), *(ex.items or [])]:
                assert " ".join(text.split()) in seen, (exercise_id, mime, text)
        assert f'el.ask("{exercise_id}")' in _code(src), exercise_id
        instructor, _ = executed("instructor", src)
        result = [t for s, t in check_outputs(instructor) if f'"{exercise_id}"' in s]
        assert result and result[0].startswith("Saved" if ex.kind == "reflection" else "Correct"), exercise_id


def test_no_prompt_is_typed_twice():
    """The bank holds the only copy of each question: no notebook's markdown repeats a prompt."""
    markdown = " ".join(" ".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                        for src in SOURCES for c in json.loads(src.read_text())["cells"]
                        if c["cell_type"] == "markdown")
    markdown = " ".join(markdown.split())
    for exercise_id in el.exercises()["id"]:
        ex = get_exercise(exercise_id)
        assert " ".join(ex.prompt.split()) not in markdown, exercise_id
        for item in ex.items or []:
            assert item not in markdown, (exercise_id, item)


def test_student_transformation_keeps_names_and_drops_faculty_cells():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1\n### BEGIN SOLUTION\ngap = a - b\ngap = round(gap, 3)\nprint(gap)\n"
                                  "### END SOLUTION\nel.check('id', gap)"),
        nbformat.v4.new_code_cell("### BEGIN SOLUTION\nswot.add('strengths', 'x')\n### END SOLUTION"),
        nbformat.v4.new_markdown_cell("Answer: 42", metadata={"tags": ["instructor"]}),
    ]
    student = to_student(nb)
    assert student.cells[0].source == "x = 1\ngap = ...  # YOUR ANSWER HERE\nel.check('id', gap)"
    assert student.cells[1].source == "...  # YOUR CODE HERE"
    assert len(student.cells) == 2


def test_unclosed_solution_block_is_an_authoring_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1")]
    with pytest.raises(ValueError, match="no matching"):
        to_student(nb)


def test_tables_show_their_full_text(executed):
    """pandas cuts table cells at 50 characters by default; the notebooks (and so the site) show them whole."""
    from equitylab.data.benchmarks import BENCHMARK_SOURCES

    src = ROOT / "session2_assessment" / "session2_assessment.ipynb"
    nb, _ = executed("student", src)
    plain = _visible(nb, "text/plain")
    assert BENCHMARK_SOURCES["earlier"] in plain and len(BENCHMARK_SOURCES["earlier"]) > 50
