"""Figures for stratified measures: rates with CI bars, a rate-ratio forest plot, a completeness heatmap.

Every function returns a :class:`matplotlib.figure.Figure`. Colours are the Okabe–Ito
colour-blind-safe palette. A suppressed group is drawn as the word "suppressed", never
as zero. Titles say what is measured, for whom, when, and "synthetic data" where the
data are synthetic.

Example
-------
>>> import equitylab as el
>>> enc = el.datasets.encounters(n=5_000)
>>> enc["race_ethnicity"], _ = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")
>>> fig = el.plots.rates(el.stratify(enc, "ed_lwbs", by="race_ethnicity"))
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap

__all__ = ["rates", "forest", "completeness", "shares", "PALETTE", "MAX_GROUPS"]

#: Most groups one figure draws (about a page); a larger table is drawn as its largest groups, and the
#: figure says how many are left out (they are all in the table).
MAX_GROUPS = 40

from .style import GREY, GREY_TEXT, PALETTE, TEXT, despine  # noqa: F401  (PALETTE and despine are part of plots' API)


def _plain(text) -> str:
    """Text drawn as written: a ``$`` would start matplotlib's mathtext (and a label such as ``"a$\\b$"``
    would stop the figure from saving), so it is escaped."""
    return str(text).replace("$", r"\$")


def _name(column: str) -> str:
    return _plain({"race_ethnicity": "race/ethnicity"}.get(str(column), str(column).replace("_", " ")))


def _value(column: str, value) -> str:
    if isinstance(value, (bool, np.bool_)):  # e.g. interpreter_needed: True -> "interpreter needed"
        return _name(column) if value else f"no {_name(column)}"
    return _plain(value)


def _labels(table: pd.DataFrame) -> list[str]:
    by = table.attrs.get("by") or [table.columns[0]]
    return [" · ".join(_value(b, v) for b, v in zip(by, row)) for row in table[by].itertuples(index=False, name=None)]


def _title(table: pd.DataFrame, what: str, title: str | None) -> str:
    if title:
        head = _plain(title)
    else:
        label = _plain(table.attrs.get("outcome_label", table.attrs.get("outcome", "Outcome")))
        by = " × ".join(_name(b) for b in table.attrs.get("by", []))
        head = f"{what}{label} by {by}" if by else f"{what}{label}"
    who = [] if "suppressed" not in table else [_size(table)]
    if table.attrs.get("period"):
        who.append(_plain(table.attrs["period"]))
    if table.attrs.get("source_name"):
        who.append(_plain(table.attrs["source_name"]))
    if table.attrs.get("synthetic"):
        who.append("SYNTHETIC DATA")
    return "\n".join(textwrap.wrap(head, 70)) + ("\n" + " · ".join(who) if who else "")


def _size(table: pd.DataFrame) -> str:
    """The table's size as equitylab.privacy lets it be shown: the total when it gives no hidden count
    away, else the total of the shown groups, labelled as such."""
    k = int(table["suppressed"].sum())
    hidden = f"{k} group{'s' if k != 1 else ''} suppressed"
    total = table.attrs.get("n_total")
    if total is not None and "n_total" in table.attrs:
        return f"n = {total:,}" + (f" ({hidden})" if k else "")
    shown = table.attrs.get("n_shown", int(table.loc[~table["suppressed"], "n"].sum()))
    return f"n = {shown:,} in the shown groups ({hidden})"


def _largest(table: pd.DataFrame, limit: int = MAX_GROUPS) -> pd.DataFrame:
    """The ``limit`` largest groups of a table (by ``n``; the reference group always kept) in table order,
    with ``attrs["groups_left_out"]`` saying how many were left out of the figure."""
    if len(table) <= limit:
        return table
    n = pd.to_numeric(table["n"], errors="coerce").fillna(-1).to_numpy(float) if "n" in table else np.zeros(len(table))
    if "reference" in table:
        n = np.where(table["reference"].to_numpy(bool), np.inf, n)
    keep = np.sort(np.argsort(-n, kind="stable")[:limit])
    out = table.iloc[keep].copy()
    out.attrs = {**table.attrs, "groups_left_out": len(table) - limit}
    return out


def _axes(ax, rows: int):
    """A new Figure sized for ``rows`` groups, or the given Axes (inside a dashboard)."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.5, 0.42 * rows + 1.9))
        return fig, ax, True
    return ax.figure, ax, False


def _finish(fig, ax, table, title_text: str, own: bool, ratio: bool = False):
    despine(ax)
    _place_title(fig, ax, title_text, own)
    if own:
        _footnote(fig, table, ratio)
    return fig


def _place_title(fig, ax, text: str, own: bool) -> None:
    """A standalone figure gets its title at the figure's left edge (long group labels cannot push it off
    the page); a panel in a dashboard gets it above its axes."""
    if not own:
        ax.set_title(text, loc="left", fontsize=11)
        return
    lines = text.count("\n") + 1
    top = 1 - (0.19 * lines + 0.08) / fig.get_figheight()
    fig.suptitle(text, x=0.01, y=0.995, ha="left", va="top", fontsize=11)
    fig.tight_layout(rect=(0, 0.06, 1, top))


def _footnote(fig, table: pd.DataFrame, ratio: bool = False) -> None:
    parts = []
    if table.attrs.get("min_cell"):
        parts.append(f"Groups with counts 1–{table.attrs['min_cell'] - 1} are suppressed (CMS cell-size policy), and "
                     f"other groups where needed so that a hidden count cannot be worked out.")
    missing = table.attrs.get("rows_missing_outcome_text")
    if missing is None and table.attrs.get("rows_missing_outcome") is not None:
        missing = f"{table.attrs['rows_missing_outcome']:,}"
    if missing not in (None, "0"):
        parts.append(f"Rows outside this measure's denominator, not counted: {missing}.")
    if "level" in table.attrs and ratio:      # the rate ratio's interval is computed on the log scale
        parts.append(f"Bars: {table.attrs['level']:.0%} confidence intervals of the rate ratio (log scale).")
    elif "level" in table.attrs:
        parts.append(f"Bars: {table.attrs['level']:.0%} confidence intervals ({table.attrs.get('ci', '')}).")
    if table.attrs.get("groups_left_out"):
        parts.append(f"Only the {len(table)} largest groups are drawn; {table.attrs['groups_left_out']:,} smaller "
                     f"groups are left out of this figure (every group is in the table).")
    if parts:
        fig.text(0.01, 0.005, "\n".join(textwrap.wrap(" ".join(parts), 140)), fontsize=7.5, color="#444444",
                 va="bottom")


def _check_table(table, need):
    if not isinstance(table, pd.DataFrame):
        raise TypeError("Pass the DataFrame returned by equitylab.stratify().")
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise ValueError(f"This plot needs the columns {need} of equitylab.stratify(); missing: {missing}.")


def rates(table: pd.DataFrame, *, ax=None, title: str | None = None, percent: bool | None = None):
    """Rate (or mean) of each group with its confidence interval, reference group and overall rate marked.

    Parameters
    ----------
    table : DataFrame
        Result of :func:`equitylab.stratify`.
    ax : matplotlib Axes, optional
        Draw into this Axes (for dashboards); a new Figure is made otherwise.
    title : str, optional
        Replaces the generated title (the second line with n, period and the
        synthetic-data label is kept).
    percent : bool, optional
        Show rates as percentages (default for binary outcomes).

    Returns
    -------
    Figure
    """
    _check_table(table, ["rate", "ci_low", "ci_high", "suppressed"])
    table = _largest(table)
    labels = _labels(table)
    k = len(table)
    fig, ax, own = _axes(ax, k)
    binary = table.attrs.get("kind", "binary") == "binary"
    percent = binary if percent is None else percent
    scale = 100.0 if percent else 1.0
    y = np.arange(k)[::-1]
    rate = table["rate"].to_numpy(float) * scale
    lo = table["ci_low"].to_numpy(float) * scale
    hi = table["ci_high"].to_numpy(float) * scale
    sup = table["suppressed"].to_numpy(bool)
    ref = table["reference"].to_numpy(bool) if "reference" in table else np.zeros(k, bool)
    nonans = set(map(str, table.attrs.get("nonanswer_groups", [])))
    colors = np.array([GREY if lab in nonans or any(part in nonans for part in lab.split(" · ")) else PALETTE[0]
                       for lab in labels], dtype=object)
    colors[ref] = PALETTE[5]
    vis = ~sup & np.isfinite(rate)          # a group with n = 0 has no rate: written, not drawn
    for i in np.flatnonzero(vis):
        err = [[max(rate[i] - lo[i], 0.0) if np.isfinite(lo[i]) else 0.0],
               [max(hi[i] - rate[i], 0.0) if np.isfinite(hi[i]) else 0.0]]
        ax.errorbar(rate[i], y[i], xerr=err, fmt="o", color=colors[i],
                    ecolor=colors[i], elinewidth=2, capsize=3, markersize=6)
    ends = np.r_[hi[vis], rate[vis]]
    starts = np.r_[lo[vis], rate[vis]]
    xmax = float(np.nanmax(ends)) if np.isfinite(ends).any() else 1.0
    xmin = min(0.0, float(np.nanmin(starts))) if np.isfinite(starts).any() else 0.0
    for i in np.flatnonzero(~vis):
        ax.text(xmin + 0.01 * (xmax - xmin), y[i], "suppressed (privacy rule)" if sup[i] else "no data (n = 0)",
                va="center", ha="left", fontsize=9, color=GREY_TEXT, style="italic")
    overall, which = table.attrs.get("overall_rate"), " overall"
    if overall is None or not np.isfinite(overall):  # withheld by equitylab.privacy: the shown groups' rate
        overall, which = table.attrs.get("overall_rate_shown_groups"), " shown groups"
    if overall is not None and np.isfinite(overall):
        ax.axvline(overall * scale, color=GREY, ls="--", lw=1)
        ax.text(overall * scale, k - 0.45, which, color=GREY_TEXT, fontsize=8, va="bottom")
    ns = table["n"] if "n" in table else pd.Series([pd.NA] * k)
    buckets = table["n_bucket"] if "n_bucket" in table else pd.Series(["hidden"] * k)
    ylab = [f"{lab}  (n={int(v):,})" if pd.notna(v) else f"{lab}  (n {b})" for lab, v, b in zip(labels, ns, buckets)]
    ylab = [f"{t}  [reference]" if r else t for t, r in zip(ylab, ref)]
    ax.set_yticks(y, ylab)
    ax.set_ylim(-0.7, k - 0.3)
    unit = "%" if percent else ""
    # a direction is claimed only when it is known: an Equity Lab measure, or higher_is_better= given
    better = "" if not table.attrs.get("direction_known", True) else \
        " — higher is better" if table.attrs.get("higher_is_better") else " — lower is better"
    ax.set_xlabel(f"{'Rate' if binary else 'Mean'}{' (%)' if unit else ''}{better}")
    ax.set_xlim(left=max(0.0, xmin) if binary else None, right=xmax + 0.08 * (xmax - xmin + 1e-9))
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    return _finish(fig, ax, table, _title(table, "", title), own)


def forest(table: pd.DataFrame, *, ax=None, title: str | None = None):
    """Rate ratio of each group against the reference group, on a log scale, with confidence intervals.

    Returns
    -------
    Figure
    """
    _check_table(table, ["rate_ratio", "rr_ci_low", "rr_ci_high", "suppressed", "reference"])
    table = _largest(table)
    labels = _labels(table)
    k = len(table)
    fig, ax, own = _axes(ax, k)
    y = np.arange(k)[::-1]
    rr = table["rate_ratio"].to_numpy(float)
    lo = table["rr_ci_low"].to_numpy(float)
    hi = table["rr_ci_high"].to_numpy(float)
    sup = table["suppressed"].to_numpy(bool)
    ref = table["reference"].to_numpy(bool)
    finite = np.isfinite(rr) & (rr > 0)
    span = np.concatenate([lo[np.isfinite(lo) & (lo > 0)], hi[np.isfinite(hi)], rr[finite], [1.0]])
    left, right = span.min() / 1.25, span.max() * 1.25
    ax.set_xscale("log")
    ax.axvline(1.0, color=GREY, lw=1)
    for i in range(k):
        if sup[i]:
            ax.text(left * 1.05, y[i], "suppressed", va="center", fontsize=9, color=GREY_TEXT, style="italic")
        elif ref[i]:
            ax.plot(1.0, y[i], "D", color=PALETTE[5], markersize=7)
            ax.text(1.0, y[i] + 0.25, "reference", ha="center", fontsize=8, color=TEXT[5])
        elif finite[i]:
            err_lo = max(rr[i] - lo[i], 0.0) if np.isfinite(lo[i]) else 0
            err_hi = max(hi[i] - rr[i], 0.0) if np.isfinite(hi[i]) else 0
            ax.errorbar(rr[i], y[i], xerr=[[err_lo], [err_hi]], fmt="s", color=PALETTE[0], capsize=3, elinewidth=2)
        else:
            ax.text(left * 1.05, y[i], "not estimable (0 events)", va="center", fontsize=9, color=GREY_TEXT)
    ax.set_xlim(left, right)
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(0.25, 0.5, 1.0, 2.0, 4.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, k - 0.3)
    ref_name = _plain(table.attrs.get("reference_group", "reference"))
    ax.set_xlabel(f"Rate ratio vs {ref_name} (log scale; 1 = no difference)")
    ax.grid(axis="x", which="both", color="#eeeeee")
    return _finish(fig, ax, table, _title(table, "Rate ratio: ", title), own, ratio=True)


def completeness(audit_table: pd.DataFrame, *, title: str | None = None):
    """Heatmap of the share of registrations that are valid, declined, unknown, missing or unmapped.

    Parameters
    ----------
    audit_table : DataFrame
        Result of :func:`equitylab.real.audit`.

    Returns
    -------
    Figure
    """
    statuses = ["valid", "declined", "unknown", "missing", "unmapped"]
    _check_table(audit_table, ["field", "n"] + statuses)
    by = audit_table.attrs.get("by") or [audit_table.columns[0]]
    fields = list(dict.fromkeys(audit_table["field"]))
    rows = int(audit_table.groupby("field").size().max())
    fig, axes = plt.subplots(1, len(fields), figsize=(4.0 * len(fields) + 3.0, 0.55 * rows + 2.4),
                             squeeze=False, sharey=True)
    cmap = LinearSegmentedColormap.from_list("cb", ["#ffffff", "#56B4E9", "#0072B2", "#002b4d"])
    for ax, field in zip(axes[0], fields):
        part = audit_table[audit_table["field"] == field]
        groups = [" · ".join(map(_plain, r)) for r in part[by].itertuples(index=False, name=None)]
        values = part[statuses].to_numpy(float)
        shown = np.where(np.isnan(values), 0, values)
        not_valid = values.copy()
        not_valid[:, 0] = 1 - values[:, 0]  # colour the valid column by its shortfall
        ax.imshow(np.where(np.isnan(not_valid), 0, not_valid), cmap=cmap, vmin=0, vmax=0.4, aspect="auto")
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                txt = "suppressed" if np.isnan(values[i, j]) else f"{100 * shown[i, j]:.1f}%"
                dark = (not_valid[i, j] > 0.22) if not np.isnan(values[i, j]) else False
                ax.text(j, i, txt, ha="center", va="center", fontsize=8.5, color="white" if dark else "black")
        ax.set_xticks(range(len(statuses)), statuses, rotation=35, ha="right")
        ax.set_yticks(range(len(groups)), [f"{g} (n={int(n):,})" if pd.notna(n) else f"{g} (n suppressed)"
                                           for g, n in zip(groups, part["n"])])
        ax.set_title(_name(field), fontsize=10)
        ax.tick_params(length=0)
    head = _plain(title) if title else f"Completeness of REaL data by {' × '.join(_name(b) for b in by)}"
    tail = [_plain(audit_table.attrs["source_name"])] if audit_table.attrs.get("source_name") else []
    if audit_table.attrs.get("period"):
        tail.append(_plain(audit_table.attrs["period"]))
    if audit_table.attrs.get("synthetic"):
        tail.append("SYNTHETIC DATA")
    fig.suptitle(head + ("\n" + " · ".join(tail) if tail else ""), x=0.01, ha="left", fontsize=11)
    fig.text(0.01, 0.01, "Share of registrations in each status; darker = further from complete "
             "(valid column shaded by its shortfall).", fontsize=7.5, color="#444444")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def shares(values: dict, *, title: str, source: str = "", synthetic: bool = False, xlabel: str = "Percent",
           highlight: list | None = None):
    """Horizontal bars of percentages with their values written on them.

    Parameters
    ----------
    values : dict
        Label -> percent (0–100), drawn top to bottom in the given order.
    title, source : str
        The title and a source line under the plot.
    synthetic : bool
        Add "SYNTHETIC DATA" to the title.
    highlight : list, optional
        Labels drawn in the accent colour.

    Returns
    -------
    Figure
    """
    keys = list(values)[::-1]
    vals = [float(values[k]) for k in keys]
    labels = [_plain(k) for k in keys]
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(labels) + 1.8))
    colors = [PALETTE[5] if highlight and k in highlight else PALETTE[0] for k in keys]
    ax.barh(labels, vals, color=colors)
    for y, v in enumerate(vals):
        ax.text(v + 1, y, f"{v:.0f}%", va="center", fontsize=10)
    ax.set_xlim(0, 110)
    ax.set_xlabel(_plain(xlabel))
    despine(ax)
    ax.set_title("\n".join(textwrap.wrap(_plain(title), 70)) + ("\nSYNTHETIC DATA (calibrated panel)" if synthetic else ""),
                 loc="left", fontsize=11)
    fig.tight_layout(rect=(0, 0.08 if source else 0, 1, 1))
    if source:
        fig.text(0.01, 0.01, "\n".join(textwrap.wrap("Source: " + _plain(source), 130)), fontsize=7.5, color="#444444")
    return fig
