"""What every HTML page the project writes shares for accessibility (WCAG 2.1 AA).

A wide table scrolls inside a named, focusable region (a keyboard user can reach and scroll it; the page
itself reflows at 320 px, WCAG 1.4.10); a skip link jumps over the navigation (2.4.1); a favicon given
inline, so that no page asks a server for a missing ``/favicon.ico``; and the CSS these need, also for print
(a table wraps to the page width instead of being cut).

Example
-------
>>> from equitylab.report.a11y import table_regions
>>> print(table_regions("<table><thead><tr><th>Group</th><th>Rate</th></tr></thead></table>"))
<div class="el-region" role="region" tabindex="0" aria-label="Table: Group, Rate"><table><thead><tr><th>Group</th><th>Rate</th></tr></thead></table></div>
"""
from __future__ import annotations

import base64
import html
import re

__all__ = ["FAVICON", "SKIP_LINK", "CSS", "table_regions", "table_name"]

#: The site's icon (an equals sign in the palette's blue), inline as base64 SVG: no request, no 404.
FAVICON = ('<link rel="icon" href="data:image/svg+xml;base64,' + base64.b64encode(
    b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' "
    b"fill='#0072B2'/><path d='M4 6h8M4 10h8' stroke='white' stroke-width='2'/></svg>").decode("ascii") + '">')

#: The first element of ``<body>``: hidden until focused, it jumps to ``<main id="main">``.
SKIP_LINK = '<a class="el-skip" href="#main">Skip to the content</a>'

#: Rules for the skip link, the table regions and printing them (to add to a page's stylesheet).
CSS = """
.el-skip { position: absolute; left: -10000px; top: 0; z-index: 100; padding: .5em 1em; background: #fff;
  color: #0b4f80; border: 2px solid #0b4f80; font-weight: 600; }
.el-skip:focus { left: .5em; top: .5em; }
.el-region { overflow-x: auto; max-width: 100%; margin: .4em 0; position: relative; }
.el-region:focus-visible { outline: 3px solid #0b4f80; outline-offset: 2px; }
/* a list of links: each one a target at least 24 px high (WCAG 2.5.8) */
ul.el-links > li > a { display: inline-block; min-height: 24px; padding: 2px 0; box-sizing: border-box; }
.el-region > table { margin: 0; }
:focus-visible { outline: 3px solid #0b4f80; outline-offset: 2px; }
/* a list of links: each one a target at least 24 px high (WCAG 2.5.8) */
ul.el-links > li > a { display: inline-block; min-height: 24px; padding: 2px 0; box-sizing: border-box; }
code, pre { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; }
@media print {
  .el-skip { display: none; }
  .el-region { overflow: visible !important; max-width: none; }
  .el-region > table { width: 100% !important; table-layout: auto; }
  .el-region td, .el-region th { white-space: normal !important; overflow-wrap: anywhere; padding: 1px 3px; }
  .el-region > table:has(tr > :nth-child(12)) :is(td, th) { padding: 1px; }
}
"""

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S | re.I)
_HEAD = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def table_name(table: str, limit: int = 4) -> str:
    """A table's accessible name: its caption, else "Table: " and its first column headings.

    >>> table_name("<table><tr><th></th><th>n</th><th>rate</th></tr></table>")
    'Table: n, rate'
    """
    caption = _CAPTION.search(table)
    if caption and _text(caption.group(1)):
        return _text(caption.group(1))
    heads = [t for t in (_text(h) for h in _HEAD.findall(table)) if t]
    return "Table: " + ", ".join(heads[:limit]) + (" …" if len(heads) > limit else "") if heads else "Table"


def table_regions(page: str) -> str:
    """Wrap every ``<table>`` of ``page`` (not already in a region) in a named, focusable scrolling region."""
    out, last = [], 0
    for m in _TABLE.finditer(page):
        before = page[max(0, m.start() - 200):m.start()]
        out.append(page[last:m.start()])
        if re.search(r'class="el-region"[^>]*>\s*$', before):
            out.append(m.group(0))
        else:
            name = html.escape(table_name(m.group(0)), quote=True)
            out.append(f'<div class="el-region" role="region" tabindex="0" aria-label="{name}">{m.group(0)}</div>')
        last = m.end()
    out.append(page[last:])
    return "".join(out)


def figure_alt(fig, after: str = "") -> str:
    """Alt text of a matplotlib figure from its titles (a title's line breaks become spaces), then ``after``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set_title("Share needing an\\ninterpreter")
    >>> figure_alt(fig, "The table below gives its numbers.")
    'Figure: Share needing an interpreter. The table below gives its numbers.'
    """
    titles = [t.get_text() for t in ([fig._suptitle] if getattr(fig, "_suptitle", None) else [])]
    titles += [ax.get_title() for ax in fig.get_axes() if ax.get_title()]
    text = " — ".join(" ".join(t.split()) for t in titles if t.strip()) or "chart"
    return f"Figure: {text.rstrip('.')}." + (f" {after}" if after else "")
