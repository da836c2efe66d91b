"""The day's agenda, read from curriculum/agenda.yml and the notebooks' own metadata.

Each session notebook records its parts and their teaching and exercise minutes in
``metadata["equitylab"]["parts"]`` (the Carpentries convention); the schedule is computed
from there, so it is written down once.

Example
-------
>>> from equitylab.curriculum import agenda
>>> list(agenda().columns)
['session', 'title', 'part', 'teaching', 'exercises', 'notebook']
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import yaml

from .notebooks import project_root, source_notebooks

__all__ = ["agenda", "sessions"]


def sessions(root: Path | None = None) -> list[dict]:
    """The sessions of the day as written in curriculum/agenda.yml."""
    root = Path(root or project_root())
    return yaml.safe_load((root / "curriculum" / "agenda.yml").read_text(encoding="utf-8"))["sessions"]


def agenda(root: Path | None = None) -> pd.DataFrame:
    """One row per part of every session notebook, with its teaching and exercise minutes."""
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
