"""Synthetic example datasets for Equity Lab — every one of them fictional, and labelled so.

Six seeded, deterministic, vectorised generators, one module each, with a data dictionary
(:func:`describe`):

* :func:`encounters` — patient encounters of the fictional *Lakeside Health* system,
  with REaL fields as recorded at registration (messy) and five quality outcomes.
* :func:`workforce` — the system's staff roster, from the board to front-line staff.
* :func:`community` — the service area's population (the denominator for representation).
* :func:`training` — cultural competence training records.
* :func:`partners` — the system's community partners (fictional organizations).
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
from ._common import SYNTHETIC_LABEL
from .community import community, partners
from .dictionary import describe, names
from .encounters import encounters
from .hospitals import hospitals
from .training import training
from .workforce import workforce

__all__ = ["encounters", "workforce", "community", "partners", "training", "hospitals", "describe", "names",
           "SYNTHETIC_LABEL"]
