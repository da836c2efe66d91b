"""The hosted room on a real JupyterHub: 3 participants and 1 faculty member, as they would use it.

The hub is JupyterHub + configurable-http-proxy started by ``equitylab hub serve`` (as root, as on a VM: each
participant runs as a system user the hub creates). Chromium signs a participant in and runs an exercise and
a SWOT item in JupyterLab; faculty see it on the room page (``/services/room/``); a participant gets 403
there; one participant cannot read another's workspace; a hub restart loses nothing; a wrong room code and a
name already taken get sentences that say what to do. Set-up and clean-up (system users, servers) are here.
"""
from __future__ import annotations

import html
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import yaml

from hub_helpers import Hub, Person, equitylab, free_port
from site_helpers import Visit


TAG = uuid.uuid4().hex[:4]
PEOPLE = [f"Ana {TAG}", f"Ben {TAG}", f"Cleo {TAG}"]
FACULTY = f"Dr Faculty {TAG}"
SWOT_ITEM = f"Interpreters on every shift {TAG}"
SHOT = Path(__file__).resolve().parents[1] / "build" / "screenshots" / "hub-participant.png"


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.fail("the hub tests run as root (as CI does): the hub creates a system user per participant")
    folder = Path(tempfile.mkdtemp(prefix="equitylab-hub-test-"))     # outside pytest's rotating tmp folders
    equitylab("hub", "create", "--dir", str(folder), "--faculty", FACULTY, "--title", "Test symposium")
    settings = yaml.safe_load((folder / "room.yml").read_text())
    settings.update(port=free_port(), service_port=free_port(), hub_api_port=free_port(), proxy_api_port=free_port(), server_port_base=30000 + int(TAG, 16) % 20000,
                    home_root=str(folder / "home"))
    (folder / "room.yml").write_text(yaml.safe_dump(settings))
    h = Hub(folder, folder / "hub.log").start()
    try:
        yield h
    finally:
        _clean_up(h)
        shutil.rmtree(folder, ignore_errors=True)


def _clean_up(h: Hub) -> None:
    from equitylab.course.room.hubcli import HubAPI
    from equitylab.course.room.roomfile import system_user

    room = h.room
    try:
        users = [u["name"] for u in HubAPI(room).users()] if h.proc else []
        for name in users:
            HubAPI(room).call("DELETE", f"/users/{name}/server")
    except Exception:  # noqa: BLE001  (clean-up goes on whatever the hub says)
        users = []
    h.stop()
    from equitylab.course.room.roomfile import hub_name

    for name in {*users, *(hub_name(p) for p in PEOPLE + [FACULTY])}:
        user = system_user(name, room.user_prefix)
        subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
        subprocess.run(["userdel", "--remove", user], capture_output=True)


@pytest.fixture(scope="module")
def people(hub):
    """Three participants and a faculty member, signed in, servers up."""
    room = hub.room
    folks = {name: Person(hub, name) for name in PEOPLE}
    for p in folks.values():
        assert p.sign_in(room.room_code).status_code == 200
    faculty = Person(hub, FACULTY)
    assert faculty.sign_in(room.faculty_code).status_code == 200
    for p in [*folks.values(), faculty]:
        p.wait_server()
    return {"participants": folks, "faculty": faculty}


def test_wrong_code_and_taken_name_get_sentences(hub, people):
    def said(r):
        return html.unescape(r.text)

    stranger = Person(hub, "Zed")
    r = stranger.sign_in("NOT-THE-CODE")
    assert r.status_code == 403 and "not this room's code" in said(r)
    twin = Person(hub, PEOPLE[0].upper())               # the same name typed by someone else in the room
    r = twin.sign_in(hub.room.room_code)
    assert r.status_code == 403 and "already signed in as" in said(r) and "Add an initial" in said(r)
    r = Person(hub, "<script>").sign_in(hub.room.room_code)
    assert r.status_code == 403 and "Names can use letters" in said(r) and 'value="<script>' not in r.text
    r = Person(hub, FACULTY).sign_in(hub.room.room_code)   # a faculty name with the participants' code
    assert r.status_code == 403 and "faculty code" in said(r)


def test_participants_are_isolated_system_users(hub, people):
    a, b = (people["participants"][n] for n in PEOPLE[:2])
    room = hub.room
    out = a.run("import os, pwd; print(pwd.getpwuid(os.getuid()).pw_name, os.environ['EQUITYLAB_WORKSPACE'])")
    user, workspace = out["stdout"].split()
    assert user.startswith(room.user_prefix) and user != "root"
    assert workspace.endswith("/equitylab/my_equitylab")
    b.run("import equitylab as el; el.workspace.update('takeaways', 'session1', 'private note')")
    theirs = room.workspace(b.user)
    assert theirs.is_file() and "private note" in theirs.read_text()
    out = a.run(f"open({str(theirs)!r}).read()")
    assert out["error"] and "PermissionError" in out["error"]
    assert oct(theirs.parent.parent.parent.stat().st_mode & 0o777) == "0o700"          # the home folder
    # their own work leaves the hub: the Blueprint and an export, downloaded as JupyterLab's file browser does
    out = b.run("import equitylab as el; el.blueprint('my_blueprint.html'); el.workspace.export('mine.json')")
    assert not out["error"], out
    page = b.api("GET", "/files/my_blueprint.html")
    assert page.status_code == 200 and "Blueprint" in page.text
    export = b.api("GET", "/files/mine.json")
    assert export.status_code == 200 and export.json()["takeaways"]["session1"] == "private note"
    # the student notebooks, not the instructor's: no solution reachable
    listing = json.dumps(a.api("GET", "/api/contents/session3_data").json())
    assert "session3_data.ipynb" in listing
    nb = a.api("GET", "/api/contents/session3_data/session3_data.ipynb").text
    assert "BEGIN SOLUTION" not in nb and "YOUR ANSWER HERE" in nb
    faculty_nb = people["faculty"].api("GET", "/api/contents/session3_data/session3_data.ipynb").json()
    assert json.dumps(faculty_nb["content"]) != json.loads(nb)["content"].__repr__()
    assert "YOUR ANSWER HERE" not in json.dumps(faculty_nb["content"])        # faculty get the instructor version


def test_kernels_use_ipc_not_tcp_ports(hub, people):
    a = people["participants"][PEOPLE[0]]
    out = a.run("from ipykernel.kernelapp import IPKernelApp as A; print(A.instance().transport)")
    assert out["stdout"].strip() == "ipc"


def test_chromium_participant_works_and_faculty_room_shows_it(hub, people, browser):
    room = hub.room
    name = PEOPLE[2]
    person = people["participants"][name]
    from equitylab.course.room.roomfile import SignIns

    SignIns(room.folder).release(person.user)     # the same person, now in a browser
    v = Visit(browser, f"{hub.url}/hub/login", viewport={"width": 1280, "height": 900})
    page = v.page
    try:
        page.get_by_label("Your name").fill(name)
        page.get_by_label("Room code").fill(room.room_code.lower().replace("-", " "))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
        page.wait_for_function("document.querySelector('.jp-Notebook-ExecutionIndicator') !== null",
                               timeout=60_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("a")                                 # a new cell above the first
        page.locator(".jp-NotebookPanel .jp-Cell.jp-mod-selected .cm-content").click()
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell.jp-mod-selected .cm-focused", timeout=30_000)
        page.keyboard.type(f'import equitylab as el\nprint(el.check("demo.why_suppress", "b").status)\n'
                           f's = el.swot.SWOT.load()\ns.add("strengths", "{SWOT_ITEM}")')
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(".jp-OutputArea-output:has-text('correct')", timeout=120_000)
        except Exception:
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT))
            raise AssertionError(f"the exercise did not run in JupyterLab (screenshot: {SHOT})") from None
        saved = room.workspace(person.user)
        data = json.loads(saved.read_text())
        assert data["answers"]["demo.why_suppress"]["status"] == "correct"
        assert any(SWOT_ITEM in s["items"]["strengths"] for s in data["swots"].values())
        # faculty: the room page shows it at the next refresh (the page reads workspaces when it is asked)
        faculty = people["faculty"]
        r = faculty.s.get(f"{hub.url}/services/room/?session=2", timeout=60)
        assert r.status_code == 200 and r.url.startswith(f"{hub.url}/services/room/")
        data = faculty.s.get(f"{hub.url}/services/room/data.json", timeout=60).json()
        assert data["participants"] >= 3
        assert SWOT_ITEM.split()[0].lower() in json.dumps(data).lower()
        d = faculty.s.get(f"{hub.url}/services/room/data.json?session=demo", timeout=60).json()
        why = [t for t in d["totals"] if t["id"] == "demo.why_suppress"][0]
        assert why["correct"] >= 1
        # a participant is refused the room page
        r = people["participants"][PEOPLE[0]].s.get(f"{hub.url}/services/room/", timeout=60)
        assert r.status_code == 403
        assert not v.foreign
    finally:
        v.close()
    # faculty in a browser: the room page under /services/room/ (its links relative to that prefix)
    f = Visit(browser, f"{hub.url}/hub/login?next=/services/room/", viewport={"width": 1280, "height": 900})
    try:
        f.page.get_by_label("Your name").fill(FACULTY)
        f.page.get_by_label("Room code").fill(room.faculty_code)
        f.page.get_by_role("button", name="Sign in").click()
        f.page.wait_for_url(f"{hub.url}/services/room/**", timeout=60_000)
        f.page.wait_for_selector("header", timeout=30_000)
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        f.page.screenshot(path=str(SHOT.with_name("hub-room-page.png")), full_page=False)
        assert "3" in f.page.locator("body").inner_text()
        links = f.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert not [h for h in links if h.startswith("/") and not h.startswith("/services/room/")], links
        assert not f.foreign
    finally:
        f.close()


def test_room_lists_people_who_saved_nothing_yet(hub, people):
    data = people["faculty"].s.get(f"{hub.url}/services/room/data.json", timeout=60).json()
    text = json.dumps(data)
    assert PEOPLE[0] in text                     # signed in, nothing saved yet: listed as waiting


def test_hub_restart_loses_nothing(hub, people):
    a = people["participants"][PEOPLE[1]]
    before = hub.room.workspace(a.user).read_text()
    hub.stop()
    hub.start()
    a.wait_server(120)                          # the same browser session, the same server
    assert hub.room.workspace(a.user).read_text() == before
    out = a.run("import equitylab as el; print(el.workspace.get('takeaways', 'session1'))")
    assert out["stdout"].strip() == "private note"
    home = pwd.getpwnam(f"{hub.room.user_prefix}{a.user}").pw_dir
    assert Path(home, "equitylab", "session3_data", "session3_data.ipynb").is_file()


def test_prestart_starts_servers_before_sign_in(hub):
    from equitylab.course.room.hubcli import prestart

    name = f"Early {TAG}"
    result = prestart(hub.room, [name], log=lambda *_: None)
    assert result["up"] and not result["failed"]
    p = Person(hub, name)
    started = time.time()
    assert p.sign_in(hub.room.room_code).status_code == 200
    p.wait_server(30)
    assert time.time() - started < 10             # already running: the notebook opens at once
    out = p.run("import os; print(os.environ['EQUITYLAB_PARTICIPANT'])")
    assert out["stdout"].strip() == name
