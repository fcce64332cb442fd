"""Lesson 05, a three-layer network (``05_three_layer_network.ipynb``): widgets and exercises.

The network every classic backpropagation tutorial draws: two inputs, a
first layer of three neurons, a second of two, one output neuron,
``Network([2, 3, 2, 1])`` with 6+3 + 6+2 + 2+1 = 20 weights and biases.
The worked example uses the weights of :data:`EXAMPLE_WEIGHTS`, the input
``x = (0.35, 0.9)``, the desired output ``t = 1`` and ``η = 0.5``; the
first number of the training step is

    s₁⁽¹⁾ = w₁₁⁽¹⁾·x₁ + w₁₂⁽¹⁾·x₂ + b₁⁽¹⁾ = 0.1·0.35 + 0.8·0.9 + 0 = 0.755

Builders (each returns a :class:`~bplib.lessons._demo.Demo`):

* :func:`step_through` — Next / Back / Reset through every stage of one
  training step (:func:`bplib.stages.stages`), the diagram lighting up the
  neurons and connections of each equation;
* :func:`weight_explorer` — a slider for every weight and bias, and ``η``:
  the output, the error and the diagram change in place;
* :func:`trainer` — run, pause, or step one epoch on XOR or the two moons,
  with the decision boundary and the error curve;
* :func:`gradient_check` — backpropagation's gradients beside perturbation's,
  with backpropagation (BP1–BP4) or the classic slideshow's rule
  (:func:`bplib.stages.classic_rule_backward`).

Also :func:`row_and_column` (which weights the forward and the backward pass
read), :func:`rule_comparison` and :func:`gradient_table` (the classic rule
beside BP1–BP4 on the worked example), and :func:`recap`.

Exercise checkers: :func:`check_error_signal`, :func:`check_weight_update`,
:func:`check_batched_backward`.
"""

import html

import ipywidgets as widgets
import numpy as np
from IPython.display import HTML
from matplotlib.ticker import MaxNLocator

from . import plots, quiz
from ..data import logic_gate, two_class
from .diagram import NUMBERS, NetworkDiagram, key, values_for
from ..feedback import Feedback, check
from ..fmt import fmt, superscript
from ..gradcheck import compare_gradients, perturbation_gradients
from ..network import DivergenceError, Network
from ..stages import b_name, classic_rule_backward, delta_name, stages, w_name
from ._demo import Demo

SIZES = [2, 3, 2, 1]
EXAMPLE_WEIGHTS = [[[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]],
                   [[0.3, 0.9, -0.5], [-0.2, 0.4, 0.7]],
                   [[0.8, -0.6]]]
EXAMPLE_BIASES = [[0.0, 0.1, -0.2], [0.1, -0.1], [0.2]]
EXAMPLE_X, EXAMPLE_T, EXAMPLE_LR = (0.35, 0.9), 1.0, 0.5
EXERCISE_X, EXERCISE_T, EXERCISE_LR = (0.6, 0.1), 0.0, 0.5

W_RANGE = 4.0               # weight and bias sliders go from −4 to 4
GRID = 50                   # the decision boundary is a GRID × GRID image
_SLIDER = dict(continuous_update=True, layout=widgets.Layout(width="250px"))
DIAGRAM_SIZE = (10.4, 4.6)  # inches at 80 dpi: the notebook's width


def example_network():
    """The worked example's network: ``Network([2, 3, 2, 1])`` with :data:`EXAMPLE_WEIGHTS`."""
    net = Network(SIZES)
    net.weights = EXAMPLE_WEIGHTS
    net.biases = EXAMPLE_BIASES
    return net


def _check_net(net):
    """``net``, or the worked example's network when ``None``; it must have 2 inputs and 1 output."""
    if net is None:
        return example_network()
    if not isinstance(net, Network):
        raise TypeError(f"net must be a bplib.Network such as Network([2, 3, 2, 1]), got {type(net).__name__}.")
    if net.sizes[0] != 2 or net.sizes[-1] != 1:
        raise ValueError(f"net must have 2 inputs and 1 output (sizes [2, ..., 1]), got sizes {net.sizes}.")
    return net


def parameter_names(net):
    """``[(name, kind, l, index), ...]`` for every weight then every bias, layer by layer.

    The order is that of ``dW`` then ``db`` flattened, as in :func:`bplib.compare_gradients`.
    """
    return ([(w_name(l + 1, j, i), "w", l, (j, i)) for l, W in enumerate(net.weights) for j, i in np.ndindex(W.shape)]
            + [(b_name(l + 1, j), "b", l, (j,)) for l, b in enumerate(net.biases) for j in range(b.size)])


def _flat(grads):
    return np.concatenate([np.ravel(g) for g in list(grads[0]) + list(grads[1])])


def _style(html_text, size="100%"):
    return f"<div style='font-size:{size};line-height:1.45'>{html_text}</div>"


class _ExampleDemo(Demo):
    """A demo with sliders for the example ``x₁``, ``x₂``, its target ``t`` and the learning rate ``lr`` (η)."""

    def _slider(self, name, value, lo, hi, label=None):
        return self.add_control(name, widgets.FloatSlider(value=value, min=lo, max=hi, step=0.05, readout_format=".2f",
                                                          description=label or name, **_SLIDER))

    def _example_sliders(self, x, t, lr):
        self._slider("x₁", x[0], 0.0, 1.0)
        self._slider("x₂", x[1], 0.0, 1.0)
        self._slider("t", t, 0.0, 1.0)
        self._slider("lr", lr, 0.05, 5.0, label="η")

    def _example(self):
        v = self.values()
        return np.array([v["x₁"], v["x₂"]]), float(v["t"]), float(v["lr"])

    def _example_row(self):
        return widgets.HBox([self.controls[n] for n in ("x₁", "x₂", "t", "lr")],
                            layout=widgets.Layout(flex_flow="row wrap"))


def _diagram(demo, highlight, sizes=SIZES, numbers=NUMBERS, moves=True):
    """A full-width figure with the network diagram on ``demo``; its key is the HTML panel "key".

    ``numbers``: the kinds of numbers the diagram writes (:class:`~bplib.lessons.diagram.NetworkDiagram`).
    A demo whose controls move the diagram (``moves``) redraws only what changes (blitting).
    """
    demo.fig, ax = plots.new_figure(*DIAGRAM_SIZE, layout="constrained")
    demo.add_text("key", key(highlight), min_height="1.6em")
    diagram = NetworkDiagram(ax, sizes, numbers)
    if moves:
        demo.animate(*diagram.moving)
    return diagram


# -- step through one training example -----------------------------------------------------
class StepThrough(_ExampleDemo):
    """Next / Back / Reset through the 41 stages of one training step of the 2-3-2-1 network.

    Each stage lights up its neurons and connections in the diagram, with their
    weights; the text gives the equation, the equation with the numbers put in,
    and the result. Numbers not yet worked out are not shown; weights and biases
    already updated show their new values.
    """

    def __init__(self, net=None, x=EXAMPLE_X, t=EXAMPLE_T, lr=EXAMPLE_LR):
        super().__init__()
        self.net = _check_net(net)
        self.add_control("stage", widgets.IntSlider(
            value=1, min=1, max=len(stages(self.net, x, t, lr)), description="stage", continuous_update=True,
            layout=widgets.Layout(width="420px")))
        self._example_sliders(x, t, lr)
        for name, step in (("back", -1), ("next", +1), ("reset", None)):
            self.add_button(name, name.capitalize(), lambda step=step: self._move(step),
                            layout=widgets.Layout(width="90px"))
        self.diagram = _diagram(self, True, self.net.sizes)
        self.add_text("equation", min_height="165px")
        self.add_text("so far", min_height="120px")
        self._cache = (None, None)
        self.update()

    def _move(self, step):
        """Move the stage slider (it stops at its ends) without an update of its own: the button updates once."""
        slider = self.controls["stage"]
        self._hold = True
        try:
            slider.value = slider.min if step is None else min(max(slider.value + step, slider.min), slider.max)
        finally:
            self._hold = False

    def stages(self):
        """The stages for the current sliders (worked out again only when they change)."""
        x, t, lr = self._example()
        key = (tuple(x), t, lr, tuple(float(v) for p in self.net.get_params() for a in p for v in a.ravel()))
        if self._cache[0] != key:
            self._cache = (key, stages(self.net, x, t, lr))
        return self._cache[1]

    def layout(self):
        buttons = widgets.HBox([*self.buttons.values(), self.controls["stage"]])
        return widgets.VBox([buttons, *self._canvas(), self.texts["key"], self.texts["equation"], self._example_row(),
                             self.texts["so far"], self.status])

    def update(self):
        all_stages = self.stages()
        k = self.controls["stage"].value - 1
        st = all_stages[k]
        x, t, lr = self._example()
        values = {("x", 0): x[0], ("x", 1): x[1], ("t", 0): t}
        for done in all_stages[:k + 1]:   # every number worked out so far; updated weights at their new values
            if done.kind in ("weight-update", "bias-update"):
                values[({"weight-update": "w", "bias-update": "b"}[done.kind],) + done.key[1:]] = done.value
            else:
                values[("E",) if done.kind == "new-error" else done.key] = done.value
        self.diagram.update(self.net, highlight=st, values=values)
        phase = ("forward pass" if st.kind.startswith("forward") else
                 "the error" if st.kind in ("output-error", "error") else
                 "backward pass" if st.kind == "error-signal" else
                 "updates" if st.kind.endswith("update") else "after the update")
        self.texts["equation"].value = _style(
            f"<b>Stage {k + 1} of {len(all_stages)} · {phase}</b> — {html.escape(st.title)}<br>"
            f"<span style='font-size:115%'>{html.escape(st.formula)}<br>"
            f"&nbsp;&nbsp;= {html.escape(st.numbers)}<br>"
            f"&nbsp;&nbsp;= <b>{fmt(st.value)}</b></span><br>"
            f"<span style='color:{plots.GREY}'>{html.escape(st.note)}</span>")
        recent = [f"{j + 1}. {html.escape(s.equation)}" for j, s in enumerate(all_stages[:k])][-4:]
        self.texts["so far"].value = _style(
            "<span style='color:#555'>Worked out just before:<br>" + "<br>".join(recent) + "</span>"
            if recent else "", "90%")
        self.redraw()


# -- move the weights -------------------------------------------------------------------------
class WeightExplorer(_ExampleDemo):
    """A slider for each of the 20 weights and biases (a tab per layer), the example and ``η``.

    The diagram shows every adder output, activation and error signal for
    the example (the weights and biases are on their sliders, and the
    connections' colours and widths show the weights); the text shows the
    output, the error, the steepest slope and what one update with ``η``
    would do to the error.
    """

    def __init__(self, net=None, x=EXAMPLE_X, t=EXAMPLE_T, lr=EXAMPLE_LR):
        super().__init__()
        self.net = _check_net(net)
        # one slider per parameter, neuron by neuron: its weights, then its bias
        self._where = {name: (kind, l, index) for name, kind, l, index in
                       sorted(parameter_names(self.net), key=lambda p: (p[2], p[3][0], p[1] == "b"))}
        for name, (kind, l, index) in self._where.items():
            value = (self.net.weights if kind == "w" else self.net.biases)[l][index]
            self._slider(name, float(np.clip(value, -W_RANGE, W_RANGE)), -W_RANGE, W_RANGE)
        self._example_sliders(x, t, lr)
        self.diagram = _diagram(self, False, self.net.sizes, numbers=("s", "y", "delta"))
        self.add_text("summary", min_height="75px")
        self.update()

    def layout(self):
        tabs = []
        for l, n in enumerate(self.net.sizes[1:]):
            columns = [widgets.VBox([widgets.HTML(f"<b>neuron {j + 1}</b>")] + [
                self.controls[name] for name, (_, layer, index) in self._where.items() if (layer, index[0]) == (l, j)])
                for j in range(n)]
            tabs.append(widgets.HBox(columns, layout=widgets.Layout(min_height="190px")))   # one height for every tab
        tab = widgets.Tab(children=tabs)
        tab.titles = [f"layer {l + 1}" for l in range(len(tabs) - 1)] + [f"layer {len(tabs)} (output)"]
        return widgets.VBox([tab, self._example_row(), *self._canvas(), self.texts["key"], self.texts["summary"],
                             self.status])

    def update(self):
        for name, (kind, l, index) in self._where.items():
            (self.net.weights if kind == "w" else self.net.biases)[l][index] = self.controls[name].value
        x, t, lr = self._example()
        values = values_for(self.net, x, t)
        self.diagram.update(self.net, values=values)
        y, E = values[("y", len(self.net.sizes) - 1, 0)], values[("E",)]
        grads, names = _flat(self.net.backward(x, t)), parameter_names(self.net)
        k = int(np.argmax(np.abs(grads)))
        trial = Network(self.net.sizes)
        trial.set_params(self.net.get_params())
        trial.step(x, t, lr)
        E_new = trial.error(x, t)
        change = "down" if E_new < E else "UP (η is too large for this step)" if E_new > E else "nowhere"
        slope = (f"steepest slope: ∂E/∂{names[k][0]} = {fmt(grads[k])} — {'lower' if grads[k] > 0 else 'raise'} "
                 f"{names[k][0]} to reduce E" if grads[k] != 0 else "every slope is 0")
        self.texts["summary"].value = _style(
            f"output <b>y = {fmt(y)}</b>, desired t = {fmt(t)}, error <b>E = ½·(y − t)² = {fmt(E)}</b><br>{slope}<br>"
            f"one update w ← w − η·∂E/∂w of all 20 with η = {fmt(lr)}: E goes {change}, "
            f"from {fmt(E)} to {fmt(E_new)}")
        self.redraw()


# -- train -----------------------------------------------------------------------------------
DATA_SETS = {
    "XOR": lambda: logic_gate("XOR"),
    "two moons": lambda: two_class(n=100, noise=0.1, seed=0),
}


class Trainer(Demo):
    """Train the 2-3-2-1 network: Play / Pause, one epoch at a time, new weights.

    Each frame of the Play control trains ``epochs per frame`` epochs of full-batch
    gradient descent; the diagram, the decision boundary (the output over
    the input plane) and the error curve change in place.
    """

    def __init__(self, data="XOR", lr=3.0, seed=0, epochs_per_frame=50):
        super().__init__()
        self.add_control("data set", widgets.Dropdown(options=list(DATA_SETS), value=data, description="data set",
                                                      layout=widgets.Layout(width="230px")))
        self.add_control("lr", widgets.FloatSlider(value=lr, min=0.1, max=10.0, step=0.1, description="η",
                                                   readout_format=".1f", **_SLIDER))
        self.add_control("seed", widgets.IntSlider(value=seed, min=0, max=20, description="seed",
                                                   continuous_update=False, layout=_SLIDER["layout"]))
        self.add_control("epochs per frame", widgets.IntSlider(
            value=epochs_per_frame, min=1, max=100, description="epochs/frame", layout=widgets.Layout(width="300px")))
        # The Play control ticks in the browser, one frame of training per tick; it is not shown
        # (its buttons are glyphs a font may lack): the Play / Pause button drives it.
        self.add_control("run", widgets.Play(value=0, min=0, max=100000, interval=150, show_repeat=False,
                                             tooltip="training clock: one frame per tick, run by Play / Pause",
                                             layout=widgets.Layout(display="none")))
        self.play = widgets.ToggleButton(value=False, description="Play", layout=widgets.Layout(width="90px"))
        widgets.link((self.play, "value"), (self.controls["run"], "playing"))
        self.play.observe(lambda change: setattr(self.play, "description", "Pause" if change["new"] else "Play"),
                          names="value")
        self.add_button("epoch", "1 epoch", lambda: self.train(1), layout=widgets.Layout(width="90px"))
        self.add_button("reset", "New weights", self.reset, layout=widgets.Layout(width="110px"))
        self.fig, (ax_net, self.ax_map, self.ax_err) = plots.new_figure(
            10.4, 3.6, ncols=3, layout="constrained", gridspec_kw={"width_ratios": [1.3, 1.1, 1]})
        self.diagram = NetworkDiagram(ax_net, SIZES, numbers=())
        self.image = self.ax_map.imshow(np.zeros((GRID, GRID)), origin="lower", cmap=plots.DIVERGING,
                                        vmin=0, vmax=1, interpolation="bilinear", aspect="auto")
        # Points outlined in black, so that a blue point shows on the blue region too.
        self.points = self.ax_map.scatter([0], [0], c=[0], cmap=plots.DIVERGING, vmin=0, vmax=1, s=60,
                                          edgecolors=plots.BLACK, linewidths=1.2, zorder=3)
        self.fig.colorbar(self.image, ax=self.ax_map, label="output y", ticks=[0, 0.5, 1])
        self.ax_map.set(title="output over the input plane", xlabel="x₁", ylabel="x₂")
        for axis in (self.ax_map.xaxis, self.ax_map.yaxis, self.ax_err.yaxis):
            axis.set_major_locator(MaxNLocator(3, steps=[1, 2, 5, 10]))   # few numbers: each costs a redraw
        # a dot marks the starting error, so that the curve shows before the first epoch too
        (self.curve,) = self.ax_err.plot([], [], color=plots.ERROR, lw=1.5, marker="o", ms=4, markevery=[0],
                                      clip_on=False)
        self.ax_err.set(title="error over the epochs", xlabel="epoch", ylabel="E")
        self.fig.get_layout_engine().set(wspace=0.08)   # room between the colour bar's label and the curve's
        self.ax_err.xaxis.set_major_locator(MaxNLocator(3, integer=True, steps=[1, 2, 5, 10]))
        self.add_text("progress", min_height="80px")
        self.reset()
        self.update()

    def layout(self):
        row1 = widgets.HBox([self.play, self.controls["run"], *self.buttons.values(), self.controls["data set"]])
        row2 = widgets.HBox([self.controls[n] for n in ("lr", "epochs per frame", "seed")],
                            layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox([row1, row2, *self._canvas(), self.texts["progress"], self.status])

    # -- the model ------------------------------------------------------------------------
    def reset(self):
        """New random weights from the seed slider; the error curve starts again."""
        v = self.values()
        self.x, self.t = DATA_SETS[v["data set"]]()
        self.net = Network(SIZES, seed=v["seed"])
        self.errors = [self.net.error(self.x, self.t)]
        self.problem = ""
        lo, hi = self.x.min(axis=0) - 0.4, self.x.max(axis=0) + 0.4
        g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID))
        self.grid = np.column_stack([g1.ravel(), g2.ravel()])
        self.points.set_offsets(self.x)
        self.points.set_sizes([70 if len(self.x) < 10 else 22])
        self.points.set_array(self.t.ravel())
        self.image.set_extent((lo[0], hi[0], lo[1], hi[1]))
        self.ax_map.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
        self._last = {"data set": v["data set"], "seed": v["seed"], "run": v["run"]}

    def train(self, epochs):
        """Train ``epochs`` epochs with the η slider's learning rate; divergence is reported in words."""
        lr = self.controls["lr"].value
        try:
            history = self.net.fit(self.x, self.t, lr, epochs)
        except DivergenceError:
            self.problem = (f"Training diverged with η = {fmt(lr)}: the steps were so large that the "
                            f"error grew without bound, so training stopped. Try a smaller η, such as "
                            f"{fmt(lr / 10)}, and press “New weights”.")
            self.controls["run"].playing = False   # and, linked to it, the Pause button back to Play
            return
        self.problem = ""
        self.errors.extend(history.errors[1:])

    def train_and_show(self, epochs):
        """Train ``epochs`` epochs, then redraw: what the Play control does, frame after frame."""
        self.train(epochs)
        self._guarded(self.update)

    def update(self):
        v = self.values()
        if (v["data set"], v["seed"]) != (self._last["data set"], self._last["seed"]):
            self.reset()
        elif v["run"] != self._last["run"]:
            if v["run"] > self._last["run"]:
                self.train(v["epochs per frame"])
            self._last["run"] = v["run"]
        self.diagram.update(self.net)
        self.image.set_data(self.net.forward(self.grid).reshape(GRID, GRID))
        self.curve.set_data(np.arange(len(self.errors)), self.errors)
        # 100, 200, 500, … epochs: the layout changes only past those
        self.ax_err.set(xlim=(0, plots.nice_up(max(100, len(self.errors) - 1))),
                        ylim=(0, max(self.errors) * 1.05 + 1e-12))
        right = int(np.sum((self.net.forward(self.x) > 0.5) == (self.t > 0.5)))
        text = (f"epoch {len(self.errors) - 1} · error E = {fmt(self.errors[-1])} · "
                f"{right} of {len(self.t)} examples on the right side of y = ½")
        if self.problem:
            text += f"<br><span style='color:{plots.NEGATIVE}'>{html.escape(self.problem)}</span>"
        self.texts["progress"].value = _style(text)
        # η and epochs/frame change nothing on the figure until training runs
        self.redraw_if_changed(v["data set"], v["seed"], len(self.errors), self.errors[-1])


# -- check the gradients -----------------------------------------------------------------------
RULES = {
    "right": "backpropagation (BP1–BP4)",
    "classic": "classic rule (no f′ above)",
}
RULE_COLUMNS = {"right": "BP1–BP4", "classic": "classic rule"}
LAYER_COLOURS = (plots.ORANGE, plots.GREEN, plots.BLACK)   # the gradient check's dots, layer by layer


def gradient_table(net, x, t):
    """Plain text: each parameter's slope by BP1–BP4, by the classic rule and by perturbation.

    The classic rule's "slope" is the ``g`` with which its update reads
    ``w ← w − η·g``. The last lines give each rule's largest relative
    difference from perturbation (:func:`bplib.max_relative_difference`):
    below 10⁻⁶ means they agree.
    """
    right, classic = net.backward(x, t), classic_rule_backward(net, x, t)
    measured = perturbation_gradients(net, x, t)
    columns = [_flat(right), _flat(classic), _flat(measured)]
    lines = [f"{'':9}{'BP1–BP4':>12}{'classic rule':>14}{'perturbation':>14}"]
    for k, (name, *_) in enumerate(parameter_names(net)):
        lines.append(f"{name:9}" + "".join(f"{fmt(c[k]):>{w}}" for c, w in zip(columns, (12, 14, 14))))
    for label, grads in (("BP1–BP4", right), ("classic rule", classic)):
        report = compare_gradients(grads, measured)
        verdict = "below 10⁻⁶: they agree" if report.agree else f"{report.max_relative_difference:.2f}: they DISAGREE"
        lines.append(f"{label} vs perturbation, largest relative difference {verdict}")
    return "\n".join(lines)


def rule_comparison(net=None, x=EXAMPLE_X, t=EXAMPLE_T, lr=EXAMPLE_LR):
    """Plain text: the error each neuron sends back and one update per layer, by both rules.

    Left, the classic slideshow's rule in its own signs (δ = t − y at the
    output, ``δⱼ = Σₖ wₖⱼ·δₖ`` below, ``w ← w + η·δⱼ·f′(sⱼ)·yᵢ``); right,
    backpropagation's δ (BP1, BP2) and change ``−η·δⱼ·yᵢ`` (BP3).
    """
    net = _check_net(net)
    x, t = np.asarray(x, float), np.atleast_1d(np.asarray(t, float))
    classic = classic_rule_backward(net, x, t)
    right = net.backward(x, t)
    layers = range(len(net.weights) - 1, -1, -1)   # from the output down
    lines = [f"{'':8}{'classic δ':>12}{'BP δ':>12}"]
    lines += [f"{delta_name(l + 1, j):8}{fmt(classic.delta[l][j]):>12}{fmt(net.delta[l][j]):>12}"
              for l in layers for j in range(net.sizes[l + 1])]
    lines += ["", f"{'':8}{'classic Δw':>12}{'BP Δw':>12}{'ratio':>8}"]
    for l in layers:
        a, b = -lr * classic.weights[l][0, 0], -lr * right.weights[l][0, 0]
        lines.append(f"{w_name(l + 1, 0, 0):8}{fmt(a):>12}{fmt(b):>12}{fmt(a / b):>8}")
    return "\n".join(lines)


def row_and_column(net=None, layer=2, row=0, column=0):
    """HTML: the weight matrix of ``layer`` twice, row ``row`` lit in one, column ``column`` in the other.

    Forward, neuron ``row`` of ``layer`` reads its row: ``s = y @ W.T + b``
    takes ``Σᵢ w_ji·yᵢ`` along row j. Backward, neuron ``column`` of the
    layer below reads its column: ``delta @ W`` takes ``Σₖ wₖⱼ·δₖ`` down
    column j. (Rows and columns count from 1 in the words, from 0 here.)
    """
    net = _check_net(net)
    W = np.asarray(net.weights[layer - 1])
    below = "x" if layer == 1 else "y" + w_name(layer - 1, 0, 0)[3:]

    def table(lit, caption):
        rows = [[f"row {r + 1}"] + [
            f"<span style='{'background:#fde2b5;font-weight:bold' if lit(r, c) else ''}'>{fmt(W[r, c])}<br>"
            f"<span style='font-size:75%;color:#555'>{w_name(layer, r, c)}</span></span>" for c in range(W.shape[1])]
            for r in range(W.shape[0])]
        return (f"<div style='display:inline-block;margin-right:28px;vertical-align:top'>"
                f"<div style='max-width:330px'>{caption}</div>"
                + plots.html_table([""] + [f"col. {c + 1}" for c in range(W.shape[1])], rows) + "</div>")

    j, i = row, column
    sup = w_name(layer, 0, 0)[3:]
    fwd = (f"<b>Forward</b>: neuron {j + 1} of layer {layer} reads <b>row {j + 1}</b>, "
           f"the weights <i>into</i> it: s<sub>{j + 1}</sub>{sup} = Σ<sub>i</sub> w<sub>{j + 1}i</sub>{sup}·"
           f"{below[0]}<sub>i</sub>{below[1:]} + b<sub>{j + 1}</sub>{sup} — in code <code>y @ W.T</code>")
    bwd = (f"<b>Backward</b>: neuron {i + 1} of layer {layer - 1} reads <b>column {i + 1}</b>, "
           f"the weights <i>out of</i> it: Σ<sub>k</sub> w<sub>k{i + 1}</sub>{sup}·δ<sub>k</sub>{sup} "
           f"— in code <code>delta @ W</code>")
    return HTML(table(lambda r, c: r == j, fwd) + table(lambda r, c: c == i, bwd))


class GradientCheck(Demo):
    """Backpropagation's slope for each of the 20 parameters against perturbation's.

    Each dot is one weight or bias: across, its slope measured by
    perturbation; up, the slope by backpropagation with the chosen rule for
    hidden error signals. Backpropagation puts every dot on the diagonal;
    the classic rule moves the hidden layers' dots off it.
    """

    def __init__(self, rule="right", seed=0):
        super().__init__()
        self.add_control("rule", widgets.ToggleButtons(
            options=[(label, key) for key, label in RULES.items()], value=rule, description="hidden δ",
            style={"button_width": "210px"}))
        self.add_control("seed", widgets.IntSlider(value=seed, min=0, max=20, description="seed",
                                                   layout=_SLIDER["layout"]))
        self.add_control("data", widgets.Dropdown(options=["worked example", "XOR (4 examples)"],
                                                  value="worked example", description="examples",
                                                  layout=widgets.Layout(width="270px")))
        self.fig, self.ax = plots.new_figure(4.4, 4.3, layout="constrained")
        self.ax.axhline(0, color=plots.GREY, lw=0.5), self.ax.axvline(0, color=plots.GREY, lw=0.5)
        (self.diagonal,) = self.ax.plot([-1, 1], [-1, 1], color=plots.GREY, lw=1, ls="--")
        self.dots = [self.ax.plot([], [], "o", ms=6, color=c, markeredgecolor=plots.BLACK, markeredgewidth=0.5,
                                  zorder=3)[0]
                     for c in LAYER_COLOURS]   # their key is in the text panel, each table row has its swatch
        self.ax.set(xlabel="slope by perturbation", ylabel="slope by the rule")
        for axis in (self.ax.xaxis, self.ax.yaxis):
            axis.set_major_locator(MaxNLocator(2, symmetric=True))   # −m, 0, m: few numbers, a quick redraw
        self.add_text("table", min_height="330px")
        self.animate(*self.dots)   # a move redraws only the dots, unless the scale or the title changes
        self.update()

    def layout(self):
        return widgets.VBox([self.controls["rule"], widgets.HBox([self.controls["seed"], self.controls["data"]]),
                             widgets.HBox([*self._canvas(), self.texts["table"]]), self.status])

    def update(self):
        v = self.values()
        net = example_network() if v["seed"] == 0 else Network(SIZES, seed=v["seed"])
        x, t = (np.array(EXAMPLE_X), EXAMPLE_T) if v["data"] == "worked example" else logic_gate("XOR")
        ours = net.backward(x, t) if v["rule"] == "right" else classic_rule_backward(net, x, t)
        measured = perturbation_gradients(net, x, t)
        a, b = _flat(ours), _flat(measured)
        names = parameter_names(net)
        layer_of = np.array([l for _, _, l, _ in names])
        for l, dots in enumerate(self.dots):
            dots.set_data(b[layer_of == l], a[layer_of == l])
        m = plots.nice_up(max(float(np.max(np.abs(np.concatenate([a, b])))), 1e-12) * 1.1)   # 1, 2, 5 × 10ⁿ
        title = "BP1–BP4" if v["rule"] == "right" else "classic rule (wrong)"
        if self.ax.get_xlim() != (-m, m) or self.ax.get_title() != title:   # else only the dots are drawn again
            self.ax.set(xlim=(-m, m), ylim=(-m, m), title=title)
            self.diagonal.set_data([-m, m], [-m, m])
        report = compare_gradients(ours, measured)
        d = fmt(report.max_relative_difference)
        verdict = (f"<span style='color:{plots.GREEN}'><b>agree</b></span> (largest relative difference {d}, "
                   "below 10⁻⁶)" if report.agree else
                   f"<span style='color:{plots.NEGATIVE}'><b>DISAGREE</b></span> (largest relative difference {d})")
        rows = [[plots.swatch(LAYER_COLOURS[layer], name), a[k], b[k], "—" if abs(b[k]) < 1e-12 else float(a[k] / b[k])]
                for k, (name, _, layer, _) in enumerate(names)]   # no ratio when the measured slope is (almost) 0
        self.texts["table"].value = _style(
            f"{RULES[v['rule']].capitalize()} and perturbation {verdict}.<br>Dots: "
            + " ".join(plots.swatch(c, f"layer {l + 1}") for l, c in enumerate(LAYER_COLOURS)) + "<br>"
            "<div style='max-height:270px;overflow-y:auto'>"
            + plots.html_table(["", RULE_COLUMNS[v["rule"]], "perturbation", "ratio"], rows) + "</div>", "90%")
        self.redraw()


# The builders: each returns a Demo (the classes' docstrings say what it shows).
step_through, weight_explorer, trainer, gradient_check = StepThrough, WeightExplorer, Trainer, GradientCheck
BUILDERS = {"step_through": step_through, "weight_explorer": weight_explorer, "trainer": trainer,
            "gradient_check": gradient_check}


# -- exercises ------------------------------------------------------------------------------
def _exercise_stages():
    return {st.key: st for st in stages(example_network(), EXERCISE_X, EXERCISE_T, EXERCISE_LR)}


def exercise_numbers():
    """The numbers of the exercise (the example network, ``x = (0.6, 0.1)``, ``t = 0``, ``η = 0.5``).

    Every adder output and activation, the output error and the output
    neuron's error signal ``δ₁⁽³⁾``: what you need to work out the error
    signal of a hidden neuron and a weight's update by hand.
    """
    got = _exercise_stages()
    lines = [f"x₁ = {fmt(EXERCISE_X[0])}, x₂ = {fmt(EXERCISE_X[1])}, t = {fmt(EXERCISE_T)}, "
             f"η = {fmt(EXERCISE_LR)}"]
    for layer, n in enumerate(SIZES[1:], start=1):
        lines.append(f"layer {layer}: " + ", ".join(
            f"{got[('y', layer, j)].formula.split(' =')[0]} = {fmt(got[('y', layer, j)].value)}" for j in range(n)))
    lines.append(got[("e", 0)].equation)
    lines.append(got[("delta", 3, 0)].equation)
    return "\n".join(lines)


class ExerciseFigure(Demo):
    """The exercise's network, no controls: its forward pass and the output neuron's error signal."""

    def __init__(self):
        super().__init__()
        self.diagram = _diagram(self, False, moves=False)   # no controls: nothing moves
        self.update()

    def update(self):
        got = _exercise_stages()
        values = {("x", 0): EXERCISE_X[0], ("x", 1): EXERCISE_X[1], ("t", 0): EXERCISE_T}
        values.update({k: st.value for k, st in got.items() if k[0] in ("s", "y", "e", "E") or k == ("delta", 3, 0)})
        self.diagram.update(example_network(), values=values)
        self.redraw()

    def caption(self):
        return "The exercise's network: every adder output and activation, and the output's error signal δ₁⁽³⁾."


exercise_figure = ExerciseFigure   # the exercise's network as a picture


def check_error_signal(answer):
    """Exercise: the error signal ``δ₂⁽²⁾`` of neuron 2 in layer 2, for the exercise's numbers."""
    expected = _exercise_stages()[("delta", 2, 1)].value
    return check(answer, expected, "the error signal δ₂⁽²⁾",
                 hint="δ₂⁽²⁾ = (w₁₂⁽³⁾·δ₁⁽³⁾)·f′(s₂⁽²⁾), and for the sigmoid f′(s) = y·(1 − y) with "
                      "y = y₂⁽²⁾. The weight w₁₂⁽³⁾ is −0.6.")


def check_weight_update(answer):
    """Exercise: the change ``Δw₂₃⁽²⁾ = −η·δ₂⁽²⁾·y₃⁽¹⁾`` of weight ``w₂₃⁽²⁾``, for the exercise's numbers."""
    got = _exercise_stages()
    expected = -EXERCISE_LR * got[("w", 2, 1, 2)].gradient
    return check(answer, expected, "the change Δw₂₃⁽²⁾",
                 hint="The weight w₂₃⁽²⁾ carries y₃⁽¹⁾ into neuron 2 of layer 2, so its slope is "
                      "∂E/∂w₂₃⁽²⁾ = δ₂⁽²⁾·y₃⁽¹⁾, and the change is −η times that slope.")


def check_batched_backward(answer):
    """Exercise 3: the weight gradients ``[dW⁽¹⁾, dW⁽²⁾, dW⁽³⁾]`` of the worked example's network,
    averaged over the four XOR examples, from your own batched backward pass.

    Compared with ``example_network().backward(x4, t4)``: each array to 1%.
    """
    name = "the weight gradients [dW⁽¹⁾, dW⁽²⁾, dW⁽³⁾]"
    if answer is None or answer is Ellipsis:
        return check(None, 0.0, name)
    x4, t4 = logic_gate("XOR")
    expected = example_network().backward(x4, t4)[0]
    hint = ("Each layer's δ is one row per example: Δ⁽³⁾ = (Y⁽³⁾ − T)/N ⊙ Y⁽³⁾ ⊙ (1 − Y⁽³⁾) (BP1 with the "
            "1/N of the average), Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ @ W⁽ˡ⁺¹⁾) ⊙ Y⁽ˡ⁾ ⊙ (1 − Y⁽ˡ⁾) (BP2, row by row), and "
            "dW⁽ˡ⁾ = Δ⁽ˡ⁾.T @ Y⁽ˡ⁻¹⁾ (BP3, summed over the rows), with Y⁽⁰⁾ = x4.")
    if not isinstance(answer, (list, tuple)) or len(answer) != len(expected):
        return Feedback(False, f"Not yet: {name} should be a list of three arrays, one per layer. Hint: {hint}")
    n = 4
    for l, (mine, want) in enumerate(zip(answer, expected), start=1):
        label = f"dW⁽{superscript(l)}⁾ (shape {want.shape})"
        verdict = check(mine, want, label, hint=hint)
        if not verdict:
            if check(np.asarray(mine, float) / n, want, label) if np.shape(mine) == want.shape else False:
                return Feedback(False, f"Not yet: {label} is {n} times too large. Hint: E is the average "
                                       f"over the {n} examples, so the output δ carries a 1/N.")
            return verdict
    return Feedback(True, "Right: all three match net.backward(x4, t4), the average over the four examples.")


# -- recap ---------------------------------------------------------------------------------
CAN_DO = [
    "name every weight, adder output, activation and error signal of a 2-3-2-1 network",
    "work a forward pass and the error signals BP1 and BP2 by hand, and the updates BP3 and BP4",
    "say which weights the forward pass reads (row j) and which the backward pass reads (column j)",
    "write the backward pass for a whole batch in numpy, with the 1/N of the average",
    "check backpropagation against perturbation, and see why the classic rule without f′ above is wrong",
]

QUESTIONS = [
    quiz.Question(
        "A hidden neuron j feeds two neurons above it, with δ's 0.2 and −0.1 through weights 0.5 and 1, "
        "and its own f′(sⱼ) = 0.25. What is δⱼ (BP2)?",
        ["0.0", "0.0125", "0.05", "0.075"], answer=0,
        why="Σₖ wₖⱼ·δₖ = 0.5·0.2 + 1·(−0.1) = 0, so δⱼ = 0.25·0 = 0: the two paths cancel.",
        nudge="Add the two paths first, each weight times its δ, then multiply by f′(sⱼ)."),
    quiz.Question(
        "In code, δ⁽ˡ⁾ is one row per example and W⁽ˡ⁺¹⁾ has one row per neuron of layer l + 1. "
        "Which line gives Σₖ wₖⱼ·δₖ for every neuron j of layer l?",
        ["delta @ W", "delta @ W.T", "W @ delta.T"], answer=0,
        why="Entry j of delta @ W runs down column j of W: the weights out of neuron j.",
        nudge="The sum runs over the neurons k above, that is over the rows of W: which product walks "
              "down a column?"),
    quiz.Question(
        "With a batch of N examples and E the average of their errors, how does ∂E/∂w come out?",
        ["the sum of the N examples' slopes", "the average of the N examples' slopes",
         "the slope of the last example"], answer=1,
        why="The slope of an average is the average of the slopes: Δᵀ·Y sums over the rows, and the "
            "1/N in the output δ makes it the average.",
        nudge="E is an average. What does differentiating do to an average of functions?"),
]


def recap():
    """The lesson's recap: what you can now do, and three self-check questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
