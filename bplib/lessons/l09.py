"""Lesson 09, automatic differentiation: the widgets, helpers and checkers of ``09_automatic_differentiation.ipynb``.

* :func:`chain_in_values` — lesson 04's chain rebuilt from :class:`bplib.autograd.Value`\\ s, every node named;
* :func:`graph_walk` — the computation graph drawn, and the backward pass shown node by node;
* :func:`value_gradients` — a :class:`bplib.Network`'s gradients from a graph of Values (one number per node);
* :func:`count_passes` and :func:`plot_modes` — reverse mode, forward mode and perturbation on growing networks;
* the ``check_*`` functions check the exercises; :func:`recap` is the closing quiz.
"""

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyBboxPatch

from . import plots
from ..autograd import Value
from ..feedback import Feedback, check
from ..fmt import fmt
from . import l04, quiz
from ._demo import Demo


# -- lesson 04's chain, as a graph of Values --------------------------------------------------------
def chain_in_values(x=l04.START["x"], t=l04.START["t"], w1=l04.START["w1"], b1=l04.START["b1"],
                    w2=l04.START["w2"], b2=l04.START["b2"]):
    """The chain ``x → neuron 1 → neuron 2 → E`` of lesson 04, one Value per step, by name.

    ``E = ½(y⁽²⁾ − t)²`` with ``y⁽ˡ⁾ = σ(w⁽ˡ⁾·input + b⁽ˡ⁾)``; the dict holds every node
    (inputs, parameters, the constant ½ and each intermediate), ``E`` last.
    """
    v = {name: Value(value, name=name) for name, value in
         (("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("t", t))}
    v["w1x"] = v["w1"] * v["x"]
    v["s1"] = v["w1x"] + v["b1"]
    v["y1"] = v["s1"].sigmoid()
    v["w2y1"] = v["w2"] * v["y1"]
    v["s2"] = v["w2y1"] + v["b2"]
    v["y2"] = v["s2"].sigmoid()
    v["e"] = v["y2"] - v["t"]
    v["e2"] = v["e"] ** 2
    v["E"] = 0.5 * v["e2"]
    v["half"] = v["E"].parents[0]
    for name, symbol in LABELS.items():
        v[name].name = symbol
    return v


#: Each node's symbol on screen (the notation of lesson 04).
LABELS = {"x": "x", "w1": "w⁽¹⁾", "b1": "b⁽¹⁾", "w2": "w⁽²⁾", "b2": "b⁽²⁾", "t": "t", "w1x": "w⁽¹⁾x",
          "s1": "s⁽¹⁾", "y1": "y⁽¹⁾", "w2y1": "w⁽²⁾y⁽¹⁾", "s2": "s⁽²⁾", "y2": "y⁽²⁾", "e": "e",
          "e2": "e²", "half": "½", "E": "E"}
#: How each operation node is computed (the explanation under the graph).
FORMULAS = {"w1x": "w⁽¹⁾x = w⁽¹⁾ × x", "s1": "s⁽¹⁾ = w⁽¹⁾x + b⁽¹⁾", "y1": "y⁽¹⁾ = σ(s⁽¹⁾)",
            "w2y1": "w⁽²⁾y⁽¹⁾ = w⁽²⁾ × y⁽¹⁾", "s2": "s⁽²⁾ = w⁽²⁾y⁽¹⁾ + b⁽²⁾", "y2": "y⁽²⁾ = σ(s⁽²⁾)",
            "e": "e = y⁽²⁾ − t", "e2": "e² = e ** 2", "E": "E = ½ × e²"}
#: Where each node sits: (column, row); the forward pass runs left to right along row 0.
PLACES = {"w1": (0, 1), "x": (0, -1), "w1x": (1, 0), "b1": (1, -1), "s1": (2, 0), "y1": (3, 0), "w2": (3, 1),
          "w2y1": (4, 0), "b2": (4, -1), "s2": (5, 0), "y2": (6, 0), "t": (6, -1), "e": (7, 0), "e2": (8, 0),
          "half": (8, 1), "E": (9, 0)}


def backward_steps(out):
    """The backward pass of ``out`` one operation at a time: ``[(node, grads)]``, in reverse topological order.

    ``grads`` maps ``id(v)`` to what ``v`` has received so far, after ``node`` has sent
    its gradient to its inputs (a node not yet reached is absent). The last entry's
    ``grads`` are the gradients ``out.backward()`` sets.
    """
    order = [node for node in reversed(out.graph()) if node.parents]   # inputs send nothing further back
    grads, steps = {id(out): 1.0}, []
    for node in order:
        for parent, local in zip(node.parents, node.local):
            grads[id(parent)] = grads.get(id(parent), 0.0) + local * grads[id(node)]
        steps.append((node, dict(grads)))
    return steps


#: The key above the graph (an HTML line: the figure keeps only what changes, so a move redraws less).
KEY = (f"Each node: its name, its value (forward pass) and, in <span style='color:{plots.DELTA}'>purple</span>, "
       "its gradient ∂E/∂node (backward pass; ? = not reached yet).")


class GraphWalk(Demo):
    """Lesson 04's chain as a computation graph: every node's value, and its gradient as backward reaches it.

    Step 0 is the forward pass alone. Step k: the k-th operation in reverse order
    (outlined in orange) has its final gradient and sends it back along its
    inputs' edges (vermilion), each multiplied by that input's local derivative.
    The graph's inputs (parameters, x, t, the constant ½) send nothing further:
    they have their gradients once every operation that uses them has sent.
    """

    def __init__(self, step=0):
        super().__init__()
        self.v = chain_in_values()
        self.names = {id(node): key for key, node in self.v.items()}
        self.steps = backward_steps(self.v["E"])
        n = len(self.steps)
        self.add_control("step", widgets.IntSlider(value=step, min=0, max=n, description="step",
                                                   continuous_update=True))
        self.add_button("back", "◀ Back", lambda: self._move(-1))
        self.add_button("next", "Next ▶", lambda: self._move(+1))
        self.fig, ax = plots.new_figure(10.4, 3.6, layout="constrained")
        ax.set(xlim=(-0.5, 9.5), ylim=(-1.5, 1.5))
        ax.axis("off")
        self.edges, self.boxes, self.value_texts, self.grad_texts = {}, {}, {}, {}
        centred = dict(ha="center", va="center", fontsize=10, zorder=3)
        for key, node in self.v.items():
            col, row = PLACES[key]
            for parent in node.parents:   # an edge from each input, under the boxes
                a, b = PLACES[self.names[id(parent)]]
                (self.edges[(id(parent), id(node))],) = ax.plot([a, col], [b, row], color=plots.GREY, lw=1.5,
                                                                zorder=1)
            self.boxes[key] = ax.add_patch(FancyBboxPatch((col - 0.4, row - 0.42), 0.8, 0.84, zorder=2,
                                                          boxstyle="round,pad=0,rounding_size=0.1",
                                                          fc="white", ec=plots.GREY, lw=1.5))
            ax.text(col, row + 0.24, LABELS[key], fontweight="bold", **centred)
            self.value_texts[key] = ax.text(col, row, fmt(node.data, 3), **centred)
            self.grad_texts[key] = ax.text(col, row - 0.24, "", **centred)
        self.add_text("key", KEY)
        self.add_text("explain", min_height="3.2em")
        self.update()

    def layout(self):
        return widgets.VBox([widgets.HBox([self.controls["step"], *self.buttons.values()]), self.texts["key"],
                             *self._canvas(), self.texts["explain"], self.status])

    def _move(self, by):
        slider = self.controls["step"]
        self.put(step=min(max(slider.value + by, slider.min), slider.max))

    def update(self):
        k = self.controls["step"].value
        # the node now sending, and what every node has received (nothing at step 0: the forward pass only)
        current, grads = self.steps[k - 1] if k else (None, {})
        for key, node in self.v.items():
            g = grads.get(id(node))
            self.grad_texts[key].set(text="?" if g is None else fmt(g, 3),
                                     color=plots.GREY if g is None else plots.DELTA)
            self.boxes[key].set(edgecolor=plots.ORANGE if node is current else plots.GREY,
                                linewidth=3.0 if node is current else 1.5)
        for (parent, child), line in self.edges.items():
            hot = current is not None and child == id(current)
            line.set(color=plots.VERMILION if hot else plots.GREY, linewidth=3.0 if hot else 1.5)
        self.texts["explain"].value = self._explain(k, current, grads)
        self.redraw()

    def _explain(self, k, node, grads):
        n = len(self.steps)
        if node is None:
            return (f"<b>Step 0 of {n}</b>: the forward pass is done, left to right; every node holds its value. "
                    "Press Next to start the backward pass at E, with ∂E/∂E = 1.")
        name = FORMULAS[self.names[id(node)]]
        g = grads[id(node)]
        parts = [f"to {LABELS[self.names[id(p)]]}: {fmt(g)} × {fmt(local)} = {fmt(local * g)}"
                 for p, local in zip(node.parents, node.local)]
        start = " (∂E/∂E = 1)" if k == 1 else ""
        end = " Every gradient is now complete: the inputs send nothing further back." if k == n else ""
        return (f"<b>Step {k} of {n}</b>: {name} has its gradient {fmt(g)}{start} and sends it back, "
                f"times each input's local derivative: " + "; ".join(parts) + "." + end)


def graph_walk(step=0):
    """Lesson 04's chain as a graph; the backward pass one node at a time (Next / Back, or the slider)."""
    return GraphWalk(step)


BUILDERS = {"graph_walk": graph_walk}


# -- a network, written with Values -------------------------------------------------------------------
def network_in_values(net, x, t):
    """``(E, W, b, s)``: the sigmoid network ``net`` on one example, one Value per weight, bias and step.

    ``W[l][j][i]`` is the Value of ``net.weights[l][j, i]``, ``s[l][j]`` the adder output of neuron
    ``j`` of layer ``l + 1`` (after ``E.backward()``, its gradient is that neuron's δ);
    ``E = ½ Σₖ (yₖ − tₖ)²``. Each adder is a chain of ``+`` nodes, one per input: the graph has a
    node for every product ``w·y`` and every partial sum.
    """
    W = [[[Value(w) for w in row] for row in layer] for layer in net.weights]
    b = [[Value(v) for v in layer] for layer in net.biases]
    y = [Value(v) for v in np.asarray(x, dtype=float).ravel()]
    s = []
    for Wl, bl in zip(W, b):
        s.append([sum((w * yi for w, yi in zip(row, y)), bj) for row, bj in zip(Wl, bl)])
        y = [sj.sigmoid() for sj in s[-1]]
    E = sum((0.5 * (yk - tk) ** 2 for yk, tk in zip(y, np.asarray(t, dtype=float).ravel())), Value(0.0))
    return E, W, b, s


def value_gradients(net, x, t):
    """``(dW, db)`` like ``net.backward(x, t)`` for one example, from one ``E.backward()`` on a graph of Values."""
    E, W, b, _ = network_in_values(net, x, t)
    E.backward()
    dW = [np.array([[w.grad for w in row] for row in layer]) for layer in W]
    db = [np.array([v.grad for v in layer]) for layer in b]
    return dW, db


# -- three ways to get every gradient -----------------------------------------------------------------
class Dual:
    """Forward mode: a number and its derivative along one chosen direction, carried together."""

    __slots__ = ("value", "dot")

    def __init__(self, value, dot=0.0):
        self.value, self.dot = value, dot

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value + other.value, self.dot + other.dot)

    __radd__ = __add__

    def __sub__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value - other.value, self.dot - other.dot)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value * other.value, self.dot * other.value + self.value * other.dot)

    __rmul__ = __mul__

    def sigmoid(self):
        y = 1 / (1 + math.exp(-self.value))
        return Dual(y, y * (1 - y) * self.dot)


def _sigmoid(a):
    return a.sigmoid() if hasattr(a, "sigmoid") else 1 / (1 + math.exp(-a))


def scalar_error(W, b, x, t):
    """``E = ½ Σₖ (yₖ − tₖ)²`` of a sigmoid network, in plain Python numbers (floats, Duals or Values)."""
    y = list(x)
    for Wl, bl in zip(W, b):
        y = [_sigmoid(sum((w * yi for w, yi in zip(row, y)), bj)) for row, bj in zip(Wl, bl)]
    return sum((0.5 * (yk - tk) * (yk - tk) for yk, tk in zip(y, t)), 0.0)


def _flat(net):
    """Every weight, then every bias, of ``net`` as one list of floats."""
    return np.concatenate([W.ravel() for W in net.weights] + [b.ravel() for b in net.biases]).tolist()


def _unflat(net, params):
    """``(W, b)``: the flat ``params`` (numbers, Duals or Values) cut back into ``net``'s layers, as nested lists."""
    shapes = [W.shape for W in net.weights] + [b.shape for b in net.biases]
    cuts = np.cumsum([math.prod(shape) for shape in shapes])[:-1]
    parts = np.split(np.array(params, dtype=object), cuts)
    layers = [part.reshape(shape).tolist() for part, shape in zip(parts, shapes)]
    return layers[:len(net.weights)], layers[len(net.weights):]


def reverse_mode(net, x, t):
    """Every gradient from one forward pass (building the graph) and one backward pass: ``(grads, passes)``."""
    params = [Value(p) for p in _flat(net)]
    W, b = _unflat(net, params)
    E = scalar_error(W, b, x, t)
    E.backward()
    return [p.grad for p in params], {"forward": 1, "backward": 1}


def forward_mode(net, x, t):
    """One forward pass per parameter, each carrying the derivative along that parameter: ``(grads, passes)``."""
    flat, grads = _flat(net), []
    for k in range(len(flat)):
        params = [Dual(p, 1.0 if j == k else 0.0) for j, p in enumerate(flat)]
        W, b = _unflat(net, params)
        grads.append(scalar_error(W, b, x, t).dot)
    return grads, {"forward": len(flat), "backward": 0}


def perturbation(net, x, t, eps=1e-6):
    """Two forward passes per parameter, nudged by ±ε (lesson 02's measured slope): ``(grads, passes)``."""
    flat, grads = _flat(net), []
    for k in range(len(flat)):
        up, down = list(flat), list(flat)
        up[k] += eps
        down[k] -= eps
        grads.append((scalar_error(*_unflat(net, up), x, t) - scalar_error(*_unflat(net, down), x, t)) / (2 * eps))
    return grads, {"forward": 2 * len(flat), "backward": 0}


METHODS = {"reverse mode (backpropagation)": reverse_mode, "forward mode": forward_mode,
           "perturbation": perturbation}
#: Networks [n, n, 1]: the first four sizes of lesson 04's measurement (9 to 289 parameters).
MODE_SIZES = [[2, 2, 1], [4, 4, 1], [8, 8, 1], [16, 16, 1]]


def count_passes(sizes=None, seed=0, repeats=2):
    """For each network ``[n, n, 1]``: each method's passes and its seconds for all gradients (best of ``repeats``).

    :func:`bplib.lessons.l04.time_gradients` with the three :data:`METHODS`: each record holds ``sizes``,
    ``n_params`` and, per method, its ``passes`` (forward, backward), ``seconds`` and ``grads`` (flat: weights,
    then biases).
    """
    return l04.time_gradients(MODE_SIZES if sizes is None else sizes, repeats, seed, METHODS)


def passes_table(records):
    """The pass counts as text (no times: those vary from run to run): :func:`bplib.lessons.l04.cost_table`."""
    return l04.cost_table(records)


def plot_modes(records):
    """Seconds for all gradients against the number of parameters, log–log, one line per method."""
    return l04.plot_cost(records, dict(zip(METHODS, (plots.BLUE, plots.ORANGE, plots.VERMILION))), headroom=30)


# -- exercise 1: a new operation ----------------------------------------------------------------------
SIN_POINTS = [-2.0, -0.5, 0.0, 1.0, 2.5]


def check_sin(sin):
    """Does ``sin(v)`` return a Value with the sine's value, and a gradient that perturbation confirms?"""
    unanswered = Feedback(False, "Not answered yet: replace None with the local derivative of sin at v.data.")
    if sin is None:
        return unanswered
    ours, measured = [], []
    for a in SIN_POINTS:
        v = Value(a)
        try:
            out = sin(v)
        except Exception as exc:   # the learner's code: say what went wrong, in words
            return Feedback(False, f"Not yet: sin(Value({a})) raised {type(exc).__name__}: {exc}.")
        if not isinstance(out, Value):
            return Feedback(False, f"Not yet: sin(v) should return a Value, got {type(out).__name__}.")
        if None in out.local:
            return unanswered
        if abs(out.data - math.sin(a)) > 1e-12:
            return Feedback(False, f"Not yet: sin(Value({a})).data should be math.sin({a}); check the forward part.")
        try:
            out.backward()
            ours.append(float(v.grad))
        except Exception as exc:   # e.g. a local derivative that is not a number
            return Feedback(False, f"Not yet: the backward pass through your sin failed ({type(exc).__name__}: "
                                   f"{exc}); the local derivative should be a number.")
        eps = 1e-6
        measured.append((math.sin(a + eps) - math.sin(a - eps)) / (2 * eps))
    return check(ours, measured, "the gradients of sin at u = −2, −0.5, 0, 1 and 2.5 (against perturbation)",
                 rel_tol=1e-6, abs_tol=1e-8,
                 hint="The local derivative of sin(u) is the slope of the sine curve at u: which function "
                      "gives that slope?")


# -- exercise 2: the engine that forgets to add --------------------------------------------------------
def backward_forgetful(out):
    """A broken backward pass: like ``Value.backward``, but one line is wrong. Find it."""
    order = out.graph()
    for node in order:
        node.grad = 0.0
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad = local * node.grad


#: The exercise's expression: y = x·x + x at x = 3.
REUSE_X = 3.0


def reuse_expression(x=REUSE_X):
    """``(x, y)`` with ``y = x·x + x``: x is used three times."""
    x = Value(x, name="x")
    return x, x * x + x


def check_reuse_gradient(answer):
    """``dy/dx`` of ``y = x·x + x`` at ``x = 3`` (``2x + 1``)."""
    return check(answer, 2 * REUSE_X + 1, "dy/dx",
                 hint="x reaches y along three paths: twice through x·x (each path brings the other factor) "
                      "and once through + x. Add what each path brings.")


def check_backward(backward):
    """Is ``backward(out)`` a correct backward pass? Tried on graphs where Values are used more than once."""
    if backward is None:
        return Feedback(False, "Not answered yet: write your backward(out) and run the cell.")
    cases = [(lambda x: x * x + x, 3.0), (lambda x: (x * x).sigmoid() * x, 0.4), (lambda x: (x + x) * (x - 1), 2.0)]
    wrong = 0
    for make, a in cases:
        x = Value(a)
        out = make(x)
        try:
            backward(out)
            backward(out)          # a second call must start from zero
        except Exception as exc:
            return Feedback(False, f"Not yet: backward(out) raised {type(exc).__name__}: {exc}.")
        eps = 1e-6
        measured = (make(Value(a + eps)).data - make(Value(a - eps)).data) / (2 * eps)
        try:
            wrong += abs(float(x.grad) - measured) > 1e-6 * max(1.0, abs(measured))
        except (TypeError, ValueError):
            return Feedback(False, f"Not yet: after backward(out), x.grad should be a number, got {x.grad!r}.")
    if wrong:
        return Feedback(False, f"Not yet: {wrong} of the {len(cases)} test expressions get a wrong gradient for a "
                               "Value used more than once. Hint: which line sets a parent's gradient, and what "
                               "should happen when a second path reaches the same parent?")
    return Feedback(True, f"Right: all {len(cases)} expressions, with reused Values, match perturbation.")


# -- recap ----------------------------------------------------------------------------------------------
CAN_DO = [
    "write a computation as a graph of small operations, each with its local derivative",
    "run the backward pass by hand, node by node, adding what reaches a Value used more than once",
    "explain why one backward pass gives the gradient for every parameter, and forward mode needs one pass each",
    "read the layered δ of BP1–BP4 as the same chain rule, grouped by layer",
    "move from bplib to PyTorch: requires_grad, E.backward(), .grad",
]

QUESTIONS = [
    quiz.Question(
        "In y = x·x + x, the Value x is used three times. What does the backward pass put in x.grad?",
        ["The gradient from the last use only", "The sum of what each use sends back", "The largest of the three"],
        answer=1,
        why="Each use is a path from x to y; the chain rule adds the paths: dy/dx = x + x + 1 = 2x + 1.",
        nudge="Nudge x: every use of x moves y. How do the three moves combine?"),
    quiz.Question(
        "A network has 1,000 weights and one error E. How many backward passes does reverse mode need for all "
        "1,000 gradients?",
        ["1", "1,000", "2,000"], answer=0,
        why="One backward pass from E reaches every node; each weight's gradient is read off on the way.",
        nudge="The backward pass starts at E and visits every node once. How many outputs does E have?"),
    quiz.Question(
        "Calling E.backward() twice in a row on the same graph: what does bplib's engine do?",
        ["Doubles every gradient", "Gives the same gradients again", "Raises an error"], answer=1,
        why="backward() sets every gradient to zero first, so the second call starts afresh.",
        nudge="Read the first lines of Value.backward: what happens to every .grad before anything is sent back?"),
]


def recap():
    """The closing quiz of lesson 09: what you can now do, and three questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
