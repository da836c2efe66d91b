"""The mapping file of ``equitylab report``: which columns of a hospital's extract hold what, and local codes.

A mapping is a small YAML file::

    columns:                      # Equity Lab name: your column
      race_ethnicity: RACE_ETH    # one combined column ... or two: race: RACE and ethnicity: ETHNIC
      language: PREF_LANG
      interpreter_needed: INTERP_FLAG
      date: ADMIT_DT              # optional: checked that it parses
    outcomes:                     # measure: your 0/1 column (missing where it does not apply)
      ed_lwbs: LWBS
      readmit_30d: READMIT30
    by: [race_ethnicity, language, interpreter_needed]
    units: FACILITY               # optional: a column of facilities or departments for the funnel plot
    codes:                        # optional: your local codes -> the value standardize() understands
      race_ethnicity: {"01": White, "02": Black or African American}
    min_cell: 11                  # CMS cell-size policy; counts 1-10 are never shown
    allow_unmapped: false         # true: report unmapped REaL values as the group "Unmapped"

``equitylab report --init --data SOURCE`` writes a commented template from a sample of the data.

Example
-------
>>> m = Mapping.from_dict({"columns": {"race_ethnicity": "RACE"}, "outcomes": {"ed_lwbs": "LWBS"}})
>>> m.by, m.source_columns("race_ethnicity")
(['race_ethnicity'], ['RACE'])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from ..data import measures
from ..data import standards as S

__all__ = ["Mapping", "load_mapping", "init_template", "REAL_FIELDS"]

#: REaL dimensions standardized by :func:`equitylab.real.standardize` before grouping.
REAL_FIELDS = ("race_ethnicity", "language")
_KEYS = {"columns", "outcomes", "by", "units", "codes", "min_cell", "allow_unmapped"}
_COLUMN_NAMES = ("race_ethnicity", "race", "ethnicity", "language", "interpreter_needed", "payer", "department",
                 "facility", "date")


def _check_code_targets(codes: dict, where: str) -> None:
    """Every value a raw code is mapped to under ``codes:`` is a standard category (or a non-answer)."""
    import pandas as pd

    from ..data import real

    for dim, table in codes.items():
        if dim not in REAL_FIELDS or table is None:     # an empty section: nothing to map
            continue
        if not isinstance(table, dict):
            example = '{"Blk": "Black or African American"}' if dim == "race_ethnicity" else '{"Span": "Spanish"}'
            raise MappingError(f"{where}: codes: {dim}: must map raw values to categories, e.g. {example}.")
        targets = sorted({str(v) for v in table.values()})
        if not targets:
            continue
        std, _ = real.standardize(pd.Series(targets, dtype=object), dim)
        bad = [t for t, s in zip(targets, std) if s == "Unmapped" and t != "Unmapped"]   # "Unmapped" on purpose: fine
        if bad:
            raise MappingError(f"{where}: codes: {dim}: {bad[0]!r} is not a standard category; map each raw value to "
                               f"one of: {', '.join(real.categories(dim))}.")


class MappingError(ValueError):
    """The mapping file is missing, unreadable or inconsistent."""


@dataclass
class Mapping:
    """Which columns hold what (see the module docstring)."""

    columns: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    by: list = field(default_factory=list)
    units: str | None = None
    codes: dict = field(default_factory=dict)
    min_cell: int = 11
    allow_unmapped: bool = False

    @classmethod
    def from_dict(cls, raw: dict, where: str = "the mapping") -> "Mapping":
        if not isinstance(raw, dict):
            raise MappingError(f"{where} must be a YAML mapping (keys such as columns:, outcomes:, by:), "
                               f"not {type(raw).__name__}.")
        unknown = set(raw) - _KEYS
        if unknown:
            bad = sorted(map(str, unknown))[0]
            hint = get_close_matches(bad, sorted(_KEYS), 1)
            raise MappingError(f"{where}: unknown key {bad!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
                               + f". Keys: {', '.join(sorted(_KEYS))}.")
        for key in ("columns", "outcomes", "codes"):
            if not isinstance(raw.get(key) or {}, dict):
                raise MappingError(f"{where}: {key}: must map names to names, e.g. {key}: {{race_ethnicity: RACE}}.")
        columns = {str(k): str(v) for k, v in (raw.get("columns") or {}).items()}
        outcomes = {str(k): str(v) for k, v in (raw.get("outcomes") or {}).items()}
        by = raw.get("by")
        by = [by] if isinstance(by, str) else list(by) if by else \
            [d for d in ("race_ethnicity", "language", "interpreter_needed") if d in columns or d == "race_ethnicity"]
        if "race" in columns and "ethnicity" in columns and "race_ethnicity" not in columns:
            by = ["race_ethnicity" if b in ("race", "ethnicity") else b for b in by]
            by = list(dict.fromkeys(by))
        min_cell = raw.get("min_cell", 11)
        if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 0:
            raise MappingError(f"{where}: min_cell: {min_cell!r} must be a whole number ≥ 0 (11 follows the CMS "
                               f"cell-size policy).")
        allow = raw.get("allow_unmapped", False)
        if not isinstance(allow, bool):
            raise MappingError(f"{where}: allow_unmapped: must be true or false, not {allow!r}.")
        m = cls(columns, outcomes, [str(b) for b in by], raw.get("units"), raw.get("codes") or {}, min_cell, allow)
        _check_code_targets(m.codes, where)
        for b in m.by:
            if b not in columns and b not in REAL_FIELDS and b not in _COLUMN_NAMES:
                hint = get_close_matches(b, list(columns) + list(_COLUMN_NAMES), 1)
                raise MappingError(f"{where}: by: {b!r} is not a mapped column" +
                                   (f" (did you mean {hint[0]!r}?)" if hint else "") +
                                   "; name it under columns: first.")
        return m

    def source_columns(self, name: str) -> list[str]:
        """The extract's column(s) for an Equity Lab name (two for race_ethnicity as race + ethnicity)."""
        if name == "race_ethnicity" and "race_ethnicity" not in self.columns and \
                "race" in self.columns and "ethnicity" in self.columns:
            return [self.columns["race"], self.columns["ethnicity"]]
        return [self.columns.get(name, name)]

    def outcome_columns(self, available) -> dict:
        """Measure name -> column; without ``outcomes:``, the Equity Lab outcomes present in the data."""
        if self.outcomes:
            return dict(self.outcomes)
        found = {o: o for o in measures.OUTCOMES if o in available}
        if not found:
            raise MappingError("No outcome columns: name them in the mapping (outcomes: {ed_lwbs: YOUR_COLUMN}) or "
                               f"use Equity Lab's names ({', '.join(measures.OUTCOMES)}).")
        return found


def load_mapping(path) -> Mapping:
    """Read and check a mapping file; a clear :class:`MappingError` for each problem."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise MappingError(f"No mapping file at {str(p)!r}. Write one with `equitylab report --init --data SOURCE`.")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise MappingError(f"The mapping file {p.name} is not valid YAML: {str(err).splitlines()[0]}.") from None
    return Mapping.from_dict(raw or {}, where=p.name)


#: Column names hospital extracts commonly use, for the template's first guess (exact, any case).
_ALIASES = {
    "race_ethnicity": ("race_eth", "raceeth", "race_and_ethnicity", "race_ethnicity_combined"),
    "race": ("pt_race", "patient_race"), "ethnicity": ("ethnic", "pt_ethnicity", "patient_ethnicity", "hisp_eth"),
    "language": ("pref_lang", "preferred_language", "primary_language", "lang", "pt_language"),
    "interpreter_needed": ("interp_flag", "interpreter", "interpreter_flag", "need_interpreter", "interp_needed"),
    "payer": ("fin_class", "financial_class", "payor", "insurance", "primary_payer"),
    "department": ("dept", "dept_name", "service_area"), "facility": ("site", "hospital", "campus", "facility_name"),
    "date": ("admit_dt", "admit_date", "encounter_date", "visit_date", "enc_date"),
    "readmit_30d": ("readmit_30", "readmit", "readmission_30d", "readmit30"),
    "hba1c_poor_control": ("a1c_poor", "hba1c_poor", "a1c_gt9", "hba1c_gt9"),
    "crc_screened": ("crc_scrn", "crc_screen", "colorectal_screened"),
    "ed_lwbs": ("lwbs", "left_without_being_seen"), "would_recommend": ("hcahps_rec", "recommend", "hcahps_recommend"),
}


def _guess(columns, name: str, taken: set | None = None):
    """The extract's column for an Equity Lab name: the name itself, a common alias, or a close spelling — never
    a column already guessed for another name."""
    lower = {c.lower(): c for c in columns if not taken or c not in taken}
    for candidate in (name, *_ALIASES.get(name, ())):
        if candidate in lower:
            return lower[candidate]
    hit = get_close_matches(name, list(lower), 1, 0.6)
    return lower[hit[0]] if hit else None


def init_template(columns: list[str], sample, *, source_text: str) -> str:
    """A commented mapping template from the extract's columns and a sample of its rows.

    ``sample`` is a DataFrame of (at most a few thousand) rows; the template lists each distinct raw
    REaL value seen there and what :func:`equitylab.real.standardize` makes of it — no counts.
    """
    import yaml

    from ..data import real

    taken: set = set()
    guess = {}
    for name in _COLUMN_NAMES:     # one column, one name (RACE_ETH is race_ethnicity, not also race)
        guess[name] = _guess(columns, name, taken)
        taken.add(guess[name])
    outs = {}
    for o in measures.OUTCOMES:
        outs[o] = _guess(columns, o, taken)
        taken.add(outs[o])
    lines = [f"# Equity Lab report mapping for {source_text}",
             f"# Written by `equitylab report --init` from a sample of {len(sample):,} rows. Check every line.",
             f"# Columns in the data: {', '.join(columns)}", "", "columns:"]
    for name, col in guess.items():
        lines.append(f"  {name}: {yaml.safe_dump(col).strip().removesuffix('...').strip()}" if col else
                     f"  # {name}: YOUR_COLUMN")
    lines += ["", "outcomes:   # measure: 0/1 column (1 = the event happened; missing where it does not apply)"]
    lines += [f"  {o}: {c}" if c else f"  # {o}: YOUR_COLUMN" for o, c in outs.items()]
    by = [d for d in ("race_ethnicity", "language", "interpreter_needed") if guess.get(d) or
          (d == "race_ethnicity" and guess.get("race"))]
    lines += ["", f"by: [{', '.join(by) or 'race_ethnicity'}]",
              f"units: {guess['facility'] or guess['department'] or 'null   # a facility or department column'}",
              "min_cell: 11          # CMS cell-size policy: counts 1-10 are never shown",
              "allow_unmapped: false # true: report unmapped REaL values as the group 'Unmapped'", "",
              "# Local codes -> a value standardize() understands. Values seen in the sample, and what they",
              "# become today ('unmapped' ones need a line here):", "codes:"]
    for fld in REAL_FIELDS:
        col = guess.get(fld) or (guess.get("race") if fld == "race_ethnicity" else None)
        if not col or col not in sample.columns:
            continue
        values = sample[col].dropna().astype(str).unique()[:200]
        _, report = real.standardize(list(values), fld)
        lines.append(f"  {fld}:")
        for raw, std, status in report[["raw", "standard", "status"]].itertuples(index=False, name=None):
            key = yaml.safe_dump(str(raw)).strip().removesuffix("...").strip()
            lines.append(f"    # {key}: {std}   ({status})" if status != "unmapped" else
                         f"    {key}: {S.UNMAPPED}   # unmapped: write the standard category here")
    return "\n".join(lines) + "\n"
