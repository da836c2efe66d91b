import datetime as dt

import matplotlib.figure
import pytest

from equitylab import workspace
from equitylab.assess import STAGES, Assessment, aggregate as aggregate_assessments
from equitylab.plan import ActionPlan, SmartGoal
from equitylab.swot import AREAS, PROMPTS, QUADRANTS, SWOT, aggregate, aggregate_figure


def test_prompts_cover_every_area_and_quadrant():
    for area in AREAS:
        assert all(PROMPTS[area][q] for q in QUADRANTS)


def test_swot_edit_and_autosave():
    s = SWOT.load("REaL data")
    s.add("S", "Registration script in place at clinics")
    s.add("weakness", "ED collects race for only 72% of visits")
    s.add("threats", "Patients may mistrust why we ask")
    s.move("Patients may mistrust why we ask", "weaknesses")
    s.remove("weaknesses", 0)
    saved = workspace.get("swots", "REaL data")
    assert saved["items"]["strengths"] == ["Registration script in place at clinics"]
    assert saved["items"]["weaknesses"] == ["Patients may mistrust why we ask"]
    assert SWOT.load("REaL data").items == s.items
    with pytest.raises(ValueError, match="not a SWOT quadrant"):
        s.add("risks", "x")
    with pytest.raises(ValueError, match="empty"):
        s.add("strengths", "   ")


def test_swot_validation_flags_internal_external():
    s = SWOT(autosave=False)
    s.add("strengths", "New CMS health equity reporting program")
    s.add("opportunities", "Our staff training budget")
    notes = " ".join(s.validate())
    assert "sounds external" in notes and "sounds internal" in notes and "Threats is empty" in notes


def test_swot_html_escapes_participant_text():
    s = SWOT(autosave=False)
    s.add("threats", "<script>alert('x')</script>")
    out = s.to_html()
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_swot_figure():
    s = SWOT(autosave=False)
    s.add("strengths", "Board chair champions the pledge")
    assert isinstance(s.figure(), matplotlib.figure.Figure)


def test_swot_editor_saves_as_you_type_and_checks():
    s = SWOT(area="Cultural competence")
    editor = s.editor()
    editor.boxes["strengths"].value = "Orientation covers interpreters\nCLAS champions in nursing"
    editor.boxes["threats"].value = "Staffing shortages crowd out training"
    saved = workspace.get("swots", "Cultural competence")["items"]
    assert saved["strengths"] == ["Orientation covers interpreters", "CLAS champions in nursing"]
    assert saved["threats"] == ["Staffing shortages crowd out training"]
    editor.check_button.click()
    assert "empty" in editor.notes.html   # weaknesses and opportunities are still empty


def test_room_aggregation_counts_themes():
    swots = []
    for i in range(3):
        s = SWOT(autosave=False)
        s.add("weaknesses", "Registration staff leave race blank in the ED")
        if i < 2:
            s.add("opportunities", "Community partner clinics")
        swots.append(s.to_dict())
    table = aggregate(swots)
    assert table.loc["REaL data collection", "weaknesses"] == 3
    assert table.loc["REaL data collection", "participants"] == 3
    assert table.loc["Community partnerships", "participants"] == 2
    assert isinstance(aggregate_figure(table), matplotlib.figure.Figure)


def test_assessment_scores_peers_next_steps():
    a = Assessment.load()
    a.organization = "Lakeside"
    a.answer("real.collect", "Sustaining")
    a.answer("real.stratify", 1)
    a.answer("cc.orientation", "implementing")
    a.set_profile(board_minority_pct=20)
    scores = a.scores()
    assert scores.loc["REaL data", "score"] == pytest.approx((3 + 1) / 2)
    assert scores.loc["REaL data", "answered"] == 2
    a.set_practices(collects_race=True, benchmarks_gaps_by_race=False)
    peers = a.peers()
    row = peers[peers.indicator.str.startswith("Hospital collects patient race data")].iloc[0]
    assert row["you"] == "yes" and row["peers"] == pytest.approx(98.0, abs=0.1) and "2015" in row["indicator"]
    row = peers[peers.indicator.str.startswith("Uses race data to benchmark gaps in care")].iloc[0]
    assert row["you"] == "no" and row["peers"] == pytest.approx(26.0, abs=0.1)
    assert "earlier edition" in row["indicator"] and "earlier edition" in row["source"]
    assert not peers["peers_measure"].str.contains("percentile").any()   # the survey publishes no percentiles
    board = peers[peers.indicator.str.contains("board members")].iloc[0]
    assert board["you"] == "20%" and board["peers"] == pytest.approx(14.0, abs=0.5)
    assert set(peers.columns) >= {"indicator", "you", "peers", "source"}
    with pytest.raises(ValueError, match="not a benchmark indicator"):
        a.set_practices(stratifies_quality_measures=True)
    steps = a.next_steps()
    assert steps["priority"].tolist() == list(range(1, len(steps) + 1))
    assert "real.collect" not in steps["statement"].tolist()
    assert steps.iloc[0]["taught_in"].startswith("Session")
    assert Assessment.load().answers == a.answers
    assert isinstance(a.radar(compare=aggregate_assessments([a]).loc[["Room average"]].T.rename(columns={"Room average": "score"})),
                      matplotlib.figure.Figure)
    with pytest.raises(ValueError, match="not a stage"):
        a.answer("real.collect", "Excellent")


def test_assessment_widget_saves_on_click():
    a = Assessment()
    form = a.widget()
    form.buttons["comm.voice"].value = STAGES[2]
    assert workspace.get("assessments", "self_assessment")["answers"]["comm.voice"] == "Implementing"


def test_smart_goal_validation():
    good = SmartGoal(goal="Raise valid race/ethnicity in ED registrations", measure="Share valid", baseline=0.72,
                     target=0.9, target_date=(dt.date.today() + dt.timedelta(days=365)).isoformat(), owner="Patient access",
                     area="REaL data", higher_is_better=True)
    assert good.problems() == [] and good.feedback().status == "correct"
    bad = SmartGoal(goal="Do better", measure="", baseline=None, target=0.9, target_date="2001-01-01", owner="", area="x")
    problems = " ".join(bad.problems())
    for text in ("No baseline", "in the past", "No owner", "No measure", "pledge area", "specifically"):
        assert text in problems
    assert str(bad.feedback()).startswith("Incorrect")
    wrong_way = SmartGoal(goal="Lower ED left without being seen", measure="LWBS", baseline=0.06, target=0.08,
                          target_date="2099-01-01", owner="ED director", area="REaL data", higher_is_better=False)
    assert "wrong direction" in " ".join(wrong_way.problems())
    assert "YYYY-MM-DD" in " ".join(SmartGoal(target_date="next year").problems())


def test_action_plan_saves():
    plan = ActionPlan.load("Blueprint for Action")
    plan.title = "Lakeside blueprint"
    plan.add(SmartGoal(goal="Board reflects the community by 2028", measure="Minority share of board", baseline=0.13,
                       target=0.3, target_date="2099-12-31", owner="Board chair", area="Leadership diversity"))
    assert ActionPlan.load("Blueprint for Action").goals[0].owner == "Board chair"
    assert plan.to_frame()["smart"].all()
    assert "Lakeside blueprint" in plan.to_html()


def test_peer_figures_equal_the_published_survey_figures():
    from equitylab.data.benchmarks import BENCHMARK_DIVERSITY, BENCHMARK_FIGURES

    a = Assessment(autosave=False)
    a.set_profile(patients_minority_pct=30, board_minority_pct=10, exec_minority_pct=10)
    peers = a.peers().set_index("indicator")["peers"]
    for indicator, value in peers.items():
        if "share of patients" in indicator:
            assert round(value) == BENCHMARK_DIVERSITY["2015"][0]
        elif "share of board" in indicator:
            assert round(value) == BENCHMARK_DIVERSITY["2015"][1]
        elif "share of executive" in indicator:
            assert round(value) == BENCHMARK_DIVERSITY["2015"][2]
    assert peers.filter(like="collects patient race").iloc[0] == BENCHMARK_FIGURES["2015"][1]["collects_race"]


def test_worked_example_swot_and_answer_key_pass_the_swot_checker():
    """The checker's internal/external advice agrees with the answer keys: nothing is flagged as misplaced."""
    from equitylab.course.bank.demo import INTERNAL_EXTERNAL
    from equitylab.course.bank.s2 import SWOT_SORT
    from equitylab.swot import example

    assert example().validate() == []
    key = SWOT(autosave=False)
    for item, quadrant in SWOT_SORT.items():
        key.add(quadrant, item)
    assert key.validate() == []
    demo = SWOT(autosave=False)
    for item, side in INTERNAL_EXTERNAL.items():
        demo.add("weaknesses" if side == "internal" else "threats", item)
    demo.add("strengths", "CEO champions the pledge")
    demo.add("opportunities", "State grant for interpreter services")
    assert [n for n in demo.validate() if "sounds" in n] == []
    for item in ("Staffing shortages crowd out training time", "Some patients mistrust why we ask about race"):
        wrong = SWOT(autosave=False)
        wrong.add("weaknesses", item)
        assert any("sounds external" in n for n in wrong.validate())
        right = SWOT(autosave=False)
        right.add("threats", item)
        assert not any("sounds" in n for n in right.validate())


def test_objects_built_directly_write_nothing_until_saved(tmp_path, monkeypatch):
    """The library has no side effects: building and editing a SWOT, an assessment, a plan or a CLAS
    self-check writes nothing to the workspace folder; save() (or load(), the notebooks' entry point) does."""
    from equitylab.clas import SelfCheck

    folder = tmp_path / "untouched"
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(folder))
    s = SWOT(area="REaL data", title="Lakeside")
    s.add("strengths", "Registration script in place at clinics")
    s.move("Registration script in place at clinics", "weaknesses")
    a = Assessment("Lakeside")
    a.answer("real.collect", "Sustaining")
    a.set_profile(board_minority_pct=20)
    a.set_practices(collects_race=True)
    plan = ActionPlan("D&I Action Plan", title="Lakeside")
    plan.add(SmartGoal(goal="Board reflects the community by 2028", measure="Minority share of board", baseline=0.13,
                       target=0.3, target_date="2099-12-31", owner="Board chair", area="Leadership diversity"))
    clas = SelfCheck()
    clas.rate(5, "Planning begun")
    assert not folder.exists() or not any(folder.rglob("*")), sorted(folder.rglob("*"))
    s.save(), a.save(), plan.save(), clas.save()
    assert SWOT.load("REaL data").items["weaknesses"] == ["Registration script in place at clinics"]
    assert Assessment.load().answers == {"real.collect": 3}
    assert ActionPlan.load("D&I Action Plan").goals[0].owner == "Board chair"
    assert SelfCheck.load().ratings == {5: 1}
    loaded = SWOT.load("Cultural competence")           # load() returns an object that saves as you go
    loaded.add("threats", "Staffing shortages crowd out training")
    assert workspace.get("swots", "Cultural competence")["items"]["threats"] == ["Staffing shortages crowd out training"]


def test_take_away_tools_name_odd_input_in_one_line_and_save_nothing_odd():
    """Learners' odd input to the take-away tools: one line saying what to change (InputError), no junk saved."""
    import numpy as np
    import pandas as pd

    from equitylab.checking.feedback import InputError

    a = Assessment(autosave=False)
    bad_calls = [lambda: a.set_practices(collects_race="yes"), lambda: a.set_practices(collect_race=True),
                 lambda: a.set_profile(board_minority_pct="twelve"), lambda: a.set_profile(board_minority_pct=pd.NA),
                 lambda: a.set_profile(board_minority_pct=[12]), lambda: a.set_profile(board_minority_pct=0.12),
                 lambda: a.set_profile(board_minority_pct=150), lambda: a.answer("real.collects", "Planning"),
                 lambda: a.answer(1, "Planning")]
    s = SWOT(autosave=False)
    bad_calls += [lambda: s.add("strenghts", "x"), lambda: s.add("strengths", None), lambda: s.add("strengths", ""),
                  lambda: s.add("strengths", pd.NA), lambda: s.add("strengths", np.nan), lambda: s.add("strengths", ["a"]),
                  lambda: s.remove("strengths", 99), lambda: s.remove("strengths", "nope"), lambda: s.move("nope", "threats"),
                  lambda: s.set_items("weaknesses", [1, 2]), lambda: s.set_items("weaknesses", None),
                  lambda: SWOT(area="REaL"), lambda: workspace.set_participant(123)]
    for call in bad_calls:
        with pytest.raises(InputError) as err:
            call()
        assert len(err.value._render_traceback_()) == 1
    assert a.profile == {} and a.practices == {} and all(not v for v in s.items.values())
    a.set_profile(board_minority_pct="12%", exec_minority_pct=0)
    assert a.profile == {"board_minority_pct": 12.0, "exec_minority_pct": 0.0}
    s.set_items("strengths", "Our CEO champions equity\nInterpreters in 40 languages")    # the editor's text box
    assert s.items["strengths"] == ["Our CEO champions equity", "Interpreters in 40 languages"]
