"""The day's agenda, read from curriculum/agenda.yml and the notebooks' own metadata.

Each session notebook records its parts and their teaching and exercise minutes in
``metadata["equitylab"]["parts"]`` (the Carpentries convention); the schedule is computed
from there, so it is written down once.

Example
-------
>>> from equitylab.course.curriculum import agenda
>>> list(agenda().columns)
['session', 'title', 'part', 'teaching', 'exercises', 'notebook']
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["agenda", "sessions", "project_root", "source_notebooks", "NOTEBOOK_DIRS"]

#: Folders holding source notebooks, in the order of the day.
NOTEBOOK_DIRS = ("demo", "session1_pledge", "session2_assessment", "session3_data", "session4_diversity",
                 "session5_cultural_competence")


def project_root() -> Path:
    """The folder holding the session notebooks (the repository root)."""
    env = os.environ.get("EQUITYLAB_ROOT")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2]
    if any((here / d).is_dir() for d in NOTEBOOK_DIRS):
        return here
    return Path.cwd()


def source_notebooks(root: Path | None = None) -> list[Path]:
    """Every source notebook, session by session."""
    root = Path(root or project_root())
    found = []
    for d in NOTEBOOK_DIRS:
        if (root / d).is_dir():
            found += sorted(p for p in (root / d).glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found



def sessions(root: Path | None = None) -> list[dict]:
    """The sessions of the day as written in curriculum/agenda.yml."""
    import yaml

    root = Path(root or project_root())
    return yaml.safe_load((root / "curriculum" / "agenda.yml").read_text(encoding="utf-8"))["sessions"]


def agenda(root: Path | None = None) -> pd.DataFrame:
    """One row per part of every session notebook, with its teaching and exercise minutes."""
    import nbformat  # imported here: the site build's up-to-date check needs project_root() only
    import pandas as pd

    root = Path(root or project_root())
    titles = {s["folder"]: (s["number"], s["title"]) for s in sessions(root)}
    rows = []
    for nb_path in source_notebooks(root):
        folder = nb_path.parent.name
        if folder not in titles:
            continue
        meta = nbformat.read(nb_path, as_version=4).metadata.get("equitylab", {})
        number, title = titles[folder]
        for part in meta.get("parts", []):
            rows.append((number, title, part["title"], int(part["teaching"]), int(part["exercises"]),
                         str(nb_path.relative_to(root))))
    return pd.DataFrame(rows, columns=["session", "title", "part", "teaching", "exercises", "notebook"])
