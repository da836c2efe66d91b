"""Crash-safe saving of one small file (the workspace, an export).

A save writes a temporary file in the same folder, flushes it to disk (``fsync``), renames it over
the target in one step (``os.replace``) and flushes the folder, so the rename itself is on disk: a
process killed at any moment (``kill -9``) leaves either the old file or the new one, never a half
file and never none. :func:`keep_previous` keeps the file as it was before the save (a hard link,
then a rename), so a later damaged file can fall back to it. Temporary files of a killed save are
removed by the next save (``equitylab.workspace``).

Example
-------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "w.json"
>>> write_atomic(target, "{}", ".w-"); keep_previous(target, target.with_suffix(".previous"), ".w-")
>>> write_atomic(target, '{"a": 1}', ".w-"); target.with_suffix(".previous").read_text()
'{}'
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "keep_previous"]


def write_atomic(target: Path, text: str, prefix: str, mode: int | None = None) -> None:
    """Replace ``target`` by ``text`` in one step (temporary file, ``fsync``, ``os.replace``, folder ``fsync``)."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    try:
        if mode is not None:   # mkstemp makes the file owner-only
            os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_folder(target.parent)   # the rename itself reaches the disk, not only the data
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):   # not every file system lets a folder be opened (Windows)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def keep_previous(target: Path, previous: Path, prefix: str) -> None:
    """Keep ``target`` as it is now under the name ``previous`` (a hard link, then a rename: never half-written).

    Best effort: a file system without hard links keeps no previous copy, and the save goes on."""
    link = target.with_name(f"{prefix}previous-{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(target, link)
        os.replace(link, previous)
    except OSError:
        pass
    finally:   # interrupted, or a rename between two links of one file (which does nothing): no leftover
        with contextlib.suppress(OSError):
            os.unlink(link)
