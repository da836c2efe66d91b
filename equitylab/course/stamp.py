"""What a site build depends on, hashed with the standard library only (no nbformat, pandas or nbconvert).

A rebuild whose inputs have not changed — the library's source and templates, the notebooks and the
files beside them, ``curriculum/``, the build's options and the versions of the packages that execute and
render — and whose output folder is as the last build left it, has nothing to do: :func:`up_to_date`
says so in a fraction of a second, before anything heavy is imported.

Example
-------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> fingerprint(root, ["demo"], {"instructor": True}) == fingerprint(root, ["demo"], {"instructor": True})
True
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

__all__ = ["library_hash", "fingerprint", "up_to_date", "record", "NotebookFailed", "SolutionMarkerError"]

_PACKAGE = Path(__file__).resolve().parents[1]
_SOURCE_SUFFIXES = (".py", ".json", ".j2", ".css", ".html", ".md", ".yml", ".js")
_PACKAGES = ("nbconvert", "nbformat", "nbclient", "papermill", "ipykernel", "matplotlib", "pandas", "numpy",
             "jinja2", "mistune")


class NotebookFailed(RuntimeError):
    """A notebook raised an error while executing; the message names the notebook, the cell and the error."""


class SolutionMarkerError(ValueError):
    """A ``BEGIN SOLUTION``/``END SOLUTION`` pair is nested, unclosed or unopened."""


@lru_cache(maxsize=None)
def library_hash() -> str:
    """A hash of the library's source: every source and template file under ``equitylab/``."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(_PACKAGE)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def fingerprint(root: Path, folders, options: dict) -> str:
    """A hash of everything a site build reads: the library, the notebook ``folders`` (every file in them),
    ``curriculum/``, the options and the versions of the packages that execute and render."""
    root = Path(root)
    h = hashlib.sha256(library_hash().encode())
    h.update(json.dumps([options, _versions()], sort_keys=True, default=str).encode())
    files = [p for d in folders if (root / d).is_dir() for p in (root / d).iterdir() if p.is_file()]
    files += [p for p in (root / "curriculum").rglob("*") if p.is_file()]
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _listing(out: Path) -> dict:
    return {str(p.relative_to(out)): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}


def _stamp_file(cache: Path, out: Path) -> Path:
    return Path(cache) / f"site-{hashlib.sha256(str(Path(out).resolve()).encode()).hexdigest()[:16]}.json"


def up_to_date(cache: Path, out: Path, digest: str) -> list[str] | None:
    """The notebooks of the last build if ``out`` is exactly what a build with ``digest`` wrote, else None."""
    stamp = _stamp_file(cache, out)
    if not (stamp.exists() and Path(out).is_dir()):
        return None
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("fingerprint") != digest or data.get("files") != _listing(Path(out)):
        return None
    return list(data.get("notebooks", []))


def record(cache: Path, out: Path, digest: str, notebooks: list[str]) -> None:
    """Remember what the build that just finished wrote into ``out``."""
    stamp = _stamp_file(cache, out)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_suffix(".tmp")
    tmp.write_text(json.dumps({"fingerprint": digest, "files": _listing(Path(out)), "notebooks": notebooks}),
                   encoding="utf-8")
    os.replace(tmp, stamp)
