"""Student and instructor versions of a notebook, as nbconvert preprocessors.

Authoring convention (nbgrader's markers)
----------------------------------------
* In a code cell, solution code sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION``.
  :class:`ClearSolutions` replaces the block: each variable the block assigns becomes
  ``name = ...  # YOUR ANSWER HERE`` (so the ``check`` after it says "Not attempted" instead of
  failing), and any other code becomes ``...  # YOUR CODE HERE``. A nested, unclosed or unopened
  block is an authoring error (:class:`SolutionMarkerError`).
* A cell tagged ``instructor`` (faculty notes, discussion prompts with answers, the room view)
  is removed by :class:`RemoveInstructorCells` and marked as a faculty note by
  :class:`MarkFacultyNotes`.
* Outputs and execution counts are always stripped (:class:`StripOutputs`).

Example
-------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
...     "### BEGIN SOLUTION\\nrate = 0.12\\n### END SOLUTION\\nel.check('demo.x', rate)")])
>>> to_student(nb).cells[0].source
"rate = ...  # YOUR ANSWER HERE\\nel.check('demo.x', rate)"
"""
from __future__ import annotations

import copy
import re

from nbconvert.preprocessors import Preprocessor

from .stamp import SolutionMarkerError

__all__ = ["SOLUTION_BEGIN", "SOLUTION_END", "INSTRUCTOR_TAG", "SolutionMarkerError", "ClearSolutions",
           "RemoveInstructorCells", "MarkFacultyNotes", "StripOutputs", "to_student", "to_instructor"]

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
INSTRUCTOR_TAG = "instructor"
_ASSIGN = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=(?!=)")


def _is_instructor(cell) -> bool:
    return INSTRUCTOR_TAG in cell.metadata.get("tags", [])


def _blanks(block: list[str], indent: str) -> list[str]:
    names = []
    for line in block:
        m = _ASSIGN.match(line)
        if m and m.group(1) == indent and m.group(2) not in names:
            names.append(m.group(2))
    if names:
        return [f"{indent}{n} = ...  # YOUR ANSWER HERE" for n in names]
    return [f"{indent}...  # YOUR CODE HERE"]


def clear_solutions(source: str, where: str = "a cell") -> str:
    """``source`` with every solution block replaced by blanks to fill in (see the module docstring)."""
    out, block, indent, opened_at = [], [], "", None
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(SOLUTION_BEGIN):
            if opened_at is not None:
                raise SolutionMarkerError(
                    f"{where}, line {number}: '{SOLUTION_BEGIN}' inside the block opened on line {opened_at} "
                    f"(solution blocks cannot be nested): close the first block with '{SOLUTION_END}' first.")
            opened_at, block, indent = number, [], line[: len(line) - len(line.lstrip())]
        elif stripped.startswith(SOLUTION_END):
            if opened_at is None:
                raise SolutionMarkerError(f"{where}, line {number}: '{SOLUTION_END}' without a '{SOLUTION_BEGIN}' "
                                          "before it: add the opening marker or delete this line.")
            out += _blanks(block, indent)
            opened_at = None
        elif opened_at is not None:
            block.append(line)
        else:
            out.append(line)
    if opened_at is not None:
        raise SolutionMarkerError(f"{where}, line {opened_at}: '{SOLUTION_BEGIN}' has no matching "
                                  f"'{SOLUTION_END}': close the block.\n{source[:300]}")
    return "\n".join(out)


class ClearSolutions(Preprocessor):
    """Replace solution blocks in code cells with ``... # YOUR ANSWER HERE`` blanks to fill in."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and (SOLUTION_BEGIN in cell.source or SOLUTION_END in cell.source):
            name = resources.get("metadata", {}).get("name", "notebook")
            cell.source = clear_solutions(cell.source, where=f"{name}, cell {index}")
        return cell, resources


class RemoveInstructorCells(Preprocessor):
    """Drop every cell tagged ``instructor``."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if not _is_instructor(c)]
        return nb, resources


class MarkFacultyNotes(Preprocessor):
    """Quote instructor markdown cells under a "Faculty note" heading."""

    def preprocess_cell(self, cell, resources, index):
        if _is_instructor(cell) and cell.cell_type == "markdown" and \
                not cell.source.lstrip().startswith("> **Faculty"):
            cell.source = "> **Faculty note**\n>\n" + "\n".join("> " + line for line in cell.source.splitlines())
        return cell, resources


class StripOutputs(Preprocessor):
    """Remove outputs, execution counts and execution timing metadata."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        return cell, resources


def _apply(nb, preprocessors, version: str, name: str):
    nb = copy.deepcopy(nb)
    resources = {"metadata": {"name": name}}
    for pre in preprocessors:
        nb, resources = pre.preprocess(nb, resources)
    nb.metadata.setdefault("equitylab", {})["version"] = version
    return nb


def to_student(nb, name: str = "notebook"):
    """The student version: solutions replaced, instructor cells removed, outputs stripped.

    Raises :class:`SolutionMarkerError` (naming the cell and line) for a nested, unclosed or
    unopened solution block.
    """
    return _apply(nb, [RemoveInstructorCells(), ClearSolutions(), StripOutputs()], "student", name)


def to_instructor(nb, name: str = "notebook"):
    """The instructor version: as written, outputs stripped, faculty cells marked."""
    return _apply(nb, [StripOutputs(), MarkFacultyNotes()], "instructor", name)
