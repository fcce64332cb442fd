"""A fully connected network trained by backpropagation (lessons 04 to 07).

Written to be read, not to be fast. The notation is the notebooks':

* layer ``l`` has weights ``W[l]`` of shape ``(n_out, n_in)`` (row ``j`` holds
  neuron ``j``'s input weights) and biases ``b[l]``;
* its adder gives ``s[l] = y[l-1] @ W[l].T + b[l]`` and its activation
  ``y[l] = f(s[l])``; the input ``x`` plays the part of ``y[-1]``;
* the error is ``E = ½ Σₖ (yₖ − tₖ)²`` averaged over the samples, or with
  ``error_function="cross_entropy"`` ``E = −Σₖ tₖ ln yₖ`` (lesson 07); a neuron's error signal is ``δ = ∂E/∂s``.

``weights[0]`` is the notebooks' layer 1. ``x`` is one sample or a batch (a sample a row); the passes work
on a batch. Inputs are checked once, where they come in (``checked=True``: a call from inside, on checked data).

    >>> [w.shape for w in Network([2, 3, 2, 1]).weights]
    [(3, 2), (2, 3), (1, 2)]
"""

import numpy as np

from . import _checks, saving
from .activations import get_activation
from .loss import _cross_entropy_from_s, _error, _error_derivative
from ._checks import L2, LR
from .results import DivergenceError, Gradients, History, diverging, refuse_infinite_update


class Network:
    """``sizes`` neurons per layer, inputs first: ``Network([2, 3, 2, 1])``.

    ``activation`` is used in every layer but the last, which uses ``output_activation`` (the same when
    ``None``). ``error_function="cross_entropy"`` goes with ``"softmax"`` or ``"sigmoid"`` outputs. Weights
    start random (normal, scaled by ``1/√n_in``) from ``seed``, biases at zero. After a pass, ``net.s``,
    ``net.y`` and ``net.delta`` hold every layer's adder outputs, activations and δ."""

    weights = _checks.LayerList(lambda sizes: list(zip(sizes[1:], sizes[:-1])))   # W[l]: (n_out, n_in)
    biases = _checks.LayerList(lambda sizes: [(n,) for n in sizes[1:]])

    def __init__(self, sizes, activation="sigmoid", output_activation=None, seed=0, error_function="squared"):
        self.sizes = _checks.layer_sizes(sizes)
        self.activation = get_activation(activation, "activation")
        self.output_activation = get_activation(output_activation or activation, "output_activation", output=True)
        self.error_function = _checks.error_function(error_function, self.output_activation.name)
        self.activations = [self.activation] * (len(self.sizes) - 2) + [self.output_activation]
        self.seed = _checks.whole_number(seed, "seed", minimum=0)
        rng = np.random.default_rng(self.seed)
        self.weights = [rng.normal(0.0, 1 / np.sqrt(n_in), (n_out, n_in))
                        for n_out, n_in in zip(self.sizes[1:], self.sizes[:-1])]
        self.biases = [np.zeros(n) for n in self.sizes[1:]]
        self.s, self.y, self.delta = [], [], []

    @property
    def n_params(self):   # how many parameters (weights and biases) there are in all
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def examples(self, x, t=None, names=("x", "t (the desired outputs)")):
        """``x`` (and ``t``) checked against the network's sizes: the one check at the boundary."""
        checked = _checks.examples(x, t, self.sizes[0], self.sizes[-1], names, " (the network's inputs)")
        if t is not None and self.error_function == "cross_entropy":
            _checks.probabilities(checked[1], names[1], rows_sum_to_1=self.output_activation.name == "softmax")
        return checked

    def forward(self, x, checked=False):
        """The network's output for ``x``; ``net.s[l]`` and ``net.y[l]`` keep every layer's values."""
        x = x if checked else self.examples(x)
        y, self.s, self.y = np.atleast_2d(x), [], []   # always a batch inside: a sample a row
        with np.errstate(all="ignore"):
            for W, b, act in zip(self.weights, self.biases, self.activations):
                self.s.append(y @ W.T + b)   # the adder: weighted sum plus bias
                y = act.f(self.s[-1])         # the activation
                self.y.append(y)
        if not np.isfinite(y).all():
            _checks.finite_layers(self.weights, self.biases)   # a NaN written into a weight in place is named
            raise DivergenceError("The network's output is not a finite number: the weights are so large "
                                  "that the sums overflow. Use smaller weights (or a smaller learning rate).")
        self.s, self.y = self._as_given(x, self.s), self._as_given(x, self.y)
        return self.y[-1]

    # what a learner inspects keeps x's shape: for one sample (a 1-D x), its row of each layer's batch
    _as_given = staticmethod(lambda x, layers: layers if x.ndim == 2 else [a[0] for a in layers])

    def error(self, x, t, l2=0.0):
        """``E`` averaged over the samples, plus ``(λ/2)·Σ W²`` over every weight when ``l2 = λ > 0``."""
        x, t = self.examples(x, t)
        l2, E = _checks.non_negative(l2, L2), self._E(t, x)
        with np.errstate(over="ignore"):
            E = E + l2 / 2 * sum(np.sum(W * W) for W in self.weights) if l2 else E
        if not np.isfinite(E):
            raise DivergenceError("The error is too large to be a number: the outputs (or, with l2, the "
                                  "weights) are so large that their squares overflow. Use smaller weights.")
        return E

    def _E(self, t, x=None):
        """The error of a forward pass on ``x`` (by default the last pass); cross-entropy from ``s``."""
        if x is not None:
            self.forward(x, checked=True)
        if self.error_function == "cross_entropy":
            return _cross_entropy_from_s(self.s[-1], t, self.output_activation.name)
        return _error(self.y[-1], t)

    def backward(self, x, t, l2=0.0, checked=False):
        """Gradients ``(dW, db)`` of :meth:`error`, by backpropagation; ``net.delta[l]`` keeps every δ.

        * output layer: ``δ = ∂E/∂y ⊙ f′(s)``, with ``∂E/∂y = (y − t)/n``;     (BP1)
          with cross-entropy the ``f′`` cancels: ``δ = (y − t)/n``;
        * hidden layer ``l``: ``δ[l] = (δ[l+1] @ W[l+1]) ⊙ f′(s[l])``;          (BP2)
        * ``∂E/∂b[l] = Σ δ[l]`` and ``∂E/∂W[l] = δ[l]ᵀ @ y[l-1] + λ·W[l]``, summed over the samples.  (BP3, BP4)
        """
        if not checked:
            x, t = self.examples(x, t)
            l2 = _checks.non_negative(l2, L2)
        x_in, t_in = np.atleast_2d(x), np.atleast_2d(t)   # always a batch inside: a sample a row
        self.forward(x_in, checked=True)
        s, y, L = self.s, self.y, len(self.weights)
        inputs = [x_in] + y[:-1]                 # layer l's inputs: x, then y[l-1]
        deltas, dW, db = [None] * L, [None] * L, [None] * L
        delta = _error_derivative(y[-1], t_in)   # cross-entropy: f′(s) cancels out of ∂E/∂s
        if self.error_function == "squared":    # f′(s) from s and the known y = f(s): sigmoid's y·(1 − y)
            delta = delta * self.activations[-1].df_given_y(s[-1], y[-1])
        for l in range(L - 1, -1, -1):
            deltas[l] = delta
            dW[l], db[l] = delta.T @ inputs[l], delta.sum(axis=0)   # summed over the samples
            if l > 0:
                delta = (delta @ self.weights[l]) * self.activations[l - 1].df_given_y(s[l - 1], y[l - 1])
        self.s, self.y, self.delta = self._as_given(x, s), self._as_given(x, y), self._as_given(x, deltas)
        dW = [g + l2 * W for g, W in zip(dW, self.weights)] if l2 else dW
        return Gradients(dW, db, forward_passes=1, backward_passes=1)

    def step(self, x, t, lr, l2=0.0, checked=False):
        """One update ``W ← W − η·(∂E/∂W + λW)``, ``b ← b − η·∂E/∂b``, gradients first; returns E before it.

        Raises :class:`DivergenceError`, weights unchanged, if the update would make them infinite."""
        if not checked:
            lr, l2 = _checks.positive_number(lr, LR), _checks.non_negative(l2, L2)
            x, t = self.examples(x, t)
        dW, db = self.backward(x, t, l2, checked=True)
        E = self._E(t)
        with np.errstate(all="ignore"):
            new_W = [W - lr * g for W, g in zip(self.weights, dW)]
            new_b = [b - lr * g for b, g in zip(self.biases, db)]
        refuse_infinite_update(new_W + new_b, lr)
        self.weights._arrays, self.biases._arrays = new_W, new_b   # same shapes: no re-check
        return E

    def fit(self, x, t, lr, epochs, batch_size=None, x_val=None, t_val=None, seed=0, callback=None, l2=0.0):
        """Train for ``epochs`` passes over the data; returns a :class:`History` of E (without λ's term).

        ``batch_size=None``: one update per epoch from all samples; else one per mini-batch, in an
        order shuffled from ``seed``. ``callback(epoch, history)`` runs after every epoch (``False``
        stops). Raises :class:`DivergenceError` if the error diverges, keeping the last good weights.
        """
        x, t = self.examples(np.atleast_2d(x) if np.ndim(x) == 1 else x, t)   # a batch, even of one sample
        lr, l2, epochs, size, rng = _checks.training(lr, l2, epochs, batch_size, len(x), seed, callback)
        n, validate = len(x), x_val is not None or t_val is not None
        x_val, t_val = self.examples(x_val, t_val, ("x_val", "t_val")) if validate else (None, None)
        history = History([self._E(t, x)], lr, [self._E(t_val, x_val)] if validate else [])
        for epoch in range(1, epochs + 1):
            saved = self.get_params()
            try:
                order = np.arange(n) if size == n else rng.permutation(n)
                for batch in np.split(order, range(size, n, size)):   # mini-batches of `size` samples
                    self.step(x[batch], t[batch], lr, l2, checked=True)
                E = self._E(t, x)
            except DivergenceError:
                E = np.inf
            if diverging(E, history.errors[0]):
                self.set_params(saved)
                raise DivergenceError(f"Training diverged in epoch {epoch}: the error went from {history.errors[0]:.4g} "
                                      f"to {E:.4g}. The weights are left as they were after epoch {epoch - 1}. Try a "
                                      f"smaller learning rate than lr={lr:g}, such as lr={lr / 10:g}.")
            history.errors.append(E)
            if validate:
                history.val_errors.append(self._E(t_val, x_val))
            if callback is not None and callback(epoch, history) is False:
                break
        return history

    def get_params(self):
        """Copies of the weights and biases, to put back with :meth:`set_params`."""
        return [w.copy() for w in self.weights], [b.copy() for b in self.biases]

    def set_params(self, params):
        """Put back what :meth:`get_params` returned; both are checked before either is changed."""
        _checks.pair(params, "params", "(weights, biases) as made by get_params()")
        weights, biases = Network.weights.check(self, params[0]), Network.biases.check(self, params[1])
        self.weights, self.biases = weights, biases   # both checked above: neither can fail now

    save = saving.save   # net.save(path, history=None): JSON, written at once (a failure leaves an earlier file)

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save`; any other file gets "... is not a saved network"."""
        return saving.load(path, cls)

    def __repr__(self):
        out = "" if self.output_activation is self.activation else f", output_activation={self.output_activation.name!r}"
        err = "" if self.error_function == "squared" else f", error_function={self.error_function!r}"
        return f"Network({self.sizes}, activation={self.activation.name!r}{out}{err})"

