"""Disclosure control: the one small-cell rule every table, total, rate, share, size band, footnote and
figure label leaving Equity Lab goes through (public name ``equitylab.privacy``).

The rule follows the CMS cell-size suppression policy (Centers for Medicare & Medicaid Services, *CMS
Cell Size Suppression Policy*): no count from 1 to 10 may be shown, **nor any value from which such a count can be worked out**. Zero may be shown.
``min_cell`` (default 11) is the first count that may be shown; ``min_cell=0`` turns the rule off
(analysts inside the hospital only). Every function validates it with :func:`check_min_cell`.

1. **Cells.** A count from 1 to ``min_cell − 1`` is hidden: a group's denominator and, for a binary
   measure, its events and non-events. Hiding a group hides all its counts and everything computed from
   them (rate, share, interval, comparison).
2. **Lines.** A *line* is a set of cells whose total may be known — a table's total (the extract's row
   count is printed, and anyone may know it), a two-way table's margins, a row of shares (its ``n`` is
   shown), a column of a completeness table. In every line the hidden cells must not be recoverable from
   the total: at least two nonzero cells are hidden, the sum of *k* hidden cells is at least
   ``min_cell + k − 2`` (with the others at 1, each could still be anything from 1 to ``min_cell − 1``),
   and their events and non-events sum to 0 or at least ``min_cell``. Until that holds the smallest shown
   nonzero cell of the line is hidden too (*complementary suppression*).
3. **Size bands.** A hidden group shows only a size band (``BANDS``: 1–10, 11–49, …) — and only when the
   bands of the hidden cells, combined with an exactly known line total, leave every hidden count that
   may be small at least ``min_cell − 1`` possible values (the width of the band 1–10: a hidden count is
   never *narrowed* below it); otherwise its band is ``"suppressed"``.
4. **Totals and rates of a table with a hidden cell.** The table's row count (a line total, safe by 2–3)
   is shown; the denominator total, the rows outside the denominator and the overall rate are shown only
   when they cannot be combined with the shown cells to give a hidden one: with any hidden group the
   overall rate of all groups is withheld (``NaN``) and the rate and ``n`` of the *shown* groups are given
   instead, labelled as such; a count of rows outside the denominator from 1 to ``min_cell − 1`` is a
   hidden cell of the table's line (shown as its band) and then the denominator total is withheld.
5. **Text.** Footnotes, titles and printed summaries use :func:`count_text`, which applies rule 1 to a
   lone count, and take totals only from what rules 2–4 allow.

Exempt by design: the raw report returned by ``equitylab.real.standardize`` (the analyst's working table,
exact counts, like ``stratify(min_cell=0)``; what a notebook or report *shows* of it goes through
:func:`mask_counts`), and room aggregates of the exercises (they count participants in the room, not
patients). Several tables published together beyond the lines above (e.g. a completeness audit by
department and a table of the same rows by race) are reconciled by the report with :func:`reconcile`
(rule 6). See ``docs/privacy.md``.

6. **Tables published together.** When a report also publishes stratified tables with a hidden group,
   an audit's shares of the same rows would give the hidden group back (share × ``n`` minus the shown
   groups): :func:`reconcile` then shows each share only rounded down to a step of at least
   ``10 × min_cell / n`` (e.g. 0.10 for 1,894 rows), so it says a status count only to within ten
   cell sizes.

7. **A whole output at once.** Tables of the same groups and the same rows published together (one
   dimension's tables for several outcomes of one denominator, with the rows read) hide the same groups:
   :func:`hide_together`. Counts that other tables could be differenced against are shown as bands only:
   :func:`band_counts` (the own-data report's standardization files).

Example
-------
>>> import pandas as pd
>>> from equitylab.privacy import mask_counts
>>> mask_counts(pd.DataFrame({"raw": ["W", "B", "XX"], "count": [500, 40, 3]}))["count"].tolist()
['500', '11–49', '1–10']
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = ["check_min_cell", "hidden_groups", "suppress", "size_bands", "mask_counts", "count_text",
           "table_totals", "describe", "reconcile", "synthetic_note", "hide_together", "band_counts", "BANDS",
           "SUPPRESSED"]

#: Size bands shown for counts (the only size shown for a hidden group): (low, high, label).
BANDS = [(0, 0, "0"), (1, 10, "1–10"), (11, 49, "11–49"), (50, 99, "50–99"),
         (100, 499, "100–499"), (500, 999, "500–999"), (1000, np.inf, "1,000+")]
#: What a hidden count shows when even its band would give it away.
SUPPRESSED = "suppressed"


def check_min_cell(min_cell, where: str = "min_cell") -> int:
    """``min_cell`` as an int ≥ 0, or a ``ValueError`` naming the problem and the fix.

    Booleans and ``None`` are refused (``True`` would silently mean 1 and turn the rule off).

    >>> check_min_cell(11)
    11
    >>> check_min_cell(True)
    Traceback (most recent call last):
    ...
    ValueError: min_cell=True is not a cell size: ...
    """
    if isinstance(min_cell, (bool, np.bool_)) or not isinstance(min_cell, (int, np.integer)) or min_cell < 0:
        raise ValueError(f"{where}={min_cell!r} is not a cell size: give a whole number ≥ 0 — 11 follows the CMS "
                         f"cell-size policy (no count from 1 to 10 shown), 0 turns suppression off (analysts "
                         f"inside the hospital only). True/False and None are refused.")
    return int(min_cell)


def _small(x, m: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.int64)
    return (x >= 1) & (x < m)


def _unsafe(line, hidden, vectors, m: int) -> bool:
    """Rule 2 for one line: can a hidden cell be worked out from the line's total?"""
    c = vectors[0]
    hl = line[hidden[line] & (c[line] > 0)]
    k = len(hl)
    if k == 0:
        return False
    total = int(c[hl].sum())
    # with the other hidden cells at 1, each could still be anything from 1 to min_cell − 1 (rule 2)
    if k == 1 or total < m + k - 2 or total <= k:
        return True
    return any(0 < int(v[hl].sum()) < m for v in vectors[1:])


def suppress(counts, lines: Sequence[Sequence[int]] | None = None, *, min_cell: int = 11, hidden=None,
             also: Iterable = ()) -> np.ndarray:
    """Which cells to hide: rule 1 and complementary suppression in every line (rule 2).

    Parameters
    ----------
    counts : array of int
        One count per cell (a group's denominator).
    lines : list of index lists, optional
        Sets of cells whose total may be known; default one line holding every cell.
    min_cell : int, default 11
    hidden : bool array, optional
        Cells hidden already for another reason.
    also : arrays of int
        Other counts of the same cells protected in the same lines (events, non-events).

    Examples
    --------
    >>> suppress([500, 300, 8]).tolist()
    [False, True, True]
    >>> suppress([500, 300, 80, 20], lines=[[0, 1], [2, 3]]).tolist()
    [False, False, False, False]
    """
    m = check_min_cell(min_cell)
    c = np.asarray(counts, dtype=np.int64)
    h = np.zeros(len(c), dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool).copy()
    if m == 0:
        return np.zeros(len(c), dtype=bool)
    vectors = [c] + [np.asarray(v, dtype=np.int64) for v in also]
    for v in vectors:
        h |= _small(v, m)
    lines = [np.arange(len(c))] if lines is None else [np.asarray(line, dtype=np.int64) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            while _unsafe(line, h, vectors, m):
                cand = line[~h[line] & (c[line] > 0)]
                if not len(cand):
                    break  # every nonzero cell is hidden: the line total itself must not be shown
                h[cand[np.argmin(c[cand])]] = True
                changed = True
    return h


def hidden_groups(n, events=None, min_cell: int = 11) -> np.ndarray:
    """Which groups of one table to hide (rules 1–2 with the table's total as the one line).

    Examples
    --------
    >>> hidden_groups(np.array([500, 300, 8])).tolist()
    [False, True, True]
    >>> hidden_groups(np.array([500, 300, 80]), events=np.array([50, 30, 75])).tolist()
    [False, True, True]
    """
    n = np.asarray(n, dtype=np.int64)
    also = () if events is None else (np.asarray(events, dtype=np.int64), n - np.asarray(events, dtype=np.int64))
    return suppress(n, min_cell=min_cell, also=also)


def _band_bounds(x: np.ndarray):
    lo = np.zeros(len(x), dtype=float)
    hi = np.zeros(len(x), dtype=float)
    label = np.empty(len(x), dtype=object)
    for a, b, name in BANDS:
        inside = (x >= a) & (x <= b)
        lo[inside], hi[inside], label[inside] = a, b, name
    return lo, hi, label


def _narrowed(values, lo, hi, idx, lid, n_lines: int, m: int) -> np.ndarray:
    """For every line at once: given its exact total and its hidden cells' bounds, is a hidden cell that may
    be small (below ``m``) left fewer than ``m − 1`` possible values (rule 3)? ``idx``/``lid``: the hidden
    cells of all lines and the line each belongs to. Linear in the lines' cells (a few ``bincount``s)."""
    v = np.asarray(values, dtype=float)[idx]
    lo_h, hi_h = lo[idx], hi[idx]
    finite = np.isfinite(hi_h)
    hi_f = np.where(finite, hi_h, 0.0)
    rest = np.bincount(lid, v, n_lines)[lid]
    n_inf = np.bincount(lid, ~finite, n_lines)[lid] - ~finite
    others_hi = np.where(n_inf > 0, np.inf, np.bincount(lid, hi_f, n_lines)[lid] - hi_f)
    others_lo = np.bincount(lid, lo_h, n_lines)[lid] - lo_h
    low = np.maximum(lo_h, rest - others_hi)
    high = np.minimum(hi_h, rest - others_lo)
    bad = (low < m) & (high > 0) & (high - np.maximum(low, 1) + 1 < m - 1)
    return np.bincount(lid, bad, n_lines) > 0


def size_bands(counts, hidden, lines=None, *, also: Iterable = (), min_cell: int = 11) -> np.ndarray:
    """The size band of every cell (rule 3): ``BANDS`` labels, ``"suppressed"`` where the bands of a line's
    hidden cells, with its total known exactly, would narrow a hidden count that may be small to fewer than
    ``min_cell − 1`` possible values (the width of the band 1–10). Near-linear in the cells of all lines.

    >>> size_bands([500, 40, 3], [False, True, True]).tolist()
    ['500–999', '11–49', '1–10']
    >>> size_bands([500, 11, 1], [False, True, True]).tolist()
    ['500–999', 'suppressed', 'suppressed']
    """
    m = max(check_min_cell(min_cell), 2)
    c = np.asarray(counts, dtype=np.int64)
    hidden = np.asarray(hidden, dtype=bool)
    lo, hi, label = _band_bounds(c)
    lines = [np.arange(len(c))] if lines is None else [np.asarray(line, dtype=np.int64) for line in lines]
    lines = [line[hidden[line]] for line in lines]
    lines = [line for line in lines if len(line)]
    if not lines:
        return label
    idx = np.concatenate(lines)
    lid = np.repeat(np.arange(len(lines)), [len(line) for line in lines])
    vectors = [(c, lo)] + [(np.asarray(v, dtype=np.int64), np.zeros(len(c))) for v in also]
    while True:
        flagged = np.zeros(len(lines), dtype=bool)
        for v, low in vectors:
            flagged |= _narrowed(v, low, hi, idx, lid, len(lines), m)
        drop = np.unique(idx[flagged[lid]])
        drop = drop[np.isfinite(hi[drop])]
        if not len(drop):
            return label
        hi[drop] = np.inf
        lo[drop] = np.minimum(lo[drop], 1)
        label[drop] = SUPPRESSED


def count_text(value, min_cell: int = 11) -> str:
    """One count as it may be printed: the number, or its band when it is from 1 to ``min_cell − 1``.

    >>> count_text(2_345), count_text(7), count_text(0), count_text(7, min_cell=0)
    ('2,345', '1–10', '0', '7')
    """
    m = check_min_cell(min_cell)
    v = int(value)
    if 1 <= v < m:
        return _band_bounds(np.array([v]))[2][0]
    return f"{v:,}"


def mask_counts(table: pd.DataFrame | pd.Series, columns: Iterable[str] = ("count",), *, min_cell: int = 11,
                groups: str | None = None):
    """A copy in which no count from 1 to ``min_cell − 1`` can be read or worked out from a known total.

    Each column is one line (rule 2): its total may be known (e.g. the number of rows in the extract), so
    a lone small count also hides the next smallest count. With ``groups``, the rows sharing a value of that
    column are a line too — e.g. the raw values mapped to one standard category, whose total another
    table of the same report shows. Hidden counts show their size band, or ``"suppressed"`` where the
    band would give the count away (rule 3); shown counts are formatted text.

    Parameters
    ----------
    table : DataFrame or Series
    columns : column names holding counts (ignored for a Series)
    min_cell : int, default 11 (CMS cell-size policy); 0 returns the table unchanged.
    groups : column name, optional
        Rows with the same value in it form a line whose total may be known elsewhere.

    Examples
    --------
    >>> mask_counts(pd.Series([400, 120, 3], index=["mapped", "non-answer", "unmapped"])).tolist()
    ['400', '100–499', '1–10']
    """
    m = check_min_cell(min_cell)
    if m == 0:
        return table.copy()

    def mask(s: pd.Series) -> pd.Series:
        known = s.notna().to_numpy()
        values = s[known].to_numpy(dtype=np.int64)
        lines = [np.arange(len(values))]
        if groups is not None:
            codes = pd.factorize(table.loc[known, groups].astype(str))[0]
            lines += [np.flatnonzero(codes == c) for c in np.unique(codes)]
        hide = suppress(values, lines, min_cell=m)
        bands = size_bands(values, hide, lines, min_cell=m)
        text = np.array([f"{v:,}" for v in values], dtype=object)
        text[hide] = bands[hide]
        out = s.astype(object).copy()
        out[known] = text
        return out

    if isinstance(table, pd.Series):
        return mask(table)
    out = table.copy()
    for col in columns:
        if col not in out.columns:
            raise ValueError(f"mask_counts(): no column {col!r}; columns present: {', '.join(map(repr, out.columns))}.")
        out[col] = mask(out[col])
    return out


def table_totals(n, hidden, bands, *, rows: int, sums, min_cell: int = 11) -> dict:
    """The totals of one stratified table that may be shown (rule 4), as ``attrs`` entries.

    ``n`` are the groups' denominators and ``sums`` their outcome sums (events, for a binary measure);
    ``hidden`` and ``bands`` (from :func:`suppress` and :func:`size_bands`) have one more entry, last, for
    the rows outside the denominator (``rows − Σ n``). Withheld counts are ``None`` and rates ``NaN``,
    all named in ``"withheld"``; ``"rows_missing_outcome_text"`` is the count as it may be printed.

    >>> t = table_totals([500, 300, 8], [False, True, True, False], ["", "", "", "0"], rows=808, sums=[50, 30, 2])
    >>> t["n_total"], t["overall_rate"], t["n_shown"], t["overall_rate_shown_groups"], t["withheld"]
    (808, nan, 500, 0.1, ['overall_rate'])
    """
    m = check_min_cell(min_cell)
    n = np.asarray(n, dtype=np.int64)
    hidden = np.asarray(hidden, dtype=bool)
    s = np.asarray(sums, dtype=float)
    total_n = int(n.sum())
    missing = int(rows) - total_n
    shown = ~hidden[:-1]
    n_shown = int(n[shown].sum())
    cells = np.r_[n, missing]
    # every nonzero cell hidden and still too few (a tiny table): no total of it may be shown
    tiny = m > 0 and _unsafe(np.arange(len(cells)), hidden, [cells], m)
    out = {"rows": int(rows) if not (1 <= rows < m or tiny) else None,
           "n_total": total_n if not (hidden[-1] or tiny) else None,
           "rows_missing_outcome": missing if not (hidden[-1] or tiny) else None,
           "rows_missing_outcome_text": bands[-1] if hidden[-1] else (SUPPRESSED if tiny else f"{missing:,}"),
           "overall_rate": float(s.sum() / total_n) if not hidden.any() and total_n else float("nan"),
           "n_shown": n_shown,
           "overall_rate_shown_groups": float(s[shown].sum() / n_shown) if n_shown else float("nan")}
    out["withheld"] = [k for k in ("rows", "n_total", "rows_missing_outcome") if out[k] is None] + \
        (["overall_rate"] if hidden.any() else [])
    return out


def describe(data: pd.DataFrame, *, what: str = "encounters", min_cell: int = 11) -> str:
    """One line saying how many rows the data hold and where they come from, as it may be printed.

    The row count is a line total that every table protects (rule 2), so it is shown — unless it is
    itself from 1 to ``min_cell − 1``. The synthetic label travels.

    >>> describe(pd.DataFrame({"x": range(2_000)}).rename_axis(None))
    '2,000 encounters'
    """
    source = data.attrs.get("source_name")
    text = f"{count_text(len(data), min_cell)} {what}" + (f" from {source}" if source else "")
    return text + (" — SYNTHETIC DATA" if data.attrs.get("synthetic") else "")


#: Steps an audit's shares are rounded down to by :func:`reconcile` (the first wide enough is used).
SHARE_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5)


def reconcile(audit: pd.DataFrame, tables: Iterable[pd.DataFrame], *, min_cell: int = 11) -> pd.DataFrame:
    """An audit that may be published beside ``tables`` (rule 6): shares coarsened where a table hides a group.

    A report that shows a completeness audit (``equitylab.real.audit``) and stratified tables of the
    same rows publishes the same patients twice: the audit's valid share × ``n``, minus the shown groups
    of a table, is the hidden group. When any of ``tables`` has a hidden (``suppressed``) group, every
    share of the audit is rounded **down** to a step (``SHARE_STEPS``) of at least ``10 × min_cell / n``
    of its row — a share of 0.8 then means "from 0.8 to under 0.9" — and rows too small for any step
    are withheld (``NaN``). ``attrs["share_step"]`` holds each row's step and ``attrs["note"]`` says what
    was done, to be printed beside the table. Synthetic data (``attrs["synthetic"]`` on the audit and
    every table) hold no patient and are returned unchanged, with a note.

    Parameters
    ----------
    audit : DataFrame
        The result of ``equitylab.real.audit`` (``n`` and one share column per status).
    tables : iterable of DataFrame
        The stratified tables published with it (e.g. ``dashboard(...).tables.values()``).
    min_cell : int, default 11

    Examples
    --------
    >>> a = pd.DataFrame({"department": ["ED", "Inpatient"], "n": [4014, 1894], "valid": [0.707, 0.886]})
    >>> t = pd.DataFrame({"n": [1600, 3], "suppressed": [False, True]})
    >>> reconcile(a, [t])["valid"].round(2).tolist()
    [0.7, 0.8]
    """
    m = check_min_cell(min_cell, "reconcile(): min_cell")
    tables = list(tables)
    out = audit.copy()
    hidden = any(bool(np.asarray(t["suppressed"]).any()) for t in tables if "suppressed" in t.columns)
    if m == 0 or not hidden:
        out.attrs["note"] = "No published table hides a group: the audit's shares are shown as computed."
        return out
    if audit.attrs.get("synthetic") and all(t.attrs.get("synthetic") for t in tables):
        out.attrs["note"] = ("SYNTHETIC data: no patient to protect, so the audit's shares are exact. On a hospital's "
                             "own extract they are rounded down, because a table below hides a group.")
        return out
    shares = [c for c in ("valid", "declined", "unknown", "missing", "unmapped") if c in out.columns]
    steps = []
    for i, n in zip(out.index, out["n"]):
        need = 10 * m / float(n) if pd.notna(n) and n else np.inf
        step = next((s for s in SHARE_STEPS if s >= need), None)
        steps.append(step)
        for c in shares:
            v = out.at[i, c]
            out.at[i, c] = np.nan if step is None or pd.isna(v) else np.floor(v / step + 1e-9) * step
    out.attrs["share_step"] = dict(zip(out.index, steps))
    used = sorted({s for s in steps if s is not None})
    out.attrs["note"] = (f"A table below hides a small group, so these shares are rounded DOWN to steps of "
                         f"{', '.join(f'{s:g}' for s in used) or '—'} (a share s means from s to under s + step"
                         f"{'' if all(s is not None for s in steps) else '; rows too small are withheld'}): exact "
                         f"shares beside the tables would give the hidden group's count back (equitylab.privacy).")
    return out


def hide_together(tables, *, rows=None, hidden=None, min_cell: int = 11) -> np.ndarray:
    """The groups to hide in **every** table of the same groups published together (rule 7).

    One output often shows the same groups several times — a table per outcome by race and ethnicity,
    and the number of rows read. A group hidden in one table but shown in another gives the first
    table's hidden sum back (its total is known from a table that hides nothing), so a group hidden
    anywhere is hidden everywhere, and each table's line — its groups plus, with ``rows``, the rows
    outside its denominator (rows read − Σ ``n``) — must be safe with that common set (rule 2). Repeats
    until no table hides more.

    Parameters
    ----------
    tables : list of (n, events)
        Per table, the denominators and the events (or ``None``) of the same groups, in the same order.
    rows : array of int, optional
        Each group's rows whatever the outcome; their sum (rows read) is taken as known.
    hidden : bool array, optional
        Groups hidden already.
    min_cell : int, default 11

    Examples
    --------
    >>> hide_together([([1000, 500, 36, 3, 20], None), ([990, 499, 36, 3, 20], [100, 50, 9, 1, 2])],
    ...               rows=[1000, 500, 36, 3, 20]).tolist()
    [False, False, True, True, True]
    """
    m = check_min_cell(min_cell)
    k = len(tables[0][0]) if tables else len(rows)
    h = np.zeros(k, dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool).copy()
    if m == 0:
        return np.zeros(k, dtype=bool)
    total = None if rows is None else int(np.sum(rows))
    while True:
        before = h.copy()
        if rows is not None:
            h |= suppress(rows, min_cell=m, hidden=h)
        for n, e in tables:
            n = np.asarray(n, dtype=np.int64)
            extra = [] if total is None else [total - int(n.sum())]
            also = () if e is None else (np.r_[np.asarray(e, dtype=np.int64), [0] * len(extra)],
                                         np.r_[n - np.asarray(e, dtype=np.int64), [0] * len(extra)])
            h |= suppress(np.r_[n, extra], min_cell=m, hidden=np.r_[h, [False] * len(extra)], also=also)[:k]
        if (h == before).all():
            return h


def band_counts(counts, lines=None, *, floors=None, min_cell: int = 11) -> np.ndarray:
    """Every count as its size band only (rule 3), ``"suppressed"`` where bands with a known line total
    would narrow a small count — for a file whose counts would otherwise be differenced against other
    tables of the same output (e.g. the own-data report's standardization files: each raw value's rows,
    beside the groups' ``n``). ``min_cell=0`` gives the exact counts (as numbers).

    >>> band_counts([600, 9, 300, 7]).tolist()
    ['500–999', '1–10', '100–499', '1–10']
    >>> band_counts([40, 3], lines=[[0, 1]]).tolist()
    ['11–49', '1–10']

    ``floors`` gives, per line, counts known to be part of its total (e.g. a category's ``n`` for each
    outcome, its rows being ``n`` plus the rows missing the outcome): the bands must not narrow the rest
    (a count that may be small) either, else the line's bands are ``"suppressed"``.

    >>> band_counts([45], lines=[[0]], floors=[[45]]).tolist()  # 11–49 would say 0 to 4 rows are missing
    ['suppressed']
    """
    m = check_min_cell(min_cell)
    c = np.asarray(counts, dtype=np.int64)
    if m == 0:
        return c.astype(object)
    label = size_bands(c, c > 0, lines, min_cell=m)
    for line, known in zip(lines or [], floors or []):
        line = np.asarray(line, dtype=np.int64)
        lo, hi, _ = _band_bounds(c[line])
        free = label[line] == SUPPRESSED
        lo_sum, hi_sum = float(np.where(free, 1, lo).sum()), np.inf if free.any() else float(hi.sum())
        for k in known:
            low, high = max(lo_sum - k, 0), hi_sum - k
            if high >= 1 and low < m and high - max(low, 1) + 1 < m - 1:
                label[line[c[line] > 0]] = SUPPRESSED
                break
    return label


def synthetic_note(data, text: str) -> None:
    """Print ``text`` — a statement about the synthetic data — only when ``data`` are synthetic.

    A notebook's narrative about what the synthetic data show ("in these data group X is readmitted more
    often") would be invented on a hospital's own extract, and about a suppressed group it would disclose
    which way its rate goes. Such sentences go through this function, so they appear only with
    ``data.attrs["synthetic"]``; on other data nothing is printed.

    >>> synthetic_note(pd.DataFrame().assign(), "The AIAN row is suppressed.")
    >>> d = pd.DataFrame(); d.attrs["synthetic"] = True
    >>> synthetic_note(d, "The AIAN row is suppressed.")
    In these SYNTHETIC data (fictional Lakeside Health): The AIAN row is suppressed.
    """
    if getattr(data, "attrs", {}).get("synthetic"):
        print(f"In these SYNTHETIC data (fictional Lakeside Health): {text}")
