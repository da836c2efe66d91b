"""Saving a SWOT, a plan or an assessment without losing what another notebook saved meanwhile.

Two open notebooks (Session 2's SWOT editor and the Session 5 kernel, say) each hold their own copy
of the same saved object. A save is a three-way merge, made inside the workspace's lock
(:func:`equitylab.checking.workspace.change`): what *this* copy changed since it last read or wrote
the workspace (``base`` → ``mine``) is applied to what the workspace holds now (``theirs``); what the
other notebook changed is kept. An item removed here is removed there only if the other notebook did
not change it; an item both changed keeps this copy's version (the keystroke just typed).

Example
-------
>>> merge({"a": [1]}, {"a": [1, 2]}, {"a": [1, 3]})      # added 2 here, 3 elsewhere: both kept
{'a': [1, 2, 3]}
>>> merge({"a": [1, 2]}, {"a": [2]}, {"a": [1, 2], "b": 5})   # removed 1 here; b saved elsewhere
{'a': [2], 'b': 5}
"""
from __future__ import annotations

import json

from ..checking import workspace

__all__ = ["merge", "merge_lists", "MISSING", "Synced", "save_from_form"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: A key or value that is not there (never saved, or removed).
MISSING = _Missing()


def _key(item) -> str:
    """What identifies a list item: a goal by its text, anything else by its content."""
    if isinstance(item, dict) and "goal" in item:
        return "goal:" + str(item["goal"]).strip()
    return json.dumps(item, sort_keys=True, default=str)


def merge(base, mine, theirs):
    """Three-way merge of plain JSON values (``MISSING`` where a value is absent).

    Parameters
    ----------
    base : the value this copy last read from or wrote to the workspace (``MISSING`` if never)
    mine : this copy's value now
    theirs : the value in the workspace now
    """
    if mine == base:
        return theirs
    if theirs == base or theirs is MISSING or mine == theirs:
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        old = base if isinstance(base, dict) else {}
        out = {}
        for k in [*mine, *(k for k in theirs if k not in mine)]:
            value = merge(old.get(k, MISSING), mine.get(k, MISSING), theirs.get(k, MISSING))
            if value is not MISSING:
                out[k] = value
        return out
    if isinstance(mine, list) and isinstance(theirs, list):
        return merge_lists(base if isinstance(base, list) else [], mine, theirs)
    if mine is MISSING:          # removed here, changed elsewhere: the change is kept
        return theirs
    return mine


def merge_lists(base: list, mine: list, theirs: list) -> list:
    """Three-way merge of two lists of items (text, or goals told apart by their text).

    ``mine``'s order is kept; items only ``theirs`` has (added elsewhere) follow. An item one side
    removed goes unless the other side changed it.

    Examples
    --------
    >>> merge_lists(["a", "b"], ["a", "b", "c"], ["b", "d"])    # c added here; a removed, d added elsewhere
    ['b', 'c', 'd']
    """
    was = {_key(x): x for x in base}
    now = {_key(x): x for x in mine}
    there = {_key(x): x for x in theirs}
    out: dict[str, object] = {}
    for k, item in now.items():
        if k in was and k not in there:            # removed elsewhere: kept only if changed here
            if item != was[k]:
                out[k] = item
        elif k in there:
            out[k] = merge(was.get(k, MISSING), item, there[k])
        else:                                      # added here
            out[k] = item
    for k, item in there.items():
        if k in now:
            continue
        if k not in was or item != was[k]:         # added elsewhere, or removed here but changed elsewhere
            out[k] = item
    return list(out.values())


def save_from_form(obj) -> str:
    """Save ``obj`` for a form: ``""`` when saved, else a one-line HTML message saying why not (a form shows
    it where the participant looks; a change is never lost silently in a widget's callback)."""
    import html

    try:
        obj.save()
    except OSError as exc:
        return (f"<div role='alert' style='color:#A63F00'><b>Not saved</b> — Equity Lab could not write to "
                f"{html.escape(str(workspace.folder()))} ({html.escape(exc.strerror or str(exc))}). What you entered "
                f"stays in this form; tell your facilitator.</div>")
    return ""


class Synced:
    """Save by merging (mixin): a subclass sets ``_section``, a ``_key`` property, ``to_dict`` and
    ``_take(data)`` (adopt the merged saved value)."""

    _section = ""
    _base = MISSING

    def _loaded(self, data) -> None:
        """Remember ``data`` (or nothing, ``None``) as what the workspace held when this copy was read."""
        self._base = MISSING if data is None else workspace.plain(data)

    def save(self) -> None:
        """Save to the participant's workspace, keeping whatever another notebook saved meanwhile."""
        mine, base = workspace.plain(self.to_dict()), self._base

        def merged_with(theirs):
            value = merge(base, mine, MISSING if theirs is None else theirs)
            return mine if value is MISSING else value      # the saved copy is gone (a new workspace): save this one

        merged = workspace.change(self._section, self._key, merged_with)
        self._base = merged
        if merged != mine:
            self._take(merged)
