"""The participant's workspace: answers, SWOTs, assessments and plans, saved as they go.

Everything a participant produces is kept in one versioned JSON file,
``<workspace>/workspace.json``. The folder is ``./my_equitylab/`` unless the environment
variable ``EQUITYLAB_WORKSPACE`` names another.

* Several kernels at once: every change is a read–modify–write of one ``section``/``key``
  made under a file lock (``<workspace>/.workspace.json.lock``, the ``filelock`` package;
  released by the operating system if a kernel dies). Each update re-reads the file inside
  the lock and changes only its own key, so two notebooks saving at the same time never
  lose each other's work.
* Writes are atomic (``checking.safesave``: temporary file, fsync, ``os.replace``, folder fsync): ``kill -9``
  mid-save leaves the previous file intact (its temporary file goes at the next save). Each save keeps the
  file before it as ``workspace.json.previous``, used (with a warning) if ``workspace.json`` is lost or damaged.
* Strict JSON: ``NaN`` and ``±Infinity`` are written as ``null`` (strict parsers reject
  them); numpy scalars, dates, sets and tables are converted to plain JSON values.
* A damaged file — not JSON, not UTF-8, the wrong shape, nested deeper than
  :data:`MAX_DEPTH`, larger than :data:`MAX_FILE_BYTES`, a folder or a pipe in its place, or one
  written by a newer Equity Lab — is never overwritten silently: it is moved to
  ``workspace.json.backup-<time>``, a :class:`WorkspaceWarning` says so, and a new workspace starts.
* Every workspace carries a ``participant_id`` (random, made once) beside the display name
  ``participant``: the faculty view tells apart two participants with the same name.
* :func:`export` writes the whole workspace as one file for faculty to collect;
  :func:`import_` and :func:`collect` check a file before using it (``equitylab import FILE``).

Example
-------
>>> from equitylab import workspace
>>> ws = workspace.load()
>>> ws = workspace.update("takeaways", "session1", "Stratify readmissions by language first.")
>>> workspace.get("takeaways", "session1")
'Stratify readmissions by language first.'
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import math
import os
import re
import stat
import uuid
import warnings
from pathlib import Path
from typing import Any

from .safesave import keep_previous, write_atomic

__all__ = ["folder", "path", "load", "save", "update", "change", "get", "export", "import_", "collect", "set_participant",
           "plain", "members", "WorkspaceWarning", "WorkspaceFileError", "FORMAT", "VERSION"]

FORMAT = "equitylab-workspace"
VERSION = 1
SECTIONS = ("answers", "swots", "assessments", "plans", "takeaways")
ENV = "EQUITYLAB_WORKSPACE"
#: A workspace or exported file larger than this is refused, not read.
MAX_FILE_BYTES = 20_000_000
#: Deepest nesting accepted in a workspace file (a saved answer is a few levels deep).
MAX_DEPTH = 40
#: Seconds to wait for another kernel's save before giving up.
LOCK_TIMEOUT = 30
_TMP_PREFIX = ".workspace-"
_ID = re.compile(r"[0-9a-f]{32}")


class WorkspaceWarning(UserWarning):
    """A workspace file could not be used as it was; a backup was kept."""


class WorkspaceFileError(ValueError):
    """A file is not a usable Equity Lab workspace (the message names the file and the problem)."""


class _NewerFile(WorkspaceFileError):
    pass


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


def _new_id() -> str:
    return uuid.uuid4().hex


def _empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "participant": os.environ.get("EQUITYLAB_PARTICIPANT", ""),
            "participant_id": _new_id(), **{s: {} for s in SECTIONS}}


@contextlib.contextmanager
def _locked():
    """Hold the workspace's file lock (creating the folder if needed)."""
    from filelock import FileLock

    folder().mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder() / ".workspace.json.lock"), timeout=LOCK_TIMEOUT):
        yield


# --- plain JSON values ----------------------------------------------------------------------------
def plain(obj: Any, *, max_depth: int = MAX_DEPTH) -> Any:
    """``obj`` as plain JSON values (dict, list, str, int, float, bool, None), safe for strict parsers.

    NaN and ±inf become ``None``; numpy scalars become Python numbers; tables keep their
    first 200 rows; sets and tuples become lists; anything else becomes its ``repr``.

    Raises
    ------
    ValueError
        For a value that contains itself, or is nested deeper than ``max_depth``.

    Examples
    --------
    >>> plain({"rate": float("nan"), "n": 3, "groups": ("A", "B")})
    {'rate': None, 'n': 3, 'groups': ['A', 'B']}
    """
    return _plain(obj, max_depth, set())


def _plain(obj, depth: int, seen: set):
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if depth <= 0:
        raise ValueError("it is nested too deeply to save")
    converted = _convert(obj)
    if converted is not _UNCHANGED:
        return _plain(converted, depth - 1, seen)
    if isinstance(obj, (dict, list, tuple, set, frozenset)):
        if id(obj) in seen:
            raise ValueError("it contains itself (for example a list inside itself)")
        seen.add(id(obj))
        try:
            if isinstance(obj, dict):
                return {str(k): _plain(v, depth - 1, seen) for k, v in obj.items()}
            items = sorted(obj, key=repr) if isinstance(obj, (set, frozenset)) else obj
            return [_plain(v, depth - 1, seen) for v in items]
        finally:
            seen.discard(id(obj))
    try:
        return repr(obj)[:500]
    except Exception as exc:  # an object whose repr raises
        return f"<{type(obj).__name__} that cannot be shown: {type(exc).__name__}>"


_UNCHANGED = object()


def _convert(obj):
    """numpy / pandas / date values as something :func:`_plain` understands, else ``_UNCHANGED``."""
    module = type(obj).__module__
    if module.startswith("numpy"):
        import numpy as np

        if isinstance(obj, np.generic):
            return obj.item()
        if isinstance(obj, np.ndarray):
            return obj.tolist()
    if module.startswith("pandas"):
        import pandas as pd

        if isinstance(obj, (pd.DataFrame, pd.Series)):
            key = "dataframe" if isinstance(obj, pd.DataFrame) else "series"
            return {key: json.loads(obj.head(200).to_json(orient="split", default_handler=str))}
        if obj is pd.NA or obj is pd.NaT:
            return None
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()
    if obj is Ellipsis:
        return None
    return _UNCHANGED


def _dumps(data) -> str:
    return json.dumps(plain(data), indent=1, ensure_ascii=False, allow_nan=False)


def _depth(obj, limit: int) -> int:
    """Nesting depth of parsed JSON, stopping once it passes ``limit``."""
    stack, deepest = [(obj, 1)], 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


# --- reading and checking a file ---------------------------------------------------------------------
def _read(p: Path) -> Any:
    """Parsed JSON of a workspace-like file, refusing anything that is not a small regular UTF-8 JSON file."""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise FileNotFoundError(f"No workspace file at {str(p)!r}.") from None
    problem = ("a folder, not a workspace file" if stat.S_ISDIR(st.st_mode) else
               "" if stat.S_ISREG(st.st_mode) else "not a regular file (a pipe or device?); it was not read")
    if problem:
        raise WorkspaceFileError(f"{p} is {problem}.")
    if st.st_size > MAX_FILE_BYTES:
        raise WorkspaceFileError(f"{p} is {st.st_size / 1e6:.0f} MB, larger than a workspace can be "
                                 f"({MAX_FILE_BYTES / 1e6:.0f} MB); it was not read.")
    raw = p.read_bytes()[:MAX_FILE_BYTES + 1]
    try:
        text = raw.decode("utf-8-sig")       # a file saved with a byte-order mark is read too
    except UnicodeDecodeError as exc:
        raise WorkspaceFileError(f"{p} is not UTF-8 text (byte {exc.start}); it is not a workspace file.") from None
    try:
        data = json.loads(text, parse_constant=lambda _: None)   # NaN/Infinity from old files -> null
    except json.JSONDecodeError as exc:
        raise WorkspaceFileError(f"{p} is damaged (not valid JSON: {exc}).") from None
    except RecursionError:
        raise WorkspaceFileError(f"{p} is nested too deeply to be a workspace file.") from None
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise WorkspaceFileError(f"{p} is nested deeper than {MAX_DEPTH} levels; it is not a workspace file.")
    return data


def _validate(data: Any, source: Path) -> dict:
    """Check the shape of a parsed workspace; fill what an older file lacks."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkspaceFileError(f"{source} is not an Equity Lab workspace file.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise WorkspaceFileError(f"{source} has no format version.")
    if version > VERSION:
        raise _NewerFile(f"{source} was saved by a newer Equity Lab (workspace format {version}; this one "
                         f"reads format {VERSION}). Update Equity Lab (make site / pip install -U equitylab).")
    participant = data.get("participant", "")
    if participant is None:
        participant = ""
    if not isinstance(participant, str):
        raise WorkspaceFileError(f"{source}: 'participant' should be a name (text), not {type(participant).__name__}.")
    data["participant"] = participant
    for s in SECTIONS:
        section = data.setdefault(s, {})
        if not isinstance(section, dict):
            raise WorkspaceFileError(f"{source}: section {s!r} should be a mapping, not {type(section).__name__}.")
    for key, record in data["answers"].items():
        if not isinstance(record, dict) or not isinstance(record.get("status", ""), str) \
                or not isinstance(record.get("attempts", 0), int):
            raise WorkspaceFileError(f"{source}: the saved answer {key!r} is not in the expected shape.")
    if not (isinstance(data.get("participant_id"), str) and _ID.fullmatch(data["participant_id"])):
        data["participant_id"] = _new_id()
    data["version"] = VERSION
    return data


def _set_aside(p: Path, reason: str) -> None:
    """Move a damaged workspace out of the way (or say why it could not be) with a warning."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = p.with_name(f"{p.name}.backup-{stamp}")
    try:
        os.replace(p, dest)
    except FileNotFoundError:      # another kernel moved it aside first
        return
    except OSError as exc:
        warnings.warn(f"{reason} It could not be moved aside ({exc.strerror}); Equity Lab uses an empty workspace "
                      f"for now and cannot save until {p} is fixed or removed.", WorkspaceWarning, stacklevel=4)
        return
    warnings.warn(f"{reason} Your file was kept as {dest}; Equity Lab starts a new workspace next to it. "
                  f"Ask faculty for help if you need what was in it.", WorkspaceWarning, stacklevel=4)


def _previous() -> dict:  # the workspace file is missing or damaged: the save before it, else an empty one
    prev = previous_path()
    try:
        data = _validate(_read(prev), prev)
    except (OSError, WorkspaceFileError):
        return _empty()
    warnings.warn(f"Equity Lab restored your work from the save before the last one ({prev}); the last save was "
                  f"missing or damaged.", WorkspaceWarning, stacklevel=4)
    return data


def _load_checked() -> dict:
    p = path()
    try:
        return _validate(_read(p), p)
    except FileNotFoundError:
        return _previous() if previous_path().is_file() else _empty()
    except _NewerFile as exc:
        _set_aside(p, str(exc))
    except WorkspaceFileError as exc:
        _set_aside(p, f"Your workspace file could not be used: {exc}")
        return _previous()
    except OSError as exc:
        warnings.warn(f"Your workspace file {p} cannot be read ({exc.strerror or exc}); Equity Lab uses an empty "
                      f"workspace for now.", WorkspaceWarning, stacklevel=3)
    return _empty()


def load() -> dict:
    """Read the workspace (an empty one if there is none yet).

    Never raises: a damaged file, or one from a newer version, is moved aside and reported
    with a :class:`WorkspaceWarning`; an empty workspace is returned.
    """
    return _load_checked()


# --- writing ---------------------------------------------------------------------------------------
def previous_path() -> Path:
    """The workspace as it was before the last save (``workspace.json.previous``), kept by every save."""
    return path().with_name("workspace.json.previous")


def _clean_leftovers() -> None:
    """Remove temporary files of saves that were interrupted (called with the lock held)."""
    for leftover in folder().glob(f"{_TMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _save_locked(data: dict) -> Path:
    p = path()
    data = dict(data)
    data["format"], data["version"], data["saved"] = FORMAT, VERSION, _now()
    if not (isinstance(data.get("participant_id"), str) and _ID.fullmatch(data["participant_id"])):
        data["participant_id"] = _new_id()
    text = _dumps(data)
    _clean_leftovers()
    if p.is_file():
        keep_previous(p, previous_path(), _TMP_PREFIX)
    write_atomic(p, text, _TMP_PREFIX)
    return p


def save(data: dict) -> Path:
    """Write the whole workspace atomically, under the lock (temporary file + ``os.replace``).

    Prefer :func:`update`, which changes one key and keeps what other kernels saved meanwhile.

    Raises
    ------
    OSError
        The folder is read-only, the disk is full, or another kernel held the lock too long.
    """
    with _locked():
        return _save_locked(data)


def update(section: str, key: str, value: Any) -> dict:
    """Set ``workspace[section][key] = value`` and save at once. Returns the workspace.

    The file is re-read under the lock, so keys saved by another kernel meanwhile are kept.

    Raises
    ------
    ValueError
        An unknown section, or a value that cannot be saved (it contains itself, or is
        nested too deeply).
    OSError
        The workspace cannot be written (read-only folder, full disk).
    """
    if section not in SECTIONS:
        raise ValueError(f"section={section!r}: use one of {SECTIONS}.")
    value = plain(value, max_depth=MAX_DEPTH - 3)
    with _locked():
        data = _load_checked()
        data[section][str(key)] = value
        _save_locked(data)
    return data


def change(section: str, key: str, fn) -> Any:
    """Replace ``workspace[section][key]`` by ``fn(current value or None)`` in one locked step.

    For values built on the saved one (an attempt counter, a best status): two kernels
    changing the same key one after the other each see the other's result. Returns the new value.

    Examples
    --------
    >>> change("takeaways", "count", lambda old: (old or 0) + 1)
    1
    """
    if section not in SECTIONS:
        raise ValueError(f"section={section!r}: use one of {SECTIONS}.")
    with _locked():
        data = _load_checked()
        value = plain(fn(data[section].get(str(key))), max_depth=MAX_DEPTH - 3)
        data[section][str(key)] = value
        _save_locked(data)
    return value


def get(section: str, key: str, default=None):
    """Read ``workspace[section][key]``."""
    return load().get(section, {}).get(key, default)


def set_participant(name: str) -> None:
    """Record the participant's name or initials (used in exports and the faculty view).

    An empty name never erases the one already saved. Prints where the work is saved and the
    name the export file will have.
    """
    if name is None or name is Ellipsis:
        name = ""
    if not isinstance(name, str):
        from .feedback import InputError

        raise InputError(f"set_participant() takes your name as text in quotes, e.g. set_participant(\"Ana\") — "
                         f"not {type(name).__name__}.")
    name = " ".join(name.split())[:200]
    with _locked():
        data = _load_checked()
        data["participant"] = name or data.get("participant", "")
        _save_locked(data)
    print(f"Your work is saved as {data['participant']!r}; your export file will be {_export_name(data)}."
          if data["participant"] else
          "No name yet: type your name or initials between the quotes and run this cell again.")


def _export_name(data: dict) -> str:
    """``equitylab-<name>-<short id>.json``: unique per participant, so exports never overwrite each other."""
    who = "".join(ch if ch.isalnum() else "-" for ch in (data.get("participant") or "participant")).strip("-")
    short = str(data.get("participant_id") or _new_id())[:6]
    return f"equitylab-{who[:60] or 'participant'}-{short}.json"


# --- export, import, the room ---------------------------------------------------------------------------
def export(dest: str | os.PathLike | None = None) -> Path:
    """Write the whole workspace as one file for faculty to collect.

    Parameters
    ----------
    dest : path, optional
        A folder (created if needed — e.g. the room's shared folder) or a file ending in ``.json``;
        default: the workspace folder. In a folder the file is named
        ``equitylab-<participant>-<short id>.json`` (the short id comes from the workspace's
        ``participant_id``, so two participants with one name never overwrite each other). The file
        can be read by others (mode 644), so faculty collecting exports under another account can read it.

    Raises
    ------
    OSError
        The destination cannot be written.
    """
    try:                                   # keep the participant_id from now on (if the folder is writable)
        with _locked():
            data = _load_checked()
            _save_locked(data)
    except OSError:
        data = load()
    name = _export_name(data)
    target = Path(dest) if dest else folder()
    if target.is_file() and target.suffix.lower() != ".json":
        raise OSError(errno.EEXIST, f"{target} is a file, not a folder or a .json export: give the shared folder "
                      "(it is created if needed) or a file name ending in .json")
    if target.is_dir() or target.suffix.lower() != ".json":   # a folder, existing or to be created
        target = target / name
    payload = dict(data)
    payload["exported"] = _now()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, _dumps(payload), ".equitylab-export-", mode=0o644)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write the export to {target} ({exc.strerror or exc}); choose a folder "
                      "you can write to") from None
    return target


def import_(source: str | os.PathLike, *, replace: bool = False) -> dict:
    """Read an exported workspace file, checking it first.

    Parameters
    ----------
    source : path
        A file written by :func:`export`.
    replace : bool, default False
        Also make it the current workspace (the current one is kept as a backup first).

    Returns
    -------
    dict
        The workspace content.

    Raises
    ------
    FileNotFoundError
        No file at ``source``.
    WorkspaceFileError (a ValueError)
        Not a usable workspace file: a folder, a pipe, too large, not UTF-8, damaged JSON,
        nested too deeply, the wrong shape, or from a newer Equity Lab.
    """
    p = Path(source)
    data = _validate(_read(p), p)
    if replace:
        with _locked():
            if os.path.lexists(path()):      # whatever is there (even damaged) is kept as a backup
                backup = path().with_name(f"workspace.json.backup-{_dt.datetime.now():%Y%m%d-%H%M%S-%f}")
                try:
                    os.link(path(), backup)    # a second name: the current file stays until the new one replaces it
                except OSError:
                    os.replace(path(), backup)
            _save_locked(data)
    return data


def collect(source: str | os.PathLike) -> list[dict]:
    """Read every exported workspace in a folder (for faculty: the whole room).

    A file that is not a usable workspace is skipped with a :class:`WorkspaceWarning`
    naming it. Each workspace read gets ``"source"``: the file it came from.
    """
    src = Path(source)
    if not src.exists():
        raise FileNotFoundError(f"No folder or file at {str(src)!r}.")
    files = sorted(src.glob("*.json")) if src.is_dir() else [src]
    out = []
    for f in files:
        try:
            data = import_(f)
        except (ValueError, OSError) as exc:
            warnings.warn(f"Skipped {f.name}: {exc}", WorkspaceWarning, stacklevel=2)
            continue
        data["source"] = f.name
        out.append(data)
    return out


#: Row labels used for summaries in room tables; a participant with such a name is relabelled.
SUMMARY_LABELS = ("room average", "average", "mean", "total", "all", "summary", "overall")


def members(workspaces: list) -> list[tuple[str, str, Any]]:
    """The room's participants, one each: ``(participant_id, label, workspace)``.

    Two participants with the same name stay two (told apart by their ``participant_id``);
    a label is made unique, and never equal to a summary row's (:data:`SUMMARY_LABELS`), by
    adding a short id; a participant with no name is "participant <short id>", the same label however many
    files arrive. The same ``participant_id`` twice (one workspace exported twice) is
    one participant: the later export is kept, with a warning.

    Examples
    --------
    >>> [label for _, label, _ in members([{"participant": "Sam"}, {"participant": "Sam"}, {"participant": "Total"}])]
    ['Sam [#1]', 'Sam [#2]', 'Total [#3]']
    """
    by_id: dict[str, tuple[str, Any]] = {}
    for i, ws in enumerate(workspaces, 1):
        info = ws if isinstance(ws, dict) else {}
        pid = info.get("participant_id")
        pid = pid if isinstance(pid, str) and _ID.fullmatch(pid) else f"#{i}"
        if pid in by_id:
            earlier = by_id[pid][1]
            warnings.warn(f"Two files hold the same participant's workspace ({info.get('source', f'item {i}')} and "
                          f"{earlier.get('source', 'an earlier one')}); only the later export is used.",
                          WorkspaceWarning, stacklevel=2)
            if _stamp(info) < _stamp(earlier):
                continue
        name = info.get("participant") if isinstance(info.get("participant"), str) else ""
        nameless = f"participant {pid[:6]}" if _ID.fullmatch(pid) else f"participant {i}"   # stable as files arrive
        by_id[pid] = (" ".join(name.split()) or nameless, info if isinstance(ws, dict) else ws)
    names = [name.casefold() for name, _ in by_id.values()]
    out = []
    for pid, (name, ws) in by_id.items():
        clash = names.count(name.casefold()) > 1 or name.casefold() in SUMMARY_LABELS
        out.append((pid, f"{name} [{pid[:6]}]" if clash else name, ws))
    return out


def _stamp(ws: dict) -> str:
    return str(ws.get("exported") or ws.get("saved") or "")
