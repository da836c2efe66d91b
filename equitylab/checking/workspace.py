"""The participant's workspace: answers, SWOTs, assessments and plans, saved as they go.

Everything a participant produces is kept in one versioned JSON file,
``<workspace>/workspace.json``. The folder is ``./my_equitylab/`` unless the environment
variable ``EQUITYLAB_WORKSPACE`` names another.

* Writes are atomic: the new content goes to a temporary file in the same folder, is
  flushed to disk, and replaces the old file in one step (``os.replace``). A kernel killed
  mid-save leaves the previous file intact.
* Every change is saved at once, so nothing is lost on a kernel restart.
* A corrupted file, or one written by a newer Equity Lab, is never overwritten silently:
  it is copied to ``workspace.json.backup-<time>`` and a clear message says so.
* :func:`export` writes the whole workspace as one file for faculty to collect;
  :func:`import_` reads one back (``equitylab import FILE`` on the command line).

Example
-------
>>> from equitylab import workspace
>>> ws = workspace.load()
>>> ws = workspace.update("takeaways", "session1", "Stratify readmissions by language first.")
>>> workspace.get("takeaways", "session1")
'Stratify readmissions by language first.'
"""
from __future__ import annotations

import copy
import datetime as _dt
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

__all__ = ["folder", "path", "load", "save", "update", "get", "export", "import_", "collect", "set_participant",
           "WorkspaceWarning", "FORMAT", "VERSION"]

FORMAT = "equitylab-workspace"
VERSION = 1
SECTIONS = ("answers", "swots", "assessments", "plans", "takeaways")
ENV = "EQUITYLAB_WORKSPACE"


class WorkspaceWarning(UserWarning):
    """A workspace file could not be used as it was; a backup was kept."""


def folder() -> Path:
    """The workspace folder: ``$EQUITYLAB_WORKSPACE``, else one ``my_equitylab`` for the whole course.

    Without the variable, every session finds the same workspace although Jupyter starts each
    notebook's kernel in the notebook's own folder: an existing ``my_equitylab/`` here or up to
    two folders up is used; else, in a session folder of the course (a folder next to
    ``demo/`` or ``session1_pledge/``), the course folder's ``my_equitylab/``; else ``./my_equitylab``.
    """
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    here = Path.cwd()
    for d in (here, *list(here.parents)[:2]):
        if (d / "my_equitylab" / "workspace.json").is_file():
            return d / "my_equitylab"
    if here.parent != here and any((here.parent / d).is_dir() for d in ("demo", "session1_pledge")) \
            and here.name != "my_equitylab":
        return here.parent / "my_equitylab"
    return Path("my_equitylab")


def path() -> Path:
    """The workspace file."""
    return folder() / "workspace.json"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "participant": os.environ.get("EQUITYLAB_PARTICIPANT", ""),
            **{s: {} for s in SECTIONS}}


def _backup(p: Path, reason: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = p.with_name(f"{p.name}.backup-{stamp}")
    shutil.copy2(p, dest)
    warnings.warn(f"{reason} Your file was kept as {dest}; Equity Lab starts a new workspace next to it. "
                  f"Ask faculty for help if you need what was in it.", WorkspaceWarning, stacklevel=3)
    return dest


def _validate(data: Any, source: Path) -> dict:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{source} is not an Equity Lab workspace file.")
    version = data.get("version")
    if not isinstance(version, int):
        raise ValueError(f"{source} has no format version.")
    if version > VERSION:
        raise _NewerFile(f"{source} was saved by a newer Equity Lab (workspace format {version}; this one "
                         f"reads format {VERSION}). Update Equity Lab (make site / pip install -U equitylab).")
    for s in SECTIONS:
        data.setdefault(s, {})
    data["version"] = VERSION
    return data


class _NewerFile(ValueError):
    pass


def load() -> dict:
    """Read the workspace (an empty one if there is none yet).

    A corrupted file, or one from a newer version, is backed up and reported with a
    :class:`WorkspaceWarning`; an empty workspace is returned.
    """
    p = path()
    if not p.exists():
        return _empty()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return _validate(data, p)
    except _NewerFile as exc:
        _backup(p, str(exc))
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        _backup(p, f"Your workspace file {p} is damaged and cannot be read ({exc}).")
    return _empty()


def save(data: dict) -> Path:
    """Write the workspace atomically (temporary file + ``os.replace``)."""
    p = path()
    p.parent.mkdir(parents=True, exist_ok=True)
    data = dict(data)
    data["format"], data["version"], data["saved"] = FORMAT, VERSION, _now()
    text = json.dumps(data, indent=1, ensure_ascii=False, default=_jsonable)
    fd, tmp = tempfile.mkstemp(prefix=".workspace-", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return p


def _jsonable(obj):
    """JSON fallback for numpy scalars, pandas objects and dates."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover
        np = pd = None
    if np is not None and isinstance(obj, np.generic):
        return obj.item()
    if pd is not None and isinstance(obj, pd.DataFrame):
        return {"dataframe": json.loads(obj.head(200).to_json(orient="split", default_handler=str))}
    if pd is not None and isinstance(obj, pd.Series):
        return {"series": json.loads(obj.head(200).to_json(orient="split", default_handler=str))}
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if obj is Ellipsis:
        return None
    return repr(obj)


def update(section: str, key: str, value: Any) -> dict:
    """Set ``workspace[section][key] = value`` and save at once. Returns the workspace."""
    if section not in SECTIONS:
        raise ValueError(f"section={section!r}: use one of {SECTIONS}.")
    data = load()
    data[section][key] = copy.deepcopy(value)
    save(data)
    return data


def get(section: str, key: str, default=None):
    """Read ``workspace[section][key]``."""
    return load().get(section, {}).get(key, default)


def set_participant(name: str) -> None:
    """Record the participant's name or initials (used in exports and the faculty view)."""
    name = "" if name is None or name is Ellipsis else str(name).strip()
    data = load()
    name = name or data.get("participant", "")   # an empty name never erases the one already saved
    data["participant"] = name
    data.setdefault("id", _short_id())
    save(data)
    print(f"Your work is saved as {name!r}; your export file will be {_export_name(data)}." if name else
          "No name yet: type your name or initials between the quotes and run this cell again.")


def _short_id() -> str:
    import uuid

    return uuid.uuid4().hex[:6]


def _export_name(data: dict) -> str:
    """``equitylab-<name>-<short id>.json``: unique per participant, so exports never overwrite each other."""
    who = "".join(ch if ch.isalnum() else "-" for ch in (data.get("participant") or "participant")).strip("-")
    return f"equitylab-{who or 'participant'}-{data.get('id') or _short_id()}.json"


def export(dest: str | os.PathLike | None = None) -> Path:
    """Write the whole workspace as one file for faculty to collect.

    Parameters
    ----------
    dest : path, optional
        File or folder; default ``<workspace>/equitylab-<participant>-<short id>.json`` (the short
        id is kept in the workspace, so two participants with one name never overwrite each other).
    """
    data = load()
    if not data.get("id"):
        data["id"] = _short_id()
        save(data)
    name = _export_name(data)
    target = Path(dest) if dest else folder() / name
    if target.is_dir():
        target = target / name
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = dict(data)
    payload["exported"] = _now()
    target.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=_jsonable), encoding="utf-8")
    return target


def import_(source: str | os.PathLike, *, replace: bool = False) -> dict:
    """Read an exported workspace file.

    Parameters
    ----------
    source : path
        A file written by :func:`export`.
    replace : bool, default False
        Also make it the current workspace (the current one is backed up first).

    Returns
    -------
    dict
        The workspace content.
    """
    p = Path(source)
    if not p.exists():
        raise FileNotFoundError(f"No workspace file at {str(p)!r}.")
    try:
        data = _validate(json.loads(p.read_text(encoding="utf-8")), p)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p} is not a valid workspace file (damaged JSON: {exc}).") from None
    if replace:
        if path().exists():
            shutil.copy2(path(), path().with_name(f"workspace.json.backup-{_dt.datetime.now():%Y%m%d-%H%M%S-%f}"))
        save(data)
    return data


def collect(source: str | os.PathLike) -> list[dict]:
    """Read every exported workspace in a folder (for faculty: the whole room)."""
    src = Path(source)
    files = sorted(src.glob("*.json")) if src.is_dir() else [src]
    out = []
    for f in files:
        try:
            out.append(import_(f))
        except ValueError as exc:
            warnings.warn(f"Skipped {f.name}: {exc}", WorkspaceWarning, stacklevel=2)
    return out
