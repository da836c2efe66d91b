"""The room page's source seam: a folder (file-folder mode) or any object with ``read()`` — the JupyterHub room
service passes its own. The page's links are relative, so it works under ``/services/room/``."""
import re

import equitylab as el
from equitylab.course.roomview import FolderSource, render_room, snapshot


class FakeHub:
    """What the hub service gives the room: workspaces read from users' folders, warnings, people still waiting."""

    def __init__(self, workspaces, waiting=()):
        self.workspaces, self.waiting = workspaces, list(waiting)

    def read(self):
        return list(self.workspaces), ["one user's workspace could not be read"], list(self.waiting)

    def describe(self):
        return f"the hub: {len(self.workspaces) + len(self.waiting)} participants"


def _people(n):
    people = el.datasets.room(n=n, seed=1)
    for i, ws in enumerate(people):
        ws["participant_id"] = f"{i:032x}"
        ws["answers"] = {"demo.why_suppress": {"status": "correct" if i % 2 else "incorrect", "attempts": 1,
                                               "answer": "b" if i % 2 else "a", "last_status": None}}
    return people


def test_a_source_object_is_read_and_waiting_people_are_counted():
    hub = FakeHub(_people(3), waiting=["Dana", "Lee"])
    snap = snapshot(hub)
    assert (snap["participants"], snap["workspaces"], snap["waiting"]) == (5, 3, ["Dana", "Lee"])
    assert snap["source"] == "the hub: 5 participants" and snap["folder"] is None
    assert "one user's workspace could not be read" in snap["warnings"]
    row = next(t for t in snap["totals"] if t["id"] == "demo.why_suppress")
    assert (row["correct"], row["incorrect"], row["n"]) == (1, 2, 3)
    page = render_room(hub, session="demo", refresh=5)
    assert "5 participants" in page and "the hub: 5 participants" in page
    assert "Dana" not in page and "nothing saved yet: 2" in page         # names hidden on the projector
    assert "Dana" in render_room(hub, session="demo", refresh=5, names=True)
    assert "equitylab export" not in page                      # no folder instructions in hub mode


def test_every_link_form_and_fetch_in_the_page_is_relative():
    page = render_room(FakeHub(_people(2), waiting=["Ana"]), session="demo", refresh=5, names=True, reflections=True)
    targets = re.findall(r'(?:href|src|action)\s*=\s*"([^"]*)"', page) + re.findall(r"fetch\(\s*['\"]([^'\"]+)", page)
    assert targets, "the live page has session links"
    absolute = [t for t in targets if t.startswith(("/", "http:", "https:", "//"))]
    assert not absolute, absolute


def test_a_folder_is_a_folder_source_described_by_its_path(tmp_path):
    assert FolderSource(tmp_path).read() == ([], [], [])
    snap = snapshot(tmp_path)
    assert snap["source"] == str(tmp_path) and snap["folder"] == str(tmp_path) and snap["participants"] == 0


def test_a_source_that_breaks_its_contract_is_a_warning_on_the_page():
    class Broken:
        def read(self):
            return "not a tuple"

    page = render_room(Broken(), refresh=0)
    assert "could not be read" in page and "(workspaces, warnings, waiting)" in page


def test_the_folder_server_answers_only_its_own_host_names(tmp_path):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends Host: evil.example."""
    import http.client
    import threading

    from equitylab.course.roomview import serve

    ready = threading.Event()
    server = serve(tmp_path, port=0, ready=ready, log=lambda *a: None)
    port = server.server_address[1]
    try:
        def status(host_header, path="/data.json"):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.putrequest("GET", path, skip_host=True)
            conn.putheader("Host", host_header)
            conn.endheaders()
            response = conn.getresponse()
            response.read()
            conn.close()
            return response.status

        assert status(f"127.0.0.1:{port}") == 200 and status(f"localhost:{port}") == 200
        assert status(f"[::1]:{port}") == 200
        for bad in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", ""):
            assert status(bad) == 403, bad
            assert status(bad, "/") == 403
    finally:
        server.shutdown()
        server.server_close()


def test_the_toggles_keep_each_other_and_the_session():
    page = render_room(FakeHub(_people(2)), session="demo", refresh=5, names=True, reflections=False)
    links = re.findall(r'href="([^"]*)"', page)
    assert "?session=3&amp;names=1" in links                       # switching session keeps names shown
    assert "?session=demo&amp;names=1&amp;reflections=1" in links  # showing reflections keeps names
    assert "?session=demo" in links                                # hiding names
