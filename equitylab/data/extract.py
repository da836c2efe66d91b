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

import pandas as pd

from .._validate import check_data_file, require_columns
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
        ``"synthetic"`` gives :func:`equitylab.datasets.encounters` (``n``, ``seed``). A file
        is checked first (:func:`equitylab._validate.check_data_file`): a missing file, a
        folder, a wrong extension, an empty or header-only file, text that is not UTF-8 or
        rows with the wrong number of fields each give one message naming the file.
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
        try:
            path = check_data_file(source)      # one message per problem, the same as the DuckDB path
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"{exc} (DATA_SOURCE in the notebook's parameters cell.)") from None
        try:
            if path.suffix.lower() == ".parquet":
                df = pd.read_parquet(path)
            else:
                df = pd.read_csv(path, sep="\t" if path.suffix.lower() == ".tsv" else ",", encoding="utf-8-sig",
                                 dtype={"race_ethnicity": "string", "language": "string"}, keep_default_na=False,
                                 na_values=[""])
        except (ValueError, OSError, pd.errors.ParserError) as exc:
            raise ValueError(f"{path.name} could not be read ({type(exc).__name__}: {str(exc)[:300]}).") from None
        df.attrs.update({"synthetic": False, "source_name": path.name, "label": f"Hospital extract {path.name}"})
    if columns:
        df = df.rename(columns=columns)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"The extract has no column {', '.join(map(repr, missing))}. Columns present: "
                         f"{', '.join(map(repr, df.columns))}. Rename yours with columns={{'YOUR_NAME': "
                         f"'{missing[0]}'}}.")
    require_columns(df, [c for c in (*REQUIRED, *OPTIONAL) if c in df.columns], what="load()")
    for outcome in OUTCOMES:
        if outcome in df.columns and df[outcome].dtype == object:
            raise ValueError(f"Outcome column {outcome!r} holds text; code it 0/1 (missing where it does not apply).")
    if standardize:
        for col in ("race_ethnicity", "language"):
            if col in df.columns:
                df[f"{col}_as_recorded"] = df[col]
                df[col], _ = real.standardize(df[col], col)
    return df
