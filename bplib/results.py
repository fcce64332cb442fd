"""What the core's passes and trainers return, and the one rule for "training diverged".

* :class:`Gradients` — ``(dW, db)`` from a backward pass or from perturbation,
  with how many passes it took (lesson 04 counts them);
* :class:`History` — what every trainer in bplib returns: the error after each
  epoch, on the training data and (when given) the validation data;
* :func:`diverging` — the one test every trainer uses to stop.
"""

import math

import numpy as np

from .fmt import fmt

GROWTH_LIMIT = 1e6   # an error this many times its starting value (or 1, if larger) means divergence


class DivergenceError(ValueError):
    """Training stopped because the error became infinite, NaN, or exploded."""


def diverging(E, E_start):
    """True when the error ``E`` is not a finite number or has grown a million-fold from ``E_start``."""
    return not math.isfinite(E) or E > GROWTH_LIMIT * max(E_start, 1.0)


def refuse_infinite_update(arrays, lr):
    """Raise :class:`DivergenceError` if an update with learning rate ``lr`` made any of ``arrays`` (the
    new weights and biases, not yet kept) infinite or NaN: the caller then keeps the old ones."""
    if not np.isfinite(np.concatenate([np.ravel(a) for a in arrays])).all():   # one check, not one per array
        raise DivergenceError(f"Training diverged: the update with lr={lr:g} made the weights infinite. "
                              f"Try a smaller learning rate, such as lr={lr / 10:g}.")


class Gradients(tuple):
    """``(weight_grads, bias_grads)``, plus how many passes it took to get them.

    Unpacks like a pair: ``dW, db = net.backward(x, t)``.
    """

    def __new__(cls, weight_grads, bias_grads, forward_passes=1, backward_passes=1):
        self = super().__new__(cls, (weight_grads, bias_grads))
        self.forward_passes, self.backward_passes = forward_passes, backward_passes
        return self

    @property
    def weights(self):
        return self[0]

    @property
    def biases(self):
        return self[1]


class History:
    """A training run: ``errors[k]`` is the error after ``k`` epochs (``errors[0]`` before training).

    ``val_errors`` is the same on validation data when it was given; ``lr`` the
    learning rate; ``diverged`` whether the run stopped because the error
    exploded (the weights are then those of the last good epoch).
    """

    def __init__(self, errors=(), lr=None, val_errors=()):
        self.errors, self.val_errors, self.lr = list(errors), list(val_errors), lr
        self.diverged = False

    @property
    def epochs(self):
        """How many epochs were completed."""
        return max(len(self.errors) - 1, 0)

    def describe(self):
        """In plain words: how the error changed, or that training diverged."""
        if self.diverged:
            return (f"Diverged after {self.epochs} epoch(s): the weights grew without bound. "
                    f"Try a smaller η than {fmt(self.lr)}.")
        first, last = fmt(self.errors[0]), fmt(self.errors[-1])
        if self.epochs and self.errors[-1] > self.errors[0]:
            return (f"Getting worse: after {self.epochs} epoch(s) the error grew from {first} "
                    f"to {last}. The learning rate η = {fmt(self.lr)} is too large.")
        return f"After {self.epochs} epoch(s) the error went from {first} to {last}."

    def __repr__(self):
        last = f"{self.errors[-1]:.4g}" if self.errors else "—"
        return f"History(epochs={self.epochs}, final error={last})"
