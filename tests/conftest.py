import pytest


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


# The handout site and the headless browser, built/started once for every test module that uses them.
from site_helpers import browser, site  # noqa: E402,F401
