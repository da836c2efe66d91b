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

A single ``race`` column (no ``ethnicity`` column) is read as ``race_ethnicity``, the combined question.
``equitylab report --init --data SOURCE`` writes a commented template from a sample of the data
(:mod:`equitylab.report.guess`).

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

__all__ = ["Mapping", "load_mapping", "REAL_FIELDS"]

#: REaL dimensions standardized by :func:`equitylab.real.standardize` before grouping.
REAL_FIELDS = ("race_ethnicity", "language")
_KEYS = {"columns", "outcomes", "by", "units", "codes", "min_cell", "allow_unmapped", "reference"}
#: A code target that keeps raw values as a group of their own ("Some other race", "Other"), not "Unmapped".
OTHER = "Other"
_COLUMN_NAMES = ("race_ethnicity", "race", "ethnicity", "language", "interpreter_needed", "payer", "department",
                 "facility", "date")


def _check_code_targets(codes: dict, where: str) -> None:
    """Every value a raw code is mapped to under ``codes:`` is a standard category, a non-answer or ``Other``."""
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
        bad = [t for t, s in zip(targets, std) if s == "Unmapped" and t not in ("Unmapped", OTHER)]  # on purpose
        if bad:
            raise MappingError(f"{where}: codes: {dim}: {bad[0]!r} is not a standard category; map each raw value to "
                               f"one of: {', '.join(real.categories(dim))} (or {OTHER}, a group of its own).")


def _references(raw, where: str) -> dict:
    """``reference:`` as {dimension: group}; a single name applies to every dimension ("*")."""
    import pandas as pd

    from ..data import real

    if raw is None:
        return {}
    table = {"*": raw} if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else raw
    if not isinstance(table, dict):
        raise MappingError(f"{where}: reference: give a group (reference: White) or one per dimension "
                           f"(reference: {{race_ethnicity: White, language: English}}).")
    out = {}
    for dim, group in table.items():
        group = str(group)
        if dim in REAL_FIELDS and group not in ("largest", "best", OTHER):
            std, _ = real.standardize(pd.Series([group], dtype=object), dim)
            if str(std.iloc[0]) in S.NOT_VALID:
                cats = [c for c in real.categories(dim) if c not in S.NOT_VALID]
                raise MappingError(f"{where}: reference: {group!r} is not a {dim} category; choose one of: "
                                   f"{', '.join(cats[:10])}{', ...' if len(cats) > 10 else ''}.")
            group = str(std.iloc[0])
        out[str(dim)] = group
    return out


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
    reference: dict = field(default_factory=dict)

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
        codes = dict(raw.get("codes") or {})
        if "race" in columns and "ethnicity" not in columns and "race_ethnicity" not in columns:
            columns["race_ethnicity"] = columns.pop("race")     # one race column: the combined question
            by = ["race_ethnicity" if b == "race" else b for b in ([by] if isinstance(by, str) else by or [])]
            if "race" in codes and "race_ethnicity" not in codes:
                codes["race_ethnicity"] = codes.pop("race")
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
        m = cls(columns, outcomes, [str(b) for b in by], raw.get("units"), codes, min_cell, allow,
                _references(raw.get("reference"), where))
        _check_code_targets(m.codes, where)
        for b in m.by:
            if b not in columns and b not in REAL_FIELDS and b not in _COLUMN_NAMES:
                hint = get_close_matches(b, list(columns) + list(_COLUMN_NAMES), 1)
                raise MappingError(f"{where}: by: {b!r} is not a mapped column" +
                                   (f" (did you mean {hint[0]!r}?)" if hint else "") +
                                   "; name it under columns: first.")
        return m

    def with_reference(self, reference, where: str = "--reference") -> "Mapping":
        """A copy whose reference groups are also ``reference`` (a group, or {dimension: group})."""
        from dataclasses import replace

        return replace(self, reference={**self.reference, **_references(reference, where)})

    def reference_for(self, dim: str):
        """The reference group chosen for ``dim`` (``reference:`` or ``--reference``), or None: the largest."""
        if dim in self.reference or "*" not in self.reference:
            return self.reference.get(dim)
        group = self.reference["*"]
        if dim in REAL_FIELDS and group not in ("largest", "best", OTHER):   # "Caucasian" is White
            try:
                return _references({dim: group}, "reference")[dim]
            except MappingError:
                return group
        return group

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
                               f"use Equity Lab's names ({', '.join(measures.OUTCOMES)}); `equitylab report --init --data "
                               f"SOURCE` writes a mapping to start from.")
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
