"""The Blueprint for Action, built from a complete, a partial and an empty workspace, and looked at."""
import base64
import re
import shutil
import subprocess

import pytest

import equitylab as el
from equitylab.course.blueprint import SECTIONS
from equitylab.course.cli import main
from equitylab.stats.representation import minority

NASTY = "<script>alert('x')</script> & <b>bold</b>"


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / "ws"))
    return tmp_path


def goal(**kw):
    base = dict(goal="Raise complete race and ethnicity data in the ED", measure="Valid race/ethnicity, ED",
                baseline=0.72, target=0.9, target_date="2099-12-31", owner="Director of Patient Access",
                area="REaL data", higher_is_better=True, actions=["Q1: registration script " + NASTY])
    base.update(kw)
    return el.plan.SmartGoal(**base)


def complete_workspace():
    """Everything the day saves, through the library calls the notebooks make."""
    el.workspace.set_participant("Ana " + NASTY)
    example = el.assess.example()
    el.workspace.update("assessments", "self_assessment", example.to_dict())
    el.workspace.update("takeaways", "session1", {"benchmark": example.peers()[["indicator", "you", "peers",
                                                                                 "peers_measure"]].to_dict("records")})
    swot = el.swot.SWOT.load()
    swot.add("strengths", "Interpreters by video " + NASTY)
    swot.add("threats", "Staffing shortages")
    enc = el.datasets.encounters(n=4000)
    enc["race_ethnicity"], _ = el.real.standardize(enc["race_ethnicity"], "race_ethnicity")
    el.workspace.update("takeaways", "session3", {"dashboard": el.dashboard(enc).summary.round(4).to_dict("records"),
                                                  "synthetic": True})
    wf = el.datasets.workforce()
    rep = el.representation(wf[wf["active"]], el.datasets.community(), groups=minority, min_cell=0)
    el.workspace.update("takeaways", "session4", {"representation": rep.round(4).to_dict("records"), "synthetic": True,
                                                  "benchmark_2015": {"patients": 32, "board": 14, "executives": 11}})
    el.workspace.update("takeaways", "session5", {"completion_by_department": [
        {"department": "Emergency", "n": 600, "rate": 0.57}, {"department": "Nursing", "n": 900, "rate": 0.84}],
        "synthetic": True})
    clas = el.clas.SelfCheck.load()
    for k in range(1, 16):
        clas.rate(k, k % 4)
    for kind, g in (("Equity Dashboard goal", goal()), ("D&I Action Plan", goal(area="Leadership diversity")),
                    ("Cultural Competence Training Plan", goal(area="Cultural competence"))):
        el.plan.ActionPlan.load(kind).add(g)
    blueprint = el.plan.ActionPlan.load("Blueprint for Action")
    for level in ("patient", "organization", "community"):
        blueprint.add(goal(level=level, goal=f"A {level}-level goal for the blueprint test"))
    el.check("closing.first_step", "Monday: ask the registration lead to start the monthly audit " + NASTY)


def images(page_html):
    return re.findall(r"<img [^>]*src='([^']+)'", page_html)


def test_complete_workspace(ws):
    complete_workspace()
    page = el.blueprint(ws / "out" / "blueprint.html", today="2026-11-30")
    assert page.done == [k for k, _, _ in SECTIONS] and page.not_done == []
    text = (ws / "out" / "blueprint.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<meta charset='utf-8'>" in text
    for key, title, _ in SECTIONS:
        assert f"<section id='{key}'>" in text and title.replace("&", "&amp;") in text
    assert "not yet done" not in text and "Not yet done" not in text
    srcs = images(text)
    assert len(srcs) >= 3 and all(s.startswith("data:image/png;base64,") for s in srcs)   # radar, representation, training
    for s in srcs:
        assert base64.b64decode(s.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    # self-contained: nothing from the network, no script at all
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", text) and "<script" not in text
    assert all(link.startswith('<link rel="icon" href="data:') for link in re.findall(r"<link[^>]*>", text))  # inline icon
    assert "@media print" in text and "@page" in text
    # participant text is escaped everywhere it appears
    assert NASTY not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    for level in ("Patient level", "Organization level", "Community level"):
        assert level in text


def test_partial_workspace_lists_what_is_not_yet_done(ws):
    el.plan.ActionPlan.load("D&I Action Plan").add(goal(area="Leadership diversity"))
    page = el.blueprint()
    assert page.done == ["diversity"] and "benchmark" in page.not_done
    assert "<section id='not-yet-done'>" in page.html and page.html.count("not yet done —") == len(page.not_done)
    assert "Not yet done" in repr(page) and "not yet done" in page._repr_html_()


def test_a_blueprint_level_without_a_goal_is_not_yet_done(ws):
    el.plan.ActionPlan.load("Blueprint for Action").add(goal(level="patient"))
    page = el.blueprint()
    assert "not yet done: no goal at the community level yet." in page.html


def test_empty_workspace_says_what_to_do_first(ws):
    page = el.blueprint(ws / "empty.html")
    assert page.done == [] and page.not_done == [k for k, _, _ in SECTIONS]
    assert "Nothing saved yet" in page.html and "Start with the demo notebook" in page.html
    assert not images(page.html)
    assert (ws / "empty.html").read_text(encoding="utf-8") == page.html


def test_from_an_exported_file_and_bad_input(ws):
    complete_workspace()
    exported = el.workspace.export(ws / "export.json")
    assert el.blueprint(data=exported).not_done == []
    with pytest.raises(ValueError, match=r"\.html file"):
        el.blueprint(ws / "blueprint.pdf")
    with pytest.raises(TypeError, match="workspace dict"):
        el.blueprint(data=42)


def test_command_line(ws, capsys):
    el.plan.ActionPlan.load("D&I Action Plan").add(goal(area="Leadership diversity"))
    assert main(["blueprint", str(ws / "cli.html")]) == 0
    out = capsys.readouterr().out
    assert "Blueprint for Action written to" in out and "Not yet done" in out
    assert "<section id='diversity'>" in (ws / "cli.html").read_text(encoding="utf-8")
    exported = el.workspace.export(ws / "someone.json")
    assert main(["blueprint", str(ws / "theirs.html"), "--workspace", str(exported)]) == 0
    assert "<section id='diversity'>" in (ws / "theirs.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("chromium"), reason="headless Chromium not installed (optional)")
def test_renders_in_a_browser(ws):
    """Render the page with headless Chromium and look at the picture: not blank, tall enough for every section."""
    from PIL import Image

    complete_workspace()
    page = el.blueprint(ws / "render.html")
    png = ws / "render.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={png}",
                    "--window-size=1000,5000", (ws / "render.html").as_uri()], check=True, timeout=120,
                   capture_output=True)
    im = Image.open(png).convert("L")
    assert im.size == (1000, 5000)
    dark = sum(im.histogram()[:128]) / (im.size[0] * im.size[1])
    assert 0.005 < dark < 0.5, dark            # text and figures drawn, not a blank or black page
    bottom = im.crop((0, 4000, 1000, 5000)).getextrema()
    assert page.not_done == [] and bottom[0] < 128   # content reaches the lower part of the page


def test_a_page_from_an_empty_workspace_is_not_the_take_away_and_bad_paths_are_named(ws):
    import equitylab as el
    from equitylab.checking.feedback import InputError

    page = el.blueprint(str(ws / "empty.html"))        # as the closing notebook records it
    el.workspace.update("takeaways", "closing", {"blueprint": page.path.name, "done": page.done,
                                                 "not_done": page.not_done})
    row = el.progress("closing").set_index("id").loc["closing.takeaway.blueprint"]
    assert row["status"] == "not attempted" and "0 parts done" in row["prompt"]
    for bad in (123, "page.pdf"):
        with pytest.raises(InputError, match=r"\.html file"):
            el.blueprint(bad)
