"""``equitylab.datasets``: the synthetic example datasets, their data dictionaries, and a synthetic room.

A public facade: the generators live in :mod:`equitylab.data.synthetic`, the rehearsal room
in :mod:`equitylab.organization.rehearsal`. Everything here is SYNTHETIC (fictional).
"""
from .data.benchmarks import BENCHMARK_DIVERSITY, BENCHMARK_FIGURES, BENCHMARK_SOURCES  # noqa: F401
from .data.measures import OUTCOMES  # noqa: F401
from .data.synthetic import *  # noqa: F401,F403
from .data.synthetic import __all__ as _synthetic_all
from .organization.rehearsal import room  # noqa: F401

__all__ = list(_synthetic_all) + ["room", "OUTCOMES"]
