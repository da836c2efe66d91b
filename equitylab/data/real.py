"""Race, ethnicity and language (REaL) data: standardize raw registration values and audit completeness.

Registration systems record race, ethnicity and language as free text, legacy labels,
abbreviations and codes. :func:`standardize` maps them to the standard categories in
:mod:`equitylab.standards` and says what it did with every distinct raw value;
:func:`audit` measures how complete the fields are at each registration point.

Nothing is guessed and nothing is dropped: a value that cannot be mapped becomes
``"Unmapped"`` and is listed in the report; blanks, "Unknown" and "Declined" stay
distinct from each other.

Example
-------
>>> import equitylab as el
>>> values, report = el.real.standardize(["White", "2054-5", "declined", "Other"], "race_ethnicity")
>>> list(values)
['White', 'Black or African American', 'Declined', 'Unmapped']
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from . import standards as S
from .._validate import require_columns
from .safefiles import label_change
from .suppression import check_min_cell, suppress

__all__ = ["standardize", "selections", "alone_or_in_combination", "audit", "categories"]

STATUS_MAPPED = "mapped"
STATUS_TRUNCATED = "mapped (truncated)"  # cut short by a registration field length; the prefix is unambiguous
STATUS_NONANSWER = "non-answer"
STATUS_UNMAPPED = "unmapped"
STATUSES = (STATUS_MAPPED, STATUS_TRUNCATED, STATUS_NONANSWER, STATUS_UNMAPPED)
#: A truncated value maps only when at least this many characters are left.
TRUNCATED_MIN_CHARS = 6

_CATEGORIES = {
    "race_ethnicity": S.RACE_ETHNICITY_CATEGORIES,
    "race": S.RACE_CATEGORIES,
    "ethnicity": S.ETHNICITY_CATEGORIES,
    "language": S.LANGUAGE_CATEGORIES,
}
_CDC_RE = re.compile(r"^\d{4}-\d$")
_SPLIT_RE = re.compile("|".join(re.escape(s) for s in S.MULTI_SEPARATORS))


def categories(field: str) -> tuple[str, ...]:
    """The output categories of :func:`standardize` for ``field``, in display order."""
    _check_field(field)
    return _CATEGORIES[field]


def _check_field(field: str) -> None:
    if field not in _CATEGORIES:
        raise ValueError(
            f"field={field!r} is not a REaL field. Use one of {', '.join(map(repr, S.FIELDS))}."
        )


def _key(text: str) -> str:
    """Lower-case, strip accents of spacing and punctuation: 'Black/African-American ' -> 'black african american'."""
    return " ".join(re.sub(r"[^0-9a-zà-ÿ]+", " ", unicodedata.normalize("NFC", text).lower()).split())


# Lookup tables built once from the standards module.
_NONANSWER = {}
for _v in S.DECLINED_VALUES:
    _NONANSWER[_key(_v)] = S.DECLINED
for _v in S.UNKNOWN_VALUES:
    _NONANSWER[_key(_v)] = S.UNKNOWN
for _v in S.MISSING_VALUES:
    _NONANSWER[_key(_v)] = S.MISSING

_RACE_TERMS: dict[str, str] = {_key(k): v for k, v in S.SYNONYMS.items()}
for _cat in S.SPD15_2024 + S.RACE_1997 + S.ETHNICITY_1997 + (S.MULTIPLE,):
    _RACE_TERMS[_key(_cat)] = _cat  # standard labels map to themselves: standardize is idempotent
for _cat, _details in S.DETAILED.items():
    for _d in _details:
        _RACE_TERMS[_key(_d)] = _cat

def _code_term(row: dict) -> str:
    """The category a code-set concept stands for in a raw value ("" for 2131-1 Other Race: never guessed)."""
    return row["category_2024"] or row["category_1997"]  # 2186-5: Not Hispanic or Latino (1997 ethnicity)


# The whole CDC Race & Ethnicity code set: every code, and every display name that names one category.
_CODE_TERMS = {r["code"]: _code_term(r) for r in S.CDC_RACE_ETHNICITY if _code_term(r)}
_DISPLAYS: dict[str, dict[str, list[str]]] = {}
for _r in S.CDC_RACE_ETHNICITY:
    if _code_term(_r):
        _DISPLAYS.setdefault(_key(_r["display"]), {}).setdefault(_code_term(_r), []).append(_r["code"])
#: Display names the code set gives to concepts under two categories (and no rule above settles):
#: reported as unmapped with the reason, never guessed.
_AMBIGUOUS: dict[str, str] = {}
for _k, _cats in _DISPLAYS.items():
    if _k in _RACE_TERMS:              # synonyms and the notice's examples keep their meaning ("Dominican")
        continue
    if len(_cats) == 1:
        _RACE_TERMS[_k] = next(iter(_cats))
    else:
        _AMBIGUOUS[_k] = ("ambiguous: the CDC Race & Ethnicity code set has this name under " + " and ".join(
            f"{cat} ({', '.join(codes)})" for cat, codes in _cats.items()) + "; record the code instead")
_PREFIX_TERMS = {**_RACE_TERMS, **dict.fromkeys(_AMBIGUOUS)}  # a cut ambiguous name is ambiguous too
_ETHNICITY_ONLY = {"no": S.NOT_HISPANIC, "n": S.NOT_HISPANIC, "yes": S.HISPANIC, "y": S.HISPANIC}
_RACE_ONLY_LETTERS = {"w", "b", "a", "i", "p", "m", "h"}

_LANG_TERMS: dict[str, str] = {}
for _name, _code in S.LANGUAGES.items():
    _LANG_TERMS[_key(_name)] = _name
    _LANG_TERMS[_code] = _name
for _syn, _name in S.LANGUAGE_SYNONYMS.items():
    _LANG_TERMS[_key(_syn)] = _name


def _term(token: str, field: str) -> str | None:
    """Map one token (a single selection) to a category, or None."""
    t = token.strip()
    if _CDC_RE.match(t):
        return _CODE_TERMS.get(t)
    k = _key(t)
    if field == "ethnicity" and k in _ETHNICITY_ONLY:
        return _ETHNICITY_ONLY[k]
    if field != "ethnicity" and k in {"no", "n", "yes", "y"}:
        return None
    if field == "ethnicity" and k in _RACE_ONLY_LETTERS:
        return None
    return _RACE_TERMS.get(k)


@lru_cache(maxsize=100_000)
def _parse(raw: str | None, field: str) -> tuple[str, str, frozenset]:
    """One distinct raw value -> (standard value, status, selected minimum categories)."""
    if raw is None:
        return S.MISSING, STATUS_NONANSWER, frozenset()
    text = str(raw)
    k = _key(text)
    if k in _NONANSWER or not k:
        return _NONANSWER.get(k, S.MISSING), STATUS_NONANSWER, frozenset()

    if field == "language":
        name = _LANG_TERMS.get(k)
        if name is None:
            return _truncated(k, _LANG_TERMS, field)
        return name, STATUS_MAPPED, frozenset({name})

    whole = _term(text, field)
    if whole is not None:
        parts = [whole]
    else:
        tokens = [t for t in _SPLIT_RE.split(text) if t.strip()]
        if len(tokens) < 2:
            return _truncated(k, _PREFIX_TERMS, field)
        parts = []
        for tok in tokens:
            kk = _key(tok)
            if kk in _NONANSWER:       # "Unknown / Hispanic": a legacy two-question record
                continue
            mapped = _term(tok, field)
            if mapped is None:         # one part we cannot read: do not guess the rest
                return S.UNMAPPED, STATUS_UNMAPPED, frozenset()
            parts.append(mapped)
    return _combine(parts, field)


_SORTED: dict[int, list[str]] = {id(d): sorted(d) for d in (_LANG_TERMS, _PREFIX_TERMS)}


def _starting_with(k: str, terms: dict) -> list[str]:
    """The keys of ``terms`` (one of the lookup tables above) that begin with ``k``, found by bisection."""
    keys = _SORTED[id(terms)]
    return keys[bisect_left(keys, k):bisect_left(keys, k + "\U0010ffff")]


def _truncated(k: str, terms: dict, field: str) -> tuple[str, str, frozenset]:
    """A value cut short by a field length ("Native Hawaiian or Other Pac") maps when every known term it
    begins maps to the same category; otherwise (under ``TRUNCATED_MIN_CHARS``, or a single whole word
    such as "American") it stays unmapped."""
    starting = _starting_with(k, terms)
    whole_word = " " not in k and all(t[len(k):len(k) + 1] in ("", " ") for t in starting)
    if len(k) >= TRUNCATED_MIN_CHARS and not whole_word:  # "American" is a word, not a cut "American Indian"
        hits = {terms[t] for t in starting}
        if len(hits) == 1 and None not in hits:
            std, status, cats = _combine(list(hits), field) if field != "language" else \
                (next(iter(hits)), STATUS_MAPPED, frozenset(hits))
            if status == STATUS_MAPPED:
                return std, STATUS_TRUNCATED, cats
    return S.UNMAPPED, STATUS_UNMAPPED, frozenset()


def _reason(raw, field: str) -> str:
    """Why an unmapped value was not mapped, where there is more to say than "not a standard value"."""
    if raw is None or field == "language":
        return ""
    keys = [_key(str(raw))] + [_key(t) for t in _SPLIT_RE.split(str(raw))]
    found = next((_AMBIGUOUS[k] for k in keys if k in _AMBIGUOUS), "")
    if not found and len(keys[0]) >= TRUNCATED_MIN_CHARS:  # "Central American Ind": cut short, and still ambiguous
        found = next((f"may be cut short from a name that is {_AMBIGUOUS[k]}" for k in _AMBIGUOUS
                      if k.startswith(keys[0])), "")
    return found


def _combine(parts: Sequence[str], field: str) -> tuple[str, str, frozenset]:
    if field == "ethnicity":
        kinds = set(parts)
        if kinds <= {S.HISPANIC, S.NOT_HISPANIC} and len(kinds) == 1:
            return parts[0], STATUS_MAPPED, frozenset(kinds)
        return S.UNMAPPED, STATUS_UNMAPPED, frozenset()

    chosen: set[str] = set()
    multiple_flag = False
    for p in parts:
        if p == S.NOT_HISPANIC:        # ethnicity half of a two-question record: no race info
            continue
        if p == S.MULTIPLE:
            multiple_flag = True
            continue
        if field == "race_ethnicity":
            chosen.add(S.NHPI if p == S.NHOPI_1997 else p)
        else:  # 1997 race question
            if p == S.HISPANIC:        # an ethnicity, not a race, under the 1997 standard
                return S.UNMAPPED, STATUS_UNMAPPED, frozenset()
            # 1997 standard: White includes origins in the Middle East and North Africa.
            chosen.add({S.NHPI: S.NHOPI_1997, S.MENA: S.WHITE}.get(p, p))
    if not chosen:
        if multiple_flag:
            return S.MULTIPLE, STATUS_MAPPED, frozenset()
        return S.UNKNOWN, STATUS_NONANSWER, frozenset()
    if len(chosen) == 1 and not multiple_flag:
        (only,) = chosen
        return only, STATUS_MAPPED, frozenset(chosen)
    return S.MULTIPLE, STATUS_MAPPED, frozenset(chosen)


def _check_values(values) -> None:
    """Refuse what is not a column of values: one string (it would be read letter by letter), a scalar, a table."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"standardize() takes a column of values (a Series or list), not one text {values[:40]!r}: "
                        "pass df['race_ethnicity'], or a list such as [" + repr(values[:40]) + "] for one value.")
    if isinstance(values, dict) or not hasattr(values, "__iter__"):
        raise TypeError(f"standardize() takes a column of values (a Series or list), not a {type(values).__name__}.")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise TypeError(f"standardize() takes one column; this array has shape {values.shape}. Pass one column.")
    if isinstance(values, (list, tuple)) and any(isinstance(v, (list, tuple, set, dict)) for v in values):
        bad = next(v for v in values if isinstance(v, (list, tuple, set, dict)))
        raise TypeError(f"standardize() takes one value per row, but got a list of lists (e.g. {str(bad)[:60]}): pass "
                        f"a flat list or a Series; several selections of one person go in one text, "
                        f"e.g. 'White; Asian'.")


def _factorize(values) -> tuple[pd.Series, np.ndarray, list]:
    """Return (series, integer codes with -1 for missing, list of distinct raw values)."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            "standardize() takes one column (a Series or list), not a DataFrame. "
            "Pass df['race_ethnicity'], for example."
        )
    s = values if isinstance(values, pd.Series) else pd.Series(list(values) if not isinstance(values, np.ndarray) else values)
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s, s.cat.codes.to_numpy(), list(s.cat.categories)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return s, codes, list(uniques)


def standardize(values, field: str) -> tuple[pd.Series, pd.DataFrame]:
    """Map raw REaL values to the standard categories, with a report of every mapping.

    Parameters
    ----------
    values : Series or sequence
        Raw values as recorded (strings, codes, blanks). Case, spacing, punctuation,
        abbreviations ("W", "AI/AN"), legacy labels ("Caucasian"), detailed categories
        ("Vietnamese" -> Asian), every code and display name of the CDC Race & Ethnicity
        code set ("2106-3", "Navajo", "Hmong", "Puerto Rican", "2118-8"; shipped as
        :data:`equitylab.standards.CDC_RACE_ETHNICITY`) and multiple selections
        ("White; Asian", "2106-3|2054-5") are understood.
    field : {"race_ethnicity", "race", "ethnicity", "language"}
        ``"race_ethnicity"`` is the 2024 SPD 15 combined question (seven minimum
        categories, two or more selections -> ``"Multiple categories"``);
        ``"race"`` and ``"ethnicity"`` are the two questions of the 1997 standard
        (legacy data); ``"language"`` is the preferred spoken language.

    Returns
    -------
    standardized : Series (categorical)
        Same length and index as ``values``. Non-answers stay distinct:
        ``"Declined"``, ``"Unknown"``, ``"Missing"`` (blank / never asked), and
        ``"Unmapped"`` for recorded values that are not a standard category.
    report : DataFrame
        One row per distinct raw value: ``raw``, ``standard``, ``count``, ``status``
        (``mapped`` / ``mapped (truncated)`` / ``non-answer`` / ``unmapped``) and ``reason``
        (why an unmapped value was not guessed, e.g. a display name the code set has under
        two categories; for a mapped value, what was cleaned in it: "composed (NFC)", "invisible or bidi
        control characters removed"; ``""`` otherwise), most frequent first within status.
        ``report["count"].sum() == len(values)``.

    Notes
    -----
    A multiple selection is mapped only if every part can be read; one unreadable part
    makes the whole value unmapped (never a guess). Under the 1997 race question,
    Middle Eastern or North African origins are counted as White and "Hispanic" is not
    a race (unmapped), as the 1997 standard defines. A display name that the CDC code set
    has under two minimum categories ("Central American Indian": American Indian or Alaska
    Native 1070-2, Hispanic or Latino 2162-6) is unmapped with that ``reason``.

    Examples
    --------
    >>> from equitylab.real import standardize
    >>> std, report = standardize(["W", "Vietnamese", "White; Asian", "", "ASKU"], "race_ethnicity")
    >>> list(std)
    ['White', 'Asian', 'Multiple categories', 'Missing', 'Unknown']
    """
    _check_field(field)
    _check_values(values)
    s, codes, uniques = _factorize(values)
    parsed = [_parse(u if not (isinstance(u, float) and np.isnan(u)) else None, field) for u in uniques]
    cats = _CATEGORIES[field]
    cat_index = {c: i for i, c in enumerate(cats)}
    lookup = np.array([cat_index[p[0]] for p in parsed] + [cat_index[S.MISSING]], dtype=np.int16)
    out_codes = lookup[codes]  # code -1 picks the last entry: Missing
    standardized = pd.Series(
        pd.Categorical.from_codes(out_codes, categories=list(cats)), index=s.index, name=s.name
    )

    counts = np.bincount(codes + 1, minlength=len(uniques) + 1)
    rows = [
        {"raw": u, "standard": p[0], "count": int(c), "status": p[1],
         "reason": _reason(u, field) if p[1] == STATUS_UNMAPPED else label_change(u)}
        for u, p, c in zip(uniques, parsed, counts[1:])
        if c > 0
    ]
    if counts[0]:
        rows.append({"raw": None, "standard": S.MISSING, "count": int(counts[0]), "status": STATUS_NONANSWER,
                     "reason": ""})
    report = pd.DataFrame(rows, columns=["raw", "standard", "count", "status", "reason"])
    report["status"] = pd.Categorical(report["status"], categories=list(STATUSES))
    report = report.sort_values(["status", "count"], ascending=[True, False], kind="stable").reset_index(drop=True)
    report.attrs["field"] = field
    return standardized, report


def selections(values, field: str = "race_ethnicity") -> pd.DataFrame:
    """One boolean column per minimum category: did the person select it (alone or with others)?

    A person who selected White and Asian is ``True`` in both columns. Non-answers and
    unmapped values are ``False`` everywhere. Same index as ``values``.

    Examples
    --------
    >>> from equitylab.real import selections
    >>> int(selections(["White; Asian", "Asian"]).sum()["Asian"])
    2
    """
    if field not in ("race_ethnicity", "race"):
        raise ValueError("selections() applies to field='race_ethnicity' or 'race'.")
    s, codes, uniques = _factorize(values)
    cats = S.SPD15_2024 if field == "race_ethnicity" else S.RACE_1997
    parsed = [_parse(u if not (isinstance(u, float) and np.isnan(u)) else None, field) for u in uniques]
    table = np.zeros((len(uniques) + 1, len(cats)), dtype=bool)
    for i, p in enumerate(parsed):
        for j, c in enumerate(cats):
            table[i, j] = c in p[2]
    return pd.DataFrame(table[codes], index=s.index, columns=list(cats))


def alone_or_in_combination(values, field: str = "race_ethnicity") -> pd.DataFrame:
    """Counts per minimum category: alone, in combination, and alone or in combination.

    The "alone or in combination" total counts everyone who selected the category, so
    the totals add up to more than the number of people when some selected several.

    Examples
    --------
    >>> from equitylab.real import alone_or_in_combination
    >>> alone_or_in_combination(["White; Asian", "Asian", "White"]).loc["Asian", "alone_or_in_combination"].item()
    2
    """
    sel = selections(values, field)
    k = sel.sum(axis=1)
    alone = sel[k == 1].sum()
    combo = sel[k > 1].sum()
    return pd.DataFrame(
        {"alone": alone, "in_combination": combo, "alone_or_in_combination": alone + combo}
    ).rename_axis("category")


def audit(df: pd.DataFrame, by: str | Sequence[str], *, fields: Iterable[str] = ("race_ethnicity", "language"),
          min_cell: int = 11) -> pd.DataFrame:
    """Completeness of REaL fields by a grouping column (e.g. the registration point).

    Each raw field is standardized and every row is counted as exactly one of
    ``valid``, ``declined``, ``unknown``, ``missing`` (blank / never asked) or
    ``unmapped`` (recorded but not a standard value).

    Parameters
    ----------
    df : DataFrame
        Rows as registered (one per encounter or patient).
    by : str or list of str
        Grouping column(s), e.g. ``"department"``.
    fields : iterable of str
        REaL columns to audit. Each must be a column of ``df`` whose name is, or
        contains, a REaL field name (``race_ethnicity``, ``race``, ``ethnicity``,
        ``language``), so the right standard is applied.
    min_cell : int, default 11
        The disclosure-control rule of :mod:`equitylab.privacy` (CMS cell-size policy):
        no count from 1 to ``min_cell − 1`` — of a group, or of a status within a group —
        can be read, or worked out from ``n`` × a share, a group's ``n`` or a column's
        total. A small group hides its ``n`` and shares; a small status count hides its
        share, and complementary suppression hides the next smallest share of the same
        group and of the same status column (and the next smallest group). ``0`` turns
        suppression off.

    Returns
    -------
    DataFrame
        One row per group and field: the ``by`` column(s), ``field``, ``n``, the
        share of each status (``valid``, ``declined``, ``unknown``, ``missing``,
        ``unmapped``, summing to 1; ``NaN`` where hidden) and ``suppressed`` (some share
        of the row is hidden; ``n`` is ``<NA>`` when the group's size is). Draw it with
        :func:`equitylab.plots.completeness`.

    Examples
    --------
    >>> import equitylab as el
    >>> enc = el.datasets.encounters(n=2_000)
    >>> table = el.real.audit(enc, by="department")
    >>> sorted(table.columns)[:3]
    ['declined', 'department', 'field']
    """
    by = [by] if isinstance(by, str) else list(by)
    fields = [fields] if isinstance(fields, str) else list(fields)
    min_cell = check_min_cell(min_cell, "audit(): min_cell")
    require_columns(df, by + fields, what="audit()")
    if len(df) == 0:
        raise ValueError("audit() got an empty DataFrame: there are no registrations to audit.")
    out = []
    keys = [df[b].astype(object).where(df[b].notna(), S.MISSING) for b in by]
    for col in fields:
        field = _field_for_column(col)
        std, _ = standardize(df[col], field)
        status = pd.Series(
            np.select(
                [std == S.DECLINED, std == S.UNKNOWN, std == S.MISSING, std == S.UNMAPPED],
                ["declined", "unknown", "missing", "unmapped"],
                default="valid",
            ),
            index=df.index,
        )
        counts = pd.crosstab(keys, status).reindex(columns=list(AUDIT_STATUSES), fill_value=0)
        counts.insert(0, "field", col)
        out.append(counts.reset_index())
    table = pd.concat(out, ignore_index=True)
    table.columns = by + ["field"] + list(AUDIT_STATUSES)
    counts = table[list(AUDIT_STATUSES)].to_numpy(dtype=np.int64)
    n = counts.sum(axis=1)
    hide_n, hide_cell = _audit_hidden(table["field"].to_numpy(), counts, min_cell)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / n[:, None]
    table[list(AUDIT_STATUSES)] = np.where(hide_cell, np.nan, shares)
    table.insert(len(by) + 1, "n", pd.array(n, dtype="Int64"))
    table["n"] = table["n"].mask(hide_n)
    table["suppressed"] = hide_cell.any(axis=1)
    table.attrs.update(df.attrs)
    table.attrs["by"] = by
    return table


#: The statuses counted by :func:`audit`, in column order.
AUDIT_STATUSES = ("valid", "declined", "unknown", "missing", "unmapped")


def _audit_hidden(field: np.ndarray, counts: np.ndarray, min_cell: int):
    """Hidden group sizes and hidden status counts of an audit table (``equitylab.privacy`` rule).

    Each field is one table: its groups' sizes form a line (their total, the number of rows, may be
    known); within it every group (its ``n`` is shown) and every status column is a line of counts.
    """
    hide_n = np.zeros(len(counts), dtype=bool)
    hide_cell = np.zeros(counts.shape, dtype=bool)
    k = counts.shape[1]
    for f in pd.unique(field):
        rows = np.flatnonzero(field == f)
        part = counts[rows]
        groups = suppress(part.sum(axis=1), min_cell=min_cell)
        cells = part.ravel()
        index = np.arange(cells.size).reshape(part.shape)
        lines = list(index) + list(index.T)
        hidden = suppress(cells, lines, min_cell=min_cell, hidden=np.repeat(groups, k))
        hide_n[rows] = groups
        hide_cell[rows] = hidden.reshape(part.shape)
    return hide_n, hide_cell


def _field_for_column(col: str) -> str:
    for field in ("race_ethnicity", "language", "ethnicity", "race"):
        if field in col:
            return field
    raise ValueError(
        f"audit() cannot tell which standard applies to column {col!r}: name it after a REaL "
        f"field ({', '.join(S.FIELDS)}), e.g. rename it to 'race_ethnicity' first."
    )
