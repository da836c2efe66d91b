"""Run inside a build kernel before each notebook: the same clean start a fresh kernel would give.

The site build keeps one kernel per worker and runs its notebooks one after another in it, so that
Python, pandas, matplotlib and SciPy are imported once per worker instead of once per notebook
(see :mod:`equitylab.course.execute`). Before each notebook, :func:`prepare` is run in that kernel:

* the user namespace is emptied (what one notebook defined is not there for the next);
* the working folder and the environment variables are the notebook's own (its scratch folder, its
  throw-away workspace, ``EQUITYLAB_ROLE`` for the instructor version) — everything else in the
  environment is as the kernel was started;
* open figures and widgets are closed; matplotlib's settings and the warning filters are put back
  to what they were when the kernel was first prepared;
* the execution counter starts again at 1 (a new history session) and figures get alt text
  (:func:`equitylab.course.alttext.install`), so the executed notebook looks like one run in a kernel of
  its own.

Modules stay imported: that is the point. A library function that keeps state between calls (a
cache) must therefore give the same answer to every notebook — ``tests/test_execute.py`` runs
notebooks after one another in one kernel and compares them with fresh-kernel runs.
"""
from __future__ import annotations

import os
import sys
import warnings

__all__ = ["prepare"]

_FIRST: dict = {}


def _first_state() -> dict:
    """What the kernel looked like before its first notebook (taken once)."""
    if not _FIRST:
        import matplotlib.pyplot  # noqa: F401  (the inline backend sets its rc on import)
        import matplotlib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # the backend and its interactive mode are the inline backend's to keep, not settings to restore
            _FIRST["rc"] = {k: v for k, v in matplotlib.rcParams.items() if k not in ("backend", "interactive")}
        _FIRST["env"] = dict(os.environ)
        _FIRST["warnings"] = list(warnings.filters)
    return _FIRST


def prepare(cwd: str, env: dict[str, str]) -> None:
    """Give the next notebook a clean kernel: empty namespace, its folder and environment, fresh figures."""
    from IPython import get_ipython

    first = _first_state()
    shell = get_ipython()
    os.chdir(cwd)   # first: the previous notebook's folder is gone, and reset() asks for the current one
    if shell is not None:
        shell.reset(new_session=True)   # and the execution counter starts again at 1
    os.environ.clear()
    os.environ.update(first["env"])
    os.environ.update(env)
    warnings.filters[:] = first["warnings"]

    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(first["rc"])
    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].Widget.close_all()

    from .alttext import install

    install()
