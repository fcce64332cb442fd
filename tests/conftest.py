"""Shared set-up: tests draw on matplotlib's Agg canvas, with no screen."""

import matplotlib

matplotlib.use("Agg")


import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Each demo makes its own figure; close them after every test so they do not pile up."""
    yield
    plt.close("all")
