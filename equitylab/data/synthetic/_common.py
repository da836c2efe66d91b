"""Shared by the synthetic generators: the synthetic label, sampling helpers, the service area's languages."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import standards as S

SYNTHETIC_LABEL = "Synthetic data (Equity Lab, fictional Lakeside Health) — not real patients or hospitals"

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

def _label(df: pd.DataFrame, name: str) -> pd.DataFrame:
    df.attrs["synthetic"] = True
    df.attrs["label"] = SYNTHETIC_LABEL
    df.attrs["dataset"] = name
    df.attrs["source_name"] = "Lakeside Health (fictional)" if name != "hospitals" else "fictional benchmark panel"
    if name in ("encounters", "training", "workforce"):
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
