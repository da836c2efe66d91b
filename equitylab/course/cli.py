"""The ``equitylab`` command.

    equitylab build-notebooks OUT    student and instructor versions of every notebook
    equitylab build-site OUT         execute the student notebooks and render the handout site
    equitylab export [FILE]          write your workspace as one file for faculty
    equitylab import FILE            read a workspace file (--replace makes it yours)
    equitylab room FOLDER            faculty: every participant's exercise status
    equitylab room FOLDER --watch    faculty: a live page of the room on http://127.0.0.1:PORT/
    equitylab room FOLDER --html F   faculty: the room page written once to file F
"""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="equitylab", description="Equity Lab tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build-notebooks", help="write student/ and instructor/ versions of every notebook")
    p.add_argument("out")
    p = sub.add_parser("build-site", help="execute the student notebooks and render the handout site")
    p.add_argument("out", nargs="?", default="_site")
    p.add_argument("--workers", type=int, default=2, help="notebooks executed at the same time (default 2)")
    p.add_argument("--student-only", action="store_true", help="student pages only (no instructor section)")
    p = sub.add_parser("export", help="write your workspace as one file")
    p.add_argument("file", nargs="?")
    p = sub.add_parser("import", help="read an exported workspace file")
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="make it the current workspace")
    p = sub.add_parser("room", help="faculty: exercise status of every exported workspace in a folder")
    p.add_argument("folder")
    p.add_argument("--watch", action="store_true", help="serve a live page on 127.0.0.1 that refreshes as files arrive")
    p.add_argument("--port", type=int, default=8765, help="port for --watch (default 8765)")
    p.add_argument("--refresh", type=int, default=5, help="seconds between refreshes of the page (default 5)")
    p.add_argument("--html", metavar="FILE", help="write the room page once to FILE")
    args = parser.parse_args(argv)

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
        print(f"{data.get('participant') or 'participant'}: {done} exercise(s) correct, "
              f"{len(data.get('swots', {}))} SWOT(s), {len(data.get('plans', {}))} plan(s)"
              + (" — now your workspace" if args.replace else ""))
    elif args.command == "room" and (args.watch or args.html):
        from pathlib import Path

        from .roomview import render_room, serve

        if args.html:
            Path(args.html).write_text(render_room(args.folder, refresh=0), encoding="utf-8")
            print(f"wrote {args.html}")
        if args.watch:
            serve(args.folder, port=args.port, refresh=args.refresh)
    elif args.command == "room":
        from . import bank  # noqa: F401  (registers the exercises)
        from ..checking import room

        print(room(args.folder).to_string())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
