"""A real JupyterHub for the tests and bench/hub.py: start it, sign in as people, drive their servers.

Everything goes over HTTP as a browser would (the hub's login form with its XSRF cookie, the single-user
server's REST API, the kernel's websocket), so the tests see what participants and faculty see.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def equitylab(*args, check=True, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([str(BIN / "equitylab"), *args], capture_output=True, text=True, env=env, **kw)
    if check and done.returncode:
        raise AssertionError(f"equitylab {' '.join(args)} failed: {done.stderr}")
    return done


class Hub:
    """A hub for one room, started with ``equitylab hub serve`` in its own process group."""

    def __init__(self, folder: Path, log: Path):
        self.folder, self.log_path = Path(folder), Path(log)
        self.proc = None

    @property
    def room(self):
        from equitylab.course.room.roomfile import load

        return load(self.folder)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.room.port}"

    def start(self, timeout: float = 120) -> "Hub":
        env = dict(os.environ, PYTHONPATH=str(ROOT), PATH=f"{ROOT / 'node_modules' / '.bin'}:{os.environ['PATH']}")
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([str(BIN / "equitylab"), "hub", "serve", "--dir", str(self.folder),
                                      "--open-paths"], stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the hub stopped: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/hub/api/", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the hub did not answer in {timeout} s: {self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the hub and its proxy and services (participants' servers keep running, as configured)."""
        import psutil

        if self.proc and self.proc.poll() is None:
            # the proxy and the hub's services (room page, culler) go with the hub; participants' servers stay
            helpers = [c for c in psutil.Process(self.proc.pid).children(recursive=True)
                       if any(k in " ".join(c.cmdline()) for k in ("configurable-http-proxy", "jupyterhub_idle_culler",
                                                                   "equitylab.course.room.service"))]
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            for c in helpers:
                try:
                    c.terminate()
                    c.wait(10)
                except (psutil.NoSuchProcess, psutil.TimeoutExpired):
                    pass
        self.proc = None


class Person:
    """Someone in a browser: signs in with a name and a code, then uses their JupyterLab."""

    def __init__(self, hub: Hub, name: str):
        self.hub, self.name = hub, name
        self.s = requests.Session()

    def sign_in(self, code: str) -> requests.Response:
        r = self.s.get(self.hub.url + "/hub/login", timeout=30)
        xsrf = self.s.cookies.get("_xsrf") or re.search(r'name="_xsrf" value="([^"]+)"', r.text)[1]
        return self.s.post(self.hub.url + "/hub/login?next=", data={"username": self.name, "password": code,
                                                                      "_xsrf": xsrf}, timeout=120)

    @property
    def user(self) -> str:
        from equitylab.course.room.roomfile import hub_name

        return hub_name(self.name)

    @property
    def server(self) -> str:
        return f"{self.hub.url}/user/{self.user}"

    def wait_server(self, timeout: float = 300) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            # a browser's first visit: the server's OAuth round trip through the hub sets its cookie
            r = self.s.get(self.server + "/lab", timeout=60, allow_redirects=True)
            if r.status_code == 200 and r.url.split("?")[0].startswith(self.server + "/lab"):
                return
            time.sleep(1)
        log = self.hub.log_path.read_text()[-4000:] if self.hub.log_path.exists() else ""
        raise AssertionError(f"{self.name}'s server did not start in {timeout} s; the hub's log ends:\n{log}")

    def _xsrf_headers(self) -> dict:
        token = self.s.cookies.get("_xsrf", path=f"/user/{self.user}/") or self.s.cookies.get("_xsrf")
        return {"X-XSRFToken": token} if token else {}

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return self.s.request(method, self.server + path, headers=self._xsrf_headers(), timeout=120, **kw)

    def run(self, code: str, cwd: str = "", timeout: float = 120) -> dict:
        """Run ``code`` in a new kernel of this person's server (over the kernel websocket); return the reply."""
        import asyncio

        r = self.api("POST", "/api/kernels", json={"name": "python3", "path": cwd})
        if r.status_code != 201:
            raise AssertionError(f"{self.name} could not start a kernel: {r.status_code} {r.text[:300]}")
        kernel = r.json()
        try:
            # in a thread of its own: a test's browser (Playwright) may already run an event loop here
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(1) as pool:
                return pool.submit(asyncio.run, execute(self, kernel["id"], [code], timeout)).result()[0]
        finally:
            self.api("DELETE", f"/api/kernels/{kernel['id']}")


async def execute(person: Person, kernel_id: str, cells: list[str], timeout: float = 120, on_cell=None) -> list[dict]:
    """Run ``cells`` one by one over the kernel's websocket; per cell: stdout, error, status and seconds."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = person.server.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
    cookies = "; ".join(f"{c.name}={c.value}" for c in person.s.cookies)
    ws = await websocket_connect(HTTPRequest(url, headers={"Cookie": cookies, **person._xsrf_headers()},
                                             request_timeout=60, connect_timeout=60), max_message_size=1 << 28)
    session, results = uuid.uuid4().hex, []
    try:
        for code in cells:
            results.append(await _one_cell(ws, person.user, session, code, timeout))
            if on_cell:
                on_cell(results[-1])
    finally:
        ws.close()
    return results


async def _one_cell(ws, user: str, session: str, code: str, timeout: float) -> dict:
    import asyncio

    msg_id, started = uuid.uuid4().hex, time.perf_counter()
    ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": session, "msg_type": "execute_request",
                   "version": "5.3"}, "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    out = {"stdout": "", "error": None, "status": None}
    idle = replied = False
    while not (idle and replied):
        raw = await asyncio.wait_for(ws.read_message(), timeout)
        if raw is None:
            raise AssertionError("the kernel's websocket closed")
        if isinstance(raw, bytes):
            continue
        reply = json.loads(raw)
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = reply["msg_type"]
        if kind == "stream":
            out["stdout"] += reply["content"]["text"]
        elif kind == "error":
            out["error"] = f"{reply['content']['ename']}: {reply['content']['evalue']}"
        elif kind == "execute_reply":
            out["status"], replied = reply["content"]["status"], True
        elif kind == "status" and reply["content"]["execution_state"] == "idle":
            idle = True
    out["seconds"] = time.perf_counter() - started
    return out
