"""Student and instructor notebooks from one source, and the handout site (the public face of
:mod:`~equitylab.course.transforms`, :mod:`~equitylab.course.execute` and :mod:`~equitylab.course.site`).

``equitylab build-notebooks OUT`` writes ``OUT/student/<session>/…`` and ``OUT/instructor/<session>/…``;
``equitylab build-site OUT`` executes the notebooks (cached, in parallel) and renders the site.

Example
-------
>>> from equitylab.notebooks import SOLUTION_BEGIN
>>> SOLUTION_BEGIN
'### BEGIN SOLUTION'
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat

from .curriculum import NOTEBOOK_DIRS, agenda, project_root, sessions, source_notebooks  # noqa: F401
from .execute import execute, kernel_environment  # noqa: F401
from .site import NotebookFailed, build_site, notebook_title  # noqa: F401
from .transforms import (INSTRUCTOR_TAG, SOLUTION_BEGIN, SOLUTION_END, SolutionMarkerError,  # noqa: F401
                         to_instructor, to_student)

__all__ = ["NOTEBOOK_DIRS", "source_notebooks", "to_student", "to_instructor", "build_notebooks", "build_site",
           "SOLUTION_BEGIN", "SOLUTION_END", "INSTRUCTOR_TAG", "SolutionMarkerError", "NotebookFailed"]


def build_notebooks(out: str | os.PathLike, root: Path | None = None) -> list[Path]:
    """Write student and instructor versions of every source notebook under ``out``."""
    root = Path(root or project_root())
    out = Path(out)
    written = []
    for src in source_notebooks(root):
        nb = nbformat.read(src, as_version=4)
        rel = src.relative_to(root)
        for version, fn in (("student", to_student), ("instructor", to_instructor)):
            dest = out / version / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(fn(nb, name=str(rel)), dest)
            written.append(dest)
        for extra in src.parent.iterdir():  # data files next to the notebook travel with it
            if extra.is_file() and extra.suffix.lower() in (".csv", ".parquet", ".png", ".json"):
                for version in ("student", "instructor"):
                    shutil.copy2(extra, out / version / rel.parent / extra.name)
    return written
