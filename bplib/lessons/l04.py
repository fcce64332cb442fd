"""Lesson 04, the chain rule: the widgets, tables and exercise checkers of ``04_chain_rule.ipynb``.

* :func:`chain_values` — the chain ``x → neuron 1 → neuron 2 → y₂`` cut into small steps, forward
  and backward, every quantity by name;
* :func:`chain_explorer` — sliders for the chain's weights, input, target and η, with a Step button;
* :func:`time_gradients` and :func:`plot_cost` — backpropagation against perturbation on growing networks;
* :func:`cmp` — one line saying whether two gradients agree (exactly, or closely).
"""

import time

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..activations import get_activation
from ..feedback import check
from ..gradcheck import perturbation_gradients
from ..network import Network
from ._demo import Demo

#: The chain's starting values in the lesson and in the demo.
START = {"x": 1.5, "t": 0.0, "w1": 0.8, "b1": -0.4, "w2": 1.2, "b2": 0.2}

#: Forward then backward: each quantity's name, its symbol, and how it is computed.
STEPS = [
    ("s1", "s₁", "w₁·x + b₁"),
    ("y1", "y₁", "f(s₁)"),
    ("s2", "s₂", "w₂·y₁ + b₂"),
    ("y2", "y₂", "f(s₂)"),
    ("E", "E", "½·(y₂ − t)²"),
    ("dy2", "dE/dy₂", "y₂ − t"),
    ("ds2", "δ₂ = dE/ds₂", "dE/dy₂ · f′(s₂)"),
    ("dw2", "dE/dw₂", "δ₂ · y₁"),
    ("db2", "dE/db₂", "δ₂"),
    ("dy1", "dE/dy₁", "δ₂ · w₂"),
    ("ds1", "δ₁ = dE/ds₁", "dE/dy₁ · f′(s₁)"),
    ("dw1", "dE/dw₁", "δ₁ · x"),
    ("db1", "dE/db₁", "δ₁"),
]


def chain_values(x, t, w1, b1, w2, b2, activation="sigmoid"):
    """Every forward and backward quantity of the two-neuron chain, as a dict in computing order.

    Forward: ``s₁ = w₁·x + b₁``, ``y₁ = f(s₁)``, ``s₂ = w₂·y₁ + b₂``,
    ``y₂ = f(s₂)``, ``E = ½(y₂ − t)²``. Backward, each gradient named ``d`` +
    the forward name (``dy2`` is ``dE/dy₂``): ``dy2 = y₂ − t``,
    ``ds2 = dy2·f′(s₂)`` (the error signal ``δ₂``), ``dw2 = δ₂·y₁``,
    ``db2 = δ₂``, ``dy1 = δ₂·w₂``, ``ds1 = dy1·f′(s₁)`` (``δ₁``),
    ``dw1 = δ₁·x``, ``db1 = δ₁``.

    >>> v = chain_values(x=1.5, t=0.0, w1=0.8, b1=-0.4, w2=1.2, b2=0.2)
    >>> round(v["s1"], 4), round(v["y1"], 4), round(v["ds2"], 4), round(v["dw1"], 4)
    (0.8, 0.69, 0.1429, 0.055)
    """
    f = get_activation(activation)
    v = {}
    v["s1"] = w1 * x + b1
    v["y1"] = float(f.f(v["s1"]))
    v["s2"] = w2 * v["y1"] + b2
    v["y2"] = float(f.f(v["s2"]))
    v["E"] = 0.5 * (v["y2"] - t) ** 2
    v["dy2"] = v["y2"] - t
    v["ds2"] = v["dy2"] * float(f.df(v["s2"]))
    v["dw2"] = v["ds2"] * v["y1"]
    v["db2"] = v["ds2"]
    v["dy1"] = v["ds2"] * w2
    v["ds1"] = v["dy1"] * float(f.df(v["s1"]))
    v["dw1"] = v["ds1"] * x
    v["db1"] = v["ds1"]
    return v


def chain_network(w1, b1, w2, b2, activation="sigmoid"):
    """The same chain as a :class:`bplib.Network` ``[1, 1, 1]``: one input, one neuron, one neuron."""
    net = Network([1, 1, 1], activation=activation)
    net.weights = [[[w1]], [[w2]]]
    net.biases = [[b1], [b2]]
    return net


def num(v, digits=4):
    """``v`` with ``digits`` decimals and a real minus sign, never ``−0.0000``."""
    text = f"{v:.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return text.replace("-", "−")


def cmp(name, ours, reference):
    """One line: do our gradient and the reference agree exactly, or to 1e-6?

    After nn-zero-to-hero's ``cmp``. Only the verdicts are printed, not the
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
_SLIDER = {"continuous_update": True, "readout_format": ".2f", "style": {"description_width": "initial"}}


class ChainExplorer(Demo):
    """The chain ``x → neuron 1 → neuron 2 → y₂``: every quantity forward and backward, and a Step button.

    The figure shows the error ``E`` against ``w₁`` and against ``w₂`` (the
    other values held where they are), each with its tangent, whose slope
    is the gradient ``dE/dw₁`` or ``dE/dw₂`` that backpropagation computed.
    """

    def __init__(self, x=START["x"], t=START["t"], w1=START["w1"], b1=START["b1"],
                 w2=START["w2"], b2=START["b2"], lr=2.0):
        super().__init__()
        self.start = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
        for name, label, value in (("w1", "w₁", w1), ("b1", "b₁", b1), ("w2", "w₂", w2), ("b2", "b₂", b2)):
            self.add_control(name, widgets.FloatSlider(value=value, min=-W_RANGE, max=W_RANGE, step=0.05,
                                                       description=label, **_SLIDER))
        self.add_control("x", widgets.FloatSlider(value=x, min=-2.0, max=2.0, step=0.05, description="x", **_SLIDER))
        self.add_control("t", widgets.FloatSlider(value=t, min=0.0, max=1.0, step=0.05, description="t", **_SLIDER))
        self.add_control("lr", widgets.FloatSlider(value=lr, min=0.1, max=10.0, step=0.1, description="η", **_SLIDER))
        self.add_button("step", "Step: w ← w − η·dE/dw", self.step, layout=widgets.Layout(width="190px"))
        self.add_button("reset", "Reset", self.reset)
        self.steps, self.history = 0, []
        self.fig, axes = plots.new_figure(6.2, 2.5, ncols=2, sharey=True)
        self.grid = np.linspace(-W_RANGE, W_RANGE, 161)
        self.curves, self.tangents, self.dots = [], [], []
        for ax, label in zip(axes, ("w₁", "w₂")):
            (curve,) = ax.plot([], [], color=plots.BLUE, lw=2)
            (tangent,) = ax.plot([], [], color=plots.ORANGE, lw=2)
            (dot,) = ax.plot([], [], "o", color=plots.BLACK, ms=6)
            ax.set_xlim(-W_RANGE, W_RANGE)
            ax.set_xticks([-4, 0, 4])
            ax.set_xlabel(label)
            self.curves.append(curve)
            self.tangents.append(tangent)
            self.dots.append(dot)
        axes[0].set_ylim(0, 0.52)   # E = ½(y₂ − t)² ≤ ½ with y₂ and t between 0 and 1
        axes[0].set_yticks([0, 0.25, 0.5])
        axes[0].set_ylabel("E")
        self.fig.tight_layout()
        self.add_text("values")
        self.add_text("verdict")
        self.update()

    def layout(self):
        sliders = list(self.controls.values())
        left = widgets.VBox(sliders[:4])
        right = widgets.VBox(sliders[4:] + [widgets.HBox(list(self.buttons.values()))])
        return widgets.VBox([widgets.HBox([left, right]), *self._canvas(), self.texts["verdict"],
                             self.texts["values"], self.status])

    def chain(self):
        """:func:`chain_values` at the sliders' values."""
        v = self.values()
        return chain_values(v["x"], v["t"], v["w1"], v["b1"], v["w2"], v["b2"])

    def step(self):
        """One gradient-descent step on w₁, b₁, w₂, b₂ (the sliders stop at ±4)."""
        v, c, lr = self.values(), self.chain(), self.controls["lr"].value
        self._hold = True
        try:
            for name in ("w1", "b1", "w2", "b2"):
                self.controls[name].value = float(np.clip(v[name] - lr * c["d" + name], -W_RANGE, W_RANGE))
        finally:
            self._hold = False
        self.steps += 1
        self.history.append(c["E"])

    def reset(self):
        """Weights and biases back to where they started."""
        self._hold = True
        try:
            for name, value in self.start.items():
                self.controls[name].value = value
        finally:
            self._hold = False
        self.steps, self.history = 0, []

    def update(self):
        v = self.values()
        c = chain_values(v["x"], v["t"], v["w1"], v["b1"], v["w2"], v["b2"])
        for k, (name, slope) in enumerate((("w1", c["dw1"]), ("w2", c["dw2"]))):
            others = dict(v)
            others[name] = self.grid
            E = _chain_error(**{key: others[key] for key in ("x", "t", "w1", "b1", "w2", "b2")})
            self.curves[k].set_data(self.grid, E)
            half = 1.0
            self.tangents[k].set_data([v[name] - half, v[name] + half], [c["E"] - slope * half, c["E"] + slope * half])
            self.dots[k].set_data([v[name]], [c["E"]])
        self.texts["values"].value = _values_table(v, c)
        self.texts["verdict"].value = self._verdict(c)
        self.redraw()

    def _verdict(self, c):
        text = (f"The orange lines have slopes dE/dw₁ = {num(c['dw1'])} and dE/dw₂ = {num(c['dw2'])}, "
                "the numbers backpropagation found below.")
        if self.steps:
            text += (f"<br><b>{self.steps} step(s)</b>: E went from {num(self.history[0])} to "
                     f"{num(c['E'])}.")
            if c["E"] > self.history[0]:
                text += (f" <span style='color:{plots.VERMILION}'>The error grew: η is too large — "
                         "try a smaller one.</span>")
        return text


def _chain_error(x, t, w1, b1, w2, b2):
    """``E`` of the chain, for arrays of any one of the values (sigmoid neurons)."""
    from ..activations import sigmoid

    y2 = sigmoid(w2 * sigmoid(w1 * x + b1) + b2)
    return 0.5 * (y2 - t) ** 2


def _values_table(v, c):
    """Forward and backward quantities side by side, each with its formula and number."""
    def row(key):
        _, symbol, formula = next(s for s in STEPS if s[0] == key)
        return f"<tr><td>{symbol}</td><td>= {formula}</td><td style='text-align:right'>{num(c[key])}</td></tr>"

    forward = "".join(row(k) for k in ("s1", "y1", "s2", "y2", "E"))
    backward = "".join(row(k) for k in ("dy2", "ds2", "dw2", "db2", "dy1", "ds1", "dw1", "db1"))
    inputs = (f"x = {num(v['x'], 2)}, t = {num(v['t'], 2)}, w₁ = {num(v['w1'])}, b₁ = {num(v['b1'])}, "
              f"w₂ = {num(v['w2'])}, b₂ = {num(v['b2'])}; f = sigmoid, so f′(s) = f(s)·(1 − f(s))")
    style = "style='font-family:monospace; margin-right:2em; vertical-align:top'"
    return (f"{inputs}<div style='display:flex'>"
            f"<table {style}><tr><th colspan=3>forward →</th></tr>{forward}</table>"
            f"<table {style}><tr><th colspan=3 style='color:{plots.VERMILION}'>← backward</th></tr>"
            f"{backward}</table></div>")


def chain_explorer(lr=2.0):
    """Two neurons in a chain: move the weights, see every forward and backward number; Step descends."""
    return ChainExplorer(lr=lr)


BUILDERS = {"chain_explorer": chain_explorer}


# -- the cost: backpropagation against perturbation ----------------------------------------------
#: Networks from 9 to about 5,000 weights and biases: [n, n, 1] for growing n.
COST_SIZES = [[2, 2, 1], [4, 4, 1], [8, 8, 1], [16, 16, 1], [32, 32, 1], [50, 50, 1], [70, 70, 1]]


def time_gradients(sizes=None, repeats=3, seed=0):
    """For each network size: the passes each method needs, and its time (the best of ``repeats``).

    Returns a list of dicts with ``sizes``, ``n_params``, ``backprop_passes``
    (forward, backward), ``perturbation_passes`` (forward) and the seconds
    each took, ``backprop_seconds`` and ``perturbation_seconds``, timed with
    ``time.perf_counter``. The counts are always the same; the times vary
    from run to run and machine to machine.
    """
    sizes = COST_SIZES if sizes is None else sizes
    rng = np.random.default_rng(seed)
    records = []
    for layer_sizes in sizes:
        net = Network(layer_sizes, seed=seed)
        x, t = rng.normal(size=layer_sizes[0]), rng.random(layer_sizes[-1])
        best = {"backprop": np.inf, "perturbation": np.inf}
        for _ in range(repeats):
            start = time.perf_counter()
            bp = net.backward(x, t)
            best["backprop"] = min(best["backprop"], time.perf_counter() - start)
            start = time.perf_counter()
            pg = perturbation_gradients(net, x, t)
            best["perturbation"] = min(best["perturbation"], time.perf_counter() - start)
        records.append({
            "sizes": list(layer_sizes), "n_params": net.n_params,
            "backprop_passes": (bp.forward_passes, bp.backward_passes),
            "perturbation_passes": pg.forward_passes,
            "backprop_seconds": best["backprop"], "perturbation_seconds": best["perturbation"],
        })
    return records


def cost_table(records):
    """The pass counts of :func:`time_gradients` as text (no times: those vary from run to run)."""
    lines = [f"{'network':>12}  {'weights':>7}  {'backpropagation':>26}  {'perturbation':>22}"]
    for r in records:
        fwd, bwd = r["backprop_passes"]
        lines.append(f"{str(r['sizes']):>12}  {r['n_params']:>7}  {fwd:>4} forward + {bwd} backward pass  "
                     f"{r['perturbation_passes']:>7} forward passes")
    return "\n".join(lines)


def plot_cost(records):
    """Seconds for all gradients against the number of weights, log–log; returns the figure."""
    fig, ax = plots.new_figure(4.8, 3.2)
    n = [r["n_params"] for r in records]
    ax.loglog(n, [r["perturbation_seconds"] for r in records], "o-", color=plots.VERMILION,
              label="perturbation (2 forward passes per weight)")
    ax.loglog(n, [r["backprop_seconds"] for r in records], "o-", color=plots.BLUE,
              label="backpropagation (1 forward + 1 backward)")
    ax.set_xlabel("number of weights and biases")
    ax.set_ylabel("seconds for all gradients")
    low = min(r["backprop_seconds"] for r in records)
    high = max(r["perturbation_seconds"] for r in records)
    ax.set_ylim(low / 3, high * 100)  # room above the lines for the legend
    ax.legend(frameon=False, loc="upper left")
    fig.tight_layout()
    return fig


# -- exercise ------------------------------------------------------------------------------
#: The exercise's chain (the notebook prints its numbers with :func:`show_exercise`).
EXERCISE = {"x": 2.0, "t": 1.0, "w1": -0.5, "b1": 0.5, "w2": 2.0, "b2": -1.0}


def show_exercise():
    """Print what the learner needs: the chain's values and the backward pass up to δ₂."""
    e, c = EXERCISE, chain_values(**EXERCISE)
    print(f"x = {e['x']:g}   t = {e['t']:g}   w₁ = {e['w1']:g}   b₁ = {e['b1']:g}   "
          f"w₂ = {e['w2']:g}   b₂ = {e['b2']:g}")
    print(f"forward:   s₁ = {c['s1']:.4f}   y₁ = {c['y1']:.4f}   s₂ = {c['s2']:.4f}   y₂ = {c['y2']:.4f}")
    print(f"backward:  dE/dy₂ = y₂ − t = {c['dy2']:.4f}   δ₂ = dE/dy₂ · y₂(1 − y₂) = {c['ds2']:.4f}")


def check_dy1(answer):
    """``dE/dy₁ = δ₂ · w₂`` for the exercise's chain."""
    return check(answer, chain_values(**EXERCISE)["dy1"], "dE/dy₁",
                 hint="y₁ reaches E only through s₂ = w₂·y₁ + b₂, so dE/dy₁ = δ₂ · w₂.")


def check_delta1(answer):
    """``δ₁ = dE/dy₁ · f′(s₁)``, with ``f′(s₁) = y₁(1 − y₁)`` for the sigmoid."""
    return check(answer, chain_values(**EXERCISE)["ds1"], "δ₁",
                 hint="δ₁ = δ₂ · w₂ · y₁ · (1 − y₁).")


def check_dw1(answer):
    """``dE/dw₁ = δ₁ · x``."""
    return check(answer, chain_values(**EXERCISE)["dw1"], "dE/dw₁",
                 hint="w₁ multiplies x in s₁ = w₁·x + b₁, so dE/dw₁ = δ₁ · x.")
