"""The error a network makes, and its derivative (introduced in lessons 01 and 02).

For one sample with desired outputs ``t`` and the network's outputs ``y``::

    E = ½ Σₖ (tₖ − yₖ)²

and for a batch of samples, ``E`` is the average of that over the samples.
The ½ is there so that the derivative is simply ``y − t``:

    >>> error([1.0, 2.0], [0.0, 0.0])        # ½ (1 + 4)
    2.5
    >>> error_derivative([1.0, 2.0], [0.0, 0.0]).tolist()
    [1.0, 2.0]
"""

import numpy as np

from . import _checks


def _pair(y, t):
    y = _checks.as_array(y, "y (the network's outputs)", ndim=(0, 1, 2))
    t = _checks.as_array(t, "t (the desired outputs)", ndim=(0, 1, 2))
    if y.shape != t.shape:
        raise ValueError(
            f"y and t must have the same shape, got y of shape {y.shape} and t of shape {t.shape}."
        )
    return y, t


def _n_samples(y):
    """A 2-D array holds one sample per row; anything smaller is one sample."""
    return y.shape[0] if y.ndim == 2 else 1


def error(y, t):
    """``E = ½ Σₖ (tₖ − yₖ)²``, averaged over the samples (the rows of a 2-D array)."""
    y, t = _pair(y, t)
    if y.size == 0:
        raise ValueError(f"y and t must hold at least one value, got empty arrays of shape {y.shape}.")
    with np.errstate(over="ignore"):
        E = _error(y, t)
    if not np.isfinite(E):
        raise ValueError(f"the error is too large to be a number: y and t differ by up to "
                         f"{np.max(np.abs(y - t)):.3g}, and its square overflows.")
    return E


def _error(y, t):
    """:func:`error` without the checks, for arrays already checked."""
    return float(0.5 * np.sum((t - y) ** 2) / _n_samples(y))


def error_derivative(y, t):
    """``∂E/∂y = (y − t) / n`` for a batch of ``n`` samples (``y − t`` for one)."""
    y, t = _pair(y, t)
    return _error_derivative(y, t)


def _error_derivative(y, t):
    """:func:`error_derivative` without the checks."""
    return (y - t) / _n_samples(y)


# -- the cross-entropy error (lesson 07) ------------------------------------------
def cross_entropy(y, t):
    """``E = −Σₖ tₖ ln yₖ`` averaged over the samples: for outputs ``y`` that are probabilities summing
    to 1 (softmax) and desired outputs ``t`` that do too (one 1 and the rest 0, say).

    It is 0 when the right output is 1, and grows without bound as that output goes to 0: unlike
    ``½ (y − t)²``, it never flattens out for a confidently wrong answer.

        >>> round(cross_entropy([0.5, 0.25, 0.25], [1.0, 0.0, 0.0]), 4)   # −ln ½
        0.6931
    """
    y, t = _pair(y, t)
    if y.size == 0:
        raise ValueError(f"y and t must hold at least one value, got empty arrays of shape {y.shape}.")
    if (y <= 0).any() or (y > 1).any():
        raise ValueError(f"y must be probabilities above 0 and at most 1 (softmax outputs), got values from "
                         f"{y.min():.3g} to {y.max():.3g}.")
    return float(-np.sum(t * np.log(y)) / _n_samples(y))


def _cross_entropy_from_s(s, t, output):
    """The cross-entropy from the output layer's adder outputs ``s``, exactly and without overflow.

    ``output`` is ``"softmax"`` (``ln yₖ = sₖ − ln Σⱼ e^(sⱼ)``) or ``"sigmoid"``: each output its own
    yes/no, ``E = −Σₖ [tₖ ln yₖ + (1 − tₖ) ln(1 − yₖ)]`` with ``ln y = −ln(1 + e^(−s))``.
    """
    if output == "softmax":
        top = s.max(axis=-1, keepdims=True)
        log_y = s - top - np.log(np.exp(s - top).sum(axis=-1, keepdims=True))
        total = -np.sum(t * log_y)
    else:
        total = np.sum(t * np.logaddexp(0.0, -s) + (1 - t) * np.logaddexp(0.0, s))
    return float(total / _n_samples(s))
