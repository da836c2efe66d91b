"""Shared by the tests and the docstring examples: every test saves into its own temporary
workspace (never ./my_equitylab) and draws without a screen."""
import os

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# Property tests draw the same examples on every run (CI is reproducible: a failure is seen by the developer
# first, not by chance on a later run). EL_HYP_RANDOM=1 explores new examples, as when hunting for bugs.
settings.register_profile("equitylab", derandomize=not os.environ.get("EL_HYP_RANDOM"), database=None)
settings.load_profile("equitylab")


@pytest.fixture(autouse=True)
def _workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.delenv("EQUITYLAB_ROLE", raising=False)
    monkeypatch.setenv("EQUITYLAB_STRICT", "1")     # a broken answer key raises in tests (engine.check)
    yield
