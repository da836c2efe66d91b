"""The CLAS self-check, el.ask, and the Blueprint goal level."""
import pytest

import equitylab as el
from equitylab.checking.ask import Question


@pytest.fixture(autouse=True)
def ws(tmp_path, monkeypatch):
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / "ws"))


def test_clas_has_fifteen_standards_in_four_groups_and_saves():
    table = el.clas.standards()
    assert list(table["standard"]) == list(range(1, 16))
    assert table.groupby("theme", sort=False).size().to_dict() == {
        "Principal Standard": 1, "Governance, Leadership and Workforce": 3,
        "Communication and Language Assistance": 4, "Engagement, Continuous Improvement and Accountability": 7}
    check = el.clas.SelfCheck.load()
    check.rate(7, "Planning begun")
    check.rate(5, 3)
    again = el.clas.SelfCheck.load()
    assert again.ratings == {7: 1, 5: 3}
    assert again.scores().loc["Communication and Language Assistance", "score"] == 2.0
    assert list(again.gaps()["standard"]) == [7]
    assert again.table().set_index("standard").loc[1, "rating"] == "not rated"


def test_clas_errors():
    check = el.clas.SelfCheck(autosave=False)
    with pytest.raises(ValueError, match="numbered 1 to 15"):
        check.rate(16, 0)
    with pytest.raises(ValueError, match="not a step of the scale"):
        check.rate(3, "Done")


def test_ask_shows_the_bank_prompt_and_options_verbatim():
    for ex_id in ("s4.board_interval", "s5.teach_back", "closing.goal_levels", "s4.board_ratio"):
        q = el.ask(ex_id)
        ex = el.exercises().set_index("id").loc[ex_id]
        assert isinstance(q, Question) and ex["prompt"] in str(q)
        assert ex["prompt"].split(" (")[0].replace("'", "&#x27;")[:40] in q._repr_html_()
    q = el.ask("s5.teach_back")
    assert "  b) Ask the patient to explain in their own words" in str(q)
    levels = el.ask("closing.goal_levels")
    assert levels.categories == ["patient", "organization", "community"] and len(levels.exercise.items) == 6
    assert levels.exercise.items == sorted(levels.exercise.items)          # the order gives nothing away


def test_goal_level_is_checked():
    g = el.plan.SmartGoal(goal="A goal with enough words here", measure="m", baseline=0, target=1,
                          target_date="2099-01-01", owner="o", area="REaL data", level="national")
    assert any("level='national'" in p for p in g.problems())
    assert not el.plan.SmartGoal(**{**g.to_dict(), "level": "community"}).problems()
