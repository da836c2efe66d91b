"""Shared by the tests and the docstring examples: every test saves into its own temporary
workspace (never ./my_equitylab) and draws without a screen."""
import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.delenv("EQUITYLAB_ROLE", raising=False)
    monkeypatch.setenv("EQUITYLAB_STRICT", "1")     # a broken answer key raises in tests (engine.check)
    yield
