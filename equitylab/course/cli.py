"""The ``equitylab`` command.

    equitylab build-notebooks OUT    student and instructor versions of every notebook
    equitylab build-site OUT         execute the student notebooks and render the handout site
    equitylab export [FILE]          write your workspace as one file for faculty
    equitylab import FILE            read a workspace file (--replace makes it yours)
    equitylab room FOLDER            faculty: the room's answers per exercise and everyone's status (--session 3)
    equitylab blueprint OUT.html     compile your saved work into the Blueprint for Action (one page)
    equitylab room FOLDER --watch    faculty: a live page of the room on http://127.0.0.1:PORT/
    equitylab room FOLDER --html F   faculty: the room page written once to file F
    equitylab room DIR --rehearse 40 --watch   faculty: rehearse the room view on 40 synthetic participants

A missing file or folder, a damaged workspace file or a destination that cannot be written
prints one line (``equitylab <command>: error: …``) and exits with status 1 — no
traceback (set ``EQUITYLAB_DEBUG=1`` to see one). Text from participants (names) is printed
with control characters removed.
    equitylab report --data SOURCE --out DIR   the equity report on your own extract (see report_cmd)
    equitylab hub create|serve|prestart|status|release   host the room on JupyterHub (see room/hubcli)
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from .._validate import printable


def _skip_iri_grammars() -> None:
    """Don't load jsonschema's optional IRI format checker in this command.

    nbformat validates notebooks with jsonschema, which imports ``rfc3987_syntax`` when it is installed (JupyterLab
    brings it): it compiles 38 Lark grammars at import, 1.2 s of the 1.3 s that ``import nbformat`` takes (measured,
    bench/README.md). The notebook schema has no IRI format, so the command tells Python the module is absent
    (jsonschema then simply has no ``iri`` checker). Nothing is changed when jsonschema is already loaded.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def main(argv: list[str] | None = None) -> int:
    """Run the ``equitylab`` command; return its exit status (0 on success, 1 on an error)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    _skip_iri_grammars()
    command = next((a for a in argv if not a.startswith("-")), "")
    previous = _stop_on_sigterm()
    try:
        with warnings.catch_warnings():     # a warning (e.g. a skipped file) is one line too
            warnings.showwarning = lambda message, *a, **k: print(
                f"equitylab {command}: warning: {printable(message, limit=500)}", file=sys.stderr)
            return _dispatch(argv)
    except KeyboardInterrupt:
        print(f"equitylab {command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, no traceback, for every command
        if os.environ.get("EQUITYLAB_DEBUG"):
            raise
        print(f"equitylab {command}: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm():
    """SIGTERM (a scheduler, ``kill``) stops a command like Ctrl-C does: its clean-up runs (no half-written report
    or site is left behind). Returns the previous handler (None outside the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    else:
        text = str(exc) or type(exc).__name__
    return printable(text, limit=500)


def _columns() -> int:
    """The terminal's width (80 when it is not a terminal), at least 60."""
    import shutil

    return max(60, shutil.get_terminal_size((80, 24)).columns)


def _write_rehearsal(folder: Path, n: int) -> None:
    """``room FOLDER --rehearse N``: N synthetic exports into FOLDER, which must be new, empty or a rehearsal's."""
    import json

    from .roomspread import rehearsal_room

    if not 1 <= n <= 500:
        raise ValueError(f"--rehearse {n}: give a number of synthetic participants from 1 to 500.")
    others = [f.name for f in folder.glob("*.json") if not f.name.startswith("rehearsal-")] if folder.is_dir() else []
    if others:
        raise FileExistsError(f"{folder} holds participants' exports ({others[0]}, …): rehearse in a new folder, "
                              "e.g. equitylab room rehearsal/ --rehearse 40 --watch")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("rehearsal-*.json"):
        old.unlink()
    for i, ws in enumerate(rehearsal_room(n)):
        (folder / f"rehearsal-{i + 1:03d}.json").write_text(json.dumps(ws, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {n} synthetic participants' exports into {folder} (a rehearsal room)")


def _validate_args(args) -> None:
    """Per-command checks of the paths given, before any work starts."""
    if args.command == "room" and getattr(args, "rehearse", None):
        _write_rehearsal(Path(args.folder), args.rehearse)
    if args.command == "room" and not Path(args.folder).exists():
        raise FileNotFoundError(f"no folder {args.folder!r}: give the folder holding the exported .json files.")
    if args.command == "import" and not Path(args.file).is_file():
        raise FileNotFoundError(f"no file {args.file!r}: give one exported .json file.")
    out = getattr(args, "out", None)
    if args.command.startswith("build-") and out and Path(out).exists() and not Path(out).is_dir():
        raise FileExistsError(f"{out!r} is a file; give a folder to write into.")


def _dispatch(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="equitylab", description="Equity Lab tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build-notebooks", help="write student/ and instructor/ versions of every notebook")
    p.add_argument("out")
    p = sub.add_parser("build-site", help="execute the student notebooks and render the handout site")
    p.add_argument("out", nargs="?", default="_site")
    p.add_argument("--workers", type=int, default=2, help="notebooks executed at the same time (default 2)")
    p.add_argument("--student-only", action="store_true", help="student pages only (no instructor section)")
    p = sub.add_parser("export", help="write your workspace as one file")
    p.add_argument("file", nargs="?", help="the room's shared folder (created if needed) or a .json file name; "
                                           "default: your workspace folder")
    p = sub.add_parser("import", help="read an exported workspace file")
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="make it the current workspace")
    p = sub.add_parser("room", help="faculty: exercise status of every exported workspace in a folder")
    p.add_argument("folder")
    p.add_argument("--watch", action="store_true", help="serve a live page on 127.0.0.1 that refreshes as files arrive")
    p.add_argument("--port", type=int, default=8765, help="port for --watch (default 8765)")
    p.add_argument("--refresh", type=int, default=5, help="seconds between refreshes of the page (default 5)")
    p.add_argument("--html", metavar="FILE", help="write the room page once to FILE")
    p.add_argument("--session", default=None, help="only this session's exercises (demo, 1-5, closing)")
    p.add_argument("--names", action="store_true", help="with --html: show participants' names in the grid "
                                                        "(faculty only; hidden by default for the projector)")
    p.add_argument("--reflections", action="store_true", help="with --html/--watch: show participants' reflections")
    p.add_argument("--rehearse", type=int, metavar="N", help="first write N synthetic participants' exports into "
                                                             "FOLDER (a new folder) to rehearse the room view")
    p = sub.add_parser("blueprint", help="compile your saved work into the Blueprint for Action (one HTML page)")
    p.add_argument("out", help="the page to write, e.g. blueprint.html")
    p.add_argument("--workspace", help="an exported workspace file (default: your workspace)")
    from .report_cmd import add_parser as _add_report
    from .room.hubcli import add_parser as _add_hub

    _add_report(sub)
    _add_hub(sub)
    args = parser.parse_args(argv)
    _validate_args(args)

    if args.command == "build-notebooks":
        from .notebooks import build_notebooks

        written = build_notebooks(args.out)
        print(f"wrote {len(written)} notebooks under {args.out}/student and {args.out}/instructor")
    elif args.command == "build-site":
        from .site import build_site
        from .stamp import NotebookFailed, SolutionMarkerError

        try:
            build_site(args.out, workers=args.workers, instructor=not args.student_only)
        except (NotebookFailed, SolutionMarkerError) as err:
            print(f"build-site stopped: {err}\nThe previous {args.out}/ is unchanged.", file=sys.stderr)
            return 1
    elif args.command == "export":
        from ..checking.workspace import export

        print(export(args.file))
    elif args.command == "import":
        from ..checking.workspace import import_

        data = import_(args.file, replace=args.replace)
        answers = data.get("answers", {})
        done = sum(1 for a in answers.values() if a.get("status") == "correct")
        print(f"{printable(data.get('participant') or 'participant')}: {done} exercise(s) correct, "
              f"{len(data.get('swots', {}))} SWOT(s), {len(data.get('plans', {}))} plan(s)"
              + (" — now your workspace" if args.replace else ""))
    elif args.command == "room" and (args.watch or args.html):
        from pathlib import Path

        from .roomview import render_room, serve

        if args.html:
            Path(args.html).write_text(render_room(args.folder, session=args.session, refresh=0,
                                                   names=args.names, reflections=args.reflections), encoding="utf-8")
            print(f"wrote {args.html}")
        if args.watch:
            serve(args.folder, port=args.port, refresh=args.refresh, reflections=args.reflections)
    elif args.command == "report":
        from .report_cmd import run as _run_report

        return _run_report(args)
    elif args.command == "room":
        from .roomview import render_text

        print(render_text(args.folder, session=args.session, width=_columns()))
    elif args.command == "hub":
        from .room.hubcli import run as _run_hub

        return _run_hub(args)
    elif args.command == "blueprint":
        from .blueprint import blueprint

        print(blueprint(args.out, data=args.workspace))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
