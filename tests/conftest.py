import os

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _workspace(tmp_path, monkeypatch):
    """Every test saves into its own temporary workspace, never the user's."""
    monkeypatch.setenv("EQUITYLAB_WORKSPACE", str(tmp_path / "workspace"))
    yield


@pytest.fixture(scope="session")
def enc():
    import equitylab as el

    df = el.datasets.encounters()
    df["race_ethnicity"], _ = el.real.standardize(df["race_ethnicity"], "race_ethnicity")
    return df


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
