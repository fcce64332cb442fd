"""A fully connected network trained by backpropagation (lessons 04 to 07).

Written to be read, not to be fast. The notation is the notebooks':

* layer ``l`` has weights ``W[l]`` of shape ``(n_out, n_in)`` (row ``j`` holds
  neuron ``j``'s input weights) and biases ``b[l]``;
* its adder gives ``s[l] = y[l-1] @ W[l].T + b[l]`` and its activation
  ``y[l] = f(s[l])``; the input ``x`` plays the part of ``y[-1]``;
* the error is ``E = ½ Σₖ (yₖ − tₖ)²`` averaged over the samples;
* a neuron's error signal is ``δ = ∂E/∂s``.

Python counts from 0, so ``weights[0]`` is the notebooks' layer 1. ``x`` is one
sample (shape ``(n_in,)``) or a batch, one sample a row; inputs are checked once,
where they come in (``checked=True`` marks a call from inside, on checked data).

    >>> [w.shape for w in Network([2, 3, 2, 1]).weights]
    [(3, 2), (2, 3), (1, 2)]
"""

import numpy as np

from . import _checks, saving
from .activations import get_activation
from .loss import _error, _error_derivative
from .results import DivergenceError, Gradients, History, diverging


class Network:
    """``sizes`` neurons per layer, inputs first: ``Network([2, 3, 2, 1])``.

    ``activation`` is used in every layer but the last, which uses
    ``output_activation`` (the same when ``None``). Weights start random
    (normal, scaled by ``1/√n_in``) from ``seed``; biases start at zero.
    After a pass, ``net.s``, ``net.y`` and ``net.delta`` hold every layer's
    adder outputs, activations and error signals.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, seed=0):
        self.sizes = _checks.layer_sizes(sizes)
        self.activation = get_activation(activation, "activation")
        self.output_activation = get_activation(output_activation or activation, "output_activation")
        self.activations = [self.activation] * (len(self.sizes) - 2) + [self.output_activation]
        self.seed = _checks.whole_number(seed, "seed", minimum=0)
        rng = np.random.default_rng(self.seed)
        self.weights = [rng.normal(0.0, 1 / np.sqrt(n_in), (n_out, n_in)) for n_out, n_in in _shapes(self.sizes)[0]]
        self.biases = [np.zeros(n) for n in self.sizes[1:]]
        self.s, self.y, self.delta = [], [], []

    @property
    def weights(self):
        return self._weights

    @weights.setter
    def weights(self, arrays):   # one array per layer, each of its layer's shape: checked
        self._weights = _checks.Layers(arrays, _shapes(self.sizes)[0], "weights")

    @property
    def biases(self):
        return self._biases

    @biases.setter
    def biases(self, arrays):
        self._biases = _checks.Layers(arrays, _shapes(self.sizes)[1], "biases")

    @property
    def n_params(self):
        """How many parameters (weights and biases) there are in all."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def examples(self, x, t=None, names=("x", "t (the desired outputs)")):
        """``x`` (and ``t``) checked against the network's sizes: the one check at the boundary."""
        return _checks.examples(x, t, self.sizes[0], self.sizes[-1], names, " (the network's inputs)")

    # -- the forward pass -----------------------------------------------------
    def forward(self, x, checked=False):
        """The network's output for ``x``; ``net.s[l]`` and ``net.y[l]`` keep every layer's values."""
        y = x if checked else self.examples(x)
        self.s, self.y = [], []
        with np.errstate(over="ignore", invalid="ignore"):
            for W, b, act in zip(self.weights, self.biases, self.activations):
                s = y @ W.T + b   # the adder: weighted sum plus bias
                y = act.f(s)      # the activation
                self.s.append(s)
                self.y.append(y)
        if not np.isfinite(y).all():
            for name, layers in (("weights", self.weights), ("biases", self.biases)):
                for l, a in enumerate(layers):   # a NaN written into a weight in place is named
                    _checks.finite(a, f"{name}[{l}]")
            raise DivergenceError("The network's output is not a finite number: the weights are so large "
                                  "that the sums overflow. Use smaller weights (or a smaller learning rate).")
        return y

    def error(self, x, t):
        """``E = ½ Σₖ (yₖ − tₖ)²`` averaged over the samples."""
        x, t = self.examples(x, t)
        return _error(self.forward(x, checked=True), t)

    # -- the backward pass ----------------------------------------------------
    def backward(self, x, t, checked=False):
        """Gradients ``(dW, db)`` of the error, by backpropagation; ``net.delta[l]`` keeps every δ.

        * output layer: ``δ = ∂E/∂y ⊙ f′(s)``, with ``∂E/∂y = (y − t)/n``;     (BP1)
        * hidden layer ``l``: ``δ[l] = (δ[l+1] @ W[l+1]) ⊙ f′(s[l])``;          (BP2)
        * ``∂E/∂b[l] = Σ δ[l]`` and ``∂E/∂W[l] = δ[l]ᵀ @ y[l-1]``, summed over the samples.  (BP3, BP4)
        """
        if not checked:
            x, t = self.examples(x, t)
        y, acts = self.forward(x, checked=True), self.activations
        L = len(acts)
        self.delta, dW, db = [None] * L, [None] * L, [None] * L
        # f′(s) from s and the known y = f(s): for the sigmoid, y·(1 − y).
        delta = _error_derivative(y, t) * acts[-1].df_given_y(self.s[-1], y)
        for l in range(L - 1, -1, -1):
            self.delta[l] = delta
            y_in = self.y[l - 1] if l > 0 else x
            dW[l] = np.atleast_2d(delta).T @ np.atleast_2d(y_in)   # one sample: an outer product
            db[l] = np.atleast_2d(delta).sum(axis=0)
            if l > 0:
                delta = (delta @ self.weights[l]) * acts[l - 1].df_given_y(self.s[l - 1], self.y[l - 1])
        return Gradients(dW, db, forward_passes=1, backward_passes=1)

    # -- learning ---------------------------------------------------------------
    def step(self, x, t, lr, checked=False):
        """One update ``W ← W − η·∂E/∂W``, ``b ← b − η·∂E/∂b``, all gradients first; returns E before it.

        Raises :class:`DivergenceError`, weights unchanged, if the update would make them infinite."""
        if not checked:
            lr = _checks.positive_number(lr, "lr (the learning rate η)")
            x, t = self.examples(x, t)
        dW, db = self.backward(x, t, checked=True)
        E = _error(self.y[-1], t)
        with np.errstate(over="ignore", invalid="ignore"):
            new_W = [W - lr * g for W, g in zip(self.weights, dW)]
            new_b = [b - lr * g for b, g in zip(self.biases, db)]
        if not all(np.isfinite(a).all() for a in new_W + new_b):
            raise DivergenceError(f"Training diverged: the update with lr={lr:g} made the weights infinite. "
                                  f"Try a smaller learning rate, such as lr={lr / 10:g}.")
        self._weights._arrays, self._biases._arrays = new_W, new_b   # same shapes: no re-check
        return E

    def fit(self, x, t, lr, epochs, batch_size=None, x_val=None, t_val=None, seed=0,
            callback=None):
        """Train for ``epochs`` passes over the data; returns a :class:`History`.

        ``batch_size=None``: one update per epoch from all samples; else one per mini-batch, in an
        order shuffled from ``seed``. ``callback(epoch, history)`` runs after every epoch (``False``
        stops). Raises :class:`DivergenceError` if the error diverges, keeping the last good weights.
        """
        x, t = self.examples(np.atleast_2d(x) if np.ndim(x) == 1 else x, t)
        lr = _checks.positive_number(lr, "lr (the learning rate η)")
        epochs = _checks.whole_number(epochs, "epochs", minimum=0)
        n = len(x)
        size = n if batch_size is None else _checks.whole_number(batch_size, "batch_size")
        if size > n:
            raise ValueError(f"batch_size must be at most the number of samples ({n}), got {size}.")
        validate = x_val is not None or t_val is not None
        if validate:
            x_val, t_val = self.examples(x_val, t_val, ("x_val", "t_val"))
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be a function callback(epoch, history), got {callback!r}.")
        rng = np.random.default_rng(_checks.whole_number(seed, "seed", minimum=0))
        history = History([_error(self.forward(x, checked=True), t)], lr=lr)
        if validate:
            history.val_errors.append(_error(self.forward(x_val, checked=True), t_val))
        for epoch in range(1, epochs + 1):
            saved = self.get_params()
            try:
                order = np.arange(n) if size == n else rng.permutation(n)
                for start in range(0, n, size):
                    batch = order[start:start + size]
                    self.step(x[batch], t[batch], lr, checked=True)
                E = _error(self.forward(x, checked=True), t)
            except DivergenceError:
                E = np.inf
            if diverging(E, history.errors[0]):
                self.set_params(saved)
                raise DivergenceError(
                    f"Training diverged in epoch {epoch}: the error went from {history.errors[0]:.4g} to "
                    f"{E:.4g}. The weights are left as they were after epoch {epoch - 1}. Try a smaller "
                    f"learning rate than lr={lr:g}, such as lr={lr / 10:g}.")
            history.errors.append(E)
            if validate:
                history.val_errors.append(_error(self.forward(x_val, checked=True), t_val))
            if callback is not None and callback(epoch, history) is False:
                break
        return history

    # -- keeping a network --------------------------------------------------------
    def get_params(self):
        """Copies of the weights and biases, to put back with :meth:`set_params`."""
        return [w.copy() for w in self.weights], [b.copy() for b in self.biases]

    def set_params(self, params):
        """Put back what :meth:`get_params` returned; both are checked before either is changed."""
        if not isinstance(params, (list, tuple)) or len(params) != 2:
            raise TypeError(f"params must be a pair (weights, biases) as made by get_params(), got "
                            f"{_checks.describe(params)}.")
        weights = _checks.Layers(params[0], _shapes(self.sizes)[0], "weights")
        self.biases, self._weights = params[1], weights

    def save(self, path):
        """Write the network to a JSON file, all at once: a failure leaves an earlier file as it was."""
        saving.save(self, path)

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save`; any other file gets "... is not a saved network"."""
        return saving.load(path, cls)

    def __repr__(self):
        out = "" if self.output_activation is self.activation else f", output_activation={self.output_activation.name!r}"
        return f"Network({self.sizes}, activation={self.activation.name!r}{out})"


def _shapes(sizes):
    """The shapes of the weights and of the biases, layer by layer."""
    pairs = list(zip(sizes[1:], sizes[:-1]))
    return pairs, [(n_out,) for n_out, _ in pairs]
