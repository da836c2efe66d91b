"""An attacker's view of one output: can a count from 1 to 10 be read or worked out from what it shows?

Written independently of ``equitylab.privacy``: it knows nothing of the library's rule, only what an
output shows. ``Facts`` collects it — exact counts, size bands, rates and shares with their precision,
and the sums that tie counts together (a total is the sum of its cells; a group's ``n`` is its events
plus non-events). :func:`recoverable` propagates intervals through those sums and products to a fixed
point (differences of totals and visible cells, rate × n, share × n, bucket bounds) and lists every
count pinned to a single value from 1 to ``min_cell − 1``.

Adapters turn each public output into ``Facts``: a stratified table, an audit table, a masked count
table, a figure (its text and the rates it draws), a dashboard, a notebook's HTML tables and printed text.
"""
from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd

INF = math.inf
_BAND = re.compile(r"^\s*([\d,]+)\s*[–-]\s*([\d,]+)\s*$")
_PLUS = re.compile(r"^\s*([\d,]+)\+\s*$")


def _int(text: str) -> int:
    return int(str(text).replace(",", ""))


def band_bounds(label) -> tuple[float, float]:
    """Bounds an attacker reads from a shown band: "11–49", "1,000+", "0", or anything else (hidden, ≥ 1)."""
    text = str(label)
    if (m := _BAND.match(text)):
        return _int(m.group(1)), _int(m.group(2))
    if (m := _PLUS.match(text)):
        return _int(m.group(1)), INF
    if re.fullmatch(r"\s*[\d,]+\s*", text):
        v = _int(text)
        return v, v
    return 1, INF


class Facts:
    """Everything one output shows, as named integer quantities and the relations between them."""

    def __init__(self):
        self.bounds: dict[str, tuple[float, float]] = {}
        self.sums: list[tuple[str, list[str]]] = []      # total = Σ members
        self.products: list[tuple[float, float, str, str]] = []  # count ≈ rate × n (rate ± tol)
        self.shown: set[str] = set()                      # names shown as a number

    def count(self, name: str, value) -> None:
        v = _int(value) if isinstance(value, str) else int(value)
        self._narrow(name, v, v)
        self.shown.add(name)

    def band(self, name: str, lo: float, hi: float) -> None:
        self._narrow(name, lo, hi)

    def _narrow(self, name, lo, hi):
        a, b = self.bounds.get(name, (0, INF))
        self.bounds[name] = (max(a, lo), min(b, hi))

    def total(self, name: str, members: list[str]) -> None:
        self.sums.append((name, list(members)))

    def rate(self, count: str, n: str, value: float, decimals: int | None = None) -> None:
        """``count`` = ``value`` × ``n``; ``decimals`` when ``value`` was rounded for display."""
        if value is None or not np.isfinite(value):
            return
        tol = 1e-9 if decimals is None else 0.5 * 10 ** (-decimals) + 1e-12
        self.products.append((float(value), tol, count, n))

    def equal(self, a: str, b: str) -> None:
        """Two names for one count (e.g. the same rows counted in two tables)."""
        self.sums.append((a, [b]))

    def merge(self, other: "Facts", prefix: str = "") -> "Facts":
        rename = (lambda s: prefix + s) if prefix else (lambda s: s)
        for k, (lo, hi) in other.bounds.items():
            self._narrow(rename(k), lo, hi)
        self.sums += [(rename(t), [rename(m) for m in ms]) for t, ms in other.sums]
        self.products += [(r, tol, rename(c), rename(n)) for r, tol, c, n in other.products]
        self.shown |= {rename(s) for s in other.shown}
        return self


def _propagate(f: Facts, rounds: int = 60) -> dict[str, list[float]]:
    names = set(f.bounds) | {t for t, _ in f.sums} | {m for _, ms in f.sums for m in ms} | \
        {c for *_, c, _ in f.products} | {n for *_, n in f.products}
    iv = {k: list(f.bounds.get(k, (0, INF))) for k in names}
    for _ in range(rounds):
        before = {k: tuple(v) for k, v in iv.items()}
        for total, members in f.sums:
            lo = sum(iv[m][0] for m in members)
            hi = sum(iv[m][1] for m in members)
            iv[total] = [max(iv[total][0], lo), min(iv[total][1], hi)]
            for i, m in enumerate(members):
                others = members[:i] + members[i + 1:]
                o_lo = sum(iv[x][0] for x in others)
                o_hi = sum(iv[x][1] for x in others)
                iv[m] = [max(iv[m][0], iv[total][0] - o_hi), min(iv[m][1], iv[total][1] - o_lo)]
        for r, tol, c, n in f.products:
            n_lo, n_hi = iv[n]
            iv[c] = [max(iv[c][0], math.ceil(max(r - tol, 0) * n_lo - 1e-7)),
                     min(iv[c][1], math.floor((r + tol) * n_hi + 1e-7) if n_hi < INF else INF)]
            if iv[c][0] > 0 and r - tol > 0:  # n from a count and its rate
                iv[n] = [max(n_lo, math.ceil(iv[c][0] / (r + tol) - 1e-7)),
                         min(n_hi, math.floor(iv[c][1] / (r - tol) + 1e-7) if iv[c][1] < INF else INF)]
        if before == {k: tuple(v) for k, v in iv.items()}:
            break
    return iv


def recoverable(f: Facts, min_cell: int = 11) -> list[str]:
    """Every quantity shown, or pinned by the facts, to a single value from 1 to ``min_cell − 1``."""
    iv = _propagate(f)
    broken = [k for k, (lo, hi) in iv.items() if lo > hi]
    if broken:  # the output contradicts itself (or an adapter misread it): fail loudly, never pass quietly
        raise AssertionError(f"inconsistent facts for {broken[:5]}")
    return sorted(f"{k} = {int(lo)}" for k, (lo, hi) in iv.items() if lo == hi and 1 <= lo < min_cell)


# --- adapters ------------------------------------------------------------------------------------------

def _label(row, by) -> str:
    return " · ".join(str(row[b]) for b in by)


def from_stratify(t: pd.DataFrame, *, rows: int | None = None, margins: dict | None = None,
                  decimals: int | None = None) -> Facts:
    """A stratified table as shown, its attrs included. ``rows``: the data's row count, if the attacker
    knows it; ``margins``: {(by column, level): (n, events)} known from elsewhere (a one-way table)."""
    f = Facts()
    by = t.attrs["by"]
    binary = "events" in t.columns
    groups = []
    for _, row in t.iterrows():
        g = _label(row, by)
        groups.append((g, row))
        if pd.notna(row["n"]):
            f.count(f"n[{g}]", row["n"])
        else:
            f.band(f"n[{g}]", *band_bounds(row["n_bucket"]))
        if binary:
            f.total(f"n[{g}]", [f"e[{g}]", f"ne[{g}]"])
            if pd.notna(row["events"]):
                f.count(f"e[{g}]", row["events"])
            f.rate(f"e[{g}]", f"n[{g}]", row["rate"], decimals)
            f.rate(f"ne[{g}]", f"n[{g}]", 1 - row["rate"] if pd.notna(row["rate"]) else None, decimals)
    ns = [f"n[{g}]" for g, _ in groups]
    f.total("N", ns)
    a = t.attrs
    if a.get("n_total") is not None:
        f.count("N", a["n_total"])
    missing = "rows outside the denominator"
    if a.get("rows_missing_outcome") is not None:
        f.count(missing, a["rows_missing_outcome"])
    elif a.get("rows_missing_outcome_text") is not None:
        f.band(missing, *band_bounds(a["rows_missing_outcome_text"]))
    f.total("R", ["N", missing])
    if a.get("rows") is not None:
        f.count("R", a["rows"])
    if rows is not None:
        f.count("R", rows)
    if binary:
        f.total("E", [f"e[{g}]" for g, _ in groups])
        f.rate("E", "N", a.get("overall_rate"))
        shown = [g for g, row in groups if pd.notna(row["n"])]
        f.total("N shown", [f"n[{g}]" for g in shown])
        f.total("E shown", [f"e[{g}]" for g in shown])
        f.rate("E shown", "N shown", a.get("overall_rate_shown_groups"))
        for (col, level), (n, e) in (margins or {}).items():
            members = [g for g, row in groups if str(row[col]) == str(level)]
            f.total(f"n[{col}={level}]", [f"n[{g}]" for g in members])
            f.total(f"e[{col}={level}]", [f"e[{g}]" for g in members])
            f.count(f"n[{col}={level}]", n)
            f.count(f"e[{col}={level}]", e)
    if a.get("n_shown") is not None:
        f.total("N shown", [f"n[{g}]" for g, row in groups if pd.notna(row["n"])])
        f.count("N shown", a["n_shown"])
    return f


STATUSES = ["valid", "declined", "unknown", "missing", "unmapped"]


#: The steps docs/privacy.md says a reconciled audit's shares are rounded down to (rule 6).
DOCUMENTED_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5)


def reconciled_step(n, min_cell: int = 11):
    """The step of a reconciled audit row of ``n`` rows, as the documentation states it."""
    return next((s for s in DOCUMENTED_STEPS if s >= 10 * min_cell / n), None)


def from_audit(t: pd.DataFrame, *, rows: int | None = None, decimals: int | None = None,
               floor_step=None) -> Facts:
    """An audit table as shown: ``n`` and each status share, per group and field. ``floor_step``: a
    function of a row's ``n`` giving the step its shares were rounded *down* to (a shown share s then
    means s ≤ share < s + step), for an audit published with ``privacy.reconcile``."""
    f = Facts()
    by = t.attrs.get("by") or [t.columns[0]]
    for field, part in t.groupby("field", sort=False):
        ns = []
        for _, row in part.iterrows():
            g = f"{field}:{_label(row, by)}"
            ns.append(f"n[{g}]")
            if pd.notna(row["n"]):
                f.count(f"n[{g}]", row["n"])
            else:
                f.band(f"n[{g}]", 1, INF)
            cells = [f"{s}[{g}]" for s in STATUSES]
            f.total(f"n[{g}]", cells)
            step = floor_step(row["n"]) if floor_step is not None and pd.notna(row["n"]) else None
            for s, c in zip(STATUSES, cells):
                if step is not None and pd.notna(row[s]):   # [s, s + step): its midpoint ± half a step
                    f.products.append((float(row[s]) + step / 2, step / 2 + 1e-9, c, f"n[{g}]"))
                else:
                    f.rate(c, f"n[{g}]", row[s] if pd.notna(row[s]) else None, decimals)
        f.total(f"R[{field}]", ns)
        if rows is not None:
            f.count(f"R[{field}]", rows)
        for s in STATUSES:  # a status total across groups may be known (the standardization report)
            f.total(f"{s}[{field}:all]", [f"{s}[{field}:{_label(r, by)}]" for _, r in part.iterrows()])
    return f


def from_masked(values, *, total: int | None = None, name: str = "count") -> Facts:
    """A column of counts as shown (numbers as text, bands), with its total if the attacker knows it."""
    f = Facts()
    cells = []
    for i, v in enumerate(list(values)):
        c = f"{name}[{i}]"
        cells.append(c)
        lo, hi = band_bounds(v)
        if lo == hi:
            f.count(c, lo)
        else:
            f.band(c, lo, hi)
    f.total(f"{name} total", cells)
    if total is not None:
        f.count(f"{name} total", total)
    return f


_N_EQ = re.compile(r"\bn\s*=\s*([\d,]+)(?![\d,])(?!\s*in the shown)")
_N_SHOWN = re.compile(r"\bn\s*=\s*([\d,]+)\s*in the shown")
_NOT_COUNTED = re.compile(r"not counted:\s*([^.\n]+)")


def figure_text(fig) -> str:
    parts = [t.get_text() for t in fig.texts]
    if fig._suptitle is not None:
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        parts += [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        parts += [t.get_text() for t in ax.texts + ax.get_yticklabels() + ax.get_xticklabels()]
        parts += [ax.get_xlabel(), ax.get_ylabel()]
    return "\n".join(p for p in parts if p)


def _drawn_rates(ax) -> dict[float, float]:
    """y position -> x of the single-point markers an axes draws (the rates of a rates plot)."""
    out = {}
    for line in ax.lines:
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(x) == 1 and line.get_marker() == "o":
            out[float(y[0])] = float(x[0])
    return out


def from_rates_axes(ax, prefix: str = "", percent: bool = True) -> Facts:
    """A rates panel as drawn: tick labels "(n=…)"/"(n band)", the marker of each rate, title totals,
    and the overall line (its x, labelled "overall" or "shown groups")."""
    f = Facts()
    scale = 100.0 if percent else 1.0
    drawn = _drawn_rates(ax)
    ns, shown = [], []
    for pos, tick in zip(ax.get_yticks(), ax.get_yticklabels()):
        text = tick.get_text()
        m = re.search(r"\(n=([\d,]+)\)", text) or re.search(r"\(n ([^)]+)\)", text)
        g = prefix + text.split("  (n")[0]
        ns.append(f"n[{g}]")
        if m and "=" in m.group(0):
            f.count(f"n[{g}]", m.group(1))
            shown.append(g)
        elif m:
            f.band(f"n[{g}]", *band_bounds(m.group(1)))
        if float(pos) in drawn:
            f.rate(f"e[{g}]", f"n[{g}]", drawn[float(pos)] / scale, decimals=None)
    f.total(prefix + "N", ns)
    f.total(prefix + "E", [f"e[{n[2:-1]}]" for n in ns])
    f.total(prefix + "N shown", [f"n[{g}]" for g in shown])
    f.total(prefix + "E shown", [f"e[{g}]" for g in shown])
    title = ax.get_title(loc="left") + "\n" + (ax.figure._suptitle.get_text() if ax.figure._suptitle else "")
    if (m := _N_EQ.search(title)):
        f.count(prefix + "N", m.group(1))
    if (m := _N_SHOWN.search(title)):
        f.count(prefix + "N shown", m.group(1))
    for line in ax.lines:  # the overall line: a vertical line spanning the axes
        x = np.asarray(line.get_xdata(), float)
        if len(x) == 2 and x[0] == x[1] and line.get_linestyle() == "--":
            labels = [t.get_text() for t in ax.texts if abs(t.get_position()[0] - x[0]) < 1e-9]
            which = "E shown" if any("shown" in s for s in labels) else "E"
            f.rate(prefix + which, prefix + ("N shown" if which == "E shown" else "N"), x[0] / scale)
    return f


def from_figure(fig, percent: bool = True, prefix: str | None = None) -> Facts:
    """Every panel of a figure plus numbers printed in its footnotes. Panel ``i``'s names start with
    ``prefix`` (default ``"ax{i}:"``); ``prefix=""`` gives a one-panel figure the names of
    :func:`from_stratify`, so merging the two ties the figure to its table."""
    f = Facts()
    for i, ax in enumerate(fig.axes):
        pre = f"ax{i}:" if prefix is None else prefix
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        if any("(n" in t for t in ticks):
            f.merge(from_rates_axes(ax, prefix=pre, percent=percent))
        elif ticks:  # e.g. a forest plot: group names only, and the title's total
            f.total(pre + "N", [f"n[{pre}{t}]" for t in ticks])
            title = ax.get_title(loc="left") + "\n" + (fig._suptitle.get_text() if fig._suptitle else "")
            if (m := _N_EQ.search(title)):
                f.count(pre + "N", m.group(1))
    text = "\n".join(t.get_text() for t in fig.texts)
    for k, m in enumerate(_NOT_COUNTED.finditer(text)):
        lo, hi = band_bounds(m.group(1))
        f.band(f"footnote rows[{k}]", lo, hi)
        if lo == hi:
            f.shown.add(f"footnote rows[{k}]")
    return f


def from_completeness(fig) -> Facts:
    """A completeness heatmap: tick labels "(n=…)", the percentages written in each cell (1 decimal)."""
    f = Facts()
    for i, ax in enumerate(fig.axes):
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        cols = [t.get_text() for t in ax.get_xticklabels()]
        for r, text in enumerate(ticks):
            g = f"ax{i}:{text.split(' (n')[0]}"
            m = re.search(r"\(n=([\d,]+)\)", text)
            if m:
                f.count(f"n[{g}]", m.group(1))
            cells = [f"{c}[{g}]" for c in cols]
            f.total(f"n[{g}]", cells)
            for t in ax.texts:
                x, y = t.get_position()
                if round(y) == r and t.get_text().endswith("%"):
                    f.rate(cells[int(round(x))], f"n[{g}]", float(t.get_text()[:-1]) / 100, decimals=3)
    return f


class _Tables(HTMLParser):
    """The tables of an HTML page as lists of rows of cell text (the notebook's DataFrame outputs)."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append((self._cell or "").strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def html_tables(html: str) -> list[pd.DataFrame]:
    """DataFrames from ``to_html`` output: the header row(s) joined into column names."""
    p = _Tables()
    p.feed(html)
    out = []
    for rows in p.tables:
        head = [r for r in rows if r and all(c == "" or not re.fullmatch(r"-?[\d.,]+|nan|NaN|<NA>", c) for c in r)]
        body = rows[len(head):] if head else rows
        if not body:
            continue
        width = max(len(r) for r in body)
        names = [""] * width
        for h in head:
            for j, c in enumerate(h[-width:] if len(h) >= width else [""] * (width - len(h)) + h):
                names[j] = c or names[j]
        out.append(pd.DataFrame([r + [""] * (width - len(r)) for r in body], columns=names))
    return out


def narrowed(f: Facts, min_cell: int = 11) -> list[str]:
    """Every count not shown that may be from 1 to ``min_cell − 1`` yet is narrowed to fewer than
    ``min_cell − 1`` possible values (the width of the band 1–10) — the narrowing docs/privacy.md rules out."""
    iv = _propagate(f)
    out = []
    for k, (lo, hi) in iv.items():
        if k in f.shown or lo == hi or lo >= min_cell or hi < 1:
            continue
        if hi - max(lo, 1) + 1 < min_cell - 1:
            out.append(f"{k} in {int(lo)}–{int(hi)}")
    return sorted(out)


_NUMBER = re.compile(r"^\s*-?[\d,]+(\.\d+)?\s*$")


def _csv_count(f: Facts, name: str, text, band=None) -> None:
    if isinstance(text, str) and re.fullmatch(r"[\d,]+", text.strip()):
        f.count(name, text)
    elif band is not None:
        f.band(name, *band_bounds(band))


def from_report(folder) -> Facts:
    """Everything an ``equitylab report`` folder publishes, read from its files only: each group table
    (CSV and the page's copy with rates in percent), the standardization files (raw values' counts, whose
    sum per category is that category's rows: its ``n`` plus the rows missing the outcome), "Rows read" and
    every ``n = …`` of the figures' alt text. ``disparity.csv`` holds functions of the shown groups' rates
    and ``n`` only. Any other file fails the read: the attacker must see every file."""
    from pathlib import Path

    folder = Path(folder)
    f = Facts()
    dims = {}
    for path in sorted(folder.iterdir()):
        name = path.name
        if name in ("index.html", "disparity.csv"):
            continue
        if "__by_" in name and name.endswith(".csv"):
            outcome, dim = name[:-4].split("__by_")
            t = pd.read_csv(path, dtype=str, keep_default_na=False)
            for _, row in t.iterrows():
                g = f"{outcome}|{dim}|{row[dim]}"
                _csv_count(f, f"n[{g}]", row["n"], row["n_bucket"])
                f.total(f"n[{g}]", [f"e[{g}]", f"ne[{g}]"])
                _csv_count(f, f"e[{g}]", row.get("events", ""))
                if row.get("rate", "") not in ("", "nan"):
                    f.rate(f"e[{g}]", f"n[{g}]", float(row["rate"]), 15)
                    f.rate(f"ne[{g}]", f"n[{g}]", 1 - float(row["rate"]), 15)
                f.total(f"rows[{dim}|{row[dim]}]", [f"n[{g}]", f"miss[{g}]"])
                dims.setdefault(dim, set()).add(row[dim])
            f.total(f"N[{outcome}]", [f"n[{outcome}|{dim}|{v}]" for v in t[dim]])
            f.total(f"E[{outcome}]", [f"e[{outcome}|{dim}|{v}]" for v in t[dim]])
        elif name.startswith("standardization__") and name.endswith(".csv"):
            dim = name[len("standardization__"):-4]
            t = pd.read_csv(path, dtype=str, keep_default_na=False)
            for cat, part in t.groupby("standard"):
                members = []
                for raw, count in zip(part["raw"], part["count"]):
                    members.append(f"raw[{dim}|{raw}]")
                    _csv_count(f, members[-1], count, count)
                f.total(f"rows[{dim}|{cat}]", members)
                dims.setdefault(dim, set()).add(cat)
        else:
            raise AssertionError(f"the attacker cannot read {name}: add an adapter for it")
    for dim, cats in dims.items():
        f.total("rows read", [f"rows[{dim}|{c}]" for c in sorted(cats)])
    page = (folder / "index.html").read_text(encoding="utf-8")
    if (m := re.search(r"Rows read: ([^.<]+)", page)):
        f.band("rows read", *band_bounds(m.group(1)))
        if re.fullmatch(r"[\d,]+", m.group(1).strip()):
            f.shown.add("rows read")
    for section in re.split(r"<h3>", page)[1:]:
        title = re.match(r"(.*?) by (.*?)</h3>", section)
        if not title:
            continue
        outcome, dim = (html_unescape(x) for x in title.groups())
        for alt in re.findall(r'alt="([^"]*)"', section):
            for n_text, rest in re.findall(r"n = ([\d,]+)([^·.]*)", html_unescape(alt)):
                if "shown" in rest:
                    continue  # the shown groups' n: the sum of the table's shown n
                f.count(f"N[{outcome}]", n_text)
        for tab in html_tables(section):
            if "n" not in tab.columns or dim not in tab.columns:
                continue
            for _, row in tab.iterrows():
                g = f"{outcome}|{dim}|{row[dim]}"
                _csv_count(f, f"n[{g}]", row["n"])
                _csv_count(f, f"e[{g}]", row.get("events", ""))
                if _NUMBER.match(str(row.get("rate %", ""))):
                    f.rate(f"e[{g}]", f"n[{g}]", float(row["rate %"]) / 100, 3)
    return f


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)
