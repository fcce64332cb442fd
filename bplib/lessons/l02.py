"""Lesson 02, gradient descent (``02_gradient_descent.ipynb``): the widgets and the exercises.

The error of lesson 01, ``E(w) = ½·mean((w·x − t)²)``, has the slope

    dE/dw = mean of (y − t)·x

(the chain rule in one line: the slope of ``½e²`` is ``e``, and the slope of
``e = w·x − t`` with respect to ``w`` is ``x``). At ``w = 4`` the errors are
``0, 6, 18, 54`` and ``dE/dw = (0·0 + 6·3 + 18·9 + 54·27) / 4 = 1638 / 4 = 409.5``.
Gradient descent moves the weight against the slope, ``w ← w − η·dE/dw``:
with ``η = 0.001``, from ``4`` to ``4 − 0.4095 = 3.5905``.

With ``t = 2·x`` the error is ``E(w) = ½·mean(x²)·(w − 2)²`` with
``mean(x²) = (0 + 9 + 81 + 729) / 4 = 204.75``, so each step multiplies the
distance to ``w = 2`` by ``1 − η·204.75``: the descent converges for
``0 < η < 2/204.75 ≈ 0.00977`` and jumps to the bottom in one step at
``η = 1/204.75 ≈ 0.00488``.

* :func:`slope_explorer` — a slider for ``w`` (and the nudge ``ε``): the
  tangent of the error curve from the formula, and the chord measured by
  nudging ``w``.
* :func:`descent_demo` — sliders for the starting ``w`` and ``η``, buttons
  *Step*, *Run 10 steps* and *Reset*; the path of ``w`` on the error curve and
  the error after each step.
"""

import textwrap

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator

from .. import one_weight
from . import plots
from .._checks import LR, number, positive_number, whole_number
from ..data import one_weight_table
from ..feedback import check
from . import quiz
from ._demo import Demo
from ..fmt import fmt

__all__ = ["BUILDERS", "CAN_DO", "DescentDemo", "QUESTIONS", "SlopeExplorer", "check_slope", "check_update",
           "descent_words", "descent_demo", "mean_square_input", "recap", "slope_explorer"]

W_MIN, W_MAX = -1.0, 5.0
# The η slider moves log10(η) in steps of LR_STEP. Its grid is laid so that one of its points is
# η = 1/mean(x²) = 1/204.75, the rate that lands on w = 2 in one step (the lesson asks the learner
# to find it): the lowest point is that exponent minus 169 steps, η ≈ 0.0000997.
LR_STEP = 0.01
LR_ONE_STEP = 1 / 204.75
LR_EXP_MIN = np.log10(LR_ONE_STEP) - 169 * LR_STEP
LR_EXP_MAX = -1.7
LR_MIN, LR_MAX = 10 ** LR_EXP_MIN, 10 ** LR_EXP_MAX   # η from about 0.0001 to about 0.02: past the limit 0.00977
RUN_STEPS = 10                      # steps taken by the Run button
MAX_STEPS = 200                     # no more steps are kept than this (keeps a redraw fast)
E_FLOOR = 1e-9                      # errors below this are drawn at it on the log axis
DIGITS = 6                          # w and E as the lesson writes them: 3.5905, 639.844, 204.75
LR_DIGITS = 3                       # η in the text, and on the η slider (its readout_format): 0.0105


def mean_square_input(x=None):
    """``mean(x²)``, which sets how steep the error curve is: 204.75 for the lesson's table.

    ``(0² + 3² + 9² + 27²) / 4 = (0 + 9 + 81 + 729) / 4 = 204.75``.
    """
    if x is None:
        x, _ = one_weight_table()
    return float(np.mean(np.square(np.asarray(x, dtype=float))))


def _curve(lo, hi, x, t, n=121):
    """``n`` points of the error curve ``E(w) = ½·mean((w·x − t)²)`` for ``w`` from ``lo`` to ``hi``."""
    grid = np.linspace(lo, hi, n)
    return grid, 0.5 * np.mean((grid[:, None] * x - t) ** 2, axis=1)


def _num(value):
    return fmt(value, DIGITS)


def tangent(x, y, slope, half=1.0):
    """``(xs, ys)``: the ends of the line through ``(x, y)`` with ``slope``, from ``x − half`` to ``x + half``
    (lessons 02 to 04 draw slopes with it)."""
    return [x - half, x + half], [y - slope * half, y + slope * half]


class SlopeExplorer(Demo):
    """The slope of the error curve at ``w``, from the formula and measured by nudging ``w`` by ``ε``.

    The green line is the tangent with the slope ``mean((y − t)·x)``; the
    orange points are ``E(w − ε)`` and ``E(w + ε)``, and the dashed line
    through them has the measured slope ``(E(w + ε) − E(w − ε)) / 2ε``.
    """

    def __init__(self, w=4.0, eps=0.5):
        super().__init__()
        w, eps = number(w, "w"), positive_number(eps, "eps (the nudge ε)")
        self.x, self.t = one_weight_table()
        self.add_control("w", widgets.FloatSlider(
            value=float(np.clip(w, W_MIN, W_MAX)), min=W_MIN, max=W_MAX, step=0.1, description="w",
            readout_format=".1f"))
        self.add_control("eps", widgets.FloatLogSlider(
            value=float(np.clip(eps, 0.01, 1.0)), base=10, min=-2, max=0, step=0.05, description="ε",
            readout_format=".3g"))
        self.fig, ax = plots.new_figure(4.6, 3.0, layout="constrained")
        grid, curve = _curve(W_MIN - 0.3, W_MAX + 0.3, self.x, self.t)
        ax.plot(grid, curve, color=plots.ERROR, lw=1.5)
        (self.tangent,) = ax.plot([], [], color=plots.GREEN, lw=5, alpha=0.6, label="slope from the formula")
        (self.chord,) = ax.plot([], [], "--", color=plots.ORANGE, lw=1.5, label="slope measured by nudging")
        (self.nudges,) = ax.plot([], [], "o", color=plots.ORANGE, mec=plots.BLACK, ms=6)
        (self.marker,) = ax.plot([], [], "o", color="white", mec=plots.BLACK, mew=1.5, ms=8)
        top = one_weight.total_error(W_MIN - 0.3, self.x, self.t)
        ax.set(xlim=(W_MIN - 0.3, W_MAX + 0.3), ylim=(-0.08 * top, top * 1.05), xlabel="w", ylabel="error E")
        ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))   # a few ticks: each tick label
        ax.yaxis.set_major_locator(MaxNLocator(3, steps=[1, 2, 5, 10]))   # is laid out at every redraw
        self.add_text("slopes", min_height="7.5em")
        self.update()

    def update(self):
        w, eps = self.controls["w"].value, self.controls["eps"].value
        x, t = self.x, self.t
        E = one_weight.total_error(w, x, t)
        formula = one_weight.slope(w, x, t)
        measured = one_weight.measured_slope(w, x, t, eps=eps)
        E_minus, E_plus = one_weight.total_error(w - eps, x, t), one_weight.total_error(w + eps, x, t)
        self.marker.set_data([w], [E])
        self.tangent.set_data(*tangent(w, E, formula))
        self.chord.set_data(*tangent(w, E, measured, half=max(eps, 0.6)))   # at least as long as a short line
        self.nudges.set_data([w - eps, w + eps], [E_minus, E_plus])
        e = one_weight.errors(w, x, t)
        products = " + ".join(_num(v) for v in e * x)
        way = ("lower w (move left)" if formula > 1e-9 else "raise w (move right)" if formula < -1e-9
               else "stay: this is the bottom")
        self.texts["slopes"].value = (
            f"<div style='line-height:1.6'>"
            f"w = {_num(w)}: errors e = y − t = {', '.join(_num(v) for v in e)}<br>"
            f"{plots.swatch(plots.GREEN, 'formula')}: dE/dw = mean(e·x)<br>"
            f"&emsp;= ({products}) / {len(x)} = <b>{_num(formula)}</b><br>"
            f"{plots.swatch(plots.ORANGE, 'nudging')}: (E(w + ε) − E(w − ε)) / 2ε<br>"
            f"&emsp;= ({_num(E_plus)} − {_num(E_minus)}) / {fmt(2 * eps, 3)} = <b>{_num(measured)}</b><br>"
            f"difference: {fmt(abs(formula - measured), 2)}<br>the slope says: {way}</div>"
        )
        self.redraw()

    def layout(self):
        """The sliders above; the curve and the numbers side by side."""
        row = widgets.HBox([*self._canvas(), self.texts["slopes"]],
                           layout=widgets.Layout(align_items="center", grid_gap="16px"))
        return widgets.VBox([widgets.HBox(list(self.controls.values())), row, self.status])


class DescentDemo(Demo):
    """Gradient descent on ``E(w)``: sliders for the starting ``w`` and ``η``; Step, Run, Reset.

    The demo shows ``steps`` steps of ``w ← w − η·dE/dw`` from the starting
    ``w`` (computed afresh by :func:`bplib.one_weight.fit` whenever a
    slider moves, so moving ``η`` reshapes the whole path). Left: the path on
    the error curve; right: the error after each step, on a log scale. A
    descent that diverges stops at its last finite point and says so in words.
    """

    def __init__(self, w=4.0, lr=0.001, steps=0):
        super().__init__()
        w = number(w, "w")
        lr = positive_number(lr, LR)
        self.steps = min(whole_number(steps, "steps", minimum=0), MAX_STEPS)
        self.x, self.t = one_weight_table()
        self.m = mean_square_input(self.x)
        self.add_control("w", widgets.FloatSlider(
            value=float(np.clip(w, W_MIN, W_MAX)), min=W_MIN, max=W_MAX, step=0.1, description="start w",
            readout_format=".1f"))
        self.add_control("lr", widgets.FloatLogSlider(
            value=float(np.clip(lr, LR_MIN, LR_MAX)), base=10, min=LR_EXP_MIN, max=LR_EXP_MAX,
            step=LR_STEP, description="η", readout_format=f".{LR_DIGITS}g"))
        self.add_button("step", "Step", lambda: self._more(1))
        self.add_button("run", f"Run {RUN_STEPS} steps", lambda: self._more(RUN_STEPS))
        self.add_button("reset", "Reset", lambda: setattr(self, "steps", 0))

        self.fig, (ax, ax_e) = plots.new_figure(10.0, 3.0, 1, 2, layout="constrained")
        (self.curve,) = ax.plot([], [], color=plots.ERROR, lw=1.5)
        (self.path_line,) = ax.plot([], [], "-o", color=plots.ORANGE, mec=plots.BLACK, mew=0.5, lw=1, ms=5)
        (self.start,) = ax.plot([], [], "o", color=plots.BLACK, ms=7, mfc="white", mew=1.5)
        (self.now,) = ax.plot([], [], "o", color=plots.ORANGE, mec=plots.BLACK, mew=1.5, ms=9)
        ax.set(xlabel="w", ylabel="error E", yticks=[], title="the path of w on the error curve")
        ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))
        # The error after each step, on a log scale.
        (self.error_line,) = ax_e.plot([], [], "-o", color=plots.ERROR, lw=1, ms=4)
        ax_e.set(xlabel="step", ylabel="error E", title="the error after each step (log scale)")
        plots.log_scale(ax_e, "y", LogLocator(numticks=4))
        ax_e.xaxis.set_major_locator(MaxNLocator(3, integer=True))
        self.ax, self.ax_e = ax, ax_e
        self._curve_range = None
        self.descent = None
        self.add_text("report", min_height="8em")
        self.update()

    def _more(self, n):
        """``n`` more steps (the buttons Step and Run); none once the descent has diverged (it cannot go on)."""
        if not self.descent.diverged:
            self.steps = min(len(self.descent.path) - 1 + n, MAX_STEPS)

    @property
    def path(self):
        """The weights visited so far, ``[w₀, w₁, …]``."""
        return self.descent.path

    # -- drawing ----------------------------------------------------------------------
    def update(self):
        w0, lr = self.controls["w"].value, self.controls["lr"].value
        x, t = self.x, self.t
        # `steps` is what the buttons asked for; a diverging descent stops short of it.
        self.descent = d = one_weight.fit(w0, x, t, lr, self.steps)
        path, errs = d.path, d.errors
        self._draw_curve(min(W_MIN, path.min()), max(W_MAX, path.max()))
        self.path_line.set_data(path, errs)
        self.start.set_data(path[:1], errs[:1])
        self.now.set_data(path[-1:], errs[-1:])
        shown = np.maximum(errs, E_FLOOR)
        self.error_line.set_data(np.arange(len(errs)), shown)
        self.ax_e.set_xlim(-0.5, max(RUN_STEPS, len(errs) - 1) + 0.5)
        lo, hi = shown.min(), shown.max()
        self.ax_e.set_ylim(lo / 3, max(hi * 3, lo * 30))
        self.texts["report"].value = self._report(d, lr)
        self.redraw()

    def _draw_curve(self, lo, hi):
        """The error curve over ``[lo, hi]`` plus a margin; recomputed only when the range changes."""
        margin = 0.05 * (hi - lo)
        key = (lo - margin, hi + margin)
        if key != self._curve_range:
            self._curve_range = key
            grid, curve = _curve(*key, self.x, self.t)
            self.curve.set_data(grid, curve)
            self.ax.set_xlim(*key)
            self.ax.set_ylim(-0.04 * curve.max(), 1.08 * curve.max())

    def _report(self, d, lr):
        w, k = d.path[-1], len(d.path) - 1
        factor, eta = 1 - lr * self.m, fmt(lr, LR_DIGITS)
        lines = [f"step {k}: w = {_num(w)}, E = {fmt(d.errors[-1])}"]
        if d.diverged:
            lines.append(f"<b style='color:{plots.VERMILION}'>diverged — try a smaller η.</b> {descent_words(d)}")
        else:
            s = one_weight.slope(w, self.x, self.t)
            lines.append(f"slope dE/dw = {fmt(s)}; next step: w ← w − η·dE/dw = {_num(w)} − {eta}·({fmt(s)}) "
                         f"= {_num(w - lr * s)}")
            lines.append("Press Step or Run." if k == 0 else descent_words(d))
        lines.append(
            f"η·mean(x²) = {eta}·{_num(self.m)} = {fmt(lr * self.m, 3)}: each step multiplies the distance to "
            f"w = 2 by 1 − η·mean(x²) = {fmt(factor, 3)} "
            + ("(exactly −1: w bounces for ever)" if abs(factor + 1) < 1e-9
               else "(between −1 and 1: converges)" if abs(factor) < 1
               else "(beyond −1: overshoots further each step)"))
        return "<div style='line-height:1.5'>" + "<br>".join(lines) + "</div>"


def descent_words(d, width=None):
    """:meth:`~bplib.one_weight.Descent.describe` with η to ``LR_DIGITS`` digits, as its slider shows it;
    ``width``: wrap the words to lines that short, for printing.

    >>> x, t = one_weight_table()
    >>> print(descent_words(one_weight.fit(4, x, t, lr=0.002, steps=20)))
    After 20 steps the error fell from 409.5 to 2.891×10⁻⁷.
    """
    words = d.describe(lr_digits=LR_DIGITS)
    return textwrap.fill(words, width, subsequent_indent="  ") if width else words


def slope_explorer(w=4.0, eps=0.5):
    """The slope of the error curve at ``w``: formula (tangent) against nudging (chord)."""
    return SlopeExplorer(w, eps)


def descent_demo(w=4.0, lr=0.001, steps=0):
    """Gradient descent from ``w`` with learning rate ``η = lr``, ``steps`` steps taken already."""
    return DescentDemo(w, lr, steps)


BUILDERS = {"slope_explorer": slope_explorer, "descent_demo": descent_demo}


# -- exercises ---------------------------------------------------------------------
def check_slope(answer, w=1.0):
    """Exercise: the slope ``dE/dw = mean((y − t)·x)`` at ``w`` (``w = 1`` in the lesson)."""
    w = number(w, "w")
    x, t = one_weight_table()
    return check(answer, one_weight.slope(w, x, t), f"the slope dE/dw at w = {_num(w)}",
                 hint="For each row: e = w·x − t, then e·x; the slope is the mean of the four products.")


def check_update(answer, w=1.0, lr=0.002):
    """Exercise: the weight after one step, ``w − η·dE/dw``, from ``w`` with ``η = lr``."""
    w = number(w, "w")
    lr = positive_number(lr, LR)
    x, t = one_weight_table()
    change = lr * one_weight.slope(w, x, t)
    # Right means the step η·dE/dw is right to 1%, not just the new w (the step is small beside w).
    return check(answer, w - change, f"the new w after one step from w = {_num(w)} with η = {fmt(lr, LR_DIGITS)}",
                 scale=abs(change) if change else None,
                 hint="First the slope dE/dw at this w, then the step η·dE/dw, then w − step: "
                      "mind the sign, a negative slope makes w larger.")


# -- recap -----------------------------------------------------------------------------
CAN_DO = [
    "measure the slope dE/dw by nudging w, and work it out from the formula mean((y − t)·x)",
    "take a step of gradient descent, w ← w − η·dE/dw, by hand",
    "tell from the factor 1 − η·mean(x²) whether a descent creeps in, oscillates or diverges",
]

QUESTIONS = [
    quiz.Question("At some w the slope dE/dw is −50. Which way does one step of gradient descent move w?",
                  ["up: w grows", "down: w shrinks", "it depends on η"], answer=0,
                  why="w − η·(−50) = w + 50·η, and η is positive.",
                  nudge="Put the numbers into w − η·dE/dw with a positive η."),
    quiz.Question("For the lesson's table, mean(x²) = 204.75. What does η = 0.009 do?",
                  ["creeps in from one side", "jumps over w = 2 at every step but still converges",
                   "diverges"], answer=1,
                  why="1 − 0.009·204.75 ≈ −0.84: the sign flips at every step, and the distance shrinks.",
                  nudge="Work out the factor 1 − η·mean(x²) and look at its sign and its size."),
    quiz.Question("Make every input ten times as large. The largest safe η becomes …",
                  ["the same", "ten times smaller", "a hundred times smaller"], answer=2,
                  why="The limit is 2/mean(x²), and mean(x²) grows with the square of the inputs.",
                  nudge="Which quantity sets the limit, and how does it change when x is ten times larger?"),
]


def recap():
    """The lesson's recap: what you can now do, and three quick questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
