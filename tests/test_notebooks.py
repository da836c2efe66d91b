"""Every notebook, built two ways from one source: the instructor version gets "Correct" on every
check; the student version runs end to end with "Not attempted" on every check."""
import json

import nbformat
import pytest

from equitylab.notebooks import SOLUTION_BEGIN, build_notebooks, source_notebooks, to_student
from notebook_helpers import ROOT, check_outputs, errors, execute

SOURCES = source_notebooks(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in SOURCES]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("notebooks")
    build_notebooks(out, ROOT)
    return out


def test_there_are_notebooks():
    assert SOURCES, "no source notebooks found"


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_sources_are_committed_without_outputs(src):
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and not cell.get("execution_count"), src


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_instructor_version_is_correct_everywhere(src, built, tmp_path):
    nb = execute(built / "instructor" / src.relative_to(ROOT), {"EQUITYLAB_WORKSPACE": str(tmp_path)})
    assert not errors(nb), errors(nb)
    checks = check_outputs(nb)
    assert checks, "the notebook has no exercise checks"
    for source, text in checks:
        assert text.startswith("Correct"), f"{source}\n-> {text}"


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_student_version_runs_clean_and_is_not_attempted(src, built, tmp_path):
    nb = execute(built / "student" / src.relative_to(ROOT), {"EQUITYLAB_WORKSPACE": str(tmp_path)})
    assert not errors(nb), errors(nb)
    assert all(SOLUTION_BEGIN not in c.source for c in nb.cells)
    assert all("instructor" not in c.metadata.get("tags", []) for c in nb.cells)
    for source, text in check_outputs(nb):
        assert text.startswith("Not attempted"), f"{source}\n-> {text}"


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
