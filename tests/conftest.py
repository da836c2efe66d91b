import pytest


@pytest.fixture(scope="session")
def enc():
    import equitylab as el

    df = el.datasets.encounters()
    df["race_ethnicity"], _ = el.real.standardize(df["race_ethnicity"], "race_ethnicity")
    return df


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The student and instructor versions of every notebook, built once for the test session (read them only)."""
    from equitylab.notebooks import build_notebooks
    from notebook_helpers import ROOT

    out = tmp_path_factory.mktemp("built")
    build_notebooks(out, ROOT)
    return out


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# The handout site and the headless browser, built/started once for every test module that uses them.
from site_helpers import browser, site  # noqa: E402,F401
