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
