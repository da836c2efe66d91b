"""Session 4 exercises: diversity in leadership and governance, the pipeline, community partners."""
from __future__ import annotations

from ...checking.registry import exercise
from ...data.synthetic import community, partners, workforce
from ...stats.representation import MINORITY, WHITE, minority, pipeline, representation
from ._common import PROPORTION


def _board_row():
    wf = workforce()
    t = representation(wf[wf["active"]], community(), groups=minority, public_levels=["Board", "Executive"])
    return t[(t["role_level"] == "Board") & (t["race_ethnicity"] == MINORITY)].iloc[0]


@exercise("s4.board_ratio", session="4", kind="number", percent=False, tolerance=0.005,
          pattern="board_ratio = board.query(\"role_level == 'Board' and race_ethnicity == 'Racial/ethnic minority'\")"
                  "[\"ratio\"].item()",
          prompt="What is the representation ratio of racial/ethnic minorities on Lakeside's board against the "
                 "service area (with public_levels=['Board', 'Executive'], because their membership is public)? Give "
                 "it to two "
                 "decimals, e.g. 1.25.",
          hints=["Use the table `board` (representation with public_levels): the 'ratio' column.",
                 "Pattern: board.query(\"role_level == 'Board' and race_ethnicity == 'Racial/ethnic minority'\")"
                 "[\"ratio\"].item()"])
def _s4_board_ratio():
    return float(_board_row()["ratio"])


INTERVAL_OPTIONS = ["The board under-represents the community: even the upper end of the interval is below a ratio of 1",
                    "We cannot tell: the interval includes a ratio of 1",
                    "The board over-represents minorities: the whole interval is above 1"]


@exercise("s4.board_interval", session="4", kind="choice",
          prompt="The board has only 15 members, so its interval is wide. Read the board's ratio_ci_low and "
                 "ratio_ci_high: which conclusion do they support?",
          options=INTERVAL_OPTIONS,
          hints=["Compare ratio_ci_high with 1: is the whole interval below 1, around 1, or above it?"],
          explanation="Even with 15 people, an interval whose upper end is below 1 is evidence that the board does "
                      "not reflect the community; a small board needs an interval, not only a percentage.")
def _s4_board_interval():
    row = _board_row()
    if row["ratio_ci_high"] < 1:
        return INTERVAL_OPTIONS[0]
    return INTERVAL_OPTIONS[2] if row["ratio_ci_low"] > 1 else INTERVAL_OPTIONS[1]


@exercise("s4.exit_gap", session="4", kind="number", percent=True, tolerance=0.005,
          pattern="exit_gap = flow.query(\"event == 'exited_2025' and role_level == 'Clinician' and "
                  "race_ethnicity == 'Racial/ethnic minority'\")[\"rate_difference\"].item()",
          prompt="Among clinicians, how much higher was the 2025 exit rate of racial/ethnic minority clinicians than "
                 "that of White clinicians? Give the rate difference. " + PROPORTION,
          hints=["In the pipeline table, keep event == 'exited_2025' and role_level == 'Clinician'.",
                 "Read rate_difference on the 'Racial/ethnic minority' row (the reference group is White)."])
def _s4_exit_gap():
    p = pipeline(workforce(), events=["exited_2025"], groups=minority, reference=WHITE)
    row = p[(p["role_level"] == "Clinician") & (p["race_ethnicity"] == MINORITY)].iloc[0]
    return float(row["rate_difference"])


LANGUAGE_OPTIONS = ["Spanish", "Vietnamese", "Haitian Creole", "Arabic", "Russian"]


@exercise("s4.unserved_language", session="4", kind="choice",
          prompt="These are the five largest non-English languages of Lakeside's service area. Which of them is "
                 "offered by none of Lakeside's community partners?",
          options=LANGUAGE_OPTIONS,
          hints=["Split each partner's 'languages' on '; ' and compare with the five languages."])
def _s4_unserved():
    pop = community()
    top = (pop[pop["language"] != "English"].groupby("language")["population"].sum()
           .sort_values(ascending=False).head(5).index)
    offered = {lang.strip() for langs in partners()["languages"] for lang in langs.split(";")}
    missing = [lang for lang in top if lang not in offered]
    return missing[0] if len(missing) == 1 else missing
