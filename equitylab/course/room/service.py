"""The room page as a JupyterHub service: ``/services/room/``, faculty only, read live from participants' homes.

JupyterHub starts it (``equitylab.course.room.hub.configure``) with its token and OAuth client in the
environment. A visitor signs in through the hub (OAuth); only users with ``access:services!service=room`` —
the hub's admins, i.e. faculty — get the page: a participant gets 403. The page is
:func:`equitylab.course.roomview.render_room` on a :class:`HubRoom`: every hub user's workspace
(``~/equitylab/my_equitylab/workspace.json``, read directly: no export step) and the names of users who have
signed in but saved nothing yet. It refreshes as work arrives, like the file-folder room.

Run by hand for a test: ``python -m equitylab.course.room.service --dir ROOM`` (inside the hub's environment).
"""
from __future__ import annotations

import argparse
import asyncio
import glob
import json
import os
import warnings
from pathlib import Path
from urllib.parse import urlencode, urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import httpclient, ioloop, web

from .roomfile import SignIns, hub_name, load

__all__ = ["HubRoom", "make_app"]

PAGE_SIZE = 200


class HubRoom:
    """The room source for :func:`~equitylab.course.roomview.render_room`: the hub's participants, live.

    ``users`` are the hub's user models (``name``, ``admin``); faculty (admins) are not participants.
    """

    def __init__(self, room, users: list[dict]):
        self.room = room
        self.names = sorted(u["name"] for u in users if not u.get("admin"))

    def _paths(self) -> dict[str, Path]:
        """Hub user -> workspace file: in each one's home, or (setting ``workspaces``) found by a glob and matched
        by the name the workspace was started with."""
        if not self.room.workspaces:
            return {name: self.room.workspace(name) for name in self.names}
        found = {}
        for path in sorted(glob.glob(self.room.workspaces)):
            try:
                with open(path, encoding="utf-8-sig") as fh:
                    who = json.load(fh).get("participant") or ""
                found[hub_name(who)] = Path(path)
            except (OSError, ValueError, AttributeError):
                found[f"(unreadable) {path}"] = Path(path)
        return {name: found.get(name, Path("/nonexistent")) for name in self.names} | \
            {k: v for k, v in found.items() if k.startswith("(unreadable)")}

    def read(self) -> tuple[list[dict], list[str], list[str]]:
        from ...checking.workspace import WorkspaceFileError, import_

        signins = SignIns(self.room.folder)
        workspaces, problems, waiting = [], [], []
        for name, path in self._paths().items():
            if not path.is_file():
                waiting.append(signins.display(name))
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ws = import_(path)
            except (WorkspaceFileError, ValueError, OSError) as exc:
                problems.append(f"Skipped {signins.display(name)}'s workspace: {exc}")
                continue
            ws["participant"] = ws.get("participant") or signins.display(name)
            ws["source"] = f"{signins.display(name)} (hub user {name})"
            workspaces.append(ws)
        return workspaces, problems, waiting

    def describe(self) -> str:
        return f"the hub: {len(self.names)} participant(s) signed in"


async def hub_users(api_url: str, token: str) -> list[dict]:
    """Every user of the hub, page by page (the hub's API returns at most a page at a time)."""
    client = httpclient.AsyncHTTPClient()
    users, offset = [], 0
    while True:
        url = url_path_join(api_url, "users") + "?" + urlencode({"limit": PAGE_SIZE, "offset": offset})
        resp = await client.fetch(url, headers={"Authorization": f"token {token}"})
        page = json.loads(resp.body)
        users += page
        if len(page) < PAGE_SIZE:
            return users
        offset += len(page)


class RoomPage(HubOAuthenticated, web.RequestHandler):
    """``/services/room/`` (the page) and ``/services/room/data.json`` (what it shows, as data)."""

    def initialize(self, room):
        self.room = room

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "no-referrer")

    @web.authenticated
    async def get(self, what: str = ""):
        from .. import roomview

        users = await hub_users(self.hub_auth.api_url, self.hub_auth.api_token)
        source = HubRoom(self.room, users)
        session = self.get_argument("session", "")
        if what == "data.json":
            data = await asyncio.to_thread(roomview.snapshot, source, session or None)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(data, default=str))
            return
        options = {k: self.get_argument(k, "") == "1" for k in ("names", "reflections")}
        html = await asyncio.to_thread(roomview.render_room, source, session or None, 5, **options)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(html)


def make_app(room, prefix: str) -> web.Application:
    """The service's web application under ``prefix`` (``/services/room/``)."""
    return web.Application([
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        (url_path_join(prefix, r"(data\.json)?"), RoomPage, {"room": room}),
    ], cookie_secret=os.urandom(32), xsrf_cookies=False)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="The room page as a JupyterHub service (started by the hub).")
    parser.add_argument("--dir", required=True, help="the room's folder (room.yml)")
    args = parser.parse_args(argv)
    room = load(args.dir)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/room/")
    app = make_app(room, prefix)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL") or f"http://127.0.0.1:{room.service_port}")
    app.listen(url.port or room.service_port, address=url.hostname or "127.0.0.1")
    ioloop.IOLoop.current().start()


if __name__ == "__main__":  # pragma: no cover
    main()
