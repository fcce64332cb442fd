"""A recurrent network trained by recurrent backpropagation (lesson 08).

Every network before lesson 08 is *static*: the signals flow one way, from
the inputs through the layers to the outputs, and one input gives one output
at once. Here the ``n`` neurons may feed each other in any pattern, loops
and self-connections included, so the outputs depend on themselves. The
network is run by **relaxation**: start from ``y = 0`` and repeat

    s = W y + b + X          (X: the input x added to the input neurons' adders)
    y ← f(s)

until no neuron's output changes by more than ``tol`` in one step. The
state it settles at is a *fixed point*, ``y* = f(W y* + b + X)``.

**Damping.** Pineda's continuous-time form ``dy/dt = −y + f(W y + b + X)``
has the same fixed points. Stepped with Euler's method, step ``α``, it is
the *damped* relaxation

    y ← (1 − α)·y + α·f(W y + b + X)

which moves only the fraction ``α`` of the way to the undamped step's
answer. ``α = 1`` (the default everywhere) is the plain iteration above.
Near the fixed point one step multiplies a small error by its Jacobian
``(1 − α) I + α D W`` (``D = diag f'(s)``), so the relaxation settles there
when the largest eigenvalue size (spectral radius) of that matrix is below
1. An eigenvalue of ``D W`` at −1.2 makes the plain iteration swing for ever,
while ``α = ½`` turns it into 1 − ½ − 0.6 = −0.1 and it settles.
(``max f'·‖W‖ < 1``, :meth:`RecurrentNetwork.contraction_bound`, is
sufficient for settling, not necessary.)

The error is the course's ``E = ½ Σₖ (tₖ − yₖ)²`` over the output neurons
(averaged over samples). Its gradient comes from a **second relaxation**,
backwards (Almeida 1987, Pineda 1987): with ``f'(s)`` taken at the fixed
point and ``e = y − t`` on the output neurons (0 elsewhere), repeat

    δ ← f'(s) ⊙ (Wᵀ δ + e)          (damped: δ ← (1 − α)·δ + α·f'(s) ⊙ (Wᵀ δ + e))

until it settles, and then

    ∂E/∂W = δ yᵀ   (∂E/∂w_ji = δ_j y_i),      ∂E/∂b = δ.

``δ = ∂E/∂s`` is each neuron's error signal, exactly as in a layered
network; the only new thing is that both passes are iterations which must
settle. Why it is right: at the fixed point a small change ``dW`` moves the
state by ``dy = D (dW y + W dy)`` with ``D = diag f'(s)``, so
``dy = (I − D W)⁻¹ D dW y`` and ``dE = eᵀ dy = δᵀ dW y`` with
``δᵀ = eᵀ (I − D W)⁻¹ D``; that ``δ`` is the fixed point of the iteration
above. The backward iteration multiplies by ``D Wᵀ``, which has the same
eigenvalues as the Jacobian ``D W`` of the forward step at the fixed point,
so when the forward relaxation settles on a stable fixed point the backward
one settles too.

Worked number, 2 neurons, identity activation, ``W = [[0, 0.5], [0.5, 0]]``,
``b = 0``, input 1 fed to neuron 0: the fixed point solves ``y = W y + X``,
``y = (I − W)⁻¹ X = (4/3, 2/3)``::

    >>> net = RecurrentNetwork(2, inputs=[0], outputs=[1], activation="identity")
    >>> net.weights = [[0.0, 0.5], [0.5, 0.0]]
    >>> y, trajectory = net.relax([1.0], tol=1e-12)
    >>> np.round(y, 6).tolist()
    [1.333333, 0.666667]

A relaxation that does not settle within ``max_iter`` steps raises
:class:`NotConvergedError` (a ``ValueError``): the code never hands back a
state or a gradient from an iteration that had not settled.
"""

import numpy as np

from . import _checks, gradcheck
from .activations import get_activation
from .loss import _error
from .results import Gradients, History, refuse_infinite_update

#: The steepest slope of each activation: ``max f'(s)`` over all ``s``.
MAX_SLOPE = {"identity": 1.0, "sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}


class NotConvergedError(ValueError):
    """A relaxation did not settle within its iteration limit (or blew up).

    ``which`` is ``"forward"`` or ``"backward"``, ``iterations`` how many
    steps were taken and ``last_change`` the largest change of one value in
    the last step (``inf`` when the values overflowed).
    """

    def __init__(self, which, iterations, last_change, tol, blew_up=False, epoch=None, lr=None):
        self.which, self.iterations, self.last_change, self.tol = which, iterations, last_change, tol
        self.blew_up, self.epoch, self.history = blew_up, epoch, None
        what = "a neuron's output y" if which == "forward" else "an error signal δ"
        if blew_up:
            text = (f"The {which} relaxation did not settle: after {iterations} iterations the values "
                    f"grew beyond any finite number.")
        else:
            text = (f"The {which} relaxation did not settle: after {iterations} iterations the largest "
                    f"change of {what} in one step was still {last_change:.3g} (the tolerance tol "
                    f"is {tol:.3g}).")
        if epoch is None:
            text += (" The weights are probably too large for the undamped iteration to settle: damp "
                     "each step with alpha below 1 (such as alpha=0.5), try smaller weights, or allow "
                     "more iterations with a larger max_iter.")
        else:
            text = (f"Training stopped in epoch {epoch}: the weights have grown too large for the "
                    f"relaxations to settle. {text} The weights are left as they were after "
                    f"epoch {epoch - 1}. Try a smaller learning rate than lr={lr:g}, such as "
                    f"lr={lr / 10:g}, or allow more iterations with a larger max_iter.")
        super().__init__(text)


class Relaxation(tuple):
    """What :meth:`RecurrentNetwork.relax` returns: unpacks as ``(y, trajectory)``.

    * ``y``: the state reached, shape ``(n,)`` or ``(n_samples, n)``;
    * ``trajectory``: every state from the start, ``trajectory[k]`` after ``k`` steps;
    * ``changes[k]``: the largest change of one output in step ``k + 1``;
    * ``s``: the adder outputs ``W y + b + X`` that gave ``y``;
    * ``iterations``, ``converged`` and, when it did not settle, ``error``
      (the :class:`NotConvergedError` that ``strict=True`` raises).
    """

    def __new__(cls, y, trajectory, s, changes, converged, error):
        self = super().__new__(cls, (y, trajectory))
        self.s, self.changes, self.converged, self.error = s, changes, converged, error
        self.iterations = len(changes)
        return self

    @property
    def y(self):
        return self[0]

    @property
    def trajectory(self):
        return self[1]


class RecurrentGradients(Gradients):
    """What :meth:`RecurrentNetwork.backward` returns: :class:`~bplib.results.Gradients`, ``(dW, db)``.

    Also ``delta`` (every neuron's error signal ``∂E/∂s`` at the settled
    state), ``trajectory`` (``δ`` after each backward step), ``changes``,
    ``iterations`` and ``relaxation`` (the forward :class:`Relaxation`).
    """

    def __new__(cls, dW, db, delta, trajectory, changes, relaxation):
        self = super().__new__(cls, dW, db, forward_passes=1, backward_passes=1)
        self.delta, self.trajectory, self.changes = delta, trajectory, changes
        self.iterations, self.relaxation = len(changes), relaxation
        return self


def _iterate(step, start, tol, max_iter, which, strict):
    """Repeat ``new = step(old)`` from ``start`` until ``max |new − old| < tol``."""
    trajectory, changes = [start], []
    value = start
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(max_iter):
            new = step(value)
            if not np.all(np.isfinite(new)):
                error = NotConvergedError(which, len(changes) + 1, np.inf, tol, blew_up=True)
                if strict:
                    raise error
                return value, np.array(trajectory), np.array(changes), False, error
            change = float(np.max(np.abs(new - value))) if new.size else 0.0
            trajectory.append(new)
            changes.append(change)
            value = new
            if change < tol:
                return value, np.array(trajectory), np.array(changes), True, None
    error = NotConvergedError(which, max_iter, changes[-1], tol)
    if strict:
        raise error
    return value, np.array(trajectory), np.array(changes), False, error


def _indices(value, name, n):
    """A list of distinct neuron numbers between 0 and n − 1."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) == 0:
        raise TypeError(f"{name} must be a non-empty list of neuron numbers such as [0, 1], got {value!r}.")
    out = []
    for k in value:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < n:
            raise ValueError(f"{name} must hold neuron numbers from 0 to {n - 1}, got {k!r} in {list(value)}.")
        out.append(int(k))
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not list a neuron twice, got {out}.")
    return out


class RecurrentNetwork:
    """``n`` neurons, every one connected to every one (itself included).

    ``inputs`` lists the neurons whose adders receive the external input
    ``x`` (``x[k]`` is added to neuron ``inputs[k]``), ``outputs`` the
    neurons whose outputs are the network's output and are compared with the
    target. A neuron may be both. ``weights[j, i]`` is the weight from neuron
    ``i`` to neuron ``j`` (as in the layered network); ``biases[j]`` is neuron
    ``j``'s bias. Weights start random, normal with standard deviation
    ``weight_scale/√n``, from ``seed``; biases start at zero.

    >>> net = RecurrentNetwork(4, inputs=[0, 1], outputs=[3], seed=0)
    >>> net.weights.shape, net.biases.shape
    ((4, 4), (4,))
    """

    def __init__(self, n, inputs, outputs, activation="sigmoid", seed=0, weight_scale=1.0):
        self.n = _checks.whole_number(n, "n (the number of neurons)")
        self.inputs = _indices(inputs, "inputs", self.n)
        self.outputs = _indices(outputs, "outputs", self.n)
        self.activation = get_activation(activation, "activation")
        self.seed = _checks.whole_number(seed, "seed", minimum=0)
        weight_scale = _checks.number(weight_scale, "weight_scale")
        rng = np.random.default_rng(self.seed)
        self.weights = rng.normal(0.0, abs(weight_scale) / np.sqrt(self.n), (self.n, self.n))
        self.biases = np.zeros(self.n)
        self.x = self.s = self.y = self.delta = None

    # -- parameters -----------------------------------------------------------
    @property
    def weights(self):
        """``weights[j, i]``, shape ``(n, n)``: the weight from neuron ``i`` to neuron ``j``."""
        return self._weights

    @weights.setter
    def weights(self, value):
        self._weights = self._param(value, "weights", (self.n, self.n))

    @property
    def biases(self):
        """``biases[j]``, shape ``(n,)``."""
        return self._biases

    @biases.setter
    def biases(self, value):
        self._biases = self._param(value, "biases", (self.n,))

    @staticmethod
    def _param(value, name, shape):
        arr = _checks.as_array(value, name)
        if arr.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, got shape {arr.shape}.")
        return arr.copy()

    @property
    def n_params(self):
        """How many weights and biases there are: ``n² + n``."""
        return self.n * self.n + self.n

    def get_params(self):
        """Copies ``(weights, biases)``, to put back with :meth:`set_params`."""
        return self.weights.copy(), self.biases.copy()

    def set_params(self, params):
        """Put back what :meth:`get_params` returned; both are checked before either is changed."""
        weights, biases = _checks.pair(params, "params", "(weights, biases) as made by get_params()")
        weights, biases = self._param(weights, "weights", (self.n, self.n)), self._param(biases, "biases", (self.n,))
        self._weights, self._biases = weights, biases

    def contraction_bound(self):
        """``L = max f' · ‖W‖₂``: below 1 the relaxation surely settles, from any start.

        ``‖W‖₂`` is the largest stretch of a vector by ``W`` (its largest
        singular value). One step can then shrink the distance between two
        states by at least the factor ``L``. Above 1 it may still settle
        (the bound is cautious), but it need not.
        """
        return MAX_SLOPE[self.activation.name] * float(np.linalg.norm(self.weights, 2))

    # -- checks ---------------------------------------------------------------
    def _check_x(self, x, name="x"):
        return _checks.samples(x, name, len(self.inputs), f" (one per input neuron {self.inputs})")

    def _check_xt(self, x, t):
        return _checks.examples(x, t, len(self.inputs), len(self.outputs),
                                meaning=f" (one per input neuron {self.inputs})",
                                outputs=f"output neuron(s) {self.outputs}")

    @staticmethod
    def _check_limits(tol, max_iter):
        tol = _checks.positive_number(tol, "tol (the tolerance)")
        max_iter = _checks.whole_number(max_iter, "max_iter (the iteration limit)")
        return tol, max_iter

    @staticmethod
    def _check_alpha(alpha):
        alpha = _checks.number(alpha, "alpha (the damping step α)")
        if not 0 < alpha <= 1:
            raise ValueError(f"alpha (the damping step α) must be above 0 and at most 1, got {alpha!r}.")
        return float(alpha)

    def _external(self, x):
        """``X``: the input ``x`` placed on the input neurons, zero on the others."""
        X = np.zeros(x.shape[:-1] + (self.n,))
        X[..., self.inputs] = x
        return X

    # -- forward relaxation ---------------------------------------------------
    def relax(self, x, tol=1e-10, max_iter=1000, y0=None, strict=True, alpha=1.0):
        """Iterate ``y ← f(W y + b + X)`` from ``y0`` (zeros) until it settles.

        ``alpha < 1`` damps every step: ``y ← (1 − α)·y + α·f(W y + b + X)``
        (the same fixed points; it can settle where ``alpha = 1`` swings).

        Returns a :class:`Relaxation`, which unpacks as ``(y, trajectory)``.
        "Settled" means no neuron's output changed by ``tol`` or more in the
        last step. If that has not happened after ``max_iter`` steps (or the
        outputs overflow), raises :class:`NotConvergedError`; with
        ``strict=False`` it returns the unsettled result instead, with
        ``converged=False`` and the error in ``.error``, for plotting.
        Afterwards ``net.s`` and ``net.y`` hold the adder outputs and outputs.
        """
        x = self._check_x(x)
        tol, max_iter = self._check_limits(tol, max_iter)
        alpha = self._check_alpha(alpha)
        if y0 is None:
            y0 = np.zeros(x.shape[:-1] + (self.n,))
        else:
            y0 = _checks.as_array(y0, "y0")
            if y0.shape != x.shape[:-1] + (self.n,):
                raise ValueError(f"y0 must have shape {x.shape[:-1] + (self.n,)} (one output per neuron"
                                 f" for each sample), got shape {y0.shape}.")
        return self._relax(x, tol, max_iter, y0, strict, alpha)

    def _relax(self, x, tol, max_iter, y0=None, strict=True, alpha=1.0):
        X = self._external(x)
        base = X + self.biases
        f = self.activation.f
        start = np.zeros_like(X) if y0 is None else y0

        def step(y):
            if alpha == 1.0:
                return f(y @ self.weights.T + base)
            return (1 - alpha) * y + alpha * f(y @ self.weights.T + base)

        y, trajectory, changes, converged, error = _iterate(step, start, tol, max_iter, "forward", strict)
        with np.errstate(over="ignore", invalid="ignore"):
            s = y @ self.weights.T + base
        self.x, self.s, self.y = x, s, y
        return Relaxation(y, trajectory, s, changes, converged, error)

    def forward(self, x, tol=1e-10, max_iter=1000, alpha=1.0):
        """The output neurons' outputs at the settled state."""
        return self.relax(x, tol, max_iter, alpha=alpha).y[..., self.outputs]

    def error(self, x, t, tol=1e-10, max_iter=1000, alpha=1.0):
        """``E = ½ Σₖ (tₖ − yₖ)²`` over the output neurons at the settled state, averaged over samples."""
        x, t = self._check_xt(x, t)
        tol, max_iter = self._check_limits(tol, max_iter)
        alpha = self._check_alpha(alpha)
        return _error(self._relax(x, tol, max_iter, alpha=alpha).y[..., self.outputs], t)

    # -- backward relaxation --------------------------------------------------
    def backward(self, x, t, tol=1e-10, max_iter=1000, alpha=1.0):
        """Gradients ``(dW, db)`` of the error by recurrent backpropagation.

        1. Relax forward to the fixed point ``y``, with adder outputs ``s``.
        2. ``e = (y − t)/n_samples`` on the output neurons, 0 on the others.
        3. Relax backward from ``δ = 0``: ``δ ← f'(s) ⊙ (Wᵀ δ + e)`` until it settles.
        4. ``∂E/∂W = δ yᵀ`` (summed over samples) and ``∂E/∂b = δ``.

        ``alpha < 1`` damps both relaxations, ``y ← (1 − α)·y + α·f(…)`` and
        ``δ ← (1 − α)·δ + α·f'(s) ⊙ (Wᵀ δ + e)``: the same fixed points, so
        the same gradient, reached where the undamped iterations swing.

        Worked number: one neuron, identity activation, weight w = 0.5 on
        itself, input x = 1, target 0. Fixed point y = x/(1 − w) = 2, e = 2,
        δ = e/(1 − w) = 4, so ∂E/∂w = δ·y = 8 — the slope of
        E = ½ (1/(1 − w))², which is (1 − w)⁻³ = 8.

        Raises :class:`NotConvergedError` if either relaxation does not
        settle within ``max_iter`` steps. Afterwards ``net.delta`` holds
        every neuron's error signal.
        """
        x, t = self._check_xt(x, t)
        tol, max_iter = self._check_limits(tol, max_iter)
        alpha = self._check_alpha(alpha)
        return self._backward(x, t, tol, max_iter, alpha=alpha)

    def _backward(self, x, t, tol, max_iter, relaxation=None, alpha=1.0):
        if relaxation is None:
            relaxation = self._relax(x, tol, max_iter, alpha=alpha)
        y, s = relaxation.y, relaxation.s
        m = x.shape[0] if x.ndim == 2 else 1
        e = np.zeros_like(y)
        e[..., self.outputs] = (y[..., self.outputs] - t) / m
        slope = self.activation.df(s)

        def step(delta):
            new = slope * (delta @ self.weights + e)   # row form of f'(s) ⊙ (Wᵀ δ + e)
            return new if alpha == 1.0 else (1 - alpha) * delta + alpha * new

        delta, trajectory, changes, _, _ = _iterate(step, np.zeros_like(y), tol, max_iter, "backward", True)
        dW = np.atleast_2d(delta).T @ np.atleast_2d(y)   # Σ over samples of δ yᵀ
        db = delta.sum(axis=0) if delta.ndim == 2 else delta.copy()
        self.delta = delta
        return RecurrentGradients(dW, db, delta, trajectory, changes, relaxation)

    # -- training -------------------------------------------------------------
    def step(self, x, t, lr, tol=1e-10, max_iter=1000, alpha=1.0):
        """One update ``W ← W − η ∂E/∂W``, ``b ← b − η ∂E/∂b``; returns the error before it."""
        x, t = self._check_xt(x, t)
        lr = _checks.positive_number(lr, _checks.LR)
        tol, max_iter = self._check_limits(tol, max_iter)
        alpha = self._check_alpha(alpha)
        return self._step(x, t, lr, tol, max_iter, alpha=alpha)

    def _step(self, x, t, lr, tol, max_iter, relaxation=None, alpha=1.0):
        dW, db = self._backward(x, t, tol, max_iter, relaxation, alpha)
        E = _error(self.y[..., self.outputs], t)
        with np.errstate(over="ignore", invalid="ignore"):
            new_W, new_b = self._weights - lr * dW, self._biases - lr * db
        refuse_infinite_update((new_W, new_b), lr)
        self._weights, self._biases = new_W, new_b
        return E

    def fit(self, x, t, lr, epochs, tol=1e-10, max_iter=1000, callback=None, alpha=1.0):
        """Full-batch gradient descent for ``epochs`` updates; returns a :class:`~bplib.network.History`.

        ``history.errors[k]`` is the error after ``k`` updates, and
        ``history.iterations[k]`` how many forward steps the relaxation then
        needed to settle. ``callback(epoch, history)`` returning ``False`` stops.

        If the weights grow so large that a relaxation no longer settles,
        raises :class:`NotConvergedError` saying in which epoch (its
        ``epoch`` attribute), with the weights left as they were after the
        epoch before and the history so far in its ``history`` attribute.
        If the weights given do not settle at all, raises it before training.
        """
        x, t = self._check_xt(x, t)
        lr = _checks.positive_number(lr, _checks.LR)
        epochs = _checks.whole_number(epochs, "epochs", minimum=0)
        tol, max_iter = self._check_limits(tol, max_iter)
        alpha = self._check_alpha(alpha)
        history = History()
        history.iterations = []

        def record(relaxation):
            history.errors.append(_error(relaxation.y[..., self.outputs], t))
            history.iterations.append(relaxation.iterations)

        relaxation = self._relax(x, tol, max_iter, alpha=alpha)
        record(relaxation)
        for epoch in range(1, epochs + 1):
            saved = self.get_params()
            try:
                self._step(x, t, lr, tol, max_iter, relaxation, alpha)  # reuses the settled state
                relaxation = self._relax(x, tol, max_iter, alpha=alpha)
                record(relaxation)
            except NotConvergedError as exc:
                self.set_params(saved)
                error = NotConvergedError(exc.which, exc.iterations, exc.last_change, exc.tol,
                                          exc.blew_up, epoch=epoch, lr=lr)
                error.history = history
                raise error from None

            if callback is not None and callback(epoch, history) is False:
                break
        return history

    def __repr__(self):
        return (f"RecurrentNetwork({self.n}, inputs={self.inputs}, outputs={self.outputs}, "
                f"activation={self.activation.name!r})")


# -- checking the gradients ---------------------------------------------------
def perturbation_gradients(net, x, t, eps=1e-5, tol=1e-13, max_iter=10000, alpha=1.0):
    """``(dW, db)`` by central differences: :func:`bplib.perturbation_gradients`, relaxations run to ``tol``.

    The tolerance is tight because an error of ``tol`` in ``E`` becomes an
    error of about ``tol/ε`` in the slope (hence also the larger default
    ``ε = 1e-5``: the slope's error from the curvature, about ``ε²``, is
    still far smaller). ``alpha < 1`` damps the relaxations (same fixed points).
    """
    if not isinstance(net, RecurrentNetwork):
        raise TypeError(f"net must be a RecurrentNetwork, got {type(net).__name__}.")
    return gradcheck.perturbation_gradients(net, x, t, eps, tol=tol, max_iter=max_iter, alpha=alpha)


# -- a small task: completing pictures ------------------------------------------
#: Three 3×3 pictures, row by row, 1 = ink: a cross, a plus and a ring.
PATTERNS = {
    "X": [1, 0, 1, 0, 1, 0, 1, 0, 1],
    "+": [0, 1, 0, 1, 1, 1, 0, 1, 0],
    "O": [1, 1, 1, 1, 0, 1, 1, 1, 1],
}


def pattern_completion(hide="rows"):
    """``(x, t)`` for completing a 3×3 picture of which one row (or column) is hidden.

    One sample per picture of :data:`PATTERNS` and hidden row: 9 samples.
    A network of 9 neurons, one per pixel, gets ``x`` on every neuron:
    ``+1`` for ink, ``−1`` for blank and ``0`` for a hidden pixel; the
    target ``t`` is the whole picture (1 = ink, 0 = blank) on every neuron.
    ``hide="columns"`` hides columns instead: cues a network trained on
    rows has never seen.

    >>> x, t = pattern_completion()
    >>> x[0].tolist()            # the cross with its top row hidden
    [0.0, 0.0, 0.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0]
    >>> t[0].tolist()
    [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    """
    _checks.choice(hide, "hide", ("rows", "columns"))
    xs, ts = [], []
    for picture in PATTERNS.values():
        t = np.array(picture, dtype=float)
        for k in range(3):
            x = 2 * t - 1
            hidden = [3 * k, 3 * k + 1, 3 * k + 2] if hide == "rows" else [k, k + 3, k + 6]
            x[hidden] = 0.0
            xs.append(x)
            ts.append(t)
    return np.array(xs), np.array(ts)
