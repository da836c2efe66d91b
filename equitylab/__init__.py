"""Equity Lab: data tools and exercises for the AHA #123forEquity training curriculum.

The core idea is a quality measure *stratified* by race, ethnicity, language and other
groups: :func:`stratify` gives rates with confidence intervals, comparisons with a
reference group and small-cell suppression; :func:`disparity` summarises the gaps.

Public API
----------
Data: ``datasets`` (synthetic example data), ``real`` (REaL standardization and
audit), ``standards`` (the categories and code sets).
Measures: ``aggregate``, ``stratify``, ``from_aggregate``, ``disparity``; ``plots`` draws them.
Exercises: ``check``, ``exercises``, ``progress``, ``room``; ``swot``, ``assess`` and ``plan``
for the organizational assessment and action plans; ``workspace`` saves it all.
"""
from . import datasets, real, standards  # noqa: F401
from .aggregate import aggregate
from .disparity import disparity, excess_events
from .stratify import from_aggregate, stratify
from . import plots  # noqa: F401
from . import workspace  # noqa: F401
from .checks import check, exercises, progress, room
from .feedback import Feedback
from . import swot, assess, plan  # noqa: F401
from . import extract, pledge, privacy  # noqa: F401
from .dashboard import dashboard

__version__ = "0.1.0"

__all__ = [
    # data
    "datasets", "real", "standards",
    # measures
    "aggregate", "stratify", "from_aggregate", "disparity", "excess_events", "dashboard", "plots", "extract",
    # exercises and the participant's work
    "check", "exercises", "progress", "room", "Feedback", "swot", "assess", "plan", "workspace",
    "curriculum", "pledge", "privacy",
]


def __getattr__(name):
    # curriculum and notebooks need nbformat (slow to import): load them on first use
    if name in ("curriculum", "notebooks"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'equitylab' has no attribute {name!r}")
