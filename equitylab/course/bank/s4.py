"""Session 4 exercises: diversity in leadership and governance, the pipeline, community partners."""
from __future__ import annotations

from ...checking.registry import exercise, get_exercise, takeaway
from ...data.synthetic import community, partners, workforce
from ...stats.representation import MINORITY, WHITE, minority, pipeline, representation
from ._common import PROPORTION, explains


def _board_row():
    wf = workforce()
    t = representation(wf[wf["active"]], community(), groups=minority, public_levels=["Board", "Executive"])
    return t[(t["role_level"] == "Board") & (t["race_ethnicity"] == MINORITY)].iloc[0]


@exercise("s4.board_ratio", session="4", kind="number", percent=False, tolerance=0.005,
          pattern="value = table.query(\"level_column == 'a level' and group_column == 'a group'\")[\"column\"].item()",
          prompt="What is the representation ratio of racial/ethnic minorities on Lakeside's board against the "
                 "service area (with public_levels=['Board', 'Executive'], because their membership is public)? Give "
                 "it to two "
                 "decimals, e.g. 1.25.",
          hints=["Use the table `board` (representation with public_levels): the row role_level == 'Board', "
                 "race_ethnicity == 'Racial/ethnic minority', and its 'ratio' column.",
                 "board_ratio = board.query(\"role_level == 'Board' and race_ethnicity == 'Racial/ethnic minority'\")"
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
          pattern="table.query(\"level_column == 'a level' and group_column == 'a group'\")[[\"ci_low_column\", "
                  "\"ci_high_column\"]]   # then compare both ends with 1",
          hints=["In `board`, read ratio_ci_low and ratio_ci_high on the Board row for 'Racial/ethnic minority'.",
                 "Compare ratio_ci_high with 1: is the whole interval below 1, around 1, or above it?"],
          explanation="Even with 15 people, an interval whose upper end is below 1 is evidence that the board does "
                      "not reflect the community; a small board needs an interval, not only a percentage.")
def _s4_board_interval():
    row = _board_row()
    if row["ratio_ci_high"] < 1:
        return INTERVAL_OPTIONS[0]
    return INTERVAL_OPTIONS[2] if row["ratio_ci_low"] > 1 else INTERVAL_OPTIONS[1]


@exercise("s4.exit_gap", session="4", kind="number", percent=True, tolerance=0.005, difference=True,
          pattern="value = table.query(\"event == 'an event' and level_column == 'a level' and group_column == "
                  "'a group'\")[\"column\"].item()",
          prompt="Among clinicians, how much higher was the 2025 exit rate of racial/ethnic minority clinicians than "
                 "that of White clinicians? Give the rate difference. " + PROPORTION,
          hints=["In the pipeline table `flow`, keep event == 'exited_2025' and role_level == 'Clinician'; read "
                 "rate_difference on the 'Racial/ethnic minority' row (the reference group is White).",
                 "exit_gap = flow.query(\"event == 'exited_2025' and role_level == 'Clinician' and "
                 "race_ethnicity == 'Racial/ethnic minority'\")[\"rate_difference\"].item()"])
def _s4_exit_gap():
    p = pipeline(workforce(), events=["exited_2025"], groups=minority, reference=WHITE)
    row = p[(p["role_level"] == "Clinician") & (p["race_ethnicity"] == MINORITY)].iloc[0]
    return float(row["rate_difference"])


LANGUAGE_OPTIONS = ["Spanish", "Vietnamese", "Haitian Creole", "Arabic", "Russian"]


@exercise("s4.unserved_language", session="4", kind="choice",
          prompt="These are the five largest non-English languages of Lakeside's service area. Which of them is "
                 "offered by none of Lakeside's community partners?",
          options=LANGUAGE_OPTIONS,
          pattern="offered = {x.strip() for cell in table[\"column\"] for x in cell.split(\";\")}   # then: which "
                  "of the five is not in offered?",
          hints=["Split each cell of partners[\"languages\"] on ';' into a set `offered`, and compare it with "
                 "languages.index (the five largest non-English languages).",
                 "offered = {lang.strip() for langs in partners[\"languages\"] for lang in langs.split(\";\")}; "
                 "unserved = [lang for lang in languages.index if lang not in offered][0]"])
def _s4_unserved():
    pop = community()
    top = (pop[pop["language"] != "English"].groupby("language")["population"].sum()
           .sort_values(ascending=False).head(5).index)
    offered = {lang.strip() for langs in partners()["languages"] for lang in langs.split(";")}
    missing = [lang for lang in top if lang not in offered]
    return missing[0] if len(missing) == 1 else missing


takeaway("s4.takeaway.representation", session="4",
         prompt="Take-away: leadership representation beside the 2015 benchmark", section="takeaways", key="session4",
         describe=lambda v: f"{len(v.get('representation', []))} rows by level and group")
takeaway("s4.takeaway.plan", session="4", prompt="Take-away: your D&I Action Plan", section="plans",
         key="D&I Action Plan",
         describe=lambda v: f"{len(v.get('goals', []))} {'goal' if len(v.get('goals', [])) == 1 else 'goals'}")


# The answer key's explanations: how each answer is computed, and the common wrong answer and why.

@explains("s4.board_ratio")
def _why_board_ratio():
    row = _board_row()
    return (f"Representation ratio = the minority share of the board's {int(row['n'])} seats ({row['share']:.3f}; board "
            f"membership is public) ÷ the minority share of the service area ({row['benchmark']:.3f}) = "
            f"{row['ratio']:.3f}, about {row['ratio']:.2f}.",
            f"{row['share']:.2f} — the board's share itself, not divided by the community's; or "
            f"{1 / row['ratio']:.2f}, the community's share over the board's (the ratio upside down).")


@explains("s4.board_interval")
def _why_board_interval():
    row = _board_row()
    return (f"The ratio's 95% interval runs from {row['ratio_ci_low']:.2f} to {row['ratio_ci_high']:.2f}: "
            + ("even its upper end is below 1. " if row["ratio_ci_high"] < 1 else "it is read against 1. ")
            + get_exercise("s4.board_interval").explanation,
            f"“We cannot tell: the interval includes 1” — the interval is wide ({int(row['n'])} people) but does not "
            "reach 1; a wide interval is not the same as one that includes 1."
            if row["ratio_ci_high"] < 1 else "Reading the ratio alone without its interval.")


@explains("s4.exit_gap")
def _why_exit_gap():
    p = pipeline(workforce(), events=["exited_2025"], groups=minority, reference=WHITE)
    p = p[p["role_level"] == "Clinician"].set_index("race_ethnicity")
    m, w = p.loc[MINORITY], p.loc[WHITE]
    side = ", above zero)." if m["rd_ci_low"] > 0 else ", which includes zero)."
    return (f"In the pipeline table, clinicians who left in 2025: {m['rate']:.3f} of minority clinicians and "
            f"{w['rate']:.3f} of White clinicians; the difference is {m['rate_difference']:.3f}, about "
            f"{m['rate_difference']:.2f} (95% interval {m['rd_ci_low']:.3f} to {m['rd_ci_high']:.3f}{side}",
            f"{m['rate_ratio']:.2f} — the rate ratio, not the difference; {m['rate']:.2f}, the minority clinicians' "
            f"exit rate itself; or {100 * m['rate_difference']:.1f}, a percent without a % sign.")


@explains("s4.unserved_language")
def _why_unserved():
    pop = community()
    top = (pop[pop["language"] != "English"].groupby("language")["population"].sum()
           .sort_values(ascending=False).head(5))
    offered = {lang.strip() for langs in partners()["languages"] for lang in langs.split(";")}
    missing = [lang for lang in top.index if lang not in offered]
    cells = [c for c in partners()["languages"]]
    hidden = [lang for lang in top.index if lang in offered
              and not any(c.strip() in (lang, f"{lang}; English", f"English; {lang}") for c in cells)]
    how = (f"The five largest non-English languages of the service area are {', '.join(top.index)}; the partners "
           f"together offer {', '.join(sorted(offered - {'English'}))}. Not offered: {', '.join(missing)} "
           f"({int(top[missing[0]]):,} residents)." if missing else "Every one of the five is offered.")
    wrong = (f"{' or '.join(hidden)} — offered only inside a cell that lists several languages "
             f"(e.g. “{next(c for c in cells if hidden[0] in c)}”): read without splitting each cell on ';', it "
             "seems missing." if hidden else "Reading the partners' names, not their languages column.")
    return how, wrong
