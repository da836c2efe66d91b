"""The room, live: a page for the room's screen built from participants' workspaces.

Two sources feed it. In file-folder mode participants run ``equitylab export FOLDER`` (or
``el.workspace.export(FOLDER)``) into a shared folder and ``equitylab room FOLDER --watch`` serves the page on
127.0.0.1, re-reading the folder on every refresh. On a JupyterHub the room service passes its own source: any
object with ``read()`` returning ``(workspaces, warnings, waiting)`` (and optionally ``describe()``), see
:func:`snapshot`. Every link in the page is relative, so it works under ``/services/room/``.

The page shows, filterable by session: exercises by their notebook numbers in the order of the day with their
status counts and what the room answered (:mod:`equitylab.course.roomspread`), the room's CLAS self-check, SWOT
themes and misplaced items, self-assessment scores by pledge area, and a per-participant grid. On the projector
names are hidden and reflections are not shown until faculty ask (``?names=1``, ``?reflections=1``). A file, or a
part of one, that cannot be read is skipped with a visible warning naming it; participants' text is escaped and
stripped of control, bidi and zero-width characters.

Example
-------
>>> import tempfile
>>> snapshot(tempfile.mkdtemp())["participants"]
0
>>> class Hub:
...     def read(self):
...         return [], [], ["Dana"]
>>> snapshot(Hub())["participants"], snapshot(Hub())["waiting"]
(1, ['Dana'])
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

__all__ = ["snapshot", "render_room", "render_text", "serve", "FolderSource"]

#: The statuses counted per exercise; "saved" is a reflection kept (done, never graded).
STATUSES = ("correct", "saved", "close", "incorrect", "not attempted", "not checked")
#: One mark per status in the per-participant grid (page and terminal).
MARKS = {"correct": "✓", "saved": "✓", "close": "~", "incorrect": "✗", "not attempted": "·", "not checked": "?"}


class FolderSource:
    """The file-folder room: every exported workspace (``*.json``) in one folder, re-read on each call.

    A source for :func:`snapshot` and :func:`render_room`; any object with the same ``read()`` (and
    optionally ``describe()``) can stand in for it — the JupyterHub room service passes its own.

    Examples
    --------
    >>> import tempfile
    >>> FolderSource(tempfile.mkdtemp()).read()
    ([], [], [])
    """

    def __init__(self, folder):
        self.folder = Path(folder)

    def read(self) -> tuple[list[dict], list[str], list[str]]:
        """``(workspaces, warnings, waiting)``: the workspaces read, one line per skipped file, and no one waiting
        (a folder cannot know who has not exported yet). Each workspace gets ``"source"``: its file name."""
        from ..checking.workspace import import_

        workspaces, warnings = [], []
        if not self.folder.is_dir():
            return [], [f"The folder {self.folder} does not exist yet: create it and ask participants to export "
                        "into it."], []
        for f in sorted(self.folder.glob("*.json")):
            try:
                data = import_(f)
            except (ValueError, OSError) as exc:
                warnings.append(f"Skipped {f.name}: {exc}")
                continue
            data["source"] = f.name
            workspaces.append(data)
        return workspaces, warnings, []

    def describe(self) -> str:
        """The folder, for the page's header."""
        return str(self.folder)


def _as_source(source):
    """A folder path becomes a :class:`FolderSource`; an object with ``read()`` is used as it is."""
    return source if callable(getattr(source, "read", None)) else FolderSource(source)


def _describe(source) -> str:
    describe = getattr(source, "describe", None)
    if callable(describe):
        try:
            return str(describe())
        except Exception as exc:     # the header never breaks the page
            return f"(the source could not describe itself: {type(exc).__name__})"
    return type(source).__name__


def _read(source) -> tuple[list[dict], list[str], list[str]]:
    """Call the source's ``read()`` and check what it gives back (a clear message if it is not the contract)."""
    got = source.read()
    if not (isinstance(got, tuple) and len(got) == 3):
        raise TypeError(f"{type(source).__name__}.read() should return (workspaces, warnings, waiting), "
                        f"not {type(got).__name__}")
    workspaces, warnings, waiting = (list(x or []) for x in got)
    return workspaces, [str(w) for w in warnings], [str(w) for w in waiting]


def _exercises():
    from . import bank  # noqa: F401  (registers every session's exercises)
    from ..checking.registry import exercises

    return exercises()


def _completion(people, session: str | None, reflections: bool = False):
    """Per exercise (numbered as in the notebooks, in the order of the day): status counts, the spread of answers
    and, when asked, the reflections; and the per-participant grid."""
    from ..checking.engine import room
    from ..checking.registry import get_exercise
    from .roomspread import exercise_numbers_of_the_day, order_key

    ex = _exercises()
    if session:
        ex = ex[ex["session"].astype(str) == session]
    numbers = exercise_numbers_of_the_day()
    ordered = sorted(((order_key(str(e["session"]), numbers.get(e["id"], ""), i), e)
                      for i, (_, e) in enumerate(ex.iterrows())), key=lambda t: t[0])
    ids = [e["id"] for _, e in ordered]
    workspaces = [ws for _, _, ws in people]
    table = room(workspaces)[ids] if workspaces else None
    if table is not None:
        table.attrs = {}             # pandas copies attrs into every row it yields: O(participants²) otherwise
    totals = []
    for _, e in ordered:
        column = table[e["id"]] if table is not None else []
        counts = {s: int((column == s).sum()) if table is not None else 0 for s in STATUSES}
        records = [_answers(ws).get(e["id"]) for ws in workspaces]
        exercise = get_exercise(e["id"])
        texts = [{"participant": _label(label), "text": str(r.get("answer"))[:2000]}
                 for (_, label, _), r in zip(people, records)
                 if reflections and e["kind"] == "reflection" and isinstance(r, dict) and r.get("answer")]
        totals.append({"id": e["id"], "number": numbers.get(e["id"], ""), "session": str(e["session"]),
                       "prompt": e["prompt"], "kind": e["kind"], **counts,
                       "done": counts["correct"] + counts["saved"], "n": len(workspaces),
                       "spread": _spread(exercise, records), "reflections": texts})
    rows = [] if table is None else sorted(({"participant": _label(p), "cells": list(r)} for p, r in table.iterrows()),
                                           key=lambda r: r["participant"].casefold())
    return totals, rows, ids


def _spread(exercise, records) -> dict:
    """The exercise's answer spread; answers that cannot be summarised give a note, never a broken page."""
    from .roomspread import answer_spread

    try:
        return answer_spread(exercise, records)
    except Exception as exc:
        return {"kind": exercise.kind, "bars": [], "wrong": [], "answered": 0,
                "note": f"The answers could not be summarised ({type(exc).__name__})."}


def _answers(ws) -> dict:
    answers = ws.get("answers") if isinstance(ws, dict) else None
    return answers if isinstance(answers, dict) else {}


def _label(name, limit: int = 120) -> str:
    """A participant's name (or a file name) for the page: control, bidi and zero-width characters removed (the
    template also isolates names in ``<bdi>``)."""
    from .._validate import printable

    return printable(name, limit=limit) or "participant"


def _readable(people, warnings, what: str, read) -> list:
    """The participants whose ``what`` can be read by ``read(workspace)``; each other one is skipped with a warning
    naming its file (one bad export never hides the room's)."""
    good = []
    for pid, label, ws in people:
        try:
            if read(ws):
                good.append((pid, label, ws))
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            warnings.append(f"Skipped the {what} of {_label(ws.get('source') or label)}: {_label(exc, 300)}")
    return good


def _swot(people, warnings):
    from ..organization import swot

    def read(ws):
        swots = ws.get("swots") or {}
        return [swot.SWOT.from_dict(d) for d in swots.values()] if swots else None

    good = _readable(people, warnings, "SWOT", read)
    if not good:
        return None, []
    themes = swot.aggregate([ws for _, _, ws in good])
    misplaced = []
    for _, label, ws in good:              # the room's labels: two participants with one name stay two
        for d in ws["swots"].values():
            for note in swot.SWOT.from_dict(d).validate():
                if "sounds" in note:
                    misplaced.append({"participant": _label(label), "note": note})
    return themes.reset_index().to_dict("records"), misplaced


def _assessment(people, warnings):
    from ..organization import assess

    def read(ws):
        saved = (ws.get("assessments") or {}).get("self_assessment")
        return assess.Assessment.from_dict(saved) is not None if saved else False   # an unknown stage raises here

    good = _readable(people, warnings, "self-assessment", read)
    if not good:
        return None
    table = assess.aggregate([ws for _, _, ws in good])
    table.attrs = {}                 # not copied into every row below
    return {"areas": list(table.columns),
            "rows": [{"name": _label(name), "scores": [None if v != v else round(float(v), 1) for v in row]}
                     for name, row in table.iterrows()]}


def _people(workspaces: list, warnings: list[str]) -> list[tuple[str, str, dict]]:
    """The room's participants ``(participant_id, label, workspace)``; a workspace exported twice is one, and the
    warning naming both files goes on the page."""
    from ..checking.workspace import members

    with warnings_module.catch_warnings(record=True) as caught:
        warnings_module.simplefilter("always")
        people = members(workspaces)
    warnings.extend(str(w.message) for w in caught)
    return people


def _empty(source, session: str | None, warnings: list[str]) -> dict:
    folder = str(source.folder) if isinstance(source, FolderSource) else None
    return {"source": _describe(source), "folder": folder, "participants": 0, "workspaces": 0, "waiting": [],
            "warnings": warnings, "totals": [], "rows": [], "ids": [], "themes": None, "misplaced": [],
            "scores": None, "clas": None, "session": session or "", "updated": time.strftime("%H:%M:%S")}


def snapshot(source, session: str | None = None, *, reflections: bool = False) -> dict:
    """Everything the room page shows, read from the source now (plain data).

    Parameters
    ----------
    source : path or object
        A folder of exported workspaces (file-folder mode), or any object with ``read()`` returning
        ``(workspaces, warnings, waiting)`` — ``waiting`` being participants signed in who have saved
        nothing yet — and optionally ``describe()`` (a short text for the header).
    session : str, optional
        Only this session's exercises ("demo", "1" … "5", "closing").
    reflections : bool, default False
        Include participants' free-text reflections (``totals[i]["reflections"]``); off unless faculty ask.

    Returns
    -------
    dict
        ``participants`` counts people (workspaces, one per participant, plus those waiting),
        ``workspaces`` those with saved work, ``waiting`` the names still waiting, ``source`` the
        header's description, ``totals`` per exercise, ``rows`` the per-participant grid, ``warnings``.
    """
    from .roomspread import clas_room

    source = _as_source(source)
    workspaces, warnings, waiting = _read(source)
    people = _people(workspaces, warnings)
    totals, rows, ids = _completion(people, session, reflections)
    show_s2, show_s5 = session in (None, "", "2"), session in (None, "", "5")
    themes, misplaced = _swot(people, warnings) if show_s2 else (None, [])
    scores = _assessment(people, warnings) if show_s2 else None
    return {**_empty(source, session, warnings), "participants": len(people) + len(waiting), "workspaces": len(people),
            "waiting": [_label(w) for w in waiting], "totals": totals, "rows": rows, "ids": ids, "themes": themes,
            "misplaced": misplaced, "scores": scores, "clas": clas_room(people, warnings) if show_s5 else None}


def render_room(source, session: str | None = None, refresh: int = 5, names: bool = False,
                reflections: bool = False) -> str:
    """The room page (HTML). It never raises for a bad file: problems become warnings on the page.

    ``source`` is a folder or an object with ``read()`` (see :func:`snapshot`). Every link in the page is
    relative (``?session=3``), so it works under any prefix (the hub serves it at ``/services/room/``).
    ``names=True`` opens the per-participant grid with names (faculty only, not for the projector);
    ``reflections=True`` shows participants' free-text reflections.
    """
    from .pages import render

    sessions = sorted({str(s) for s in _exercises()["session"]}, key=lambda s: (s != "demo", s))
    try:
        data = snapshot(source, session, reflections=reflections)
    except Exception as exc:  # the screen in the room shows the problem, never a traceback
        data = _empty(_as_source(source), session, [f"The room could not be read: {exc}"])
    return render("room.html.j2", refresh=refresh, sessions=sessions, names=names, reflections=reflections,
                  marks=MARKS, **data)


def render_text(source, session: str | None = None, width: int = 80, names: bool = True) -> str:
    """The room for a terminal (``equitylab room FOLDER [--session 3]``): per exercise, by its notebook number, the
    status counts and the most common wrong answer; then a grid of participants × exercises in marks, in blocks
    that fit ``width`` columns. Names are stripped of control and bidi characters.

    Examples
    --------
    >>> import tempfile
    >>> print(render_text(tempfile.mkdtemp(), session="3").splitlines()[0][:24])
    The room: 0 participants
    """
    snap = snapshot(source, session)
    head = (f"The room: {snap['participants']} participant{'s' if snap['participants'] != 1 else ''}"
            + (f" ({len(snap['waiting'])} not started)" if snap["waiting"] else "")
            + (f" · session {session}" if session else "") + f" · {_label(snap['source'], width)}")
    lines = [head[:width]] + [f"warning: {w}"[:width] for w in snap["warnings"]]
    idw = max(12, width - 6 - 5 * 6)
    lines += ["", f"{'No.':<5} {'Exercise':<{idw}}{'Right':>6}{'Close':>6}{'Wrong':>6}{'Saved':>6}{'None':>6}"]
    for t in snap["totals"]:
        lines.append(f"{t['number']:<5} {t['id'][:idw]:<{idw}}{t['correct']:>6}{t['close']:>6}{t['incorrect']:>6}"
                     f"{t['saved']:>6}{t['not attempted'] + t['not checked']:>6}")
        wrong = t["spread"]["wrong"][:1]
        if wrong:
            lines.append(f"{'':6}most common wrong ({wrong[0]['count']}): {wrong[0]['label']}"[:width])
    if snap["clas"]:
        lines += ["", f"CLAS self-check of {snap['clas']['participants']}, lowest first (mean step 0-3):"]
        lines += [f"{r['standard']:>4}{r['mean']:>6.1f}  {r['text']}"[:width] for r in snap["clas"]["rows"][:5]
                  if r["rated"]]
    if snap["rows"] and names:
        lines += ["", "Marks: ✓ correct/saved  ~ close  ✗ incorrect  · not attempted  ? not checked"]
        labels = [r["participant"][:20] for r in snap["rows"]]
        namew = max(len(x) for x in labels) + 1
        per = max(1, (width - namew) // 5)
        numbers = [t["number"] or t["id"][-4:] for t in snap["totals"]]
        for start in range(0, len(numbers), per):
            lines.append("")
            lines.append(" " * namew + "".join(f"{n[:4]:>5}" for n in numbers[start:start + per]))
            for label, r in zip(labels, snap["rows"]):
                marks = "".join(f"{MARKS.get(c, '?'):>5}" for c in r["cells"][start:start + per])
                lines.append(f"{label:<{namew}}{marks}")
    elif not snap["workspaces"]:
        lines += ["", "No saved work yet."]
    return "\n".join(line.rstrip() for line in lines)


def _host_name(header: str) -> str:
    """The host name of a ``Host`` header, lower-case, without the port (``[::1]:8765`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _allowed_hosts(host: str) -> set[str]:
    """The names this server answers to: the loopback names, and the address it is bound to (not a wildcard)."""
    names = {"localhost", "127.0.0.1", "::1"}
    if host not in ("", "0.0.0.0", "::"):
        names.add(host.strip("[]").lower())
    return names


def serve(folder, port: int = 8765, refresh: int = 5, host: str = "127.0.0.1", ready: threading.Event | None = None,
          log=print, reflections: bool = False) -> ThreadingHTTPServer:
    """Serve the room page on ``http://127.0.0.1:PORT/`` (``?session=2`` filters); blocks until Ctrl-C.

    Only requests addressed to this server by name (``Host: 127.0.0.1:PORT``, ``localhost``) are answered;
    any other ``Host`` gets 403, so a web page elsewhere cannot read the room through DNS rebinding.
    ``?names=1`` shows participants' names in the grid, ``?reflections=1`` (or ``reflections=True``) their
    reflections. With ``ready`` given, starts in a background thread and returns the server instead (for tests).
    """
    allowed = _allowed_hosts(host)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            if _host_name(self.headers.get("Host", "")) not in allowed:   # DNS rebinding: another site's name
                self.send_error(403, "This room page answers only to its own address (http://127.0.0.1:PORT/).")
                return
            url = urlparse(self.path)
            query = parse_qs(url.query)
            session = query.get("session", [""])[0]
            names, notes = (query.get(k, [""])[0] in ("1", "yes", "on", "true") for k in ("names", "reflections"))
            if url.path == "/data.json":
                body, kind = json.dumps(snapshot(folder, session), default=str).encode(), "application/json"
            elif url.path in ("/", "/index.html"):
                page = render_room(folder, session, refresh, names=names, reflections=reflections or notes)
                body, kind = page.encode("utf-8"), "text/html; charset=utf-8"
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
