"""Figures for Sessions 4 and 5: representation by level, pipeline rates, and paired before/after change.

Every function takes a table already computed (and suppressed) by :mod:`equitylab.stats`
and returns a :class:`matplotlib.figure.Figure`; a suppressed cell is drawn as the words
"suppressed (small numbers)", never as zero; titles say "SYNTHETIC DATA" where the data are.

Example
-------
>>> import equitylab as el
>>> wf = el.datasets.workforce()
>>> t = el.representation(wf[wf["active"]], el.datasets.community(), groups=el.minority)
>>> fig = representation_figure(t)
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import GREY, GREY_TEXT, PALETTE, TEXT, despine

__all__ = ["representation_figure", "pipeline_figure", "paired_figure", "pipeline_reading"]

_EVENT_LABELS = {"hired_2025": "Hired in 2025", "promoted_2025": "Promoted in 2025", "exited_2025": "Left in 2025"}


def _subtitle(table) -> str:
    bits = [str(table.attrs[k]) for k in ("source_name", "period") if table.attrs.get(k)]
    if table.attrs.get("synthetic"):
        bits.append("SYNTHETIC DATA")
    return " · ".join(bits)


def _title(ax, head: str, table) -> None:
    sub = _subtitle(table)
    ax.set_title("\n".join(textwrap.wrap(head, 90)) + (f"\n{sub}" if sub else ""), loc="left", fontsize=11)


def representation_figure(table: pd.DataFrame, *, group: str | None = None, benchmarks: dict | None = None,
                          title: str | None = None):
    """Share of one group at each level (dot and 95% interval) against its share of the community.

    Parameters
    ----------
    table : DataFrame
        Result of :func:`equitylab.representation`.
    group : str, optional
        The group to draw (default: the first group of the table, e.g. "Racial/ethnic minority").
    benchmarks : dict, optional
        ``{level: percent}`` published figures drawn beside the level (e.g. the 2015 benchmark
        survey's 14% of board members and 11% of executives), with a label.
    """
    need = ["share", "ci_low", "ci_high", "benchmark", "suppressed"]
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in need):
        raise TypeError("representation_figure() takes the table returned by equitylab.representation().")
    level, by = table.attrs.get("level", table.columns[0]), table.attrs.get("by", table.columns[1])
    group = group or str(table[by].iloc[0])
    part = table[table[by].astype(str) == group]
    if part.empty:
        raise ValueError(f"No group {group!r} in the table; groups: {', '.join(map(str, table[by].unique()))}.")
    k = len(part)
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * k + 2.4))
    y = np.arange(k)[::-1]
    bench = float(part["benchmark"].iloc[0]) * 100
    ax.axvline(bench, color=PALETTE[2], lw=2, ls="--")
    ax.text(bench, k - 0.35, f" community: {bench:.0f}%", color=TEXT[2], fontsize=9, va="bottom")
    for yi, (_, r) in zip(y, part.iterrows()):
        if r["suppressed"]:
            ax.text(1, yi, "suppressed (small numbers)", va="center", fontsize=9, color=GREY_TEXT, style="italic")
            continue
        s, lo, hi = 100 * r["share"], 100 * r["ci_low"], 100 * r["ci_high"]
        ax.errorbar(s, yi, xerr=[[s - lo], [hi - s]], fmt="o", color=PALETTE[0], capsize=3, elinewidth=2)
        ax.text(hi + 1.2, yi, f"{s:.0f}%  (ratio {r['ratio']:.2f})", va="center", fontsize=8.5,
                bbox=dict(facecolor="white", edgecolor="none", pad=1))
    for lvl, pct in (benchmarks or {}).items():
        if lvl in list(part[level].astype(str)):
            yi = y[list(part[level].astype(str)).index(lvl)]
            ax.plot(pct, yi - 0.28, "v", color=PALETTE[1], markersize=7)
            ax.text(pct + 1, yi - 0.28, f"U.S. hospitals 2015: {pct:g}%", fontsize=7.5, color=TEXT[1], va="center")
    labels = [f"{lv}  (n={int(n):,})" for lv, n in zip(part[level].astype(str), part["n"])]
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.8, k - 0.2)
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"{group}: share of people at the level (%), with 95% interval")
    ax.grid(axis="x", color="#eeeeee")
    despine(ax)
    _title(ax, title or f"Does leadership reflect the community? {group} share by level", table)
    foot = "Ratio = share at the level ÷ share in the community (1 = reflects the community)."
    if table.attrs.get("min_cell"):
        foot += f" Counts 1–{table.attrs['min_cell'] - 1} suppressed (CMS cell-size rule)"
        public = table.attrs.get("public_levels") or []
        foot += (f"; {' and '.join(map(str, public))} shown in full (membership is public)." if public else ".")
    if benchmarks:
        foot += (" ▼ Diversity and Disparities: A Benchmarking Study of U.S. Hospitals in 2015 (minorities were 32% "
                 "of patients).")
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(foot, 135)), fontsize=7.5, color="#444444")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def pipeline_figure(table: pd.DataFrame, *, title: str | None = None):
    """Hiring, promotion and exit rates by group and level: one panel per event, intervals as bars."""
    need = ["event", "rate", "ci_low", "ci_high", "suppressed"]
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in need):
        raise TypeError("pipeline_figure() takes the table returned by equitylab.pipeline().")
    level, by = table.attrs.get("level", table.columns[1]), table.attrs.get("by", table.columns[2])
    events = list(dict.fromkeys(table["event"]))
    levels = [lv for lv in table[level].cat.categories if lv in set(table[level])]
    groups = list(dict.fromkeys(table[by].astype(str)))
    fig, axes = plt.subplots(1, len(events), figsize=(4.2 * len(events) + 1.5, 0.45 * len(levels) + 2.6),
                             sharey=True, squeeze=False)
    y = np.arange(len(levels))[::-1]
    for ax, event in zip(axes[0], events):
        part = table[table["event"] == event]
        for j, g in enumerate(groups):
            rows = part[part[by].astype(str) == g].set_index(level).reindex(levels)
            off = 0.18 * (1 - 2 * j) if len(groups) == 2 else 0.0
            for yi, (lvl, r) in zip(y, rows.iterrows()):
                if pd.isna(r["rate"]):
                    if j == 0:
                        ax.text(0.2, yi, "suppressed", fontsize=8, color=GREY_TEXT, style="italic", va="center")
                    continue
                ax.errorbar(100 * r["rate"], yi + off, xerr=[[100 * (r["rate"] - r["ci_low"])],
                                                             [100 * (r["ci_high"] - r["rate"])]],
                            fmt="o", color=PALETTE[j % len(PALETTE)], capsize=2, markersize=5,
                            label=g if yi == y[-1] or not ax.get_legend_handles_labels()[1].count(g) else None)
        ax.set_title(_EVENT_LABELS.get(event, event), fontsize=10, loc="left")
        ax.set_xlabel("Rate (%)")
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#eeeeee")
        despine(ax)
    axes[0][0].set_yticks(y, levels)
    handles, labels = axes[0][0].get_legend_handles_labels()
    uniq = dict(zip(labels, handles))
    fig.legend(uniq.values(), uniq.keys(), loc="upper right", bbox_to_anchor=(0.99, 0.99), fontsize=10,
               frameon=False, ncol=len(uniq))     # beside the title, where the eye starts
    sub = _subtitle(table)
    fig.suptitle((title or "The pipeline: hiring, promotion and exit by level and group") + (f"\n{sub}" if sub else ""),
                 x=0.01, ha="left", fontsize=11)
    note = "Bars: 95% Wilson intervals. " + (table.attrs.get("note") or "")
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(note, 120)), fontsize=7.5, color="#444444")
    fig.tight_layout(rect=(0, 0.1, 1, 0.95))
    return fig


def paired_figure(table: pd.DataFrame, *, title: str | None = None, unit: str = "points"):
    """Mean change (after − before) per group with its interval; 0 = no change."""
    need = ["mean_change", "ci_low", "ci_high", "suppressed"]
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in need):
        raise TypeError("paired_figure() takes the table returned by equitylab.paired().")
    by = table.attrs.get("by") or []
    labels = [" · ".join(map(str, r)) for r in table[by].itertuples(index=False, name=None)] if by else ["All"]
    k = len(table)
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * k + 2.2))
    y = np.arange(k)[::-1]
    ax.axvline(0, color=GREY, lw=1)
    for yi, (_, r) in zip(y, table.iterrows()):
        if r["suppressed"]:
            ax.text(0, yi, " suppressed (small numbers)", fontsize=9, color=GREY_TEXT, style="italic", va="center")
            continue
        m = r["mean_change"]
        ax.errorbar(m, yi, xerr=[[m - r["ci_low"]], [r["ci_high"] - m]], fmt="s", color=PALETTE[0], capsize=3)
        ax.text(r["ci_high"], yi + 0.2, f" {m:+.2f} (d_z {r['d_z']:.2f}, n={int(r['n']):,})", fontsize=8)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, k - 0.3)
    top = np.nanmax(np.r_[table["ci_high"].to_numpy(float), 0.0])
    ax.set_xlim(min(0.0, np.nanmin(np.r_[table["ci_low"].to_numpy(float), 0.0])), top * 1.45 + 1e-9)
    ax.set_xlabel(f"Mean change after − before ({unit}), 95% t interval")
    ax.grid(axis="x", color="#eeeeee")
    despine(ax)
    before, after = table.attrs.get("before", "before"), table.attrs.get("after", "after")
    _title(ax, title or f"Change from {before} to {after}, same people", table)
    fig.text(0.01, 0.01, "Before/after in the same people, no comparison group: a change is not proof that the "
             "training caused it.", fontsize=7.5, color="#444444")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


#: event -> (what they did, as a verb phrase; the rate's name)
_VERBS = {"hired_2025": ("were hired", "hiring"), "promoted_2025": ("were promoted", "promotion"),
          "exited_2025": ("left", "exit")}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _event_reading(rows: pd.DataFrame, event: str, group: str, reference: str) -> str:
    """One clause on one event at one level: shown or not, the two rates, the difference and its interval."""
    verb, noun = _VERBS.get(event, (f"had {event.replace('_', ' ')}", event.replace("_", " ")))
    mine = rows[(rows["event"] == event) & (rows["race_ethnicity"] == group)]
    ref = rows[(rows["event"] == event) & (rows["race_ethnicity"] == reference)]
    if mine.empty or ref.empty or bool(mine["suppressed"].iloc[0]) or pd.isna(mine["rate"].iloc[0]) \
            or pd.isna(ref["rate"].iloc[0]):
        return f"their {noun} rate is not shown (too few people: suppressed), so these data say nothing about it"
    row = mine.iloc[0]
    rd, low, high = (float(row[c]) for c in ("rate_difference", "rd_ci_low", "rd_ci_high"))
    rates = f"{_pct(row['rate'])} against {_pct(ref['rate'].iloc[0])}"
    ci = f"difference {100 * rd:+.1f} points, 95% CI {100 * low:+.1f} to {100 * high:+.1f}"
    if low > 0 or high < 0:
        return f"they {verb} {'more' if rd > 0 else 'less'} often ({rates}; {ci})"
    return f"their {noun} rate cannot be told apart from {reference} staff's ({rates}; {ci}: the interval includes zero)"


def pipeline_reading(table: pd.DataFrame, *, levels=("Manager", "Clinician"),
                     events=("promoted_2025", "exited_2025"), group: str = "Racial/ethnic minority") -> str:
    """What a pipeline table shows, in sentences computed from it: per level, each event's rate for ``group`` against
    the reference group, with the rate difference and its interval — "less often" or "more often" only when the
    interval excludes zero, "not shown" when the rate is suppressed. It stays true when the data change.

    Parameters
    ----------
    table : DataFrame
        From :func:`equitylab.pipeline` (``attrs["reference"]`` names the reference group).
    levels, events : sequences of str
        The role levels and events to read, in order.
    group : str
        The group compared with the reference.

    Examples
    --------
    >>> import equitylab as el
    >>> flow = el.pipeline(el.datasets.workforce(), groups=el.minority)
    >>> print(pipeline_reading(flow, levels=["Clinician"], events=["exited_2025"]))
    Racial/ethnic minority clinicians: they left more often (13.8% against 10.3%; difference +3.5 points, 95% CI +1.0 to +6.1).
    """
    reference = table.attrs.get("reference", "White")
    level_col = table.attrs.get("level", "role_level")
    lines = []
    for level in levels:
        rows = table[table[level_col] == level]
        clauses = [_event_reading(rows, e, group, reference) for e in events]
        lines.append(f"{group} {str(level).lower()}s: " + "; ".join(clauses) + ".")
    return "\n".join(lines)

