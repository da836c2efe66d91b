"""Input checks shared by the public functions: clear errors that name the problem and the fix."""
from __future__ import annotations

from typing import Iterable

import pandas as pd


def require_columns(df, columns: Iterable[str], *, what: str) -> None:
    """Raise ``ValueError`` naming every missing column and listing those present."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} expects a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        present = ", ".join(map(repr, df.columns)) or "(none)"
        names = ", ".join(map(repr, missing))
        raise ValueError(
            f"{what}: column {names} not found. Columns present: {present}. "
            "Check the spelling or rename your column to match."
        )
