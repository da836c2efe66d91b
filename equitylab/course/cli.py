"""The ``equitylab`` command.

    equitylab build-notebooks OUT    student and instructor versions of every notebook
    equitylab build-site OUT         execute the student notebooks and render the handout site
    equitylab export [FILE]          write your workspace as one file for faculty
    equitylab import FILE            read a workspace file (--replace makes it yours)
    equitylab room FOLDER            faculty: every participant's exercise status
    equitylab report --data SOURCE --out DIR   the equity report on your own extract (see report_cmd)
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
    p = sub.add_parser("export", help="write your workspace as one file")
    p.add_argument("file", nargs="?")
    p = sub.add_parser("import", help="read an exported workspace file")
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="make it the current workspace")
    p = sub.add_parser("room", help="faculty: exercise status of every exported workspace in a folder")
    p.add_argument("folder")
    from .report_cmd import add_parser as _add_report

    _add_report(sub)
    args = parser.parse_args(argv)

    if args.command == "build-notebooks":
        from .notebooks import build_notebooks

        written = build_notebooks(args.out)
        print(f"wrote {len(written)} notebooks under {args.out}/student and {args.out}/instructor")
    elif args.command == "build-site":
        from .notebooks import build_site

        build_site(args.out)
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
    elif args.command == "report":
        from .report_cmd import run as _run_report

        return _run_report(args)
    elif args.command == "room":
        from . import bank  # noqa: F401  (registers the exercises)
        from ..checking import room

        print(room(args.folder).to_string())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
