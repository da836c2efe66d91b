"""A participant's Session 2 in a live JupyterLab on 127.0.0.1, driven in headless Chromium.

JupyterLab opens the student notebook, runs every cell (completion is read from the saved notebook and
the kernel's state, since JupyterLab 4 may keep only on-screen cells in the page), the SWOT editor widget
renders, and text typed into it is saved to the participant's workspace.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from equitylab.notebooks import build_notebooks
from notebook_helpers import ROOT
from site_helpers import Visit

TOKEN = "equitylab-test"
NOTEBOOK = "session2_assessment/session2_assessment.ipynb"
SHOT = ROOT / "build" / "screenshots" / "jupyterlab-session2.png"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    build_notebooks(tmp / "nb", ROOT)
    root, workspace = tmp / "nb" / "student", tmp / "workspace"
    port = _free_port()
    # JupyterLab 4 detaches off-screen cells ("windowing"); keep every cell in the page so the test can
    # scroll to the SWOT editor, and fetch no news from the web
    settings = tmp / "settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    env = dict(os.environ, EQUITYLAB_WORKSPACE=str(workspace), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "lab-workspaces"),
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "lab.log", "w"),
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-2000:])
                time.sleep(0.5)
        yield {"base": base, "root": root, "workspace": workspace}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)       # the server and the kernels it started
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _finished(lab) -> bool:
    """Every code cell of the saved notebook ran, and the kernel is idle."""
    nb = json.loads((lab["root"] / NOTEBOOK).read_text())
    ran = all(c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")
    kernels = _get(f"{lab['base']}/api/kernels?token={TOKEN}")
    return ran and kernels and all(k["execution_state"] == "idle" for k in kernels)


def test_session2_runs_in_jupyterlab_and_the_swot_editor_saves(lab, browser):
    v = Visit(browser, f"{lab['base']}/lab/tree/{NOTEBOOK}?token={TOKEN}", viewport={"width": 1400, "height": 1000})
    page = v.page
    try:
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        page.wait_for_function("document.querySelector('.jp-Notebook-ExecutionIndicator') !== null", timeout=60_000)
        select = page.locator(".jp-Dialog button:has-text('Select')")   # the kernel chooser, when it asks
        try:
            select.wait_for(timeout=15_000)
            select.click()
        except Exception:  # noqa: BLE001  (no dialog: the notebook names its kernel)
            pass
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        deadline = time.time() + float(os.environ.get("EQUITYLAB_LAB_TIMEOUT", 180))
        while time.time() < deadline:
            time.sleep(2)
            page.keyboard.press("Control+s")
            time.sleep(1)
            if _finished(lab):
                break
        else:
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT))
            pytest.fail(f"Session 2 did not finish running in JupyterLab within 3 minutes (screenshot: {SHOT})")
        nb = json.loads((lab["root"] / NOTEBOOK).read_text())
        errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
                  if o["output_type"] == "error"]
        assert not errors, errors
        editor = page.locator(".jp-OutputArea-output .widget-textarea textarea")
        editor.first.wait_for(state="attached", timeout=30_000)
        assert editor.count() == 4                                  # the SWOT editor's four quadrants
        editor.first.evaluate("e => e.scrollIntoView({block: 'center'})")  # off-screen cells are not painted
        time.sleep(1)
        page.screenshot(path=str(SHOT))
        editor.first.wait_for(state="visible", timeout=30_000)
        editor.first.click()
        editor.first.type("Registration staff use a script")
        saved = lab["workspace"] / "workspace.json"
        for _ in range(40):
            if saved.exists() and "Registration staff use a script" in saved.read_text():
                break
            time.sleep(0.25)
        page.screenshot(path=str(SHOT))                             # the editor with the typed item
        data = json.loads(saved.read_text())
        strengths = [s["items"]["strengths"] for s in data["swots"].values()]
        assert ["Registration staff use a script"] in strengths
        assert not v.errors or all("favicon" in e or "Failed to load resource" in e for e in v.errors), v.errors
    finally:
        v.close()
