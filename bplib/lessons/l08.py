"""Lesson 08, static and recurrent backpropagation (``08_recurrent_backpropagation.ipynb``).

The maths lives in :mod:`bplib.recurrent`; here are the widgets and the
exercise checkers.

Builders (each returns a :class:`~bplib.lessons._demo.Demo`):

* :func:`relaxation_explorer` — the forward relaxation of a 5-neuron network:
  every neuron's output against the iterations, and the largest change per
  step against the tolerance. A slider scales all weights: beyond a scale of
  about 4.15 the undamped iteration no longer settles, and the demo says so
  in words; the α slider damps each step, ``y ← (1 − α)·y + α·f(W y + b + x)``,
  and with ``α = ½`` it settles again.
* :func:`backward_explorer` — the backward relaxation of the error signals
  ``δ`` (damped by the same α) and the resulting gradient plotted against
  the gradient found by perturbation.
* :func:`training_explorer` — a 9-neuron network learning to complete 3×3
  pictures of which one row is hidden: the error curve, and the pictures the
  relaxation settles on after any number of epochs.

The figures are plain matplotlib (constrained layout, default ticks, a log
axis where a quantity spans decades, legends); every number worth reading is
in the HTML text under the figure.

The network of the first two demos, :func:`demo_network`: neurons 0 and 1
take the input ``x = (1, −1)``, neuron 4 is the output (target 0.9), and all
25 connections are present::

    >>> net = demo_network()
    >>> y, trajectory = net.relax(X_DEMO)
    >>> len(trajectory) - 1          # iterations until no output changes by 1e-10
    15
"""

import functools

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator

from ..activations import sigmoid
from ..feedback import check
from ..fmt import fmt, superscript
from ..gradcheck import compare_gradients
from ..recurrent import NotConvergedError, RecurrentNetwork, Relaxation, pattern_completion, perturbation_gradients
from . import plots, quiz
from ._demo import Demo

__all__ = ["BUILDERS", "CAN_DO", "QUESTIONS", "BackwardExplorer", "RelaxationExplorer", "TrainingExplorer",
           "T_DEMO", "X_DEMO", "backward_explorer", "check_fixed_point", "check_one_step",
           "check_self_loop_gradient", "demo_network", "fixed_point", "recap",
           "relaxation_explorer", "step_radius", "training_explorer"]

X_DEMO = np.array([1.0, -1.0])   # the input of the demo network, fed to neurons 0 and 1
T_DEMO = np.array([0.9])         # the target of its output neuron 4
NAMES = ["0 (input)", "1 (input)", "2", "3", "4 (output)"]   # the key of the first two figures
_SLIDER = {"continuous_update": True, "layout": widgets.Layout(width="340px")}
SCALES = dict(min=0.25, max=6.0, step=0.25)
ALPHAS = dict(min=0.25, max=1.0, step=0.05)


def _tol_text(tol):
    """``10⁻⁸``: a tolerance as the tol slider shows it (and the change axis its ticks)."""
    return f"10{superscript(round(np.log10(tol)))}"


TOLERANCES = [(_tol_text(10.0 ** -k), 10.0 ** -k) for k in (2, 4, 6, 8, 10, 12)]
TEXT_HEIGHT = "160px"     # the text under each figure: room for its longest message and table, so nothing jumps


def vector(values):
    """``(0.5, −1.25)``: each number in :func:`bplib.fmt.fmt`'s format."""
    return "(" + ", ".join(fmt(v) for v in np.ravel(values)) + ")"


def _base_weights():
    """Seed-3 random weights, scaled so the largest eigenvalue of W has size 1, to 2 decimals."""
    net = RecurrentNetwork(5, inputs=[0, 1], outputs=[4], seed=3)
    W = net.weights / np.max(np.abs(np.linalg.eigvals(net.weights)))
    return np.round(W, 2)


W_DEMO = _base_weights()


def demo_network(scale=1.0):
    """The 5-neuron sigmoid network of the lesson with every weight multiplied by ``scale``.

    Neurons 0 and 1 are the inputs, neuron 4 the output; biases are zero.
    The undamped relaxation settles for scales up to about 4.15 and swings
    beyond; damped with ``alpha=0.5`` it settles up to 6 and more.
    """
    net = RecurrentNetwork(5, inputs=[0, 1], outputs=[4], activation="sigmoid", seed=3)
    net.weights = scale * W_DEMO
    return net


def fixed_point(net, x=X_DEMO):
    """The fixed point ``y = f(W y + b + x)`` of ``net``, found by a well-damped relaxation (α = 0.2).

    Returns ``None`` if even that does not settle in 5000 steps.
    """
    r = net.relax(x, tol=1e-13, max_iter=5000, strict=False, alpha=0.2)
    return r.y if r.converged else None


def step_radius(net, y, alpha=1.0, x=X_DEMO):
    """The spectral radius of one step's Jacobian ``(1 − α) I + α D W`` at the state ``y``.

    ``D = diag f′(s)`` with ``s = W y + b + x``. Below 1 the (damped)
    relaxation settles on the fixed point ``y`` from nearby; above 1 it is
    pushed away and cannot settle there.
    """
    D = net.activation.df(_adder(net, y, x))
    J = (1 - alpha) * np.eye(net.n) + alpha * D[:, None] * net.weights
    return float(np.max(np.abs(np.linalg.eigvals(J))))


def _adder(net, y, x=X_DEMO):
    """Every neuron's adder output ``s = W y + b + x`` at the state ``y`` (``x`` reaches the input neurons)."""
    X = np.zeros(net.n)
    X[net.inputs] = x
    return net.weights @ y + net.biases + X


def _panel(text, ok=True, values=None, header=""):
    """The text under a figure; with ``values`` (one per neuron), a table of them beside it.

    Each row of the table starts with a swatch of that neuron's colour in the figure.
    """
    colour = plots.BLACK if ok else plots.NEGATIVE
    words = f"<div style='max-width:{560 if values is not None else 820}px;color:{colour}'>{text}</div>"
    if values is None:
        return words
    rows = [[plots.swatch(c, name), float(v)] for (c, _), name, v in zip(plots.NEURONS, NAMES, values)]
    return (f"<div style='display:flex;gap:24px;align-items:flex-start'>"
            f"<div>{plots.html_table(['neuron', header], rows)}</div>{words}</div>")


def _neuron_lines(ax):
    """One line per neuron of the demo network, each in its own colour and dash (plots.NEURONS)."""
    return [ax.plot([], [], color=colour, ls=dash, lw=1.8, label=name)[0]
            for (colour, dash), name in zip(plots.NEURONS, NAMES)]


def _two_panels(width_ratios=(1, 1)):
    """A full-width figure of two axes side by side, in constrained layout."""
    return plots.new_figure(10.4, 3.4, ncols=2, layout="constrained", gridspec_kw={"width_ratios": width_ratios})


def _scale_and_alpha(demo, scale, alpha):
    """The weight-scale and damping sliders of the first two demos."""
    for name, value, label, steps in (("scale", scale, "weight scale", SCALES), ("α", alpha, "damping α", ALPHAS)):
        demo.add_control(name, widgets.FloatSlider(value=value, description=label, readout_format=".2f",
                                                   **steps, **_SLIDER))


# -- the forward relaxation -----------------------------------------------------------
class RelaxationExplorer(Demo):
    """Sliders for the weight scale, ``max_iter``, ``tol`` and the damping ``α``; every output against iterations."""

    def __init__(self, scale=1.0, max_iter=100, tol=1e-8, alpha=1.0):
        super().__init__()
        self._runs = {}
        _scale_and_alpha(self, scale, alpha)
        self.add_control("max_iter", widgets.IntSlider(value=max_iter, min=10, max=500, step=10,
                                                       description="max_iter", **_SLIDER))
        self.add_control("tol", widgets.SelectionSlider(options=TOLERANCES, value=tol, description="tol",
                                                        **_SLIDER))
        self.fig, (ax, ax_change) = _two_panels()
        self.lines = _neuron_lines(ax)   # their key: the swatches of the table beside the verdict
        ax.set(ylim=(0, 1), xlabel="iteration k", ylabel="output y")
        (self.change,) = ax_change.plot([], [], ".-", color=plots.BLACK, lw=1, ms=3)
        self.tol_line = ax_change.axhline(tol, color=plots.GREEN, ls="--", lw=1.2)
        ax_change.set(ylim=(1e-16, 10), xlabel="iteration k", ylabel="largest change in one step")
        plots.log_scale(ax_change, "y", LogLocator(numticks=5), label=_tol_text)   # 10⁻⁸, as on the tol slider
        for a in (ax, ax_change):
            a.xaxis.set_major_locator(MaxNLocator(5, integer=True, steps=[1, 2, 5, 10]))
        self.axes = (ax, ax_change)
        self.add_text("verdict", min_height=TEXT_HEIGHT)
        self.update()

    def relax(self, scale, tol, max_iter, alpha=1.0):
        """``demo_network(scale).relax(X_DEMO, tol, max_iter, strict=False, alpha=alpha)``, cut from one run.

        The steps do not depend on ``tol`` or ``max_iter``; only where the
        relaxation stops does: at the first step that changes no output by
        ``tol``, or at step ``max_iter``. So one run per weight scale, to the
        sliders' smallest ``tol`` and largest ``max_iter``, holds every
        answer (one run per weight scale and α), and moving ``tol`` or ``max_iter`` computes nothing again.
        Returns ``(net, relaxation)``; the tests check it against ``net.relax``.
        """
        key, smallest, most = (round(scale, 6), round(alpha, 6)), TOLERANCES[-1][1], self.controls["max_iter"].max
        if key not in self._runs:
            net = demo_network(scale)
            self._runs[key] = net, net.relax(X_DEMO, tol=smallest, max_iter=most, strict=False, alpha=alpha)
        net, full = self._runs[key]
        if tol < smallest or max_iter > most or (full.error is not None and full.error.blew_up):
            return net, net.relax(X_DEMO, tol=tol, max_iter=max_iter, strict=False, alpha=alpha)  # not in the run
        below = np.flatnonzero(full.changes < tol)
        if below.size and below[0] < max_iter:
            n, error = int(below[0]) + 1, None
        else:
            n, error = max_iter, NotConvergedError("forward", max_iter, full.changes[max_iter - 1], tol)
        y = full.trajectory[n]
        return net, Relaxation(y, full.trajectory[:n + 1], _adder(net, y), full.changes[:n], error is None, error)

    def update(self):
        scale, max_iter, tol, alpha = (self.controls[k].value for k in ("scale", "max_iter", "tol", "α"))
        net, r = self.relax(scale, tol, max_iter, alpha)
        k = np.arange(r.iterations + 1)
        for j, line in enumerate(self.lines):
            line.set_data(k, r.trajectory[:, j])
        self.change.set_data(k[1:], np.clip(r.changes, 1e-16, None))
        self.tol_line.set_ydata([tol, tol])
        for ax in self.axes:   # to 10, 20, 50, …: the ticks (and the layout) change only past those
            ax.set_xlim(0, plots.nice_up(max(r.iterations, 5)))
        self.texts["verdict"].value = _panel(self._verdict(net, r, scale, max_iter, tol, alpha), r.converged,
                                             r.y, f"y after {r.iterations} iterations")
        self.redraw()

    KEY = (f"Right: {plots.swatch(plots.BLACK, 'the largest change of an output in one step')} "
           f"{plots.swatch(plots.GREEN, 'tol (dashed)')}<br>")

    @classmethod
    def _verdict(cls, net, r, scale, max_iter, tol, alpha=1.0):
        L = net.contraction_bound()
        bound = cls.KEY + f"L = max f′·‖W‖ = {fmt(L, 2)} is " + (
            "below 1: every step brings any two states closer by at least that factor, so the relaxation must settle."
            if L < 1 else "above 1: the bound guarantees nothing; it may still settle, or it may not.")
        step = "y ← f(W y + b + x)" if alpha == 1 else f"y ← {fmt(1 - alpha, 2)}·y + {fmt(alpha, 2)}·f(W y + b + x)"
        if r.converged:
            rho = step_radius(net, r.y, alpha)
            return (f"<b>Settled</b> after {r.iterations} iterations of {step}: the last step changed no "
                    f"output by as much as tol = {_tol_text(tol)}. Fixed point y: the table.<br>"
                    f"There one step's Jacobian (1 − α)I + α·D·W has spectral radius {fmt(rho, 4)}, "
                    f"below 1.<br><span style='color:{plots.GREY}'>{bound}</span>")
        y = fixed_point(net)
        where = ""
        if y is not None:
            rho = step_radius(net, y, alpha)
            where = (f" Yet the fixed point exists, y = {vector(y)}: there one step's Jacobian "
                     f"(1 − α)I + α·D·W has spectral radius {fmt(rho, 4)}"
                     + (", above 1, so this step pushes the outputs away from it."
                        if rho > 1 else ", below 1: allow more iterations."))
        return (f"<b>Did not settle</b> within max_iter = {max_iter} iterations of {step} (weight scale "
                f"{fmt(scale, 3)}): the last step still changed an output by {fmt(r.changes[-1], 2)}, and "
                f"<code>net.relax(x)</code> raises <code>NotConvergedError</code>.{where}<br>"
                f"<span style='color:{plots.GREY}'>{bound}</span>")


relaxation_explorer = RelaxationExplorer   # the builders the notebook calls are the demos' classes


# -- the backward relaxation ----------------------------------------------------------
class BackwardExplorer(Demo):
    """Sliders for the weight scale and α: the error signals ``δ`` relaxing, and the gradient against perturbation."""

    def __init__(self, scale=1.0, alpha=1.0):
        super().__init__()
        _scale_and_alpha(self, scale, alpha)
        self.fig, (ax, ax_check) = _two_panels((1.6, 1))
        self.lines = _neuron_lines(ax)   # their key: the swatches of the table beside the verdict
        ax.set(xlabel="backward iteration k", ylabel="error signal δ")
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True, steps=[1, 2, 5, 10]))
        ax_check.plot([-1, 1], [-1, 1], color=plots.GREY, lw=1)
        self.points = ax_check.scatter(np.zeros(0), np.zeros(0), s=20, color=plots.BLUE,
                                       edgecolors=plots.BLACK, linewidths=0.5, zorder=3)
        ax_check.set(xlabel="∂E/∂w by perturbation", ylabel="∂E/∂w by recurrent backprop", aspect="equal")
        for axis in (ax_check.xaxis, ax_check.yaxis):
            axis.set_major_locator(MaxNLocator(4, symmetric=True))
        self.axes = (ax, ax_check)
        self.add_text("verdict", min_height=TEXT_HEIGHT)
        self.update()

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def _gradients(scale, alpha):
        """``(grads, nudged, problem)`` for ``scale`` and ``alpha``, computed once per slider position."""
        net = demo_network(scale)
        try:
            return (net.backward(X_DEMO, T_DEMO, alpha=alpha),
                    perturbation_gradients(net, X_DEMO, T_DEMO, alpha=alpha), None)
        except NotConvergedError as problem:
            return None, None, problem

    def update(self):
        scale, alpha = self.controls["scale"].value, self.controls["α"].value
        grads, nudged, problem = self._gradients(round(scale, 6), round(alpha, 6))
        ax, ax_check = self.axes
        if problem is not None:
            for line in self.lines:
                line.set_data([], [])
            self.points.set_offsets(np.zeros((0, 2)))
            exists = fixed_point(demo_network(scale)) is not None
            self.texts["verdict"].value = _panel(
                f"At weight scale {fmt(scale, 3)} with α = {fmt(alpha, 2)} the {problem.which} relaxation "
                f"does not settle, so <code>net.backward(x, t, alpha={alpha:g})</code> raises "
                f"<code>NotConvergedError</code> instead of drawing a gradient."
                + (" The fixed point and the gradient exist all the same: damp the steps (α = 0.5) and "
                   "both relaxations settle on them." if exists else ""), ok=False)
            self.redraw()
            return
        k = np.arange(grads.iterations + 1)
        for j, line in enumerate(self.lines):
            line.set_data(k, grads.trajectory[:, j])
        lo, hi = float(grads.trajectory.min()), float(grads.trajectory.max())
        # Limits rounded out to 1, 2, 5 × 10ⁿ: the tick labels (and the layout) change only past those.
        y_lo = -plots.nice_up(-1.05 * lo) if lo < 0 else 0.0
        y_hi = plots.nice_up(1.05 * hi) if hi > 0 else 0.0
        ax.set(xlim=(0, plots.nice_up(max(grads.iterations, 5))), ylim=(y_lo, y_hi if y_hi > y_lo else y_lo + 1e-6))
        both, mine = (np.concatenate([np.ravel(g[0]), np.ravel(g[1])]) for g in (nudged, grads))
        self.points.set_offsets(np.column_stack([both, mine]))
        largest = max(float(np.max(np.abs(both))), float(np.max(np.abs(mine))), 1e-9)
        reach = plots.nice_up(1.1 * largest)
        ax_check.set(xlim=(-reach, reach), ylim=(-reach, reach))
        report = compare_gradients(grads, nudged)
        self.texts["verdict"].value = _panel(
            f"With α = {fmt(alpha, 2)}: forward settled after {grads.relaxation.iterations} iterations. "
            f"Backward: δ settled after "
            f"{grads.iterations} iterations at the δ in the table.<br>"
            f"Gradient ∂E/∂w<sub>ji</sub> = δ<sub>j</sub>·y<sub>i</sub> for all 25 weights and 5 biases, "
            f"against perturbation (60 more relaxations): largest difference "
            f"{fmt(report.max_relative_difference, 1)} of the largest gradient — "
            f"{'they agree' if report.agree else 'they DISAGREE'}.", values=grads.delta, header="δ settled")
        self.redraw()


backward_explorer = BackwardExplorer


# -- training: completing pictures ----------------------------------------------------
LEARNING_RATES = [("0.3", 0.3), ("1", 1.0), ("3", 3.0), ("10", 10.0), ("30", 30.0)]
MAX_EPOCHS = 600
CUES = [("a row hidden (trained)", "rows"), ("a column hidden (new)", "columns")]
CUE_WORDS = {"rows": "a row hidden, as in training", "columns": "a column hidden, never seen in training"}


class TrainingExplorer(Demo):
    """Sliders for ``η``, the epoch shown and the cues: the error curve and the completed pictures."""

    def __init__(self, lr=3.0, epochs=300, cues="rows"):
        super().__init__()
        self.add_control("lr", widgets.SelectionSlider(options=LEARNING_RATES, value=lr, description="η",
                                                       **_SLIDER))
        self.add_control("epochs", widgets.IntSlider(value=epochs, min=0, max=MAX_EPOCHS, step=10,
                                                     description="epochs", **_SLIDER))
        self.add_control("cues", widgets.Dropdown(options=CUES, value=cues, description="cues"))
        self.fig, (ax, ax_pic) = _two_panels((1, 1.5))
        (self.curve,) = ax.plot([], [], color=plots.ERROR, lw=1.5)
        (self.marker,) = ax.plot([], [], "o", color=plots.ORANGE, markeredgecolor=plots.BLACK, ms=7)
        plots.log_scale(ax, "y")
        ax.set(xlim=(0, MAX_EPOCHS), xlabel="epoch", ylabel="error E")
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True, steps=[1, 2, 5, 10]))
        self.image = ax_pic.imshow(plots.mosaic(np.zeros((27, 9)), 9, (3, 3)), cmap="Greys", vmin=0, vmax=1,
                                   interpolation="nearest")
        ax_pic.set_title("grey: hidden (cue) or undecided (y)")
        ax_pic.set_yticks([1, 5, 9], ["cue x", "settled y", "target t"])
        ax_pic.set_xticks([])
        ax_pic.tick_params(left=False)
        ax_pic.spines[:].set_visible(False)
        self.axes = (ax, ax_pic)
        self.add_text("verdict", min_height=TEXT_HEIGHT)
        self.update()

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def _run(lr):
        """Train once per learning rate for MAX_EPOCHS epochs, keeping the weights after every epoch."""
        x, t = pattern_completion("rows")
        net = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=0, weight_scale=0.5)
        params = [net.get_params()]
        try:
            history = net.fit(x, t, lr=lr, epochs=MAX_EPOCHS,
                              callback=lambda epoch, history: params.append(net.get_params()))
            problem = None
        except NotConvergedError as exc:
            history, problem = exc.history, exc
        return np.array(history.errors), params, problem

    def update(self):
        lr, epochs, cues = (self.controls[k].value for k in ("lr", "epochs", "cues"))
        errors, params, problem = self._run(lr)
        shown = min(epochs, len(errors) - 1)
        self.curve.set_data(np.arange(len(errors)), errors)
        self.marker.set_data([shown], [errors[shown]])
        # The whole run fills the axis: a log axis when it spans decades, else a linear one from 0.
        lo, hi = float(np.min(errors)), float(np.max(errors))
        ax, log = self.axes[0], hi > 10 * lo
        if log and ax.get_yscale() != "log":
            plots.log_scale(ax, "y")
        elif not log and ax.get_yscale() != "linear":
            ax.set_yscale("linear")
        ax.set_ylim(*((lo / 1.6, hi * 1.6) if log else (0, hi * 1.1)))
        net = RecurrentNetwork(9, inputs=range(9), outputs=range(9))
        net.set_params(params[shown])
        x, t = pattern_completion(cues)
        r = net.relax(x, strict=False)   # settles on the training cues; a new cue might not
        self.image.set_data(plots.mosaic(np.concatenate([(x + 1) / 2, r.y, t]), len(x), (3, 3)))
        wrong = (r.y > 0.5) != (t > 0.5)
        text = (f"After {shown} epochs with η = {fmt(lr)}: error E = {fmt(errors[shown], 2)} on the training "
                f"cues. Shown: cues with {CUE_WORDS[cues]}. ")
        if r.converged:
            text += (f"The network settles in {r.iterations} iterations; {81 - int(wrong.sum())} of the 81 "
                     f"pixels are right, {27 - int(np.sum(wrong & (x == 0)))} of the 27 hidden ones.")
        else:
            text += (f"On these cues the relaxation does not settle within {r.iterations} iterations, so "
                     f"the pictures show an unsettled state, not an answer.")
        if problem is not None:
            text += (f"<br><b>Training stopped in epoch {problem.epoch}</b>: the relaxation no longer settles "
                     f"(the curve ends there; pictures: epoch {problem.epoch - 1}). Try a smaller learning rate "
                     f"than lr={lr:g}.")
        self.texts["verdict"].value = _panel(text, problem is None)
        self.redraw()


training_explorer = TrainingExplorer


BUILDERS = {
    "relaxation_explorer": relaxation_explorer,
    "backward_explorer": backward_explorer,
    "training_explorer": training_explorer,
}


# -- exercises --------------------------------------------------------------------------
def check_one_step(answer):
    """Exercise 1: one relaxation step of a 2-neuron sigmoid network, by hand.

    Neuron 0 gets the input x = 1 and the weight w₀₁ = −1 from neuron 1;
    neuron 1 gets the weight w₁₀ = 2 from neuron 0; no biases. From
    y = (0.5, 0.5): s = (−1·0.5 + 1, 2·0.5) = (0.5, 1), y = (f(0.5), f(1)).
    """
    W = np.array([[0.0, -1.0], [2.0, 0.0]])
    s = W @ np.array([0.5, 0.5]) + np.array([1.0, 0.0])
    new = sigmoid(s)
    return check(answer, new, "the outputs (y₀, y₁) after one step", scale=np.abs(new - 0.5),
                 hint="First each neuron's adder: s₀ = w₀₁·y₁ + x and s₁ = w₁₀·y₀, using the outputs "
                      "before the step. Then y = f(s) with the sigmoid, bplib.sigmoid(s).")


def _self_loop(w, x, t):
    """The one-neuron loop with identity activation: fixed point and gradient in closed form."""
    y = x / (1 - w)            # y = w·y + x
    delta = (y - t) / (1 - w)  # δ = w·δ + e
    return y, delta * y        # ∂E/∂w = δ·y


def check_fixed_point(answer, w=0.5, x=1.0):
    """Exercise 2a: where ``y ← w·y + x`` settles (one neuron feeding itself, identity activation)."""
    return check(answer, _self_loop(w, x, 0.0)[0], "the fixed point y",
                 hint="At the fixed point the step changes nothing: y = w·y + x. Solve for y.")


def check_self_loop_gradient(answer, w=0.5, x=1.0, t=0.0):
    """Exercise 2b: ``∂E/∂w`` for that neuron, with ``E = ½ (y − t)²`` at the fixed point."""
    return check(answer, _self_loop(w, x, t)[1], "the gradient ∂E/∂w",
                 hint="e = y − t; the backward relaxation δ ← f′(s)·(w·δ + e) settles where "
                      "δ = w·δ + e (f′ = 1 here); then ∂E/∂w = δ·y.")


# -- recap ---------------------------------------------------------------------------------
CAN_DO = [
    "say what makes a network recurrent, and what relaxing to a fixed point means",
    "run a relaxation, damp it with α, and tell from the step's Jacobian whether it settles",
    "get the error signals δ from a backward relaxation, δ ← f′(s) ⊙ (Wᵀδ + e), and ∂E/∂wⱼᵢ = δⱼ·yᵢ",
    "check a recurrent gradient against perturbation",
    "say how fixed-point (Almeida–Pineda) learning differs from backpropagation through time",
]

QUESTIONS = [
    quiz.Question(
        "At weight scale 5 the undamped relaxation of the lesson's network swings for ever. What does "
        "that tell you about its fixed point?",
        ["there is no fixed point, so there is no gradient",
         "the fixed point exists, but the undamped step pushes the outputs away from it",
         "the fixed point exists only for α = 1"], answer=1,
        why="One step's Jacobian D·W there has an eigenvalue of about −1.2: the fixed point repels the "
            "plain iteration, yet y = f(Wy + b + x) still has its solution, and the damped one finds it.",
        nudge="Damping does not change which states satisfy y = f(Wy + b + x). What does it change?"),
    quiz.Question(
        "One step's Jacobian D·W at the fixed point has the eigenvalue −1.5 (all others are small). "
        "Which damping α lets the relaxation settle there?",
        ["α = 1", "α = 0.9", "α = 0.5"], answer=2,
        why="The damped step's Jacobian has the eigenvalue 1 − α + α·(−1.5) = 1 − 2.5·α: −1.5 for α = 1, "
            "−1.25 for α = 0.9, and −0.25 for α = 0.5, the only one of size below 1.",
        nudge="Work out 1 − α + α·λ for each α and keep the one whose size is below 1."),
    quiz.Question(
        "How are recurrent networks such as PyTorch's nn.RNN or nn.LSTM usually trained?",
        ["by recurrent backpropagation at a fixed point, as in this lesson",
         "by backpropagation through time: unrolled over the time steps of a sequence",
         "by perturbation of one weight at a time"], answer=1,
        why="They read a sequence, one input per time step, and are unrolled into a deep layered network "
            "with shared weights; backpropagation runs back through the steps. No fixed point is needed.",
        nudge="Those networks read sequences, one input after another. What does loss.backward() go back "
              "through?"),
]


def recap():
    """The lesson's recap: what you can now do, and three self-check questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
