"""The exercises of every Equity Lab notebook, each declared once, one module per session.

Each expected answer is a function of the synthetic data, evaluated at check time, so
it stays right when a dataset or seed changes. Importing this package registers every
exercise with :mod:`equitylab.checking.registry`; notebooks call
``equitylab.check("<id>", answer)``; nothing here is ever typed into a notebook.
"""
from . import closing, demo, s1, s2, s3, s4, s5  # noqa: F401  (registers the exercises)
from ._common import encounters_std

__all__ = ["encounters_std"]
