"""Core day and self-paced path: the agenda's core column and the schedule computed from the notebooks."""
import nbformat
import pytest

from equitylab.curriculum import agenda, day, schedule, schedule_html
from notebook_helpers import ROOT

OWN = ["session1_pledge/session1_pledge.ipynb", "session2_assessment/session2_assessment.ipynb",
       "session3_data/session3_data.ipynb", "session4_diversity/session4_diversity.ipynb", "session5_cultural_competence/session5_cultural_competence.ipynb",
       "closing/closing.ipynb"]


@pytest.mark.parametrize("path", OWN)
def test_every_part_says_whether_it_is_core(path):
    parts = nbformat.read(ROOT / path, as_version=4).metadata["equitylab"]["parts"]
    assert all(isinstance(p["core"], bool) for p in parts)
    assert any(p["core"] for p in parts)


def test_agenda_has_a_core_column_defaulting_to_true():
    table = agenda(ROOT)
    assert "core" in table.columns and table["core"].dtype == bool
    assert set(agenda(ROOT, core=True)["core"]) == {True} and set(agenda(ROOT, core=False)["core"]) <= {False}
    assert len(agenda(ROOT, core=True)) + len(agenda(ROOT, core=False)) == len(table)
    assert {4, 5, 6} <= set(table["session"])                     # Sessions 4, 5 and the closing are on it


def test_the_core_day_fits_the_morning_with_a_break():
    frame = day(ROOT)
    assert (frame["start"], frame["end"]) == ("08:00", "12:00")     # seed: "8:00 am – Noon"
    core = schedule("core", ROOT)
    assert core.attrs["fits"] and core.attrs["total_minutes"] <= 240
    assert (core["session"] == "break").sum() == 1 and core["start"].iloc[0] == "08:00"
    parts = agenda(ROOT, core=True)
    assert core.attrs["total_minutes"] == int((parts["teaching"] + parts["exercises"]).sum()) + frame["break"]["minutes"]
    assert core["end"].iloc[-1] <= "12:00"


def test_the_full_path_has_every_part_and_no_break():
    full = schedule("full", ROOT)
    table = agenda(ROOT)
    table = table[~table["faculty"]]          # a part faculty hold in the room is not on a participant's path
    assert full.attrs["total_minutes"] == int((table["teaching"] + table["exercises"]).sum())
    assert "break" not in set(full["session"]) and full.attrs["total_minutes"] > schedule("core", ROOT).attrs["total_minutes"] - 15
    with pytest.raises(ValueError, match="'core'"):
        schedule("morning", ROOT)
    assert "The core day" in schedule_html(ROOT) and "fits" in schedule_html(ROOT)


@pytest.mark.parametrize("path", OWN[:5])
def test_every_session_has_a_from_the_field_part_citing_its_source(path):
    """The seed's objective "Explore lessons learned and successful models": a "from the field" part in
    every session, on the self-paced path (core or extension), its facts cited by document title."""
    nb = nbformat.read(ROOT / path, as_version=4)
    parts = [p for p in nb.metadata["equitylab"]["parts"] if p["title"].startswith("From the field")]
    assert len(parts) == 1 and parts[0]["title"] in set(agenda(ROOT)["part"])
    field = [c.source for c in nb.cells if c.cell_type == "markdown" and "From the field" in c.source.split("\n")[0]]
    assert len(field) == 1
    assert "*Creating a Movement" in field[0] or "*The Leadership in Equity Project*" in field[0] \
        or "*Equity of Care Training*" in field[0]
