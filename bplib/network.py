"""A fully connected network trained by backpropagation (lessons 04 to 07).

Written to be read, not to be fast. Notation, the same as in the notebooks:

* layer ``l`` has weights ``W[l]`` of shape ``(n_out, n_in)`` and biases ``b[l]``;
* its adder gives ``s[l] = y[l-1] @ W[l].T + b[l]`` and its activation
  ``y[l] = f(s[l])``; the input ``x`` plays the part of ``y[-1]``;
* the error is ``E = ½ Σₖ (tₖ − yₖ)²`` averaged over the samples;
* the error signal of a neuron is ``δ = ∂E/∂s``, its error's slope with
  respect to its adder output.

Python counts from 0, so ``weights[0]`` belongs to the first layer of neurons
(the notebooks call it "layer 1"), and ``weights[-1]`` to the output layer.

    >>> net = Network([2, 3, 2, 1], seed=0)
    >>> [w.shape for w in net.weights]
    [(3, 2), (2, 3), (1, 2)]
"""

import json
import math
import os
import tempfile

import numpy as np

from . import _checks
from .activations import get_activation
from .loss import _error, _error_derivative

MAX_FILE_BYTES = 50_000_000  # a saved network larger than this is refused unread


class DivergenceError(ValueError):
    """Training stopped because the error became infinite, NaN, or exploded."""


class Gradients(tuple):
    """``(weight_grads, bias_grads)``, plus how many passes it took to get them.

    Unpacks like a pair: ``dW, db = net.backward(x, t)``.
    """

    def __new__(cls, weight_grads, bias_grads, forward_passes, backward_passes):
        self = super().__new__(cls, (weight_grads, bias_grads))
        self.forward_passes = forward_passes
        self.backward_passes = backward_passes
        return self

    @property
    def weights(self):
        return self[0]

    @property
    def biases(self):
        return self[1]


class Layers:
    """``net.weights`` or ``net.biases``: one array per layer, of fixed number and shapes.

    ``net.weights[l] = array`` checks the shape and copies; there is no
    ``append`` or ``pop``, since ``sizes`` fixes a network's layers.
    """

    def __init__(self, arrays, shapes, name):
        if isinstance(arrays, (str, bytes, np.ndarray)) or not hasattr(arrays, "__len__") \
                or len(arrays) != len(shapes):
            got = f"length {len(arrays)}" if hasattr(arrays, "__len__") else repr(arrays)
            raise ValueError(f"{name} must be a list of {len(shapes)} arrays, one per layer, got {got}.")
        self._shapes, self._name = shapes, name
        self._arrays = [self._check(l, a) for l, a in enumerate(arrays)]

    def _check(self, l, value):
        arr = _checks.as_array(value, f"{self._name}[{l}]")
        if arr.shape != self._shapes[l]:
            raise ValueError(f"{self._name}[{l}] must have shape {self._shapes[l]}, got shape {arr.shape}.")
        return arr.copy()

    def __getitem__(self, l):
        return self._arrays[l]

    def __setitem__(self, l, value):
        n = len(self._arrays)
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not -n <= l < n:
            raise IndexError(f"{self._name} has {n} layers: set one as {self._name}[l] = array, with l a "
                             f"whole number from {-n} to {n - 1}; got {l!r}.")
        self._arrays[l] = self._check(int(l) % n, value)

    def __len__(self):
        return len(self._arrays)

    def __iter__(self):
        return iter(self._arrays)

    def __add__(self, other):
        return list(self) + list(other)

    def __repr__(self):
        return repr(self._arrays)


class History:
    """What :meth:`Network.fit` returns.

    ``errors[k]`` is the error over the whole training set after ``k``
    epochs (``errors[0]`` before training); ``val_errors`` the same on
    held-out data when it was given.
    """

    def __init__(self):
        self.errors, self.val_errors, self.epochs = [], [], 0

    def __repr__(self):
        last = f"{self.errors[-1]:.4g}" if self.errors else "—"
        return f"History(epochs={self.epochs}, final error={last})"


class Network:
    """A fully connected network, ``sizes`` neurons per layer (inputs first).

    ``Network([2, 3, 2, 1])``: 2 inputs, 3 neurons, 2 neurons, 1 output.
    ``activation`` is used in every layer but the last, which uses
    ``output_activation`` (the same as ``activation`` when ``None``).
    Weights start random (normal, scaled by ``1/√n_in``) from ``seed``;
    biases start at zero.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, seed=0):
        self.sizes = _layer_sizes(sizes)
        self.activation = get_activation(activation, "activation")
        self.output_activation = get_activation(
            activation if output_activation is None else output_activation, "output_activation"
        )
        self.seed = _checks.whole_number(seed, "seed", minimum=0)
        rng = np.random.default_rng(self.seed)
        self.weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_out, n_in))
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self.biases = [np.zeros(n_out) for n_out in self.sizes[1:]]
        self.x = None
        self.s, self.y, self.delta = [], [], []

    # -- parameters -------------------------------------------------------
    @property
    def weights(self):
        """``weights[l]``, shape ``(n_out, n_in)``: row ``j`` holds neuron ``j``'s input weights."""
        return self._weights

    @weights.setter
    def weights(self, arrays):
        self._weights = Layers(arrays, self._weight_shapes(), "weights")

    @property
    def biases(self):
        """``biases[l]``, shape ``(n_out,)``."""
        return self._biases

    @biases.setter
    def biases(self, arrays):
        self._biases = Layers(arrays, [(n,) for n in self.sizes[1:]], "biases")

    def _weight_shapes(self):
        return [(n_out, n_in) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]

    @property
    def n_params(self):
        """How many parameters (weights and biases) there are in all."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    # -- checks -----------------------------------------------------------
    def _check_x(self, x, name="x"):
        return _checks.samples(x, name, self.sizes[0], " (the network's inputs)")

    def _check_xt(self, x, t, xname="x", tname="target"):
        x = self._check_x(x, xname)
        t = _checks.as_array(t, tname, ndim=(0, 1, 2))
        n_out = self.sizes[-1]
        if t.ndim == x.ndim - 1 and n_out == 1:
            t = t[..., None]  # one output per sample given without its own axis
        want = x.shape[:-1] + (n_out,)
        if t.shape != want:
            raise ValueError(
                f"{tname} must have shape {want} to match {xname} of shape {x.shape} and "
                f"{n_out} output(s), got shape {t.shape}."
            )
        return x, t

    def _check_finite_params(self):
        for name, arrays in (("weights", self.weights), ("biases", self.biases)):
            for l, arr in enumerate(arrays):
                _checks.finite(arr, f"{name}[{l}]")

    # -- forward pass ---------------------------------------------------------
    def forward(self, x):
        """The network's output for ``x`` (shape ``(n_in,)`` or ``(n_samples, n_in)``).

        Afterwards ``net.s[l]`` holds every layer's adder outputs and
        ``net.y[l]`` its activations, one row per sample.
        """
        x = self._check_x(x)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._forward(x)

    def _forward(self, x):
        """The forward pass proper, on an already checked ``x``."""
        s_list, y_list = [], []
        y = x
        for W, b, act in zip(self.weights, self.biases, self._layer_activations()):
            s = y @ W.T + b   # the adder: weighted sum plus bias
            y = act.f(s)      # the activation
            s_list.append(s)
            y_list.append(y)
        self.x, self.s, self.y = x, s_list, y_list
        if not math.isfinite(y.sum()):
            self._check_finite_params()
            raise DivergenceError(
                "The network's output is not a finite number: the weights are so large that the "
                "sums overflow. Use smaller weights (or a smaller learning rate when training)."
            )
        return y

    def _layer_activations(self):
        return [self.activation] * (len(self.sizes) - 2) + [self.output_activation]

    def error(self, x, target):
        """``E = ½ Σₖ (tₖ − yₖ)²`` averaged over the samples."""
        x, t = self._check_xt(x, target)
        with np.errstate(over="ignore", invalid="ignore"):
            return _error(self._forward(x), t)

    # -- backward pass -----------------------------------------------------
    def backward(self, x, target):
        """Gradients ``(weight_grads, bias_grads)`` of the error, by backpropagation.

        Runs one forward pass, then sends the error backwards:

        * output layer: ``δ = ∂E/∂y ⊙ f'(s)``, with ``∂E/∂y = (y − t)/n``;
        * hidden layer ``l``: ``δ[l] = (δ[l+1] @ W[l+1]) ⊙ f'(s[l])``;
        * gradients: ``∂E/∂W[l] = δ[l]ᵀ @ y[l-1]`` and ``∂E/∂b[l] = Σ δ[l]``.

        Afterwards ``net.delta[l]`` holds every neuron's error signal.
        """
        x, t = self._check_xt(x, target)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._backward(x, t)

    def _backward(self, x, t):
        """The backward pass proper, on already checked ``x`` and ``t``."""
        y_out = self._forward(x)
        acts = self._layer_activations()
        L = len(acts)
        deltas, dW, db = [None] * L, [None] * L, [None] * L
        # f'(s) is computed from s and the activation y = f(s) already known,
        # e.g. y·(1 − y) for the sigmoid, rather than evaluating f again.
        delta = _error_derivative(y_out, t) * acts[-1].df_given_y(self.s[-1], y_out)
        for l in range(L - 1, -1, -1):
            deltas[l] = delta
            y_in = self.y[l - 1] if l > 0 else x
            if delta.ndim == 1:   # one sample: an outer product
                dW[l], db[l] = np.outer(delta, y_in), delta.copy()
            else:                 # a batch: summed over the samples (rows)
                dW[l], db[l] = delta.T @ y_in, delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.weights[l]) * acts[l - 1].df_given_y(self.s[l - 1], self.y[l - 1])
        self.delta = deltas
        return Gradients(dW, db, forward_passes=1, backward_passes=1)

    # -- training -------------------------------------------------------------
    def step(self, x, target, lr):
        """One gradient-descent update ``W ← W − η·∂E/∂W`` (and the same for ``b``).

        All gradients are computed before any weight changes. Returns the
        error before the update. Raises :class:`DivergenceError`, leaving the
        weights as they were, if the update would make them infinite or NaN.
        """
        lr = _checks.positive_number(lr, "lr (the learning rate η)")
        x, t = self._check_xt(x, target)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._step(x, t, lr)

    def _step(self, x, t, lr):
        """The update proper, on already checked arguments."""
        dW, db = self._backward(x, t)
        E = _error(self.y[-1], t)
        new_W = [W - lr * g for W, g in zip(self.weights, dW)]
        new_b = [b - lr * g for b, g in zip(self.biases, db)]
        if not math.isfinite(sum(a.sum() for a in new_W) + sum(a.sum() for a in new_b)):
            if not all(np.isfinite(a).all() for a in new_W + new_b):
                raise DivergenceError(
                    f"Training diverged: the update with lr={lr:g} made the weights infinite. "
                    f"Try a smaller learning rate, such as lr={lr / 10:g}."
                )
        self._weights._arrays, self._biases._arrays = new_W, new_b   # shapes unchanged: no re-check
        return E

    def fit(self, x, target, lr, epochs, batch_size=None, x_val=None, target_val=None,
            seed=0, callback=None):
        """Train for ``epochs`` passes over the data; returns a :class:`History`.

        ``batch_size=None`` updates once per epoch from all samples (full
        batch); ``batch_size=1`` after every sample; otherwise after each
        mini-batch, in an order shuffled from ``seed``. ``callback(epoch,
        history)`` is called after every epoch; returning ``False`` stops.

        Raises :class:`DivergenceError` as soon as the error becomes
        infinite or NaN or grows a million-fold, with the weights left at
        their last finite values.
        """
        x, t = self._check_xt(x, target)
        if x.ndim == 1:
            x, t = x[None, :], t[None, :]
        lr = _checks.positive_number(lr, "lr (the learning rate η)")
        epochs = _checks.whole_number(epochs, "epochs", minimum=0)
        n = x.shape[0]
        if batch_size is not None:
            batch_size = _checks.whole_number(batch_size, "batch_size")
            if batch_size > n:
                raise ValueError(f"batch_size must be at most the number of samples ({n}), got {batch_size}.")
        has_val = x_val is not None or target_val is not None
        if has_val:
            x_val, t_val = self._check_xt(x_val, target_val, "x_val", "target_val")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be a function callback(epoch, history), got {callback!r}.")
        rng = np.random.default_rng(_checks.whole_number(seed, "seed", minimum=0))
        history = History()
        with np.errstate(over="ignore", invalid="ignore"):
            if has_val:
                history.val_errors.append(_error(self._forward(x_val), t_val))
            history.errors.append(_error(self._forward(x), t))
            for epoch in range(1, epochs + 1):
                saved = self.get_params()
                try:
                    if batch_size is None or batch_size == n:
                        self._step(x, t, lr)
                    else:
                        order = rng.permutation(n)
                        for start in range(0, n, batch_size):
                            idx = order[start:start + batch_size]
                            self._step(x[idx], t[idx], lr)
                    if has_val:
                        E_val = _error(self._forward(x_val), t_val)
                    E = _error(self._forward(x), t)
                except DivergenceError:
                    E = np.inf
                if not np.isfinite(E) or E > 1e6 * max(history.errors[0], 1e-3):
                    self.set_params(saved)
                    raise DivergenceError(
                        f"Training diverged in epoch {epoch}: the error went from "
                        f"{history.errors[0]:.4g} to {E:.4g}. The weights are left as they were "
                        f"after epoch {epoch - 1}. Try a smaller learning rate than lr={lr:g}, "
                        f"such as lr={lr / 10:g}."
                    )
                history.errors.append(E)
                if has_val:
                    history.val_errors.append(E_val)
                history.epochs = epoch
                if callback is not None and callback(epoch, history) is False:
                    break
        return history

    # -- keeping a network ----------------------------------------------------
    def get_params(self):
        """Copies of the weights and biases, to put back with :meth:`set_params`."""
        return [w.copy() for w in self.weights], [b.copy() for b in self.biases]

    def set_params(self, params):
        """Put back what :meth:`get_params` returned; both are checked before either is changed."""
        if not isinstance(params, (list, tuple)) or len(params) != 2:
            raise TypeError(f"params must be a pair (weights, biases) as made by get_params(), got "
                            f"{_checks.describe(params)}.")
        weights = Layers(params[0], self._weight_shapes(), "weights")
        self._biases, self._weights = Layers(params[1], [(n,) for n in self.sizes[1:]], "biases"), weights

    def to_dict(self):
        """Everything needed to rebuild this network, as plain lists and strings (JSON-ready)."""
        return {
            "sizes": list(self.sizes),
            "activation": self.activation.name,
            "output_activation": self.output_activation.name,
            "weights": [w.tolist() for w in self.weights],
            "biases": [b.tolist() for b in self.biases],
        }

    @classmethod
    def from_dict(cls, data):
        """The network that :meth:`to_dict` described."""
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict made by Network.to_dict(), got {type(data).__name__}.")
        missing = [k for k in ("sizes", "activation", "weights", "biases") if k not in data]
        if missing:
            raise ValueError(f"data is missing the key(s) {missing}; expected a dict made by Network.to_dict().")
        sizes = _layer_sizes(data["sizes"])
        shapes = [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        # Checked before the network is made: its random start weights could be huge.
        weights = Layers(data["weights"], shapes, "weights")
        biases = Layers(data["biases"], [(n,) for n in sizes[1:]], "biases")
        net = cls(sizes, data["activation"], data.get("output_activation"))
        net._weights, net._biases = weights, biases
        return net

    def save(self, path):
        """Write the network to a JSON file, all at once: a failure leaves an earlier file as it was."""
        path = os.fspath(path)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.to_dict(), f, indent=1)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save`; any other file gets "... is not a saved network"."""
        if os.path.isdir(path):
            raise ValueError(f"{path} is not a saved network: it is a folder.")
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise ValueError(f"{path} is not a saved network: it is larger than {MAX_FILE_BYTES:,} bytes.")
        with open(path, "rb") as f:
            raw = f.read()
        try:
            return cls.from_dict(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError(f"{path} is not a saved network: it is not JSON text.") from None
        except (RecursionError, TypeError, ValueError) as exc:
            raise ValueError(f"{path} is not a saved network: {exc}") from None

    def __repr__(self):
        act = self.activation.name
        out = "" if self.output_activation is self.activation else f", output_activation={self.output_activation.name!r}"
        return f"Network({self.sizes}, activation={act!r}{out})"


def _layer_sizes(sizes):
    """``sizes`` checked: an ordered list of at least two positive whole numbers."""
    if not isinstance(sizes, (list, tuple, range, np.ndarray)):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 3, 2, 1], got {_checks.describe(sizes)}.")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layers (inputs and outputs), got {list(sizes)}.")
    for k, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"sizes must be positive whole numbers, got {n!r} at position {k} of {list(sizes)}.")
    return [int(n) for n in sizes]
