"""Data dictionaries of the synthetic datasets, kept as data: one table of columns per dataset.

The outcome rows come from :mod:`equitylab.data.measures` and the benchmark rows from
:mod:`equitylab.data.benchmarks`, so each fact is written once.
"""
from __future__ import annotations

import inspect

import pandas as pd

from .. import standards as S
from ..benchmarks import BENCHMARK_DIVERSITY, BENCHMARK_FIGURES, BENCHMARK_MEANINGS, BENCHMARK_SOURCES
from ..measures import OUTCOMES
from ._common import SYNTHETIC_LABEL
from .community import AGE_BANDS, NEEDS, community, partners
from .encounters import DEPARTMENTS, FACILITIES, PAYERS, encounters
from .hospitals import hospitals
from .training import MODULES, SETTINGS, training
from .workforce import LEVELS, WORK_DEPARTMENTS, workforce

__all__ = ["describe", "names", "DICTIONARY"]

_RACE_CATS = "; ".join(S.SPD15_2024 + (S.MULTIPLE,))

#: name -> [(column, dtype, meaning, allowed values)]
DICTIONARY: dict[str, list[tuple[str, str, str, str]]] = {
    "encounters": [
        ("encounter_id", "int64", "Encounter identifier (unique)", "1..n"),
        ("patient_id", "int64", "Patient identifier (a patient has ~2.5 encounters)", "≥ 100001"),
        ("encounter_date", "datetime64[ns]", "Date of the encounter", "2025-01-01 to 2025-12-31"),
        ("facility", "category", "Facility of the encounter", "; ".join(FACILITIES)),
        ("department", "category", "Registration point", "; ".join(DEPARTMENTS)),
        ("age", "int16", "Age in years at the encounter", "18–95"),
        ("sex", "category", "Sex as recorded", "Female; Male"),
        ("payer", "category", "Primary payer", "; ".join(PAYERS)),
        ("adi_percentile", "int16", "Area Deprivation Index of the home address, national percentile "
         "(higher = more deprived)", "1–100"),
        ("race_ethnicity", "category", "Race/ethnicity AS RECORDED at registration: raw strings, CDC "
         "codes, legacy labels, blanks, Declined, Unknown. Standardize with equitylab.real.standardize.",
         "free text"),
        ("language", "category", "Preferred spoken language AS RECORDED (names, ISO codes, blanks)", "free text"),
        ("interpreter_needed", "bool", "Patient needs an interpreter (derived from preferred language and "
         "English proficiency, IOM 2009 Rec. 4-1)", "True, False"),
    ] + [
        (c, "float64", f"{m['label']}: 1 = yes, 0 = no; NaN outside the denominator ({m['denominator']}). "
         f"{'Higher' if m['higher_is_better'] else 'Lower'} is better.", "0, 1, NaN")
        for c, m in OUTCOMES.items()
    ],
    "workforce": [
        ("staff_id", "int64", "Staff identifier", "≥ 50001"),
        ("role_level", "category (ordered)", "Level held in 2025 (a person promoted in 2025 is counted at the level "
         "they were promoted from)", "; ".join(LEVELS)),
        ("department", "category", "Department", "; ".join(WORK_DEPARTMENTS)),
        ("race_ethnicity", "category", "Self-identified race/ethnicity (2024 SPD 15 categories)", _RACE_CATS),
        ("sex", "category", "Sex", "Female; Male"),
        ("hire_date", "datetime64[ns]", "Date of hire", "2006–2025"),
        ("promotions", "int16", "Promotions since hire (up to 10 years)", "0, 1, 2, …"),
        ("exit_date", "datetime64[ns]", "Date the person left during 2025; NaT if still in post", "2025 or NaT"),
        ("hired_2025", "bool", "Hired during 2025", "True, False"),
        ("promoted_2025", "bool", "Promoted to a higher level during 2025", "True, False"),
        ("exited_2025", "bool", "Left Lakeside during 2025", "True, False"),
        ("active", "bool", "In post at the end of 2025", "True, False"),
    ],
    "community": [
        ("race_ethnicity", "category", "Race/ethnicity (2024 SPD 15 categories)", _RACE_CATS),
        ("language", "object", "Preferred spoken language", "English and others"),
        ("age_band", "category (ordered)", "Age band in years", "; ".join(AGE_BANDS)),
        ("population", "int64", "Residents of the service area in this cell", "≥ 0"),
    ],
    "partners": [
        ("partner", "object", "Community partner organization (invented name)", "text"),
        ("kind", "object", "Kind of organization", "text"),
        ("need", "category", "The social need the partner addresses", "; ".join(NEEDS)),
        ("languages", "object", "Languages its services are offered in, separated by '; '", "text"),
        ("since", "int64", "Year the partnership began", "2015–2022"),
        ("shares_data", "bool", "Exchanges data with Lakeside", "True, False"),
    ],
    "training": [
        ("staff_id", "int64", "Staff identifier (links to workforce())", "≥ 50001"),
        ("role_level", "category (ordered)", "Level in the organization", "Manager; Clinician; Staff"),
        ("department", "category", "Department", "; ".join(WORK_DEPARTMENTS)),
        ("module", "category", "Cultural competence training module", "; ".join(MODULES)),
        ("setting", "category", "Orientation (hired in 2025) or continuing education", "; ".join(SETTINGS)),
        ("assigned_date", "datetime64[ns]", "Date the module was assigned", "2025"),
        ("completed", "bool", "Module completed", "True, False"),
        ("completion_date", "datetime64[ns]", "Date completed; NaT if not completed", "2025 or NaT"),
        ("pre_score", "float64", "Knowledge test score before the module", "0–100"),
        ("post_score", "float64", "Knowledge test score after the module; NaN if not completed", "0–100, NaN"),
        ("confidence_pre", "float64", "Self-rated confidence before (1 = not at all, 5 = very)", "1–5"),
        ("confidence_post", "float64", "Self-rated confidence after; NaN if not completed", "1–5, NaN"),
    ],
    "hospitals": [
        ("hospital_id", "object", "Fictional hospital identifier", "H0001…"),
        ("region", "category", "Census region (invented)", "Northeast; Midwest; South; West"),
        ("beds", "category (ordered)", "Bed-size band (invented)", "<100; 100–299; 300+"),
    ] + [
        (col, "bool", f"{BENCHMARK_MEANINGS[col]}. Edition {edition!r}: {round(n * pct / 100):,} of {n:,} "
         f"hospitals ({100 * round(n * pct / 100) / n:.2f}%), which rounds to the published figure of {pct}% "
         f"({BENCHMARK_SOURCES[edition]})", "True, False")
        for edition, (n, figures) in BENCHMARK_FIGURES.items() for col, pct in figures.items()
    ] + [
        row for edition, (pat, board, execs) in BENCHMARK_DIVERSITY.items() for row in (
            ("patients_minority_pct", "float64", f"Minority share of the hospital's patients (%); edition "
             f"{edition!r}: panel mean {pat}% (published)", "0–100"),
            ("board_minority", "int64", f"Board members who are minorities; edition {edition!r}: {board}% of all "
             "board seats (published)", "0..board_size"),
            ("exec_minority", "int64", f"Executives who are minorities; edition {edition!r}: {execs}% of all "
             "executive positions (published)", "0..exec_size"))
    ] + [
        ("board_size", "int64", "Board seats (invented)", "9–21"),
        ("exec_size", "int64", "Executive positions (invented)", "5–12"),
    ],
}

_GENERATORS = {"encounters": encounters, "workforce": workforce, "community": community, "partners": partners,
               "training": training, "hospitals": hospitals}


def _notes(fn) -> str:
    """The 'Notes' section of a generator's docstring: the patterns built into the data (for faculty)."""
    doc = inspect.getdoc(fn) or ""
    if "Notes\n-----" not in doc:
        return ""
    return doc.split("Notes\n-----", 1)[1].split("Examples\n--------", 1)[0].strip()


def names() -> list[str]:
    """Names of the example datasets."""
    return list(DICTIONARY)


def describe(name: str) -> pd.DataFrame:
    """The data dictionary of an example dataset: ``column``, ``dtype``, ``meaning``, ``allowed``.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    DataFrame
        One row per column. ``attrs["patterns"]`` describes the patterns built into the
        synthetic data (what each session can discover), ``attrs["note"]`` the synthetic label.

    Examples
    --------
    >>> from equitylab.datasets import describe
    >>> describe("encounters").set_index("column").loc["ed_lwbs", "allowed"]
    '0, 1, NaN'
    """
    if isinstance(name, pd.DataFrame):
        raise TypeError("describe() takes a dataset name such as 'encounters'; your own DataFrame "
                        "needs no dictionary from Equity Lab (use df.dtypes).")
    if not isinstance(name, str) or name not in DICTIONARY:
        raise ValueError(f"describe({name!r}): not one of the example datasets: {', '.join(names())}.")
    table = pd.DataFrame(DICTIONARY[name], columns=["column", "dtype", "meaning", "allowed"])
    table.attrs["patterns"] = _notes(_GENERATORS[name])
    table.attrs["synthetic"] = True
    table.attrs["label"] = SYNTHETIC_LABEL
    table.attrs["note"] = f"{name}: SYNTHETIC data — fictional, generated by equitylab.datasets.{name}()."
    return table
