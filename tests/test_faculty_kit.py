"""The faculty kit: speaker notes on every slide from the guides and the notebooks' minutes, extension slides
marked, numbers and figures readable on a projector; minutes that fit what people do; one source for the
discussion questions."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import nbformat
import pytest

from equitylab.course.curriculum import agenda, cell_parts, discussions, schedule, session_timing, source_notebooks
from equitylab.course.guides import guide_markdown, guide_path, part_of_label, talking_points
from notebook_helpers import ROOT
from site_helpers import site  # noqa: F401  (the site built once per test session)

NOTEBOOKS = [p.relative_to(ROOT) for p in source_notebooks(ROOT)]


class _Slides(HTMLParser):
    """Leaf ``<section>`` elements of a reveal.js deck: whether each has speaker notes and the extension mark."""

    def __init__(self):
        super().__init__()
        self.stack, self.leaves, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script"):
            self.skip += 1
        elif tag == "section":
            if self.stack:
                self.stack[-1]["parent"] = True
            self.stack.append({"parent": False, "notes": "", "extension": False, "in_notes": False, "text": "",
                               "images": []})
        elif self.stack and tag == "img":
            self.stack[-1]["images"].append(attrs.get("alt", ""))
        elif self.stack and tag == "aside" and attrs.get("class") == "notes":
            self.stack[-1]["in_notes"] = True
        elif self.stack and "el-extension" in (attrs.get("class") or ""):
            self.stack[-1]["extension"] = True

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
        elif tag == "aside" and self.stack:
            self.stack[-1]["in_notes"] = False
        elif tag == "section" and self.stack:
            s = self.stack.pop()
            if not s["parent"]:
                self.leaves.append(s)

    def handle_data(self, data):
        if self.stack and not self.skip:
            self.stack[-1]["notes" if self.stack[-1]["in_notes"] else "text"] += data


def _slides(site, folder):
    parser = _Slides()
    parser.feed((site / "instructor" / "slides" / f"{folder}.slides.html").read_text(encoding="utf-8"))
    return parser.leaves


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=lambda p: p.parts[0])
def test_every_slide_has_speaker_notes_with_its_minutes_and_extensions_are_marked(site, rel):  # noqa: F811
    folder = rel.parts[0]
    timing = session_timing(folder, ROOT)
    leaves = _slides(site, folder)
    assert len(leaves) >= 8
    for i, s in enumerate(leaves):
        assert s["notes"].strip(), f"{folder} slide {i + 1} has no speaker notes: {s['text'][:80]!r}"
        assert " min" in s["notes"], f"{folder} slide {i + 1}: the notes give no minutes"
        assert s["extension"] == ("EXTENSION" in s["notes"]), f"{folder} slide {i + 1}: extension mark and notes differ"
    for i, part in enumerate(timing):
        assert any(f"Part {i + 1} of {len(timing)}" in s["notes"] for s in leaves), (folder, part["part"])
        if not part["core"]:
            assert any(s["extension"] for s in leaves), f"{folder}: the extension part {part['part']!r} is not marked"
    code = "\n".join(c.source for c in nbformat.read(ROOT / rel, as_version=4).cells if c.cell_type == "code")
    asked = set(re.findall(r'^el\.ask\("([\w.]+)"', code, flags=re.M))
    explained = sum(s["notes"].count("Common wrong answer") for s in leaves)
    assert explained == len(asked), f"{folder}: {explained} exercise slides carry the answer and why, of {len(asked)}"
    from equitylab.course.answerkey import exercise_numbers
    from equitylab.course.guides import stuck_points

    numbers = set(exercise_numbers([nbformat.read(ROOT / rel, as_version=4)]).values())
    stuck = set(stuck_points(guide_path(folder, ROOT).read_text(encoding="utf-8"))) & numbers
    assert sum(s["notes"].count("Where participants get stuck (guide)") for s in leaves) == len(stuck), folder
    points = talking_points(guide_path(folder, ROOT).read_text(encoding="utf-8"))
    for _, label, body in points:     # each talking point of the guide is in the notes of its part's slides
        assert any(_plain(body)[:80] in _plain(s["notes"]) for s in leaves), (folder, label)


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).lower())


def test_slides_show_numbers_as_people_read_them_and_the_dashboard_one_measure_a_slide(site):  # noqa: F811
    for deck in (site / "instructor" / "slides").glob("*.slides.html"):
        text = re.sub(r"<(style|script)\b.*?</\1>", "", deck.read_text(encoding="utf-8"), flags=re.S)
        assert not re.findall(r">\s*-?\d+\.\d{4,}\s*<", text), deck.name
    leaves = _slides(site, "session3_data")
    dashboards = [s["images"] for s in leaves if any("Equity Performance Dashboard" in a for a in s["images"])]
    assert len(dashboards) >= 3 and all(len(images) == 1 for images in dashboards), dashboards


def test_long_table_decimals_are_rounded_for_the_screen():
    from equitylab.course.pages import _tidy_numbers

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", data={
        "text/html": "<td>1.333333</td><td>2.000000</td><td>0.857143</td><td>0.574</td><td>12</td>"})]
    _tidy_numbers(nb)
    assert nb.cells[0].outputs[0]["data"]["text/html"] == \
        "<td>1.33</td><td>2</td><td>0.857</td><td>0.574</td><td>12</td>"


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=lambda p: p.parts[0])
def test_minutes_fit_what_people_do(rel):
    """A part's exercise minutes hold its discussions (minutes written in the faculty cell) and at least two
    minutes for each exercise in it; every section of the notebook belongs to a part."""
    nb = nbformat.read(ROOT / rel, as_version=4)
    parts = nb.metadata["equitylab"]["parts"]
    owner = cell_parts(nb)
    asks = [0] * len(parts)
    for cell, part in zip(nb.cells, owner):
        if cell.cell_type == "code" and part is not None:
            asks[part] += len(re.findall(r"el\.ask\(", cell.source))
    talk = [0] * len(parts)
    for d in discussions(nb):
        assert d["part"] is not None, (rel, d["text"][:60])
        talk[d["part"]] += d["minutes"]
    for i, p in enumerate(parts):
        need = talk[i] + 2 * asks[i]
        assert p["exercises"] >= need, f"{rel}: {p['title']!r} has {p['exercises']} exercise min for {need} min of work"
    numbered = {k for c in nb.cells if (k := _numbered(c))}
    listed = {str(k) for p in parts for k in p["sections"]}
    assert numbered <= listed, f"{rel}: sections {sorted(numbered - listed)} belong to no part"


def _numbered(cell):
    from equitylab.course.curriculum import section_key

    key = section_key(cell)
    return key if key and key.isdigit() else None


def test_the_faculty_only_part_takes_room_time_but_not_participants_minutes():
    table = agenda(ROOT)
    faculty = table[table["faculty"]]
    assert list(faculty["part"]) == ["Faculty: the room's SWOTs and assessments"] and faculty["core"].all()
    learner = table[~table["faculty"]]
    assert schedule("full", ROOT).attrs["total_minutes"] == int((learner["teaching"] + learner["exercises"]).sum())
    core = agenda(ROOT, core=True)
    assert schedule("core", ROOT).attrs["total_minutes"] == int((core["teaching"] + core["exercises"]).sum()) + 15


def test_index_and_agenda_say_the_tour_is_outside_the_self_paced_minutes(site):  # noqa: F811
    total = schedule("full", ROOT).attrs["total_minutes"]
    tour = sum(p["teaching"] + p["exercises"] for p in session_timing("demo", ROOT))
    index = " ".join((site / "index.html").read_text(encoding="utf-8").split())
    assert f"The {tour}-minute exercise tour is taken before, and is <b>not</b> included in these {total} minutes" in index
    page = " ".join((site / "agenda.html").read_text(encoding="utf-8").split())
    assert f"Self-paced total: {total} minutes" in page and "faculty-led, in the room only" in page


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=lambda p: p.parts[0])
def test_guides_take_times_and_discussion_questions_from_the_notebook(rel):
    folder = rel.parts[0]
    text = guide_path(folder, ROOT).read_text(encoding="utf-8")
    assert not re.findall(r"\(\d{1,2}:\d\d\)", text), "a clock time typed in the guide: the schedule computes it"
    assert not re.findall(r"\(\d+ min[,)]", text.split("## Discussion prompts")[1].split("\n## ")[0]), \
        "discussion prompts are written in the notebook's faculty cells, not in the guide"
    timing = session_timing(folder, ROOT)
    titles = [p["part"] for p in timing]
    owned = {part_of_label(label, titles) for _, label, _ in talking_points(text)}
    assert None not in owned, "a talking point names no part of the notebook"
    assert {i for i, p in enumerate(timing) if p["core"]} <= owned, "a core part has no talking point"
    nb = nbformat.read(ROOT / rel, as_version=4)
    shown = guide_markdown(text, nb, timing)
    for d in discussions(nb):
        assert d["text"] in shown and f"({d['minutes']} min" in shown
    for p in timing:
        if p["core"] and not folder.startswith("demo"):
            assert p["clock"] in shown, (folder, p["part"])


def test_every_exercise_is_explained_in_the_bank():
    import equitylab as el
    from equitylab.course.bank._common import EXPLANATIONS

    ids = set(el.exercises()["id"])
    assert ids <= set(EXPLANATIONS), f"exercises without an explanation: {sorted(ids - set(EXPLANATIONS))}"
    for exercise_id in ids:
        how, wrong = EXPLANATIONS[exercise_id]()
        assert len(how) > 40 and len(wrong) > 30, exercise_id
        assert "nan" not in how + wrong and "{" not in how + wrong, exercise_id


def test_explanations_state_the_datas_numbers():
    """Numbers in the explanations, recomputed here with plain pandas (not the library's stratify)."""
    from equitylab.course.bank import encounters_std
    from equitylab.course.bank._common import EXPLANATIONS

    enc = encounters_std()
    rates = enc.groupby("race_ethnicity", observed=True)["readmit_30d"].mean()
    black, white = "Black or African American", "White"
    gap = rates[black] - rates[white]
    assert f"= {gap:.3f}" in EXPLANATIONS["s3.readmission_gap"]()[0]
    n_black = int(enc.loc[enc["race_ethnicity"] == black, "readmit_30d"].notna().sum())
    assert f"× {n_black:,} = {gap * n_black:.1f}" in EXPLANATIONS["s1.excess_readmissions"]()[0]
    lwbs = enc["ed_lwbs"].dropna()
    assert f"{int(lwbs.sum()):,} of {len(lwbs):,} ED visits = {lwbs.mean():.3f}" in EXPLANATIONS["demo.lwbs_rate"]()[0]
    assert f"{100 * lwbs.mean():.1f} — a percent" in EXPLANATIONS["demo.lwbs_rate"]()[1]


def test_answer_key_page_explains_every_answer(site):  # noqa: F811
    import equitylab as el

    page = (site / "instructor" / "answers.html").read_text(encoding="utf-8")
    n = len(el.exercises())
    assert page.count("<b>How:</b>") == n and page.count("<b>Common wrong answer:</b>") == n
