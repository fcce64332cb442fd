"""Lesson 03, one neuron: the widgets and exercise checkers of ``03_one_neuron.ipynb``.

Builders (each returns a :class:`~bplib.lessons._demo.Demo`):

* :func:`activation_explorer` — an activation ``f`` and its slope ``f′`` at a chosen ``s``;
* :func:`neuron_explorer` — sliders ``w₁, w₂, b``: the neuron's output over the input plane,
  the line where ``y = ½``, and the four logic-gate points;
* :func:`delta_rule_trainer` — the delta rule learning AND or OR (and failing at XOR).

:func:`plot_activations` draws the four activations and their derivatives once;
the ``check_*`` functions check the exercise; :func:`recap` is the closing quiz.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import data
from . import plots
from ..activations import ACTIVATIONS
from ..feedback import check
from ..fmt import fmt
from ..neuron import Neuron, best_line
from ..results import diverging
from . import playground, quiz
from ._demo import Demo
from .l02 import tangent

LO, HI = -0.5, 1.5   # the input plane shown: x₁ and x₂ from −0.5 to 1.5
GRID = 60            # the output image has GRID × GRID pixels
S_RANGE = 6.0        # the activation plots show s from −6 to 6

FORMULAS = {
    "identity": ("f(s) = s", "f′(s) = 1"),
    "sigmoid": ("f(s) = 1 / (1 + e<sup>−s</sup>)", "f′(s) = f(s)·(1 − f(s))"),
    "tanh": ("f(s) = tanh(s)", "f′(s) = 1 − tanh(s)²"),
    "relu": ("f(s) = max(0, s)", "f′(s) = 1 if s &gt; 0, else 0"),
}
#: The range of each ``f`` worth showing, from ``s = −6`` to ``6``.
F_LIMITS = {"identity": (-S_RANGE, S_RANGE), "relu": (-1.2, S_RANGE), "sigmoid": (-0.2, 1.2), "tanh": (-1.2, 1.2)}

_SLIDER = {"continuous_update": True, "readout_format": ".1f"}


def threshold_line(w1, w2, c):
    """Two points of the line ``w₁x₁ + w₂x₂ = c``, 20 apart; the axes show the part inside the plane.

    The line passes ``c·(w₁, w₂) / (w₁² + w₂²)``, its point nearest the origin, along ``(−w₂, w₁)``.
    With ``w₁ = w₂ = 0`` there is no line: two empty lists.

    >>> threshold_line(0.0, 2.0, 1.0)    # 2·x₂ = 1 is the horizontal line x₂ = ½
    ([10.0, -10.0], [0.5, 0.5])
    """
    norm = float(np.hypot(w1, w2))
    if norm == 0:
        return [], []
    (a, b), (u, v) = (c * w1 / norm ** 2, c * w2 / norm ** 2), (-w2 / norm, w1 / norm)
    return [a - 10 * u, a + 10 * u], [b - 10 * v, b + 10 * v]


def _line_words(neuron):
    """One sentence saying where the neuron's threshold line is."""
    name, c = neuron.activation.name, neuron.threshold
    w1, w2 = neuron.w
    if w1 == 0 and w2 == 0:
        return (f"No line: with w₁ = w₂ = 0 the output is f(b) = {fmt(neuron.activation.f(neuron.b), 3)} "
                f"everywhere.")
    level = fmt(c, 3)
    return (f"Dashed line: y = ½, which for {name} is where s = {level}: "
            f"{_sum_text(w1, w2, neuron.b)} = {level}. The neuron says 1 on the blue side.")


def _sum_text(w1, w2, b):
    """``w₁·x₁ + w₂·x₂ + b`` with the numbers in and the signs tidied: ``2·x₁ − 3·x₂ + 0.4``."""
    def signed(v):
        return f"− {fmt(-v, 3)}" if v < 0 else f"+ {fmt(v, 3)}"
    return f"{fmt(w1, 3)}·x₁ {signed(w2)}·x₂ {signed(b)}"


class _Plane(playground.Plane):
    """The input plane of lesson 06's demos (:class:`~bplib.lessons.playground.Plane`), for one neuron and a gate:
    the neuron's output as the picture, its ``y = ½`` line dashed, the gate's four points, a cross on each one
    the neuron gets wrong. Made once on ``ax``; :meth:`show` changes the artists in place.
    """

    def __init__(self, ax):
        super().__init__(ax, "", (LO, HI, LO, HI), GRID, ([0, 1], [0, 1]), sizes=(80, 0), aspect="equal")
        # A white ring inside a black one keeps a point visible on any background, even its own colour.
        self.train.set(edgecolor="white", linewidth=1.5)
        ax.scatter(*data.logic_gate("AND")[0].T, s=150, color=plots.BLACK, zorder=2.9)
        (self.line,) = ax.plot([], [], color=plots.BLACK, ls="--", lw=1.5)
        self.wrong = ax.scatter([], [], s=220, marker="x", color=plots.BLACK, linewidths=2, zorder=4)

    def show(self, neuron, x, t):
        with np.errstate(over="ignore", invalid="ignore"):
            self.show_y(neuron.activation.f(self.inputs @ neuron.w + neuron.b))
        self.line.set_data(*threshold_line(neuron.w[0], neuron.w[1], neuron.threshold - neuron.b))
        self.show_points(x, t)
        wrong = neuron.predict(x) != np.ravel(t)
        self.wrong.set_offsets(x[wrong] if wrong.any() else np.empty((0, 2)))


def _points_table(neuron, x, t):
    """An HTML table: each gate point's s, y, the neuron's answer, the desired output."""
    t = np.ravel(t)
    s = x @ neuron.w + neuron.b
    y = neuron.activation.f(s)
    answer = (y > 0.5).astype(int)
    rows = [[float(a), float(c), float(si), float(yi), int(ans), int(ti), "right" if ans == ti else "wrong"]
            for (a, c), si, yi, ans, ti in zip(x, s, y, answer, t)]
    right = int(np.sum(answer == t))
    return (plots.html_table(["x₁", "x₂", "s", "y", "says", "t", ""], rows, digits=3)
            + f"<b>{right} of 4 right.</b>")


def _sliders_and_menus(demo):
    """Controls in two columns: sliders on the left, dropdowns and buttons on the right."""
    sliders = [w for w in demo.controls.values() if isinstance(w, widgets.FloatSlider)]
    menus = [w for w in demo.controls.values() if not isinstance(w, widgets.FloatSlider)]
    right = menus + ([widgets.HBox(list(demo.buttons.values()))] if demo.buttons else [])
    return widgets.HBox([widgets.VBox(sliders), widgets.VBox(right)])


# -- activations --------------------------------------------------------------------------------
def _cross(ax):
    """Thin grey axes lines through ``(0, 0)``."""
    ax.axhline(0, color=plots.GREY, lw=0.5)
    ax.axvline(0, color=plots.GREY, lw=0.5)


def plot_activations(width=10.0, height=4.4):
    """The four activations (top row) and their derivatives (bottom row), drawn once.

    Returns the figure; show it with :func:`bplib.lessons.plots.static` (it has no controls).
    """
    fig, axes = plots.new_figure(width, height, nrows=2, ncols=4, sharex=True, layout="constrained")
    s = np.linspace(-S_RANGE, S_RANGE, 241)
    for k, (name, act) in enumerate(ACTIVATIONS.items()):
        top, bottom = axes[0, k], axes[1, k]
        top.plot(s, act.f(s), color=plots.BLUE)
        bottom.plot(s, act.df(s), color=plots.VERMILION)
        top.set(title=name, ylim=F_LIMITS[name])
        bottom.set(ylim=(-0.1, 1.1), xlabel="s")
        _cross(top)
        _cross(bottom)
    axes[0, 0].set_ylabel("f(s)")
    axes[1, 0].set_ylabel("f′(s)")
    return fig


class ActivationExplorer(Demo):
    """Pick an activation and a value of ``s``: ``f(s)`` with its tangent there, and ``f′(s)``."""

    def __init__(self, activation="sigmoid", s=1.0):
        super().__init__()
        self.add_control("activation", widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                                        description="activation"))
        self.add_control("s", widgets.FloatSlider(value=s, min=-S_RANGE, max=S_RANGE, step=0.1,
                                                  description="s", **_SLIDER))
        self.fig, ax = plots.new_figure(6.0, 3.2, layout="constrained")
        self.grid = np.linspace(-S_RANGE, S_RANGE, 241)
        _cross(ax)
        (self.f_curve,) = ax.plot([], [], color=plots.BLUE, lw=2, label="f(s)")
        (self.df_curve,) = ax.plot([], [], color=plots.VERMILION, lw=2, label="f′(s), the slope of f")
        (self.tangent,) = ax.plot([], [], color=plots.ORANGE, lw=1.5, label="tangent at s")
        (self.dots,) = ax.plot([], [], "o", color="white", mec=plots.BLACK, mew=1.5, ms=7)
        ax.set(xlim=(-S_RANGE, S_RANGE), xticks=[-5, 0, 5], xlabel="s")
        self.ax = ax
        self.add_text("values")
        self.update()

    def update(self):
        name, s = self.controls["activation"].value, self.controls["s"].value
        act, (lo, hi) = ACTIVATIONS[name], F_LIMITS[name]
        self.f_curve.set_data(self.grid, act.f(self.grid))
        self.df_curve.set_data(self.grid, act.df(self.grid))
        self.ax.set(ylim=(lo, hi), yticks=[v for v in (-5, -1, 0, 1, 5) if lo < v < hi])
        f, df = float(act.f(s)), float(act.df(s))
        self.tangent.set_data(*tangent(s, f, df, half=1.5))
        self.dots.set_data([s, s], [f, df])
        formula_f, formula_df = FORMULAS[name]
        self.texts["values"].value = (
            f"{plots.swatch(plots.BLUE, formula_f)} &emsp; {plots.swatch(plots.VERMILION, formula_df)} &emsp; "
            f"{plots.swatch(plots.ORANGE, 'the tangent at s')}<br>"
            f"At s = {fmt(s, 3)}: &nbsp; y = f(s) = <b>{fmt(f)}</b>, &nbsp; "
            f"slope f′(s) = <b>{fmt(df)}</b>")
        self.redraw()


def activation_explorer(activation="sigmoid", s=1.0):
    """An activation function and its derivative, with a slider for ``s``."""
    return ActivationExplorer(activation, s)


# -- one neuron -------------------------------------------------------------------------------
class NeuronExplorer(Demo):
    """Sliders ``w₁, w₂, b``: the neuron's output ``y`` over the input plane and the gate's points."""

    def __init__(self, w1=4.0, w2=4.0, b=-6.0, activation="sigmoid", gate="AND"):
        super().__init__()
        for name, label, value in (("w1", "w₁", w1), ("w2", "w₂", w2), ("b", "b", b)):
            self.add_control(name, widgets.FloatSlider(value=value, min=-10.0, max=10.0, step=0.1,
                                                       description=label, **_SLIDER))
        self.add_control("activation", widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                                        description="activation"))
        self.add_control("gate", widgets.Dropdown(options=list(data.GATES), value=gate,
                                                  description="gate"))
        self.fig, ax = plots.new_figure(4.0, 3.6, layout="constrained")
        self.plane = _Plane(ax)
        self.add_text("points")
        self.add_text("line", min_height="4.5em")
        self.update()

    def layout(self):
        right = widgets.VBox([self.texts["points"], self.texts["line"]],
                             layout=widgets.Layout(max_width="440px"))
        return widgets.VBox([_sliders_and_menus(self),
                             widgets.HBox([*self._canvas(), right], layout=widgets.Layout(grid_gap="16px")),
                             self.status])

    def update(self):
        v = self.values()
        neuron = Neuron([v["w1"], v["w2"]], v["b"], v["activation"])
        x, t = data.logic_gate(v["gate"])
        self.plane.show(neuron, x, t)
        self.texts["points"].value = _points_table(neuron, x, t)
        self.texts["line"].value = _line_words(neuron)
        self.redraw()


def neuron_explorer(w1=4.0, w2=4.0, b=-6.0, activation="sigmoid", gate="AND"):
    """One neuron with two inputs: slide its weights and bias, see its output over the plane."""
    return NeuronExplorer(w1, w2, b, activation, gate)


# -- the delta rule --------------------------------------------------------------------------
START_W, START_B = (-0.3, 0.4), 0.1   # where every training run starts (the same each time)
TRAIN_EPOCHS = 100                    # epochs per press of "Train"


class DeltaRuleTrainer(Demo):
    """The delta rule on a logic gate: Step (one epoch), Train (100 epochs), Reset."""

    def __init__(self, gate="AND", activation="sigmoid", lr=1.0):
        super().__init__()
        self.add_control("lr", widgets.FloatSlider(value=lr, min=0.05, max=5.0, step=0.05, description="η",
                                                   **{**_SLIDER, "readout_format": ".2f"}))
        self.add_control("gate", widgets.Dropdown(options=list(data.GATES), value=gate, description="gate"))
        self.add_control("activation", widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                                        description="activation"))
        self.add_button("step", "Step (1 epoch)", lambda: self.train(1))
        self.add_button("train", f"Train ({TRAIN_EPOCHS} epochs)", lambda: self.train(TRAIN_EPOCHS))
        self.add_button("reset", "Reset", self.reset)
        self.fig, (ax_plane, ax_err) = plots.new_figure(9.0, 3.4, ncols=2, layout="constrained",
                                                        gridspec_kw={"width_ratios": [1, 1.6]})
        self.plane = _Plane(ax_plane)
        (self.error_curve,) = ax_err.plot([], [], color=plots.ERROR, lw=2)
        ax_err.set(xlabel="epoch", ylabel="error E")
        for axis in (ax_err.xaxis, ax_err.yaxis):   # a few ticks: each tick label is laid out at every redraw
            axis.set_major_locator(MaxNLocator(3, steps=[1, 2, 5, 10]))
        self.ax_err = ax_err
        self.add_text("verdict", min_height="4.5em")
        self.add_text("updates", min_height="10em")
        self.reset()
        self.update()

    def layout(self):
        return widgets.VBox([_sliders_and_menus(self), *self._canvas(), self.texts["verdict"],
                             self.texts["updates"], self.status])

    def reset(self):
        """Back to the starting weights, for the gate and activation now chosen."""
        v = self.values()
        self.neuron = Neuron(START_W, START_B, v["activation"])
        self.x, self.t = data.logic_gate(v["gate"])
        self.problem = (v["gate"], v["activation"])
        self.errors = [self.neuron.error(self.x, self.t)]
        self.last_epoch, self.diverged = [], False

    def train(self, epochs):
        """``epochs`` more epochs of the delta rule with the η now chosen."""
        if self.problem != (self.controls["gate"].value, self.controls["activation"].value):
            self.reset()
        if self.diverged:
            return
        run = self.neuron.fit(self.x, self.t, self.controls["lr"].value, epochs)
        self.errors += run.errors[1:]
        self.last_epoch = run.last_epoch or self.last_epoch
        self.diverged = run.diverged or diverging(self.errors[-1], self.errors[0])   # across runs too

    def update(self):
        v = self.values()
        if self.problem != (v["gate"], v["activation"]):
            self.reset()
        self.plane.show(self.neuron, self.x, self.t)
        self.error_curve.set_data(np.arange(len(self.errors)), self.errors)
        self.ax_err.set(xlim=(0, max(10, len(self.errors) - 1)), ylim=(0, 1.08 * max(self.errors) + 1e-3))
        self.texts["verdict"].value = self._verdict()
        self.texts["updates"].value = self._updates_table()
        # η alone changes nothing shown until the next Step or Train: no new frame for it
        self.redraw_if_changed(self.problem, len(self.errors), self.diverged, tuple(self.neuron.w), self.neuron.b)

    def _verdict(self):
        n, E = len(self.errors) - 1, self.errors[-1]
        w1, w2 = self.neuron.w
        head = (f"<b>Epoch {n}</b>: w₁ = {fmt(w1, 3)}, w₂ = {fmt(w2, 3)}, b = {fmt(self.neuron.b, 3)}; "
                f"error E = {fmt(E)}; <b>{self.neuron.n_right(self.x, self.t)} of 4 right</b>.")
        if self.diverged:
            warning = "Diverged — try a smaller η, then press Reset."
        elif n and self.dead():
            warning = ("The neuron has died: s ≤ 0 for every sample, so y = 0 and f′(s) = 0 there. Every δ is 0 and "
                       f"no weight moves any more: E stays at {fmt(E)}. Press Reset and try a smaller η.")
        elif n and E > self.errors[0]:
            warning = f"Getting worse: the error grew from {fmt(self.errors[0])}. η is too large for this activation."
        else:
            return head + (" Press Step or Train." if n == 0 else "")
        return head + f"<br><span style='color:{plots.VERMILION}'>{warning}</span>"

    def dead(self):
        """True when a ReLU neuron has ``s ≤ 0`` for every sample: ``f′(s) = 0``, so it can never learn again."""
        s = self.x @ self.neuron.w + self.neuron.b
        return self.neuron.activation.name == "relu" and bool(np.all(s <= 0))

    def _updates_table(self):
        if not self.last_epoch:
            return ""
        rows = [[float(st.x[0]), float(st.x[1]), float(st.t), float(st.s), float(st.y), float(st.delta),
                 float(st.w[0]), float(st.w[1]), float(st.b)] for st in self.last_epoch]
        return plots.html_table(["x₁", "x₂", "t", "s", "y", "δ", "w₁ after", "w₂ after", "b after"], rows,
                                digits=3, caption="The last epoch, one update per sample: δ = (y − t)·f′(s), "
                                                  "then w ← w − η·δ·x, b ← b − η·δ")


def delta_rule_trainer(gate="AND", activation="sigmoid", lr=1.0):
    """Train one neuron on a logic gate with the delta rule, an epoch or a hundred at a time."""
    return DeltaRuleTrainer(gate, activation, lr)


def plot_best_lines(scale=8.0):
    """AND, OR and XOR side by side, each with the best line a single neuron can draw.

    The line comes from :func:`bplib.neuron.best_line`; the neuron's weights
    are that line's, times ``scale`` (a steeper sigmoid, the same line).
    Returns the figure; show it with :func:`bplib.lessons.plots.static` (it has no controls).
    """
    fig, axes = plots.new_figure(9.6, 3.6, ncols=3, layout="constrained")
    for ax, gate in zip(axes, data.GATES):
        x, t = data.logic_gate(gate)
        right, w, b = best_line(x, t)
        _Plane(ax).show(Neuron(scale * w, scale * b), x, t)
        ax.set_title(f"{gate}: at best {right} of 4 right")
    return fig


BUILDERS = {
    "activation_explorer": activation_explorer,
    "neuron_explorer": neuron_explorer,
    "delta_rule_trainer": delta_rule_trainer,
}


# -- exercise -----------------------------------------------------------------------------
#: The exercise's neuron and sample (the notebook states the same numbers).
EXERCISE = {"w1": 1.5, "w2": -2.0, "b": 0.5, "x1": 1.0, "x2": 0.5, "t": 0.0, "lr": 0.5}


def _exercise_step():
    e = EXERCISE
    neuron = Neuron([e["w1"], e["w2"]], e["b"], "sigmoid")
    return neuron.delta_rule_step([e["x1"], e["x2"]], e["t"], e["lr"])


def check_s(answer):
    """The adder's output ``s = w₁x₁ + w₂x₂ + b`` for the exercise's neuron."""
    return check(answer, _exercise_step().s, "the adder's output s",
                 hint="Multiply each input by its weight, add the products, then add b.")


def check_y(answer):
    """The neuron's output ``y = sigmoid(s)``."""
    return check(answer, _exercise_step().y, "the output y",
                 hint="y = 1 / (1 + e^(−s)); in Python: 1 / (1 + np.exp(-s)).")


def check_delta(answer):
    """The error signal ``δ = (y − t)·f′(s)``, with ``f′(s) = y·(1 − y)`` for sigmoid."""
    return check(answer, _exercise_step().delta, "the error signal δ",
                 hint="δ = (y − t)·y·(1 − y) for a sigmoid neuron.")


def check_new_w2(answer):
    """``w₂`` after one delta-rule update: ``w₂ − η·δ·x₂``.

    The answer is the old ``w₂ = −2`` plus a small change (``η·δ·x₂ ≈ 0.036``),
    so the 1% tolerance applies to that change (``scale=``), not to ``w₂``.
    """
    e, step = EXERCISE, _exercise_step()
    change = e["lr"] * step.delta * e["x2"]
    return check(answer, float(step.w[1]), "the new w₂", scale=change,
                 hint="w₂ ← w₂ − η·δ·x₂: use your δ from (c), η = 0.5 and x₂ = 0.5, "
                      "the input that w₂ multiplies; the change is small.")


# -- recap ---------------------------------------------------------------------------------
#: What the learner can do after lesson 03 (the recap's list).
CAN_DO = [
    "compute a neuron's adder output s and its output y = f(s) by hand",
    "name the three slopes of the chain w₁ → s → y → E and multiply them to get ∂E/∂w₁",
    "make one update of the generalized delta rule, δ = (y − t)·f′(s), w ← w − η·δ·x",
    "tell from a picture of the plane whether one neuron can separate a gate's 1s from its 0s",
]

#: The recap's questions (tests/test_l03.py recomputes each right answer).
QUESTIONS = [
    quiz.Question(
        "A sigmoid neuron gives y = 0.8 for a sample whose desired output is t = 0. "
        "What is its error signal δ = (y − t)·f′(s)?",
        ["0.8", "0.128", "0.16"], answer=1,
        why="For the sigmoid f′(s) = y·(1 − y) = 0.8 · 0.2 = 0.16, so δ = 0.8 · 0.16 = 0.128.",
        nudge="Two factors: the error y − t, and the sigmoid's slope written with y."),
    quiz.Question(
        "A ReLU neuron has s ≤ 0 for every sample of its table. What does one more epoch of the delta rule do?",
        ["The weights overshoot and the error grows",
         "Nothing: every δ is 0, so no weight moves",
         "The bias grows until s > 0 again"], answer=1,
        why="ReLU's slope is 0 where s ≤ 0, so δ = (y − t)·0 = 0 for every sample: the neuron has died.",
        nudge="Look at the factor f′(s) in δ when s ≤ 0."),
    quiz.Question(
        "Why does one neuron never get all four XOR points right, however long it trains?",
        ["Its learning rate is too small",
         "No straight line has (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other",
         "The sigmoid's slope is at most ¼"], answer=1,
        why="A neuron says 1 on one side of a straight line; XOR would need a line that does not exist.",
        nudge="Think of what a neuron's answer looks like over the plane."),
]


def recap():
    """The closing quiz of lesson 03: what you can now do, and three questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
