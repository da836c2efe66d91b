"""Build the student/instructor notebooks once per test session and execute them with nbclient."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from equitylab.notebooks import kernel_environment

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, env: dict | None = None, timeout: int = 120) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    with kernel_environment(**(env or {})):
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def check_outputs(nb) -> list[tuple[str, str]]:
    """(cell source, text of the Feedback it displayed) for every cell that calls a check."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "el.check(" not in cell.source:
            continue
        texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs if o.output_type in
                 ("execute_result", "display_data")]
        found.append((cell.source, "\n".join(texts)))
    return found


def errors(nb) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type == "error"]
