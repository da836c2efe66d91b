"""Load the data for the Session 3 analysis: the synthetic example, or a hospital's own extract.

A hospital extract is one row per encounter with (at least) the REaL columns as recorded and
the outcome columns coded 0/1, missing where a measure does not apply. Column names follow
``equitylab.datasets.describe("encounters")``; ``columns=`` renames yours to them.

Example
-------
>>> from equitylab.extract import load
>>> data = load("synthetic")
>>> data.attrs["synthetic"]
True
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import real
from .measures import OUTCOMES
from .synthetic import encounters

__all__ = ["load", "REQUIRED", "OPTIONAL"]

#: Columns the Session 3 analysis needs.
REQUIRED = ("race_ethnicity",)
#: Columns it uses when present.
OPTIONAL = ("department", "facility", "payer", "language", "interpreter_needed", *OUTCOMES)


def load(source: str | os.PathLike = "synthetic", *, columns: dict | None = None, standardize: bool = True,
         n: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """Read the data for Session 3.

    Parameters
    ----------
    source : "synthetic" or a path to a .csv or .parquet file
        ``"synthetic"`` gives :func:`equitylab.datasets.encounters` (``n``, ``seed``).
    columns : dict, optional
        Renames your columns to Equity Lab's, e.g. ``{"RACE_ETH": "race_ethnicity"}``.
    standardize : bool, default True
        Standardize ``race_ethnicity`` and ``language`` in place; the values as recorded are
        kept in ``race_ethnicity_as_recorded`` and ``language_as_recorded`` for the audit.

    Returns
    -------
    DataFrame
        With ``attrs["synthetic"]`` (False for your own file) and ``attrs["source_name"]``,
        (Run :func:`equitylab.real.standardize` yourself to see the mapping report.)
    """
    if isinstance(source, pd.DataFrame):
        raise TypeError("load() reads a file or 'synthetic'; a DataFrame you already have needs no loading — "
                        "pass it straight to equitylab.stratify().")
    if str(source) == "synthetic":
        df = encounters(n=n, seed=seed)
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"No extract at {str(path)!r} (relative to {os.getcwd()!r}). Check DATA_SOURCE.")
        if path.suffix.lower() == ".parquet":
            df = pd.read_parquet(path)
        elif path.suffix.lower() in (".csv", ".txt"):
            df = pd.read_csv(path, dtype={"race_ethnicity": "string", "language": "string"}, keep_default_na=False,
                             na_values=[""])
        else:
            raise ValueError(f"Cannot read {path.name!r}: save the extract as .csv or .parquet.")
        df.attrs.update({"synthetic": False, "source_name": path.name, "label": f"Hospital extract {path.name}"})
    if columns:
        df = df.rename(columns=columns)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"The extract has no column {', '.join(map(repr, missing))}. Columns present: "
                         f"{', '.join(map(repr, df.columns))}. Rename yours with columns={{'YOUR_NAME': "
                         f"'{missing[0]}'}}.")
    for outcome in OUTCOMES:
        if outcome in df.columns and df[outcome].dtype == object:
            raise ValueError(f"Outcome column {outcome!r} holds text; code it 0/1 (missing where it does not apply).")
    if standardize:
        for col in ("race_ethnicity", "language"):
            if col in df.columns:
                df[f"{col}_as_recorded"] = df[col]
                df[col], _ = real.standardize(df[col], col)
    return df
