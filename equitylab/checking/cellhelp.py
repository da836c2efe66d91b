"""A clear message, in a notebook, for a filter that picked no row: "did you mean 'Emergency department'?".

The exercises' hinted patterns pick one value out of a table with a filter and ``.item()``::

    readmit.loc[readmit["race_ethnicity"] == "Black or African American", "rate_difference"].item()

A typo in the group name keeps no row, and pandas answers ``can only convert an array of size 1 to a
Python scalar``. In IPython/Jupyter, :func:`install` (run by ``import equitylab``) replaces that one
message with what went wrong: the name that is in no column of the tables the cell uses, and the value
it is one typo (or a few letters) away from. A ``KeyError`` for a misspelt row or column
(``.loc["Working with interpretors", "mean_change"]``) names the one meant the same way. Every other
error shows as it always did.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"department": ["Emergency department", "Urgent care"], "valid": [0.8, 0.9]})
>>> explain_no_row('t.loc[t["department"] == "Emergncy department", "valid"].item()', {"t": t})
"No row matched — 'Emergncy department' is not a value of t['department']: did you mean 'Emergency department'? (.item() needs exactly one row; names must be spelled as in the table, capitals too.)"
"""
from __future__ import annotations

import ast
import difflib
import linecache
import re

__all__ = ["install", "explain_no_row", "explain_missing_key", "ITEM_ERROR"]

#: pandas' (numpy's) message when ``.item()`` is called on none or several values.
ITEM_ERROR = "can only convert an array of size 1 to a Python scalar"
_MAX_VALUES = 500


def _literals(source: str) -> list[str]:
    """The text literals in a cell, and the quoted names inside them (a ``query("department == 'ED'")``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
            found += [a or b for a, b in re.findall(r"'([^']+)'|\"([^\"]+)\"", node.value)]
    return list(dict.fromkeys(t.strip() for t in found if t.strip()))


def _tables(source: str, namespace: dict) -> dict[str, object]:
    """The DataFrames the cell names, by name."""
    try:
        names = {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
    except SyntaxError:
        return {}
    return {n: namespace[n] for n in sorted(names) if type(namespace.get(n)).__name__ == "DataFrame"}


def _values(tables: dict) -> dict[str, str]:
    """Every text value in the tables' text columns -> where it is ("readmit['race_ethnicity']")."""
    where = {}
    for name, table in tables.items():
        for column in table.columns:
            series = table[column]
            if str(series.dtype) not in ("object", "category", "string", "str"):
                continue
            values = series.dropna().unique()
            if len(values) > _MAX_VALUES:
                continue
            for v in values:
                if isinstance(v, str):
                    where.setdefault(v, f"{name}[{column!r}]")
    return where


def explain_no_row(source: str, namespace: dict) -> str:
    """The message for ``.item()`` on a selection that is not one row, from the cell's text and its tables.

    Names a text in the cell that is in no column of the tables it uses, and the closest value (a typo, other
    capitals); otherwise says how to find the names to use.
    """
    tables = _tables(source, namespace)
    where = _values(tables)
    columns = {str(c) for t in tables.values() for c in t.columns}
    tail = " (.item() needs exactly one row; names must be spelled as in the table, capitals too.)"
    folded = {v.casefold(): v for v in where}
    for text in _literals(source):
        if text in where or text in columns:
            continue
        near = [folded[text.casefold()]] if text.casefold() in folded else \
            difflib.get_close_matches(text, list(where), n=1, cutoff=0.8)
        if near:
            return (f"No row matched — {text!r} is not a value of {where[near[0]]}: did you mean {near[0]!r}?"
                    + tail)
    return ("No single row matched: .item() needs exactly one row, and the selection kept none or several. Check "
            "that each name in the filter is spelled exactly as in the table, capitals too (list them with "
            "table[\"column\"].unique()), and that the filter names one row.")


def _cell(tb):
    """(source, namespace) of the notebook cell in a traceback: its frame runs in the user's namespace."""
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__") == "__main__":
            lines = linecache.getlines(frame.f_code.co_filename)
            if lines:
                return "".join(lines), {**frame.f_globals, **frame.f_locals}
        tb = tb.tb_next
    return None, {}


def explain_missing_key(key: str, source: str, namespace: dict) -> str | None:
    """The message for ``KeyError: key`` (``.loc["Working with interpretors", …]``, ``table["rat"]``) when the key is
    one typo or a few letters from a value or a column of the tables the cell uses; None otherwise."""
    tables = _tables(source, namespace)
    names = {str(c): f"a column of {n}" for n, t in tables.items() for c in t.columns}
    names.update({v: f"a value of {w}" for v, w in _values(tables).items()})
    folded = {v.casefold(): v for v in names}
    near = [folded[key.casefold()]] if key.casefold() in folded else \
        difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
    if not near or near[0] == key:
        return None
    return (f"{key!r} is not in the table — did you mean {near[0]!r} ({names[near[0]]})? Names must be spelled "
            "as in the table, capitals too.")


def _handler(shell, etype, value, tb, tb_offset=None):
    message, source = None, None
    if str(value) == ITEM_ERROR or isinstance(value, KeyError) and value.args and isinstance(value.args[0], str):
        source, namespace = _cell(tb)
    if source is not None and str(value) == ITEM_ERROR:
        message = explain_no_row(source, namespace)
    elif source is not None:
        message = explain_missing_key(value.args[0], source, namespace)
    if message:
        value._render_traceback_ = lambda: [f"\x1b[1;31m{etype.__name__}\x1b[0m — {message}"]
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)


def install(shell=None) -> bool:
    """Show :func:`explain_no_row`'s message for ``.item()`` on no row, in this IPython shell (the running one
    by default). Does nothing outside IPython, or when the shell already has a custom error handler. True when
    installed."""
    if shell is None:
        import sys

        if "IPython" not in sys.modules:
            return False
        shell = sys.modules["IPython"].get_ipython()
    if shell is None or getattr(shell, "custom_exceptions", None) not in ((), None) and \
            getattr(shell, "_equitylab_cellhelp", False) is False:
        return False
    shell.set_custom_exc((ValueError, KeyError), _handler)
    shell._equitylab_cellhelp = True
    return True
