"""Code sets shipped as data, each with its source and version (see ``README.md`` in this folder).

``cdc_race_ethnicity.csv``: the CDC Race & Ethnicity code set (race and ethnicity concepts, 964 rows) from the
npm package ``hl7.terminology.r4@7.0.1`` (HL7 Terminology, CC0-1.0), built by ``build_cdcrec``.

Example
-------
>>> from equitylab.data.codesets import cdc_race_ethnicity
>>> rows = {r["code"]: r for r in cdc_race_ethnicity()}
>>> rows["2123-8"]["display"], rows["2123-8"]["category_2024"], rows["2123-8"]["category_1997"]
('Lebanese', 'Middle Eastern or North African', 'White')
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

__all__ = ["cdc_race_ethnicity", "provenance", "CDC_RACE_ETHNICITY_CSV"]

#: The shipped CSV (provenance lines start with ``#``).
CDC_RACE_ETHNICITY_CSV = Path(__file__).with_name("cdc_race_ethnicity.csv")


def provenance(path: Path = CDC_RACE_ETHNICITY_CSV) -> str:
    """The provenance header of a shipped code set: its ``#`` lines, without the ``#``."""
    with open(path, encoding="utf-8") as fh:
        return "\n".join(line[1:].strip() for line in fh if line.startswith("#"))


@lru_cache(maxsize=None)
def cdc_race_ethnicity() -> tuple[dict, ...]:
    """Every concept of the CDC Race & Ethnicity code set, in hierarchy order.

    Returns
    -------
    tuple of read-only mappings
        One per concept: ``code``, ``display``, ``parent_code`` (``""`` for a root), ``level`` (1 for a
        root), ``path`` (codes from the root, ``/``-separated), ``category_2024`` (minimum category under the
        2024 SPD 15), ``category_1997`` (under the 1997 standards) and ``code_system`` (``v3-Race`` or
        ``v3-Ethnicity``). A category is ``""`` where the concept has none (2131-1 Other Race; 2186-5 Not
        Hispanic or Latino under 2024). Read with :func:`pandas.DataFrame` for a table.

    Examples
    --------
    >>> from equitylab.data.codesets import cdc_race_ethnicity
    >>> len(cdc_race_ethnicity())
    964
    """
    with open(CDC_RACE_ETHNICITY_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return tuple(MappingProxyType({**r, "level": int(r["level"])}) for r in rows)  # read-only: shared by all
