"""Answers in people's own words, worked as a learner: right, wrong, odd answers, typos, own words.

Words that choose no option are not an attempt ("not checked", nothing saved, the room never sees them) and
are offered the nearest option; a one-letter typo in a long word is read as the word meant; a number in a few
words is a number; a filter that keeps no row names the misspelt value.
"""
import contextlib
import io
import itertools

import pandas as pd
import pytest

import equitylab as el
from equitylab.checking.cellhelp import explain_no_row, install
from equitylab.checking.checkers import _as_number, choose, nearest, one_edit
from equitylab.checking.registry import get_exercise
from equitylab.course.bank import encounters_std


def _osa(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), by the textbook dynamic programme."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        cost = a[i - 1] != b[j - 1]
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_one_edit_is_a_damerau_levenshtein_distance_of_one():
    words = ["", "a", "ab", "ba", "abc", "acb", "abd", "abcd", "bacd", "abdc", "xbcd", "abc d", "aabc"]
    for a, b in itertools.product(words, repeat=2):
        assert one_edit(a, b) == (_osa(a, b) == 1), (a, b)


def _record(exercise_id):
    return el.workspace.get("answers", exercise_id, None)


@pytest.mark.parametrize("exercise_id, answer, meant", [
    ("s5.family_interpreter", "get a qualified interpreter", 1),
    ("s5.family_interpreter", "accept her offer", 0),
    ("s5.teach_back", "ask the patient to repeat it", 1),
    ("s5.teach_back", "give a leaflet", 2),
])
def test_words_that_match_no_option_are_not_an_attempt_and_offer_the_nearest(exercise_id, answer, meant):
    ex = get_exercise(exercise_id)
    before = el.check(exercise_id, "c" if ex.options.index(ex.answer_key()) != 2 else "a")   # a saved wrong try
    assert before.status == "incorrect" and before.attempts == 1
    fb = el.check(exercise_id, answer)
    assert fb.status == "not checked" and fb.attempts == 1
    assert str(fb).startswith("Not checked — couldn't match that — did you mean "
                              f"{'abc'[meant]}) {ex.options[meant]}?"), str(fb)
    assert _record(exercise_id)["status"] == "incorrect" and _record(exercise_id)["attempts"] == 1
    assert _record(exercise_id)["answer"] != answer
    row = el.progress("5").set_index("id").loc[exercise_id]
    assert (row["status"], row["attempts"]) == ("incorrect", 1)


def test_a_first_unmatched_answer_leaves_nothing_in_the_workspace_or_the_room():
    fb = el.check("s5.family_interpreter", "get a qualified interpreter")
    assert fb.status == "not checked" and fb.attempts == 0 and _record("s5.family_interpreter") is None
    room = el.room([el.workspace.load()])
    assert room["s5.family_interpreter"].tolist() == ["not attempted"]
    assert el.check("s5.family_interpreter", "b").correct


def test_words_sharing_nothing_with_any_option_list_the_options():
    fb = el.check("s3.worst_point", "privacy matters")
    assert fb.status == "not checked" and "did you mean" not in fb.message
    assert "a) Emergency department" in fb.message and "d) Urgent care" in fb.message
    assert nearest(["Red", "Green"], "purple") == []


@pytest.mark.parametrize("exercise_id, answer", [
    ("s5.teach_back", "explain in thier own words"),               # the reviewer's: two letters swapped
    ("s5.teach_back", "explain in their own wrods"),
    ("s3.worst_point", "Emergncy department"),                     # a letter dropped
    ("s3.worst_point", "Emergenccy department"),                   # a letter added
    ("s4.unserved_language", get_exercise("s4.unserved_language").answer_key()[:-1] + "x"),   # a letter changed
    ("s5.family_interpreter", "qualifed interpreter"),
])
def test_a_one_letter_typo_in_a_long_word_is_the_word_meant(exercise_id, answer):
    fb = el.check(exercise_id, answer)
    assert fb.correct, (answer, str(fb))


def test_short_words_and_ambiguous_typos_are_not_guessed():
    # "cars" is one letter from "care", but a 4-letter word is too short to be sure: not read as an option
    assert choose(["Primary care clinic", "Emergency department"], "cars")[0] is None
    # one letter from two different words of the options: left as typed
    assert choose(["Ask about sears", "Ask about tears"], "gears")[0] is None
    # a typo never turns a wrong option into the right one: the text still names the option it is closest to
    assert choose(["Accept the daughter's offer", "Offer a qualified interpreter"], "acept the daughtr's offer")[0] \
        == "Accept the daughter's offer"


@pytest.mark.parametrize("text, value, percent", [
    ("about 6 percent", 6.0, True), ("About 6 per cent", 6.0, True), ("~6%", 6.0, True), ("roughly 0.06", 0.06, False),
    ("approximately 6 percentage points", 6.0, True), ("6 pct", 6.0, True), ("around 5.9 %", 5.9, True),
])
def test_a_number_in_a_few_words_is_read(text, value, percent):
    got, problem, pct = _as_number(text)
    assert problem is None and got == pytest.approx(value) and pct is percent


def test_about_n_percent_is_a_proportion_and_a_bare_n_is_close():
    share = encounters_std()["ed_lwbs"].mean()                  # the LWBS rate, computed here from the rows
    whole = round(100 * share)
    assert abs(whole / 100 - share) <= 0.005, "the example needs a rate that rounds to a whole percent"
    assert el.check("demo.lwbs_rate", f"about {whole} percent").correct
    assert el.check("demo.lwbs_rate", str(whole)).status == "close"
    words = el.check("demo.lwbs_rate", "a lot")
    assert words.status == "not checked" and "couldn't read a number" in words.message and words.attempts == 2
    assert _record("demo.lwbs_rate")["attempts"] == 2                 # the two numbers, not the words


READMIT = pd.DataFrame({"race_ethnicity": ["White", "Black or African American", "Asian"],
                        "rate_difference": [0.0, 0.036, -0.01]})


@pytest.mark.parametrize("cell, named, meant", [
    ('x = readmit.loc[readmit["race_ethnicity"] == "Black or Afrcan American", "rate_difference"].item()',
     "Black or Afrcan American", "Black or African American"),
    ('x = readmit.loc[readmit["race_ethnicity"] == "black or african american", "rate_difference"].item()',
     "black or african american", "Black or African American"),
    ("x = readmit.query(\"race_ethnicity == 'Whte'\")[\"rate_difference\"].item()", "Whte", "White"),
])
def test_a_typo_in_the_hinted_filter_names_the_value_meant(cell, named, meant):
    message = explain_no_row(cell, {"readmit": READMIT})
    assert f"{named!r} is not a value of readmit['race_ethnicity']: did you mean {meant!r}?" in message


def test_a_filter_with_no_typo_to_name_says_how_to_find_the_names():
    message = explain_no_row('x = readmit["rate_difference"].item()', {"readmit": READMIT})
    assert message.startswith("No single row matched") and ".unique()" in message


def test_in_ipython_the_message_replaces_pandas_and_other_errors_are_unchanged():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert install(shell) and install(shell)          # installing twice is harmless
    shell.user_ns["readmit"] = READMIT
    outputs = []
    for cell in ['readmit.loc[readmit["race_ethnicity"] == "Whte", "rate_difference"].item()', 'int("abc")']:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            result = shell.run_cell(cell)
        assert isinstance(result.error_in_exec, ValueError)          # still an error: a notebook run stops there
        outputs.append(out.getvalue())
    assert "did you mean 'White'?" in outputs[0] and "can only convert" not in outputs[0]
    assert "invalid literal for int()" in outputs[1] and "did you mean" not in outputs[1]


def test_second_dimension_the_right_idea_is_the_right_answer():
    """Among patients who need no interpreter the Hispanic-White gap in "would recommend" turns slightly the other way,
    within noise: "it reverses" (slightly) is the right idea and reads as the right option."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    enc = encounters_std()
    rated = enc.dropna(subset=["would_recommend"])
    crude = rated.groupby("race_ethnicity", observed=True)["would_recommend"].mean()
    calm = rated[~rated["interpreter_needed"]]
    within = calm.groupby("race_ethnicity", observed=True)["would_recommend"].agg(["sum", "count"])
    gap_all = crude["White"] - crude["Hispanic or Latino"]
    white, hispanic = within.loc["White"], within.loc["Hispanic or Latino"]
    gap_within = white["sum"] / white["count"] - hispanic["sum"] / hispanic["count"]
    low, high = confint_proportions_2indep(white["sum"], white["count"], hispanic["sum"], hispanic["count"],
                                           method="newcomb")
    assert gap_all > 0.03 and gap_within < 0 and abs(gap_within) < gap_all / 2 and low < 0 < high
    ex = get_exercise("s3.second_dimension")
    assert ex.answer_key() == ex.options[0]
    for said in ("it reverses", "It reverses slightly", "it shrinks", "interpreter need explains the gap", "a"):
        assert el.check("s3.second_dimension", said).correct, said
    for said in ("it stays", "Hispanic patients now clearly rate the hospital higher", "c"):
        assert el.check("s3.second_dimension", said).status == "incorrect", said
    unsure = el.check("s3.second_dimension", "the gap disappears")
    assert unsure.status == "not checked" and "did you mean a)" in unsure.message


def test_a_typo_in_a_sorting_answer_is_forgiven_but_not_a_guess():
    el.exercises()
    ex = get_exercise("s2.swot_sort")
    key = dict(ex.expected())
    first = next(iter(key))
    swapped = first[:5] + first[6] + first[5] + first[7:]            # two letters swapped inside the item's text
    misspelt = {(swapped if k == first else k): {"strengths": "strenghts", "weaknesses": "weaknessess",
                                                  "opportunities": "oportunities", "threats": "threatss"}[v]
                for k, v in key.items()}
    assert el.check("s2.swot_sort", misspelt).correct
    from equitylab.checking.checkers import _category_of, category_forms

    cats = ["patient", "organization", "community"]
    assert _category_of("comunity", category_forms(cats), cats) == "community"
    assert _category_of("pat", category_forms(cats), cats) == "patient"              # a start, as before
    assert _category_of("xyzzy", category_forms(cats), cats) is None
    assert _category_of("tram", category_forms(["team", "tree"]), ["team", "tree"]) is None   # too short to guess


def test_a_misspelt_row_or_column_key_names_the_one_meant():
    from IPython.core.interactiveshell import InteractiveShell

    from equitylab.checking.cellhelp import explain_missing_key

    knowledge = pd.DataFrame({"module": ["Working with interpreters", "Why equity is a quality issue"],
                              "mean_change": [14.1, 13.9]})
    cell = 'gain = knowledge.set_index("module").loc["Working with interpretors", "mean_change"]'
    assert "did you mean 'Working with interpreters' (a value of knowledge['module'])?" in \
        explain_missing_key("Working with interpretors", cell, {"knowledge": knowledge})
    assert "did you mean 'mean_change' (a column of knowledge)?" in \
        explain_missing_key("mean_chnage", 'knowledge["mean_chnage"]', {"knowledge": knowledge})
    assert explain_missing_key("zzz", 'knowledge["zzz"]', {"knowledge": knowledge}) is None
    shell = InteractiveShell.instance()
    install(shell)
    shell.user_ns["knowledge"] = knowledge
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        result = shell.run_cell(cell)
    assert isinstance(result.error_in_exec, KeyError) and "did you mean 'Working with interpreters'" in out.getvalue()


@pytest.mark.parametrize("exercise_id, answer, option", [
    ("s2.first_step_session", "session four", "Session 4"),        # a number in words, where options carry numbers
    ("s3.worst_point", "emergency room", "Emergency department"),    # the words staff use
    ("s5.lowest_completion", "ED", "Emergency"),
    ("s5.lowest_completion", "housekeeping", "Environmental services"),
])
def test_the_words_people_use_name_the_option(exercise_id, answer, option):
    ex = get_exercise(exercise_id)
    chosen, problem = choose(ex.options, answer, ex.aliases)
    assert problem is None and chosen.startswith(option)


def test_a_word_every_option_has_or_an_everyday_word_suggests_nothing():
    ex = get_exercise("s5.teach_back")
    assert nearest(ex.options, "have them repeat it back", ex.aliases) == []   # "have" is no clue to a)
    ex = get_exercise("s2.first_step_session")
    assert nearest(ex.options, "the session on training", ex.aliases) == [o for o in ex.options if "training" in o]
