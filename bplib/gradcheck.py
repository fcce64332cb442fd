"""Gradients by perturbation, and comparing two sets of gradients (lesson 04).

Perturbation is the obvious way to find how the error depends on one
weight: nudge that weight up by ``ε``, run the network forward, nudge it
down by ``ε``, run it forward again, and take the central difference::

    ∂E/∂w ≈ (E(w + ε) − E(w − ε)) / 2ε

It needs two forward passes *per weight*; backpropagation gets every
gradient from one forward and one backward pass. The results agree, which
is how the tests (and lesson 04) check backpropagation.
"""

import numpy as np

from . import _checks
from .fmt import fmt, superscript
from .results import DivergenceError, Gradients

EPS_RANGE = (1e-10, 1.0)   # smaller: rounding swamps the difference; larger: no longer a nudge


def perturbation_gradients(net, x, t, eps=1e-5, **options):
    """``(weight_grads, bias_grads)`` of ``net``'s error by central differences.

    ``∂E/∂w ≈ (E(w + ε) − E(w − ε)) / 2ε`` for every weight and bias in turn.
    Serves any network with ``weights``, ``biases`` and ``error(x, t,
    **options)``: a :class:`~bplib.Network` (one array per layer) or a
    :class:`~bplib.recurrent.RecurrentNetwork` (one array each; ``options``
    such as ``tol`` go to its relaxation). The result unpacks like
    ``net.backward``'s and says how many forward passes it took
    (``.forward_passes``, two per parameter). Every parameter is put back exactly.
    """
    if not all(hasattr(net, a) for a in ("weights", "biases", "error")):
        raise TypeError(f"net must be a bplib.Network or RecurrentNetwork, got {_checks.describe(net)}.")
    eps = _checks.positive_number(eps, "eps")
    if not EPS_RANGE[0] <= eps <= EPS_RANGE[1]:
        raise ValueError(f"eps must be from {EPS_RANGE[0]:g} to {EPS_RANGE[1]:g} (a small nudge that still "
                         f"changes E), got {eps:g}.")
    net.error(x, t, **options)   # checks x, t and options once, before anything is nudged
    layered = isinstance(net.weights, (list, tuple, _checks.Layers))
    passes, grads = 0, []
    for name, params in (("weights", net.weights), ("biases", net.biases)):
        layer_grads = []
        for l, p in enumerate(params if layered else [params]):
            where = f"{name}[{l}]" if layered else name
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                keep = p[i]
                if keep + eps == keep or keep - eps == keep:
                    raise ValueError(f"eps={eps:g} is too small to change {where}{list(i)} = {keep:g}: "
                                     f"use a larger eps.")
                try:   # the parameter is always put back, whatever happens
                    p[i] = keep + eps
                    up = net.error(x, t, **options)
                    p[i] = keep - eps
                    down = net.error(x, t, **options)
                except DivergenceError:
                    raise ValueError(f"the error is not finite when {where}{list(i)} is nudged by eps={eps:g}: "
                                     f"the network's sums overflow.") from None
                finally:
                    p[i] = keep
                passes += 2
                g[i] = (up - down) / (2 * eps)
            layer_grads.append(g)
        grads.append(layer_grads if layered else layer_grads[0])
    net.error(x, t, **options)   # leave net.s and net.y at the unnudged state
    return Gradients(grads[0], grads[1], forward_passes=passes, backward_passes=0)


def _layers(g):
    """One gradient array per layer: a layered network's list, or a recurrent network's single array."""
    return [g] if isinstance(g, np.ndarray) else list(g)


def _flat(grads, name):
    if not isinstance(grads, tuple) or len(grads) != 2:
        raise TypeError(f"{name} must be a pair (weight_grads, bias_grads), got {type(grads).__name__}.")
    return [_checks.as_array(g, f"{name} layer {k}") for k, g in enumerate(_layers(grads[0]) + _layers(grads[1]))]


def max_relative_difference(a, b):
    """The largest ``|a − b|`` over all gradients, relative to the largest gradient.

    ``(maxᵢ |aᵢ − bᵢ|) / (maxᵢ max(|aᵢ|, |bᵢ|))``: both maxima over every
    weight and bias ``i``, so the largest difference is divided by the largest
    gradient of either, not each difference by its own gradient. So a
    gradient that is almost zero does not make a tiny rounding difference
    look large. 0 means identical; below 1e-6 means they agree to about six
    digits.
    """
    fa, fb = _flat(a, "a"), _flat(b, "b")
    if [g.shape for g in fa] != [g.shape for g in fb]:
        raise ValueError(
            f"a and b must hold gradients of the same shapes, got {[g.shape for g in fa]} "
            f"and {[g.shape for g in fb]}."
        )
    diff = max(float(np.max(np.abs(ga - gb))) for ga, gb in zip(fa, fb))
    scale = max(max(float(np.max(np.abs(g))) for g in fa), max(float(np.max(np.abs(g))) for g in fb))
    if scale == 0.0:
        return 0.0 if diff == 0.0 else np.inf
    return diff / scale


def compare_gradients(a, b, names=("backpropagation", "perturbation"), rounded=False):
    """A printable report of how far two gradient sets are apart, layer by layer.

    ``str(report)`` is a small table; ``report.max_relative_difference`` the
    single number; ``report.agree`` is true below 1e-6; ``report.largest_difference``
    the largest absolute difference of one weight or bias. Serves a layered
    network (a row per layer) and a recurrent one (one row for ``W``, one for
    ``b``). ``rounded=True`` shows each difference rounded up to a power of
    ten, ``3e-11`` as "below 10⁻¹⁰", so that a saved printout does not depend on
    the last bits of the CPU's arithmetic (lesson 08).
    """
    return GradientComparison(a, b, names, rounded)


def _below(d):
    """``d`` as "below 10⁻ᵏ", the smallest power of ten above it (or "0 (identical)")."""
    if d == 0:
        return "0 (identical)"
    if not np.isfinite(d):
        return "not a finite number"
    return f"below 10{superscript(int(np.floor(np.log10(d))) + 1)}"


class GradientComparison:
    """See :func:`compare_gradients`."""

    def __init__(self, a, b, names, rounded=False):
        if isinstance(names, str) or len(names) != 2:
            raise ValueError(f"names must be two names, one for each gradient set, got {names!r}.")
        self.max_relative_difference = max_relative_difference(a, b)
        self.agree = self.max_relative_difference < 1e-6
        self.names = names
        self._show = _below if rounded else (lambda d: fmt(d, 3))
        self._rows = []
        for kind, ga, gb in (("weights", a[0], b[0]), ("biases", a[1], b[1])):
            single = isinstance(ga, np.ndarray)   # a recurrent network: one array, no layers
            for l, (x, y) in enumerate(zip(_layers(ga), _layers(gb))):
                x, y = np.asarray(x, float), np.asarray(y, float)
                self._rows.append((kind if single else f"{kind}[{l}]", float(np.max(np.abs(x - y)))))
        self.largest_difference = max(d for _, d in self._rows)

    def __str__(self):
        lines = [f"{'parameters':<12} largest |{self.names[0]} − {self.names[1]}|"]
        lines += [f"{name:<12} {self._show(d)}" for name, d in self._rows]
        verdict = "agree" if self.agree else "DISAGREE"
        lines.append(f"largest relative difference: {self._show(self.max_relative_difference)} ({verdict})")
        return "\n".join(lines)

    def __repr__(self):
        return str(self)
