"""Shared set-up: tests draw on matplotlib's Agg canvas, with no screen."""

import matplotlib

matplotlib.use("Agg")
