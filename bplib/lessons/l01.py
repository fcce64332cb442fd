"""Lesson 01, one weight (``01_one_weight.ipynb``): the widget and the exercises.

The model ``y = w·x`` should give twice its input. With the table of the
lesson (``x = 0, 3, 9, 27``, ``t = 0, 6, 18, 54``) and ``w = 4`` the errors
``e = y − t`` are ``0, 6, 18, 54``, their squares ``0, 36, 324, 2916``, and
the error ``E = ½·mean(e²) = (0 + 36 + 324 + 2916) / 8 = 409.5``::

    >>> print(table(4))
         x      t      y = w·x   e = y − t        e²
         0      0            0           0         0
         3      6           12           6        36
         9     18           36          18       324
        27     54          108          54      2916
    E = ½·mean(e²) = 3276 / 8 = 409.5

:func:`one_weight_explorer` is the slider of the lesson: move ``w`` and the
table, the error curve ``E(w)`` and each sample's error change in place.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import one_weight
from . import plots
from .._checks import number
from ..fmt import fmt
from ..data import one_weight_table
from ..feedback import check
from . import quiz
from ._demo import Demo

__all__ = ["BUILDERS", "CAN_DO", "OneWeightExplorer", "QUESTIONS", "check_squared_error", "check_total_error",
           "one_weight_explorer", "recap", "table", "table_html"]

W_MIN, W_MAX = -1.0, 5.0
DIGITS = 6   # significant digits of the table's numbers: 102.375 and 2916 in full, slider dust (3.0000000000000004) gone


def _rows(w, x, t):
    """The columns of the table at ``w``: ``(x, t, y, e, e²)`` and ``E``."""
    y = one_weight.outputs(w, x)
    e = one_weight.errors(w, x, t)
    return x, t, y, e, e ** 2, one_weight.total_error(w, x, t)


def table(w, x=None, t=None):
    """The table of lesson 01 at weight ``w`` as plain text: ``x, t, y = w·x, e = y − t, e²`` and ``E``.

    ``x`` and ``t`` default to :func:`bplib.one_weight_table`. At ``w = 3``
    the errors are ``0, 3, 9, 27`` and ``E = (0 + 9 + 81 + 729) / 8 = 102.375``.
    """
    w = number(w, "w")
    if x is None and t is None:
        x, t = one_weight_table()
    x, t, y, e, e2, E = _rows(w, x, t)
    lines = [f"{'x':>6} {'t':>6} {'y = w·x':>12} {'e = y − t':>11} {'e²':>9}"]
    for row in zip(x, t, y, e, e2):
        lines.append("".join(f"{fmt(v, DIGITS):>{width}}" for v, width in zip(row, (6, 7, 13, 12, 10))))
    lines.append(f"E = ½·mean(e²) = {fmt(e2.sum(), DIGITS)} / {2 * len(x)} = {fmt(E, DIGITS)}")
    return "\n".join(lines)


def table_html(w, x, t):
    """The same table as :func:`table`, as HTML for the widget (:func:`bplib.lessons.plots.html_table`).

    Each error also gets a bar whose length is ``|e|`` (blue: the output is
    too high, vermilion: too low); a row that is right says so instead.
    """
    x, t, y, e, e2, E = _rows(w, x, t)
    scale = max(float(np.max(np.abs(e))), 1e-12)
    rows = []
    for xi, ti, yi, ei, e2i in zip(x, t, y, e, e2):
        colour = plots.POSITIVE if ei > 0 else plots.NEGATIVE
        bar = ("right" if abs(ei) < 1e-9 else
               f"<div style='width:{max(1, round(100 * abs(ei) / scale))}px;height:10px;background:{colour}'></div>")
        rows.append([float(xi), float(ti), float(yi), float(ei), float(e2i), bar])
    n_right = int(np.sum(np.abs(e) < 1e-9))
    return (
        plots.html_table(["x", "t", "y = w·x", "e = y − t", "e²", "<span style='display:inline-block;width:100px'>"
                          "</span>"], rows, digits=DIGITS)
        + f"<p style='margin:4px 0'>w = {fmt(w, DIGITS)}: E = ½·mean(e²) = {fmt(e2.sum(), DIGITS)} / {2 * len(x)} = "
        f"<b>{fmt(E, DIGITS)}</b><br>{n_right} of {len(x)} outputs right "
        f"<span style='color:{plots.GREY}'>(bars: blue = too high, vermilion = too low)</span></p>"
    )


class OneWeightExplorer(Demo):
    """A slider for ``w`` in ``y = w·x``: the table and the error curve ``E(w)``, updated in place.

    The figure is the parabola ``E(w) = ½·mean((w·x − t)²)`` with the current
    ``w`` marked; the table beside it lists each sample's output and error.
    """

    def __init__(self, w=4.0):
        super().__init__()
        w = number(w, "w")
        self.x, self.t = one_weight_table()
        self.add_control("w", widgets.FloatSlider(
            value=min(max(w, W_MIN), W_MAX), min=W_MIN, max=W_MAX, step=0.1, description="w",
            continuous_update=True, readout_format=".1f"))
        self.fig, ax = plots.new_figure(4.8, 2.9, layout="constrained")
        # The error curve, drawn once: E(w) is a parabola with its bottom at w = 2.
        grid = np.linspace(W_MIN, W_MAX, 121)
        curve = [one_weight.total_error(g, self.x, self.t) for g in grid]
        ax.plot(grid, curve, color=plots.ERROR, lw=1.5)
        (self.drop,) = ax.plot([], [], ":", color=plots.GREY, lw=1)
        (self.marker,) = ax.plot([], [], "o", color=plots.ORANGE, markeredgecolor=plots.BLACK, ms=9)
        ax.set(xlim=(W_MIN, W_MAX), ylim=(0, max(curve) * 1.08), xlabel="w", ylabel="error E")
        for axis in (ax.xaxis, ax.yaxis):   # a few ticks: each tick label is laid out at every redraw
            axis.set_major_locator(MaxNLocator(3, steps=[1, 2, 5, 10]))
        self.add_text("table")
        self.update()

    def update(self):
        w = self.controls["w"].value
        E = one_weight.total_error(w, self.x, self.t)
        self.marker.set_data([w], [E])
        self.drop.set_data([w, w], [0, E])
        self.texts["table"].value = table_html(w, self.x, self.t)
        self.redraw()

    def layout(self):
        """The slider above; the curve and the table side by side."""
        row = widgets.HBox([*self._canvas(), self.texts["table"]], layout=widgets.Layout(align_items="center"))
        return widgets.VBox([self.controls["w"], row, self.status])


def one_weight_explorer(w=4.0):
    """The slider of lesson 01: move ``w`` and watch the table and the error curve."""
    return OneWeightExplorer(w)


BUILDERS = {"one_weight_explorer": one_weight_explorer}


# -- exercises ---------------------------------------------------------------------
def check_squared_error(answer):
    """Exercise: the squared error of the last sample (``x = 27``, ``t = 54``) at ``w = 1``."""
    x, t = one_weight_table()
    expected = one_weight.squared_errors(1.0, x, t)[-1]
    return check(answer, expected, "the squared error of the sample x = 27 at w = 1",
                 hint="First the output y = w·x, then the error e = y − t, then square it.")


def check_total_error(answer, w=2.5):
    """Exercise: the error ``E = ½·mean(e²)`` over the whole table at ``w`` (2.5 in the lesson)."""
    w = number(w, "w")
    x, t = one_weight_table()
    expected = one_weight.total_error(w, x, t)
    return check(answer, expected, f"the error E at w = {fmt(w, DIGITS)}",
                 hint="Work out e = w·x − t for all four rows, square each, add them up, "
                      "then divide by 4 (the mean) and by 2 (the ½).")


# -- recap -----------------------------------------------------------------------------
CAN_DO = [
    "compute the outputs y = w·x, the errors e = y − t and the error E of a table",
    "explain why the errors are squared before they are averaged",
    "read off two tries, or the error curve, which way w should move",
]

QUESTIONS = [
    quiz.Question("At w = 3 the errors are 0, 3, 9, 27. What is the error E?",
                  ["819 / 4 = 204.75", "819 / 8 = 102.375", "39 / 8 = 4.875"], answer=1,
                  why="E = ½·mean(e²): the squares 0, 9, 81, 729 add up to 819; divide by 4 rows and by 2.",
                  nudge="Square each error first, then take half of the mean of the squares."),
    quiz.Question("Why are the errors squared before they are averaged?",
                  ["to make E smaller", "so that errors of opposite sign cannot cancel",
                   "because the errors are never negative"], answer=1,
                  why="+5 and −5 would add to 0 and look perfect; their squares, 25 and 25, do not.",
                  nudge="Think of two errors, +5 and −5: what is their mean, and what is the mean of their squares?"),
    quiz.Question("At w = 1.5 every output with x > 0 is too low. Which way should w move?",
                  ["up, to a larger w", "down, to a smaller w", "it does not matter"], answer=0,
                  why="Outputs y = w·x that are too low grow with w; E falls as w rises towards 2.",
                  nudge="An output that is too low: does a larger or a smaller w make it grow?"),
]


def recap():
    """The lesson's recap: what you can now do, and three quick questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
