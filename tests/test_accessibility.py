"""Every page the project produces, checked for WCAG 2.1 AA in a real browser (issue 20).

axe-core (npm, pinned in package.json; ``make node`` runs ``npm ci``) is injected into each page opened in
Debian's Chromium by Playwright: no serious or critical violation of the WCAG 2.0/2.1 A and AA rules. The same
page at 320 px wide (WCAG 1.4.10 reflow) scrolls sideways only inside a focusable, named region; printed
(print media, an A4 portrait page's width) nothing is cut off. Pages: the handout site's student and instructor
notebook pages, slides, agenda, guides, answer key and index pages (the session's ``site`` fixture), the
Blueprint for Action empty and complete, the own-data report and the room page. See docs/accessibility.md.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from notebook_helpers import ROOT
from site_helpers import contrast as _contrast

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: CSS pixels across an A4 portrait page at 96 dpi (210 mm) less 2 × 12.7 mm margins: the printed width.
A4_WIDTH = 698


@pytest.fixture(scope="module")
def other_pages(tmp_path_factory):
    """The Blueprint (empty and complete), the own-data report and the room page, written as the commands do."""
    import equitylab as el
    from equitylab.course.roomview import render_room
    from equitylab.report.own_data import build_report
    from test_blueprint import complete_workspace

    out = tmp_path_factory.mktemp("a11y")
    before = os.environ.get("EQUITYLAB_WORKSPACE")
    os.environ["EQUITYLAB_WORKSPACE"] = str(out / "ws")
    try:
        el.blueprint(out / "blueprint_empty.html", today="2026-11-30")
        complete_workspace()
        el.blueprint(out / "blueprint.html", today="2026-11-30")
    finally:
        if before is None:
            os.environ.pop("EQUITYLAB_WORKSPACE", None)
        else:
            os.environ["EQUITYLAB_WORKSPACE"] = before
    enc = el.datasets.encounters(n=4000, seed=3)
    build_report(enc, out / "report", mapping={"allow_unmapped": True, "by": ["race_ethnicity", "language"]},
                 progress=False)

    class Room:
        def read(self):
            return el.datasets.room(n=12, seed=1), [], ["Late arrival"]

    (out / "room.html").write_text(render_room(Room(), refresh=0, names=True), encoding="utf-8")
    return [out / "blueprint_empty.html", out / "blueprint.html", out / "report" / "index.html", out / "room.html"]


#: Where the page scrolls sideways at the current width: the element, and whether it is a focusable named region.
#: (A box that clips, overflow hidden, is not a scroller: reveal.js scales a slide into one, screen-reader-only
#: text is clipped on purpose. Content cut off is what the print check looks for.)
_SIDEWAYS = """() => {
  const doc = document.documentElement, out = [];
  if (doc.scrollWidth > doc.clientWidth + 1) out.push({where: 'the page', width: doc.scrollWidth, ok: false});
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX)
        && el.clientWidth > 0 && s.display !== 'none') {
      const ok = el.tabIndex >= 0 && !!el.getAttribute('aria-label') && el.getAttribute('role') === 'region';
      out.push({where: el.tagName.toLowerCase() + '.' + el.className, width: el.scrollWidth, ok});
    }
  }
  return out; }"""

#: Elements of the printed page that reach past the paper's width or are clipped by their box.
_CUT = """() => {
  const W = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (s.display === 'none' || s.visibility === 'hidden' || r.width <= 1 || r.height <= 1) continue;  // sr-only text
    if (r.right > W + 1) out.push(el.tagName.toLowerCase() + '.' + el.className + ' ends at ' + Math.round(r.right));
    else if (s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 2)
      out.push(el.tagName.toLowerCase() + '.' + el.className + ' clips ' + el.scrollWidth + ' px to ' + el.clientWidth);
  }
  return out.slice(0, 5); }"""


def _audit(browser, path: Path) -> list[str]:
    """axe at 1280 px, reflow at 320 px, print at A4 width: the problems found, one line each."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    problems = []
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations']})).violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join('; '))""",
                              TAGS)
        problems += [f"axe {v}" for v in found]
        page.set_viewport_size({"width": 320, "height": 640})
        problems += [f"320 px: {s['where']} scrolls sideways ({s['width']} px) outside a focusable named region"
                     for s in page.evaluate(_SIDEWAYS) if not s["ok"]]
        if ".slides." not in path.name:        # reveal.js lays a deck out for the screen (its print is ?print-pdf)
            page.emulate_media(media="print")
            page.set_viewport_size({"width": A4_WIDTH, "height": 1000})
            problems += [f"printed: {c}" for c in page.evaluate(_CUT)]
    finally:
        ctx.close()
    return problems


def test_every_page_passes_axe_reflows_at_320px_and_prints_whole(site, browser, other_pages):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make node` (npm ci installs package.json's pins).")
    pages = sorted(site.rglob("*.html")) + other_pages
    assert len(pages) >= 36
    problems = {str(p): found for p in pages if (found := _audit(browser, p))}
    assert not problems, json.dumps(problems, indent=1)


def test_skip_link_main_favicon_and_shared_stylesheet_on_every_page(site, other_pages):
    import re

    for path in sorted(site.rglob("*.html")) + other_pages:
        text = path.read_text(encoding="utf-8")
        icon = re.search(r'<link\b(?=[^>]*\brel="icon")(?=[^>]*\bhref="data:image/svg\+xml;base64,)[^>]*>', text)
        assert icon, f"{path.name}: no inline icon"
        if "jp-Notebook" in text:       # notebook pages and slides link the one shared stylesheet (not 260 KB inlined)
            assert "notebook.css" in text and "jp-DirListing" not in text, path.name
        if ".slides." in path.name:
            continue
        body = text[text.index("<body"):]
        first_link = re.search(r"<a\b[^>]*>", body).group(0)
        assert 'href="#main"' in first_link and re.search(r"<main\b[^>]*\bid=['\"]main['\"]", body), path.name
    css = site / "assets" / "notebook.css"
    assert css.exists() and css.stat().st_size > 200_000


def test_slides_hidden_slides_take_no_focus_and_controls_show_it(site, browser):
    deck = site / "instructor" / "slides" / "session1_pledge.slides.html"
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        for _ in range(2):
            hidden = page.evaluate("""() => [...document.querySelectorAll('.reveal .slides section[aria-hidden]')]
              .flatMap(s => [...s.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')])
              .filter(el => !el.closest('[inert]') && el.tabIndex >= 0).length""")
            assert hidden == 0, f"{hidden} focusable elements inside hidden slides"
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        page.evaluate("document.querySelector('.reveal .controls .navigate-right').focus()")
        outline = page.evaluate("getComputedStyle(document.querySelector('.reveal .controls .navigate-right')).outlineStyle")
        assert outline not in ("none", ""), outline
    finally:
        ctx.close()


def test_figure_text_colours_reach_4_5_to_1():
    """Every text label the report's figures draw in a colour has a contrast of 4.5:1 or more on white."""
    import matplotlib.colors as mc
    import matplotlib.text as mt

    import equitylab as el
    from equitylab.report.style import GREY_TEXT, PALETTE, TEXT
    from equitylab.report.workforce import representation_figure
    from equitylab.stats.representation import minority

    assert len(TEXT) == len(PALETTE) and all(_contrast(c, "#ffffff") >= 4.5 for c in TEXT + [GREY_TEXT])
    assert _contrast(PALETTE[1], "#ffffff") < 3      # the orange itself stays for marks (2.25:1), not for text
    wf = el.datasets.workforce()
    rep = el.representation(wf[wf["active"]], el.datasets.community(), groups=minority, min_cell=0)
    fig = representation_figure(rep, benchmarks={"Board": 14, "Executive": 11})
    labels = [t for t in fig.findobj(mt.Text) if t.get_text().strip() and t.get_visible()]
    assert any("U.S. hospitals 2015" in t.get_text() for t in labels)
    for t in labels:
        assert _contrast(mc.to_hex(t.get_color()), "#ffffff") >= 4.5, (t.get_text(), t.get_color())
