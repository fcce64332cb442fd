"""Lesson 08, static and recurrent backpropagation (``08_recurrent_backpropagation.ipynb``).

The maths lives in :mod:`bplib.recurrent`; here are the widgets and the
exercise checkers.

Builders (each returns a :class:`~bplib.lessons._demo.Demo`):

* :func:`relaxation_explorer` — the forward relaxation of a 5-neuron network:
  every neuron's output against the iterations, and the largest change per
  step against the tolerance. A slider scales all weights: beyond a scale of
  about 4 the iteration no longer settles, and the demo says so in words.
* :func:`backward_explorer` — the backward relaxation of the error signals
  ``δ`` and the resulting gradient plotted against the gradient found by
  perturbation.
* :func:`training_explorer` — a 9-neuron network learning to complete 3×3
  pictures of which one row is hidden: the error curve, and the pictures the
  relaxation settles on after any number of epochs.

The network of the first two demos, :func:`demo_network`: neurons 0 and 1
take the input ``x = (1, −1)``, neuron 4 is the output (target 0.9), and all
25 connections are present::

    >>> net = demo_network()
    >>> y, trajectory = net.relax(X_DEMO)
    >>> len(trajectory) - 1          # iterations until no output changes by 1e-10
    15
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator, NullLocator

from .. import plots
from ..activations import sigmoid
from ..feedback import check
from ..recurrent import NotConvergedError, RecurrentNetwork, pattern_completion, perturbation_gradients
from ._demo import Demo

__all__ = ["BUILDERS", "BackwardExplorer", "RelaxationExplorer", "TrainingExplorer", "T_DEMO", "X_DEMO",
           "backward_explorer", "check_fixed_point", "check_one_step", "check_self_loop_gradient",
           "demo_network", "picture_mosaic", "relaxation_explorer", "training_explorer"]

X_DEMO = np.array([1.0, -1.0])   # the input of the demo network, fed to neurons 0 and 1
T_DEMO = np.array([0.9])         # the target of its output neuron 4
NAMES = ["0 (input)", "1 (input)", "2", "3", "4 (output)"]   # plain text draws fastest
_SLIDER = {"continuous_update": True, "style": {"description_width": "initial"}}
SCALES = dict(min=0.25, max=6.0, step=0.25)
TOLERANCES = [(f"1e-{k}", 10.0 ** -k) for k in (2, 4, 6, 8, 10, 12)]


def num(v, digits=4):
    """``v`` with at most ``digits`` decimals, a real minus sign, never ``−0``."""
    text = f"{float(v):.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", "", "-"):
        text = "0"
    return text.replace("-", "−")


def vector(values, digits=4):
    """``(0.5, −1.25)``."""
    return "(" + ", ".join(num(v, digits) for v in np.ravel(values)) + ")"


def _base_weights():
    """Seed-3 random weights, scaled so the largest eigenvalue of W has size 1, to 2 decimals."""
    net = RecurrentNetwork(5, inputs=[0, 1], outputs=[4], seed=3)
    W = net.weights / np.max(np.abs(np.linalg.eigvals(net.weights)))
    return np.round(W, 2)


W_DEMO = _base_weights()


def demo_network(scale=1.0):
    """The 5-neuron sigmoid network of the lesson with every weight multiplied by ``scale``.

    Neurons 0 and 1 are the inputs, neuron 4 the output; biases are zero.
    It settles for scales up to about 4 and oscillates beyond.
    """
    net = RecurrentNetwork(5, inputs=[0, 1], outputs=[4], activation="sigmoid", seed=3)
    net.weights = scale * W_DEMO
    return net


def _bound_words(L):
    """What the contraction bound ``L`` says, in words."""
    if L < 1:
        return (f"L = max f′·‖W‖ = {num(L, 2)} is below 1: every step brings any two states closer "
                f"by at least that factor, so the relaxation must settle.")
    return (f"L = max f′·‖W‖ = {num(L, 2)} is above 1: nothing guarantees settling any more; "
            f"it may still settle, or it may not.")


def _tol_text(tol):
    return f"1e{int(round(np.log10(tol)))}"


def _few_ticks(ax, log_y=None):
    """Few tick labels, and none in mathtext: every label costs time on every redraw."""
    ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    if log_y is not None:
        ax.yaxis.set_major_locator(FixedLocator(log_y))
        ax.yaxis.set_major_formatter(FixedFormatter([_tol_text(v) if v < 1 else "1" for v in log_y]))
        ax.yaxis.set_minor_locator(NullLocator())
    else:
        ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_label_coords(0.5, -0.13)
    ax.yaxis.set_label_coords(-0.14, 0.5)


def _panel(text, ok=True):
    colour = plots.BLACK if ok else plots.NEGATIVE
    return f"<div style='max-width:640px;color:{colour}'>{text}</div>"


# -- the forward relaxation -----------------------------------------------------------
class RelaxationExplorer(Demo):
    """Sliders for the weight scale, ``max_iter`` and ``tol``; every neuron's output against iterations."""

    def __init__(self, scale=1.0, max_iter=100, tol=1e-8):
        super().__init__()
        self.add_control("scale", widgets.FloatSlider(value=scale, description="weight scale",
                                                      readout_format=".2f", **SCALES, **_SLIDER))
        self.add_control("max_iter", widgets.IntSlider(value=max_iter, min=10, max=500, step=10,
                                                       description="max_iter", **_SLIDER))
        self.add_control("tol", widgets.SelectionSlider(options=TOLERANCES, value=tol, description="tol",
                                                        **_SLIDER))
        self.fig, (ax, ax_change) = plots.new_figure(8.0, 2.9, ncols=2)
        self.lines = [ax.plot([], [], lw=1.5, label=name)[0] for name in NAMES]
        ax.set(ylim=(0, 1), xlabel="iteration k", ylabel="output y")
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=7, ncol=5, frameon=False,
                  title="neuron", title_fontsize=7, handlelength=1.2, columnspacing=0.8, borderaxespad=0.2)
        (self.change,) = ax_change.plot([], [], ".-", color=plots.BLACK, lw=1, ms=3)
        self.tol_line = ax_change.axhline(tol, color=plots.GREEN, ls="--", lw=1)
        ax_change.set(yscale="log", ylim=(1e-16, 10), xlabel="iteration k",
                      ylabel="largest change (green: tol)")
        _few_ticks(ax)
        _few_ticks(ax_change, log_y=[1e-15, 1e-10, 1e-5, 1.0])
        self.axes = (ax, ax_change)
        self.fig.subplots_adjust(left=0.08, right=0.98, top=0.8, bottom=0.17, wspace=0.3)
        self.add_text("verdict")
        self.update()

    def update(self):
        scale, max_iter, tol = (self.controls[k].value for k in ("scale", "max_iter", "tol"))
        net = demo_network(scale)
        r = net.relax(X_DEMO, tol=tol, max_iter=max_iter, strict=False)
        k = np.arange(r.iterations + 1)
        for j, line in enumerate(self.lines):
            line.set_data(k, r.trajectory[:, j])
        self.change.set_data(k[1:], np.clip(r.changes, 1e-16, None))
        self.tol_line.set_ydata([tol, tol])
        for ax in self.axes:
            ax.set_xlim(0, max(r.iterations, 5))
        self.texts["verdict"].value = _panel(self._verdict(net, r, scale, max_iter, tol), r.converged)
        self.redraw()

    @staticmethod
    def _verdict(net, r, scale, max_iter, tol):
        bound = _bound_words(net.contraction_bound())
        if r.converged:
            return (f"<b>Settled</b> after {r.iterations} iterations: the last step changed no output by "
                    f"as much as tol = {_tol_text(tol)}. Fixed point y = {vector(r.y)}.<br>{bound}")
        return (f"<b>Did not settle</b> within max_iter = {max_iter} iterations (weight scale "
                f"{num(scale, 2)}): the last step still changed an output by {r.changes[-1]:.2g}. "
                f"So there is no fixed point to report, and <code>net.relax(x)</code> raises "
                f"<code>NotConvergedError</code>:<br><i>{r.error}</i><br>{bound}")


def relaxation_explorer(scale=1.0, max_iter=100, tol=1e-8):
    """The forward relaxation of :func:`demo_network`, with the weight scale, ``max_iter`` and ``tol`` on sliders."""
    return RelaxationExplorer(scale, max_iter, tol)


# -- the backward relaxation ----------------------------------------------------------
class BackwardExplorer(Demo):
    """A slider for the weight scale: the error signals ``δ`` relaxing, and the gradient against perturbation."""

    def __init__(self, scale=1.0):
        super().__init__()
        self._cache = {}
        self.add_control("scale", widgets.FloatSlider(value=scale, description="weight scale",
                                                      readout_format=".2f", **SCALES, **_SLIDER))
        self.fig, (ax, ax_check) = plots.new_figure(8.0, 2.9, ncols=2)
        self.lines = [ax.plot([], [], lw=1.5, label=name)[0] for name in NAMES]
        ax.set(xlabel="backward iteration k", ylabel="error signal δ")
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=7, ncol=5, frameon=False,
                  title="neuron", title_fontsize=7, handlelength=1.2, columnspacing=0.8, borderaxespad=0.2)
        ax_check.plot([-1, 1], [-1, 1], color=plots.GREY, lw=1)
        self.points = ax_check.scatter(np.zeros(0), np.zeros(0), s=14, color=plots.BLUE, zorder=3)
        ax_check.set(xlabel="∂E/∂w by perturbation", ylabel="∂E/∂w by recurrent backprop")
        _few_ticks(ax)
        _few_ticks(ax_check)
        for a in (ax, ax_check):
            a.yaxis.set_label_coords(-0.2, 0.5)
        ax_check.xaxis.set_major_locator(MaxNLocator(3))
        ax_check.yaxis.set_major_locator(MaxNLocator(3))
        self.axes = (ax, ax_check)
        self.fig.subplots_adjust(left=0.11, right=0.98, top=0.8, bottom=0.17, wspace=0.4)
        self.add_text("verdict")
        self.update()

    def _gradients(self, scale):
        """``(grads, nudged, problem)`` for ``scale``, computed once per slider position."""
        key = round(scale, 6)
        if key not in self._cache:
            net = demo_network(scale)
            try:
                grads = net.backward(X_DEMO, T_DEMO)
                nudged = perturbation_gradients(net, X_DEMO, T_DEMO)
                self._cache[key] = (grads, nudged, None)
            except NotConvergedError as problem:
                self._cache[key] = (None, None, problem)
        return self._cache[key]

    def update(self):
        scale = self.controls["scale"].value
        grads, nudged, problem = self._gradients(scale)
        ax, ax_check = self.axes
        if problem is not None:
            for line in self.lines:
                line.set_data([], [])
            self.points.set_offsets(np.zeros((0, 2)))
            self.texts["verdict"].value = _panel(
                f"At weight scale {num(scale, 2)} the forward relaxation does not settle, so there is no "
                f"fixed point, no error E at it, and no gradient to find: <code>net.backward(x, t)</code> "
                f"raises <code>NotConvergedError</code>:<br><i>{problem}</i>", ok=False)
            self.redraw()
            return
        k = np.arange(grads.iterations + 1)
        for j, line in enumerate(self.lines):
            line.set_data(k, grads.trajectory[:, j])
        lo, hi = float(grads.trajectory.min()), float(grads.trajectory.max())
        pad = 0.05 * max(hi - lo, 1e-6)
        ax.set(xlim=(0, max(grads.iterations, 5)), ylim=(lo - pad, hi + pad))
        both = np.concatenate([np.ravel(nudged[0]), np.ravel(nudged[1])])
        mine = np.concatenate([np.ravel(grads[0]), np.ravel(grads[1])])
        self.points.set_offsets(np.column_stack([both, mine]))
        reach = 1.1 * max(float(np.max(np.abs(both))), float(np.max(np.abs(mine))), 1e-9)
        ax_check.set(xlim=(-reach, reach), ylim=(-reach, reach))
        diff = float(np.max(np.abs(mine - both))) / (reach / 1.1)
        verdict = "they agree" if diff < 1e-6 else "they DISAGREE"
        self.texts["verdict"].value = _panel(
            f"Forward: settled after {grads.relaxation.iterations} iterations. Backward: δ settled after "
            f"{grads.iterations} iterations at δ = {vector(grads.delta)}.<br>"
            f"Gradient ∂E/∂w<sub>ji</sub> = δ<sub>j</sub>·y<sub>i</sub> for all 25 weights and 5 biases, "
            f"against perturbation (60 more relaxations): largest difference "
            f"{diff:.0e} of the largest gradient — {verdict}.")
        self.redraw()


def backward_explorer(scale=1.0):
    """The backward relaxation of :func:`demo_network` and its gradient checked by perturbation."""
    return BackwardExplorer(scale)


# -- training: completing pictures ----------------------------------------------------
LEARNING_RATES = [("0.3", 0.3), ("1", 1.0), ("3", 3.0), ("10", 10.0), ("30", 30.0)]
MAX_EPOCHS = 600
CUES = [("a row hidden (trained)", "rows"), ("a column hidden (new)", "columns")]
CUE_WORDS = {"rows": "a row hidden, as in training", "columns": "a column hidden, never seen in training"}


def picture_mosaic(rows):
    """One masked image of 3×3 pictures side by side, a row of pictures per entry of ``rows``.

    ``rows`` is a list of arrays of shape ``(n_pictures, 9)`` with values in
    [0, 1]; the pictures are separated by one masked (blank) pixel.
    """
    n = rows[0].shape[0]
    image = np.ma.masked_all((4 * len(rows) - 1, 4 * n - 1))
    for r, pictures in enumerate(rows):
        for k, picture in enumerate(pictures):
            image[4 * r:4 * r + 3, 4 * k:4 * k + 3] = np.reshape(picture, (3, 3))
    image.data[image.mask] = 0.0   # finite numbers under the mask
    return image


class TrainingExplorer(Demo):
    """Sliders for ``η``, the epoch shown and the cues: the error curve and the completed pictures."""

    def __init__(self, lr=3.0, epochs=300, cues="rows"):
        super().__init__()
        self._runs = {}
        self.add_control("lr", widgets.SelectionSlider(options=LEARNING_RATES, value=lr, description="η",
                                                       **_SLIDER))
        self.add_control("epochs", widgets.IntSlider(value=epochs, min=0, max=MAX_EPOCHS, step=10,
                                                     description="epochs", **_SLIDER))
        self.add_control("cues", widgets.Dropdown(options=CUES, value=cues, description="cues"))
        self.fig, (ax, ax_pic) = plots.new_figure(8.0, 2.9, ncols=2, gridspec_kw={"width_ratios": [1, 1.5]})
        (self.curve,) = ax.plot([], [], color=plots.BLUE, lw=1.5)
        (self.marker,) = ax.plot([], [], "o", color=plots.BLACK, ms=5)
        ax.set(yscale="log", xlim=(0, MAX_EPOCHS), ylim=(1e-4, 3), xlabel="epoch", ylabel="error E")
        _few_ticks(ax, log_y=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])
        ax.xaxis.set_major_locator(FixedLocator([0, 200, 400, 600]))
        ax.yaxis.set_label_coords(-0.24, 0.5)
        self.image = ax_pic.imshow(picture_mosaic([np.zeros((9, 9))] * 3), cmap="Greys", vmin=0, vmax=1,
                                   interpolation="nearest")
        ax_pic.set(xticks=[], yticks=[4 * r + 1 for r in range(3)], yticklabels=["cue x", "settled y", "target t"],
                   title="grey: hidden (cue) or undecided (y)")
        for side in ("left", "bottom"):
            ax_pic.spines[side].set_visible(False)
        ax_pic.tick_params(length=0)
        self.axes = (ax, ax_pic)
        self.fig.subplots_adjust(left=0.09, right=0.99, top=0.9, bottom=0.17, wspace=0.35)
        self.add_text("verdict")
        self.update()

    def _run(self, lr):
        """Train once per learning rate for MAX_EPOCHS epochs, keeping the weights after every epoch."""
        if lr not in self._runs:
            x, t = pattern_completion("rows")
            net = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=0, weight_scale=0.5)
            params = [net.get_params()]

            def keep(epoch, history):
                params.append(net.get_params())

            try:
                history = net.fit(x, t, lr=lr, epochs=MAX_EPOCHS, callback=keep)
                problem = None
            except NotConvergedError as exc:
                history, problem = exc.history, exc
            self._runs[lr] = (np.array(history.errors), params, problem)
        return self._runs[lr]

    def update(self):
        lr, epochs, cues = (self.controls[k].value for k in ("lr", "epochs", "cues"))
        errors, params, problem = self._run(lr)
        shown = min(epochs, len(errors) - 1)
        self.curve.set_data(np.arange(len(errors)), np.clip(errors, 1e-4, None))
        self.marker.set_data([shown], [max(errors[shown], 1e-4)])
        net = RecurrentNetwork(9, inputs=range(9), outputs=range(9))
        net.set_params(params[shown])
        x, t = pattern_completion(cues)
        r = net.relax(x, strict=False)   # settles on the training cues; a new cue might not
        y = r.y
        self.image.set_data(picture_mosaic([(x + 1) / 2, y, t]))
        wrong = (y > 0.5) != (t > 0.5)
        text = (f"After {shown} epochs with η = {num(lr)}: error E = {errors[shown]:.2g} on the training "
                f"cues. Shown: cues with {CUE_WORDS[cues]}. ")
        if r.converged:
            text += (f"The network settles in {r.iterations} iterations; {81 - int(wrong.sum())} of the 81 "
                     f"pixels are right, {27 - int(np.sum(wrong & (x == 0)))} of the 27 hidden ones.")
        else:
            text += (f"On these cues the relaxation does not settle within {r.iterations} iterations, so "
                     f"the pictures show an unsettled state, not an answer.")
        if problem is not None:
            text += (f"<br><b>Training stopped in epoch {problem.epoch}</b>: the weights grew so large that "
                     f"the relaxation no longer settles; the curve ends there, and the pictures show the "
                     f"weights after epoch {problem.epoch - 1}. <code>net.fit</code> says:<br><i>{problem}</i>")
        self.texts["verdict"].value = _panel(text, problem is None)
        self.redraw()


def training_explorer(lr=3.0, epochs=300, cues="rows"):
    """Train a 9-neuron network to complete 3×3 pictures: choose ``η``, the epoch shown and the cues."""
    return TrainingExplorer(lr, epochs, cues)


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
    return check(answer, sigmoid(s), "the outputs (y₀, y₁) after one step",
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
