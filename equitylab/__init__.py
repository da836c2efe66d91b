"""Equity Lab: data tools and exercises for the AHA #123forEquity training curriculum."""
from . import datasets, real, standards  # noqa: F401

__version__ = "0.1.0"
