"""Lesson 04, the chain rule: the widgets, tables and exercise checkers of ``04_chain_rule.ipynb``.

* :func:`chain_values` — the chain ``x → neuron 1 → neuron 2 → y⁽²⁾`` cut into small steps, forward
  and backward, every quantity by name;
* :func:`fanout_values` — one hidden neuron feeding two output neurons: its ``∂E/∂y⁽¹⁾`` is a sum;
* :func:`chain_explorer` — sliders for the chain's weights, input, target and η, with a Step button;
* :func:`time_gradients` and :func:`plot_cost` — backpropagation against perturbation on growing networks;
* :func:`cmp` — one line saying whether two gradients agree (exactly, or closely);
* the ``check_*`` functions check the exercise; :func:`recap` is the closing quiz.

Notation: a bracketed superscript numbers the layer (``s⁽¹⁾``, ``w⁽²⁾``); in code
the same quantities are ``s1``, ``w2``, and each gradient is ``d`` + the name
(``dw2`` is ``∂E/∂w⁽²⁾``).
"""

import math
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from . import plots
from ..activations import get_activation, sigmoid
from ..feedback import check
from ..fmt import fmt
from ..gradcheck import perturbation_gradients
from ..network import Network
from . import quiz
from ._demo import Demo
from .l02 import tangent

#: The chain's starting values in the lesson and in the demo.
START = {"x": 1.5, "t": 0.0, "w1": 0.8, "b1": -0.4, "w2": 1.2, "b2": 0.2}

#: Forward then backward: each quantity's name, its symbol, and how it is computed.
STEPS = [
    ("s1", "s⁽¹⁾", "w⁽¹⁾·x + b⁽¹⁾"),
    ("y1", "y⁽¹⁾", "f(s⁽¹⁾)"),
    ("s2", "s⁽²⁾", "w⁽²⁾·y⁽¹⁾ + b⁽²⁾"),
    ("y2", "y⁽²⁾", "f(s⁽²⁾)"),
    ("E", "E", "½·(y⁽²⁾ − t)²"),
    ("dy2", "∂E/∂y⁽²⁾", "y⁽²⁾ − t"),
    ("ds2", "δ⁽²⁾ = ∂E/∂s⁽²⁾", "∂E/∂y⁽²⁾ · f′(s⁽²⁾)"),
    ("dw2", "∂E/∂w⁽²⁾", "δ⁽²⁾ · y⁽¹⁾"),
    ("db2", "∂E/∂b⁽²⁾", "δ⁽²⁾"),
    ("dy1", "∂E/∂y⁽¹⁾", "w⁽²⁾ · δ⁽²⁾"),
    ("ds1", "δ⁽¹⁾ = ∂E/∂s⁽¹⁾", "∂E/∂y⁽¹⁾ · f′(s⁽¹⁾)"),
    ("dw1", "∂E/∂w⁽¹⁾", "δ⁽¹⁾ · x"),
    ("db1", "∂E/∂b⁽¹⁾", "δ⁽¹⁾"),
]


def chain_values(x, t, w1, b1, w2, b2, activation="sigmoid"):
    """Every forward and backward quantity of the two-neuron chain, as a dict in computing order.

    Forward: ``s⁽¹⁾ = w⁽¹⁾·x + b⁽¹⁾``, ``y⁽¹⁾ = f(s⁽¹⁾)``,
    ``s⁽²⁾ = w⁽²⁾·y⁽¹⁾ + b⁽²⁾``, ``y⁽²⁾ = f(s⁽²⁾)``, ``E = ½(y⁽²⁾ − t)²``.
    Backward, each gradient named ``d`` + the forward name (``dy2`` is
    ``∂E/∂y⁽²⁾``): ``dy2 = y⁽²⁾ − t``, ``ds2 = dy2·f′(s⁽²⁾)`` (the error
    signal ``δ⁽²⁾``, BP1), ``dw2 = δ⁽²⁾·y⁽¹⁾`` (BP3), ``db2 = δ⁽²⁾`` (BP4),
    ``dy1 = w⁽²⁾·δ⁽²⁾``, ``ds1 = dy1·f′(s⁽¹⁾)`` (``δ⁽¹⁾``, BP2),
    ``dw1 = δ⁽¹⁾·x``, ``db1 = δ⁽¹⁾``.

    The chain is :func:`fanout_values` with one output neuron; this gives its numbers as plain floats.

    >>> v = chain_values(x=1.5, t=0.0, w1=0.8, b1=-0.4, w2=1.2, b2=0.2)
    >>> round(v["s1"], 4), round(v["y1"], 4), round(v["ds2"], 4), round(v["dw1"], 4)
    (0.8, 0.69, 0.1429, 0.055)
    """
    v = fanout_values(x, [t], w1, b1, [w2], [b2], activation)
    return {key: float(np.sum(v[key])) for key, _, _ in STEPS}


def chain_network(w1, b1, w2, b2, activation="sigmoid"):
    """The same chain as a :class:`bplib.Network` ``[1, 1, 1]``: one input, one neuron, one neuron."""
    return fanout_network(w1, b1, [w2], [b2], activation)


def cmp(name, ours, reference):
    """One line: do our gradient and the reference agree exactly, or to 1e-6?

    After the ``cmp`` of Karpathy's "makemore, part 4" backprop exercise. Only the verdicts are printed, not the
    tiny differences themselves, which vary from one machine to another.

    >>> print(cmp("dw", [0.1, 0.2], [0.1, 0.2]))
    dw    exact: True   close: True
    """
    ours, reference = np.asarray(ours, dtype=float), np.asarray(reference, dtype=float)
    if ours.shape != reference.shape:
        raise ValueError(f"{name}: ours has shape {ours.shape}, the reference {reference.shape}.")
    exact = bool(np.array_equal(ours, reference))
    close = bool(np.allclose(ours, reference, rtol=1e-6, atol=1e-9))
    return f"{name:5s} exact: {exact!s:5s}  close: {close}"


# -- the chain explorer --------------------------------------------------------------------
W_RANGE = 4.0   # weights and biases from −4 to 4
#: Sliders show 3 significant digits, as the text beside them does (``fmt(v, 3)``), also after a Step.
_SLIDER = {"continuous_update": True, "readout_format": ".3g"}


class ChainExplorer(Demo):
    """The chain ``x → neuron 1 → neuron 2 → y⁽²⁾``: every quantity forward and backward, and a Step button.

    The figure shows the error ``E`` against ``w⁽¹⁾`` and against ``w⁽²⁾``
    (the other values held where they are), each with its tangent, whose
    slope is the gradient ``∂E/∂w⁽¹⁾`` or ``∂E/∂w⁽²⁾`` that backpropagation
    computed. Step computes all four gradients from the old values first,
    then changes all four (gradient descent uses the gradient).
    """

    def __init__(self, x=START["x"], t=START["t"], w1=START["w1"], b1=START["b1"],
                 w2=START["w2"], b2=START["b2"], lr=2.0):
        super().__init__()
        self.start = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
        for name, label, value, lo, hi, step in (
                ("w1", "w⁽¹⁾", w1, -W_RANGE, W_RANGE, 0.05), ("b1", "b⁽¹⁾", b1, -W_RANGE, W_RANGE, 0.05),
                ("w2", "w⁽²⁾", w2, -W_RANGE, W_RANGE, 0.05), ("b2", "b⁽²⁾", b2, -W_RANGE, W_RANGE, 0.05),
                ("x", "x", x, -2.0, 2.0, 0.05), ("t", "t", t, 0.0, 1.0, 0.05), ("lr", "η", lr, 0.1, 10.0, 0.1)):
            self.add_control(name, widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=label,
                                                       **_SLIDER))
        self.add_button("step", "Step", self.step)
        self.add_button("reset", "Reset", self.reset)
        self.steps, self.history = 0, []
        self.fig, axes = plots.new_figure(5.0, 3.3, ncols=2, sharey=True, layout="constrained")
        self.grid = np.linspace(-W_RANGE, W_RANGE, 161)
        self.curves, self.tangents, self.dots = [], [], []
        for ax, label in zip(axes, ("w⁽¹⁾", "w⁽²⁾")):
            (curve,) = ax.plot([], [], color=plots.ERROR, lw=2)
            (slope_line,) = ax.plot([], [], color=plots.ORANGE, lw=2)
            (dot,) = ax.plot([], [], "o", color="white", mec=plots.BLACK, mew=1.5, ms=7)
            ax.set(xlim=(-W_RANGE, W_RANGE), xlabel=label)
            ax.xaxis.set_major_locator(MaxNLocator(2))   # a few ticks: each is laid out at every redraw
            self.curves.append(curve)
            self.tangents.append(slope_line)
            self.dots.append(dot)
        # E = ½(y⁽²⁾ − t)² ≤ ½ with y⁽²⁾ and t between 0 and 1
        axes[0].set(ylim=(0, 0.52), ylabel="error E", yticks=[0, 0.25, 0.5])
        self.add_text("values")
        self.add_text("verdict", min_height="4.5em")
        self.update()

    def layout(self):
        """Sliders in two columns above; the curves and the one table of every quantity side by side."""
        sliders = list(self.controls.values())
        left = widgets.VBox(sliders[:4])
        right = widgets.VBox(sliders[4:] + [widgets.HBox(list(self.buttons.values()))])
        row = widgets.HBox([*self._canvas(), self.texts["values"]],
                           layout=widgets.Layout(align_items="flex-start", grid_gap="16px"))
        return widgets.VBox([widgets.HBox([left, right]), row, self.texts["verdict"], self.status])

    def inputs(self):
        """The chain's inputs at the sliders' values: ``x, t, w1, b1, w2, b2`` (not η)."""
        return {name: self.controls[name].value for name in START}

    def chain(self):
        """:func:`chain_values` at the sliders' values."""
        return chain_values(**self.inputs())

    def step(self):
        """One gradient-descent step on w⁽¹⁾, b⁽¹⁾, w⁽²⁾, b⁽²⁾ (the sliders stop at ±4).

        All four gradients come from the old values (``c``, computed first);
        only then do the four sliders move.
        """
        v, c, lr = self.values(), self.chain(), self.controls["lr"].value
        self.put(**{name: float(np.clip(v[name] - lr * c["d" + name], -W_RANGE, W_RANGE))
                           for name in self.start})
        self.steps += 1
        self.history.append(c["E"])

    def reset(self):
        """Weights and biases back to where they started."""
        self.put(**self.start)
        self.steps, self.history = 0, []

    def update(self):
        v, c = self.inputs(), self.chain()
        for k, name in enumerate(("w1", "w2")):   # E against one weight, the other values held
            self.curves[k].set_data(self.grid, _chain_error(**{**v, name: self.grid}))
            self.tangents[k].set_data(*tangent(v[name], c["E"], c["d" + name]))
            self.dots[k].set_data([v[name]], [c["E"]])
        self.texts["values"].value = _values_table(v, c)
        self.texts["verdict"].value = self._verdict(c)
        self.redraw()

    def _verdict(self, c):
        text = (f"The orange lines have slopes ∂E/∂w⁽¹⁾ = {fmt(c['dw1'])} and ∂E/∂w⁽²⁾ = {fmt(c['dw2'])}, "
                "the numbers backpropagation found (in the table). Step: w ← w − η·∂E/∂w for all four, "
                "from gradients computed first.")
        if self.steps:
            text += (f"<br><b>{self.steps} step(s)</b>: E went from {fmt(self.history[0])} to "
                     f"{fmt(c['E'])}.")
            if c["E"] > self.history[0]:
                text += (f" <span style='color:{plots.VERMILION}'>The error grew: η is too large — "
                         "try a smaller one.</span>")
        return text


def _chain_error(x, t, w1, b1, w2, b2):
    """``E`` of the chain, for arrays of any one of the values (sigmoid neurons)."""
    y2 = sigmoid(w2 * sigmoid(w1 * x + b1) + b2)
    return 0.5 * (y2 - t) ** 2


def _values_table(v, c):
    """One table, forward then backward, every quantity with its formula and number (rows in computing order)."""
    rows = []
    for key, symbol, formula in STEPS:
        first = {"s1": "forward →", "dy2": f"<span style='color:{plots.VERMILION}'>← backward</span>"}.get(key, "")
        rows.append([first, symbol, "= " + formula, float(c[key])])
    inputs = (f"x = {fmt(v['x'], 3)}, t = {fmt(v['t'], 3)}, w⁽¹⁾ = {fmt(v['w1'], 3)}, b⁽¹⁾ = {fmt(v['b1'], 3)}, "
              f"w⁽²⁾ = {fmt(v['w2'], 3)}, b⁽²⁾ = {fmt(v['b2'], 3)}; f = sigmoid, f′(s) = f(s)·(1 − f(s))")
    return plots.html_table(["pass", "quantity", "computed as", "value"], rows, digits=4, caption=inputs)


def chain_explorer(lr=2.0):
    """Two neurons in a chain: move the weights, see every forward and backward number; Step descends."""
    return ChainExplorer(lr=lr)


BUILDERS = {"chain_explorer": chain_explorer}


# -- the cost: backpropagation against perturbation ----------------------------------------------
#: Networks from 9 to about 5,000 parameters (weights and biases): [n, n, 1] for growing n.
COST_SIZES = [[2, 2, 1], [4, 4, 1], [8, 8, 1], [16, 16, 1], [32, 32, 1], [50, 50, 1], [70, 70, 1]]


def _backpropagation(net, x, t):
    """Every gradient from one forward and one backward pass (BP1–BP4): ``(grads, passes)``."""
    g = net.backward(x, t)
    return g, {"forward": g.forward_passes, "backward": g.backward_passes}


def _perturbation(net, x, t):
    """Every gradient from two forward passes per parameter, nudged by ±ε: ``(grads, passes)``."""
    g = perturbation_gradients(net, x, t)
    return g, {"forward": g.forward_passes, "backward": 0}


#: The two ways to every gradient that this lesson times, and their colours in :func:`plot_cost`.
METHODS = {"backpropagation": _backpropagation, "perturbation": _perturbation}
COLOURS = {"backpropagation": plots.BLUE, "perturbation": plots.VERMILION}


def time_gradients(sizes=None, repeats=3, seed=0, methods=METHODS):
    """For each network size: each method's passes for all gradients, and its time (the best of ``repeats``).

    ``methods`` maps a name to ``method(net, x, t) → (grads, passes)`` (lesson 09 times three). Returns a
    list of dicts with ``sizes``, ``n_params`` and, by method name, ``passes`` (``{"forward": n, "backward":
    m}``), ``seconds`` (:func:`best_time`) and ``grads``. The counts are always the same; the times vary
    from run to run and machine to machine. One example per network: ``x`` and ``t`` drawn with ``seed``.
    """
    records = []
    for layer_sizes in COST_SIZES if sizes is None else sizes:
        net, rng = Network(layer_sizes, seed=seed), np.random.default_rng(seed)
        x, t = rng.normal(size=layer_sizes[0]).tolist(), rng.random(layer_sizes[-1]).tolist()
        record = {"sizes": list(layer_sizes), "n_params": net.n_params}
        for name, method in methods.items():
            (grads, passes), seconds = best_time(lambda: method(net, x, t), repeats)
            record[name] = {"passes": passes, "seconds": seconds, "grads": grads}
        records.append(record)
    return records


def best_time(method, repeats):
    """``(result, seconds)``: what ``method()`` returns, and the least time, by ``time.perf_counter()``, that it
    took in ``repeats`` runs (the best run is the one least disturbed by the rest of the machine). Lessons 04, 09."""
    seconds = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        result = method()
        seconds = min(seconds, time.perf_counter() - start)
    return result, seconds


def cost_table(records):
    """The pass counts of :func:`time_gradients` as text, a column per method (no times: those vary)."""
    names = [key for key in records[0] if key not in ("sizes", "n_params")]

    def passes(p):
        return f"{p['forward']} forward + {p['backward']} backward" if p["backward"] \
            else f"{p['forward']} forward passes"

    widths = [max(22, len(name)) for name in names]
    lines = [f"{'network':>12}  {'parameters':>10}" + "".join(f"  {n:>{w}}" for n, w in zip(names, widths))]
    lines += [f"{str(r['sizes']):>12}  {r['n_params']:>10}" + "".join(f"  {passes(r[n]['passes']):>{w}}"
                                                                     for n, w in zip(names, widths)) for r in records]
    return "\n".join(lines)


def plot_cost(records, colours=COLOURS, headroom=100):
    """Seconds for all gradients against the number of parameters, log–log, a line per method of ``colours``
    (name → colour); the axes reach ``headroom`` times above the slowest point, room for the legend. Returns the
    figure."""
    fig, ax = plots.new_figure(7.0, 3.8, layout="constrained")
    n = [r["n_params"] for r in records]
    for name, colour in colours.items():
        ax.loglog(n, [r[name]["seconds"] for r in records], "o-", color=colour, mec=plots.BLACK, label=name)
    every = [r[name]["seconds"] for r in records for name in colours]
    ax.set(xlabel="number of weights and biases", ylabel="seconds for all gradients",
           ylim=(min(every) / 3, max(every) * headroom))
    ax.legend(frameon=False, loc="upper left")
    return fig


# -- exercise ------------------------------------------------------------------------------
#: The exercise's chain (the notebook prints its numbers with :func:`show_exercise`).
EXERCISE = {"x": 2.0, "t": 1.0, "w1": -0.5, "b1": 0.5, "w2": 2.0, "b2": -1.0}


def show_exercise():
    """Print what the learner needs: the chain's values and the backward pass up to δ⁽²⁾."""
    e, c = EXERCISE, chain_values(**EXERCISE)
    print(f"x = {fmt(e['x'])}   t = {fmt(e['t'])}   w⁽¹⁾ = {fmt(e['w1'])}   b⁽¹⁾ = {fmt(e['b1'])}   "
          f"w⁽²⁾ = {fmt(e['w2'])}   b⁽²⁾ = {fmt(e['b2'])}")
    print(f"forward:   s⁽¹⁾ = {fmt(c['s1'])}   y⁽¹⁾ = {fmt(c['y1'])}   s⁽²⁾ = {fmt(c['s2'])}   "
          f"y⁽²⁾ = {fmt(c['y2'])}")
    print(f"backward:  ∂E/∂y⁽²⁾ = y⁽²⁾ − t = {fmt(c['dy2'])}")
    print(f"           δ⁽²⁾ = ∂E/∂y⁽²⁾ · y⁽²⁾(1 − y⁽²⁾) = {fmt(c['ds2'])}")


def check_dy1(answer):
    """``∂E/∂y⁽¹⁾ = w⁽²⁾ · δ⁽²⁾`` for the exercise's chain."""
    return check(answer, chain_values(**EXERCISE)["dy1"], "∂E/∂y⁽¹⁾",
                 hint="y⁽¹⁾ reaches E only through s⁽²⁾ = w⁽²⁾·y⁽¹⁾ + b⁽²⁾: multiply δ⁽²⁾ by the slope "
                      "∂s⁽²⁾/∂y⁽¹⁾, which is the weight between them. Keep the sign of δ⁽²⁾.")


def check_delta1(answer):
    """``δ⁽¹⁾ = ∂E/∂y⁽¹⁾ · f′(s⁽¹⁾)``, with ``f′(s⁽¹⁾) = y⁽¹⁾(1 − y⁽¹⁾)`` for the sigmoid (BP2)."""
    return check(answer, chain_values(**EXERCISE)["ds1"], "δ⁽¹⁾",
                 hint="BP2: multiply your ∂E/∂y⁽¹⁾ by neuron 1's own slope f′(s⁽¹⁾) = y⁽¹⁾·(1 − y⁽¹⁾), "
                      "with y⁽¹⁾ = 0.3775.")


def check_dw1(answer):
    """``∂E/∂w⁽¹⁾ = δ⁽¹⁾ · x`` (BP3)."""
    return check(answer, chain_values(**EXERCISE)["dw1"], "∂E/∂w⁽¹⁾",
                 hint="BP3: w⁽¹⁾ multiplies x in s⁽¹⁾ = w⁽¹⁾·x + b⁽¹⁾, so multiply δ⁽¹⁾ by that input.")


# -- fan-out: one hidden neuron feeding two output neurons ---------------------------------
def fanout_values(x, t, w1, b1, w2, b2, activation="sigmoid"):
    """One hidden neuron feeding output neurons k = 1, 2, …: every quantity, forward and backward.

    ``t``, ``w2`` and ``b2`` hold one value per output neuron: ``w2[k]`` is
    the weight to output neuron k from the hidden neuron. Forward:
    ``s⁽¹⁾ = w⁽¹⁾·x + b⁽¹⁾``, ``y⁽¹⁾ = f(s⁽¹⁾)``, ``s⁽²⁾_k = w⁽²⁾_k·y⁽¹⁾ + b⁽²⁾_k``,
    ``y⁽²⁾_k = f(s⁽²⁾_k)``, ``E = Σ_k ½(y⁽²⁾_k − t_k)²``. Backward:
    ``dy2 = y⁽²⁾ − t``, ``δ⁽²⁾_k = dy2_k·f′(s⁽²⁾_k)`` (BP1), ``dw2 = δ⁽²⁾·y⁽¹⁾`` (BP3), ``db2 = δ⁽²⁾`` (BP4);
    ``paths[k] = w⁽²⁾_k·δ⁽²⁾_k``, what reaches ``y⁽¹⁾`` along path k;
    ``dy1 = Σ_k paths[k]``; ``ds1 = dy1·f′(s⁽¹⁾)`` (BP2); ``dw1 = δ⁽¹⁾·x``, ``db1 = δ⁽¹⁾``.

    >>> v = fanout_values(1.5, [0.0, 1.0], 0.8, -0.4, [1.2, -0.7], [0.2, 0.1])
    >>> v["paths"].round(4).tolist(), round(v["dy1"], 4)
    ([0.1715, 0.1003], 0.2718)
    """
    f = get_activation(activation)
    t, w2, b2 = (np.asarray(a, dtype=float) for a in (t, w2, b2))
    v = {"s1": w1 * x + b1}
    v["y1"] = float(f.f(v["s1"]))
    v["s2"] = w2 * v["y1"] + b2
    v["y2"] = f.f(v["s2"])
    v["E"] = float(np.sum(0.5 * (v["y2"] - t) ** 2))
    v["dy2"] = v["y2"] - t
    v["ds2"] = v["dy2"] * f.df(v["s2"])
    v["dw2"] = v["ds2"] * v["y1"]
    v["db2"] = v["ds2"]
    v["paths"] = w2 * v["ds2"]
    v["dy1"] = float(np.sum(v["paths"]))
    v["ds1"] = v["dy1"] * float(f.df(v["s1"]))
    v["dw1"] = v["ds1"] * x
    v["db1"] = v["ds1"]
    return v


def fanout_network(w1, b1, w2, b2, activation="sigmoid"):
    """The fan-out as a :class:`bplib.Network` ``[1, 1, K]``: one input, one hidden neuron, K outputs."""
    net = Network([1, 1, len(w2)], activation=activation)
    net.weights = [[[w1]], [[w] for w in w2]]
    net.biases = [[b1], list(b2)]
    return net


#: The second exercise: the first exercise's chain, plus a second output neuron fed by the same y⁽¹⁾.
FANOUT_EXERCISE = {"x": 2.0, "t": [1.0, 0.0], "w1": -0.5, "b1": 0.5, "w2": [2.0, 1.5], "b2": [-1.0, -0.5]}


def show_fanout_exercise():
    """Print the fan-out exercise: the values, the forward pass and both output neurons' δ⁽²⁾."""
    e, v = FANOUT_EXERCISE, fanout_values(**FANOUT_EXERCISE)
    print(f"x = {fmt(e['x'])}   w⁽¹⁾ = {fmt(e['w1'])}   b⁽¹⁾ = {fmt(e['b1'])}   y⁽¹⁾ = {fmt(v['y1'])}")
    for k in range(2):
        n = "₁₂"[k]
        print(f"output {k + 1}: w⁽²⁾{n} = {fmt(e['w2'][k])}   b⁽²⁾{n} = {fmt(e['b2'][k])}   t{n} = {fmt(e['t'][k])}   "
              f"y⁽²⁾{n} = {fmt(v['y2'][k])}   δ⁽²⁾{n} = {fmt(v['ds2'][k])}")


def check_fanout_dy1(answer):
    """``∂E/∂y⁽¹⁾ = Σ_k w⁽²⁾_k·δ⁽²⁾_k``: both paths, added (BP2's sum)."""
    return check(answer, fanout_values(**FANOUT_EXERCISE)["dy1"], "∂E/∂y⁽¹⁾",
                 hint="y⁽¹⁾ reaches E along two paths, one through each output neuron. Work out "
                      "w⁽²⁾_k·δ⁽²⁾_k for each path k, then add the two.")


def check_fanout_dw1(answer):
    """``∂E/∂w⁽¹⁾ = δ⁽¹⁾·x`` with ``δ⁽¹⁾ = f′(s⁽¹⁾)·Σ_k w⁽²⁾_k·δ⁽²⁾_k`` (BP2, then BP3)."""
    return check(answer, fanout_values(**FANOUT_EXERCISE)["dw1"], "∂E/∂w⁽¹⁾",
                 hint="BP2: δ⁽¹⁾ = f′(s⁽¹⁾) times your sum from (d), with f′(s⁽¹⁾) = y⁽¹⁾·(1 − y⁽¹⁾); "
                      "then BP3: multiply by the input x.")


# -- recap ---------------------------------------------------------------------------------
#: What the learner can do after lesson 04 (the recap's list).
CAN_DO = [
    "cut a forward pass into small steps and write each step's local derivative",
    "send the error back through a chain with BP1–BP4, and check it by nudging a weight",
    "add the error signals of every neuron a hidden neuron feeds (the sum in BP2)",
    "say why each sigmoid layer multiplies δ by at most ¼ (times the weight in between)",
    "say why backpropagation is cheaper than perturbation: one backward pass instead of two forward passes "
    "per parameter",
]

#: The recap's questions (tests/test_l04.py recomputes each right answer).
QUESTIONS = [
    quiz.Question(
        "A hidden neuron feeds two output neurons, with weights 2 and −1 and error signals δ = 0.1 and 0.3. "
        "What is ∂E/∂y for the hidden neuron?",
        ["0.2", "−0.1", "0.5"], answer=1,
        why="Add the two paths: 2 · 0.1 + (−1) · 0.3 = 0.2 − 0.3 = −0.1.",
        nudge="Each path contributes its weight times its error signal; then combine the paths."),
    quiz.Question(
        "A sigmoid neuron has s = 0. By what factor does its f′(s) multiply the error sent back through it?",
        ["1", "0.5", "0.25"], answer=2,
        why="f′(0) = σ(0)·(1 − σ(0)) = ½ · ½ = ¼, the sigmoid's largest slope.",
        nudge="Use f′(s) = y·(1 − y) with y = σ(0)."),
    quiz.Question(
        "When you take a gradient-descent step on a network, which weights are the gradients computed from?",
        ["The old weights, all of them, before any weight changes",
         "Each layer's new weights, updating from the output layer down",
         "The weights after half the step"], answer=0,
        why="Backpropagation computes the whole gradient at one point; gradient descent then moves every "
            "weight at once.",
        nudge="A gradient is the slope at one point of the error surface. Which point?"),
]


def recap():
    """The closing quiz of lesson 04: what you can now do, and three questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
