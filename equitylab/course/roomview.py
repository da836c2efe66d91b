"""The room, live: a page for the room's screen built from the workspaces participants export.

Participants run ``equitylab export FOLDER`` (or ``el.workspace.export(FOLDER)``) into a shared folder;
``equitylab room FOLDER --watch`` serves a page on 127.0.0.1 that re-reads the folder on every refresh
(every few seconds) and shows exercise completion with totals per exercise, the room's SWOT themes and
misplaced items, and self-assessment scores by pledge area, filterable by session. A file that is not
a workspace is skipped with a visible warning; participants' text is escaped.

Example
-------
>>> import tempfile
>>> snapshot(tempfile.mkdtemp())["participants"]
0
"""
from __future__ import annotations

import errno
import json
import threading
import time
import warnings as warnings_module
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

__all__ = ["snapshot", "render_room", "serve"]

#: The statuses counted per exercise; "saved" is a reflection kept (done, never graded).
STATUSES = ("correct", "saved", "close", "incorrect", "not attempted", "not checked")


def _read(folder: Path) -> tuple[list[dict], list[str]]:
    from ..checking.workspace import import_

    workspaces, warnings = [], []
    if not folder.is_dir():
        return [], [f"The folder {folder} does not exist yet: create it and ask participants to export into it."]
    for f in sorted(folder.glob("*.json")):
        try:
            workspaces.append(import_(f))
        except (ValueError, OSError) as exc:
            warnings.append(f"Skipped {f.name}: {exc}")
    return workspaces, warnings


def _exercises():
    from . import bank  # noqa: F401  (registers every session's exercises)
    from ..checking.registry import exercises

    return exercises()


def _completion(workspaces, session: str | None):
    from ..checking.engine import room

    ex = _exercises()
    if session:
        ex = ex[ex["session"].astype(str) == session]
    table = room(workspaces)[list(ex["id"])] if workspaces else None
    totals = []
    for _, e in ex.iterrows():
        column = table[e["id"]] if table is not None else []
        counts = {s: int((column == s).sum()) if table is not None else 0 for s in STATUSES}
        totals.append({"id": e["id"], "session": str(e["session"]), "prompt": e["prompt"], **counts,
                       "done": counts["correct"] + counts["saved"], "n": len(workspaces)})
    rows = [] if table is None else [{"participant": p, "cells": list(r)} for p, r in table.iterrows()]
    return totals, rows, list(ex["id"])


def _swot(workspaces, warnings):
    from ..organization import swot

    with_swot = [w for w in workspaces if w.get("swots")]
    if not with_swot:
        return None, []
    try:
        themes = swot.aggregate(with_swot)
    except (TypeError, KeyError, ValueError) as exc:
        warnings.append(f"SWOTs could not be read: {exc}")
        return None, []
    from ..checking.workspace import members

    misplaced = []
    with warnings_module.catch_warnings():      # a workspace exported twice is already reported once
        warnings_module.simplefilter("ignore")
        labelled = members(with_swot)
    for _, label, w in labelled:              # the room's labels: two participants with one name stay two
        for d in w["swots"].values():
            for note in swot.SWOT.from_dict(d).validate():
                if "sounds" in note:
                    misplaced.append({"participant": label, "note": note})
    return themes.reset_index().to_dict("records"), misplaced


def _assessment(workspaces, warnings):
    from ..organization import assess

    with_a = [w for w in workspaces if w.get("assessments", {}).get("self_assessment")]
    if not with_a:
        return None
    try:
        table = assess.aggregate(with_a)
    except (TypeError, KeyError, ValueError) as exc:
        warnings.append(f"Self-assessments could not be read: {exc}")
        return None
    return {"areas": list(table.columns),
            "rows": [{"name": name, "scores": [None if v != v else round(float(v), 1) for v in row]}
                     for name, row in table.iterrows()]}


def snapshot(folder, session: str | None = None) -> dict:
    """Everything the room page shows, read from the folder now (plain data)."""
    folder = Path(folder)
    workspaces, warnings = _read(folder)
    totals, rows, ids = _completion(workspaces, session)
    show_s2 = session in (None, "", "2")
    themes, misplaced = _swot(workspaces, warnings) if show_s2 else (None, [])
    scores = _assessment(workspaces, warnings) if show_s2 else None
    return {"folder": str(folder), "participants": len(workspaces), "warnings": warnings, "totals": totals,
            "rows": rows, "ids": ids, "themes": themes, "misplaced": misplaced, "scores": scores,
            "session": session or "", "updated": time.strftime("%H:%M:%S")}


def render_room(folder, session: str | None = None, refresh: int = 5) -> str:
    """The room page (HTML). It never raises for a bad file: problems become warnings on the page."""
    from .pages import render

    sessions = sorted({str(s) for s in _exercises()["session"]}, key=lambda s: (s != "demo", s))
    try:
        data = snapshot(folder, session)
    except Exception as exc:  # the screen in the room shows the problem, never a traceback
        data = {"folder": str(folder), "participants": 0, "warnings": [f"The room could not be read: {exc}"],
                "totals": [], "rows": [], "ids": [], "themes": None, "misplaced": [], "scores": None,
                "session": session or "", "updated": time.strftime("%H:%M:%S")}
    return render("room.html.j2", refresh=refresh, sessions=sessions, **data)


def serve(folder, port: int = 8765, refresh: int = 5, host: str = "127.0.0.1", ready: threading.Event | None = None,
          log=print) -> ThreadingHTTPServer:
    """Serve the room page on ``http://127.0.0.1:PORT/`` (``?session=2`` filters); blocks until Ctrl-C.

    With ``ready`` given, starts in a background thread and returns the server instead (for tests).
    """
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            session = parse_qs(url.query).get("session", [""])[0]
            if url.path == "/data.json":
                body, kind = json.dumps(snapshot(folder, session), default=str).encode(), "application/json"
            elif url.path in ("/", "/index.html"):
                body, kind = render_room(folder, session, refresh).encode("utf-8"), "text/html; charset=utf-8"
            elif url.path == "/favicon.ico":     # browsers ask for one: answer "nothing" rather than 404
                self.send_response(204)
                self.end_headers()
                return
            else:
                self.send_error(404, "Only / and /data.json are served here.")
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet: the room screen is not a server log
            pass

    try:
        server = ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise OSError(exc.errno, f"port {port} on {host} is already in use (another room page or program): "
                          f"choose another with --port, e.g. --port {port + 1}") from None
        raise
    log(f"The room, live: http://{host}:{server.server_address[1]}/  (reading {folder}; Ctrl-C stops)")
    if ready is not None:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ready.set()
        return server
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return server
