"""Benchmark: the room page's snapshot (status counts, answer spreads, CLAS, SWOT, scores) for N participants.

Baseline: what the room page computed before it showed the spread of answers (commit 9d0db55): the status table
``el.room``, ``swot.aggregate`` and ``assess.aggregate`` of the same workspaces. Contenders: ``snapshot(source)`` (everything the page shows) and ``render_room(source)`` (the HTML),
read from an in-memory source (the hub service's seam), so file reading is not measured. The room is synthetic
(``rehearsal_room``, what ``equitylab room DIR --rehearse N`` writes; labelled synthetic). Best of --repeat
runs after one warm-up (the page refreshes every few seconds, so caches are warm in use).

    python bench/room.py 40 200
"""
from __future__ import annotations

import argparse

import equitylab as el
from equitylab.course.roomspread import rehearsal_room
from equitylab.course.roomview import render_room, snapshot
from stratify import best_of  # bench/ is on the path when this script runs


class Room:
    def __init__(self, people):
        self.people = people

    def read(self):
        return self.people, [], []


def best(fn, repeat: int) -> float:
    """Best of ``repeat`` after one warm-up call (bench/stratify.py's timer)."""
    fn()
    return best_of(fn, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[40, 200])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from equitylab.organization import assess, swot

    print("| participants | contender | seconds | vs the old page's work |\n|---:|---|---:|---:|")
    for n in args.sizes:
        people = rehearsal_room(n)
        base = best(lambda: (el.room(people), swot.aggregate(people), assess.aggregate(people)), args.repeat)
        print(f"| {n} | old page: `el.room` + `swot.aggregate` + `assess.aggregate` (baseline) | {base:.2f} | 1.0× |")
        for name, fn in (("`snapshot`", lambda: snapshot(Room(people))),
                         ("`render_room`", lambda: render_room(Room(people)))):
            t = best(fn, args.repeat)
            print(f"| {n} | {name} | {t:.2f} | {t / base:.1f}× |")


if __name__ == "__main__":
    main()
