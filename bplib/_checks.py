"""Input checks shared by every public function.

Each check turns bad input into a ``ValueError`` or ``TypeError`` whose
message names the argument, says what was given and what was expected, so a
learner never meets a confusing numpy message three calls later.
"""

import math
import numbers

import numpy as np

LR, L2 = "lr (the learning rate η)", "l2 (the regularisation rate λ)"   # argument names in messages


def describe(value):
    """A short description of a value for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def as_array(value, name, ndim=None):
    """``value`` as a float array; ``ndim`` (an int or a tuple of ints) is the allowed rank."""
    if type(value) is np.ndarray and value.dtype == np.float64:  # the common case, checked fast
        if (ndim is None or value.ndim == ndim or (type(ndim) is tuple and value.ndim in ndim)) \
                and math.isfinite(value.sum()):
            return value
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be numbers, got {describe(value)}.")
    lengths = _row_lengths(value)
    if lengths:
        raise ValueError(f"{name} must have rows of equal length, got rows of lengths {lengths}.")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be numbers (a number, a list or an array), got {describe(value)}."
        ) from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {wanted}, got {arr.ndim}-D with shape {arr.shape}.")
    finite(arr, name)
    return arr


def _row_lengths(value):
    """The lengths of a list's rows when they differ (``[[1, 2], [3]]`` gives ``[2, 1]``), else None."""
    if not isinstance(value, (list, tuple)):
        return None
    lengths = [len(row) if isinstance(row, (list, tuple, np.ndarray)) else "a number" for row in value]
    return lengths if len(set(map(str, lengths))) > 1 and any(k != "a number" for k in lengths) else None


def finite(arr, name):
    """Raise if ``arr`` holds NaN or an infinity."""
    if not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(np.atleast_1d(arr)))[0]
        where = "" if np.ndim(arr) == 0 else f" at index {tuple(int(i) for i in bad)}"
        value = np.atleast_1d(arr)[tuple(bad)]
        raise ValueError(f"{name} must be finite numbers, got {value}{where}.")
    return arr


def finite_layers(weights, biases):
    """Raise, naming the layer, if a weight or bias (perhaps written in place) is NaN or infinite."""
    for name, layers in (("weights", weights), ("biases", biases)):
        for l, a in enumerate(layers):
            finite(a, f"{name}[{l}]")


def samples(value, name, n_values, meaning=""):
    """``value`` as one sample (shape ``(n_values,)``) or a batch, one sample a row.

    ``meaning`` says what the values are, for the message: a network's
    ``samples(x, "x", 2, " (the network's inputs)")`` refuses ``[1, 2, 3]`` with
    "x must have 2 value(s) per sample (the network's inputs), got shape (3,)."
    """
    x = as_array(value, name, ndim=(1, 2))
    if x.shape[-1] != n_values:
        raise ValueError(f"{name} must have {n_values} value(s) per sample{meaning}, got shape {x.shape}.")
    if x.ndim == 2 and x.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got 0 rows.")
    return x


def number(value, name):
    """A finite real number (not a bool)."""
    if type(value) is float and math.isfinite(value):  # the common case, checked fast
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()
        else:
            raise TypeError(f"{name} must be a number, got {describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}.")
    return value


def positive_number(value, name, hint=""):
    """A finite number above zero (a learning rate, a step size)."""
    value = number(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value}.{hint}")
    return value


def non_negative(value, name):
    """A number that is 0 or more (a rate that may be switched off)."""
    value = number(value, name)
    if value < 0:
        raise ValueError(f"{name} must be zero or positive, got {value:g}.")
    return value


def probabilities(t, name, rows_sum_to_1):
    """``t`` as desired outputs for the cross-entropy: from 0 to 1, each row summing to 1 if asked."""
    if (t < 0).any() or (t > 1).any():
        raise ValueError(f"{name} must be from 0 to 1 for the cross-entropy error, got values from "
                         f"{t.min():g} to {t.max():g}.")
    if rows_sum_to_1 and not np.allclose(np.atleast_2d(t).sum(axis=-1), 1.0):
        raise ValueError(f"{name} must sum to 1 in every sample for softmax outputs (one 1, the rest 0), got "
                         f"sums {np.unique(np.round(np.atleast_2d(t).sum(axis=-1), 6)).tolist()[:5]}.")


def error_function(name, output):
    """``"squared"`` or ``"cross_entropy"``, checked against the output activation it needs."""
    choice(name, "error_function", ("squared", "cross_entropy"))
    if output not in ("softmax", "sigmoid") if name == "cross_entropy" else output == "softmax":
        raise ValueError(f"error_function={name!r} does not go with output_activation={output!r}: the "
                         f"cross-entropy needs 'softmax' or 'sigmoid' outputs, and softmax needs the cross-entropy.")
    return name


def training(lr, l2, epochs, batch_size, n, seed, callback):
    """``fit``'s options checked: ``(lr, l2, epochs, batch size, random generator)``."""
    lr, l2 = positive_number(lr, LR), non_negative(l2, L2)
    epochs = whole_number(epochs, "epochs", minimum=0)
    size = n if batch_size is None else whole_number(batch_size, "batch_size")
    if size > n:
        raise ValueError(f"batch_size must be at most the number of samples ({n}), got {size}.")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function callback(epoch, history), got {callback!r}.")
    return lr, l2, epochs, size, np.random.default_rng(whole_number(seed, "seed", minimum=0))


def pair(value, name, what):
    """``value`` as a list or tuple of two things; ``what`` says which two, for the message."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair {what}, got {describe(value)}.")
    return value


def whole_number(value, name, minimum=1):
    """An int of at least ``minimum`` (an epoch count, a layer size)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {describe(value)}.")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    return value


def choice(value, name, options):
    """One of ``options`` (for names such as an activation)."""
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}.")
    return value


def examples(x, t, n_in, n_out, names=("x", "t (the desired outputs)"), meaning="", outputs="output(s)"):
    """``x`` as samples of ``n_in`` values and ``t`` (if given) as ``n_out`` desired outputs for each."""
    x = samples(x, names[0], n_in, meaning)
    if t is None:
        return x
    t = as_array(t, names[1], ndim=(0, 1, 2))
    want = x.shape[:-1] + (n_out,)
    if t.shape == want[:-1] and n_out == 1:
        t = t[..., None]   # one output per sample, given without its own axis
    if t.shape != want:
        raise ValueError(f"{names[1]} must have shape {want} to match {names[0]} of shape {x.shape} "
                         f"and {n_out} {outputs}, got shape {t.shape}.")
    return x, t


def layer_sizes(sizes):
    """``sizes`` checked: an ordered list of at least two positive whole numbers (inputs first)."""
    if not isinstance(sizes, (list, tuple, range, np.ndarray)):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 3, 2, 1], got {describe(sizes)}.")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layers (inputs and outputs), got {list(sizes)}.")
    for k, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"sizes must be positive whole numbers, got {n!r} at position {k} of {list(sizes)}.")
    return [int(n) for n in sizes]


class LayerList:
    """A network's ``weights`` or ``biases``: setting them checks one array per layer, each of its shape.

    ``shapes(sizes)`` gives the layers' shapes from the network's ``sizes``.
    """

    def __init__(self, shapes):
        self.shapes = shapes

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, net, owner=None):
        return self if net is None else net.__dict__[self.name]

    def __set__(self, net, arrays):
        net.__dict__[self.name] = self.check(net, arrays)

    def check(self, net, arrays):
        return Layers(arrays, self.shapes(net.sizes), self.name)


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
        arr = as_array(value, f"{self._name}[{l}]")
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

