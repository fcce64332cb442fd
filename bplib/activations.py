"""Activation functions ``f`` and their derivatives ``f'`` (introduced in lesson 03).

A neuron is an adder followed by an activation: the adder gives
``s = w·x + b`` and the activation gives the neuron's output ``y = f(s)``.
Backpropagation needs ``f'(s)``, the slope of the activation at the adder's
output, so every activation here comes with its derivative, written as a
function of ``s``.

    >>> float(sigmoid(0.0)), float(sigmoid_prime(0.0))
    (0.5, 0.25)
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _checks


def identity(s):
    """``f(s) = s``: the neuron is just its adder (lesson 01's ``y = w·x``)."""
    return np.asarray(s, dtype=float)


def identity_prime(s):
    """``f'(s) = 1``."""
    return np.ones_like(np.asarray(s, dtype=float))


def sigmoid(s):
    """``f(s) = 1 / (1 + e^(−s))``, between 0 and 1; ``sigmoid(0) = 0.5``.

    For a large negative ``s``, ``e^(−s)`` overflows to infinity and the
    result is 1/∞ = 0, the right limit (overflow and underflow are not errors here).
    """
    with np.errstate(over="ignore", under="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(s, dtype=float)))


def sigmoid_prime(s):
    """``f'(s) = f(s)·(1 − f(s))``; largest at ``s = 0``, where it is 0.25.

    From ``f(s) = (1 + e^(−s))^(−1)``: ``f'(s) = e^(−s) / (1 + e^(−s))²
    = f(s) · e^(−s) / (1 + e^(−s)) = f(s)·(1 − f(s))`` (lesson 03 derives it).
    """
    y = sigmoid(s)
    return y * (1.0 - y)


def tanh(s):
    """``f(s) = tanh(s)``, between −1 and 1."""
    return np.tanh(np.asarray(s, dtype=float))


def tanh_prime(s):
    """``f'(s) = 1 − tanh(s)²``; 1 at ``s = 0``.

    From ``tanh = sinh / cosh``: ``(cosh² − sinh²) / cosh² = 1 − tanh²`` (lesson 03).
    """
    y = np.tanh(np.asarray(s, dtype=float))
    return 1.0 - y * y


def relu(s):
    """``f(s) = max(0, s)``."""
    return np.maximum(np.asarray(s, dtype=float), 0.0)


def relu_prime(s):
    """``f'(s) = 1`` where ``s > 0``, else 0 (the kink at 0 is given slope 0)."""
    return (np.asarray(s, dtype=float) > 0).astype(float)


def softmax(s):
    """``yₖ = e^(sₖ) / Σⱼ e^(sⱼ)`` across a layer's outputs (the last axis): positive, summing to 1.

    Subtracting the largest ``s`` first changes nothing (it cancels) but keeps ``e^s`` from
    overflowing. Not one number per neuron: each ``yₖ`` depends on every ``s``.
    """
    s = np.asarray(s, dtype=float)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_slope(*args):
    raise ValueError("softmax has no slope of one number per output (each yₖ depends on every sₖ): use it "
                     "as output_activation with error_function='cross_entropy', where δ = y − t needs none.")


@dataclass(frozen=True)
class Activation:
    """An activation function ``f`` with its derivative ``df``, both functions of ``s``.

    ``df_given_y(s, y)`` is the same derivative when ``y = f(s)`` is already
    known, as it is in the backward pass: for the sigmoid ``y·(1 − y)``.
    """

    name: str
    f: Callable
    df: Callable
    df_given_y: Callable

    def __repr__(self):
        return f"Activation({self.name!r})"


ACTIVATIONS = {
    "identity": Activation("identity", identity, identity_prime, lambda s, y: np.ones_like(y)),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, lambda s, y: y * (1.0 - y)),
    "tanh": Activation("tanh", tanh, tanh_prime, lambda s, y: 1.0 - y * y),
    "relu": Activation("relu", relu, relu_prime, lambda s, y: (s > 0).astype(float)),
}
SOFTMAX = Activation("softmax", softmax, _softmax_slope, _softmax_slope)   # an output layer's only


def get_activation(name, argument="activation", output=False):
    """The :class:`Activation` called ``name`` (``"identity"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``;
    with ``output=True`` also ``"softmax"``, which only an output layer can have)."""
    if isinstance(name, Activation):
        return name
    names = tuple(ACTIVATIONS) + (("softmax",) if output else ())
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be the name of an activation ({', '.join(map(repr, names))}), got {name!r}.")
    return SOFTMAX if name == "softmax" and output else ACTIVATIONS[_checks.choice(name, argument, names)]
