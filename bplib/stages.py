"""Backpropagation for one training example, cut into stages a learner can follow by hand (lesson 05).

:func:`stages` walks through one training step of a network, one number at
a time, in the order you would work it out on paper:

1. the forward pass, layer 1 first: each neuron's adder output ``s`` and
   then its activation ``y = f(s)``;
2. the output error ``e = y − t`` and the error ``E = ½·e²``;
3. the backward pass, output layer first: each neuron's error signal
   ``δ = ∂E/∂s``;
4. every weight's and bias's update ``w ← w − η·δ·(input)``;
5. the error after the update.

Each :class:`Stage` carries the equation with the numbers put in, the result,
and which neurons and connections it involves, so the lesson's diagram can
light them up. For the worked example of ``05_three_layer_network.ipynb``::

    >>> import numpy as np
    >>> from bplib import Network
    >>> net = Network([2, 3, 2, 1])
    >>> net.weights[0] = [[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]]
    >>> first = stages(net, x=[0.35, 0.9], t=0.5, lr=0.5)[0]
    >>> print(first.equation)
    s₁⁽¹⁾ = w₁₁⁽¹⁾·x₁ + w₁₂⁽¹⁾·x₂ + b₁⁽¹⁾ = 0.1·0.35 + 0.8·0.9 + 0 = 0.755

The arithmetic here is written out neuron by neuron with plain Python
numbers, separately from :class:`~bplib.network.Network`'s matrix code, and
the tests check that the two agree.

Numbering. In the equations neurons and layers count from 1, as in the
notebooks (``w₁₂⁽¹⁾`` is weight ``net.weights[0][0, 1]``). In ``neurons``,
``connections`` and ``key`` the layer counts as in prose (0 is the inputs,
1 the first layer of neurons, so code index ``l = layer − 1``) and the
neuron index ``j`` counts from 0 as in numpy (``net.s[layer − 1][j]``).

:func:`classic_rule_backward` is the classic slideshow's rule, which keeps
each neuron's own ``f′`` in its update but leaves the ``f′`` of the neurons
above out of the error it sends back; lesson 05 shows it beside
backpropagation and lets the gradient check catch it.
:func:`wrong_shortcut_backward` is another deliberately WRONG backward pass
(a hidden neuron's error signal taken as just ``Σ w·δ``, without the slope
``f′(s)`` of its own activation).
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .fmt import fmt, superscript
from .loss import _error_derivative
from .results import Gradients

KINDS = ("forward-sum", "forward-activation", "output-error", "error", "error-signal",
         "weight-update", "bias-update", "new-error")

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _factor(value):
    """A number to be multiplied: negative numbers go in brackets, ``0.5·(−0.3)``."""
    text = fmt(value)
    return f"({text})" if text.startswith("−") else text


def _plus(value):
    """A number added at the end of a sum: ``+ 0.2`` or ``− 0.2``."""
    text = fmt(value)
    return f"− {text[1:]}" if text.startswith("−") else f"+ {text}"


def _sub(*indices):
    """Subscripts for 0-based indices, written from 1: ``_sub(0, 1) == '₁₂'``."""
    parts = [str(i + 1) for i in indices]
    sep = "," if any(len(p) > 1 for p in parts) else ""
    return sep.join(parts).translate(_SUB).replace(",", "͵")


def _sup(layer):
    """The layer as a superscript: ``_sup(2) == '⁽²⁾'``."""
    return f"⁽{superscript(layer)}⁾"


def w_name(layer, j, i):
    """``w_name(1, 0, 1) == 'w₁₂⁽¹⁾'``: the weight from input/neuron ``i`` of the layer below to neuron ``j``."""
    return f"w{_sub(j, i)}{_sup(layer)}"


def b_name(layer, j):
    """``b_name(2, 0) == 'b₁⁽²⁾'``."""
    return f"b{_sub(j)}{_sup(layer)}"


def s_name(layer, j):
    return f"s{_sub(j)}{_sup(layer)}"


def y_name(layer, j):
    """The output of neuron ``j`` of ``layer``; layer 0 is the inputs, ``x₁, x₂``."""
    return f"x{_sub(j)}" if layer == 0 else f"y{_sub(j)}{_sup(layer)}"


def delta_name(layer, j):
    return f"δ{_sub(j)}{_sup(layer)}"


def _t_name(k, n_out):
    return "t" if n_out == 1 else f"t{_sub(k)}"


def _e_name(k, n_out):
    return "e" if n_out == 1 else f"e{_sub(k)}"


@dataclass(frozen=True)
class Stage:
    """One number of the training step: how it is worked out, and its value.

    * ``kind`` — one of :data:`KINDS`;
    * ``title`` — what happens, in words;
    * ``key`` — which number this is: ``("s", layer, j)``, ``("y", layer, j)``,
      ``("e", k)``, ``("E",)``, ``("delta", layer, j)``, ``("w", layer, j, i)``,
      ``("b", layer, j)`` or ``("E_new",)``;
    * ``formula`` — the equation in symbols, ``numbers`` — with the numbers put in;
    * ``value`` — the result (for an update: the new weight);
    * ``neurons`` — ``(layer, j)`` pairs involved (layer 0 is the inputs);
    * ``connections`` — ``(layer, j, i)`` triples: weight ``net.weights[layer − 1][j, i]``;
    * ``gradient`` — for an update, the slope ``∂E/∂w`` it used, else ``None``;
    * ``note`` — one more line of explanation (may be empty).
    """

    kind: str
    title: str
    key: tuple
    formula: str
    numbers: str
    value: float
    neurons: tuple = ()
    connections: tuple = ()
    gradient: float = None
    note: str = ""

    @property
    def equation(self):
        """``formula = numbers = value``, the line a learner writes down."""
        return f"{self.formula} = {self.numbers} = {fmt(self.value)}"

    def __str__(self):
        return self.equation


def _one_example(net, x, t):
    """``x`` and ``t`` of ONE training example, as plain lists of floats."""
    x, t = net.examples(x, t, ("x", "t"))
    if x.ndim == 2:
        if x.shape[0] != 1:
            raise ValueError(
                f"x must be ONE training example ({net.sizes[0]} values), got {x.shape[0]} samples "
                f"of shape {x.shape}; the stages follow one example at a time.")
        x, t = x[0], t[0]
    return [float(v) for v in x], [float(v) for v in t]


def _activation_text(name, s):
    """``(formula_of_s, numbers)`` for ``y = f(s)`` with each activation written out."""
    if name == "sigmoid":
        return "1/(1 + e^(−{s}))", f"1/(1 + e^({fmt(-s)}))"
    if name == "tanh":
        return "tanh({s})", f"tanh({fmt(s)})"
    if name == "relu":
        return "max(0, {s})", f"max(0, {fmt(s)})"
    return "{s}", fmt(s)


def _slope_text(name, layer, j, s, y):
    """``(formula, numbers, value)`` of ``f′(s)`` written with the neuron's own numbers."""
    yn = y_name(layer, j)
    if name == "sigmoid":
        return f"{yn}·(1 − {yn})", f"{_factor(y)}·(1 − {_factor(y)})", y * (1.0 - y)
    if name == "tanh":
        return f"(1 − {yn}²)", f"(1 − {_factor(y)}²)", 1.0 - y * y
    if name == "relu":
        value = 1.0 if s > 0 else 0.0
        return f"f′({s_name(layer, j)})", fmt(value), value
    return "1", "1", 1.0


def stages(net, x, t, lr):
    """Every number of one training step on the example ``(x, t)``, in order, as :class:`Stage`\\ s.

    ``net`` is not changed. The values agree with ``net.forward(x)`` (the
    ``s`` and ``y``), ``net.backward(x, t)`` (the ``δ`` and the gradients)
    and ``net.step(x, t, lr)`` (the new weights and biases).

    For ``Network([2, 3, 2, 1])`` that is 6 adder outputs and 6 activations,
    1 output error, the error, 6 error signals, 14 weight and 6 bias updates,
    and the error after the update: 41 stages.
    """
    x, t = _one_example(net, x, t)
    lr = _checks.positive_number(lr, _checks.LR)
    W = [w.tolist() for w in net.weights]
    B = [b.tolist() for b in net.biases]
    L = len(W)
    n_out = net.sizes[-1]
    act = net.activations
    out = []

    # -- forward pass: layer 1, then 2, ... ; y[0] holds the inputs ----------------
    s, y = [None], [x]
    for layer in range(1, L + 1):
        s.append([]), y.append([])
        f = act[layer - 1]
        inputs = list(range(len(y[layer - 1])))
        for j in range(len(W[layer - 1])):
            w = W[layer - 1][j]
            s_j = sum(w[i] * y[layer - 1][i] for i in inputs) + B[layer - 1][j]
            s[layer].append(s_j)
            terms = " + ".join(f"{w_name(layer, j, i)}·{y_name(layer - 1, i)}" for i in inputs)
            numbers = " + ".join(f"{_factor(w[i])}·{_factor(y[layer - 1][i])}" for i in inputs)
            out.append(Stage(
                "forward-sum", f"Layer {layer}, neuron {j + 1}: the adder", ("s", layer, j),
                f"{s_name(layer, j)} = {terms} + {b_name(layer, j)}",
                f"{numbers} {_plus(B[layer - 1][j])}", s_j,
                neurons=tuple((layer - 1, i) for i in inputs) + ((layer, j),),
                connections=tuple((layer, j, i) for i in inputs),
                note="The adder multiplies each input by its weight, adds them up and adds the bias."))
            y_j = float(f.f(s_j))
            y[layer].append(y_j)
            formula, numbers = _activation_text(f.name, s_j)
            out.append(Stage(
                "forward-activation", f"Layer {layer}, neuron {j + 1}: the activation ({f.name})",
                ("y", layer, j), f"{y_name(layer, j)} = f({s_name(layer, j)}) = "
                + formula.format(s=s_name(layer, j)), numbers, y_j, neurons=((layer, j),),
                note=f"The activation f ({f.name}) turns the adder's output into the neuron's output."))

    # -- the error -----------------------------------------------------------------
    e = [y[L][k] - t[k] for k in range(n_out)]
    for k in range(n_out):
        out.append(Stage(
            "output-error", "The output error: output minus desired output", ("e", k),
            f"{_e_name(k, n_out)} = {y_name(L, k)} − {_t_name(k, n_out)}",
            f"{fmt(y[L][k])} − {_factor(t[k])}", e[k], neurons=((L, k),),
            note="Positive: the output is too high; negative: too low."))
    E = 0.5 * sum(ek * ek for ek in e)
    out.append(Stage(
        "error", "The error E = ½·e², the number training makes small", ("E",),
        "E = " + _half_sum([f"{_e_name(k, n_out)}²" for k in range(n_out)]),
        _half_sum([f"{_factor(ek)}²" for ek in e]), E,
        neurons=tuple((L, k) for k in range(n_out))))

    # -- backward pass: output layer first ---------------------------------------------
    delta = [None] * (L + 1)
    delta[L] = []
    f = act[L - 1]
    for k in range(n_out):
        slope_formula, slope_numbers, slope = _slope_text(f.name, L, k, s[L][k], y[L][k])
        d = e[k] * slope
        delta[L].append(d)
        out.append(Stage(
            "error-signal", f"Output neuron {k + 1}: its error signal", ("delta", L, k),
            f"{delta_name(L, k)} = {_e_name(k, n_out)}·{slope_formula}",
            f"{_factor(e[k])}·{slope_numbers}", d, neurons=((L, k),),
            note=f"δ = e·f′(s): the error times the slope of the activation ({f.name}: "
                 f"f′(s) = {_SLOPE_WORDS.get(f.name, 'f′(s)')})."))
    for layer in range(L - 1, 0, -1):
        f = act[layer - 1]
        above = range(len(W[layer]))
        delta[layer] = []
        for j in range(len(W[layer - 1])):
            back = sum(W[layer][k][j] * delta[layer + 1][k] for k in above)
            slope_formula, slope_numbers, slope = _slope_text(f.name, layer, j, s[layer][j], y[layer][j])
            d = back * slope
            delta[layer].append(d)
            sum_formula = " + ".join(f"{w_name(layer + 1, k, j)}·{delta_name(layer + 1, k)}" for k in above)
            sum_numbers = " + ".join(f"{_factor(W[layer][k][j])}·{_factor(delta[layer + 1][k])}" for k in above)
            out.append(Stage(
                "error-signal", f"Layer {layer}, neuron {j + 1}: its error signal, sent back",
                ("delta", layer, j),
                f"{delta_name(layer, j)} = ({sum_formula})·{slope_formula}",
                f"({sum_numbers})·{slope_numbers}", d,
                neurons=((layer, j),) + tuple((layer + 1, k) for k in above),
                connections=tuple((layer + 1, k, j) for k in above),
                note=f"δ = (Σ w·δ of the layer above)·f′(s): the error signals of the neurons this one "
                     f"feeds, weighted by the connections, times the slope of its own activation "
                     f"({f.name}: f′(s) = {_SLOPE_WORDS.get(f.name, 'f′(s)')})."))

    # -- updates: w ← w − η·δ·(input), all from the slopes found above ----------------
    new_W = [[row[:] for row in layer_w] for layer_w in W]
    new_B = [row[:] for row in B]
    for layer in range(1, L + 1):
        for j in range(len(W[layer - 1])):
            d = delta[layer][j]
            for i in range(len(y[layer - 1])):
                grad = d * y[layer - 1][i]
                new = W[layer - 1][j][i] - lr * grad
                new_W[layer - 1][j][i] = new
                name = w_name(layer, j, i)
                out.append(Stage(
                    "weight-update", f"Layer {layer}: weight {name} moves downhill", ("w", layer, j, i),
                    f"{name} ← {name} − η·{delta_name(layer, j)}·{y_name(layer - 1, i)}",
                    f"{fmt(W[layer - 1][j][i])} − {_factor(lr)}·{_factor(d)}·{_factor(y[layer - 1][i])}",
                    new, neurons=((layer - 1, i), (layer, j)), connections=((layer, j, i),),
                    gradient=grad,
                    note=f"The slope ∂E/∂{name} = {delta_name(layer, j)}·{y_name(layer - 1, i)} = {fmt(grad)}: "
                         f"the error signal of the neuron times the input the weight carries."))
            grad = d
            new = B[layer - 1][j] - lr * grad
            new_B[layer - 1][j] = new
            name = b_name(layer, j)
            out.append(Stage(
                "bias-update", f"Layer {layer}: bias {name} moves downhill", ("b", layer, j),
                f"{name} ← {name} − η·{delta_name(layer, j)}",
                f"{fmt(B[layer - 1][j])} − {_factor(lr)}·{_factor(d)}", new,
                neurons=((layer, j),), gradient=grad,
                note=f"The bias is a weight on a constant input 1, so ∂E/∂{name} = "
                     f"{delta_name(layer, j)}·1 = {fmt(grad)}."))

    # -- the error after the update ---------------------------------------------------
    y_new = x
    for layer in range(1, L + 1):
        y_new = [float(act[layer - 1].f(sum(w_ji * y_i for w_ji, y_i in zip(new_W[layer - 1][j], y_new))
                                         + new_B[layer - 1][j]))
                 for j in range(len(new_W[layer - 1]))]
    E_new = 0.5 * sum((y_new[k] - t[k]) ** 2 for k in range(n_out))
    out.append(Stage(
        "new-error", "After the update: the same example through the new weights", ("E_new",),
        "E = " + _half_sum([f"({y_name(L, k)} − {_t_name(k, n_out)})²" for k in range(n_out)]),
        _half_sum([f"({fmt(y_new[k])} − {_factor(t[k])})²" for k in range(n_out)]), E_new,
        neurons=tuple((L, k) for k in range(n_out)),
        note=f"Before the update E was {fmt(E)}; "
             + ("it went down." if E_new < E else "it did NOT go down: try a smaller η.")))
    return out


def _half_sum(terms):
    """``½·a`` for one term, ``½·(a + b)`` for several."""
    return f"½·{terms[0]}" if len(terms) == 1 else "½·(" + " + ".join(terms) + ")"


_SLOPE_WORDS = {"sigmoid": "y·(1 − y)", "tanh": "1 − y²", "relu": "1 if s > 0, else 0",
                "identity": "1"}


def stage_gradients(stage_list, net):
    """The gradients ``(weight_grads, bias_grads)`` that the update stages used.

    Shaped like ``net.backward``'s result, so they can be compared with
    :func:`bplib.perturbation_gradients`.
    """
    dW = [np.full(w.shape, np.nan) for w in net.weights]
    db = [np.full(b.shape, np.nan) for b in net.biases]
    for st in stage_list:
        if st.kind == "weight-update":
            _, layer, j, i = st.key
            dW[layer - 1][j, i] = st.gradient
        elif st.kind == "bias-update":
            _, layer, j = st.key
            db[layer - 1][j] = st.gradient
    missing = sum(int(np.isnan(g).sum()) for g in dW + db)
    if missing:
        raise ValueError(f"stage_list must hold an update stage for every weight and bias of {net!r}; "
                         f"{missing} are missing.")
    return Gradients(dW, db, forward_passes=1, backward_passes=1)


def wrong_shortcut_backward(net, x, t):
    """WRONG ON PURPOSE: backpropagation with the hidden neurons' ``f′(s)`` left out.

    Many tutorials write a hidden neuron's error signal as just the weighted
    sum of the error signals of the layer above::

        δ⁽ˡ⁾ = Σ w·δ⁽ˡ⁺¹⁾                     (the shortcut: wrong)
        δ⁽ˡ⁾ = (Σ w·δ⁽ˡ⁺¹⁾)·f′(s⁽ˡ⁾)           (right: δ = ∂E/∂s)

    ``Σ w·δ⁽ˡ⁺¹⁾`` is ``∂E/∂y⁽ˡ⁾``, the slope with respect to the neuron's
    *output*; the chain rule needs one more link, ``∂y/∂s = f′(s)``, to get
    to its adder. For the sigmoid ``f′(s) ≤ 0.25``, so with one output
    neuron the shortcut's gradients in layer ``L − 1`` are at least 4 times
    too large. One layer further down each path misses a different factor,
    so the sum may come out too large, too small or with the wrong sign.
    The output layer's error signal is kept right.

    Returns ``(weight_grads, bias_grads)`` like :meth:`Network.backward`, so
    the gradient check (lesson 05) can show how far off it is.
    """
    x, t = net.examples(x, t)
    y_out = net.forward(x)
    acts = net.activations
    L = len(acts)
    dW, db = [None] * L, [None] * L
    with np.errstate(over="ignore", invalid="ignore"):
        delta = _error_derivative(y_out, t) * acts[-1].df(net.s[-1])
        for l in range(L - 1, -1, -1):
            y_in = net.y[l - 1] if l > 0 else x
            dW[l] = np.atleast_2d(delta).T @ np.atleast_2d(y_in)
            db[l] = delta.sum(axis=0) if delta.ndim == 2 else delta.copy()
            if l > 0:
                delta = delta @ net.weights[l]  # WRONG: the factor f′(s[l − 1]) is missing
    return Gradients(dW, db, forward_passes=1, backward_passes=1)


def classic_rule_backward(net, x, t):
    """WRONG IN GENERAL: the classic slideshow's rule, which leaves out the ``f′`` of the neurons above.

    As the slideshow writes it (desired minus actual, ``+η``)::

        δₖ = tₖ − yₖ                          output neuron: no f′
        δⱼ = Σₖ wₖⱼ·δₖ                         hidden neuron: no f′ of the neurons k above
        w_ji ← w_ji + η·δⱼ·f′(sⱼ)·yᵢ           the neuron's own f′ only in the update

    Backpropagation (BP1–BP4) instead carries every ``f′`` inside δ:
    ``δₖ = (yₖ − tₖ)·f′(sₖ)``, ``δⱼ = f′(sⱼ)·Σₖ wₖⱼ·δₖ``, ``w_ji ← w_ji − η·δⱼ·yᵢ``.
    Both give the same output-layer update; one layer down the classic rule
    lacks the factor ``f′`` of the output neuron, two layers down a factor
    ``f′`` of each neuron on the path as well.

    Returns ``(weight_grads, bias_grads)`` in the course's sign, the ``g`` with
    ``w ← w − η·g`` equal to the rule's update (``g = −δⱼ·f′(sⱼ)·yᵢ``), so the
    gradient check (lesson 05) can compare it with perturbation. Its
    ``delta`` attribute holds the rule's own δ's, in the slideshow's sign,
    one array per layer (averaged over samples like the error: ``(t − y)/n``).
    """
    x, t = net.examples(x, t)
    y_out = net.forward(x)
    acts = net.activations
    L = len(acts)
    dW, db, deltas = [None] * L, [None] * L, [None] * L
    with np.errstate(over="ignore", invalid="ignore"):
        delta = -_error_derivative(y_out, t)            # t − y, no f′
        for l in range(L - 1, -1, -1):
            deltas[l] = delta
            y_in = net.y[l - 1] if l > 0 else x
            g = -delta * acts[l].df(net.s[l])           # the update's δ·f′(s), in the course's sign
            dW[l] = np.atleast_2d(g).T @ np.atleast_2d(y_in)
            db[l] = g.sum(axis=0) if g.ndim == 2 else g.copy()
            if l > 0:
                delta = delta @ net.weights[l]          # Σₖ wₖⱼ·δₖ, no f′ of the neurons above
    grads = Gradients(dW, db, forward_passes=1, backward_passes=1)
    grads.delta = deltas
    return grads
