"""A participant's Session 2 in a live JupyterLab on 127.0.0.1, driven in headless Chromium.

JupyterLab opens the student notebook, runs every cell (completion is read from the saved notebook and
the kernel's state, since JupyterLab 4 may keep only on-screen cells in the page), the SWOT editor widget
renders, and text typed into it is saved to the participant's workspace. The widget areas pass axe-core
(WCAG 2.0/2.1 A and AA: no serious or critical violation), and keyboard alone chooses a stage and types a
SWOT item; the same for the goal and CLAS self-check forms (issue 20).
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
FORMS = "forms.ipynb"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDGETS = ".jp-OutputArea-output:has(.jupyter-widgets)"


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


def _finished(lab, notebook=NOTEBOOK) -> bool:
    """Every code cell of the saved notebook ran, and the kernel is idle."""
    nb = json.loads((lab["root"] / notebook).read_text())
    ran = all(c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")
    kernels = _get(f"{lab['base']}/api/kernels?token={TOKEN}")
    return ran and kernels and all(k["execution_state"] == "idle" for k in kernels)


def _run_all(lab, browser, notebook, shot):
    """Open ``notebook`` in JupyterLab, run all its cells and wait until they ran; returns the visit."""
    v = Visit(browser, f"{lab['base']}/lab/tree/{notebook}?token={TOKEN}", viewport={"width": 1400, "height": 1000})
    page = v.page
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
        if _finished(lab, notebook):
            break
    else:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        v.close()
        pytest.fail(f"{notebook} did not finish running in JupyterLab within 3 minutes (screenshot: {shot})")
    return v


def _axe(page, selector: str = WIDGETS) -> list[dict]:
    """Serious and critical axe-core violations (WCAG 2.0/2.1 A and AA) inside the elements ``selector`` finds."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` (package.json pins it).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async (selector) => {
        const nodes = document.querySelectorAll(selector);
        if (!nodes.length) return {error: 'no widget area found'};
        return await axe.run(nodes, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                                    resultTypes: ['violations']});
    }""", selector)
    assert "error" not in result, result
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _tab_to(page, target, limit: int = 20) -> None:
    """Press Tab (keyboard only) until focus is on or inside ``target``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e.contains(document.activeElement)"):
            return
    pytest.fail(f"Tab did not reach {target} in {limit} presses")


def _saved(lab, text: str):
    saved = lab["workspace"] / "workspace.json"
    for _ in range(40):
        if saved.exists() and text in saved.read_text():
            break
        time.sleep(0.25)
    return json.loads(saved.read_text())


def test_session2_runs_in_jupyterlab_and_the_swot_editor_saves(lab, browser):
    v = _run_all(lab, browser, NOTEBOOK, SHOT)
    page = v.page
    try:
        nb = json.loads((lab["root"] / NOTEBOOK).read_text())
        errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
                  if o["output_type"] == "error"]
        assert not errors, errors
        editor = page.locator(".jp-OutputArea-output .widget-textarea textarea")
        editor.first.wait_for(state="attached", timeout=30_000)
        assert editor.count() == 4                                  # the SWOT editor's four quadrants
        assert _axe(page) == []                                     # the stage groups, the SWOT editor
        # keyboard only: Tab into the first statement's radio group, Space and an arrow key choose a stage
        statement = "We collect race/ethnicity and preferred language by self-report at every registration point."
        group = page.get_by_role("group", name=statement)
        group.scroll_into_view_if_needed()
        page.locator("h4:text-is('REaL data')").first.click()        # where Tab starts from (its cell)
        _tab_to(page, group)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        assert group.get_by_role("radio", name="Planning").is_checked()
        assert not group.get_by_role("radio", name="Not started").is_checked()
        assert _saved(lab, '"real.collect": "Planning"')["assessments"]["self_assessment"]["answers"][
            "real.collect"] == "Planning"
        # keyboard only: Tab into the Strengths box (named by its label), type an item, Tab to "Check my SWOT"
        box = page.get_by_role("textbox", name="Strengths (internal), one item per line")
        box.scroll_into_view_if_needed()
        page.locator("text=Prompting questions for strengths").first.click()
        _tab_to(page, box)
        page.keyboard.type("Registration staff use a script")
        for _ in range(8):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.includes('Check my SWOT')"):
                break
        page.keyboard.press("Enter")
        status = page.locator(".eqlab-live[role=status][aria-live=polite]").last
        status.wait_for(timeout=10_000)
        page.wait_for_function("[...document.querySelectorAll('.eqlab-live')].some(e => "
                               "e.textContent.includes('Check my SWOT'))", timeout=10_000)
        box.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOT))                             # the editor with the typed item
        data = _saved(lab, "Registration staff use a script")
        strengths = [s["items"]["strengths"] for s in data["swots"].values()]
        assert ["Registration staff use a script"] in strengths
        assert not v.errors or all("favicon" in e or "Failed to load resource" in e for e in v.errors), v.errors
    finally:
        v.close()


def test_goal_and_clas_forms_pass_axe_and_work_by_keyboard(lab, browser):
    """The Closing's Blueprint form and Session 5's CLAS self-check, rendered in JupyterLab."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell("import equitylab as el\nel.plan.ActionPlan.load('Blueprint for Action').form()"),
                nbformat.v4.new_code_cell("el.clas.SelfCheck.load().form()")]
    nbformat.write(nb, lab["root"] / FORMS)
    shot = SHOT.with_name("jupyterlab-forms.png")
    v = _run_all(lab, browser, FORMS, shot)
    page = v.page
    try:
        page.get_by_role("group", name="Standard 15. Progress communicated to all stakeholders").wait_for(timeout=30_000)
        assert _axe(page) == []
        goal = page.get_by_role("textbox", name="Goal: what changes, for whom").first
        goal.scroll_into_view_if_needed()
        page.locator("h4:has-text('Goal 1')").click()
        _tab_to(page, goal)
        page.keyboard.type("Patients who need an interpreter rate care highly")
        page.wait_for_function("[...document.querySelectorAll('.eqlab-live')].some(e => "
                               "e.textContent.includes('Needs work'))", timeout=10_000)
        page.screenshot(path=str(SHOT.with_name("jupyterlab-goal-form.png")))
        saved = _saved(lab, "rate care highly")["plans"]["Blueprint for Action"]["goals"]
        assert saved[0]["goal"] == "Patients who need an interpreter rate care highly" and saved[0]["level"] == "patient"
        standard = page.get_by_role("group", name="Standard 5. Language assistance offered at no cost, timely, at all "
                                                  "points of contact")
        standard.scroll_into_view_if_needed()
        page.locator("h4:text-is('Communication and Language Assistance')").click()
        _tab_to(page, standard)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert standard.get_by_role("radio", name="Practiced but not formalized").is_checked()
        assert _saved(lab, "Practiced")["assessments"]["clas"]["ratings"] == {"5": "Practiced but not formalized"}
        page.screenshot(path=str(shot))
    finally:
        v.close()
