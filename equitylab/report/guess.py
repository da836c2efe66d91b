"""``equitylab report --init``: a mapping template that guesses only what is nearly certain.

Each guessed line says how sure it is, in a comment: **sure** (the column has Equity Lab's name,
any case or separators) or **likely** (a name hospital extracts commonly use for it), and what the
sampled values showed. A guess is written only when the values agree — an outcome holds 0/1, a
unit column a manageable number of groups, an interpreter flag yes/no values. Everything else is
left commented out: columns whose values look like race/ethnicity or language categories, 0/1
columns that could be a measure, other columns to group by. No close spellings are guessed
(``family`` is not ``facility``, ``insurance`` is not ``race``): a mapping written here either runs
and says what the data say, or stops with a message naming the line to fix.

Example
-------
>>> import pandas as pd
>>> sample = pd.DataFrame({"Race": ["White", "Asian"], "family": [3, 4], "readmit30": [0, 1]})
>>> text = init_template(list(sample.columns), sample, source_text="x.csv")
>>> "race_ethnicity: Race" in text, "facility: family" in text, "readmit_30d: readmit30" in text
(True, False, True)
"""
from __future__ import annotations

import re

import pandas as pd

from ..data import measures
from ..data import standards as S
from .mapping import REAL_FIELDS

__all__ = ["init_template"]

#: Names hospital extracts commonly use for each Equity Lab name (compared without case or separators).
_ALIASES = {
    "race_ethnicity": ("race_eth", "raceeth", "race_and_ethnicity", "race_ethnicity_combined", "race_ethnicity_cd"),
    "race": ("pt_race", "patient_race", "race_cd", "race_code", "race_desc", "race_description"),
    "ethnicity": ("ethnic", "pt_ethnicity", "patient_ethnicity", "hisp_eth", "ethnicity_cd", "hispanic_ethnicity"),
    "language": ("pref_lang", "preferred_language", "primary_language", "lang", "pt_language", "patient_language"),
    "interpreter_needed": ("interp_flag", "interpreter", "interpreter_flag", "need_interpreter", "interp_needed",
                           "interpreter_required"),
    "payer": ("fin_class", "financial_class", "payor", "insurance", "primary_payer", "payer_type", "insurance_type"),
    "department": ("dept", "dept_name", "department_name", "service_area"),
    "facility": ("site", "hospital", "campus", "facility_name", "hospital_name", "site_name"),
    "date": ("admit_dt", "admit_date", "encounter_date", "visit_date", "enc_date", "admission_date"),
    "readmit_30d": ("readmit_30", "readmit", "readmission_30d", "readmit30", "readmitted_30d"),
    "hba1c_poor_control": ("a1c_poor", "hba1c_poor", "a1c_gt9", "hba1c_gt9"),
    "crc_screened": ("crc_scrn", "crc_screen", "colorectal_screened"),
    "ed_lwbs": ("lwbs", "left_without_being_seen"), "would_recommend": ("hcahps_rec", "recommend", "hcahps_recommend"),
}
_COLUMN_NAMES = ("race_ethnicity", "race", "ethnicity", "language", "interpreter_needed", "payer", "department",
                 "facility", "date")
_YES_NO = {"0", "1", "0.0", "1.0", "y", "n", "yes", "no", "true", "false", "t", "f"}
_OTHER = {"other", "other race", "some other race", "someotherrace", "other/unknown race"}
_MAX_UNITS = 500


def _norm(name) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _by_name(columns, name: str, taken: set):
    """(column, "sure" | "likely", why) when a column's name says what it holds, else None."""
    free = {}
    for c in columns:
        if c not in taken:
            free.setdefault(_norm(c), c)
    if _norm(name) in free:
        return free[_norm(name)], "sure", "the column has this name"
    for alias in _ALIASES.get(name, ()):
        if _norm(alias) in free:
            return free[_norm(alias)], "likely", f"{free[_norm(alias)]!r} is a common extract name for it"
    return None


def _present(sample: pd.DataFrame, col: str) -> pd.Series:
    s = sample[col] if col in sample.columns else pd.Series([], dtype=object)
    s = s[s.notna()]
    return s[s.astype(str).str.strip() != ""]


def _zero_one(values: pd.Series) -> bool:
    if values.dtype == bool or str(values.dtype) == "boolean":
        return True
    if not pd.api.types.is_numeric_dtype(values):
        return False
    return bool(values.isin([0, 1]).all())


def _real_share(values: pd.Series, field: str) -> float:
    """The share of sampled rows whose value standardize() maps to a category or a non-answer."""
    from ..data import real

    counts = values.astype(str).value_counts().head(200)
    std, _ = real.standardize(pd.Series(counts.index, dtype=object), field)
    mapped = counts.to_numpy()[(std.astype(str) != S.UNMAPPED).to_numpy()].sum()
    return float(mapped / counts.sum()) if counts.sum() else 0.0


def _values_say(name: str, values: pd.Series, n_sample: int):
    """(whether the sampled values fit the name, a few words about them)."""
    if len(values) == 0:
        return True, f"empty in the {n_sample:,} sampled rows: checked over every row when the report runs"
    examples = ", ".join(map(repr, pd.unique(values.astype(str))[:3]))
    if name in measures.OUTCOMES:
        return (True, "values 0/1") if _zero_one(values) else \
            (False, f"values are not 0/1 (e.g. {examples}): recode them 0/1 (1 = the event happened) first")
    if name == "interpreter_needed":
        ok = set(values.astype(str).str.strip().str.lower()) <= _YES_NO
        return (True, "yes/no values") if ok else (False, f"values are not yes/no (e.g. {examples})")
    if name in ("facility", "department"):
        k = values.nunique()
        if _zero_one(values):
            return False, "values are 0/1, not units"
        return (k <= _MAX_UNITS, f"{k:,} distinct values in the sample")
    if name == "payer" and _zero_one(values):
        return False, "values are 0/1 (insured or not?), not payers"
    if name in ("race_ethnicity", "race", "ethnicity", "language"):
        field = "language" if name == "language" else "race_ethnicity" if name == "race_ethnicity" else name
        share = _real_share(values, field)
        return True, f"{share:.0%} of sampled values are standard categories" + \
            ("; map the rest under codes: below" if share < 1 else "")
    return True, ""


def _line(key: str, col, sure: str, note: str, indent: str = "  ") -> str:
    value = _yaml(col)
    return f"{indent}{key}: {value}   # {sure}: {note}" if sure else f"{indent}# {key}: {value}   # {note}"


def _yaml(value) -> str:
    import yaml

    return yaml.safe_dump(str(value), width=10_000).strip().removesuffix("...").strip()


def _guess_by_name(names, columns, sample, taken: set) -> tuple[dict, list[str]]:
    """For each Equity Lab name: the column its name matches when the sampled values agree (else a comment)."""
    found, lines = {}, []
    for name in names:
        hit = _by_name(columns, name, taken)
        if hit is None:
            lines.append(f"  # {name}: YOUR_COLUMN")
            continue
        col, sure, why = hit
        ok, note = _values_say(name, _present(sample, col), len(sample))
        taken.add(col)
        if ok:
            found[name] = col
        lines.append(_line(name, col, sure if ok else "", f"{why}; {note}" if note else why))
    return found, lines


def _column_guesses(columns, sample, taken: set) -> tuple[dict, list[str]]:
    """Equity Lab name -> column for the sure and likely guesses; the template lines of columns:."""
    found, lines = _guess_by_name(_COLUMN_NAMES, columns, sample, taken)
    if "race" in found and "ethnicity" not in found and "race_ethnicity" not in found:
        col = found.pop("race")     # a single race column is the race-and-ethnicity question
        found["race_ethnicity"] = col
        _, note = _values_say("race_ethnicity", _present(sample, col), len(sample))
        lines = [_line("race_ethnicity", col, "likely", f"the only race column (no ethnicity column): read as the "
                       f"combined race and ethnicity question; {note}")
                 if ln.startswith("  race:") else ln for ln in lines if ln != "  # race_ethnicity: YOUR_COLUMN"]
    for fld in REAL_FIELDS:         # columns whose values, not names, look like the field
        if fld in found or (fld == "race_ethnicity" and "race" in found):
            continue
        for col in columns:
            values = _present(sample, col)
            if col in taken or len(values) == 0 or pd.api.types.is_numeric_dtype(values) or values.nunique() < 2:
                continue
            share = _real_share(values, fld)
            if share >= 0.8:
                lines.append(_line(fld, col, "", f"possible: {share:.0%} of its sampled values are {fld} "
                                                 f"categories; uncomment if this is the column"))
                break
    return found, lines


def _outcome_guesses(columns, sample, taken: set) -> tuple[dict, list[str]]:
    found, lines = _guess_by_name(measures.OUTCOMES, columns, sample, taken)
    others = [c for c in columns if c not in taken and len(_present(sample, c)) and _zero_one(_present(sample, c))]
    if others:
        lines.append(f"  # Other 0/1 columns (a measure, or a flag to group by — you decide): {', '.join(others)}")
        lines.append("  # A measure of your own: YOUR_NAME: COLUMN (1 = the event happened; missing where it does "
                     "not apply)")
    return found, lines


def _code_lines(found: dict, sample) -> list[str]:
    from ..data import real

    lines = []
    for fld in REAL_FIELDS:
        col = found.get(fld) or (found.get("race") if fld == "race_ethnicity" else None)
        if not col or col not in sample.columns:
            continue
        values = sample[col].dropna().astype(str).unique()[:200]
        _, report = real.standardize(list(values), fld)
        lines.append(f"  {fld}:")
        for raw, std, status in report[["raw", "standard", "status"]].itertuples(index=False, name=None):
            key = _yaml(raw)
            if status != "unmapped":
                lines.append(f"    # {key}: {std}   ({status})")
            elif str(raw).strip().lower() in _OTHER:
                lines.append(f"    {key}: Other   # kept as a group of its own; write a standard category if it "
                             f"stands for one")
            else:
                lines.append(f"    {key}: {S.UNMAPPED}   # unmapped: write the standard category here")
    return lines


def init_template(columns: list[str], sample: pd.DataFrame, *, source_text: str) -> str:
    """A commented mapping template from the extract's columns and a sample of its rows.

    ``sample`` is a DataFrame of (at most a few thousand) rows; the template lists each distinct raw
    REaL value seen there and what :func:`equitylab.real.standardize` makes of it — no counts.
    """
    taken: set = set()
    found, col_lines = _column_guesses(columns, sample, taken)
    outs, out_lines = _outcome_guesses(columns, sample, taken)
    by = [d for d in ("race_ethnicity", "language", "interpreter_needed") if d in found or
          (d == "race_ethnicity" and "race" in found and "ethnicity" in found)]
    units = found.get("facility") or found.get("department")
    rest = [c for c in columns if c not in taken and not _zero_one(_present(sample, c))
            and 2 <= _present(sample, c).nunique() <= 50]
    lines = [f"# Equity Lab report mapping for {source_text}",
             f"# Written by `equitylab report --init` from a sample of {len(sample):,} rows. Check every line.",
             "# Guessed lines say how sure they are: 'sure' = the column has Equity Lab's name; 'likely' = a name",
             "# extracts commonly use for it. Lines left commented out were not guessed: uncomment and fill them.",
             f"# Columns in the data: {', '.join(map(str, columns))}", "", "columns:", *col_lines]
    lines += ["", "outcomes:   # measure: 0/1 column (1 = the event happened; missing where it does not apply)",
              *out_lines]
    if not outs:
        lines.append("  # No outcome recognised: name at least one 0/1 column here.")
    lines += ["", f"by: [{', '.join(by)}]" + ("" if by else "   # no grouping column recognised: map one under "
                                                           "columns: and name it here")]
    if rest:
        lines.append(f"# Other columns you could group by (add them under columns: first): {', '.join(rest)}")
    lines += [f"units: {_yaml(units)}   # likely: the {'facility' if found.get('facility') else 'department'} "
              f"column (one funnel plot per outcome)" if units else
              "# units: YOUR_COLUMN   # a facility or department column, for the funnel plots",
              "# reference: {race_ethnicity: White}   # the comparison group; default: the largest group",
              "min_cell: 11          # CMS cell-size policy: counts 1-10 are never shown",
              "allow_unmapped: false # true: report unmapped REaL values as the group 'Unmapped'", "",
              "# Local codes -> a value standardize() understands (or Other: a group of its own). Values seen in",
              "# the sample, and what they become today ('unmapped' ones need a line here):", "codes:",
              *_code_lines(found, sample)]
    return "\n".join(lines) + "\n"
