"""The handout site in a real browser (headless Chromium from Debian, driven by Playwright).

Every page loads offline (no request to another host; they are blocked and recorded) with no console
error; links, images, previous/next, downloads and slides work; screenshots of the index and a session
page are taken (kept in build/screenshots/) and checked for content; the room's live page updates.
"""
from __future__ import annotations

import json
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from notebook_helpers import ROOT
from site_helpers import Visit

SHOTS = ROOT / "build" / "screenshots"


def pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "img", "link", "script"):
                self.refs.append((tag, a[key]))


def _parse(path: Path) -> _Refs:
    p = _Refs()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_page_loads_offline_without_console_errors(site, browser):
    assert len(pages(site)) >= 15
    for path in pages(site):
        v = Visit(browser, path.as_uri())
        try:
            v.page.wait_for_load_state("load")
            text = v.page.inner_text("body")
            assert not v.foreign, f"{path.relative_to(site)} asked another host for {v.foreign}"
            assert not v.errors, f"{path.relative_to(site)}: console errors {v.errors}"
            assert len(text) > 200, f"{path.relative_to(site)} rendered almost nothing"
            assert v.page.title() and v.page.title() != "Notebook"
            assert v.page.locator("meta[name=viewport]").count() == 1, path
        finally:
            v.close()


def test_internal_links_and_images_resolve(site):
    for path in pages(site):
        refs = _parse(path)
        for tag, ref in refs.refs:
            url = urlparse(ref)
            if url.scheme in ("http", "https", "data", "mailto"):
                assert tag == "a" or url.scheme == "data", f"{path.name}: {tag} loads {ref}"
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            assert target.exists(), f"{path.relative_to(site)}: broken {tag} {ref}"
            if url.fragment and target.suffix == ".html":
                ids = _parse(target).ids  # browsers match the fragment as written, then decoded
                assert url.fragment in ids or unquote(url.fragment) in ids, f"{path.relative_to(site)}: no anchor {ref}"


def test_student_pages_do_not_link_to_the_instructor_section(site):
    for path in pages(site):
        if "instructor" not in path.relative_to(site).parts:
            assert "instructor/" not in " ".join(r for _, r in _parse(path).refs), path


def test_previous_and_next(site, browser):
    v = Visit(browser, (site / "session1_pledge" / "session1_pledge.html").as_uri())
    try:
        v.page.click("footer a[rel=next]")
        assert v.page.url.endswith("session2_assessment/session2_assessment.html")
        v.page.click("footer a[rel=prev]")
        assert v.page.url.endswith("session1_pledge/session1_pledge.html")
        v.page.click("footer a[rel=prev]")
        assert v.page.url.endswith("demo/exercise_engine.html")
    finally:
        v.close()


@pytest.mark.parametrize("rel", ["demo/exercise_engine", "session1_pledge/session1_pledge",
                                 "session2_assessment/session2_assessment", "session3_data/session3_data"])
def test_download_is_the_student_notebook(site, browser, tmp_path, rel):
    v = Visit(browser, (site / f"{rel}.html").as_uri())
    try:
        with v.page.expect_download() as info:
            v.page.click("text=Download the notebook")
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
    finally:
        v.close()
    assert saved.name == Path(rel).name + ".ipynb"
    nb = nbformat.read(saved, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["equitylab"]["version"] == "student"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert not any("instructor" in c.metadata.get("tags", []) for c in nb.cells)


def test_binder_link_names_the_notebook(site):
    page = (site / "session3_data" / "session3_data.html").read_text()
    assert "https://mybinder.org/v2/gh/example-org/equitylab/HEAD?labpath=student%2Fsession3_data%2Fsession3_data.ipynb" in page


def test_slides_open_and_advance(site, browser):
    v = Visit(browser, (site / "instructor" / "slides" / "session3_data.slides.html").as_uri())
    try:
        v.page.wait_for_function("window.Reveal && Reveal.isReady()")
        total = v.page.evaluate("Reveal.getTotalSlides()")
        assert total >= 8
        seen = {v.page.evaluate("JSON.stringify(Reveal.getIndices())")}
        for _ in range(total - 1):            # the arrow key (or a clicker) reaches every slide, sub-slides too
            v.page.keyboard.press("ArrowRight")
            seen.add(v.page.evaluate("JSON.stringify(Reveal.getIndices())"))
        assert len(seen) == total and v.page.evaluate("Reveal.isLastSlide()")
        assert v.page.locator(".reveal section .equitylab-question").count() >= 4, "exercise slides show their question"
        assert v.page.locator(".reveal section img").count() >= 4
        assert not v.foreign and not v.errors, (v.foreign, v.errors)
    finally:
        v.close()


def _ink(png: Path) -> float:
    """Share of pixels that are not (near) white."""
    import matplotlib.image as mpimg

    img = mpimg.imread(png)[..., :3]
    return float((img.mean(axis=2) < 0.9).mean())


@pytest.mark.parametrize("rel,words", [("index.html", ["Equity Lab", "Start here", "Session 1"]),
                                       ("session3_data/session3_data.html", ["Session 3", "Download the notebook"])])
def test_screenshots_show_content(site, browser, rel, words):
    SHOTS.mkdir(parents=True, exist_ok=True)
    v = Visit(browser, (site / rel).as_uri(), viewport={"width": 1280, "height": 900})
    try:
        shot = SHOTS / (Path(rel).stem + ".png")
        v.page.screenshot(path=str(shot))
        visible = v.page.inner_text("body")
    finally:
        v.close()
    for w in words:
        assert w in visible
    assert _ink(shot) > 0.02, f"{shot} is blank"


def test_print_layout_keeps_wide_tables_on_the_page(site, browser):
    v = Visit(browser, (site / "session3_data" / "session3_data.html").as_uri(), viewport={"width": 800, "height": 1000})
    try:
        v.page.emulate_media(media="print")
        overflow = v.page.evaluate("""() => [...document.querySelectorAll('table, pre, img')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 2).length""")
        assert v.page.locator(".el-sidebar").is_hidden()
    finally:
        v.close()
    assert overflow == 0


def test_swot_table_reads_left_to_right(site, browser):
    v = Visit(browser, (site / "session2_assessment" / "session2_assessment.html").as_uri())
    try:
        align = v.page.evaluate("getComputedStyle(document.querySelector('.equitylab-swot td')).textAlign")
    finally:
        v.close()
    assert align in ("left", "start")


def _workspace(name: str, answers: dict, swot: dict | None = None) -> dict:
    ws = {"format": "equitylab-workspace", "version": 1, "participant": name, "answers": answers}
    if swot:
        ws["swots"] = {"organization": swot}
    return ws


def test_room_page_updates_as_files_arrive(browser, tmp_path):
    from equitylab.course.roomview import serve

    folder = tmp_path / "room"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(_workspace("<script>alert(1)</script> Ana",
                                                         {"demo.lwbs_rate": {"status": "correct"}})))
    (folder / "broken.json").write_text("{not json")
    ready = threading.Event()
    server = serve(folder, port=0, refresh=1, ready=ready, log=lambda *a: None)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    v = Visit(browser, url + "?names=1")        # faculty's own screen: names shown

    try:
        body = v.page.inner_text("body")
        assert "1 participant ·" in body and "Skipped broken.json" in body
        assert "<script>alert(1)</script> Ana" in body          # shown as text, not run
        assert "Traceback" not in body and not v.errors
        (folder / "b.json").write_text(json.dumps(_workspace("Ben", {"demo.lwbs_rate": {"status": "incorrect"}})))
        v.page.wait_for_function("document.body.innerText.includes('2 participants')", timeout=10_000)
        v.page.goto(url + "?session=1")
        assert "demo.lwbs_rate" not in v.page.inner_text("table")
    finally:
        v.close()
        server.shutdown()
        server.server_close()
    shutil.rmtree(folder)
