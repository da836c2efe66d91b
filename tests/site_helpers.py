"""The handout site built once per test session (with the project's execution cache), and a headless
Chromium from Debian's package driven by Playwright (``make browser`` installs it)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from equitylab.notebooks import build_site
from notebook_helpers import ROOT

CHROMIUM = os.environ.get("EQUITYLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BINDER_TEST_REPO = "example-org/equitylab"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("handout") / "_site"
    before = os.environ.get("EQUITYLAB_BINDER_REPO")
    os.environ["EQUITYLAB_BINDER_REPO"] = BINDER_TEST_REPO
    try:
        build_site(out, ROOT)
    finally:
        if before is None:
            os.environ.pop("EQUITYLAB_BINDER_REPO", None)
        else:
            os.environ["EQUITYLAB_BINDER_REPO"] = before
    return out


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """A page opened with every request to another host blocked and recorded, and console errors kept."""

    def __init__(self, browser, url: str, **context):
        self.context = browser.new_context(accept_downloads=True, **context)
        self.page = self.context.new_page()
        self.page.set_default_navigation_timeout(120_000)     # a loaded machine (CI) can be slow to serve a page
        self.errors, self.foreign = [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.route("**/*", self._route)
        self.page.goto(url)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")) or url.startswith(("http://127.0.0.1", "http://localhost")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def close(self):
        self.context.close()


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours (relative luminance, sRGB)."""
    def lum(h):
        c = [int(h.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
