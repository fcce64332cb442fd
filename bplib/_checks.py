"""Input checks shared by every public function.

Each check turns bad input into a ``ValueError`` or ``TypeError`` whose
message names the argument, says what was given and what was expected, so a
learner never meets a confusing numpy message three calls later.
"""

import math
import numbers

import numpy as np


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
