"""The CLAS self-check, el.ask, and the Blueprint goal level."""
import pytest

import equitylab as el


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


def test_goal_level_is_checked():
    g = el.plan.SmartGoal(goal="A goal with enough words here", measure="m", baseline=0, target=1,
                          target_date="2099-01-01", owner="o", area="REaL data", level="national")
    assert any("level='national'" in p for p in g.problems())
    assert not el.plan.SmartGoal(**{**g.to_dict(), "level": "community"}).problems()


def test_clas_rating_reads_what_learners_type_and_explains_the_rest():
    check = el.clas.SelfCheck(autosave=False)
    check.rate("9", "planning")                      # a number as text, the start of a step's name
    check.rate(10, "2")
    check.rate(11, "formal")                         # a word that fits one step only
    assert check.ratings == {9: 1, 10: 2, 11: 3}
    assert "3 of 15 standards rated" in repr(check) and ".rate(standard, step)" in repr(check)
    from equitylab.checking.feedback import InputError
    for args, words in (((10,), "give the step too"), ((10, "done"), "not a step of the scale"),
                        ((True, 1), "numbered 1 to 15"), (("nine", 1), "numbered 1 to 15")):
        with pytest.raises(InputError, match=words) as err:
            check.rate(*args)
        shown = err.value._render_traceback_()     # what a notebook shows: one line, no traceback
        assert len(shown) == 1 and "Traceback" not in shown[0] and words in shown[0]


def test_plan_drafts_units_levels_and_removal():
    from equitylab.plan import ActionPlan, SmartGoal

    base = dict(goal="Raise screening for patients who need an interpreter", measure="CRC screening rate",
                target_date="2099-12-31", owner="VP Quality", area="REaL data", higher_is_better=True)
    plan = ActionPlan("Blueprint for Action", autosave=False)
    mixed = plan.add(SmartGoal(**base, baseline=0.574, target=85, level="Organisational"))
    assert mixed.status == "incorrect" and "saved as a draft" in mixed.message
    assert any("different units" in d for d in mixed.details) and plan.goals[0].level == "organization"
    no_level = plan.add(SmartGoal(**{**base, "goal": "Cut ED waits for patients who need an interpreter",
                                     "higher_is_better": False}, baseline=0.3, target=0.2))
    assert any("level" in d for d in no_level.details)
    assert SmartGoal(**{**base, "higher_is_better": "yes"}, baseline=0.5, target=0.6).problems()[-1].startswith(
        "higher_is_better='yes'")
    assert plan.add("a goal as text").status == "incorrect" and len(plan.goals) == 2
    assert plan.remove(base["goal"]).status == "saved" and len(plan.goals) == 1
    assert plan.remove(5).status == "incorrect" and plan.remove(1).status == "saved" and not plan.goals
