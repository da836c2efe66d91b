"""The facilitator guides (``curriculum/facilitator/*.md``) joined with the notebooks they go with.

A guide writes its talking points once, each opening with the part it is about:
``**2. Stratifying.** A stratified measure is ...`` — the label ("Stratifying") starts the title of a part in the
notebook's metadata. The clock time and minutes are never typed: :func:`guide_markdown` adds them from the
schedule, and the discussion prompts are read from the notebook's faculty cells
(:func:`equitylab.course.curriculum.discussions`), so a guide and its notebook ask the same questions.
The slides' speaker notes (:func:`slide_notes`) are made from the same two sources.

Example
-------
>>> talking_points("## Talking points\\n**1. Collecting.** Self-report.\\n\\n**2. Stratifying.** Rates.")
[('1', 'Collecting', 'Self-report.'), ('2', 'Stratifying', 'Rates.')]
"""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["talking_points", "part_of_label", "guide_markdown", "slide_notes", "guide_path", "stuck_points",
           "DISCUSSION_HEADING"]

_POINT = re.compile(r"^\*\*(\d+)\. ([^*]+?)\.\*\*[ \t]*(.*?)(?=^\*\*\d+\. |^## |\Z)", re.M | re.S)
DISCUSSION_HEADING = "## Discussion prompts and what to listen for"


def talking_points(text: str) -> list[tuple[str, str, str]]:
    """``(number, label, text)`` of each talking point under the guide's ``## Talking points`` heading."""
    section = text.split("## Talking points", 1)[1] if "## Talking points" in text else ""
    section = section.split("\n## ", 1)[0]
    return [(n, label.strip(), " ".join(body.split())) for n, label, body in _POINT.findall(section + "\n")]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def part_of_label(label: str, titles: list[str]) -> int | None:
    """The index of the part a talking point's label names: the part whose title starts with the label, or
    whose title the label starts with ("Does leadership reflect the community? Small numbers"); letters and
    digits compared, case ignored. A notebook of one part owns every talking point.

    >>> part_of_label("Stratifying", ["Collecting: why we ask", "Stratifying: rates and intervals"])
    1
    """
    if len(titles) == 1:
        return 0
    key = _norm(label)
    hits = [i for i, t in enumerate(titles) if key and (_norm(t).startswith(key) or key.startswith(_norm(t)))]
    return hits[0] if len(hits) == 1 else None


def guide_path(folder: str, root: Path) -> Path | None:
    """The guide of a notebook folder: ``session3.md`` for ``session3_data``, ``closing.md`` for ``closing``."""
    base = Path(root) / "curriculum" / "facilitator"
    for stem in (folder, folder.split("_")[0]):
        if (base / f"{stem}.md").exists():
            return base / f"{stem}.md"
    return None


def _when(p: dict) -> str:
    minutes = p["teaching"] + p["exercises"]
    if p.get("faculty"):
        return f"{p['clock']}, {minutes} min, faculty-led in the room"
    return f"{p['clock']}, {minutes} min" if p["core"] else f"extension, self-paced, {minutes} min"


def _discussion_list(nb, timing: list[dict]) -> str:
    from .curriculum import discussions

    lines = []
    for d in discussions(nb):
        part = timing[d["part"]]["part"] if d["part"] is not None and d["part"] < len(timing) else "the session"
        how = f", {d['how']}" if d["how"] else ""
        lines.append(f"- **({d['minutes']} min{how}, after “{d['after']}”, in “{part}”)** {d['text']}")
    return "\n".join(lines)


def guide_markdown(text: str, nb, timing: list[dict]) -> str:
    """The guide as faculty read it: each talking point with its part's clock time and minutes (from
    ``timing``, :func:`equitylab.course.curriculum.session_timing`), and the notebook's discussion prompts
    under :data:`DISCUSSION_HEADING`."""
    titles = [p["part"] for p in timing]

    def clock(m: re.Match) -> str:
        i = part_of_label(m.group(2), titles)
        when = f" ({_when(timing[i])})" if i is not None else ""
        return f"**{m.group(1)}. {m.group(2).strip()}{when}.**"

    text = re.sub(r"^\*\*(\d+)\. ([^*]+?)\.\*\*", clock, text, flags=re.M)
    if nb is not None and DISCUSSION_HEADING in text:
        head, rest = text.split(DISCUSSION_HEADING, 1)
        intro, _, tail = rest.partition("\n## ")
        text = f"{head}{DISCUSSION_HEADING}{intro.rstrip()}\n\n{_discussion_list(nb, timing)}\n\n" + \
            (f"## {tail}" if tail else "")
    return text


def slide_notes(timing: list[dict], guide_text: str, session_title: str) -> dict:
    """What the speaker notes say, per part: ``{"parts": [markdown per part], "session": markdown}``.

    A part's note gives where it sits in the day (part k of n, core or extension, minutes, clock) and the guide's
    talking points about it; ``session`` (title slide, *Key points*) gives the session's parts and times.
    """
    points = talking_points(guide_text)
    titles = [p["part"] for p in timing]
    by_part: dict[int, list[str]] = {}
    for _, label, body in points:
        i = part_of_label(label, titles)
        if i is not None:
            by_part.setdefault(i, []).append(f"**{label}.** {body}")
    notes = []
    for i, p in enumerate(timing):
        kind = "faculty-led, in the room" if p.get("faculty") else "core" if p["core"] else "EXTENSION (self-paced)"
        head = (f"**Part {i + 1} of {len(timing)} · {p['part']}** — {kind}; {p['teaching']} min teaching + "
                f"{p['exercises']} min exercises" + (f"; {p['clock']}" if p["core"] else ""))
        body = by_part.get(i) or (["Extension: for self-paced learners — in the room, skip to the next core part."]
                                  if not p["core"] else [])
        notes.append("\n\n".join([head, *body]))
    overview = "; ".join(f"{p['part']} ({p['clock'] if p['core'] else 'extension'}, "
                         f"{p['teaching'] + p['exercises']} min)" for p in timing)
    total = sum(p["teaching"] + p["exercises"] for p in timing if p["core"])
    session = f"**{session_title}** — {total} min in the core day. Parts: {overview}."
    return {"parts": notes, "session": session}


_STUCK = re.compile(r"^- \*\*Exercise ([A-Z]?\.?\d+(?:\.\d+)?)\b[^*]*\*\*:?\s*(.*?)(?=^- |\Z)", re.M | re.S)


def stuck_points(text: str) -> dict[str, str]:
    """Exercise number -> what the guide's *Where participants get stuck* says about it.

    >>> stuck_points("## Where participants get stuck\\n- **Exercise 3.1:** a percent, not a proportion.\\n")
    {'3.1': 'a percent, not a proportion.'}
    """
    section = text.split("## Where participants get stuck", 1)[1] if "## Where participants get stuck" in text else ""
    section = section.split("\n## ", 1)[0]
    return {n: " ".join(body.split()) for n, body in _STUCK.findall(section + "\n")}
