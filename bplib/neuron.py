"""One neuron, and the delta rule that trains it (lesson 03).

A neuron is two units in a row:

* the **adder** takes the weighted sum of the inputs plus the bias,
  ``s = w₁x₁ + w₂x₂ + b`` (the bias ``b`` is a weight on a constant input 1);
* the **activation** squashes it: ``y = f(s)``.

    >>> n = Neuron([2.0, -1.0], b=0.5)           # sigmoid activation
    >>> n.forward([1.0, 1.0])                     # s = 2 − 1 + 0.5 = 1.5, y = 1/(1 + e^−1.5)
    0.8175744761936437
    >>> n.s
    1.5

The **generalized delta rule** (Rumelhart, Hinton and Williams, 1986) trains
it one sample at a time. With the error of one sample ``E = ½ (y − t)²``, the
chain rule gives ``∂E/∂w = (y − t)·f′(s)·x``; the first two factors are the
neuron's error signal ``δ = (y − t)·f′(s)``, and each update goes downhill::

    w ← w − η·δ·x        b ← b − η·δ

Continuing the example with ``t = 0`` and ``η = 1``: ``δ = 0.8176 × 0.1491 =
0.1219``, so ``w₁`` goes from 2 to 1.8781 (and ``w₂``, ``b`` each fall by
0.1219 too):

    >>> step = n.delta_rule_step([1.0, 1.0], 0.0, lr=1.0)
    >>> round(step.delta, 4), n.w.round(4).tolist(), round(n.b, 4)
    (0.1219, [1.8781, -1.1219], 0.3781)

With the identity activation (``f′ = 1``) this is the LMS or Widrow–Hoff
rule (Widrow and Hoff, 1960), which was made for linear units.

Only numpy is imported here; the widgets of lesson 03 are in
:mod:`bplib.lessons.l03`.
"""

from collections import namedtuple

import numpy as np

from . import _checks
from .activations import get_activation
from .results import DivergenceError, History, diverging, refuse_infinite_update

#: The adder output ``s`` at which each activation gives ``y = ½``: the neuron's threshold.
#: Between the targets 0 and 1, the neuron "says 1" where ``y > ½``, that is where ``s`` is above this.
HALF_POINT = {
    "identity": 0.5,               # y = s
    "sigmoid": 0.0,                # 1/(1 + e⁰) = ½
    "tanh": float(np.arctanh(0.5)),  # tanh(0.5493) = ½
    "relu": 0.5,                   # max(0, 0.5) = ½
}

#: One delta-rule update: the sample (``x``, ``t``), what the neuron computed (``s``, ``y``),
#: its error signal ``delta`` and the weights ``w`` and bias ``b`` after the update.
DeltaRuleStep = namedtuple("DeltaRuleStep", "x t s y delta w b")


class Neuron:
    """One neuron: an adder ``s = w·x + b`` followed by an activation ``y = f(s)``.

    ``w`` holds one weight per input (``Neuron([w₁, w₂], b)`` has two inputs);
    ``activation`` is ``"sigmoid"`` (default), ``"tanh"``, ``"relu"`` or
    ``"identity"``. After :meth:`forward`, ``neuron.s`` and ``neuron.y``
    hold the adder's output and the activation's.
    """

    def __init__(self, w, b=0.0, activation="sigmoid"):
        self.w = w
        self.b = b
        self.activation = get_activation(activation, "activation")
        self.s = self.y = None

    @property
    def w(self):
        """The weights, one per input (a 1-D array)."""
        return self._w

    @w.setter
    def w(self, value):
        w = _checks.as_array(value, "w (the weights)", ndim=1)
        if w.size == 0:
            raise ValueError("w (the weights) must hold at least one weight, got an empty list.")
        self._w = w.copy()

    @property
    def b(self):
        """The bias: the weight on a constant input of 1."""
        return self._b

    @b.setter
    def b(self, value):
        self._b = _checks.number(value, "b (the bias)")

    @property
    def n_inputs(self):
        return self._w.size

    @property
    def threshold(self):
        """The adder output ``s`` where ``y = ½``: 0 for sigmoid, ½ for identity and relu, 0.5493 for tanh."""
        return HALF_POINT[self.activation.name]

    # -- checks -----------------------------------------------------------------
    def _check_x(self, x, name="x"):
        return _checks.samples(x, name, self.n_inputs, ", one per weight in w")

    def _check_xt(self, x, t):
        x = self._check_x(x)
        t = _checks.as_array(t, "t (the desired outputs)", ndim=(0, 1, 2))
        n = x.shape[0] if x.ndim == 2 else 1
        if t.size != n or (t.ndim == 2 and t.shape[1] != 1):
            raise ValueError(
                f"t (the desired outputs) must hold one value per sample ({n}), as shape ({n},) or "
                f"({n}, 1), got shape {t.shape}."
            )
        return x, t.reshape(x.shape[:-1])

    # -- computing --------------------------------------------------------------
    def adder(self, x):
        """``s = w₁x₁ + w₂x₂ + … + b``: a number for one sample, an array for a batch (one row each)."""
        return self._adder(self._check_x(x))

    def _adder(self, x):
        s = x @ self._w + self._b
        return float(s) if np.ndim(s) == 0 else s

    def forward(self, x):
        """``y = f(s)`` for ``x`` (one sample, or one sample per row); keeps ``self.s`` and ``self.y``."""
        x = self._check_x(x)
        with np.errstate(over="ignore", invalid="ignore"):
            self.s = self._adder(x)
            y = self.activation.f(self.s)
        self.y = float(y) if np.ndim(y) == 0 else y
        return self.y

    def error(self, x, t):
        """``E = ½ (y − t)²`` averaged over the samples."""
        x, t = self._check_xt(x, t)
        return float(0.5 * np.mean((self.forward(x) - t) ** 2))

    def predict(self, x):
        """The neuron's answer, 1 where ``y > ½`` and 0 elsewhere (as whole numbers)."""
        return (np.asarray(self.forward(x)) > 0.5).astype(int)

    def n_right(self, x, t):
        """How many samples the neuron answers right (its answer 0 or 1 against ``t``)."""
        x, t = self._check_xt(x, t)
        return int(np.sum(self.predict(x) == np.round(t)))

    # -- training: the delta rule ---------------------------------------------
    def delta_rule_step(self, x, t, lr):
        """One delta-rule update on one sample; returns a :class:`DeltaRuleStep`.

        ``δ = (y − t)·f′(s)``, then ``w ← w − η·δ·x`` and ``b ← b − η·δ``.
        ``lr`` is the learning rate ``η``.
        """
        lr = _checks.positive_number(lr, _checks.LR)
        x, t = self._check_xt(x, t)
        if x.ndim != 1:
            raise ValueError(f"x must be one sample for delta_rule_step (shape ({self.n_inputs},)), "
                             f"got shape {x.shape}; use epoch() for several samples.")
        return self._delta_rule_step(x, float(t), lr)

    def _delta_rule_step(self, x, t, lr):
        with np.errstate(over="ignore", invalid="ignore"):
            s = float(x @ self._w + self._b)
            y = float(self.activation.f(s))
            delta = (y - t) * float(self.activation.df(s))
            w, b = self._w - lr * delta * x, self._b - lr * delta
        refuse_infinite_update((w, b), lr)
        self._w, self._b, self.s, self.y = w, b, s, y
        return DeltaRuleStep(x, t, s, y, delta, self._w.copy(), self._b)

    def epoch(self, x, t, lr):
        """One pass of the delta rule over the samples, in order: a list of :class:`DeltaRuleStep`."""
        lr = _checks.positive_number(lr, _checks.LR)
        x, t = self._check_xt(x, t)
        x, t = np.atleast_2d(x), np.atleast_1d(t)
        saved = self._w, self._b
        try:
            return [self._delta_rule_step(xi, float(ti), lr) for xi, ti in zip(x, t)]
        except DivergenceError:
            self._w, self._b = saved   # the whole epoch is refused, not only its last step
            raise

    def fit(self, x, t, lr, epochs):
        """``epochs`` passes of the delta rule; returns a :class:`~bplib.results.History`.

        ``history.errors[k]`` is the error over all samples after ``k``
        epochs (``errors[0]`` before any). Training stops early, with
        ``history.diverged`` true and the weights put back as they were
        before the bad epoch, when the weights or the error stop being
        finite or the error grows a million-fold.
        """
        lr = _checks.positive_number(lr, _checks.LR)
        epochs = _checks.whole_number(epochs, "epochs", minimum=0)
        x, t = self._check_xt(x, t)
        x, t = np.atleast_2d(x), np.atleast_1d(t)
        history = History([self._error(x, t)], lr=lr)
        history.last_epoch = []
        for _ in range(epochs):
            saved = self._w.copy(), self._b
            try:
                steps = [self._delta_rule_step(xi, float(ti), lr) for xi, ti in zip(x, t)]
                E = self._error(x, t)
            except DivergenceError:
                E = np.inf
            if diverging(E, history.errors[0]):
                self._w, self._b = saved
                self.forward(x)
                history.diverged = True
                return history
            history.errors.append(E)
            history.last_epoch = steps
        return history

    def _error(self, x, t):
        with np.errstate(over="ignore", invalid="ignore"):
            y = self.activation.f(x @ self._w + self._b)
            return float(0.5 * np.mean((y - t) ** 2))

    def __repr__(self):
        w = ", ".join(f"{v:.4g}" for v in self._w)
        return f"Neuron(w=[{w}], b={self._b:.4g}, activation={self.activation.name!r})"


def best_line(x, t, n_directions=720):
    """The most samples one straight line can put on the right side: ``(n_right, w, b)``.

    A single neuron says 1 on one side of the line ``w₁x₁ + w₂x₂ + b = 0``
    and 0 on the other, so this is the best any single neuron can do.
    Tries ``n_directions`` evenly spaced directions for ``w`` (unit length)
    and, for each, every distinct place for the line between the samples.
    For the four corners of the unit square this finds every possible split.
    Of equally good lines it returns the one farthest from the nearest sample.

    >>> from bplib.data import logic_gate
    >>> best_line(*logic_gate("AND"))[0], best_line(*logic_gate("XOR"))[0]
    (4, 3)
    """
    x = _checks.as_array(x, "x (the inputs)", ndim=2)
    if x.shape[1] != 2 or x.shape[0] == 0:
        raise ValueError(f"x (the inputs) must have shape (n, 2), one point of the plane per row, got shape {x.shape}.")
    t = _checks.as_array(t, "t (the desired outputs)", ndim=(1, 2)).reshape(-1)
    if t.size != x.shape[0]:
        raise ValueError(f"t (the desired outputs) must hold one value per row of x ({x.shape[0]}), got {t.size}.")
    if not np.all((t == 0) | (t == 1)):
        raise ValueError(f"t (the desired outputs) must be 0s and 1s, got {t.tolist()}.")
    n_directions = _checks.whole_number(n_directions, "n_directions", minimum=4)
    best, best_margin = (-1, None, None), -1.0
    for angle in np.arange(n_directions) * 2 * np.pi / n_directions:
        w = np.array([np.cos(angle), np.sin(angle)])
        p = x @ w
        q = np.unique(p)
        cuts = np.concatenate([[q[0] - 1.0], (q[:-1] + q[1:]) / 2, [q[-1] + 1.0]])
        for c in cuts:
            right = int(np.sum(((p - c) > 0) == (t == 1)))
            margin = float(np.min(np.abs(p - c)))  # of two equally good lines, keep the roomier one
            if right > best[0] or (right == best[0] and margin > best_margin + 1e-12):
                best, best_margin = (right, w, -float(c)), margin
    return best
