"""Synthetic example datasets for Equity Lab — every one of them fictional, and labelled so.

Five seeded, deterministic, vectorised generators, each with a data dictionary
(:func:`describe`):

* :func:`encounters` — patient encounters of the fictional *Lakeside Health* system,
  with REaL fields as recorded at registration (messy) and five quality outcomes.
* :func:`workforce` — the system's staff roster, from the board to front-line staff.
* :func:`community` — the service area's population (the denominator for representation).
* :func:`training` — cultural competence training records.
* :func:`hospitals` — a national panel of fictional hospitals whose marginal percentages
  are calibrated to the published benchmark survey figures.

Every returned DataFrame has ``df.attrs["synthetic"] = True`` and a
``df.attrs["label"]`` saying so; plots and reports carry the label through.

Example
-------
>>> import equitylab as el
>>> enc = el.datasets.encounters(n=1_000, seed=1)
>>> enc.attrs["synthetic"]
True
>>> el.datasets.describe("encounters").columns.tolist()
['column', 'dtype', 'meaning', 'allowed']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import standards as S

__all__ = ["encounters", "workforce", "community", "training", "hospitals", "room", "describe", "names",
           "OUTCOMES"]

SYNTHETIC_LABEL = "Synthetic data (Equity Lab, fictional Lakeside Health) — not real patients or hospitals"

#: Quality outcomes of :func:`encounters`: label, denominator, and direction
#: (``higher_is_better``; see shared/reference/measures.md "Direction").
OUTCOMES = {
    "readmit_30d": dict(label="30-day readmission", higher_is_better=False,
                        denominator="inpatient discharges"),
    "hba1c_poor_control": dict(label="HbA1c poor control (>9%)", higher_is_better=False,
                               denominator="encounters of patients with diabetes"),
    "crc_screened": dict(label="Colorectal cancer screening up to date", higher_is_better=True,
                         denominator="encounters of patients aged 45–75"),
    "ed_lwbs": dict(label="ED left without being seen", higher_is_better=False,
                    denominator="emergency department visits"),
    "would_recommend": dict(label="Would recommend the hospital (patient experience)",
                            higher_is_better=True, denominator="encounters with a returned survey"),
}

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
    S.DECLINED: [("Declined", 50), ("Patient declined", 25), ("ASKU", 10), ("Refused", 15)],
    S.UNKNOWN: [("Unknown", 60), ("UNK", 25), ("U", 15)],
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
# Non-English preferred language by race/ethnicity: {race: [(language raw, probability)]}.
_LANG_BY_RACE = {
    S.HISPANIC: [("Spanish", 0.42), ("Portuguese", 0.01)],
    S.ASIAN: [("Vietnamese", 0.12), ("Chinese", 0.06), ("Cantonese", 0.04), ("Mandarin", 0.05),
              ("Korean", 0.04), ("Tagalog", 0.03)],
    S.MENA: [("Arabic", 0.30), ("Farsi", 0.08)],
    S.BLACK: [("Haitian Creole", 0.04), ("Somali", 0.025), ("Amharic", 0.015)],
    S.WHITE: [("Russian", 0.01), ("Polish", 0.008), ("Portuguese", 0.006), ("Ukrainian", 0.004)],
    S.AIAN: [("Navajo", 0.03)],
    S.NHPI: [("Chuukese", 0.10), ("Marshallese", 0.06)],  # not on the standard list: unmapped
    S.MULTIPLE: [("Spanish", 0.03)],
}
# How a language is written at registration, beyond its name.
_LANG_VARIANTS = {"English": [("English", 70), ("ENG", 15), ("en", 10), ("english ", 5)],
                  "Spanish": [("Spanish", 70), ("SPA", 15), ("Espanol", 10), ("es", 5)]}


def _label(df: pd.DataFrame, name: str) -> pd.DataFrame:
    df.attrs["synthetic"] = True
    df.attrs["label"] = SYNTHETIC_LABEL
    df.attrs["dataset"] = name
    df.attrs["source_name"] = "Lakeside Health (fictional)" if name != "hospitals" else "fictional benchmark panel"
    if name in ("encounters", "training"):
        df.attrs["period"] = "2025"
    return df


def _pick(rng, n, choices, weights):
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(choices), size=n, p=w / w.sum())


def _logit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _raw_table(table):
    """Flatten {category: [(raw, weight)]} into one vocabulary and per-category samplers."""
    vocab: list = []
    index: dict = {}
    samplers = {}
    for cat, variants in table.items():
        codes, weights = [], []
        for raw, w in variants:
            if raw not in index:
                index[raw] = len(vocab)
                vocab.append(raw)
            codes.append(index[raw])
            weights.append(w)
        w = np.asarray(weights, float)
        samplers[cat] = (np.asarray(codes), np.cumsum(w) / w.sum())
    return vocab, samplers


def _sample_raw(rng, labels, samplers, out, mask=None):
    """For each row whose label is in samplers, draw a raw variant code into ``out``."""
    u = rng.random(len(labels))
    for key, (codes, cum) in samplers.items():
        rows = labels == key
        if mask is not None:
            rows &= mask
        if rows.any():
            out[rows] = codes[np.searchsorted(cum, u[rows], side="right").clip(max=len(codes) - 1)]
    return out


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
    2. **Real disparities.** 30-day readmission is higher for Black and American Indian
       or Alaska Native patients, and HbA1c poor control higher for Black, Hispanic,
       American Indian or Alaska Native and Native Hawaiian or Pacific Islander
       patients — gaps that remain within every payer group.
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

    # --- patients: stable attributes (integer codes throughout: fast at 10M rows) -----
    n_pat = max(1, int(n / 2.5))
    race = _pick(rng, n_pat, _RACES, list(_RACE_P.values())).astype(np.int8)
    R = {name: i for i, name in enumerate(_RACES)}

    def by_race(mapping, default=0.0):
        table = np.full(len(_RACES), default)
        for k, v in mapping.items():
            table[R[k]] = v
        return table

    age_p = np.clip(np.round(18 + 77 * rng.beta(2.0, 2.2, n_pat)), 18, 95).astype(np.int16)
    sex_p = rng.random(n_pat) < 0.53
    # payer depends on age and (through the social patterning of coverage) on race/ethnicity
    disadv = by_race({S.HISPANIC: 1.0, S.BLACK: 0.8, S.AIAN: 1.0, S.NHPI: 0.7})[race]
    u = rng.random(n_pat)
    p_unins = 0.04 + 0.14 * disadv
    p_medicaid = 0.10 + 0.22 * disadv
    payer_p = np.where(u < p_unins, 3, np.where(u < p_unins + p_medicaid, 2, 0))
    payer_p = np.where((age_p >= 65) & (payer_p != 3), 1, payer_p).astype(np.int8)
    adi_p = np.clip(np.round(rng.normal(40 + 25 * disadv + 10 * (payer_p >= 2), 18)), 1, 100).astype(np.int16)
    diabetic = rng.random(n_pat) < (0.08 + 0.0025 * (age_p - 18) + 0.06 * (disadv > 0))

    # preferred language (true) and interpreter need
    lang_vocab = ["English"] + sorted({l for v in _LANG_BY_RACE.values() for l, _ in v})
    lang_index = {l: i for i, l in enumerate(lang_vocab)}
    lang_p = np.zeros(n_pat, dtype=np.int16)
    ul = rng.random(n_pat)
    for r, options in _LANG_BY_RACE.items():
        rows = race == R[r]
        cum = 0.0
        for lang, p in options:
            lang_p[rows & (ul >= cum) & (ul < cum + p)] = lang_index[lang]
            cum += p
    interp_p = (lang_p != 0) & (rng.random(n_pat) < 0.8)  # LEP among non-English speakers

    # --- encounters ----------------------------------------------------------------
    pid = rng.integers(0, n_pat, n)
    dept = _pick(rng, n, _DEPARTMENTS, _DEPT_P).astype(np.int8)
    fac = _pick(rng, n, _FACILITIES, [0.5, 0.3, 0.2]).astype(np.int8)
    date = np.datetime64("2025-01-01", "ns") + rng.integers(0, 365, n) * np.timedelta64(86_400_000_000_000, "ns")
    r_enc = race[pid]
    age = age_p[pid]
    payer = payer_p[pid]
    interp = interp_p[pid]

    # REaL as recorded. Labels: race codes 0..7, then Declined, Unknown, Missing.
    labels = list(_RACES) + list(S.NON_ANSWERS)
    L = {name: i for i, name in enumerate(labels)}

    def keyed(table):
        return {L[k]: v for k, v in table.items()}

    modern_vocab, modern_s = _raw_table(keyed({**_RAW_MODERN, **_NONANSWER_RAW}))
    legacy_vocab, legacy_s = _raw_table(keyed(_RAW_LEGACY))
    noise_vocab = [r for r, _ in _UNMAPPED_NOISE]
    vocab = list(modern_vocab)
    vocab += [v for v in legacy_vocab + noise_vocab if v not in vocab]
    remap_legacy = np.array([vocab.index(v) for v in legacy_vocab])

    thresholds = np.cumsum(_RACE_NONANSWER_P, axis=1)
    status_u = rng.random(n)
    recorded = r_enc.copy()
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
    race_raw = pd.Categorical.from_codes(shift[raw_code], categories=cat_vocab)

    # language as recorded
    lang_rec_vocab: list = []
    samplers = {}
    for l in lang_vocab:
        variants = _LANG_VARIANTS.get(l, [(l, 1)])
        for raw, _ in variants:
            if raw not in lang_rec_vocab:
                lang_rec_vocab.append(raw)
        w = np.array([v[1] for v in variants], float)
        samplers[lang_index[l]] = (np.array([lang_rec_vocab.index(v[0]) for v in variants]),
                                   np.cumsum(w) / w.sum())
    for raw, _ in _NONANSWER_RAW[S.DECLINED] + _NONANSWER_RAW[S.UNKNOWN]:
        if raw not in lang_rec_vocab:
            lang_rec_vocab.append(raw)
    lang_code = np.zeros(n, dtype=np.int32)
    _sample_raw(rng, lang_p[pid], samplers, lang_code)
    lthresholds = np.cumsum(_LANG_NONANSWER_P, axis=1)
    lu = rng.random(n)
    dec = np.array([lang_rec_vocab.index(r) for r, _ in _NONANSWER_RAW[S.DECLINED]])
    unk = np.array([lang_rec_vocab.index(r) for r, _ in _NONANSWER_RAW[S.UNKNOWN]])
    pick = rng.integers(0, 12, n)
    lang_code[lu < lthresholds[:, 2][dept]] = -1
    band = lu < lthresholds[:, 1][dept]
    lang_code[band] = unk[pick[band] % len(unk)]
    band = lu < lthresholds[:, 0][dept]
    lang_code[band] = dec[pick[band] % len(dec)]
    language_raw = pd.Categorical.from_codes(lang_code, categories=lang_rec_vocab)

    # --- outcomes (0/1, NaN where the measure does not apply) -----------------------
    # Each outcome is drawn only inside its denominator (fast at 10M rows).
    medicaid = payer == 2
    unins = payer == 3
    draw = rng.random((5, n))

    def outcome(k, mask, logit):
        out = np.full(n, np.nan)
        idx = np.flatnonzero(mask)
        out[idx] = draw[k, idx] < _logit(logit(idx))
        return out

    readmit = outcome(0, dept == 1, lambda i: -2.1 + 0.012 * (age[i] - 60)
                      + by_race({S.BLACK: 0.45, S.AIAN: 0.5, S.HISPANIC: 0.1})[r_enc[i]]
                      + 0.2 * medicaid[i] + 0.15 * unins[i])
    a1c = outcome(1, diabetic[pid] & (dept != 0), lambda i: -1.25
                  + by_race({S.BLACK: 0.55, S.HISPANIC: 0.5, S.AIAN: 0.65, S.NHPI: 0.55})[r_enc[i]]
                  + 0.15 * medicaid[i] + 0.3 * unins[i] - 0.01 * (age[i] - 60))
    crc = outcome(2, (age >= 45) & (age <= 75) & (dept == 2),
                  lambda i: 1.0 - 0.9 * medicaid[i] - 1.7 * unins[i])
    crowding = np.array([0.0, 0.55, -0.3])
    lwbs = outcome(3, dept == 0, lambda i: -3.0 + crowding[fac[i]])
    responded = (rng.random(n) < 0.28) & (dept != 3)
    rec = outcome(4, responded, lambda i: 1.9 - 1.3 * interp[i])

    df = pd.DataFrame({
        "encounter_id": np.arange(1, n + 1, dtype=np.int64),
        "patient_id": (pid + 100_001).astype(np.int64),
        "encounter_date": date,
        "facility": pd.Categorical.from_codes(fac, categories=_FACILITIES),
        "department": pd.Categorical.from_codes(dept, categories=_DEPARTMENTS),
        "age": age,
        "sex": pd.Categorical.from_codes((~sex_p[pid]).astype(np.int8), categories=["Female", "Male"]),
        "payer": pd.Categorical.from_codes(payer, categories=_PAYERS),
        "adi_percentile": adi_p[pid],
        "race_ethnicity": race_raw,
        "language": language_raw,
        "interpreter_needed": interp,
        "readmit_30d": readmit,
        "hba1c_poor_control": a1c,
        "crc_screened": crc,
        "ed_lwbs": lwbs,
        "would_recommend": rec,
    }, copy=False)
    return _label(df, "encounters")


# --- workforce -------------------------------------------------------------------------
_LEVELS = ["Board", "Executive", "Senior leader", "Manager", "Clinician", "Staff"]
_LEVEL_SIZE = [15, 12, 60, 380, 2400, 2600]
# Share of each level who identify with a category other than White only (synthetic):
# the pipeline narrows towards the top.
_LEVEL_MINORITY = [0.13, 0.08, 0.15, 0.24, 0.36, 0.52]
_WORK_DEPTS = ["Emergency", "Medicine", "Surgery", "Primary care", "Patient access", "Nursing",
               "Administration", "Environmental services"]
_MINORITY_MIX = {S.BLACK: 0.40, S.HISPANIC: 0.33, S.ASIAN: 0.16, S.MENA: 0.03, S.AIAN: 0.02,
                 S.NHPI: 0.01, S.MULTIPLE: 0.05}


def workforce(seed: int = 0) -> pd.DataFrame:
    """Staff roster of the fictional Lakeside Health system (synthetic), board to front line.

    One row per person who worked at Lakeside from 2016 to 2025, with role level, race/
    ethnicity (self-identified, standard categories), sex, hire date, promotions and exit.

    Notes
    -----
    Built-in pattern (faculty notes): the share of people who are not White narrows up
    the pipeline — about half of staff, a third of clinicians, a quarter of managers and
    fewer than one in six senior leaders, executives and board members — and, among
    managers and clinicians, people of colour are promoted less often and leave more
    often. Compare with :func:`community` to ask whether leadership reflects the
    community served.

    Examples
    --------
    >>> from equitylab.datasets import workforce
    >>> wf = workforce()
    >>> int(wf["role_level"].value_counts()["Board"])
    15
    """
    rng = np.random.default_rng(seed)
    level = np.repeat(np.arange(len(_LEVELS)), _LEVEL_SIZE)
    n = len(level)
    minority = rng.random(n) < np.asarray(_LEVEL_MINORITY)[level]
    mix = list(_MINORITY_MIX)
    race = np.where(minority, np.asarray(mix)[_pick(rng, n, mix, list(_MINORITY_MIX.values()))], S.WHITE)
    female_p = np.array([0.4, 0.35, 0.5, 0.7, 0.72, 0.66])[level]
    sex = np.where(rng.random(n) < female_p, "Female", "Male")
    years = rng.uniform(0, 20, n)
    hire = np.datetime64("2025-12-31") - (years * 365.25).astype("timedelta64[D]")
    promo_rate = np.array([0.0, 0.02, 0.05, 0.08, 0.07, 0.05])[level] * np.where(minority & (level >= 3), 0.6, 1.0)
    promotions = rng.poisson(promo_rate * np.minimum(years, 10))
    exit_rate = np.array([0.05, 0.08, 0.08, 0.09, 0.10, 0.14])[level] * np.where(minority & (level >= 3) & (level <= 4), 1.4, 1.0)
    exit_years = rng.exponential(1 / exit_rate)
    exited = exit_years < np.minimum(years, 9.0)
    exit_date = np.where(exited, np.datetime64("2025-12-31") - ((years - exit_years).clip(0) * 365.25).astype("timedelta64[D]"),
                         np.datetime64("NaT"))
    dept = np.where(level <= 2, "Administration", np.asarray(_WORK_DEPTS)[rng.integers(0, len(_WORK_DEPTS), n)])
    df = pd.DataFrame({
        "staff_id": np.arange(1, n + 1) + 50_000,
        "role_level": pd.Categorical.from_codes(level, categories=_LEVELS, ordered=True),
        "department": pd.Categorical(dept, categories=_WORK_DEPTS),
        "race_ethnicity": pd.Categorical(race, categories=list(S.SPD15_2024) + [S.MULTIPLE]),
        "sex": pd.Categorical(sex, categories=["Female", "Male"]),
        "hire_date": hire.astype("datetime64[ns]"),
        "promotions": promotions.astype(np.int16),
        "exit_date": exit_date.astype("datetime64[ns]"),
    })
    df["active"] = df["exit_date"].isna()
    return _label(df, "workforce")


# --- community ---------------------------------------------------------------------------
_AGE_BANDS = ["0–17", "18–44", "45–64", "65+"]
_COMMUNITY_RACE_P = {S.WHITE: 0.55, S.BLACK: 0.17, S.HISPANIC: 0.16, S.ASIAN: 0.06, S.MENA: 0.02,
                     S.AIAN: 0.007, S.NHPI: 0.003, S.MULTIPLE: 0.03}


def community(seed: int = 0) -> pd.DataFrame:
    """Population of Lakeside Health's service area (synthetic), by race/ethnicity, language and age band.

    Aggregated counts (one row per race/ethnicity × preferred language × age band) for
    about 850,000 residents: the denominator for "does our leadership reflect the
    community we serve?".

    Examples
    --------
    >>> from equitylab.datasets import community
    >>> pop = community()
    >>> int(pop["population"].sum()) > 800_000
    True
    """
    rng = np.random.default_rng(seed)
    total = 850_000
    age_p = np.array([0.22, 0.36, 0.26, 0.16])
    rows = []
    for race, p in _COMMUNITY_RACE_P.items():
        langs = _LANG_BY_RACE.get(race, [])
        lang_p = {"English": 1.0 - sum(q for _, q in langs)}
        lang_p.update({l: q for l, q in langs})
        for lang, q in lang_p.items():
            for band, a in zip(_AGE_BANDS, age_p):
                expected = total * p * q * a * (1.4 if band == "0–17" and race != S.WHITE else 1.0)
                rows.append((race, lang, band, int(rng.poisson(expected))))
    df = pd.DataFrame(rows, columns=["race_ethnicity", "language", "age_band", "population"])
    df["race_ethnicity"] = pd.Categorical(df["race_ethnicity"], categories=list(S.SPD15_2024) + [S.MULTIPLE])
    df["age_band"] = pd.Categorical(df["age_band"], categories=_AGE_BANDS, ordered=True)
    return _label(df, "community")


# --- training ----------------------------------------------------------------------------
_MODULES = ["Why equity is a quality issue", "Working with interpreters",
            "Collecting REaL data respectfully", "Implicit bias in clinical decisions"]


def training(seed: int = 0) -> pd.DataFrame:
    """Cultural competence training records of Lakeside Health staff (synthetic).

    One row per person and assigned module (managers, clinicians and staff in the
    workforce roster who were active in 2025): completion, pre- and post-test knowledge
    score (0–100) and confidence rating (1–5) before and after.

    Notes
    -----
    Built-in patterns (faculty notes): completion is lowest in the Emergency department
    and Environmental services; knowledge rises by about 14 points on average; the
    interpreter module raises confidence the most; "Collecting REaL data respectfully"
    is assigned only to Patient access (registration) and Nursing.

    Examples
    --------
    >>> from equitylab.datasets import training
    >>> tr = training()
    >>> set(tr["completed"].unique()) == {True, False}
    True
    """
    rng = np.random.default_rng(seed)
    wf = workforce(seed)
    wf = wf[wf["active"] & wf["role_level"].isin(["Manager", "Clinician", "Staff"])]
    parts = []
    for module in _MODULES:
        staff = wf
        if module == "Collecting REaL data respectfully":
            staff = wf[wf["department"].isin(["Patient access", "Nursing"])]
        k = len(staff)
        dept = staff["department"].astype(str).to_numpy()
        p_complete = np.where(np.isin(dept, ["Emergency", "Environmental services"]), 0.58, 0.84)
        completed = rng.random(k) < p_complete
        pre = np.clip(np.round(rng.normal(61, 12, k)), 0, 100)
        post = np.where(completed, np.clip(np.round(pre + rng.normal(14, 8, k)), 0, 100), np.nan)
        conf_pre = np.clip(np.round(rng.normal(2.8, 0.8, k)), 1, 5)
        gain = 1.0 if module == "Working with interpreters" else 0.5
        conf_post = np.where(completed, np.clip(np.round(conf_pre + rng.normal(gain, 0.6, k)), 1, 5), np.nan)
        assigned = np.datetime64("2025-01-15") + rng.integers(0, 200, k).astype("timedelta64[D]")
        done = np.where(completed, assigned + rng.integers(3, 90, k).astype("timedelta64[D]"), np.datetime64("NaT"))
        parts.append(pd.DataFrame({
            "staff_id": staff["staff_id"].to_numpy(),
            "role_level": staff["role_level"].to_numpy(),
            "department": staff["department"].to_numpy(),
            "module": module,
            "assigned_date": assigned.astype("datetime64[ns]"),
            "completed": completed,
            "completion_date": done.astype("datetime64[ns]"),
            "pre_score": pre,
            "post_score": post,
            "confidence_pre": conf_pre,
            "confidence_post": conf_post,
        }))
    df = pd.concat(parts, ignore_index=True)
    df["module"] = pd.Categorical(df["module"], categories=_MODULES)
    df["role_level"] = pd.Categorical(df["role_level"], categories=_LEVELS, ordered=True)
    df["department"] = pd.Categorical(df["department"], categories=_WORK_DEPTS)
    return _label(df, "training")


# --- hospitals: the benchmark panel ----------------------------------------------------------
#: Published figures the panel is calibrated to (shared/reference/benchmarks.md).
BENCHMARK_SOURCES = {
    "2015": ("Diversity and Disparities: A Benchmarking Study of U.S. Hospitals in 2015 "
             "(Institute for Diversity in Health Management / AHA HRET); AHA News, 22 June 2016."),
    "earlier": ("An earlier edition of the Diversity and Disparities benchmark survey (most likely "
                "2011; year not confirmed), as reported by H&HN and Trustee magazine."),
}
#: edition -> (number of responding hospitals, {column: published percentage})
BENCHMARK_FIGURES = {
    "2015": (1084, {
        "collects_race": 98, "collects_ethnicity": 95, "collects_language": 94, "collects_gender": 99,
        "orientation_cultural_education": 80, "continuing_cultural_education": 79,
    }),
    "earlier": (924, {
        "collects_race": 94, "collects_ethnicity": 87, "collects_language": 90,
        "benchmarks_gaps_by_race": 26, "benchmarks_gaps_by_ethnicity": 25,
        "benchmarks_gaps_by_language": 28,
        "orientation_cultural_education": 81, "requires_diversity_training": 61,
    }),
}
#: edition -> minority share (%) of patients, board members, executives (published).
BENCHMARK_DIVERSITY = {"2015": (32, 14, 11), "earlier": (29, 14, 14)}
_COLUMN_MEANINGS = {
    "collects_race": "Hospital collects patient race data",
    "collects_ethnicity": "Hospital collects patient ethnicity data",
    "collects_language": "Hospital collects patients' preferred language",
    "collects_gender": "Hospital collects patient gender",
    "benchmarks_gaps_by_race": "Uses race data to benchmark gaps in care",
    "benchmarks_gaps_by_ethnicity": "Uses ethnicity data to benchmark gaps in care",
    "benchmarks_gaps_by_language": "Uses language data to benchmark gaps in care",
    "orientation_cultural_education": "Educates clinical staff at orientation about cultural and linguistic factors",
    "continuing_cultural_education": "Offers continuing education on cultural competence",
    "requires_diversity_training": "Requires diversity training for all employees",
}


def _exact_flags(rng, n, pct):
    """A boolean column with exactly round(pct% of n) True values, in random order."""
    k = int(round(n * pct / 100))
    flags = np.zeros(n, dtype=bool)
    flags[:k] = True
    return rng.permutation(flags)


def _allocate(rng, sizes, share, propensity):
    """Integer counts (0 ≤ c ≤ size) whose total is exactly round(share × Σ sizes)."""
    target = int(round(share * sizes.sum()))
    raw = sizes * propensity
    raw = raw * target / raw.sum()
    counts = np.minimum(np.floor(raw).astype(int), sizes)
    remaining = target - counts.sum()
    frac = raw - np.floor(raw) + rng.random(len(sizes)) * 1e-6
    order = np.argsort(-frac)
    for i in order:
        if remaining <= 0:
            break
        if counts[i] < sizes[i]:
            counts[i] += 1
            remaining -= 1
    return counts


def hospitals(seed: int = 0, edition: str = "2015") -> pd.DataFrame:
    """A national benchmark panel of fictional hospitals, calibrated to published survey figures.

    One row per responding hospital. The percentages of hospitals that collect REaL data,
    use it to benchmark gaps in care, and educate staff on cultural competence equal the
    published figures of the chosen survey edition *exactly*; the minority shares of
    patients (panel mean), board members and executives (pooled over all seats) do too.
    Everything else about each hospital (name, region, beds) is invented.

    Parameters
    ----------
    seed : int, default 0
    edition : {"2015", "earlier"}
        ``"2015"``: *Diversity and Disparities: A Benchmarking Study of U.S. Hospitals in
        2015* (1,084 hospitals). ``"earlier"``: an earlier edition (most likely 2011,
        not confirmed; 924 hospitals), the only one with published figures on *using*
        REaL data to benchmark gaps in care by race, ethnicity and language.

    Examples
    --------
    >>> from equitylab.datasets import hospitals
    >>> h = hospitals()
    >>> round(100 * float(h["collects_race"].mean()))
    98
    """
    if edition not in BENCHMARK_FIGURES:
        raise ValueError(f"edition={edition!r} is not available; use one of {sorted(BENCHMARK_FIGURES)}.")
    rng = np.random.default_rng(seed)
    n, figures = BENCHMARK_FIGURES[edition]
    regions = np.asarray(["Northeast", "Midwest", "South", "West"])[_pick(rng, n, range(4), [0.17, 0.26, 0.37, 0.20])]
    beds = np.asarray(["<100", "100–299", "300+"])[_pick(rng, n, range(3), [0.5, 0.33, 0.17])]
    df = pd.DataFrame({
        "hospital_id": [f"H{i:04d}" for i in range(1, n + 1)],
        "region": pd.Categorical(regions, categories=["Northeast", "Midwest", "South", "West"]),
        "beds": pd.Categorical(beds, categories=["<100", "100–299", "300+"], ordered=True),
    })
    for col, pct in figures.items():
        df[col] = _exact_flags(rng, n, pct)
    pat, board, execs = BENCHMARK_DIVERSITY[edition]
    # patients: hospital-level share, panel mean calibrated exactly
    p = rng.beta(2.0, 2.0 * (100 - pat) / pat, n)
    for _ in range(50):
        p = np.clip(p + (pat / 100 - p.mean()), 0.0, 1.0)
    df["patients_minority_pct"] = np.round(100 * p, 6)
    board_size = rng.integers(9, 22, n)
    exec_size = rng.integers(5, 13, n)
    lean = p / p.mean()  # hospitals serving more diverse patients tend to have more diverse leaders
    df["board_size"] = board_size
    df["board_minority"] = _allocate(rng, board_size, board / 100, lean * rng.gamma(2, 0.5, n))
    df["exec_size"] = exec_size
    df["exec_minority"] = _allocate(rng, exec_size, execs / 100, lean * rng.gamma(2, 0.5, n))
    df.attrs["edition"] = edition
    df.attrs["source"] = BENCHMARK_SOURCES[edition]
    return _label(df, "hospitals")


# --- a room of participants (for the faculty view) ------------------------------------------
_ROOM_ITEMS = {
    "strengths": ["CEO signed the #123forEquity pledge and talks about it", "Registration script in place at clinics",
                  "Interpreter services available 24/7 by video", "Orientation covers cultural and linguistic factors",
                  "Board chair champions equity", "Strong partnership with a community health centre"],
    "weaknesses": ["ED leaves race/ethnicity blank or unknown for many visits", "EHR stores only one race per patient",
                   "No quality measure is stratified by language yet", "Board does not reflect the community",
                   "Training completion is low in the ED", "No budget line for equity analytics"],
    "opportunities": ["State Medicaid program pays for equity reporting", "CMS health equity measures",
                      "Community partners want to share data", "Local business coalition interested in health equity",
                      "Grant funding for community health workers"],
    "threats": ["Staffing shortages crowd out training", "Patients mistrust why we ask about race",
                "Competition for diverse leaders in our labour market", "Short-term grants end before results show",
                "Vendor upgrade to the EHR delayed two years"],
}


def room(n: int = 12, seed: int = 0) -> list[dict]:
    """Exported workspaces of a fictional room of participants (synthetic), for the faculty view.

    Each item has the structure of a file written by ``equitylab export``: a participant
    name, SWOT items and a self-assessment. Use it to rehearse the faculty part of Session 2
    before the room's real exports arrive.

    Examples
    --------
    >>> from equitylab.datasets import room
    >>> len(room(n=5))
    5
    """
    from .assess import QUESTIONS, STAGES

    rng = np.random.default_rng(seed)
    out = []
    for i in range(1, n + 1):
        items = {q: [str(x) for x in rng.choice(v, size=int(rng.integers(1, 4)), replace=False)]
                 for q, v in _ROOM_ITEMS.items()}
        answers = {q.id: STAGES[int(rng.choice(4, p=[0.25, 0.35, 0.3, 0.1]))] for q in QUESTIONS}
        out.append({"format": "equitylab-workspace", "version": 1, "participant": f"Participant {i:02d} (synthetic)",
                    "synthetic": True, "answers": {}, "plans": {}, "takeaways": {},
                    "swots": {"organization": {"area": None, "title": "", "items": items}},
                    "assessments": {"self_assessment": {"organization": "", "answers": answers, "profile": {}}}})
    return out


# --- data dictionaries ----------------------------------------------------------------------
def _outcome_rows():
    return [(c, "float64", f"{m['label']}: 1 = yes, 0 = no; NaN outside the denominator "
             f"({m['denominator']}). {'Higher' if m['higher_is_better'] else 'Lower'} is better.",
             "0, 1, NaN") for c, m in OUTCOMES.items()]


def _dictionary(name: str) -> list[tuple[str, str, str, str]]:
    if name == "encounters":
        return [
            ("encounter_id", "int64", "Encounter identifier (unique)", "1..n"),
            ("patient_id", "int64", "Patient identifier (a patient has ~2.5 encounters)", "≥ 100001"),
            ("encounter_date", "datetime64[ns]", "Date of the encounter", "2025-01-01 to 2025-12-31"),
            ("facility", "category", "Facility of the encounter", "; ".join(_FACILITIES)),
            ("department", "category", "Registration point", "; ".join(_DEPARTMENTS)),
            ("age", "int16", "Age in years at the encounter", "18–95"),
            ("sex", "category", "Sex as recorded", "Female; Male"),
            ("payer", "category", "Primary payer", "; ".join(_PAYERS)),
            ("adi_percentile", "int16", "Area Deprivation Index of the home address, national percentile "
             "(higher = more deprived)", "1–100"),
            ("race_ethnicity", "category", "Race/ethnicity AS RECORDED at registration: raw strings, CDC "
             "codes, legacy labels, blanks, Declined, Unknown. Standardize with equitylab.real.standardize.",
             "free text"),
            ("language", "category", "Preferred spoken language AS RECORDED (names, ISO codes, blanks)",
             "free text"),
            ("interpreter_needed", "bool", "Patient needs an interpreter (derived from preferred language and "
             "English proficiency, IOM 2009 Rec. 4-1)", "True, False"),
        ] + _outcome_rows()
    if name == "workforce":
        return [
            ("staff_id", "int64", "Staff identifier", "≥ 50001"),
            ("role_level", "category (ordered)", "Level in the organization", "; ".join(_LEVELS)),
            ("department", "category", "Department", "; ".join(_WORK_DEPTS)),
            ("race_ethnicity", "category", "Self-identified race/ethnicity (2024 SPD 15 categories)",
             "; ".join(S.SPD15_2024 + (S.MULTIPLE,))),
            ("sex", "category", "Sex", "Female; Male"),
            ("hire_date", "datetime64[ns]", "Date of hire", "2006–2025"),
            ("promotions", "int16", "Promotions since hire (up to 10 years)", "0, 1, 2, …"),
            ("exit_date", "datetime64[ns]", "Date the person left; NaT if still employed", "2016–2025 or NaT"),
            ("active", "bool", "Still employed at the end of 2025", "True, False"),
        ]
    if name == "community":
        return [
            ("race_ethnicity", "category", "Race/ethnicity (2024 SPD 15 categories)",
             "; ".join(S.SPD15_2024 + (S.MULTIPLE,))),
            ("language", "object", "Preferred spoken language", "English and others"),
            ("age_band", "category (ordered)", "Age band in years", "; ".join(_AGE_BANDS)),
            ("population", "int64", "Residents of the service area in this cell", "≥ 0"),
        ]
    if name == "training":
        return [
            ("staff_id", "int64", "Staff identifier (links to workforce())", "≥ 50001"),
            ("role_level", "category (ordered)", "Level in the organization", "Manager; Clinician; Staff"),
            ("department", "category", "Department", "; ".join(_WORK_DEPTS)),
            ("module", "category", "Cultural competence training module", "; ".join(_MODULES)),
            ("assigned_date", "datetime64[ns]", "Date the module was assigned", "2025"),
            ("completed", "bool", "Module completed", "True, False"),
            ("completion_date", "datetime64[ns]", "Date completed; NaT if not completed", "2025 or NaT"),
            ("pre_score", "float64", "Knowledge test score before the module", "0–100"),
            ("post_score", "float64", "Knowledge test score after the module; NaN if not completed", "0–100, NaN"),
            ("confidence_pre", "float64", "Self-rated confidence before (1 = not at all, 5 = very)", "1–5"),
            ("confidence_post", "float64", "Self-rated confidence after; NaN if not completed", "1–5, NaN"),
        ]
    if name == "hospitals":
        rows = [
            ("hospital_id", "object", "Fictional hospital identifier", "H0001…"),
            ("region", "category", "Census region (invented)", "Northeast; Midwest; South; West"),
            ("beds", "category (ordered)", "Bed-size band (invented)", "<100; 100–299; 300+"),
        ]
        for edition, (n, figures) in BENCHMARK_FIGURES.items():
            for col, pct in figures.items():
                rows.append((col, "bool", f"{_COLUMN_MEANINGS[col]}. Edition {edition!r}: exactly {pct}% of "
                             f"{n} hospitals (published figure; {BENCHMARK_SOURCES[edition]})", "True, False"))
        for edition, (pat, board, execs) in BENCHMARK_DIVERSITY.items():
            rows.append(("patients_minority_pct", "float64",
                         f"Minority share of the hospital's patients (%); edition {edition!r}: panel mean "
                         f"{pat}% (published)", "0–100"))
            rows.append(("board_minority", "int64", f"Board members who are minorities; edition {edition!r}: "
                         f"{board}% of all board seats (published)", "0..board_size"))
            rows.append(("exec_minority", "int64", f"Executives who are minorities; edition {edition!r}: "
                         f"{execs}% of all executive positions (published)", "0..exec_size"))
        rows += [("board_size", "int64", "Board seats (invented)", "9–21"),
                 ("exec_size", "int64", "Executive positions (invented)", "5–12")]
        return rows
    raise ValueError(f"{name!r} is not one of the example datasets: {', '.join(names())}.")


def _notes(fn) -> str:
    """The 'Notes' section of a generator's docstring: the patterns built into the data (for faculty)."""
    import inspect

    doc = inspect.getdoc(fn) or ""
    if "Notes\n-----" not in doc:
        return ""
    return doc.split("Notes\n-----", 1)[1].split("Examples\n--------", 1)[0].strip()


def names() -> list[str]:
    """Names of the example datasets."""
    return ["encounters", "workforce", "community", "training", "hospitals"]


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
    table = pd.DataFrame(_dictionary(name), columns=["column", "dtype", "meaning", "allowed"])
    table.attrs["patterns"] = _notes(globals()[name])
    table.attrs["synthetic"] = True
    table.attrs["label"] = SYNTHETIC_LABEL
    table.attrs["note"] = f"{name}: SYNTHETIC data — fictional, generated by equitylab.datasets.{name}()."
    return table
