"""Equity Lab: data tools and exercises for the AHA #123forEquity training curriculum.

The core idea is a quality measure *stratified* by race, ethnicity, language and other
groups: :func:`stratify` gives rates with confidence intervals, comparisons with a
reference group and small-cell suppression; :func:`disparity` summarises the gaps.

Public API
----------
Data: ``datasets`` (synthetic example data), ``real`` (REaL standardization and
audit), ``standards`` (the categories and code sets), ``extract`` (a hospital's own file).
Measures: ``aggregate``, ``stratify``, ``from_aggregate``, ``disparity``; ``plots`` draws them;
``privacy`` is the disclosure-control rule every output goes through.
Leadership and training: ``representation``, ``pipeline``, ``minority``, ``paired``; their figures
in ``workforce_plots``; ``clas`` is the National CLAS Standards self-check.
Exercises: ``check``, ``ask``, ``exercises``, ``progress``, ``room``; ``swot``, ``assess`` and ``plan``
for the organizational assessment and action plans; ``workspace`` saves it all; ``blueprint``
compiles the day's saved work into the Blueprint for Action.

The package is layered (see docs/architecture.md): ``data`` → ``stats`` → ``report``;
``checking`` and ``organization`` use them; ``course`` uses everything. Names load on first
use, so ``import equitylab`` does not load matplotlib, SciPy or DuckDB.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Public sub-namespaces: attribute -> module.
_MODULES = {
    "datasets": "equitylab.datasets",
    "real": "equitylab.data.real",
    "standards": "equitylab.data.standards",
    "extract": "equitylab.data.extract",
    "measures": "equitylab.data.measures",
    "benchmarks": "equitylab.data.benchmarks",
    "privacy": "equitylab.data.suppression",
    "plots": "equitylab.report.plots",
    "workspace": "equitylab.checking.workspace",
    "swot": "equitylab.organization.swot",
    "assess": "equitylab.organization.assess",
    "plan": "equitylab.organization.plan",
    "pledge": "equitylab.organization.pledge",
    "curriculum": "equitylab.course.curriculum",
    "notebooks": "equitylab.course.notebooks",
    "bank": "equitylab.course.bank",
    "workforce_plots": "equitylab.report.workforce",
    "clas": "equitylab.organization.clas",
}
#: Public functions and classes: attribute -> (module, name).
_NAMES = {
    "aggregate": ("equitylab.stats.aggregate", "aggregate"),
    "stratify": ("equitylab.stats.stratify", "stratify"),
    "from_aggregate": ("equitylab.stats.stratify", "from_aggregate"),
    "source": ("equitylab.stats.sql", "source"),
    "disparity": ("equitylab.stats.disparity", "disparity"),
    "excess_events": ("equitylab.stats.disparity", "excess_events"),
    "dashboard": ("equitylab.report.dashboard", "dashboard"),
    "Feedback": ("equitylab.checking.feedback", "Feedback"),
    # the engine's functions, with the course's exercises registered first
    "check": ("equitylab.checking.engine", "check"),
    "exercises": ("equitylab.checking.registry", "exercises"),
    "progress": ("equitylab.checking.engine", "progress"),
    "room": ("equitylab.checking.engine", "room"),
    "representation": ("equitylab.stats.representation", "representation"),
    "pipeline": ("equitylab.stats.representation", "pipeline"),
    "minority": ("equitylab.stats.representation", "minority"),
    "paired": ("equitylab.stats.paired", "paired"),
    "blueprint": ("equitylab.course.blueprint", "blueprint"),
    "ask": ("equitylab.checking.ask", "ask"),
}
_NEEDS_BANK = {"check", "exercises", "progress", "room", "ask"}

__all__ = sorted(set(_MODULES) | set(_NAMES))


class _PublicAlias:
    """Lets ``import equitylab.real`` (and the other public sub-namespaces) find the module where it lives."""

    def find_spec(self, fullname, path=None, target=None):
        short = fullname.rpartition(".")[2] if fullname.startswith("equitylab.") else None
        if short in _MODULES and _MODULES[short] != fullname and fullname.count(".") == 1:
            from importlib.machinery import ModuleSpec

            return ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return importlib.import_module(_MODULES[spec.name.rpartition(".")[2]])

    def exec_module(self, module):
        pass


import sys as _sys  # noqa: E402

if not any(isinstance(f, _PublicAlias) for f in _sys.meta_path):
    _sys.meta_path.append(_PublicAlias())


def _show_full_text() -> None:
    """In a notebook, tables show their full text (pandas cuts cells at 50 characters by default), and a filter that
    picks no row says which name matched nothing (:mod:`equitylab.checking.cellhelp`)."""
    global _DISPLAY_SET
    _DISPLAY_SET = True
    if "IPython" in _sys.modules:
        import pandas

        pandas.set_option("display.max_colwidth", None)
        importlib.import_module("equitylab.checking.cellhelp").install()


_DISPLAY_SET = False


def __getattr__(name: str):
    if not _DISPLAY_SET and not name.startswith("__"):
        _show_full_text()
    if name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    elif name in _NAMES:
        if name in _NEEDS_BANK:
            importlib.import_module("equitylab.course.bank")  # registers every session's exercises
        module, attr = _NAMES[name]
        value = getattr(importlib.import_module(module), attr)
    else:
        raise AttributeError(f"module 'equitylab' has no attribute {name!r}")
    globals()[name] = value  # cache: the next access is a plain attribute
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
