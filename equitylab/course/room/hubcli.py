"""``equitylab hub``: create, serve, pre-start and look after one symposium's hub.

    equitylab hub create --faculty "Ana Diaz" [--faculty ...] [--code CODE] [--participants FILE] [--dir DIR]
    equitylab hub serve [--dir DIR] [--open-paths]      run the hub (as root) on the room's port
    equitylab hub prestart [--dir DIR] [NAME ...]       start participants' servers before the session
    equitylab hub status [--dir DIR]                    who is signed in, whose server runs, who saved work
    equitylab hub release NAME [--dir DIR]              free a name so its owner can sign in from another computer

Everything for the day is kept in the room's folder (default ``hub-room/``): ``room.yml`` (codes, faculty,
settings; owner-only), the hub's database and secrets, ``signed_in.json``, the notebooks it hands out.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .roomfile import RoomError, SignIns, create, display_name, hub_name, load

__all__ = ["add_parser", "run", "prestart", "HubAPI"]

DEFAULT_DIR = "hub-room"
CONFIG = Path(__file__).resolve().parents[3] / "deploy" / "hub" / "jupyterhub_config.py"


def add_parser(sub) -> None:
    p = sub.add_parser("hub", help="host the room on JupyterHub (create, serve, prestart, status, release)")
    hs = p.add_subparsers(dest="hub_command", required=True)
    c = hs.add_parser("create", help="create the room: its code, faculty and settings (room.yml)")
    c.add_argument("--faculty", action="append", default=[], metavar="NAME", help="a faculty member (repeat)")
    c.add_argument("--code", help="the room code participants type (8+ letters/digits; default: one is made)")
    c.add_argument("--title", default="Equity Lab", help="the symposium's name, shown at sign-in")
    c.add_argument("--participants", metavar="FILE", help="a text file, one expected participant per line "
                                                           "(pre-started by `equitylab hub prestart`)")
    c.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000)")
    c.add_argument("--force", action="store_true", help="replace an existing room (its codes stop working)")
    s = hs.add_parser("serve", help="run the hub (as root: participants run as their own system users)")
    s.add_argument("--open-paths", action="store_true",
                   help="let participants' servers reach this Python: add o+x (enter, not list) to its folders")
    pre = hs.add_parser("prestart", help="start participants' servers now (before the 8:00 rush)")
    pre.add_argument("names", nargs="*", help="names to start (default: the room's participants list)")
    hs.add_parser("status", help="who is signed in, whose server runs, who has saved work")
    r = hs.add_parser("release", help="free a name so its owner can sign in again from another computer")
    r.add_argument("name")
    for q in hs.choices.values():
        q.add_argument("--dir", default=DEFAULT_DIR, help=f"the room's folder (default {DEFAULT_DIR}/)")


def run(args) -> int:
    return {"create": _create, "serve": _serve, "prestart": _prestart, "status": _status,
            "release": _release}[args.hub_command](args)


def _create(args) -> int:
    participants = []
    if args.participants:
        path = Path(args.participants)
        if not path.is_file():
            raise RoomError(f"no file {args.participants!r}: give a text file with one participant's name per line.")
        participants = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    room = create(args.dir, args.faculty, code=args.code, title=args.title, participants=participants,
                  port=args.port, force=args.force)
    print(f"Room created in {room.folder}/room.yml (keep it private: it holds the codes).\n"
          f"  Room code (show it on the screen):  {room.room_code}\n"
          f"  Faculty code (faculty only):        {room.faculty_code}\n"
          f"  Faculty: {', '.join(room.faculty)};  expected participants: {len(room.participants)}\n"
          f"Next: sudo make hub  (or: sudo .venv/bin/equitylab hub serve --dir {args.dir}); "
          f"then `equitylab hub prestart --dir {args.dir}` before the session.")
    return 0


def _build_notebooks(room) -> Path:
    """The student and instructor notebooks the hub hands out, built fresh into ``<room>/notebooks``."""
    from ..notebooks import build_notebooks

    dest = room.folder / "notebooks"
    tmp = Path(tempfile.mkdtemp(dir=room.folder, prefix=".notebooks-"))
    build_notebooks(tmp)
    for path in [tmp, *tmp.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    room.folder.chmod(room.folder.stat().st_mode | stat.S_IXOTH)
    return dest


def _closed_folders(paths) -> list[Path]:
    """Folders on the way to ``paths`` that other users cannot enter (no o+x)."""
    closed = []
    for p in paths:
        for parent in reversed(Path(p).resolve().parents):
            if parent not in closed and not parent.stat().st_mode & stat.S_IXOTH:
                closed.append(parent)
    return closed


def _serve(args) -> int:
    room = load(args.dir)
    if os.geteuid() != 0:
        raise RoomError("the hub must run as root (sudo): each participant runs as a system user of their own.")
    if shutil.which("useradd") is None:
        raise RoomError("useradd is missing: the hub creates a system user per participant (Debian: passwd).")
    python = Path(sys.executable)
    needed = [python.resolve(), python.parent, room.folder]
    closed = _closed_folders(needed)
    if closed and not args.open_paths:
        raise RoomError(f"participants' servers could not reach Python: {', '.join(map(str, closed))} cannot be "
                        f"entered by other users. Move the checkout (e.g. to /srv), or rerun with --open-paths to add "
                        f"o+x (enter, not list) to those folders.")
    for folder in closed:
        folder.chmod(folder.stat().st_mode | stat.S_IXOTH)
        print(f"hub: {folder} can now be entered by participants' servers (o+x; its listing stays private)")
    from .hub import _proxy_command

    _proxy_command()                        # a missing proxy is named before the hub starts
    print(f"hub: building the notebooks participants get ({room.folder}/notebooks) ...", flush=True)
    _build_notebooks(room)
    env = dict(os.environ, EQUITYLAB_ROOM=str(room.folder))
    jupyterhub = str(python.parent / "jupyterhub")
    print(f"hub: {room.title} on http://{room.ip or '0.0.0.0'}:{room.port}/ — room code {room.room_code}; "
          f"faculty: {', '.join(room.faculty)}; the room page: /services/room/  (Ctrl-C stops)", flush=True)
    os.chdir(room.folder)
    os.execve(jupyterhub, [jupyterhub, "-f", str(CONFIG)], env)
    return 0  # pragma: no cover  (execve does not return)


class HubAPI:
    """The hub's REST API with the room's own token (``room.yml: api_token``)."""

    def __init__(self, room, url: str | None = None):
        self.url = (url or f"http://127.0.0.1:{room.port}").rstrip("/") + "/hub/api"
        self.token = room.api_token

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                text = resp.read()
                return resp.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as exc:
            return exc.code, None
        except urllib.error.URLError as exc:
            raise RoomError(f"the hub does not answer on {self.url} ({exc.reason}): start it with "
                            f"`sudo make hub`.") from None

    def users(self) -> list[dict]:
        out, offset = [], 0
        while True:
            status, page = self.call("GET", f"/users?limit=200&offset={offset}")
            out += page or []
            if not page or len(page) < 200:
                return out
            offset += len(page)


def prestart(room, names, log=print, api: HubAPI | None = None, timeout: float | None = None) -> dict:
    """Start the servers of ``names`` (typed names), at most the hub's spawn limit at a time.

    Returns ``{"up": [...], "failed": {name: reason}, "seconds": s}``. Names are created as hub users if
    needed; nobody is signed in by this (the first sign-in with the room code claims the name).
    """
    api = api or HubAPI(room)
    wanted = {hub_name(n): display_name(n) for n in names}
    SignIns(room.folder).expect(names)
    existing = {u["name"] for u in api.users()}
    new = [n for n in wanted if n not in existing]
    if new:
        status, _ = api.call("POST", "/users", {"usernames": new})
        if status not in (200, 201):
            raise RoomError(f"the hub refused to create users ({status}).")
    start, todo, pending, up, failed = time.time(), list(wanted), set(), [], {}
    limit, deadline = room.spawn_limit(), start + (timeout or room.start_timeout * 2)
    while (todo or pending) and time.time() < deadline:
        while todo and len(pending) < limit:
            name = todo.pop(0)
            status, _ = api.call("POST", f"/users/{name}/server")
            if status in (201, 202):
                pending.add(name)
            elif status == 400:          # already running
                up.append(name)
            elif status == 429:          # the hub's own limit: try again shortly
                todo.insert(0, name)
                break
            else:
                failed[name] = f"start refused ({status})"
        time.sleep(1)
        for name in list(pending):
            status, model = api.call("GET", f"/users/{name}")
            server = (model or {}).get("servers", {}).get("", {})
            if server.get("ready"):
                pending.discard(name)
                up.append(name)
                log(f"  {len(up)}/{len(wanted)} up: {wanted[name]} ({time.time() - start:.0f} s)")
            elif not server.get("pending") and not server:
                pending.discard(name)
                failed[name] = "the server stopped while starting (see the hub's log)"
    for name in [*todo, *pending]:
        failed[name] = "not up before the time limit"
    return {"up": up, "failed": failed, "seconds": time.time() - start}


def _prestart(args) -> int:
    room = load(args.dir)
    names = args.names or room.participants
    if not names:
        raise RoomError("no names: list expected participants in room.yml (participants:) or give names here.")
    result = prestart(room, names)
    print(f"{len(result['up'])} of {len(names)} servers up in {result['seconds']:.0f} s"
          + "".join(f"\n  not started: {n}: {why}" for n, why in result["failed"].items()))
    return 1 if result["failed"] else 0


def _status(args) -> int:
    room = load(args.dir)
    signins = SignIns(room.folder)
    rows = []
    for u in sorted(HubAPI(room).users(), key=lambda u: (not u.get("admin"), u["name"])):
        server = (u.get("servers") or {}).get("", {})
        state = "running" if server.get("ready") else "starting" if server.get("pending") else "stopped"
        saved = "faculty" if u.get("admin") else ("saved work" if room.workspace(u["name"]).is_file() else "nothing saved")
        who = "signed in" if signins.get(u["name"]) else "not signed in"
        rows.append(f"{signins.display(u['name'])[:28]:<28} {who:<14} {state:<9} {saved}")
    print("\n".join(rows) if rows else "nobody yet: participants sign in with their name and the room code")
    return 0


def _release(args) -> int:
    room = load(args.dir)
    name = hub_name(args.name)
    if SignIns(room.folder).release(name):
        print(f"'{args.name}' is free: its owner can sign in again with the room code (their work is kept).")
        return 0
    print(f"nobody has signed in as '{args.name}' yet.")
    return 1
