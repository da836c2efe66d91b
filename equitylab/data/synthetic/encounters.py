"""Synthetic patient encounters of the fictional Lakeside Health system."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import standards as S
from ._common import _LANG_BY_RACE, _label, _logit, _pick, _raw_table, _sample_raw

__all__ = ["encounters", "FACILITIES", "DEPARTMENTS", "PAYERS"]

# Race/ethnicity of the synthetic population (self-identified, before registration
# recording). Multiple-category patients are split into specific combinations below.
_RACE_P = {S.WHITE: 0.571, S.BLACK: 0.17, S.HISPANIC: 0.15, S.ASIAN: 0.06, S.MENA: 0.015,
           S.AIAN: 0.007, S.NHPI: 0.004, S.MULTIPLE: 0.023}
_RACES = list(_RACE_P)

# How each true category is written at registration: (raw string, weight).
# The "legacy" facility uses a 1997-era system with codes and two-question strings.
_RAW_MODERN = {
    S.WHITE: [("White", 60), ("WHITE", 15), ("white ", 5), ("Caucasian", 12), ("W", 5), ("Irish", 1),
              ("Other", 2)],
    S.BLACK: [("Black or African American", 55), ("Black", 15), ("African American", 15),
              ("BLACK/AFRICAN AMERICAN", 8), ("Haitian", 3), ("Somali", 2), ("Other", 2)],
    S.HISPANIC: [("Hispanic or Latino", 45), ("Hispanic", 15), ("Latino", 8), ("Mexican", 10),
                 ("Puerto Rican", 6), ("Dominican", 4), ("Other", 9), ("Hispanic/Latino", 3)],
    S.ASIAN: [("Asian", 60), ("ASIAN", 8), ("Vietnamese", 10), ("Chinese", 10), ("Filipino", 5),
              ("Korean", 4), ("Other", 3)],
    S.MENA: [("Middle Eastern or North African", 40), ("Lebanese", 12), ("Egyptian", 10),
             ("Iranian", 8), ("Arab", 5), ("White", 10), ("Other", 15)],
    S.AIAN: [("American Indian or Alaska Native", 60), ("Native American", 15), ("AI/AN", 15),
             ("Other", 10)],
    S.NHPI: [("Native Hawaiian or Other Pacific Islander", 50), ("Pacific Islander", 20),
             ("Samoan", 15), ("NHPI", 10), ("Other", 5)],
    S.MULTIPLE: [("White; Black or African American", 30), ("White; Asian", 20),
                 ("Hispanic or Latino; White", 20), ("Multiracial", 15), ("Black/White", 10),
                 ("White, American Indian or Alaska Native", 5)],
}
_RAW_LEGACY = {
    S.WHITE: [("2106-3", 70), ("W", 20), ("White / Not Hispanic", 10)],
    S.BLACK: [("2054-5", 75), ("B", 15), ("Black / Not Hispanic", 10)],
    S.HISPANIC: [("2135-2", 40), ("White / Hispanic", 25), ("Unknown / Hispanic", 20), ("H", 15)],
    S.ASIAN: [("2028-9", 80), ("A", 20)],
    S.MENA: [("2106-3", 70), ("2131-1", 30)],  # the 1997 system has no MENA category
    S.AIAN: [("1002-5", 80), ("I", 20)],
    S.NHPI: [("2076-8", 80), ("P", 20)],
    S.MULTIPLE: [("2106-3|2054-5", 50), ("2106-3|2028-9", 30), ("M", 20)],
}
_NONANSWER_RAW = {  # how a non-answer is written: (raw, weight)
    S.DECLINED: [("Declined", 55), ("Patient declined", 28), ("Refused", 17)],
    S.UNKNOWN: [("Unknown", 55), ("UNK", 20), ("ASKU", 10), ("U", 15)],   # ASKU: HL7 "asked but unknown"
    S.MISSING: [(None, 80), ("", 20)],
}
_UNMAPPED_NOISE = [("XX", 1), ("see chart", 1), ("0", 1)]

_FACILITIES = ["Lakeside Main Hospital", "Northgate Community Hospital", "Eastbrook Medical Center"]
_LEGACY_FACILITY = 2  # Eastbrook still runs the 1997-era registration system
_DEPARTMENTS = ["Emergency department", "Inpatient admission", "Primary care clinic", "Urgent care"]
_DEPT_P = [0.34, 0.16, 0.40, 0.10]
# Probability that race/ethnicity is not collected, by registration point:
# (declined, unknown, missing). The ED and urgent care register fast and collect least.
_RACE_NONANSWER_P = np.array([
    [0.04, 0.10, 0.12],
    [0.03, 0.03, 0.03],
    [0.04, 0.02, 0.02],
    [0.04, 0.08, 0.10],
])
_LANG_NONANSWER_P = np.array([
    [0.01, 0.05, 0.08],
    [0.01, 0.02, 0.02],
    [0.01, 0.01, 0.02],
    [0.01, 0.04, 0.07],
])
_PAYERS = ["Commercial", "Medicare", "Medicaid", "Uninsured"]
# How a language is written at registration, beyond its name.
_LANG_VARIANTS = {"English": [("English", 70), ("ENG", 15), ("en", 10), ("english ", 5)],
                  "Spanish": [("Spanish", 70), ("SPA", 15), ("Espanol", 10), ("es", 5)]}


def encounters(n: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """Patient encounters of the fictional Lakeside Health system (synthetic).

    One row per encounter over calendar year 2025 at three facilities and four
    registration points. REaL fields are *as recorded at registration*: raw strings,
    codes, abbreviations, blanks, "Declined" and "Unknown" — clean them with
    :func:`equitylab.real.standardize`.

    Parameters
    ----------
    n : int, default 20_000
        Number of encounters (patients have about 2.5 encounters each).
    seed : int, default 0
        Random seed; the same ``n`` and ``seed`` always give the same data.

    Returns
    -------
    DataFrame
        Columns described by ``describe("encounters")``. Outcomes are 0/1 floats,
        missing (NaN) where the measure does not apply.

    Notes
    -----
    The data are built to contain the patterns the sessions teach (faculty notes):

    1. **Completeness differs by registration point.** Race/ethnicity is declined,
       unknown or blank for about a quarter of ED and a fifth of urgent-care
       registrations, and under one in ten in clinics and inpatient admissions. Eastbrook Medical Center
       records 1997-era codes ("2106-3", "W", "White / Hispanic") and has no Middle
       Eastern or North African category, so those patients appear as White or as
       "Other Race" (2131-1, unmapped).
    2. **Real disparities.** 30-day readmission is drawn higher for Black and American
       Indian or Alaska Native patients, and HbA1c poor control higher for Black, Hispanic,
       American Indian or Alaska Native and Native Hawaiian or Pacific Islander
       patients — gaps that remain within every payer group. In the default data the
       American Indian or Alaska Native group is too small for its readmission gap to
       show: its rate is suppressed (say what the table shows, not what the generator
       drew).
    3. **Disparities explained by a second dimension.** "Would recommend" is lower for
       Hispanic and Asian patients *only because* patients who need an interpreter
       rate their experience lower; within interpreter-need strata there is
       no race/ethnicity gap. Colorectal screening is lower for Hispanic and Black
       patients because uninsured and Medicaid patients are screened less; within payer
       groups there is no gap. Stratifying by two dimensions changes the story and the
       intervention (interpreter services; coverage and outreach).
    4. **No disparity.** ED left-without-being-seen depends on the facility's crowding,
       not on race, ethnicity, language or payer.
    5. **Small groups.** American Indian or Alaska Native (~0.7%) and Native Hawaiian or
       Pacific Islander (~0.4%) patients give cells below 11 for several measures at
       the default size: suppression matters.

    Examples
    --------
    >>> from equitylab.datasets import encounters
    >>> enc = encounters(n=5_000, seed=3)
    >>> len(enc), bool(enc["ed_lwbs"].notna().any())
    (5000, True)
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"encounters(n={n}): n must be a positive number of encounters.")
    rng = np.random.default_rng(seed)
    pat = _patients(rng, max(1, int(n / 2.5)))
    # --- encounters (integer codes throughout: fast at 10M rows) ----------------------
    pid = rng.integers(0, len(pat["race"]), n)
    dept = _pick(rng, n, _DEPARTMENTS, _DEPT_P).astype(np.int8)
    fac = _pick(rng, n, _FACILITIES, [0.5, 0.3, 0.2]).astype(np.int8)
    date = np.datetime64("2025-01-01", "ns") + rng.integers(0, 365, n) * np.timedelta64(86_400_000_000_000, "ns")
    race_raw = _record_race(rng, pat["race"][pid], dept, fac)
    language_raw = _record_language(rng, pat["language"][pid], dept, pat["language_vocab"])
    e = {k: v[pid] for k, v in pat.items() if k != "language_vocab"}
    outcomes = _outcomes(rng, e, dept, fac)
    df = pd.DataFrame({
        "encounter_id": np.arange(1, n + 1, dtype=np.int64),
        "patient_id": (pid + 100_001).astype(np.int64),
        "encounter_date": date,
        "facility": pd.Categorical.from_codes(fac, categories=_FACILITIES),
        "department": pd.Categorical.from_codes(dept, categories=_DEPARTMENTS),
        "age": e["age"],
        "sex": pd.Categorical.from_codes((~e["female"]).astype(np.int8), categories=["Female", "Male"]),
        "payer": pd.Categorical.from_codes(e["payer"], categories=_PAYERS),
        "adi_percentile": e["adi"],
        "race_ethnicity": race_raw,
        "language": language_raw,
        "interpreter_needed": e["interpreter"],
        **outcomes,
    }, copy=False)
    return _label(df, "encounters")


_R = {name: i for i, name in enumerate(_RACES)}


def _by_race(mapping, default=0.0):
    """A lookup table indexed by race code."""
    table = np.full(len(_RACES), default)
    for k, v in mapping.items():
        table[_R[k]] = v
    return table


def _patients(rng, n_pat: int) -> dict:
    """Stable attributes of the synthetic patients: race, age, sex, payer, ADI, diabetes, language."""
    race = _pick(rng, n_pat, _RACES, list(_RACE_P.values())).astype(np.int8)
    age = np.clip(np.round(18 + 77 * rng.beta(2.0, 2.2, n_pat)), 18, 95).astype(np.int16)
    female = rng.random(n_pat) < 0.53
    # payer depends on age and (through the social patterning of coverage) on race/ethnicity
    disadv = _by_race({S.HISPANIC: 1.0, S.BLACK: 0.8, S.AIAN: 1.0, S.NHPI: 0.7})[race]
    u = rng.random(n_pat)
    p_unins = 0.04 + 0.14 * disadv
    p_medicaid = 0.10 + 0.22 * disadv
    payer = np.where(u < p_unins, 3, np.where(u < p_unins + p_medicaid, 2, 0))
    payer = np.where((age >= 65) & (payer != 3), 1, payer).astype(np.int8)
    adi = np.clip(np.round(rng.normal(40 + 25 * disadv + 10 * (payer >= 2), 18)), 1, 100).astype(np.int16)
    diabetic = rng.random(n_pat) < (0.08 + 0.0025 * (age - 18) + 0.06 * (disadv > 0))
    # preferred language (true) and interpreter need
    lang_vocab = ["English"] + sorted({l for v in _LANG_BY_RACE.values() for l, _ in v})
    lang_index = {l: i for i, l in enumerate(lang_vocab)}
    lang = np.zeros(n_pat, dtype=np.int16)
    ul = rng.random(n_pat)
    for r, options in _LANG_BY_RACE.items():
        rows = race == _R[r]
        cum = 0.0
        for name, p in options:
            lang[rows & (ul >= cum) & (ul < cum + p)] = lang_index[name]
            cum += p
    interpreter = (lang != 0) & (rng.random(n_pat) < 0.8)  # LEP among non-English speakers
    return {"race": race, "age": age, "female": female, "payer": payer, "adi": adi, "diabetic": diabetic,
            "language": lang, "interpreter": interpreter, "language_vocab": lang_vocab}


def _record_race(rng, race, dept, fac) -> pd.Categorical:
    """Race/ethnicity as written at registration: raw variants, legacy codes, non-answers, noise."""
    n = len(race)
    labels = list(_RACES) + list(S.NON_ANSWERS)   # race codes 0..7, then Declined, Unknown, Missing
    L = {name: i for i, name in enumerate(labels)}
    keyed = lambda table: {L[k]: v for k, v in table.items()}  # noqa: E731
    modern_vocab, modern_s = _raw_table(keyed({**_RAW_MODERN, **_NONANSWER_RAW}))
    legacy_vocab, legacy_s = _raw_table(keyed(_RAW_LEGACY))
    noise_vocab = [r for r, _ in _UNMAPPED_NOISE]
    vocab = list(modern_vocab)
    vocab += [v for v in legacy_vocab + noise_vocab if v not in vocab]
    remap_legacy = np.array([vocab.index(v) for v in legacy_vocab])

    thresholds = np.cumsum(_RACE_NONANSWER_P, axis=1)
    status_u = rng.random(n)
    recorded = race.copy()
    for col, label in ((2, S.MISSING), (1, S.UNKNOWN), (0, S.DECLINED)):  # narrowest band last
        recorded[status_u < thresholds[:, col][dept]] = L[label]
    legacy = (fac == _LEGACY_FACILITY) & (recorded < len(_RACES))
    raw_code = np.zeros(n, dtype=np.int32)
    _sample_raw(rng, recorded, modern_s, raw_code, mask=~legacy)
    tmp = np.zeros(n, dtype=np.int32)
    _sample_raw(rng, recorded, legacy_s, tmp, mask=legacy)
    raw_code = np.where(legacy, remap_legacy[tmp], raw_code)
    noise = rng.random(n) < 0.003
    noise_codes = np.asarray([vocab.index(v) for v in noise_vocab])
    raw_code = np.where(noise, noise_codes[rng.integers(0, len(noise_vocab), n)], raw_code)
    cat_vocab = [v for v in vocab if v is not None]
    # pandas categories cannot contain None: it becomes code -1 (a missing value)
    shift = np.array([-1 if v is None else cat_vocab.index(v) for v in vocab])
    return pd.Categorical.from_codes(shift[raw_code], categories=cat_vocab)


def _record_language(rng, lang, dept, lang_vocab) -> pd.Categorical:
    """Preferred language as written at registration: names, ISO codes, non-answers, blanks."""
    n = len(lang)
    lang_index = {l: i for i, l in enumerate(lang_vocab)}
    vocab: list = []
    samplers = {}
    for name in lang_vocab:
        variants = _LANG_VARIANTS.get(name, [(name, 1)])
        for raw, _ in variants:
            if raw not in vocab:
                vocab.append(raw)
        w = np.array([v[1] for v in variants], float)
        samplers[lang_index[name]] = (np.array([vocab.index(v[0]) for v in variants]), np.cumsum(w) / w.sum())
    for raw, _ in _NONANSWER_RAW[S.DECLINED] + _NONANSWER_RAW[S.UNKNOWN]:
        if raw not in vocab:
            vocab.append(raw)
    code = np.zeros(n, dtype=np.int32)
    _sample_raw(rng, lang, samplers, code)
    thresholds = np.cumsum(_LANG_NONANSWER_P, axis=1)
    u = rng.random(n)
    dec = np.array([vocab.index(r) for r, _ in _NONANSWER_RAW[S.DECLINED]])
    unk = np.array([vocab.index(r) for r, _ in _NONANSWER_RAW[S.UNKNOWN]])
    pick = rng.integers(0, 12, n)
    code[u < thresholds[:, 2][dept]] = -1
    band = u < thresholds[:, 1][dept]
    code[band] = unk[pick[band] % len(unk)]
    band = u < thresholds[:, 0][dept]
    code[band] = dec[pick[band] % len(dec)]
    return pd.Categorical.from_codes(code, categories=vocab)


def _outcomes(rng, e: dict, dept, fac) -> dict:
    """The five outcomes (0/1, NaN where the measure does not apply), each drawn inside its denominator."""
    n = len(dept)
    r_enc, age, interp = e["race"], e["age"], e["interpreter"]
    medicaid = e["payer"] == 2
    unins = e["payer"] == 3
    draw = rng.random((5, n))

    def outcome(k, mask, logit):
        out = np.full(n, np.nan)
        idx = np.flatnonzero(mask)
        out[idx] = draw[k, idx] < _logit(logit(idx))
        return out

    crowding = np.array([0.0, 0.55, -0.3])
    responded = (rng.random(n) < 0.28) & (dept != 3)
    return {
        "readmit_30d": outcome(0, dept == 1, lambda i: -2.1 + 0.012 * (age[i] - 60)
                               + _by_race({S.BLACK: 0.45, S.AIAN: 0.5, S.HISPANIC: 0.1})[r_enc[i]]
                               + 0.2 * medicaid[i] + 0.15 * unins[i]),
        "hba1c_poor_control": outcome(1, e["diabetic"] & (dept != 0), lambda i: -1.25
                                      + _by_race({S.BLACK: 0.55, S.HISPANIC: 0.5, S.AIAN: 0.65,
                                                  S.NHPI: 0.55})[r_enc[i]]
                                      + 0.15 * medicaid[i] + 0.3 * unins[i] - 0.01 * (age[i] - 60)),
        "crc_screened": outcome(2, (age >= 45) & (age <= 75) & (dept == 2),
                                lambda i: 1.0 - 0.9 * medicaid[i] - 1.7 * unins[i]),
        "ed_lwbs": outcome(3, dept == 0, lambda i: -3.0 + crowding[fac[i]]),
        "would_recommend": outcome(4, responded, lambda i: 1.9 - 1.3 * interp[i]),
    }


FACILITIES, DEPARTMENTS, PAYERS = tuple(_FACILITIES), tuple(_DEPARTMENTS), tuple(_PAYERS)
